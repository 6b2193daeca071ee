"""Start-up time of `roleplay serve`: from spawning the process to the first 200 from /readyz.

    .venv/bin/python bench/startup.py [--runs 5]

Each run uses a fresh SQLite file (the first start migrates it) and then starts again on the same
file; it prints each time and the median. Needs nothing but this checkout; no network.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def time_to_ready(database: Path, timeout: float = 60.0) -> float:
    port = free_port()
    env = dict(os.environ, ROLEPLAY_DATABASE_URL=f"sqlite+aiosqlite:///{database}",
               LITELLM_LOCAL_MODEL_COST_MAP="True")
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while time.perf_counter() - started < timeout:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.01)
        raise SystemExit(f"not ready within {timeout} s")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    fresh: list[float] = []
    again: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "roleplay.db"
            fresh.append(time_to_ready(database))
            again.append(time_to_ready(database))
    for label, times in (("new database", fresh), ("existing database", again)):
        shown = " ".join(f"{t:.2f}" for t in times)
        print(f"{label:18} median {statistics.median(times):.2f} s  (runs: {shown})")


if __name__ == "__main__":
    main()

"""Start-up time of `roleplay serve`: from spawning the process to the first 200 from /readyz.

    .venv/bin/python bench/startup.py [--runs 5]

Each run uses a fresh SQLite file (the first start migrates it) and then starts again on the same
file; it prints each time and the median. Next to the wall-clock time it prints the CPU time
the server process had used when it became ready (Linux /proc): on a busy machine the wall clock
measures the neighbours, the CPU time measures us. Needs nothing but this checkout; no network.
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_ready(database: Path, timeout: float = 60.0) -> tuple[float, float]:
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
                    return time.perf_counter() - started, cpu_seconds(process.pid)
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
    fresh: list[tuple[float, float]] = []
    again: list[tuple[float, float]] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            database = Path(folder) / "roleplay.db"
            fresh.append(time_to_ready(database))
            again.append(time_to_ready(database))
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for label, runs_ in (("new database", fresh), ("existing database", again)):
        wall = [w for w, _ in runs_]
        cpu = [c for _, c in runs_]
        print(
            f"{label:18} wall median {statistics.median(wall):.2f} s "
            f"(runs: {' '.join(f'{t:.2f}' for t in wall)}); "
            f"server CPU median {statistics.median(cpu):.2f} s"
        )


if __name__ == "__main__":
    main()

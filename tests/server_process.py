"""`roleplay serve` as a real subprocess on a free loopback port, for start-up and crash tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

READY_WAIT_SECONDS = 60.0
"""Generous on purpose: this waits for readiness, it does not measure it (bench/startup.py does)."""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base_url: str
    stderr_path: Path

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def serve_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(ROLEPLAY_DATABASE_URL=database_url, LITELLM_LOCAL_MODEL_COST_MAP="True")
    return env


def serve_command(*args: str, python_flags: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, *python_flags, "-m", "roleplay", "serve", *args]


@contextmanager
def running_server(
    database_url: str,
    workdir: Path,
    *,
    python_flags: tuple[str, ...] = (),
    name: str = "server",
    extra_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Start `roleplay serve`, wait until /readyz answers 200, stop it (SIGTERM) afterwards."""
    port = free_port()
    stderr_path = workdir / f"{name}-{port}.stderr"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            serve_command("--port", str(port), *extra_args, python_flags=python_flags),
            env=serve_env(database_url), cwd=workdir,
            stdout=subprocess.DEVNULL, stderr=stderr,
        )
    server = Server(process, f"http://127.0.0.1:{port}", stderr_path)
    try:
        _wait_ready(server)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"server exited early:\n{server.stderr()[-3000:]}")
        try:
            if httpx.get(server.base_url + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"server not ready in {READY_WAIT_SECONDS} s:\n{server.stderr()[-3000:]}")

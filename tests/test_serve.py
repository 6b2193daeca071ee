"""`roleplay serve` in a subprocess: ready without importing litellm; local development mode."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import httpx
from server_process import free_port, running_server, serve_command, serve_env

from roleplay.cli.serve import DEV_MODE_NOTICE, is_loopback


def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"


def imported_modules(importtime_log: str) -> set[str]:
    """Module names from `python -X importtime` lines: `import time: self | cumulative | name`."""
    found = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)\s*$", importtime_log, re.M)
    return set(found)


def test_ready_without_importing_litellm(tmp_path: Path) -> None:
    with running_server(db_url(tmp_path), tmp_path, python_flags=("-X", "importtime")) as server:
        assert httpx.get(server.base_url + "/healthz").json() == {"status": "ok"}
        assert httpx.get(server.base_url + "/readyz").json() == {"status": "ready"}
        assert httpx.get(server.base_url + "/v1/personas").status_code == 200
        log = server.stderr()
    modules = imported_modules(log)
    assert {"roleplay.api.problems", "uvicorn"} <= modules  # the log is read right
    assert not {name for name in modules if name.split(".")[0] == "litellm"}


def test_local_development_mode_says_so(tmp_path: Path) -> None:
    with running_server(db_url(tmp_path), tmp_path) as server:
        log = server.stderr()
    assert DEV_MODE_NOTICE in log


def test_local_development_mode_refuses_a_public_bind(tmp_path: Path) -> None:
    done = subprocess.run(
        serve_command("--host", "0.0.0.0", "--port", str(free_port())),
        env=serve_env(db_url(tmp_path)), cwd=tmp_path, capture_output=True, text=True,
        timeout=60,
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: refusing to bind 0.0.0.0")


def test_loopback_hosts() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "::1", "localhost", "127.0.0.2"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.4", "example.com"]))


def test_operations_doc_lists_every_setting() -> None:
    from roleplay.config import Settings

    doc = (Path(__file__).parent.parent / "docs" / "operations.md").read_text()
    missing = [name for name in Settings.model_fields if f"`ROLEPLAY_{name.upper()}`" not in doc]
    assert missing == []

"""A turn acknowledged to the client survives kill -9 of the server and a restart on the same
SQLite file; retrying it with the same Idempotency-Key after the restart records nothing new."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from server_process import running_server

OPENING = "What made you take this call today?"


def first_persona(base_url: str) -> str:
    personas = httpx.get(base_url + "/v1/personas", timeout=30).json()
    listed: list[dict[str, Any]] = personas if isinstance(personas, list) else personas["data"]
    return str(listed[0]["id"])


def rep_texts(session: dict[str, Any]) -> list[str]:
    return [turn["text"] for turn in session["turns"] if turn["speaker"] == "rep"]


def test_acknowledged_turn_survives_kill_9_and_restart(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'durable.db'}"
    turn_headers = {"Idempotency-Key": "turn-1"}
    with running_server(database_url, tmp_path, name="first") as server:
        created = httpx.post(
            server.base_url + "/v1/sessions", json={"persona": first_persona(server.base_url)},
            timeout=30,
        )
        assert created.status_code == 201
        session_id = created.json()["id"]
        acknowledged = httpx.post(
            f"{server.base_url}/v1/sessions/{session_id}/turns",
            json={"text": OPENING}, headers=turn_headers, timeout=60,
        )
        assert acknowledged.status_code == 200
        server.process.kill()  # SIGKILL: no shutdown, no flush, no lifespan
        server.process.wait()
        assert server.process.returncode == -9

    with running_server(database_url, tmp_path, name="restarted") as server:
        url = f"{server.base_url}/v1/sessions/{session_id}"
        before = httpx.get(url, timeout=30).json()
        retried = httpx.post(
            url + "/turns", json={"text": OPENING}, headers=turn_headers, timeout=60
        )
        after = httpx.get(url, timeout=30).json()

    assert rep_texts(before) == [OPENING]
    assert len(before["turns"]) >= 3  # the opening line, the rep's turn, the prospect's reply
    assert retried.status_code == 200 and retried.json() == acknowledged.json()
    assert after["turns"] == before["turns"]


def test_concurrent_turns_on_two_workers_are_both_kept_in_order(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'workers.db'}"
    texts = ["How do you run payroll today?", "What happens when it goes wrong?"]
    with running_server(database_url, tmp_path, extra_args=("--workers", "2")) as server:
        created = httpx.post(
            server.base_url + "/v1/sessions", json={"persona": first_persona(server.base_url)},
            timeout=30,
        )
        url = f"{server.base_url}/v1/sessions/{created.json()['id']}"
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(
                lambda text: httpx.post(url + "/turns", json={"text": text}, timeout=120), texts
            ))
        session = httpx.get(url, timeout=30).json()
    assert [answer.status_code for answer in answers] == [200, 200]
    assert sorted(rep_texts(session)) == sorted(texts)
    speakers = [turn["speaker"] for turn in session["turns"]]
    assert speakers[-4:] == ["rep", "prospect", "rep", "prospect"]

"""The per-turn budget's bench (bench/turn_overhead.py) measures what it says it measures."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "turn_overhead.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("turn_overhead_under_test", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _fake_clients(bench: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """Replace the bench's httpx client by one answering in process; returns (client, path) of
    every turn posted."""
    posted: list[tuple[int, str]] = []
    created = [0]

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/sessions":
            created[0] += 1
            return httpx.Response(201, json={"id": f"s{created[0]}"})
        return httpx.Response(200, json={"ended": False})

    class Client(httpx.AsyncClient):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(transport=httpx.MockTransport(answer), **kwargs)

        async def post(self, url: Any, **kwargs: Any) -> httpx.Response:
            if str(url).endswith("/turns"):
                posted.append((id(self), str(url)))
            return await super().post(url, **kwargs)

    monkeypatch.setattr(bench.httpx, "AsyncClient", Client)
    return posted


async def test_each_session_posts_its_turns_through_a_client_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One httpx client shared by the 50 sessions held turns back in its own pool for up to
    seconds before sending them (httpcore hands a freed connection to every waiting request at
    once): the bench's p99 was its own (docs/performance.md, round nineteen). Each session now
    has a client (one connection) of its own, as each rep's browser would."""
    bench = _bench()
    posted = _fake_clients(bench, monkeypatch)
    timings, seconds = await bench.service("http://127.0.0.1:9", 4, 3)
    assert len(timings) == 12 and seconds > 0
    clients_of: dict[str, set[int]] = {}
    for client, url in posted[-12:]:  # the timed turns: 4 sessions x 3
        clients_of.setdefault(url, set()).add(client)
    assert len(clients_of) == 4
    assert all(len(clients) == 1 for clients in clients_of.values())
    owners = [next(iter(clients)) for clients in clients_of.values()]
    assert len(set(owners)) == 4  # no client serves two sessions


async def test_the_shared_client_of_earlier_rounds_can_still_be_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bench = _bench()
    posted = _fake_clients(bench, monkeypatch)
    timings, _ = await bench.service("http://127.0.0.1:9", 4, 3, shared_client=True)
    assert len(timings) == 12
    assert len({client for client, _ in posted}) == 1
    assert len({url for _, url in posted}) >= 4  # every session's turns, through the one client

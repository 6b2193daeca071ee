"""HTTP turn latency on the offline model, over real TCP (uvicorn on 127.0.0.1, SQLite file).

    .venv/bin/python bench/api_turns.py [--sessions 50] [--turns 6]

Every session talks at once: plain turns (POST .../turns, JSON) and streamed turns (SSE, time to
the first `delta` and to `done`). Prints p50/p95/max per kind and the turns per second. The
numbers include the SQLite fsync of every acknowledged turn (WAL, synchronous=FULL); set
BENCH_DIR=/dev/shm to put the database on tmpfs and see the cost without fsync.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import httpx
import uvicorn

from roleplay import llm
from roleplay.api.app import create_app
from roleplay.config import Settings

LINES = [
    "Hi, it's Sam from Northwind. Your controller suggested I call. Is now a bad time?",
    "How do you close the books each month today?",
    "What happens when the numbers don't match?",
    "How much time does that take your team?",
    "What have you tried so far?",
    "Would it make sense to look at that together next week?",
]


async def one_session(client: httpx.AsyncClient, turns: int, streamed: bool,
                      plain: list[float], first: list[float], whole: list[float]) -> None:
    created = await client.post("/v1/sessions", json={"persona": "bakery_owner", "seed": 1})
    sid = created.json()["id"]
    for i in range(turns):
        body = {"text": LINES[i % len(LINES)]}
        start = time.perf_counter()
        if not streamed:
            response = await client.post(f"/v1/sessions/{sid}/turns", json=body)
            plain.append(time.perf_counter() - start)
            if response.status_code == 409:  # the prospect ended the call
                return
            continue
        headers = {"Accept": "text/event-stream"}
        async with client.stream("POST", f"/v1/sessions/{sid}/turns", json=body,
                                 headers=headers) as response:
            if response.status_code != 200:
                return
            async for line in response.aiter_lines():
                if line.startswith("event: delta") and len(first) < len(whole) + 1:
                    first.append(time.perf_counter() - start)
                if line.startswith("event: done"):
                    whole.append(time.perf_counter() - start)


def report(name: str, values: list[float]) -> None:
    if not values:
        print(f"{name:>22}: no samples")
        return
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{name:>22}: n={len(ms):4d}  p50={statistics.median(ms):7.1f} ms  "
          f"p95={p95:7.1f} ms  max={ms[-1]:7.1f} ms")


async def main(sessions: int, turns: int, port: int) -> None:
    folder = Path(tempfile.mkdtemp(dir=os.environ.get("BENCH_DIR")))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
                        rate_limit_per_minute=0)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    await asyncio.to_thread(llm.ensure_ready)  # measure turns, not the one-off litellm import
    limits = httpx.Limits(max_connections=sessions * 2)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 timeout=60) as client:
        await client.post("/v1/grade", json={"transcript": {"turns": []}})
        plain: list[float] = []
        first: list[float] = []
        whole: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(*(one_session(client, turns, False, plain, first, whole)
                               for _ in range(sessions)))
        plain_s = time.perf_counter() - start
        start = time.perf_counter()
        await asyncio.gather(*(one_session(client, turns, True, plain, first, whole)
                               for _ in range(sessions)))
        stream_s = time.perf_counter() - start
    server.should_exit = True
    await serving
    print(f"{sessions} sessions at once, up to {turns} rep turns each, offline model, SQLite WAL")
    report("plain turn", plain)
    report("streamed: first delta", first)
    report("streamed: done", whole)
    print(f"{'throughput':>22}: plain {len(plain) / plain_s:.0f} turns/s, "
          f"streamed {len(whole) / stream_s:.0f} turns/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=6)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    asyncio.run(main(args.sessions, args.turns, args.port))

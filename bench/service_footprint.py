"""What a streamed turn and an open session cost the server, and how many model calls a turn
makes.

    .venv/bin/python bench/service_footprint.py [--turns 30] [--sessions 200]

Everything on 127.0.0.1, no network, no key. A stub OpenAI-compatible provider (its own
process) streams each reply as two chunks: the first token at once (a whole sentence,
"Okay. "), the rest after 200 ms, and records (CLOCK_MONOTONIC, the same clock in every
process on Linux) when it sent each first token. `roleplay serve` (its own process, SQLite in
a temp dir) points at it.

1. **first streamed byte after the provider's first token**: `--turns` streamed turns
   (`Accept: text/event-stream`), one at a time; for each, the time from the provider sending
   its first token to the client reading the first `delta` event. The same for a direct
   streamed `litellm.acompletion` call (the first chunk) as the baseline.
2. **model calls per rep turn**: the stub's call counter over those turns.
3. **memory per open session**: the server's resident memory (VmRSS) before and after opening
   `--sessions` sessions and taking 4 turns in each (all kept in the session cache), divided by
   the sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from turn_overhead import MODEL, PERSONA, REP_LINES, free_port, process

FIRST, REST = "Okay. ", "Go on, what is this about?"
"""The first token ends a sentence (with its space): the service streams whole sentences once
they are checked to be in character (`conversation._checked_pieces`), so a first token in the
middle of a sentence would be held until the sentence ends, by design."""
PAUSE = 0.2


def stub_app() -> Any:
    sent: list[float] = []
    calls = [0]

    def chunk(text: str, finish: str | None = None) -> bytes:
        body = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1,
                "model": MODEL.split("/", 1)[1],
                "choices": [{"index": 0, "delta": {"content": text} if text else {},
                             "finish_reason": finish}]}
        return f"data: {json.dumps(body)}\n\n".encode()

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"].endswith("/stamps"):
            body = json.dumps({"sent": sent, "calls": calls[0]}).encode()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": body})
            return
        request = b""
        while True:
            message = await receive()
            request += message.get("body", b"")
            if not message.get("more_body"):
                break
        calls[0] += 1
        streamed = json.loads(request or b"{}").get("stream")
        if not streamed:
            body = json.dumps({
                "id": "c", "object": "chat.completion", "created": 1, "model": "m",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": FIRST + REST}}],
            }).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream")]})
        sent.append(time.monotonic())
        await send({"type": "http.response.body", "body": chunk(FIRST), "more_body": True})
        await asyncio.sleep(PAUSE)
        await send({"type": "http.response.body", "body": chunk(REST), "more_body": True})
        await send({"type": "http.response.body", "body": chunk("", "stop") + b"data: [DONE]\n\n"})

    return app


def run_stub(port: int) -> None:
    import uvicorn

    uvicorn.run(stub_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off")


async def stamps(base: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        found: dict[str, Any] = (await client.get(f"{base}/stamps")).json()
        return found


async def streamed_turns(url: str, base: str, turns: int) -> list[float]:
    """Provider first token -> client's first `delta`, per streamed turn through the API."""
    gaps: list[float] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        session = await new_session(client)
        for index in range(turns + 1):
            text = REP_LINES[index % len(REP_LINES)]
            async with client.stream("POST", f"/v1/sessions/{session}/turns", json={"text": text},
                                     headers={"Accept": "text/event-stream"}) as response:
                first = None
                async for line in response.aiter_lines():
                    if first is None and line.startswith("event: delta"):
                        first = time.monotonic()
            sent = (await stamps(base))["sent"][-1]
            if index:  # the first turn warms up (imports litellm in the server)
                gaps.append((first or time.monotonic()) - sent)
            if (await client.get(f"/v1/sessions/{session}")).json()["ended"]:
                session = await new_session(client)
    return gaps


async def direct_streams(base: str, turns: int) -> list[float]:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    gaps: list[float] = []
    for index in range(turns + 1):
        stream = await litellm.acompletion(
            model=MODEL, api_base=base, api_key="sk-bench", stream=True, timeout=30,
            messages=[{"role": "user", "content": REP_LINES[index % len(REP_LINES)]}],
        )
        first = None
        async for chunk in stream:
            if first is None and chunk.choices and chunk.choices[0].delta.content:
                first = time.monotonic()
        sent = (await stamps(base))["sent"][-1]
        if index:
            gaps.append((first or time.monotonic()) - sent)
    return gaps


async def new_session(client: httpx.AsyncClient) -> str:
    made = await client.post("/v1/sessions", json={"persona": PERSONA})
    made.raise_for_status()
    session: str = made.json()["id"]
    return session


async def open_sessions(url: str, count: int) -> None:
    limits = httpx.Limits(max_connections=20)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        async def one(_: int) -> None:
            session = await new_session(client)
            for line in REP_LINES[:4]:
                answer = await client.post(f"/v1/sessions/{session}/turns", json={"text": line})
                if answer.status_code == 409:
                    break
                answer.raise_for_status()

        for start in range(0, count, 20):
            await asyncio.gather(*(one(i) for i in range(start, min(count, start + 20))))


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=30, help="streamed turns measured")
    parser.add_argument("--sessions", type=int, default=200, help="sessions opened for memory")
    parser.add_argument("--stub", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stub:
        run_stub(args.stub)
        return
    stub_port, api_port = free_port(), free_port()
    base, url = f"http://127.0.0.1:{stub_port}/v1", f"http://127.0.0.1:{api_port}"
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
    with tempfile.TemporaryDirectory() as tmp, \
            process([sys.executable, __file__, "--stub", str(stub_port)], env, f"{base}/stamps"):
        api_env = dict(env, ROLEPLAY_MODEL=MODEL, ROLEPLAY_API_BASE=base, OPENAI_API_KEY="sk-bench",
                       ROLEPLAY_DATABASE_URL=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
                       ROLEPLAY_RATE_LIMIT_PER_MINUTE="0", ROLEPLAY_MAX_OPEN_SESSIONS="0")
        server_args = [sys.executable, "-m", "roleplay", "serve", "--port", str(api_port)]
        with process(server_args, api_env, f"{url}/readyz") as server:
            before_calls = asyncio.run(stamps(base))["calls"]
            through = asyncio.run(streamed_turns(url, base, args.turns))
            calls = asyncio.run(stamps(base))["calls"] - before_calls
            direct = asyncio.run(direct_streams(base, args.turns))
            rss_before = rss_kb(server.pid)
            asyncio.run(open_sessions(url, args.sessions))
            rss_after = rss_kb(server.pid)
    print(f"first streamed byte after the provider's first token ({args.turns} turns, "
          f"one at a time):")
    print(f"  through the API (first `delta` event): {percentiles(through)}")
    print(f"  direct litellm stream (first chunk):   {percentiles(direct)}")
    print(f"model calls per rep turn: {calls / (args.turns + 1):.2f} "
          f"({calls} calls for {args.turns + 1} turns)")
    per = (rss_after - rss_before) / args.sessions
    print(f"memory per open session: {per:.1f} kB (server RSS {rss_before / 1024:.1f} -> "
          f"{rss_after / 1024:.1f} MB for {args.sessions} sessions of 9 turns)")


if __name__ == "__main__":
    main()

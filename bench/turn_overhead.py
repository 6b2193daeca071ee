"""What the service adds to a model call: turns through the HTTP API vs direct litellm calls.

    .venv/bin/python bench/turn_overhead.py [--sessions 50] [--turns 10] [--latency 0.1]
                                            [--rounds 2] [--modes direct,llm,engine,service]
                                            [--workers 1] [--database-url URL|postgres]
                                            [--profile server.prof] [--model NAME]
                                            [--shared-client]

Budget: a turn through the service takes at most 1.10x a direct litellm call to the same provider
with 50 sessions talking at once. Everything runs on 127.0.0.1, no network, no key:

1. a stub OpenAI-compatible server (its own process, uvicorn) answers every chat completion
   after a fixed latency with a short in-character line;
2. **direct**: `--sessions` concurrent workers each make `--turns` sequential
   `litellm.acompletion` calls to the stub, with the prompts the service would send;
3. **llm**: the same calls through `roleplay.llm.acomplete`;
4. **engine**: the same through `conversation.take_turn` in-process (analysis, prospect rules,
   prompt, `roleplay.llm`, character check), without HTTP or storage;
5. **service**: `roleplay serve` (its own process, SQLite in a temp dir, `ROLEPLAY_MODEL`
   pointed at the stub); `--sessions` concurrent sessions each post `--turns` rep turns, each
   session through an httpx client of its own (`--shared-client`: one client for all, as before
   round nineteen, whose pool held turns back for up to seconds; see `service`).

The modes alternate `--rounds` times to spread the machine's drift over all of them.
Prints p50/p95/max per mode and the ratios to direct, then the CPU each mode spends per turn
(`--cpu-turns` sequential turns, each including its mode's one warm-up call), and the server's
CPU per turn once more with the model call replaced by a fixed reply in the server process
(`roleplay.llm.acomplete` patched): what HTTP, the engine and storage cost without litellm.
Bounded: a fixed number of calls, 30 s timeouts.

`--workers N` serves with `roleplay serve --workers N`; `--database-url postgres` makes a
database of its own on the local PostgreSQL (127.0.0.1:5432, trust auth) and drops it after.
Each service round also reports its throughput (turns per second). `--profile FILE` runs the
server under cProfile during the concurrent rounds and prints where its time went, by package
(for one worker).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from pathlib import Path
from typing import IO, Any

import httpx

MODEL = "openai/bench-prospect"
REPLY = "Okay, go on. What is this about?"
PERSONA = "skeptical_cfo"
REP_LINES = (
    "Hi, this is Sam from Northwind. Did I catch you at a bad time?",
    "I'll be brief. We help finance teams close the books faster. Could I ask you a few questions?",
    "How do you close the books today?",
    "What happens when that goes wrong?",
    "Who else is involved when you look at changing that?",
    "What would a good month-end look like for you?",
    "How long has that been the case?",
    "What have you tried so far?",
    "What would it be worth to fix that?",
    "Would it make sense to talk again next week?",
)


# --- the stub provider ----------------------------------------------------------------------


def stub_app(latency: float) -> Callable[..., Awaitable[None]]:
    body = json.dumps({
        "id": "chatcmpl-bench", "object": "chat.completion", "created": 1,
        "model": MODEL.split("/", 1)[1],
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": REPLY}}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 9, "total_tokens": 59},
    }).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]

    calls = [0]

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        if scope["path"].endswith("/calls"):
            count = str(calls[0]).encode()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": count})
            return
        while (await receive()).get("more_body"):
            pass
        calls[0] += 1
        await asyncio.sleep(latency)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def run_without_model(port: int) -> None:
    """`roleplay serve`'s app with `roleplay.llm.acomplete` answering REPLY at once."""
    import uvicorn

    from roleplay import llm
    from roleplay.cli.serve import APP_FACTORY

    async def reply(*_: Any, **__: Any) -> str:
        return REPLY

    llm.acomplete = reply  # type: ignore[assignment]
    uvicorn.run(APP_FACTORY, factory=True, host="127.0.0.1", port=port, log_level="warning")


def run_stub(port: int, latency: float) -> None:
    import uvicorn

    uvicorn.run(stub_app(latency), host="127.0.0.1", port=port, log_level="warning",
                lifespan="off", backlog=1024)


# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@contextmanager
def process(
    args: list[str], env: dict[str, str], ready_url: str, *, cwd: Path | None = None,
    ready_timeout: float = 60.0, stop_timeout: float = 15.0,
) -> Iterator[subprocess.Popen[bytes]]:
    """A child process, ready (`ready_url` answers), stopped with SIGINT (killed if it lingers).
    Its stderr goes to a temporary file, not a pipe: a pipe nobody reads fills up (64 KB of
    warnings or access lines) and then stalls the child mid-run."""
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_ready(child, ready_url, log, timeout=ready_timeout)
            yield child
        finally:
            child.send_signal(signal.SIGINT)
            try:
                child.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def wait_ready(child: subprocess.Popen[bytes], url: str, log: IO[bytes],
               timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise SystemExit(f"{url} process exited early:\n{error[-2000:]}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit(f"{url} not ready within {timeout:g} s")


# --- the two measurements -------------------------------------------------------------------


@functools.cache
def persona() -> Any:
    from roleplay.config import Settings
    from roleplay.personas import load_personas

    return load_personas(Settings().personas_dir)[PERSONA]


@functools.cache
def prompts(turns: int) -> list[list[dict[str, str]]]:
    """The prompt the service sends at each turn of a session (history included, the stub's
    line as every reply), so direct calls send the same bytes."""
    from roleplay import conversation

    session, sent = conversation.start_session(persona(), 0), []
    for index in range(turns):
        prepared = conversation.prepare(persona(), session, REP_LINES[index % len(REP_LINES)])
        sent.append(prepared.messages)
        session = conversation.finish(prepared, REPLY, []).session
        if session.ended:
            session = conversation.start_session(persona(), index + 1)
    return sent


async def direct(base: str, sessions: int, turns: int) -> list[float]:
    """`sessions` workers, each `turns` sequential direct litellm calls to the stub."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    messages = prompts(turns)

    async def call(worker: int, index: int) -> None:
        response = await litellm.acompletion(
            model=MODEL, messages=messages[index], api_base=base,
            api_key="sk-bench", timeout=30,
        )
        assert response.choices[0].message.content == REPLY

    await call(0, 0)  # warm-up: clients, connection pool
    return await workers(sessions, turns, call)


async def wrapped(base: str, sessions: int, turns: int) -> list[float]:
    """Like `direct`, through `roleplay.llm.acomplete` (retry loop, timeout, error mapping)."""
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench")
    from roleplay import llm

    config = llm.ModelConfig(model=MODEL, api_base=base)
    messages = prompts(turns)

    async def call(worker: int, index: int) -> None:
        assert await llm.acomplete(messages[index], config) == REPLY

    await call(0, 0)  # warm-up
    return await workers(sessions, turns, call)


async def engine(base: str, sessions: int, turns: int) -> list[float]:
    """`sessions` concurrent in-process sessions: `conversation.take_turn`, no HTTP, no storage."""
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench")
    from roleplay import conversation
    from roleplay.llm import ModelConfig

    config = ModelConfig(model=MODEL, api_base=base)
    states = [conversation.start_session(persona(), seed) for seed in range(sessions)]

    async def turn(worker: int, index: int) -> None:
        text = REP_LINES[index % len(REP_LINES)]
        outcome = await conversation.take_turn(persona(), states[worker], text, config)
        states[worker] = outcome.session
        if outcome.session.ended:
            states[worker] = conversation.start_session(persona(), worker + 1000 * (index + 1))

    await turn(0, 0)  # warm-up
    states[0] = conversation.start_session(persona(), 0)
    return await workers(sessions, turns, turn)


async def service(
    url: str, sessions: int, turns: int, *, shared_client: bool = False
) -> tuple[list[float], float]:
    """`sessions` concurrent sessions, each posting `turns` rep turns through the HTTP API: the
    turns' timings, and the seconds the timed turns took together (not the set-up: creating the
    sessions one by one and the warm-ups are not the service's throughput).

    Each session posts through an httpx client of its own (one keep-alive connection), as each
    rep's browser would. With `shared_client` (before round nineteen) all sessions share one
    client, whose pool (httpcore 1.0) hands a connection that comes free to *every* request
    waiting at that moment: all but one of them find it taken, wait for the pool's next pass and
    race again. Under load some turns waited 1-3 s in the bench's own pool before their request
    was sent (docs/performance.md, round nineteen): that was the p99 of rounds seventeen and
    eighteen, and it held most sessions out of the server, which flattered the p50."""
    count = 1 if shared_client else sessions
    limits = httpx.Limits(max_connections=sessions * 2, max_keepalive_connections=sessions * 2)
    async with AsyncExitStack() as stack:
        # No TLS on loopback: `verify=False` spares each client loading the CA bundle (~20 ms).
        clients = [await stack.enter_async_context(httpx.AsyncClient(
            base_url=url, timeout=30, limits=limits, verify=False)) for _ in range(count)]

        def client(worker: int) -> httpx.AsyncClient:
            return clients[worker % count]

        ids = [await new_session(client(seed), seed) for seed in range(sessions)]

        async def turn(worker: int, index: int) -> None:
            text = REP_LINES[index % len(REP_LINES)]
            response = await client(worker).post(
                f"/v1/sessions/{ids[worker]}/turns", json={"text": text}
            )
            response.raise_for_status()
            if response.json().get("ended"):
                ids[worker] = await new_session(client(worker), worker + 1000 * (index + 1))

        await turn(0, 0)  # warm-up: litellm import in the server, connections
        await asyncio.gather(*(turn(worker, 0) for worker in range(sessions)))  # every worker
        ids = [await new_session(client(seed), seed) for seed in range(sessions)]
        started = time.perf_counter()
        timings = await workers(sessions, turns, turn)
        return timings, time.perf_counter() - started


async def new_session(client: httpx.AsyncClient, seed: int) -> str:
    response = await client.post("/v1/sessions", json={"persona": PERSONA, "seed": seed})
    response.raise_for_status()
    session_id: str = response.json()["id"]
    return session_id


async def workers(
    count: int, turns: int, act: Callable[[int, int], Awaitable[None]]
) -> list[float]:
    timings: list[float] = []

    async def worker(number: int) -> None:
        for index in range(turns):
            started = time.perf_counter()
            await act(number, index)
            timings.append(time.perf_counter() - started)

    await asyncio.gather(*(worker(number) for number in range(count)))
    return timings


# --- report ---------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99), "max": max(values), "mean": statistics.fmean(values)}


def report(args: argparse.Namespace, timings: dict[str, list[float]], calls: int,
           rates: list[float]) -> None:
    service = len(timings.get("service", []))
    print(f"model {MODEL}; "
          f"{args.sessions} concurrent sessions x {args.turns} turns x {args.rounds} rounds, "
          f"stub latency {args.latency * 1000:.0f} ms, loopback, {args.workers} worker(s), "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}, "
          f"{'one client for all sessions' if args.shared_client else 'a client per session'}; "
          f"{calls} model calls for {service + args.rounds * (1 + args.sessions)} service turns "
          "(warm-ups included)\n")
    print("| mode | calls | p50 ms | p95 ms | p99 ms | max ms | mean ms | p50 ratio | p99 ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = summary(timings["direct"]) if timings.get("direct") else None
    for name, values in timings.items():
        if not values:
            continue
        stats = summary(values)
        cells = " | ".join(f"{stats[key] * 1000:.1f}" for key in ("p50", "p95", "p99", "max",
                                                                   "mean"))
        ratios = (" | ".join(f"{stats[key] / base[key]:.3f}" for key in ("p50", "p99"))
                  if base else "- | -")
        print(f"| {MODES[name]} | {len(values)} | {cells} | {ratios} |")
    if rates:
        shown = ", ".join(f"{rate:.1f}" for rate in rates)
        print(f"\nservice throughput: {statistics.fmean(rates):.1f} turns/s "
              f"(rounds: {shown})")
    if base and service:
        stats = summary(timings["service"])
        p50, p99 = stats["p50"] / base["p50"], stats["p99"] / base["p99"]
        verdict = "within" if p50 <= args.budget and p99 <= args.p99_budget else "OVER"
        print(f"service/direct: p50 {p50:.3f}x, p99 {p99:.3f}x ({verdict} the "
              f"{args.budget:.2f}x / {args.p99_budget:.2f}x budget)")


MODES = {
    "direct": "direct litellm",
    "llm": "roleplay.llm.acomplete",
    "engine": "conversation.take_turn (in-process)",
    "service": "HTTP API turn (roleplay serve)",
}


def main() -> None:
    global MODEL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10, help="turns (calls) per session")
    parser.add_argument("--latency", type=float, default=0.1, help="stub latency in seconds")
    parser.add_argument("--rounds", type=int, default=2, help="alternate the modes this often")
    parser.add_argument("--modes", default=",".join(MODES),
                        help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--workers", type=int, default=1, help="roleplay serve --workers")
    parser.add_argument("--database-url", help="the server's database; `postgres`: a new "
                        "database on 127.0.0.1:5432, dropped after; default: SQLite in a temp dir")
    parser.add_argument("--profile", metavar="FILE",
                        help="run the server under cProfile, write FILE, print the top")
    parser.add_argument("--budget", type=float, default=1.10)
    parser.add_argument("--p99-budget", type=float, default=1.50)
    parser.add_argument("--cpu-turns", type=int, default=40,
                        help="sequential turns per mode for CPU per turn (0: skip)")
    parser.add_argument("--model", default=MODEL,
                        help="the litellm model string every mode calls (the stub answers any "
                        "name): a name litellm has a price for, like openai/gpt-4o-mini, spares "
                        "the direct call litellm's search of its cost map")
    parser.add_argument("--shared-client", action="store_true",
                        help="service mode: all sessions post through one httpx client (one "
                        "pool), as before round nineteen, instead of one client per session")
    parser.add_argument("--stub", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--no-model-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    MODEL = args.model
    if args.stub:
        run_stub(args.stub, args.latency)
        return
    if args.no_model_server:
        run_without_model(args.no_model_server)
        return
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        raise SystemExit(f"unknown modes: {', '.join(sorted(unknown))}")
    stub_port, api_port = free_port(), free_port()
    base = f"http://127.0.0.1:{stub_port}/v1"
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
    stub_args = [sys.executable, __file__, "--stub", str(stub_port), "--latency", str(args.latency),
                 "--model", MODEL]
    timings: dict[str, list[float]] = {name: [] for name in MODES}
    rates: list[float] = []
    cpu: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, process(stub_args, env, f"{base}/models"), \
            database(args.database_url, Path(tmp)) as database_url:
        args.database_url = args.database_url and database_url
        api_env = dict(env, ROLEPLAY_MODEL=MODEL, ROLEPLAY_API_BASE=base, OPENAI_API_KEY="sk-bench",
                       ROLEPLAY_DATABASE_URL=database_url, ROLEPLAY_RATE_LIMIT_PER_MINUTE="0",
                       ROLEPLAY_MAX_OPEN_SESSIONS="0")
        python = [sys.executable, *(["-m", "cProfile", "-o", args.profile] if args.profile else [])]
        api_args = [*python, "-m", "roleplay", "serve", "--port", str(api_port),
                    "--workers", str(args.workers)]
        url = f"http://127.0.0.1:{api_port}"
        with process(api_args, api_env, f"{url}/readyz") as server:
            calls = 0
            for _ in range(args.rounds):
                if "direct" in modes:
                    timings["direct"] += asyncio.run(direct(base, args.sessions, args.turns))
                if "llm" in modes:
                    timings["llm"] += asyncio.run(wrapped(base, args.sessions, args.turns))
                if "engine" in modes:
                    timings["engine"] += asyncio.run(engine(base, args.sessions, args.turns))
                if "service" in modes:
                    before = stub_calls(base)
                    done, seconds = asyncio.run(service(url, args.sessions, args.turns,
                                                        shared_client=args.shared_client))
                    rates.append(len(done) / seconds)
                    timings["service"] += done
                    calls += stub_calls(base) - before
            if args.cpu_turns and not args.profile:
                cpu = cpu_per_turn(base, url, server.pid, args.cpu_turns, modes)
        if args.cpu_turns and not args.profile and "service" in modes:
            cpu.update(cpu_without_model(api_env, args.cpu_turns))
    report(args, timings, calls, rates)
    if cpu:
        print(f"\nCPU per turn, one session, {args.cpu_turns} sequential turns:\n")
        print("| mode | CPU ms per turn |\n| --- | ---: |")
        for name, millis in cpu.items():
            print(f"| {name} | {millis:.1f} |")
    if args.profile:
        print_profile(args.profile)


@contextmanager
def database(wanted: str | None, tmp: Path) -> Iterator[str]:
    """The server's database URL: SQLite in `tmp`, the URL given, or a new PostgreSQL database
    (`postgres`) dropped afterwards."""
    if wanted != "postgres":
        yield wanted or f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
        return
    import asyncpg

    name = f"roleplay_bench_{os.getpid()}"

    async def admin(statement: str) -> None:
        conn = await asyncpg.connect(host="127.0.0.1", port=5432, user="postgres",
                                     database="postgres")
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(admin(f"CREATE DATABASE {name}"))
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
    finally:
        asyncio.run(admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


PACKAGES = (
    ("litellm", "/litellm/"), ("openai SDK", "/openai/"), ("httpx/httpcore", "/http"),
    ("roleplay.analysis", "/roleplay/analysis/"), ("roleplay.prospect", "/roleplay/prospect/"),
    ("roleplay.grading", "/roleplay/grading/"), ("roleplay.storage", "/roleplay/storage/"),
    ("roleplay.api", "/roleplay/api/"), ("roleplay (other)", "/roleplay/"),
    ("sqlalchemy", "/sqlalchemy/"), ("pydantic", "/pydantic"), ("uvicorn/h11", "/uvicorn/"),
    ("h11", "/h11/"), ("starlette", "/starlette/"), ("fastapi", "/fastapi/"),
    ("sse_starlette", "/sse_starlette/"), ("asyncio", "/asyncio/"),
)


def print_profile(path: str) -> None:
    """Own time (tottime) by package, and the 25 functions with the most own time."""
    import pstats

    stats = pstats.Stats(path)
    raw: Any = stats.stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in raw.values()) or 1.0
    shares: dict[str, float] = {}
    for (file, _line, _name), row in raw.items():
        package = next((label for label, part in PACKAGES if part in file), "other")
        shares[package] = shares.get(package, 0.0) + row[2]
    print(f"\nserver profile ({path}): own time by package, {total:.2f} s in all\n")
    print("| package | own time s | share |\n| --- | ---: | ---: |")
    for package, spent in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"| {package} | {spent:.2f} | {spent / total:.0%} |")
    print()
    stats.sort_stats("tottime").print_stats(25)


def cpu_per_turn(
    base: str, url: str, server: int, turns: int, modes: list[str]
) -> dict[str, float]:
    """CPU seconds per turn, run one at a time: this process, and the server's for the API."""
    result: dict[str, float] = {}
    prompts(turns)  # built outside the measurement
    for name, run in (("direct", direct), ("llm", wrapped), ("engine", engine)):
        if name in modes:
            started = own_cpu()
            asyncio.run(run(base, 1, turns))
            result[MODES[name]] = (own_cpu() - started) / turns * 1000
    if "service" in modes:
        started, server_started = own_cpu(), tree_cpu(server)
        asyncio.run(service(url, 1, turns))
        result[MODES["service"] + ": server"] = (tree_cpu(server) - server_started) / turns * 1000
        result[MODES["service"] + ": client"] = (own_cpu() - started) / turns * 1000
    return result


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its children (the workers of `roleplay serve --workers`)."""
    total = process_cpu(pid)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            total += tree_cpu(int(stat.parent.name))
    return total


def cpu_without_model(env: dict[str, str], turns: int) -> dict[str, float]:
    """Server CPU per turn with the model call stubbed out in the server: once with the offline
    model's name (litellm never imported), once with the benchmark's model name (litellm imported
    at start-up, off the loop, waited for), so that what the model call itself costs inside the
    server can be told from what importing litellm does to the rest of the turn."""
    result: dict[str, float] = {}
    for label, model in (("", "roleplay/offline"), (", litellm imported", MODEL)):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        with process([sys.executable, __file__, "--no-model-server", str(port)],
                     dict(env, ROLEPLAY_MODEL=model), f"{url}/readyz") as server:
            settle(server.pid)  # the litellm import runs in a thread after /readyz answers
            asyncio.run(service(url, 1, 2))  # warm-up
            started = process_cpu(server.pid)
            asyncio.run(service(url, 1, turns))
            spent = process_cpu(server.pid) - started
        result[f"{MODES['service']}, model call stubbed out{label}: server"] = spent / turns * 1000
    return result


def settle(pid: int, quiet: float = 0.02, longest: float = 60.0) -> None:
    """Wait until a process spends under `quiet` CPU seconds in a second (start-up done)."""
    waited = 0.0
    while waited < longest:
        before = process_cpu(pid)
        time.sleep(1.0)
        waited += 1.0
        if process_cpu(pid) - before < quiet:
            return


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stub_calls(base: str) -> int:
    return int(httpx.get(f"{base}/calls", timeout=5).text)


if __name__ == "__main__":
    main()

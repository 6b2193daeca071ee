"""Instructions per turn (callgrind): a direct litellm call vs a turn through `roleplay serve`.

    .venv/bin/python bench/turn_instructions.py [--turns 50] [--model openai/bench-prospect]
                                                [--modes direct,llm,service,service-nomodel]

CPU time on a shared machine moves by tens of percent with the other jobs on it; instruction
counts do not (two runs agree within 1 %). Each mode runs in its own process under
`valgrind --tool=callgrind --instr-atstart=no` against the loopback stub of
`turn_overhead.py` (0 ms latency, its own process, not counted), is warmed up, and counts only
`--turns` turns (every thread of the process: litellm's, the database writer's):

- **direct**: `litellm.acompletion` with default settings, the prompts the service sends;
- **llm**: the same through `roleplay.llm.acomplete`;
- **service**: `roleplay serve` (SQLite in a temp dir, the stub as provider), one session at
  a time, a new session every 10 turns (its creation counted too); the client is not counted;
- **service-nomodel**: the same server with `roleplay.llm.acomplete` answering at once: what
  HTTP, the engine and storage cost without the model call.

Instructions are not time: the server runs fewer instructions per cycle than a tight loop of
litellm calls (a larger working set, threads), so its CPU-time ratio is higher than this one.
About 4 minutes for the four modes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
sys.path[:0] = [str(HERE.parent), str(ROOT)]  # this checkout's roleplay, not an installed one
import turn_overhead as bench  # noqa: E402  (after the path set-up)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured process: this checkout's roleplay first on its path."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", OPENAI_API_KEY="sk-bench",
                PYTHONPATH=path, **extra)


def toggle(pid: int, on: bool) -> None:
    """Switch callgrind's instrumentation of process `pid` on or off (retries while it starts)."""
    for _ in range(60):
        done = subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(pid)],
                              capture_output=True, text=True)
        if done.returncode == 0 and "Error" not in done.stdout:
            return
        time.sleep(0.5)
    raise SystemExit(f"callgrind_control could not reach process {pid}")


def valgrind(out: Path) -> list[str]:
    return ["valgrind", "--tool=callgrind", "--instr-atstart=no",
            f"--callgrind-out-file={out}/cg.%p.out", sys.executable]


def counted(out: Path) -> int:
    """The instructions counted in the largest profile (forked helpers write their own)."""
    totals = [int(line.split()[1]) for path in out.glob("cg.*.out")
              for line in path.read_text().splitlines() if line.startswith("totals:")]
    if not totals:
        raise SystemExit(f"no callgrind profile in {out}")
    return max(totals)


# --- in-process modes (run as a child under valgrind) ---------------------------------------


async def calls(mode: str, base: str, model: str, turns: int) -> None:
    messages = bench.prompts(10)
    if mode == "direct":
        import litellm

        litellm.suppress_debug_info = True

        async def call(index: int) -> None:
            await litellm.acompletion(model=model, messages=messages[index % 10], api_base=base,
                                      api_key="sk-bench", timeout=30)
    else:
        from roleplay import llm

        config = llm.ModelConfig(model=model, api_base=base)

        async def call(index: int) -> None:
            await llm.acomplete(messages[index % 10], config)

    for index in range(10):
        await call(index)
    await asyncio.sleep(0.3)
    toggle(os.getpid(), True)
    for index in range(turns):
        await call(index)
    await asyncio.sleep(0.5)  # litellm's logging after the last call
    toggle(os.getpid(), False)


def in_process(mode: str, base: str, model: str, turns: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = child_env()
        subprocess.run([*valgrind(out), str(HERE), "--child", mode, "--base", base,
                        "--model", model, "--turns", str(turns)], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return counted(out)


# --- the server ------------------------------------------------------------------------------


async def turns_through(url: str, pid: int, turns: int) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:
        async def run(count: int) -> None:
            session, seed = await bench.new_session(client, 0), 1
            for index in range(count):
                text = bench.REP_LINES[index % len(bench.REP_LINES)]
                response = await client.post(f"/v1/sessions/{session}/turns", json={"text": text})
                response.raise_for_status()
                if response.json().get("ended") or (index + 1) % 10 == 0:
                    session, seed = await bench.new_session(client, seed), seed + 1

        await run(20)  # warm-up
        await asyncio.sleep(1)
        toggle(pid, True)
        await run(turns)
        await asyncio.sleep(1)
        toggle(pid, False)


def server(mode: str, base: str, model: str, turns: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out, port = Path(tmp), bench.free_port()
        env = child_env(ROLEPLAY_MODEL=model, ROLEPLAY_API_BASE=base,
                        ROLEPLAY_DATABASE_URL=f"sqlite+aiosqlite:///{out / 'bench.db'}",
                        ROLEPLAY_RATE_LIMIT_PER_MINUTE="0", ROLEPLAY_MAX_OPEN_SESSIONS="0")
        if mode == "service-nomodel":
            env["ROLEPLAY_MODEL"] = "roleplay/offline"
            args = [str(ROOT / "bench" / "turn_overhead.py"), "--no-model-server", str(port)]
        else:
            args = ["-m", "roleplay", "serve", "--port", str(port)]
        url = f"http://127.0.0.1:{port}"
        with bench.process([*valgrind(out), *args], env, f"{url}/readyz", cwd=ROOT,
                           ready_timeout=600, stop_timeout=120) as child:
            time.sleep(8)  # a server with a real provider imports litellm in a thread at start
            asyncio.run(turns_through(url, child.pid, turns))
        return counted(out)


MODES = ("direct", "llm", "service", "service-nomodel")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--model", default=bench.MODEL)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        asyncio.run(calls(args.child, args.base, args.model, args.turns))
        return
    modes = [mode for mode in args.modes.split(",") if mode]
    if set(modes) - set(MODES):
        raise SystemExit(f"unknown modes: {', '.join(sorted(set(modes) - set(MODES)))}")
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}/v1"
    stub = [sys.executable, str(ROOT / "bench" / "turn_overhead.py"), "--stub", str(port),
            "--latency", "0", "--model", args.model]
    counts: dict[str, float] = {}
    with bench.process(stub, child_env(), f"{base}/models"):
        for mode in modes:
            run = in_process if mode in ("direct", "llm") else server
            counts[mode] = run(mode, base, args.model, args.turns) / args.turns / 1e6
    print(f"model {args.model}; {args.turns} turns per mode, one at a time, 0 ms stub\n")
    print("| mode | M instructions per turn | vs direct |\n| --- | ---: | ---: |")
    for mode, millions in counts.items():
        ratio = f"{millions / counts['direct']:.2f}x" if "direct" in counts else "-"
        print(f"| {mode} | {millions:.2f} | {ratio} |")


if __name__ == "__main__":
    main()

"""CPU per `litellm.acompletion` call against the latency bench's stub, per litellm setting.

    .venv/bin/python bench/litellm_cpu.py [--configs default,service,service+no_log,...]
                                          [--calls 200] [--sessions 50] [--turns 6]

Each configuration runs in a process of its own (litellm's settings are global): 30 warm-up
calls, then `--calls` sequential calls and `--sessions` x `--turns` concurrent ones, each
measured with `time.process_time` (all threads: litellm runs part of every call in a thread).
The stub is `turn_overhead.py`'s (100 ms, loopback), the prompts the service's.

A configuration is `default` (the bench's plain call) or `service` (the keyword arguments
`roleplay.llm` sends, `_priced` included), plus `+`-joined settings from `SETTINGS`:
`service+no_log+callbacks_off`. Figures: docs/performance.md, round twenty-two.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import turn_overhead as bench  # the stub and the prompts, from the bench's own module

SETTINGS: dict[str, dict[str, Any]] = {
    "message_logging_off": {"turn_off_message_logging": True},
    "streaming_logging_off": {"disable_streaming_logging": True},
    "callbacks_off": {"success_callback": [], "callbacks": [], "failure_callback": [],
                      "_async_success_callback": [], "_async_failure_callback": []},
    "end_user_cost_off": {"disable_end_user_cost_tracking": True},
    "token_counter_off": {"disable_token_counter": True},
    "telemetry_off": {"telemetry": False},
    "verbose_off": {"set_verbose": False},
    "logging_off": {"logging": False},
    "httpx_transport": {"disable_aiohttp_transport": True},
}
"""litellm module attributes set before the first call."""
PER_CALL = {"no_log": {"no-log": True}}
"""Keyword arguments added to every call."""


def measure(base: str, config: str, calls: int, sessions: int, turns: int) -> dict[str, Any]:
    """One configuration, in this process."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    from roleplay import llm

    litellm.suppress_debug_info = True
    parts = config.split("+")
    unknown = set(parts[1:]) - set(SETTINGS) - set(PER_CALL) - {"client"}
    if parts[0] not in ("default", "service") or unknown:
        raise SystemExit(f"unknown configuration {config!r}")
    for part in parts[1:]:
        for name, value in SETTINGS.get(part, {}).items():
            setattr(litellm, name, value)
    extra = {key: value for part in parts[1:] for key, value in PER_CALL.get(part, {}).items()}
    messages = bench.prompts(10)
    model_config = llm.ModelConfig(model=bench.MODEL, api_base=base)
    shared: list[Any] = []

    def kwargs(index: int) -> dict[str, Any]:
        sent = messages[index % len(messages)]
        if parts[0] == "service":
            found = llm._kwargs(bench.MODEL, model_config, llm._Request(sent))
        else:
            found = {"model": bench.MODEL, "messages": sent, "api_base": base, "timeout": 30}
        found.update(extra, api_key="sk-bench")
        if "client" in parts:
            if not shared:
                import openai

                shared.append(openai.AsyncOpenAI(api_key="sk-bench", base_url=base, max_retries=0))
            found["client"] = shared[0]
        return found

    async def call(index: int) -> None:
        response = await litellm.acompletion(**kwargs(index))
        assert response.choices[0].message.content == bench.REPLY

    async def run() -> dict[str, Any]:
        for index in range(30):
            await call(index)
        started = time.process_time()
        for index in range(calls):
            await call(index)
        await asyncio.sleep(0.3)  # litellm's logging task of the last call
        sequential = (time.process_time() - started) / calls * 1000
        started = time.process_time()

        async def worker(number: int) -> None:
            for turn in range(turns):
                await call(number + turn)

        await asyncio.gather(*(worker(number) for number in range(sessions)))
        await asyncio.sleep(0.3)
        concurrent = (time.process_time() - started) / (sessions * turns) * 1000
        return {"config": config, "sequential_ms": round(sequential, 2),
                "concurrent_ms": round(concurrent, 2)}

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default="default,service," + ",".join(
        f"service+{name}" for name in [*SETTINGS, *PER_CALL, "client"]))
    parser.add_argument("--calls", type=int, default=200, help="sequential calls measured")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=6, help="calls per concurrent session")
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.base, args.one, args.calls, args.sessions, args.turns)))
        return
    port = bench.free_port()
    base = f"http://127.0.0.1:{port}/v1"
    env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True")
    stub = [sys.executable, bench.__file__, "--stub", str(port), "--latency", "0.1"]
    print("| configuration | sequential CPU ms per call | concurrent CPU ms per call | load |")
    print("| --- | ---: | ---: | --- |")
    with bench.process(stub, env, f"{base}/models"):
        for config in args.configs.split(","):
            load = os.getloadavg()[0]
            done = subprocess.run(
                [sys.executable, __file__, "--base", base, "--one", config, "--calls",
                 str(args.calls), "--sessions", str(args.sessions), "--turns", str(args.turns)],
                env=env, capture_output=True, text=True, check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"| {config} | {result['sequential_ms']:.2f} | {result['concurrent_ms']:.2f} "
                  f"| {load:.2f}-{os.getloadavg()[0]:.2f} |", flush=True)


if __name__ == "__main__":
    main()

"""CPU per turn of the engine: `conversation.take_turn` vs a direct litellm call, in one process.

    .venv/bin/python bench/engine_turn.py [--turns 40] [--rounds 3] [--latency 0.1]
                                          [--persona interested_coordinator]

One long call, one turn at a time, against the loopback stub provider of `turn_overhead.py`
(its own process; no network, no key). Four modes, alternated `--rounds` times, each measured as
this process's CPU time (user + system) per turn:

- **direct litellm**: `litellm.acompletion` (default settings) with the prompts the service sends
  at each turn of the call (built with `conversation.prepare`/`finish`, the stub's line as every
  reply);
- **roleplay.llm.acomplete**: the same prompts through our model layer;
- **take_turn**: the whole turn (analysis, prospect rules, prompt, model call, character check,
  record) on the same call;
- **engine only**: `prepare` + `finish` (everything but the model call and the character check).

The order of the first three modes rotates from round to round, so no mode always runs first.

A call that ends before `--turns` is started again (the lengths are printed). The engine's own
CPU grows with the length of the call if anything in it is quadratic; the last line compares the
first and the last ten turns. Nothing is asserted; numbers vary with the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("OPENAI_API_KEY", "sk-bench")

from turn_overhead import MODEL, REPLY, free_port, process  # noqa: E402

from roleplay import conversation, llm  # noqa: E402
from roleplay.cli.demo import fill  # noqa: E402
from roleplay.personas import Persona, load_personas  # noqa: E402

LINES = (
    "Hi {first}, this is Sam from Northwind. I'm calling because we help teams like yours cut "
    "admin time. Would you mind if I asked a couple of questions?",
    "How do you handle that at {company} today?",
    "What happens when that goes wrong?",
    "Who else is involved when you look at changing something like that?",
    "What would a good month look like for you?",
    "How long has that been the case?",
    "What have you tried so far?",
    "What would it be worth to you to fix that?",
)
"""The first line opens the call; the rest repeat (a long, patient discovery call)."""

Mode = Callable[[str, Persona, int], Awaitable[None]]


def line(index: int, persona: Persona) -> str:
    spoken = LINES[0] if index == 0 else LINES[1 + (index - 1) % (len(LINES) - 1)]
    return fill(spoken, persona)


Prompts = tuple[list[list[dict[str, str]]], list[int]]
_BUILT: dict[tuple[str, int], Prompts] = {}


def prompts(persona: Persona, turns: int) -> Prompts:
    """The prompt of every turn of the call, and the lengths (turns) of calls that ended.
    Built once per persona and length, outside any measurement."""
    if (persona.id, turns) not in _BUILT:
        _BUILT[persona.id, turns] = _build(persona, turns)
    return _BUILT[persona.id, turns]


def _build(persona: Persona, turns: int) -> Prompts:
    session, sent, ended = conversation.start_session(persona, 0), [], []
    for index in range(turns):
        prepared = conversation.prepare(persona, session, line(index, persona))
        sent.append(prepared.messages)
        session = conversation.finish(prepared, REPLY, []).session
        if session.ended:
            ended.append(len(session.turns))
            session = conversation.start_session(persona, index + 1)
    return sent, ended


async def direct(base: str, persona: Persona, turns: int) -> None:
    import litellm

    for messages in prompts(persona, turns)[0]:
        await litellm.acompletion(model=MODEL, messages=messages, api_base=base,
                                  api_key="sk-bench", timeout=30)


async def wrapped(base: str, persona: Persona, turns: int) -> None:
    config = llm.ModelConfig(model=MODEL, api_base=base)
    for messages in prompts(persona, turns)[0]:
        await llm.acomplete(messages, config)


async def engine(base: str, persona: Persona, turns: int) -> None:
    config = llm.ModelConfig(model=MODEL, api_base=base)
    session = conversation.start_session(persona, 0)
    for index in range(turns):
        session = (await conversation.take_turn(persona, session, line(index, persona),
                                                config)).session
        if session.ended:
            session = conversation.start_session(persona, index + 1)


def engine_only(persona: Persona, turns: int) -> list[float]:
    """CPU seconds of prepare + finish at each turn of the call (no model call)."""
    session, spent = conversation.start_session(persona, 0), []
    for index in range(turns):
        started = time.process_time()
        prepared = conversation.prepare(persona, session, line(index, persona))
        session = conversation.finish(prepared, REPLY, []).session
        spent.append(time.process_time() - started)
        if session.ended:
            session = conversation.start_session(persona, index + 1)
    return spent


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_ms_per_turn(run: Mode, base: str, persona: Persona, turns: int) -> float:
    async def measured() -> float:
        await run(base, persona, 1)  # warm-up on this event loop: clients, connection pool
        started = own_cpu()
        await run(base, persona, turns)
        return (own_cpu() - started) / turns * 1000

    prompts(persona, 1), prompts(persona, turns)  # built outside the measurement
    return asyncio.run(measured())


MODES: dict[str, Mode] = {
    "direct litellm": direct,
    "roleplay.llm.acomplete": wrapped,
    "conversation.take_turn": engine,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=40, help="rep turns per mode and round")
    parser.add_argument("--rounds", type=int, default=3, help="alternate the modes this often")
    parser.add_argument("--latency", type=float, default=0.1, help="stub latency in seconds")
    parser.add_argument("--persona", default="interested_coordinator")
    args = parser.parse_args()
    persona = load_personas(ROOT / "personas")[args.persona]
    port = free_port()
    base = f"http://127.0.0.1:{port}/v1"
    stub = [sys.executable, str(Path(__file__).with_name("turn_overhead.py")), "--stub", str(port),
            "--latency", str(args.latency)]
    llm.ensure_ready()
    results: dict[str, list[float]] = {name: [] for name in [*MODES, "engine only"]}
    growth: list[list[float]] = []
    with process(stub, dict(os.environ), f"{base}/models"):
        for number in range(args.rounds):
            names = list(MODES)
            for name in names[number % len(names):] + names[:number % len(names)]:
                results[name].append(cpu_ms_per_turn(MODES[name], base, persona, args.turns))
            spent = engine_only(persona, args.turns)
            growth.append(spent)
            results["engine only"].append(statistics.fmean(spent) * 1000)
    report(args, persona, results, growth)


def report(args: argparse.Namespace, persona: Persona, results: dict[str, list[float]],
           growth: list[list[float]]) -> None:
    ended = prompts(persona, args.turns)[1]
    print(f"{persona.id}: {args.turns} rep turns per run, one at a time, stub latency "
          f"{args.latency * 1000:.0f} ms, {args.rounds} rounds; calls ended at "
          f"{ended or 'none'} turns\n")
    print("| mode | CPU ms per turn (median) | runs | vs direct |")
    print("| --- | ---: | --- | ---: |")
    base = statistics.median(results["direct litellm"])
    for name, values in results.items():
        median = statistics.median(values)
        runs = " ".join(f"{value:.2f}" for value in values)
        print(f"| {name} | {median:.2f} | {runs} | {median / base:.2f}x |")
    per_turn = [statistics.median(column) * 1000 for column in zip(*growth, strict=True)]
    head, tail = per_turn[:10], per_turn[-10:]
    print(f"\nengine only, median CPU ms per turn: first 10 turns {statistics.fmean(head):.3f}, "
          f"last 10 turns {statistics.fmean(tail):.3f}")


if __name__ == "__main__":
    main()

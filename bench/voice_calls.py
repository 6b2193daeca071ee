"""The demo's two scripted calls on every persona, through the whole per-turn path, and its speed.

Usage: .venv/bin/python bench/voice_calls.py [--turns N]

For each persona, plays the poor and the good scripted rep of `roleplay demo` through
`conversation.take_turn` on the built-in offline model (litellm custom provider, no network) and
prints how each call ended, the facts unlocked and the final trust; then times, per turn,
`build_messages`, `offline.voice` alone, and a whole `take_turn` (analysis, engine,
prompt, litellm, character check, record). Numbers vary with the machine; nothing is asserted.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay import llm, offline  # noqa: E402
from roleplay.cli.demo import SCRIPTS, fill, play  # noqa: E402
from roleplay.config import OFFLINE_MODEL  # noqa: E402
from roleplay.conversation import prepare, start_session, take_turn  # noqa: E402
from roleplay.personas import load_personas  # noqa: E402

CONFIG = llm.ModelConfig(model=OFFLINE_MODEL)


async def outcomes() -> None:
    personas = load_personas(ROOT / "personas")
    print(f"{'persona':<24} {'call':<5} {'turns':>5} {'ended':<10} {'facts':>5} {'trust':>6}")
    for persona in personas.values():
        for script in SCRIPTS:
            session = await play(persona, script, CONFIG)
            rep_turns = sum(1 for t in session.turns if t.speaker == "rep")
            ended = session.prospect.end_reason or "script"
            print(f"{persona.id:<24} {script.name.split()[1]:<5} {rep_turns:>5} "
                  f"{ended:<10} {len(session.prospect.unlocked):>5} "
                  f"{session.prospect.trust:>6.2f}")


def micros(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1e6:8.0f} us   p95 {p95 * 1e6:8.0f} us"


async def speed(turns: int) -> None:
    persona = load_personas(ROOT / "personas")["skeptical_cfo"]
    line = fill(SCRIPTS[1].lines[1], persona)
    session = (await take_turn(persona, start_session(persona), fill(SCRIPTS[1].lines[0],
                                                                     persona), CONFIG)).session
    prompt_t, voice_t, turn_t = [], [], []
    for _ in range(turns):
        start = time.perf_counter()
        prepared = prepare(persona, session, line)
        prompt_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        offline.voice(prepared.messages, 0)
        voice_t.append(time.perf_counter() - start)
        start = time.perf_counter()
        await take_turn(persona, session, line, CONFIG)
        turn_t.append(time.perf_counter() - start)
    print(f"\nper turn over {turns} turns (skeptical_cfo, second rep turn):")
    print(f"  analyse+react+build_messages  {micros(prompt_t)}")
    print(f"  offline.voice                 {micros(voice_t)}")
    print(f"  take_turn (via litellm)       {micros(turn_t)}")


def main() -> None:
    turns = int(sys.argv[sys.argv.index("--turns") + 1]) if "--turns" in sys.argv else 200
    asyncio.run(outcomes())
    asyncio.run(speed(turns))


if __name__ == "__main__":
    main()

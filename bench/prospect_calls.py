"""Does every shipped persona reward good selling and punish bad selling? And how fast is `react`?

Usage: .venv/bin/python bench/prospect_calls.py [-v]

Plays three scripted calls (good, mixed, poor) against every persona in personas/, through the
real turn analysis and the prospect engine (no voice, no model), and prints per call the final
trust, patience, facts unlocked and how the call ended; `-v` prints every turn and its rules.
The prospect's replies are approximated by the facts and objections the engine chose, so the
analysis sees an objection when one was raised. Then times `analyse_rep` + `react` per turn.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis import CallContext, analyse_prospect, analyse_rep  # noqa: E402
from roleplay.prospect import ProspectState, Reaction, initial_state, react  # noqa: E402
from roleplay.prospect.persona import Persona, load_personas  # noqa: E402

CALLS: dict[str, list[str]] = {
    "good": [
        "hi {first} this is sam from brightline i'm calling because we help teams like yours "
        "cut admin time mind if i ask you a few questions",
        "how do you handle that today",
        "what's the hardest part of that for you",
        "what happens when that goes wrong",
        "why is fixing that important to you right now",
        "who else would be involved in a decision like this",
        "what kind of budget have you set aside for this",
        "when would you need something in place",
        "would it make sense to set up a meeting next week to look at it together",
    ],
    "mixed": [
        "hi {first} this is sam from brightline do you have a minute",
        "how do you handle that today",
        "we have a great tool for that it automates everything and our customers love it",
        "what's the hardest part of that for you",
        "it's only two hundred dollars a month",
        "can we book a demo",
    ],
    "poor": [
        "hi {first} our platform is the best on the market and saves companies forty percent",
        "what's your budget for this",
        "it only costs two hundred dollars a month which is cheaper than anyone else",
        "no honestly that's not true our product is much better than what you have now",
        "can we book a demo for tomorrow",
        "you really should look at it it will change your business",
    ],
}


def reply_of(persona: Persona, reaction: Reaction) -> str:
    said = [persona.fact(f).says for f in reaction.share]
    if reaction.raise_objection:
        said.append(persona.objection(reaction.raise_objection).says[0])
    return " ".join(said)


def play(persona: Persona, lines: list[str], verbose: bool) -> ProspectState:
    state, context = initial_state(persona), CallContext()
    for line in lines:
        analysis = analyse_rep(line.format(first=persona.name.split()[0].lower()), context)
        reaction = react(persona, state, analysis)
        state, context = reaction.state, context.after_rep(analysis)
        if verbose:
            rules = ", ".join(entry.rule for entry in reaction.trace)
            print(f"    {analysis.text[:58]:58} {reaction.mood:8} trust {state.trust:.2f} "
                  f"patience {state.patience:4.1f}  {rules}")
        if reply := reply_of(persona, reaction):
            context = context.after_prospect(analyse_prospect(reply))
        if reaction.ends_call:
            break
    return state


def report(personas: dict[str, Persona], verbose: bool) -> None:
    head = f"{'persona':24} {'call':6} {'trust':>5} {'patience':>8} {'turns':>5} {'facts':>5}"
    print(f"{head}  ended")
    for persona in personas.values():
        for name, lines in CALLS.items():
            state = play(persona, lines, verbose)
            facts = f"{len(state.unlocked)}/{len(persona.facts)}"
            print(f"{persona.id:24} {name:6} {state.trust:5.2f} {state.patience:8.1f} "
                  f"{state.rep_turns:5} {facts:>5}  {state.end_reason or '-'}")


def timing(personas: dict[str, Persona], rounds: int = 300) -> None:
    texts = [line.format(first="pat") for line in CALLS["good"]]
    analyses = [analyse_rep(text) for text in texts]
    per_turn = rounds * len(texts)
    start = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            analyse_rep(text)
    analysing = (time.perf_counter() - start) / per_turn
    start = time.perf_counter()
    for _ in range(rounds):
        for persona in personas.values():
            state = initial_state(persona)
            for analysis in analyses:
                state = react(persona, state, analysis).state
    reacting = (time.perf_counter() - start) / (per_turn * len(personas))
    print(f"\nper rep turn: analyse_rep {analysing * 1e6:.0f} µs, react {reacting * 1e6:.0f} µs "
          f"({rounds} rounds of the good call)")


def main() -> None:
    personas = load_personas(ROOT / "personas")
    verbose = "-v" in sys.argv[1:]
    report(personas, verbose)
    timing(personas)


if __name__ == "__main__":
    main()

"""Microseconds per turn of the turn analysis, on synthetic typed and voice-to-text turns.

Usage: .venv/bin/python bench/speed_analysis.py

Two sets: short mixed turns (the figure tracked since the first version) and long voice-to-text
run-ons, where every pattern has more text to scan. Timings are noisy on a shared machine: run
it twice and read the lower figure.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roleplay.analysis import analyse_transcript
from roleplay.transcript import Turn

LINES = (
    ("rep", "Hi Sam, the reason I'm calling is Dana suggested I reach out. Do you have a minute?"),
    ("prospect", "I guess, what's this about?"),
    ("rep", "so we help teams cut reporting time um how are you handling that today"),
    ("prospect", "we already have a vendor for that"),
    ("rep", "I hear you, but our customers save thirty percent in the first year."),
    ("prospect", "just send me an email"),
)


LONG_VOICE = (
    (
        "rep",
        "yeah so um the reason i called is we put in a new routing tool for a couple of depots "
        "near you last spring and uh they cut their overtime quite a bit so i was wondering "
        "how you handle the late deliveries right now and uh who else looks at that with you",
    ),
    (
        "prospect",
        "honestly we are pretty busy um we have a system that mostly works and i dont really "
        "have time for another vendor pitch this month so maybe just send me something",
    ),
    (
        "rep",
        "totally fair um so you know like it sounds like the current setup mostly works and "
        "youre slammed is it okay if i ask what happens on the days it doesnt work and "
        "whether that costs you anything in overtime or uh missed windows",
    ),
    (
        "prospect",
        "well when a driver calls in sick the whole afternoon falls apart and we end up paying "
        "two people to cover the route and the customers get annoyed",
    ),
)


def per_turn(lines: tuple[tuple[str, str], ...], repeat: int) -> tuple[int, float]:
    turns = [Turn(speaker=s, text=t) for s, t in lines] * repeat  # type: ignore[arg-type]
    started = time.perf_counter()
    analyse_transcript(turns)
    return len(turns), time.perf_counter() - started


def main() -> None:
    for name, lines, repeat in (("short", LINES, 2000), ("long voice", LONG_VOICE, 1500)):
        count, elapsed = per_turn(lines, repeat)
        micro = elapsed / count * 1e6
        print(f"{name}: {count} turns in {elapsed:.3f} s: {micro:.1f} µs per turn")


if __name__ == "__main__":
    main()

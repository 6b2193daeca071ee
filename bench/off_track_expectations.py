"""What the held-out prospect calls' writers expect of a call's score when the rep wasted turns.

Usage: .venv/bin/python bench/off_track_expectations.py   (the validation writers only)

Plays the calls as `bench/prospect_heldout.py` does (typed and voice, seed 1) and counts, for
the call forms whose rep turns include one off-track turn (silence, nonsense, small talk,
another language, "are you a robot?", rudeness: the engine's `odd`), and for those with more
than one, how many carry a score expectation, how many expect it high or low, and how many the
grader meets. It answers "does one wasted turn cap the call, as trainers expect?" (the
rubric's `off_track_turns`, `zero_at: 1`). Lists the call forms with one off-track turn whose
writer expects a high score.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prospect_heldout import ROOT, Played, run, score_fits

from roleplay.prospect.persona import load_personas


def off_track_turns(played: Played) -> int:
    return sum(1 for turn in played.turns if (turn["state_change"] or {}).get("odd"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("validation",), default="validation",
                        help="validation only: it names calls, which a test split must not")
    args = parser.parse_args()
    args.files, args.call = "", []
    games = asyncio.run(run(args, load_personas(ROOT / "personas")))
    counts: Counter[tuple[str, str, bool]] = Counter()
    high_after_one: list[str] = []
    for played in games:
        odd, wanted = off_track_turns(played), played.call.expect.score
        if not odd or wanted is None:
            continue
        many = "one" if odd == 1 else "more"
        counts[(many, wanted, score_fits(played.score, wanted))] += 1
        if many == "one" and wanted == "high":
            high_after_one.append(f"{played.call.id} {played.form} {played.score}")
    print("off-track turns  expected  met  call forms")
    for (many, expected, ok), n in sorted(counts.items()):
        print(f"{many:<16} {expected:<9} {'yes' if ok else 'no':<4} {n}")
    print("one off-track turn, a high score expected:", ", ".join(high_after_one) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

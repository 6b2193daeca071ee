"""How often each conduct detector calls a corpus rep turn odd: a check that the detectors (rude,
another language, nonsense, small talk...) stay quiet on ordinary calls.

Usage: .venv/bin/python bench/conduct_corpus.py [-v]     (-v: print every turn found odd)

Reads every rep turn of `data/turns/calls` with `roleplay.conduct.detectors.odd_turn` (the turn
alone, English as the only language, no persona words), and prints the count per kind.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import load_calls  # noqa: E402
from roleplay.conduct.detectors import odd_turn  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    kinds: Counter[str] = Counter()
    total = 0
    for call in load_calls(ROOT / "data" / "turns" / "calls"):
        for turn in call.turns:
            if turn.speaker != "rep":
                continue
            total += 1
            kind = odd_turn(turn.text)
            if kind is not None:
                kinds[kind] += 1
                if args.verbose:
                    print(f"{kind:12} {call.id:14} {turn.text[:100]}")
    print(f"{total} rep turns; odd: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


if __name__ == "__main__":
    main()

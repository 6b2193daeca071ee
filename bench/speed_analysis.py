"""Microseconds per turn of the turn analysis, on synthetic typed and voice-to-text turns.

Usage: .venv/bin/python bench/speed_analysis.py
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


def main() -> None:
    turns = [Turn(speaker=s, text=t) for s, t in LINES] * 2000  # type: ignore[arg-type]
    started = time.perf_counter()
    analyse_transcript(turns)
    elapsed = time.perf_counter() - started
    print(f"{len(turns)} turns in {elapsed:.3f} s: {elapsed / len(turns) * 1e6:.1f} µs per turn")


if __name__ == "__main__":
    main()

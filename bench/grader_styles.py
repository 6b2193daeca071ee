"""Does the call's total separate good reps from poor ones? The corpus's sales calls, graded as
written, grouped by the rep style their writer was asked for (`rep_style` in the call's meta).

Usage: .venv/bin/python bench/grader_styles.py [--rubric default] [--split all|writers-validation]

Printed per style: calls, mean and median total, the share below 60 and at 70 or more, and how
often the call-level faults fire (`no_substance`, any off-track turn). Then how often a call by a
good style (textbook, empathic reflector) outranks one by a poor style (pitcher, arguer, pressure
closer, pitch-as-question, vague), and one by an interrogator or rambler (ties count half). The
style is what the writer meant, not a label of every turn: read it as a rough check of the totals,
used for choosing between ways to aggregate the criteria (docs/grading.md, round nine). The
writers nobody has read yet (`corpus.UNREAD_WRITERS`) are left out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import Call, load_calls, unread, writer_group  # noqa: E402
from roleplay.grading import grade  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402
from roleplay.grading.scorecard import Scorecard  # noqa: E402
from roleplay.transcript import Transcript  # noqa: E402

GOOD = ("textbook", "empathic_reflector")
POOR = ("pitcher", "arguer", "pressure_closer", "question_pitcher", "vague")
MIDDLE = ("interrogator", "rambler")


def transcript(call: Call) -> Transcript:
    return Transcript.model_validate({
        "turns": [{"speaker": t.speaker, "text": t.text} for t in call.turns],
        "context": {"inbound": call.inbound},
    })


def check_value(card: Scorecard, metric: str) -> float | None:
    return next((c.value for r in card.criteria for c in r.checks if c.metric == metric), None)


def outranks(better: list[int], worse: list[int]) -> float:
    pairs = len(better) * len(worse)
    wins = sum((b > w) + 0.5 * (b == w) for b in better for w in worse)
    return wins / pairs if pairs else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rubric", default="default")
    parser.add_argument("--split", choices=("all", "writers-validation"), default="all")
    args = parser.parse_args()
    rubric = load_rubrics(ROOT / "rubrics")[args.rubric]
    totals: dict[str, list[int]] = defaultdict(list)
    faults: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for call in load_calls():
        if call.meta.get("market") not in ("b2b", "b2c") or unread(call.id):
            continue
        if args.split == "writers-validation" and not (
                call.split == "writers" and writer_group(call.id) == "validation"):
            continue
        card = grade(transcript(call), rubric)
        style = str(call.meta.get("rep_style", "?"))
        totals[style].append(card.score or 0)
        faults[style].append((check_value(card, "no_substance") is not None,
                              check_value(card, "off_track_turns") is not None))
    print(f"{'style':20} {'calls':>5} {'mean':>6} {'median':>6} {'<60':>5} {'>=70':>5} "
          f"{'no_substance':>12} {'off_track':>9}")
    for style, scores in sorted(totals.items(), key=lambda kv: -statistics.mean(kv[1])):
        n = len(scores)
        nothing = sum(f[0] for f in faults[style])
        off = sum(f[1] for f in faults[style])
        print(f"{style:20} {n:>5} {statistics.mean(scores):>6.1f} {statistics.median(scores):>6.1f}"
              f" {sum(s < 60 for s in scores) / n:>5.2f} {sum(s >= 70 for s in scores) / n:>5.2f}"
              f" {nothing:>7}/{n:<4} {off:>4}/{n:<4}")
    good = [s for style in GOOD for s in totals[style]]
    poor = [s for style in POOR for s in totals[style]]
    middle = [s for style in MIDDLE for s in totals[style]]
    print(f"good styles outrank poor ones: {outranks(good, poor):.3f}; "
          f"interrogators and ramblers: {outranks(good, middle):.3f}")


if __name__ == "__main__":
    main()

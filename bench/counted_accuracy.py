"""How the grader reads each rep turn, against the corpus labels: the turn model's labels after
`roleplay.conduct.counted` (the reading the scorecard and the prospect engine share), per split.

    .venv/bin/python bench/counted_accuracy.py [--split validation] [--market sales|other]
                                               [--turns FILE]

`bench/analysis_accuracy.py` scores the turn model alone; this scores what conduct makes of it
(a goodbye proposes nothing, running down a rival tells, taking up a request for material
explores it...), so a conduct change can be checked against labels it was not written from.
`--turns FILE` also writes every rep turn's reading, one per line, to compare two commits with
`diff`. Typed calls are read as written and in their voice-to-text form.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis import analyse_transcript  # noqa: E402
from roleplay.analysis.corpus import Call, read_calls, split_of, writer_group  # noqa: E402
from roleplay.grading.metrics import call_facts  # noqa: E402
from roleplay.transcript import Turn  # noqa: E402

LABELS = {"asks": "asks", "tells": "tells", "probing": "probes", "premature": "premature",
          "earns_right": "earns_right", "argues": "argues",
          "explores_objection": "explores_objection", "proposes_next_step": "proposes_next_step"}
"""Corpus label -> the attribute of the grader's reading."""
SPLITS = ("train", "validation", "test", "writers-validation", "writers-test")


def split_name(call_id: str) -> str:
    split = split_of(call_id)
    return f"writers-{writer_group(call_id)}" if split == "writers" else split


def chosen(split: str, market: str | None) -> list[Call]:
    calls = [c for c in read_calls() if split_name(c.id) == split]
    if market is not None:
        sales = market == "sales"
        calls = [c for c in calls if (c.meta.get("market") in ("b2b", "b2c")) == sales]
    typed = [c for c in calls if c.register == "typed"]
    return typed + [c for c in calls if c.register == "voice"] + [c.as_voice() for c in typed]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="validation")
    parser.add_argument("--market", choices=("sales", "other"))
    parser.add_argument("--turns", type=Path, help="write every rep turn's reading here")
    args = parser.parse_args()
    counts = {form: {label: [0, 0, 0] for label in LABELS} for form in ("typed", "voice")}
    lines: list[str] = []
    for call in chosen(args.split, args.market):
        form = "voice" if call.register == "voice" else "typed"
        turns = [Turn(speaker=t.speaker, text=t.text) for t in call.turns]
        facts = call_facts(analyse_transcript(turns, inbound=call.inbound), inbound=call.inbound)
        gold = [t for t in call.turns if t.speaker == "rep"]
        for index, (said, read) in enumerate(zip(gold, facts.rep, strict=True)):
            found = [label for label, attr in LABELS.items() if getattr(read, attr)]
            lines.append(f"{call.id}\t{index}\t{'|'.join(found)}")
            for label in LABELS:
                cell = counts[form][label]
                cell[0] += label in found and label in said.labels
                cell[1] += label in found and label not in said.labels
                cell[2] += label not in found and label in said.labels
    print(f"split {args.split}{f' market={args.market}' if args.market else ''}: "
          f"{len(lines)} rep turns (typed calls also as voice-to-text)")
    print(f"{'label':<20}{'form':<7}{'P':>7}{'R':>7}{'F1':>7}{'n+':>6}")
    for form, table in counts.items():
        for label, (tp, fp, fn) in table.items():
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{label:<20}{form:<7}{p:7.3f}{r:7.3f}{f1:7.3f}{tp + fn:6d}")
    if args.turns is not None:
        args.turns.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Agreement between the corpus labels and a blind second pass: Cohen's kappa per label.

Usage: .venv/bin/python bench/label_agreement.py [data/turns/relabel/second_pass.jsonl ...]

The second pass relabelled a random 10% of the calls (seeded sample, labels hidden) from the
labelling guide alone. Kappa compares the two passes turn by turn; for `kind`, `topic` and
`earns_how`, the turns both passes marked positive are compared.

Then the same turns as a ceiling: F1 against the first pass (the writer's labels) of the second
annotator and of the turn model (each call analysed as written, in order). On calls the model never
read (the held-out writers' files, `second_pass_round5*.jsonl`), the gap between the two says how
much of the model's miss is the model's, and how much is how far two careful readers of the guide
differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import Call, _read, load_calls  # noqa: E402
from roleplay.analysis.evaluation import Counts, label_counts  # noqa: E402

LABELS = ("asks", "tells", "probing", "premature", "earns_right", "argues", "explores_objection",
          "proposes_next_step", "objection", "agrees_next_step", "grants_right", "pain")
DETAILS = (("kind", "objection"), ("topic", "probing"), ("earns_how", "earns_right"))


def kappa(first: list[str], second: list[str]) -> float:
    """Cohen's kappa for two raters' categorical labels over the same items."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    categories = set(first) | set(second)
    expected = sum((first.count(c) / n) * (second.count(c) / n) for c in categories)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passes", nargs="*", type=Path, help="second-pass files (JSON lines)",
                        default=[ROOT / "data/turns/relabel/second_pass.jsonl"])
    paths: list[Path] = parser.parse_args(argv[1:]).passes
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        print(f"label_agreement: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    second = {call.id: call for path in paths for call in _read(path)}
    first = {call.id: call for call in load_calls() if call.id in second}
    pairs = [(first[i], second[i]) for i in second]
    turns = sum(len(a.turns) for a, _ in pairs)
    print(f"{len(pairs)} calls, {turns} turns labelled twice\n")
    print(f"{'label':<20}{'kappa':>7}{'agree':>8}{'first+':>8}{'second+':>9}")
    for label in LABELS:
        a, b = _column(pairs, label)
        speaker_items = len(a)
        agree = sum(x == y for x, y in zip(a, b, strict=True)) / speaker_items
        print(f"{label:<20}{kappa(a, b):7.3f}{agree:8.3f}{a.count('1'):8d}{b.count('1'):9d}")
    for field, gate in DETAILS:
        a, b = _detail(pairs, field, gate)
        if a:
            print(f"{field + ' (both ' + gate + ')':<32}{kappa(a, b):7.3f} over {len(a)} turns")
    ceiling(pairs)
    return 0


def ceiling(pairs: list[tuple[Call, Call]]) -> None:
    """F1 against the first pass: the second annotator's, and the turn model's."""
    model = label_counts([one for one, _ in pairs], LABELS)
    print(f"\nF1 against the first pass, same turns\n{'label':<20}{'second pass':>12}{'model':>8}")
    for label in LABELS:
        a, b = _column(pairs, label)
        human = Counts()
        for first, second in zip(a, b, strict=True):
            human.add(second == "1", first == "1")
        print(f"{label:<20}{human.f1():12.3f}{model[label].f1():8.3f}")


def _column(pairs: list[tuple[Call, Call]], label: str) -> tuple[list[str], list[str]]:
    a: list[str] = []
    b: list[str] = []
    speaker = "prospect" if label in ("objection", "agrees_next_step", "grants_right", "pain") \
        else "rep"
    for one, two in pairs:
        for x, y in zip(one.turns, two.turns, strict=True):
            if x.speaker == speaker:
                a.append("1" if label in x.labels else "0")
                b.append("1" if label in y.labels else "0")
    return a, b


def _detail(pairs: list[tuple[Call, Call]], field: str, gate: str) -> tuple[list[str], list[str]]:
    a: list[str] = []
    b: list[str] = []
    for one, two in pairs:
        for x, y in zip(one.turns, two.turns, strict=True):
            if gate in x.labels and gate in y.labels:
                a.append(str(getattr(x, field)))
                b.append(str(getattr(y, field)))
    return a, b


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

"""Measured accuracy of the turn labels on human-labelled data, typed and voice-to-text.

Usage: .venv/bin/python bench/grader_accuracy.py ../shared/data

Reads, from PATH (skipped with a message when absent): Switchboard questions, AnnoMI counselling
sessions and PersuasionForGood chats; and, always, our own labelled sales calls in
tests/data/sales_labelled.jsonl. Prints per-label precision, recall and F1 for the typed text and
the voice-to-text form (`text_asr`), and the AUC of high- versus low-quality counselling sessions,
each next to the AUC of a plain count (share of rep turns that ask; that do not tell).
Fields a turn lists in `skip` are not scored. Nothing from PATH is written anywhere.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis import (  # noqa: E402
    ProspectAnalysis,
    RepAnalysis,
    TurnAnalysis,
    analyse_transcript,
    is_question,
)
from roleplay.transcript import Turn  # noqa: E402

SALES = ROOT / "tests" / "data" / "sales_labelled.jsonl"
FORMS = (("typed", "text"), ("voice", "text_asr"))
REP_LABELS = ("asks", "tells", "probing", "premature", "argues")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        if predicted and actual:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif actual:
            self.fn += 1
        else:
            self.tn += 1

    def row(self) -> tuple[float, float, float, int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = precision + recall
        f1 = 2 * precision * recall / total if total else 0.0
        return precision, recall, f1, self.tp + self.fn


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def label_of(analysis: TurnAnalysis, label: str) -> bool:
    """The scorecard label a turn analysis gives (the scorecard says `probing`)."""
    if isinstance(analysis, RepAnalysis):
        return bool(getattr(analysis, "probes" if label == "probing" else label))
    assert isinstance(analysis, ProspectAnalysis)
    return analysis.objection


def score_dialogues(
    dialogues: Iterable[dict[str, Any]], field: str, labels: Iterable[str]
) -> dict[str, Counts]:
    wanted = tuple(labels)
    counts = {label: Counts() for label in wanted}
    for dialogue in dialogues:
        turns = [Turn(speaker=t["speaker"], text=t[field]) for t in dialogue["turns"]]
        for raw, analysis in zip(dialogue["turns"], analyse_transcript(turns), strict=True):
            for label, actual in raw["labels"].items():
                if label in counts and label not in raw.get("skip", []):
                    counts[label].add(label_of(analysis, label), bool(actual))
    return counts


def print_table(title: str, rows: dict[str, dict[str, Counts]]) -> None:
    print(f"\n{title}")
    print(f"  {'label':<12}{'form':<7}{'precision':>10}{'recall':>8}{'F1':>7}{'n+':>6}")
    for label, forms in rows.items():
        for form, counts in forms.items():
            precision, recall, f1, positives = counts.row()
            print(f"  {label:<12}{form:<7}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{positives:>6}")


def by_label(per_form: dict[str, dict[str, Counts]]) -> dict[str, dict[str, Counts]]:
    labels = next(iter(per_form.values())).keys()
    return {label: {form: per_form[form][label] for form in per_form} for label in labels}


def switchboard(path: Path) -> None:
    rows = list(read_jsonl(path))
    table: dict[str, Counts] = {}
    for form, field in (("typed", "text_original"), ("voice", "text_asr")):
        counts = Counts()
        for row in rows:
            counts.add(is_question(row[field]), row["label"] == "question")
        table[form] = counts
    print_table(f"Switchboard question detection ({len(rows)} utterances)", {"question": table})


def dialogues(paths: list[Path], labels: tuple[str, ...], title: str) -> None:
    data = [d for path in paths for d in read_jsonl(path)]
    per_form = {form: score_dialogues(data, field, labels) for form, field in FORMS}
    print_table(f"{title} ({len(data)} dialogues)", by_label(per_form))


def auc(scores_high: list[float], scores_low: list[float]) -> float:
    """Probability that a high-quality session outscores a low-quality one (ties count half)."""
    pairs = [(h > lo) + 0.5 * (h == lo) for h in scores_high for lo in scores_low]
    return sum(pairs) / len(pairs) if pairs else float("nan")


def criterion_scorer() -> tuple[str, Callable[[list[Turn], str], float]]:
    """The scorecard's criterion score when the grader exists, else a proxy from the analysis."""
    try:
        from roleplay.grading import grade
        from roleplay.grading.rubrics import load_rubrics

        rubric = load_rubrics(ROOT / "rubrics")["default"]
    except (ImportError, KeyError, OSError) as problem:
        print(f"  (grade() unavailable: {problem}; using the analysis proxy)")
        return "proxy", proxy_score

    def graded(turns: list[Turn], criterion: str) -> float:
        from roleplay.transcript import Transcript

        card = grade(Transcript(turns=turns), rubric)
        score = next(c.score for c in card.criteria if c.id == criterion)
        return 50.0 if score is None else float(score)  # n/a: neither good nor bad

    return "grade()", graded


def proxy_score(turns: list[Turn], criterion: str) -> float:
    reps = [a for a in analyse_transcript(turns) if isinstance(a, RepAnalysis)]
    if not reps:
        return 0.0
    if criterion == "asking_over_telling":
        asks = sum(a.asks for a in reps)
        tells = sum(a.tells for a in reps)
        return asks / (asks + tells) if asks + tells else 0.5
    return 1.0 - sum(a.argues or (a.tells and not a.asks) for a in reps) / len(reps)


def ask_share(turns: list[Turn]) -> float:
    reps = [a for a in analyse_transcript(turns) if isinstance(a, RepAnalysis)]
    return sum(a.asks for a in reps) / len(reps) if reps else 0.0


def quiet_share(turns: list[Turn]) -> float:
    reps = [a for a in analyse_transcript(turns) if isinstance(a, RepAnalysis)]
    return sum(not a.tells for a in reps) / len(reps) if reps else 0.0


# A simple figure to judge each criterion against: does the criterion beat a plain count?
BASELINES: dict[str, tuple[str, Callable[[list[Turn]], float]]] = {
    "asking_over_telling": ("ask share", ask_share),
    "not_arguing": ("no-tell share", quiet_share),
}


def session_quality(path: Path) -> None:
    sessions = list(read_jsonl(path))
    name, scorer = criterion_scorer()
    print(f"\nAnnoMI high- vs low-quality sessions, AUC on criterion scores ({name})")
    for criterion in ("asking_over_telling", "not_arguing"):
        label, baseline = BASELINES[criterion]
        for form, field in FORMS:
            high: list[tuple[float, float]] = []
            low: list[tuple[float, float]] = []
            for session in sessions:
                turns = [Turn(speaker=t["speaker"], text=t[field]) for t in session["turns"]]
                scores = (scorer(turns, criterion), baseline(turns))
                (high if session["mi_quality"] == "high" else low).append(scores)
            graded = auc([h for h, _ in high], [lo for lo, _ in low])
            plain = auc([h for _, h in high], [lo for _, lo in low])
            low_end, high_end = drop_one_range([h for h, _ in high], [lo for lo, _ in low])
            print(
                f"  {criterion:<22}{form:<7}AUC {graded:.3f}  ({len(high)} vs {len(low)})"
                f"  baseline {label} {plain:.3f}  drop-one {low_end:.3f}-{high_end:.3f}"
            )


def drop_one_range(high: list[float], low: list[float]) -> tuple[float, float]:
    """The lowest and highest AUC with any one session left out: how much one session moves it."""
    found = [auc(high, low[:i] + low[i + 1 :]) for i in range(len(low))]
    found += [auc(high[:i] + high[i + 1 :], low) for i in range(len(high))]
    return min(found), max(found)


def sales(split: str | None) -> None:
    data = [d for d in read_jsonl(SALES) if split is None or d.get("split") == split]
    labels = (*REP_LABELS, "objection")
    per_form = {form: score_dialogues(data, field, labels) for form, field in FORMS}
    print_table(
        f"Own sales calls, {split or 'all'} split ({len(data)} dialogues)", by_label(per_form)
    )


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    if folder.is_dir():
        switchboard(folder / "swda_questions_dev.jsonl")
        dialogues([folder / "annomi_dev.jsonl"], ("asks", "tells", "objection"), "AnnoMI")
        dialogues([folder / "p4g_dev.jsonl"], ("asks", "tells", "objection"), "PersuasionForGood")
        dialogues(
            [folder / "annomi_dev.jsonl", folder / "p4g_dev.jsonl"],
            ("asks", "tells", "objection"),
            "Dialogues: AnnoMI + PersuasionForGood",
        )
        session_quality(folder / "annomi_dev.jsonl")
    else:
        print(f"{folder}: no such folder; skipping the public labelled sets")
    if SALES.exists():
        sales("dev")
        sales("held_out")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

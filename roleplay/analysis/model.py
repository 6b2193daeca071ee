"""The trained turn model: linear heads over named features, loaded with numpy alone.

`model.npz` (written by `make train`, see `data/turns/train.py`) holds one vocabulary of feature
names (UTF-8 bytes, one name a line) with each name's n-gram group (`features.group_number`), one
float16 weight matrix with a column per binary label and per class of each multi-class head, the
biases, for each binary label the threshold chosen on the validation split, and the question-onset
model (`onset.py`: where a question starts in voice-to-text, `turns.ONSET`). Scoring a turn is a
sum of the weight rows of its features (widened to float32): tens of microseconds, deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from pathlib import Path

import numpy as np
import numpy.typing as npt

from roleplay.analysis.features import GROUP_WEIGHTS, Features
from roleplay.analysis.onset import OnsetModel

MODEL_FILE = Path(__file__).with_name("model.npz")
FloatArray = npt.NDArray[np.float32]
WIDEN_AFTER = 2000
"""After this many turns scored, a model widens its whole weight matrix to float32 once (about
0.1 s and 40 MB): widening each turn's rows costs about 40 µs a turn."""


@dataclass(frozen=True, slots=True)
class Scores:
    """Probabilities for one turn's binary labels; `best(head)` gives a multi-class head's most
    likely class, `share(head, option)` its probability, and `contributions(label)` what each of
    the turn's features added to a label (for evidence). `phrases` keeps the evidence phrases
    worked out from these scores (`RepAnalysis.words_for`), as a scorecard quotes a turn's label
    under several criteria."""

    binary: dict[str, float]
    logits: FloatArray
    heads: dict[str, tuple[list[str], npt.NDArray[np.intp]]]
    names: list[str]
    values: FloatArray
    block: FloatArray
    columns: dict[str, int]
    phrases: dict[tuple[str, str], str] = field(default_factory=dict, compare=False)

    def best(self, head: str) -> str | None:
        options, columns = self.heads[head]
        return options[int(self.logits[columns].argmax())] if options else None

    def share(self, head: str, option: str) -> float:
        return self.shares(head)[option]

    def shares(self, head: str) -> dict[str, float]:
        """Each option of a multi-class head with its probability."""
        options, columns = self.heads[head]
        picked = self.logits[columns]
        exp = np.exp(picked - picked.max())
        return dict(zip(options, (exp / exp.sum()).tolist(), strict=True))

    def contributions(self, label: str) -> list[tuple[str, float]]:
        """Every feature of the turn with its contribution to `label` (weight times value)."""
        if not self.names:
            return []
        values = (self.values * self.block[:, self.columns[label]]).tolist()
        return list(zip(self.names, values, strict=True))


class TurnModel:
    """Linear heads over one feature vocabulary (see the module docstring for the file)."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            names = names_from(data["vocabulary"])
            self.vocabulary: dict[str, int] = dict(zip(names, range(len(names)), strict=True))
            self.weights: npt.NDArray[np.float16] = data["weights"]  # rows widen when read
            self.bias: FloatArray = data["bias"].astype(np.float32)
            self._groups: npt.NDArray[np.intp] = data["groups"].astype(np.intp)
            self.onset: OnsetModel | None = OnsetModel.from_arrays(
                names_from(data["onset_vocabulary"]), data["onset_weights"],
                float(data["onset_bias"])) if "onset_vocabulary" in data.files else None
        self._group_weights = np.array(GROUP_WEIGHTS, dtype=np.float32)
        self._wide: FloatArray | None = None
        self._scored = 0
        self.binary: list[str] = meta["binary"]
        self.thresholds: dict[str, float] = meta["thresholds"]
        self.heads: dict[str, list[str]] = meta["heads"]
        self.columns: dict[str, int] = {name: i for i, name in enumerate(meta["columns"])}
        self._binary_columns = np.array([self.columns[label] for label in self.binary],
                                        dtype=np.intp)
        self._heads = {  # column indices as arrays: a list would be converted every time
            head: (options, np.array([self.columns[f"{head}={o}"] for o in options], dtype=np.intp))
            for head, options in self.heads.items()}

    def score(self, features: Features) -> Scores:
        """Probabilities for every label and head of one turn's features."""
        every = np.fromiter(map(self.vocabulary.get, features, repeat(-1)), dtype=np.intp,
                            count=len(features))
        known = every >= 0
        rows = every[known]
        names = list(compress(features, known.tolist()))
        values: FloatArray = np.multiply(
            np.fromiter(features.values(), dtype=np.float32, count=len(features))[known],
            self._scale(rows), dtype=np.float32)
        block = self._block(rows)
        logits = values @ block + self.bias
        probabilities = (1.0 / (1.0 + np.exp(-logits[self._binary_columns]))).tolist()
        binary = dict(zip(self.binary, probabilities, strict=True))
        return Scores(binary, logits, self._heads, names, values, block, self.columns)

    def _block(self, rows: npt.NDArray[np.intp]) -> FloatArray:
        """The weight rows, widened to float32: row by row for the first turns (a process that
        grades one call never pays for the whole matrix), then from the matrix widened once (the
        same values: widening float16 is exact)."""
        if self._wide is not None:
            return np.take(self._wide, rows, axis=0)
        self._scored += 1
        if self._scored >= WIDEN_AFTER:
            self._wide = self.weights.astype(np.float32)
        return np.take(self.weights, rows, axis=0).astype(np.float32)

    def _scale(self, rows: npt.NDArray[np.intp]) -> FloatArray:
        """`features.unit_length` over the known rows, with numpy: each n-gram group's values
        divided by the square root of how many of its n-grams the model knows."""
        groups = self._groups[rows]
        counts = np.bincount(groups, minlength=len(self._group_weights))
        sizes = np.maximum(counts, 1).astype(np.float32)  # a group with no row is never read
        sizes[0] = 1.0
        # worked out once per group, then read per row: the same float32 operations
        return np.divide(self._group_weights, np.sqrt(sizes), dtype=np.float32)[groups]

    def decide(self, scores: Scores, label: str) -> bool:
        return scores.binary[label] >= self.thresholds[label]


def names_from(stored: npt.NDArray[np.generic]) -> list[str]:
    """The feature names of a model file: UTF-8 bytes, one name a line (a numpy string in older
    files)."""
    text = stored.tobytes().decode("utf-8") if stored.dtype == np.uint8 else str(stored)
    return text.split("\n")


def stored_names(names: list[str]) -> npt.NDArray[np.uint8]:
    """Feature names as a model file holds them (read back with `names_from`)."""
    return np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)


@cache
def turn_model() -> TurnModel:
    """The shipped model, loaded once per process."""
    return TurnModel()

"""The trained turn model: linear heads over named features, loaded with numpy alone.

`model.npz` (written by `make train`, see `data/turns/train.py`) holds one vocabulary of feature
names, one weight matrix with a column per binary label and per class of each multi-class head,
the biases, and for each binary label the threshold chosen on the validation split. Scoring a
turn is a sum of the weight rows of its features: tens of microseconds, deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from roleplay.analysis.features import Features

MODEL_FILE = Path(__file__).with_name("model.npz")
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Scores:
    """Probabilities for one turn: binary labels, and the class probabilities of each head.
    `top(label)` says which of the turn's features weighed most for a label (for evidence)."""

    binary: dict[str, float]
    classes: dict[str, dict[str, float]]
    names: list[str]
    values: FloatArray
    block: FloatArray
    columns: dict[str, int]

    def best(self, head: str) -> str | None:
        options = self.classes.get(head)
        return max(options, key=options.__getitem__) if options else None

    def top(self, label: str, keep: int = 4) -> list[tuple[str, float]]:
        """The features with the largest positive contribution to `label`, strongest first."""
        if not self.names:
            return []
        contribution = self.values * self.block[:, self.columns[label]]
        count = min(keep, len(contribution))
        picked = np.argpartition(-contribution, count - 1)[:count]
        order = picked[np.argsort(-contribution[picked], kind="stable")]
        return [(self.names[i], float(contribution[i])) for i in order if contribution[i] > 0]


class TurnModel:
    """Linear heads over one feature vocabulary (see the module docstring for the file)."""

    def __init__(self, path: Path = MODEL_FILE) -> None:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            self.vocabulary: dict[str, int] = {
                name: i for i, name in enumerate(str(data["vocabulary"]).split("\n"))
            }
            self.weights: FloatArray = data["weights"].astype(np.float32)
            self.bias: FloatArray = data["bias"].astype(np.float32)
        self.binary: list[str] = meta["binary"]
        self.thresholds: dict[str, float] = meta["thresholds"]
        self.heads: dict[str, list[str]] = meta["heads"]
        self.columns: dict[str, int] = {name: i for i, name in enumerate(meta["columns"])}
        self.meta = meta

    def score(self, features: Features) -> Scores:
        """Probabilities for every label and head of one turn's features."""
        get = self.vocabulary.get
        found = [(name, row) for name in features if (row := get(name)) is not None]
        names = [name for name, _ in found]
        values = np.fromiter((features[name] for name in names), dtype=np.float32,
                             count=len(names))
        block = self.weights[[row for _, row in found]]
        logits = values @ block + self.bias
        probabilities = 1.0 / (1.0 + np.exp(-logits))
        binary = {label: float(probabilities[self.columns[label]]) for label in self.binary}
        classes = {head: _softmax(logits, self._head_columns(head), options)
                   for head, options in self.heads.items()}
        return Scores(binary, classes, names, values, block, self.columns)

    def decide(self, scores: Scores, label: str) -> bool:
        return scores.binary[label] >= self.thresholds[label]

    def _head_columns(self, head: str) -> list[int]:
        return [self.columns[f"{head}={option}"] for option in self.heads[head]]


def _softmax(logits: FloatArray, columns: list[int], options: list[str]) -> dict[str, float]:
    picked = logits[columns]
    exp = np.exp(picked - picked.max())
    probabilities = exp / exp.sum()
    return {option: float(p) for option, p in zip(options, probabilities, strict=True)}


@cache
def turn_model() -> TurnModel:
    """The shipped model, loaded once per process."""
    return TurnModel()

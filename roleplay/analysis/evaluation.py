"""How well the analysis labels calls whose labels are known: counts and F1 per label.

One counting loop for the training script (thresholds tuned as `analyse_transcript` runs), the
accuracy bench and the validation guard in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from roleplay.analysis.corpus import Call
from roleplay.analysis.model import TurnModel
from roleplay.analysis.turns import TurnAnalysis, analyse_transcript
from roleplay.transcript import Turn

ATTRIBUTE = {"probing": "probes"}
"""Where the analysis keeps a corpus label under another name."""


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: bool, actual: bool) -> None:
        self.tp += predicted and actual
        self.fp += predicted and not actual
        self.fn += actual and not predicted

    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def label_of(analysis: TurnAnalysis, label: str) -> bool | None:
    """The analysis's verdict on a corpus label; None when the label is not for this speaker."""
    value = getattr(analysis, ATTRIBUTE.get(label, label), None)
    return None if value is None else bool(value)


def label_counts(
    calls: Iterable[Call], labels: Iterable[str], model: TurnModel | None = None, *,
    given_objections: bool = False,
) -> dict[str, Counts]:
    """Each label's counts over every turn of `calls`, analysed as a whole call in order
    (`given_objections`: each prospect turn's objection label is given, as a session gives it,
    `Turn.objection`)."""
    counts = {label: Counts() for label in labels}
    for call in calls:
        found = analyse_transcript(
            [Turn(speaker=t.speaker, text=t.text, objection=(
                "objection" in t.labels if given_objections and t.speaker == "prospect" else None))
             for t in call.turns], inbound=call.inbound, model=model)
        for turn, analysis in zip(call.turns, found, strict=True):
            for label, tally in counts.items():
                verdict = label_of(analysis, label)
                if verdict is not None:
                    tally.add(verdict, label in turn.labels)
    return counts

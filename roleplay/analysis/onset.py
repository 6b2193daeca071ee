"""Where a question starts in a run of words, learned from typed text's question marks.

Voice-to-text writes no "?", and a rep often says something before asking: "that sounds hard on
everyone what part of it worries him the most". The cue patterns (`question_cues.py`) find a
question that opens the turn or follows a discourse word ("so", "and"), but a question run on
after a statement is told only by its words. Typed text shows where such questions start: a
sentence that ends with "?" opens a question. From the training split's typed turns (every
speaker), `data/turns/train.py` learns a small logistic model over the words around each position
(the position opens a question, or does not), with punctuation removed as voice-to-text removes
it. It decides nothing alone: a turn without punctuation with a likely onset is also read with
the punctuation put back (a full stop before the onset, a question mark at the end), and the turn
model reads that as typed text (`turns.ONSET`, `turns.RESTORED`).

    OnsetModel.onset(words)         the position likeliest to open a question, and how likely
    onsets_of(text)                 a typed text's words, and which of them open a question
    last_question(text)             a typed text's last question, when something comes before it

The weights ship inside `model.npz` (`onset_vocabulary`, `onset_weights`, `onset_bias`); with a
model file without them no turn is read twice.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from roleplay.analysis.features import words as plain_words

MAX_POSITIONS = 400
"""Positions read in one turn: a question opens within its first 400 words or is not looked for
(a 900 KB turn costs no more than a long one)."""
_SENTENCE = re.compile(r"[^.?!]+[.?!]*")
"""A sentence of typed text and the punctuation that ends it."""


def position_features(words: tuple[str, ...] | list[str], i: int) -> list[str]:
    """The words around position `i` (the word there, two before and two after, and the pairs
    and triples they make), as the onset model reads them."""
    def at(k: int) -> str:
        return words[k] if 0 <= k < len(words) else ("<s>" if k < 0 else "</s>")

    here, before, after = at(i), at(i - 1), at(i + 1)
    found = [f"a:{here}", f"b:{before}", f"c:{after}", f"d:{at(i - 2)}", f"e:{at(i + 2)}",
             f"ab:{before} {here}", f"ac:{here} {after}", f"acd:{here} {after} {at(i + 2)}",
             f"bb:{at(i - 2)} {before}", f"abc:{before} {here} {after}"]
    if i == 0:
        found.append("start")
    return found


def onsets_of(text: str) -> tuple[list[str], list[bool]]:
    """A typed text's words (as voice-to-text would give them), and for each whether a question
    starts there: the first word of a sentence that ends with "?"."""
    found: list[str] = []
    opens: list[bool] = []
    for sentence in _SENTENCE.findall(text):
        said = plain_words(sentence)
        if not said:
            continue
        opens += [sentence.strip().endswith("?")] + [False] * (len(said) - 1)
        found += said
    return found, opens


def last_question(text: str) -> str | None:
    """The last sentence of a typed text that ends with "?" (the question `onsets_of` finds
    last), when a sentence comes before it; else None."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    asked = [i for i, sentence in enumerate(sentences) if sentence.endswith("?")]
    return sentences[asked[-1]] if asked and asked[-1] > 0 else None


OPENERS = frozenset({
    "what", "whats", "how", "hows", "who", "whos", "why", "when", "where", "which", "whether",
    "do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "should",
    "have", "has", "shall", "may"})
"""Words a spoken question opens with (`turns.ONSET_SPOKEN`)."""


@dataclass(frozen=True, slots=True)
class OnsetModel:
    """A logistic model over `position_features`: a weight per feature name and a bias."""

    weights: dict[str, float]
    bias: float

    @classmethod
    def from_arrays(cls, names: list[str], weights: npt.NDArray[np.generic],
                    bias: float) -> OnsetModel:
        return cls(dict(zip(names, weights.astype(np.float32).tolist(), strict=True)),
                   float(bias))

    def onset(self, words: tuple[str, ...] | list[str]) -> tuple[int, float]:
        """The position of the turn likeliest to open a question, and how likely it is."""
        if not words:
            return 0, 0.0
        return self.best(self.position_scores(words))

    def best(self, scores: list[float]) -> tuple[int, float]:
        """The position with the highest of `position_scores` (not empty), and how likely a
        question opens there."""
        position = max(range(len(scores)), key=scores.__getitem__)
        return position, self.probability(scores[position])

    def probability(self, score: float) -> float:
        """One position's summed weights as the probability that a question opens there."""
        return 1.0 / (1.0 + math.exp(-(score + self.bias)))

    def position_scores(self, words: tuple[str, ...] | list[str]) -> list[float]:
        """Each position's summed weights over `position_features` (the first MAX_POSITIONS),
        added in the same order, in one pass over the words padded with their start and end."""
        get = self.weights.get
        padded = ("<s>", "<s>", *words, "</s>", "</s>")
        ends = min(len(words), MAX_POSITIONS) + 2
        scores = [
            get("a:" + here, 0.0) + get("b:" + before, 0.0) + get("c:" + after, 0.0)
            + get("d:" + two_back, 0.0) + get("e:" + two_on, 0.0)
            + get(f"ab:{before} {here}", 0.0) + get(f"ac:{here} {after}", 0.0)
            + get(f"acd:{here} {after} {two_on}", 0.0) + get(f"bb:{two_back} {before}", 0.0)
            + get(f"abc:{before} {here} {after}", 0.0)
            for two_back, before, here, after, two_on in zip(
                padded, padded[1:], padded[2:ends], padded[3:], padded[4:], strict=False)
        ]
        if scores:
            scores[0] += get("start", 0.0)
        return scores

"""Features of a turn for the trained model: words, characters, cue detectors and the call so far.

Everything is computed from the words, never from punctuation alone, so typed text and voice-to-text
(lowercase, no punctuation, fillers, restarts) land on the same features. A question mark, where
there is one, adds its own feature: on typed text it is strong evidence, and the model weighs it.

A feature is a string name with a float value (`Features`). The same function builds them at
training time (`data/turns/train.py`) and at run time, so the two can never drift apart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

Features = dict[str, float]
FloatArray = npt.NDArray[np.float32]
WORD_VECTORS = Path(__file__).with_name("words.npz")

_APOSTROPHE = re.compile(r"['’`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm", "ah", "eh"})
CHAR_SIZES = (4,)
_TYPED = re.compile(r"[.,!?;:]")


def words(text: str) -> list[str]:
    """Lowercase words without punctuation or fillers, a restarted word said once ("we we")."""
    plain = _NOT_WORD.sub(" ", _APOSTROPHE.sub("", text.lower()))
    out: list[str] = []
    for word in _DIGITS.sub("0", plain).split():
        if word in FILLERS or (out and out[-1] == word):
            continue
        out.append(word)
    return out


@dataclass(frozen=True, slots=True)
class TurnText:
    """A turn's words, with what its punctuation said (only typed text has any)."""

    words: tuple[str, ...]
    question_mark: bool
    ends_with_question_mark: bool
    typed: bool

    @classmethod
    def of(cls, text: str) -> TurnText:
        """The turn's words; remembered for a while, as a turn is read again as the next turn's
        context."""
        return _turn_text(text)

    @classmethod
    def read(cls, text: str) -> TurnText:
        stripped = text.strip()
        return cls(
            words=tuple(words(text)),
            question_mark="?" in stripped,
            ends_with_question_mark=stripped.endswith("?"),
            typed=_TYPED.search(stripped) is not None,
        )


@lru_cache(maxsize=4096)
def _turn_text(text: str) -> TurnText:
    return TurnText.read(text)


def text_features(turn: TurnText, prefix: str = "") -> Features:
    """Word 1-3 grams (the turn's start and end marked in the pairs and triples), the first and
    last words, character 4-grams, and "?" where there is punctuation.

    The word and the character n-grams are each scaled to unit length over the n-grams the model
    knows (`unit_length`), so a long turn weighs no more than a short one, the few cue and context
    features keep their voice beside them, and words the model never read (a company's name, a
    misheard word) do not dilute the words it did.
    Nothing measures length itself: short claims and long questions exist, and a length prior
    learned from our corpus would not carry to other calls."""
    grams = [f"{prefix}w1:{word}" for word in turn.words]
    tokens = ["<s>", *turn.words, "</s>"]
    for n in (2, 3):
        grams += [f"{prefix}w{n}:{' '.join(tokens[i : i + n])}" for i in range(len(tokens) - n + 1)]
    for n in (1, 2, 3):
        if len(turn.words) >= n:
            grams.append(f"{prefix}first{n}:{' '.join(turn.words[:n])}")
            grams.append(f"{prefix}last{n}:{' '.join(turn.words[-n:])}")
    joined = f" {' '.join(turn.words)} "
    chars = [f"{prefix}c:{joined[i : i + n]}"
             for n in CHAR_SIZES for i in range(len(joined) - n + 1)]
    found = dict.fromkeys(grams, 1.0)
    found.update(dict.fromkeys(chars, 1.0))
    if turn.typed:
        found[f"{prefix}typed"] = 1.0
        found[f"{prefix}qmark" if turn.question_mark else f"{prefix}no-qmark"] = 1.0
        if turn.ends_with_question_mark:
            found[f"{prefix}qmark-end"] = 1.0
    return found


CONTEXT_WEIGHT = 0.7
"""The length of the neighbouring turn's n-gram group beside the turn's own (each of those is 1)."""

_GROUP_NUMBER = {"w1": 1, "w2": 1, "w3": 1, "first1": 1, "first2": 1, "first3": 1, "last1": 1,
                 "last2": 1, "last3": 1, "c": 2, "P": 3, "R": 4}
GROUP_WEIGHTS = (1.0, 1.0, 1.0, CONTEXT_WEIGHT, CONTEXT_WEIGHT)
"""The length of each n-gram group after scaling, by group number: 1 the turn's words, 2 its
characters, 3 and 4 the neighbouring prospect's or rep's words; 0 a feature that stands alone (a
cue, "?", the call's setting) and keeps its value."""


def group_number(name: str) -> int:
    """The n-gram group a feature belongs to (see GROUP_WEIGHTS); the model stores these."""
    head, colon, _ = name.partition(":")
    return _GROUP_NUMBER.get(head, 0) if colon else 0


def unit_length(names: list[str], values: list[float]) -> list[float]:
    """The values with each n-gram group scaled to unit length (times its weight) over the names
    given: the model passes the names it knows, so an unknown word weighs nothing and takes
    nothing away."""
    groups = [group_number(name) for name in names]
    sizes = Counter(groups)
    return [value * GROUP_WEIGHTS[group] / sizes[group] ** 0.5 if group else value
            for group, value in zip(groups, values, strict=True)]


def context_words(turn: TurnText | None, prefix: str) -> Features:
    """The neighbouring turn's words and word pairs, under their own prefix, at unit length."""
    if turn is None:
        return {}  # no "no context" feature: a turn read on its own is judged by its words
    tokens = ["<s>", *turn.words, "</s>"]
    grams = [f"{prefix}{word}" for word in turn.words]
    grams += [f"{prefix}{' '.join(tokens[i : i + 2])}" for i in range(len(tokens) - 1)]
    found = dict.fromkeys(grams, 1.0)
    if turn.question_mark:
        found[f"{prefix.rstrip(':')}-qmark"] = 1.0
    return found


def cue_features(cues: Iterable[str], verdicts: Iterable[str]) -> Features:
    """The cue detectors' findings: which patterns fired and what the rules would have said."""
    found: Features = {f"cue:{cue}": 1.0 for cue in cues}
    found.update({f"rule:{verdict}": 1.0 for verdict in verdicts})
    return found


class WordVectors:
    """Static word vectors (`words.npz`, distilled from a sentence encoder by
    `data/words/derive.py`): words that mean alike lie near each other, so a turn's mean vector
    carries what its words mean even when the model never read them in a labelled call."""

    def __init__(self, path: Path = WORD_VECTORS) -> None:
        with np.load(path, allow_pickle=False) as data:
            self.index = {word: i for i, word in enumerate(str(data["words"]).split("\n"))}
            self.vectors: FloatArray = data["vectors"].astype(np.float32)
        self.size = int(self.vectors.shape[1])

    def mean(self, words: Iterable[str]) -> FloatArray:
        """The unit-length mean of the known words' vectors (NaN when none is known: the model
        reads a missing block as the average one)."""
        rows = [row for word in words if (row := self.index.get(word)) is not None]
        if not rows:
            return np.full(self.size, np.nan, dtype=np.float32)
        total: FloatArray = self.vectors[rows].sum(axis=0)
        norm = float(np.sqrt(total @ total))
        return np.divide(total, norm, dtype=np.float32) if norm > 0 else total


@cache
def word_vectors() -> WordVectors:
    """The shipped word vectors, loaded once per process."""
    return WordVectors()


MEANING_WEIGHT = 0.5
"""The length of each of the turn's own dense blocks (the neighbour's is CONTEXT_WEIGHT)."""
OPENING_WORDS = 3
CLOSING_WORDS = 4
DENSE_BLOCKS = ("whole", "opening", "closing", "neighbour")
"""The dense features, in order: the mean vector of the turn's words, of its first
`OPENING_WORDS` and of its last `CLOSING_WORDS` (where a question or a claim usually sits), and of
the neighbouring turn's words (at `CONTEXT_WEIGHT`)."""


def dense_names() -> list[str]:
    """The dense features' names, in the order `dense_features` gives their values."""
    size = word_vectors().size
    return [f"d:{block}:{i}" for block in DENSE_BLOCKS for i in range(size)]


def dense_features(turn: TurnText, neighbour: TurnText | None) -> FloatArray:
    """What the turn's words mean (see DENSE_BLOCKS), as one vector; a block with no known word,
    or no neighbouring turn, is NaN, and the model reads it as the average block of its training
    turns (a turn read on its own is not a turn that follows nothing)."""
    neighbour_mean = (_own_blocks(neighbour.words)[: word_vectors().size] * CONTEXT_WEIGHT
                      if neighbour is not None
                      else np.full(word_vectors().size, np.nan, dtype=np.float32))
    return np.concatenate((_own_blocks(turn.words) * MEANING_WEIGHT, neighbour_mean))


@lru_cache(maxsize=4096)
def _own_blocks(words: tuple[str, ...]) -> FloatArray:
    vectors = word_vectors()
    return np.concatenate((vectors.mean(words), vectors.mean(words[:OPENING_WORDS]),
                           vectors.mean(words[-CLOSING_WORDS:])))


def call_features(inbound: bool) -> Features:
    """What the call's setting says (no position in the call: a turn read on its own, or one
    said earlier or later than usual, is judged by its words)."""
    return {"ctx:inbound": 1.0} if inbound else {}

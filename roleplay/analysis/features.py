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
from functools import lru_cache
from itertools import chain, pairwise

from roleplay.analysis.cues import CHAT_SHORTHAND

Features = dict[str, float]

_APOSTROPHE = re.compile(r"['’`]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
FILLERS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "hmm", "mm", "ah", "eh"})
CHAR_SIZES = (4,)
_TYPED = re.compile(r"[.,!?;:]")


def words(text: str) -> list[str]:
    """Lowercase words without punctuation or fillers, a restarted word said once ("we we")."""
    return _said(text)[0]


def spoken_breaks(text: str) -> frozenset[int]:
    """Positions in `words(text)` that a speaker marked as a new start: right after a filler
    ("um who looks at it") or where a word was said twice ("what what worries him"). Voice-to-text
    keeps both, and `words` drops them; typed text rarely has either."""
    return _said(text)[1]


def _said(text: str) -> tuple[list[str], frozenset[int]]:
    """`words` and `spoken_breaks` of a text, read in one pass."""
    plain = _NOT_WORD.sub(" ", _APOSTROPHE.sub("", text.lower()))
    out: list[str] = []
    breaks: set[int] = set()
    marked = False
    for said in _DIGITS.sub("0", plain).split():
        word = CHAT_SHORTHAND.get(said, said)  # "how u do the wages": the words the model knows
        if word in FILLERS:
            marked = True
            continue
        if out and out[-1] == word:  # a restart: the word said again opens what follows
            if len(out) > 1:
                breaks.add(len(out) - 1)
            continue
        if marked and out:
            breaks.add(len(out))
        marked = False
        out.append(word)
    return out, frozenset(breaks)


@dataclass(frozen=True, slots=True)
class TurnText:
    """A turn's words, with what its punctuation said (only typed text has any)."""

    words: tuple[str, ...]
    question_mark: bool
    ends_with_question_mark: bool
    typed: bool
    breaks: frozenset[int] = frozenset()
    """`spoken_breaks`: where the speaker started again (a filler, a word said twice)."""

    @classmethod
    def of(cls, text: str) -> TurnText:
        """The turn's words; remembered for a while, as a turn is read again as the next turn's
        context."""
        return _turn_text(text)

    @classmethod
    def read(cls, text: str) -> TurnText:
        stripped = text.strip()
        said, breaks = _said(text)
        return cls(
            words=tuple(said),
            breaks=breaks,
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
    found = word_features(turn.words, prefix)
    found.update(punctuation_features(turn, prefix))
    return found


def word_features(said: tuple[str, ...], prefix: str = "") -> Features:
    """`text_features` of the words alone: the word and character n-grams, first and last words
    (a turn read as said and with its punctuation restored has the same)."""
    tokens = ("<s>", *said, "</s>")
    one, two, three = prefix + "w1:", prefix + "w2:", prefix + "w3:"
    grams = [one + word for word in said]
    grams += [f"{two}{a} {b}" for a, b in pairwise(tokens)]
    grams += [f"{three}{a} {b} {c}"
              for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
    for n in (1, 2, 3):
        if len(said) >= n:
            grams.append(f"{prefix}first{n}:{' '.join(said[:n])}")
            grams.append(f"{prefix}last{n}:{' '.join(said[-n:])}")
    joined = f" {' '.join(said)} "
    char = prefix + "c:"
    chars = [char + joined[i : i + n] for n in CHAR_SIZES for i in range(len(joined) - n + 1)]
    return dict.fromkeys(chain(grams, chars), 1.0)  # no character n-gram is a word n-gram


def punctuation_features(turn: TurnText, prefix: str = "") -> Features:
    """`text_features` of the punctuation: typed text, with or without "?" (and at its end)."""
    if not turn.typed:
        return {}
    found = {f"{prefix}typed": 1.0,
             f"{prefix}qmark" if turn.question_mark else f"{prefix}no-qmark": 1.0}
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
    return neighbour_words(turn.words, turn.question_mark, prefix)


def neighbour_words(said: tuple[str, ...], question_mark: bool, prefix: str) -> Features:
    """`context_words` of a turn with these words and (or without) a question mark."""
    tokens = ("<s>", *said, "</s>")
    grams = [prefix + word for word in said]
    grams += [f"{prefix}{a} {b}" for a, b in pairwise(tokens)]
    found = dict.fromkeys(grams, 1.0)
    if question_mark:
        found[f"{prefix.rstrip(':')}-qmark"] = 1.0
    return found


def cue_features(cues: Iterable[str], verdicts: Iterable[str]) -> Features:
    """The cue detectors' findings: which patterns fired and what the rules would have said."""
    found: Features = {f"cue:{cue}": 1.0 for cue in cues}
    found.update({f"rule:{verdict}": 1.0 for verdict in verdicts})
    return found


def call_features(inbound: bool) -> Features:
    """What the call's setting says (no position in the call: a turn read on its own, or one
    said earlier or later than usual, is judged by its words)."""
    return {"ctx:inbound": 1.0} if inbound else {}


FUNCTION_WORDS = frozenset("""
a an the and or but so if then than that this these those it its i me my we our us you your he
she they them their his her is are was were be been being am do does did have has had will would
can could should may might must shall of in on at to for from by with about as into over after
before up down out just like really very also not no yes yeah okay ok well oh what how why when
where who which there here some any all more most much many one two get got go going know think
mean kind sort thing things right now today lot bit let tell say said ask asked
""".split())  # noqa: SIM905
"""Words too common to show what a turn is about (the conduct detectors read them too)."""


ECHO_NAMES = ("echo:share", "echo:any", "echo:none")
"""What `echo_features` can give (only the listening head reads them)."""


def echo_features(turn: TurnText, heard: TurnText | None) -> Features:
    """How much of the turn picks up the prospect's last words: the share of its content words
    (endings folded) that they said, and whether it names one at all. Standalone features; a model
    without them ignores them."""
    if heard is None:
        return {}
    mine = _content(turn.words)
    if not mine:
        return {}
    shared = len(mine & _content(heard.words))
    return {"echo:share": shared / len(mine), "echo:any": 1.0} if shared else {"echo:none": 1.0}


def _content(found: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word[:5] for word in found if len(word) > 3 and word not in FUNCTION_WORDS)

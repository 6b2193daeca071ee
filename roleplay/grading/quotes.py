"""Verbatim quotes for scorecard evidence: the words of a turn that drove a label.

The analysis names, per label, the word n-grams that weighed most for it
(`RepAnalysis.words_for`). A quote is the sentence of the turn holding the strongest of them, or,
in a voice-to-text run-on with no sentence ends, a window of words around it, verbatim.
"""

from __future__ import annotations

import re
from functools import lru_cache

from roleplay.analysis.features import words

MAX_QUOTE = 160
WINDOW = 12
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def quote(text: str, phrases: tuple[str, ...] = (), *, question: bool = False) -> str:
    """The part of `text` that shows a label: where its strongest phrase is, else the first
    question sentence (`question`) or the first sentence."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if s] or [text]
    for phrase in phrases:
        for sentence in sentences:
            found = _around(sentence, phrase.split())
            if found is not None:
                return found
    picked = next((s for s in sentences if s.endswith("?")), None) if question else None
    return clip(picked or sentences[0])


def _around(sentence: str, phrase: list[str]) -> str | None:
    """The sentence, or a window of its words around `phrase` when it is long; None if absent."""
    tokens = sentence.split()
    normal = [_token_words(token) for token in tokens]
    flat = [(i, w) for i, ws in enumerate(normal) for w in ws]
    for start in range(len(flat) - len(phrase) + 1):
        if [w for _, w in flat[start : start + len(phrase)]] == phrase:
            if len(sentence) <= MAX_QUOTE:
                return sentence
            first = flat[start][0]
            low = max(0, first - WINDOW // 2)
            return clip(" ".join(tokens[low : low + WINDOW + len(phrase)]))
    return None


@lru_cache(maxsize=8192)
def _token_words(token: str) -> tuple[str, ...]:
    """The words of one whitespace-separated token (a quoted turn's tokens recur across turns)."""
    return tuple(words(token))


def clip(sentence: str) -> str:
    if len(sentence) <= MAX_QUOTE:
        return sentence
    cut = sentence[:MAX_QUOTE]
    return cut[: cut.rfind(" ")] if " " in cut else cut

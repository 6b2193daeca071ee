"""Typed text -> what speech-to-text gives: lowercase, no punctuation, fillers, run-on sentences.

Deterministic: the fillers depend only on the text, so the labelled set and the tests are stable.
"""

from __future__ import annotations

import re
import zlib

_FILLERS = ("um", "uh", "you know", "like", "so um", "uh")
_WORD = re.compile(r"[a-z0-9$%]+(?:'[a-z]+)?")


def to_voice(text: str) -> str:
    """Lowercase words only, apostrophes dropped, with fillers sprinkled at clause breaks."""
    seed = zlib.crc32(text.encode("utf-8"))
    words: list[str] = []
    for index, clause in enumerate(re.split(r"[.,;:!?]+", text.lower())):
        clause_words = [w.replace("'", "") for w in _WORD.findall(clause.replace("’", "'"))]
        if not clause_words:
            continue
        if index and (seed >> index) % 3 == 0:
            words.append(_FILLERS[(seed >> (index + 3)) % len(_FILLERS)])
        words.extend(clause_words)
    if words and seed % 4 == 0:
        words.insert(0, "um")
    if len(words) > 6 and seed % 5 == 1:
        words.insert(len(words) // 2, "uh")
    return " ".join(words)


def both_forms(*texts: str) -> list[str]:
    """Each text as typed, then as voice-to-text gives it."""
    return [form for text in texts for form in (text, to_voice(text))]

"""The question a permission or a purpose carries: the engine's own answer-finding. Pure,
deterministic, typed or voice-to-text. (What the prospect asserted and a rep's flat denial of it
are read once for the engine and the grader: `roleplay.conduct.denial`.)

    embedded_question(text)    the question inside a permission or a purpose ("mind if I ask what
                               got you looking?", "could I ask how you do the wages?"), if any
    without_greeting(text)     the turn's words with its greeting pleasantries left out ("how are
                               you today?" asks nothing a fact answers)
"""

from __future__ import annotations

import re
from functools import lru_cache

from roleplay.analysis.question_cues import GREETING
from roleplay.conduct.listening import plain

QUESTION_WORDS = r"(?:what|whats|how|hows|who|whos|why|which|where|when|whether)"
EMBEDDED = re.compile(
    r"\b(?:ask|asked|asking|wondering|wondered|curious|know|understand|hear|learn) "
    rf"(?:you )?(?:(?:a bit|a little|more) )?(?:about )?(?P<question>{QUESTION_WORDS}\b.*)$"
)
"""A question embedded in a permission or a purpose: 'mind if I ask what got you looking',
'I'd love to understand how you do the wages', 'could I ask who handles payroll'."""
DIRECT = re.compile(
    r"(?<!\babout )(?<!\bon )(?<!\bat )(?<!\binto )(?<!\bregarding )(?<!\bre )(?<!\bsee )"
    r"\b(?P<question>(?:what|whats|how|hows|why)\b.*)$")
"""A direct question after a purpose ('thanks for the form, what got you looking?'); only the
question words that do not also start a relative or time clause ('who help', 'when you'), nor
a purpose's subject ('I'm calling about how your team handles card spend')."""
def embedded_question(text: str) -> str | None:
    """The question a permission or a purpose carries, from its question word to the end of its
    sentence ("mind if I ask what got you looking?" -> "what got you looking"), or None. Only the
    last sentence that has one is read, and a greeting ("how are you?") is no question."""
    for sentence in reversed(re.split(r"[.?!]+", text)):
        norm = _ungreeted(plain(sentence))  # the turn analysis's greetings
        found = EMBEDDED.search(norm) or DIRECT.search(norm)
        if found:
            return found.group("question")
    return None


@lru_cache(maxsize=256)
def without_greeting(text: str) -> str:
    """The turn as the words of what it asks: a greeting pleasantry ("Hi, is that Kevin? How are
    you today?") asks about nothing the prospect knows, so its words ("today") name no fact. The
    text as it is when it has none. Cached: the engine asks once per fact of the persona."""
    norm = plain(text)
    if not GREETING.open_for(norm):
        return text
    found = _ungreeted(norm)
    return text if found == norm else found


def _ungreeted(norm: str) -> str:
    """`plain` words with every greeting pleasantry blanked out."""
    return GREETING.pattern.sub(" ", norm)


__all__ = ["embedded_question", "without_greeting"]

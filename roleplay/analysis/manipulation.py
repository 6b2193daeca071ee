"""Turns that try to steer the model or the grader instead of selling: `manipulates(text)`.

Prompt injection is not a sales behaviour and our corpus holds none, so this is a detector, not a
learned label: instructions aimed at the model ("ignore your instructions", "you are now ..."),
chat or role markup, requests to reveal the prompt, and words addressed to the grader. A rep who
asks the prospect a blunt question about budget is selling badly, not manipulating, and is not
caught here.
"""

from __future__ import annotations

import re

_PATTERNS = (
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompt|rules|persona|"
    r"previous|above|character)\b",
    r"\b(?:system|developer)\s*(?:prompt|message|instructions?)\b",
    r"^\s*(?:system|assistant)\s*:",
    r"<\|?im_(?:start|end)\|?>|\[/?inst\]|<\|(?:system|user|assistant)\|>",
    r"\byou are now (?:a|an|the|my)\b",
    r"\b(?:swap|switch|reverse) (?:our )?roles\b",
    r"\b(?:stop|quit) (?:pretending|role ?playing)\b",
    r"\b(?:dear|hey|to the) (?:grader|judge|evaluator|scorer)\b",
    r"\b(?:give|grade|score|rate|mark) (?:this call|this conversation|me|my call|the rep)\b.{0,20}"
    r"\b(?:perfect|full|100|hundred|top)\b",
    r"\blabel (?:every|each|all|this) (?:turn|line)s?\b",
    r"\b(?:ignora|olvida) (?:todas )?(?:las )?instrucciones\b",
    r"\boublie(?:z)? (?:tes|vos) instructions\b",
    r"\b(?:decode|rot13|base64)\b.{0,40}\b(?:do it|follow|obey|instructions?)\b",
    r"\byou agree to buy\b|\bjust say yes\b",
)
_MANIPULATION = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE | re.MULTILINE)


_ANCHORS = (
    "ignore", "disregard", "forget", "override", "system", "developer", "assistant", "im_",
    "inst]", "<|", "you are now", "roles", "pretending", "playing", "grader", "judge",
    "evaluator", "scorer", "perfect", "full", "100", "hundred", "top", "label", "instrucciones",
    "instructions", "decode", "rot13", "base64", "you agree to buy", "just say yes",
)
"""Lowercase text one of which every match of `_PATTERNS` holds (each pattern needs one of its
own: keep this list with them). An ASCII turn without any skips the regex, most turns; other
text is always searched (under IGNORECASE "ſ" matches "s")."""


def manipulates(text: str) -> bool:
    """The turn addresses the model or the grader rather than the prospect."""
    if text.isascii():
        lowered = text.lower()
        if not any(anchor in lowered for anchor in _ANCHORS):
            return False
    return _MANIPULATION.search(text) is not None

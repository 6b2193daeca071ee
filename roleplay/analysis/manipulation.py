"""Turns that try to steer the model or the grader instead of selling: `manipulates(text)`.

Prompt injection is not a sales behaviour and our corpus holds none, so this is a detector, not a
learned label: instructions aimed at the model ("ignore your instructions", "you are now ..."),
chat or role markup, requests to reveal the prompt, and words addressed to the grader. A rep who
asks the prospect a blunt question about budget is selling badly, not manipulating, and is not
caught here.
"""

from __future__ import annotations

import re

from roleplay.analysis import scanning

_PATTERNS: tuple[tuple[tuple[str, ...], str], ...] = (
    # (lowercase text every match of the pattern holds one of, the pattern)
    (("ignore", "disregard", "forget", "override"),
     r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|prompt|rules|persona|"
     r"previous|above|character)\b"),
    (("system", "developer"), r"\b(?:system|developer)\s*(?:prompt|message|instructions?)\b"),
    (("system", "assistant"), r"^\s*(?:system|assistant)\s*:"),
    (("im_", "inst]", "<|"),
     r"<\|?im_(?:start|end)\|?>|\[/?inst\]|<\|(?:system|user|assistant)\|>"),
    (("you are now",), r"\byou are now (?:a|an|the|my)\b"),
    (("mode", "override", "over ride", "jailbreak"),
     r"\b(?:you are|you're|youre|your|we are|we're) (?:now |going )?(?:in|into) (?:developer|debug|"
     r"admin|god|unrestricted|test) mode\b|^\W*(?:system|admin) (?:override|over ride)\b|"
     r"\bjailbreak"),
    (("roles",), r"\b(?:swap|switch|reverse) (?:our )?roles\b"),
    (("pretending", "playing"), r"\b(?:stop|quit) (?:pretending|role ?playing)\b"),
    (("grader", "judge", "evaluator", "scorer"),
     r"\b(?:dear|hey|to the) (?:grader|judge|evaluator|scorer)\b"),
    (("perfect", "full", "100", "hundred", "top"),
     r"\b(?:give|grade|score|rate|mark) (?:this call|this conversation|me|my call|the rep)\b.{0,20}"
     r"\b(?:perfect|full|100|hundred|top)\b"),
    (("label",), r"\blabel (?:every|each|all|this) (?:turn|line)s?\b"),
    (("instrucciones",), r"\b(?:ignora|olvida) (?:todas )?(?:las )?instrucciones\b"),
    (("instructions",), r"\boublie(?:z)? (?:tes|vos) instructions\b"),
    (("decode", "rot13", "base64"),
     r"\b(?:decode|rot13|base64)\b.{0,40}\b(?:do it|follow|obey|instructions?)\b"),
    (("you agree to buy", "just say yes"), r"\byou agree to buy\b|\bjust say yes\b"),
)
_MANIPULATION = scanning.Twin("|".join(f"(?:{pattern})" for _, pattern in _PATTERNS),
                              re.IGNORECASE | re.MULTILINE)
_ANCHORS = tuple(dict.fromkeys(anchor for anchors, _ in _PATTERNS for anchor in anchors))
"""An ASCII turn holding none of the patterns' anchors skips the regex (most turns do); other text
is always searched (under IGNORECASE "ſ" matches "s")."""


def manipulates(text: str) -> bool:
    """The turn addresses the model or the grader rather than the prospect."""
    if text.isascii():
        lowered = text.lower()
        if not any(anchor in lowered for anchor in _ANCHORS):
            return False
    return _MANIPULATION.search(text) is not None

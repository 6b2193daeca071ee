"""A candid opening: the rep says what they sell and whom they want to reach.

"Straight up: I sell nurse-scheduling software and I'd like fifteen minutes with Dr. Whitcombe",
"we make scheduling software, could I speak to whoever runs the rota?", "it's a sales call, I'm
hoping for ten minutes with the owner". Said to the person who answers the phone, that is the
call's purpose: who is calling, what about, and what they want. Trainers hear a caller being
straight with the gatekeeper, not a close before discovery. The turn model learned purpose from
"I'm calling because..." and reads the request for a meeting as a next step; the labelling guide
also says "we do leasing" alone is no purpose, and it is not: only with the request for someone
else is the opening read so here (the engine applies it to a first turn, `engine.Turn`).

    seeks_someone(norm)   the turn (`listening.plain` words) says what the rep sells or why they
                          call, and asks for time with, or to be put through to, someone other
                          than the prospect

Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

from roleplay.analysis import scanning

_THIRD_PARTY = (r"(?:him|her|dr|doctor|mr|mrs|ms|miss|whoever|the (?:owner|manager|director|boss|"
                r"head|person|right person)|your (?:boss|manager|director|owner|head|ceo|coo|cfo|"
                r"cto|principal|practice manager|team lead|buyer))\b")
SOMEONE = scanning.Twin(
    rf"\b(?:minutes|time|word|chat|call|meeting|conversation|appointment)\b(?: \w+){{0,3}}? "
    rf"with {_THIRD_PARTY}"
    rf"|\b(?:speak|talk|get through|be put through|put me through|connect me|pass me) "
    rf"(?:\w+ )?(?:to|with) {_THIRD_PARTY}"
    rf"|\b(?:reach|get hold of|get in front of|get a message to) {_THIRD_PARTY}"
    r"|\bput me through\b")
"""Asking to reach someone other than the person on the line."""
WHAT_AND_WHY = scanning.Twin(
    r"\b(?:i|we) (?:sell|make|build|provide|supply|develop|do|offer|help|work with|support)\b"
    # "I run a small company that makes nurse-scheduling software"
    r"|\b(?:company|firm|business|team|startup|outfit) (?:that|which|who) (?:sells|makes|builds|"
    r"provides|supplies|develops|does|offers)\b"
    r"|\bsales call\b"
    r"|\b(?:im|i am|were|we are) (?:calling|ringing|phoning) (?:about|regarding|re|because)\b"
    r"|\b(?:calling|ringing|phoning) (?:about|regarding|re) ")
"""Saying what the rep sells or why they call ("we help hospitals with nurse scheduling")."""


_ABOUT = scanning.Twin(
    r"^(?: \w+){0,3}? (?:about|regarding|re) (?!it\b|that\b|this\b|him\b|her\b)\w+")
"""The request names its subject ("fifteen minutes with Dr. Whitcombe about nurse scheduling")."""


def seeks_someone(norm: str) -> bool:
    """The turn says what the rep sells or why they call, and asks to reach someone else."""
    request = SOMEONE.search(norm)
    if request is None:
        return False
    return WHAT_AND_WHY.search(norm) is not None or _ABOUT.match(norm[request.end():]) is not None

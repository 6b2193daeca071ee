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
    introduces(norm)      the turn says what the rep's firm does or why they call, with who the
                          rep is (or in a turn that earns the right)
    asks_who_or_why(norm) the prospect's words ask who is calling or what the call is about
    asks_for_someone_only(norm)  the turn asks for someone by name and gives no reason

Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

from roleplay.analysis import scanning

_THIRD_PARTY = (r"(?:him|her|dr|doctor|mr|mrs|ms|miss|whoever|the (?:owner|manager|director|boss|"
                r"head|person|right person)|your (?:boss|manager|director|owner|head|ceo|coo|cfo|"
                r"cto|principal|practice manager|team lead|buyer))\b")
SOMEONE = scanning.Twin(
    r"\b(?:minutes|mins|min|time|word|chat|call|meeting|conversation|appointment)\b"
    r"(?: \w+){0,3}? "
    rf"with {_THIRD_PARTY}"
    rf"|\b(?:speak|talk|get through|be put through|put me through|connect me|pass me) "
    rf"(?:\w+ )?(?:to|with) {_THIRD_PARTY}"
    rf"|\b(?:reach|get hold of|get in front of|get a message to) {_THIRD_PARTY}"
    r"|\bput me through\b")
"""Asking to reach someone other than the person on the line."""
WHAT_AND_WHY = scanning.Twin(
    r"\b(?:i|we) (?:sell|make|build|provide|supply|develop|do|offer|help|work with|support|run|"
    r"look after)\b"
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


SELF = scanning.Twin(
    r"\b(?:im|i am|this is|my name is|my names|its|it is) (?:\w+ ){1,5}?(?:from|at|with|over at|"
    r"here at)\b")
"""The rep says who they are and where from ("I'm Funmi Adeyemi, account manager at Rosterly",
"it's Sam from Desk Loop")."""


def introduces(norm: str, *, earns_right: bool = False) -> bool:
    """The turn says what the rep's firm does or why they call, with who the rep is ("I'm Funmi,
    account manager at Rosterly. We run nurse scheduling at your south campus") or in a turn the
    turn model heard earn the right ("we're Payrota, we do rotas for small shops, got a
    minute?"): the answer to "who is this? what's it about?", whatever else the model hears."""
    return WHAT_AND_WHY.search(norm) is not None and (earns_right or SELF.search(norm) is not None)


WHO_OR_WHY = scanning.Twin(
    r"\b(?:what (?:is|s) (?:this|it|that) (?:about|regarding|concerning|in regards? to|for)|whats "
    r"(?:this|it|that) (?:about|regarding|concerning|in regards? to|for)|(?:what|this) is "
    r"regarding|who (?:is|s) (?:this|that|it|calling|speaking)|whos (?:this|that|calling|"
    r"speaking)|who am i (?:speaking|talking) (?:to|with)|who are you|why are you (?:calling|"
    r"ringing|asking)|expecting (?:your|you|the|this) call|what do you want|where are you "
    r"(?:calling|ringing) from)\b")
"""The prospect asks who is calling or what about ("what's this about?", "is he expecting your
call?", "sorry, who is this and why are you asking me that?")."""


def asks_who_or_why(norm: str) -> bool:
    """The prospect's words (`listening.plain`) ask who is calling or what the call is about."""
    return WHO_OR_WHY.search(norm) is not None


CALLING_FOR = scanning.Twin(
    r"\b(?:calling|ringing|phoning) for (?!(?:the |your |a |an |our )?(?:consultation|call|"
    r"check|checkin|review|appointment|meeting|demo|visit|follow|renewal|survey|decision|quote|"
    r"update|booking|enquiry|inquiry|order|delivery)\b)(?:\w+ ){0,4}?\w+(?: please)?$")
"""The turn ends asking for someone by name or role ("it's Leo from ShiftWell, calling for Dr.
Whitcombe"), not for a call the prospect booked ("calling for the consultation you booked")."""


def asks_for_someone_only(norm: str) -> bool:
    """The turn asks for someone and gives no reason ("Hi, it's Leo from ShiftWell, calling for
    Dr. Whitcombe."): who is calling, not why; the labelling guide calls it a question, no
    purpose, however much it sounds like a referral to the turn model."""
    return CALLING_FOR.search(norm) is not None and WHAT_AND_WHY.search(norm) is None


def seeks_someone(norm: str) -> bool:
    """The turn says what the rep sells or why they call, and asks to reach someone else."""
    request = SOMEONE.search(norm)
    if request is None:
        return False
    return WHAT_AND_WHY.search(norm) is not None or _ABOUT.match(norm[request.end():]) is not None

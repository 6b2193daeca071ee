"""Brushing aside what the prospect defers to: the material they asked for, or the person they
said must see it.

"Just send me something" and "my husband does the books, he'd need to see it too" are how a
prospect puts the decision somewhere else, an objection or a plain answer about how they decide.
A rep who says the material will not do ("honestly, a PDF won't show you half of it", "forget the
brochure", "emails like mine just get deleted") or that the other person does not matter ("the
board always rubber-stamps what IT recommends", "husbands never look at this stuff, just sign it
yourself") disputes how the prospect decides: a contradiction, which argues (`conduct.read`). The
turn model, which has seen few of these, often hears a close and nothing more. Offering to send
it, asking what would make it useful, or asking what the other person will want to see, dispute
nothing.

    defers(heard)     what the prospect's words defer to: "material", "someone"
    brushes_aside(norm, deferred_to)  the turn says what they deferred to (so far in the call)
                      will not do: the material, or the person

Typed and voice-to-text alike: lowercase words without apostrophes (`listening.plain`), never
punctuation.
"""

from __future__ import annotations

from collections.abc import Container

from roleplay.analysis import scanning
from roleplay.analysis.cues import FILLERS

_MATERIAL = (r"(?:pdf|pdfs|brochure|brochures|deck|decks|email|emails|e mail|e mails|info|"
             r"information|literature|leaflet|leaflets|flyer|flyers|one pager|document|documents|"
             r"slides|paperwork|case study|case studies|rate card|website|site|attachment|"
             r"attachments|stuff|something in writing|bits of paper|piece of paper)")
DISMISSES = scanning.Twin(
    # "a pdf won't show you half of it", "the brochure doesn't do it justice"
    rf"\b{_MATERIAL}s? (?:\w+ ){{0,2}}?(?:doesnt|does not|dont|do not|wont|will not|cant|can not|"
    rf"cannot|never|wouldnt|would not|isnt going to|is not going to|arent going to) (?:really |"
    rf"quite |even |ever )?(?:do (?:it|us|this|that) justice|show (?:you )?(?:half|the half|much|"
    rf"the real|what)|capture|tell you (?:half|much|the half|the whole)|"
    rf"get (?:read|opened|looked at)|cut it|compare)\b"
    # "forget the brochure", "never mind the pdf"
    rf"|(?<!\blets )(?<!\blet us )\b(?:forget|never mind|nevermind|skip|ditch|bin) "
    rf"(?:about )?(?:the|a|that|those|an) (?:\w+ )?{_MATERIAL}\b"
    # "emails like mine just get deleted", "nobody reads those pdfs"
    # (not the rep's own follow-up: "I'll call too, in case the email gets buried")
    rf"|(?<!\bcase )(?<!\bcase the )(?<!\bcase my )(?<!\bif the )(?<!\bif my )"
    rf"\b{_MATERIAL}s? (?:like (?:mine|ours|this|that) )?(?:just |always |usually |only )?"
    rf"(?:get|gets|end up|ends up) (?:deleted|binned|ignored|lost|buried|skimmed|in the bin|in "
    rf"the trash|in spam)\b"
    rf"|\b(?:nobody|no one|noone) (?:really |actually |ever )?(?:reads|looks at|opens) "
    rf"(?:those|these|them|the|a|an|our)\b"
    # "it's so much better live", "the real thing's way better" once material was asked for
    rf"|\b(?:way|much|so much|a lot|far|ten times|miles) better (?:live|in person|face to face|"
    rf"on a (?:call|demo|screen)|when you see it|to see it|seeing it|if i show you)\b"
    rf"|\bthe real things? (?:is |s )?(?:way|much|so much|a lot|far) better\b")
"""The rep says the material the prospect asked for will not do ("honestly, a PDF won't show
you half of it", "forget the brochure", "emails like mine just get deleted"): disputing their
way of looking at it, which argues with the request rather than exploring it."""
ASKS_FOR_MATERIAL = scanning.Twin(
    rf"\b(?:send|email|e mail|mail|forward|drop|pop|shoot)\b|\b{_MATERIAL}\b")
"""The prospect's words ask for material or to be emailed ("just send me something")."""


_SOMEONE = (r"(?:husband|wife|partner|partners|board|boss|accountant|bookkeeper|committee|"
            r"director|directors|manager|owner|owners|ceo|cfo|finance|procurement|legal|head "
            r"office|council|trustees|governors|principal|superintendent|family|dad|mum|mom)")
DEFERS_TO_SOMEONE = scanning.Twin(rf"\b{_SOMEONE}s?\b")
"""The prospect's words name someone else who decides, or must see it ("my husband does the
books", "anything over fifty thousand goes to the school board")."""
DISMISSES_SOMEONE = scanning.Twin(
    # "the board always rubber-stamps what IT recommends"
    r"\b(?:always|just|only|usually|will|would|basically) (?:rubber ?stamps?|signs? off on "
    r"(?:whatever|anything|what)|goes? along with|nods? (?:it |things )?through|waves? (?:it |"
    r"things )?through|does what (?:you|it) (?:say|says|recommend|recommends))\b"
    # "husbands never look at this stuff"
    rf"|\b{_SOMEONE}s? (?:never|dont|doesnt|wont|do not|does not|will not) (?:really |even |"
    r"actually |ever )?(?:look at|read|care about|bother with|check) (?:this|these|that|those|"
    r"it|them|the|any)\b"
    # "just sign it yourself", "it's really your call", "you don't need his okay"
    r"|\bsign (?:it|this|that|the \w+) (?:off )?(?:yourself|on your own)\b"
    r"|\b(?:its|it is|thats|that is) (?:really|honestly|ultimately) (?:just )?your (?:call|"
    r"decision)\b"
    r"|\byou dont (?:really |even )?need (?:to (?:ask|check with|run it (?:by|past)) )?"
    r"(?:his|her|their|the boards|anyones) (?:ok|okay|approval|permission|sign off|blessing)\b")
"""The rep says the person the prospect defers to does not matter."""


def defers(heard: str) -> frozenset[str]:
    """What the prospect's words (`listening.plain`) defer to: "material" (they ask for it to
    be sent), "someone" (they name someone else who decides or must see it)."""
    found = set()
    if ASKS_FOR_MATERIAL.search(heard) is not None:
        found.add("material")
    if DEFERS_TO_SOMEONE.search(heard) is not None:
        found.add("someone")
    return frozenset(found)


def brushes_aside(norm: str, deferred_to: Container[str]) -> bool:
    """The turn (`listening.plain` words) says what the prospect deferred to (`defers` of what
    they said) will not do: the material they asked for (`DISMISSES`), or the person they named
    (`DISMISSES_SOMEONE`)."""
    if not deferred_to:
        return False
    said = _without_fillers(norm)
    return ("material" in deferred_to and DISMISSES.search(said) is not None) or (
        "someone" in deferred_to and DISMISSES_SOMEONE.search(said) is not None)


def _without_fillers(norm: str) -> str:
    """The words without voice-to-text's "um" and "uh" ("husbands never um look at this")."""
    return " ".join(word for word in norm.split() if word not in FILLERS)

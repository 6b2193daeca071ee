"""Putting words in the prospect's mouth: a summary or a claim that rewrites what they said.

A reflection rolls with the prospect; a "reflection" that says the opposite of what they told the
rep is a correction in a summary's clothes. Three forms, read from the turn and what the prospect
said so far, typed or voice-to-text (`listening.plain` words, no punctuation):

    reverses(norm, claimed, troubled)
                            a summary that calls a problem what they called fine, when they
                            named no trouble ("it's fine, mostly" -> "so it sounds like they're
                            not really working for you")
    restates(norm)          their figure corrected by the rep's guess ("I'd bet it's closer to six
                            hours than three")
    shrinks(norm)           telling them they need less of what they have ("most of those are
                            probably inactive, so you won't need them all")
    twists(...)             any of the three
    troubled(lines)         the prospect named a trouble of their own
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from roleplay.analysis import scanning

SUMMARY = scanning.Twin(
    r"^(?:(?:so|okay|ok|alright|right|yeah|well|and|sorry|oh) )*"
    r"(?:(?:it )?sounds like|it seems like|seems like|what i(?:m)? hear(?:ing)?|basically|"
    r"in other words|bottom line|so)\b"
)
"""How a summary opens ("so...", "sounds like...", "basically...", "in other words...")."""
FINE = frozenset({"fine", "good", "okay", "ok", "happy", "covered", "sorted", "manageable",
                  "solid", "decent", "alright", "great", "handled", "content"})
"""What the prospect may call their situation when it is no problem to them ("it's fine")."""
TROUBLE = scanning.Twin(
    r"\b(?:problems?|issues?|pain|painful|nightmare|mess|messy|struggl\w*|frustrat\w*|hate|"
    r"disaster|quit|chasing|slow|broken|annoying|headaches?|stress\w*|hassle|worst|terrible|"
    r"awful|killing|losing|lose|lost|wasting|waste|costs? us|complain\w*|late|behind|miss\w*|"
    r"bad|poor|misery|miserable|trouble|tough|hard|difficult|rough|crazy|cant|can't|cannot|"
    r"worse|hurts?|hurting|drains?|draining)\b"
)
"""Words of a prospect who has a problem: then a summary naming one reflects, it does not twist."""
PROBLEM = scanning.Twin(
    r"\b(?:(?:real|big|huge|serious|massive) )?(?:problem|issue|headache|pain|mess|"
    r"nightmare)\b|"
    r"\bnot (?:really |actually |exactly |quite )?(?:working|happy|great|good enough)\b|"
    r"\b(?:burning|wasting|losing|bleeding) (?:\w+ )?(?:hours|time|money|days|cash)\b|"
    r"\b(?:slip|slips|slipping|falling|fall) (?:through|thru)\b|"
    r"\b(?:struggling|frustrated|fed up|unhappy|letting you down|dropping the ball|"
    r"costing you|hurting you|killing you)\b"
)
"""A summary's words that say the prospect has a problem ("burning hours", "slip through", "not
really working for you"); "no problem" and "not a problem" are not among them."""
NUMBER = (r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
          r"fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|a hundred|a thousand|"
          r"half|double|twice)")
RESTATES = scanning.Twin(
    rf"\b(?:closer to|more like|nearer to|nearer) {NUMBER}(?: \w+){{0,2}}? (?:than|not) {NUMBER}\b|"
    r"\b(?:i(?:d| would)? bet|i reckon|id say|id guess|i guess|probably|realistically|honestly|"
    rf"actually|really) (?:its |thats |youre |it is |that is |you are )?(?:closer to|more like|"
    rf"nearer to|double|twice) {NUMBER}\b"
)
"""Correcting their figure with the rep's own ("closer to six hours than three", "I'd bet it's
more like ten")."""
SHRINKS = scanning.Twin(
    r"\byou (?:probably |likely |honestly |really )?(?:wont|will not|dont|do not) (?:even |really "
    r"|actually |honestly |probably )?need (?:them all|all of (?:them|those|these)|most of (?:them|"
    r"those|these)|half of (?:them|those|these)|that many|all (?:that|those|these))\b|"
    r"\bmost of (?:those|them|these|that|the \w+) (?:are|is|will be) (?:probably |likely |just |"
    r"honestly |really )?(?:inactive|dead|old|junk|duplicates|useless|not needed|out of date|"
    r"stale|obsolete)\b"
)
"""Telling them they need less of what they have ("you won't need them all")."""


def reverses(norm: str, claimed: Iterable[str], *, troubled: bool) -> bool:
    """A summary (`norm`, `plain` words) that calls a problem what the prospect called fine
    (`claimed`: the words they asserted so far, `denial.claims`) when they named no trouble of
    their own (`troubled`: see `troubled`)."""
    if troubled or FINE.isdisjoint(claimed) or not SUMMARY.search(norm):
        return False
    return any(_stated(norm, match.start()) for match in PROBLEM.finditer(norm))


NOT_CLAIMED = frozenset({"what", "how", "why", "would", "could", "might", "if", "when",
                         "whether", "does", "do", "ever", "any", "no", "not",
                         "isnt", "arent", "wasnt", "werent", "never", "hardly", "without"})
"""Words that make the problem a question's ("what would make it a problem?") or deny it ("so
missed appointments aren't really a problem"): not a claim."""


def _stated(norm: str, start: int) -> bool:
    """The problem at `start` is claimed: no `NOT_CLAIMED` word in the four words before it, and
    no question's "is it" or "are they"."""
    before = norm[:start].split()[-4:]
    return NOT_CLAIMED.isdisjoint(before) and ASKED.search(" ".join(before)) is None


ASKED = scanning.Twin(r"\b(?:is|are|was|were) (?:it|that|this|there|they|you|those|these)\b")


def troubled(lines: Iterable[str]) -> bool:
    """The prospect's `lines` name a trouble of their own ("half of that is chasing receipts")."""
    return any(map(_names_trouble, lines))


@lru_cache(maxsize=4096)
def _names_trouble(line: str) -> bool:
    """`troubled` of one line, remembered: the engine reads the same persona lines (facts shared,
    objections raised) every turn of a call."""
    return TROUBLE.search(line.lower()) is not None


def restates(norm: str) -> bool:
    """The rep replaces the prospect's figure with a guess of their own."""
    return RESTATES.search(norm) is not None and not _asks_it(norm)


def shrinks(norm: str) -> bool:
    """The rep tells the prospect they need less of what they have."""
    return SHRINKS.search(norm) is not None and not _asks_it(norm)


def twists(norm: str, claimed: Iterable[str], *, troubled: bool) -> bool:
    """The turn puts words in the prospect's mouth: `reverses`, `restates` or `shrinks`."""
    return reverses(norm, claimed, troubled=troubled) or restates(norm) or shrinks(norm)


_ASKS = scanning.Twin(r"^(?:(?:so|and|okay|ok|um|uh|well) )*(?:is|are|would|do|does|did|could|"
                   r"would you say|are we talking)\b")


def _asks_it(norm: str) -> bool:
    """The turn asks about the figure rather than stating it ("is it closer to six than three?",
    "would you say you need them all?")."""
    return _ASKS.search(norm) is not None


__all__ = ["restates", "reverses", "shrinks", "troubled", "twists"]

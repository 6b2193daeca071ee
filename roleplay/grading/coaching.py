"""Better lines for the rep's worst turns, templated from the turn analysis.

A premature probe becomes a purpose statement and a permission question; an argument becomes an
acknowledgement and a question that explores the objection; contradicting the prospect becomes an
acknowledgement and a question about how it works for them; pressure becomes a question about
what they would need to decide; a pitch becomes a question about the prospect's situation; a turn
off track (silence, nonsense, "are you an AI?") becomes the reason for the call and a question.
Deterministic: the same turns give the same lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from roleplay.analysis import ProspectAnalysis, RepAnalysis, TurnAnalysis
from roleplay.conduct import Conduct
from roleplay.grading.metrics import LONG_TURN_WORDS, word_count
from roleplay.grading.scorecard import BetterLine

MONOLOGUE_WORDS = LONG_TURN_WORDS
MAX_LINES = 3

_TOPIC_PHRASES = {
    "situation": "how you handle this today",
    "pain": "what gets in the way for you today",
    "budget": "how you usually budget for something like this",
    "process": "how a decision like this gets made on your side",
    "timeline": "what your timing looks like",
    "motive": "what's driving this for you",
    "competitor": "what you use today and how it's going",
    "price": "what you spend on this today",
}

_EXPLORE = {
    "no_need": "Fair enough. What's working well for you today, so I understand?",
    "no_time": "I understand, you're busy. Shall we find another time, or leave it there?",
    "no_budget": "Understood. Is that no budget this year, or none for anything like this?",
    "has_vendor": "Makes sense. What made you choose them, and how is it going?",
    "send_info": "Happy to. So I send something useful, what would you want it to cover?",
    "distrust": "That's a fair concern. What's happened before that makes you cautious?",
    "not_interested": "Fair enough. Before I go, may I ask what you're focused on right now?",
}
_EXPLORE_ANY = "That's fair. Can you tell me more about what's behind that?"
_HEAR_THEM_OUT = "That makes sense. How did you come to do it that way, and how is it working?"
_LET_THEM_DECIDE = ("What would you need to see to decide whether this is worth a closer "
                    "look?")


@dataclass(frozen=True, slots=True)
class _Flaw:
    badness: int
    problem: str
    better: str


def better_lines(
    analyses: Sequence[TurnAnalysis],
    quote: Callable[[str], str],
    conduct: Sequence[Conduct] = (),
) -> list[BetterLine]:
    """Up to three worst rep turns, worst first, each with a line the rep could have said
    (`conduct`: each rep turn's, in order, when known)."""
    flaws: list[tuple[int, int, _Flaw]] = []
    previous: ProspectAnalysis | None = None
    conducts = iter(conduct)
    for index, item in enumerate(analyses):
        if isinstance(item, ProspectAnalysis):
            previous = item
            continue
        flaw = _flaw(item, previous, next(conducts, Conduct()))
        if flaw is not None:
            flaws.append((-flaw.badness, index, flaw))
        previous = None
    flaws.sort(key=lambda entry: (entry[0], entry[1]))
    return [
        BetterLine(
            turn=index, problem=flaw.problem, said=quote(analyses[index].text), better=flaw.better
        )
        for _, index, flaw in flaws[:MAX_LINES]
    ]


def _flaw(rep: RepAnalysis, previous: ProspectAnalysis | None, conduct: Conduct) -> _Flaw | None:
    if conduct.off_track is not None:
        return _Flaw(3, "does nothing for the client", _purpose_and_permission(rep))
    if conduct.contradicts and not rep.argues:
        return _Flaw(3, "contradicts what the prospect said", _HEAR_THEM_OUT)
    if rep.argues:
        kind = previous.kind if previous else None
        better = _EXPLORE.get(kind or "", _EXPLORE_ANY)
        return _Flaw(3, "argues with the objection instead of exploring it", better)
    if rep.premature:
        return _Flaw(3, "probes before earning the right to ask", _purpose_and_permission(rep))
    if conduct.pressures:
        return _Flaw(2, "pushes for a decision instead of asking", _LET_THEM_DECIDE)
    long = word_count(rep.text) > MONOLOGUE_WORDS
    if rep.tells and not rep.asks:
        problem = "a long pitch instead of a question" if long else "tells instead of asking"
        return _Flaw(2 + int(long), problem, _question_instead(rep))
    if long:
        return _Flaw(1, "a monologue: too long for a call", _question_instead(rep))
    return None


def _topic_phrase(rep: RepAnalysis) -> str:
    topics = sorted(t for t in rep.topics if t != "price")
    return _TOPIC_PHRASES[topics[0]] if topics else _TOPIC_PHRASES["situation"]


def _purpose_and_permission(rep: RepAnalysis) -> str:
    return (
        "The reason for my call is that we help teams like yours with this. "
        f"Would you mind if I asked a couple of questions about {_topic_phrase(rep)}?"
    )


def _question_instead(rep: RepAnalysis) -> str:
    return f"Before I say anything about us, may I ask {_topic_phrase(rep)}?"

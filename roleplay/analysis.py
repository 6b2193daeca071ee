"""What a turn does: the one truth shared by the prospect engine and the grader.

Pure Python, no model, microseconds per turn. Works on typed text and on voice-to-text
(lowercase, no punctuation, fillers, run-on sentences): question detection comes from the words.

INTERFACE CONTRACT (owned by the analysis owner; others code against these names):

    analyse_rep(text, context) -> RepAnalysis
    analyse_prospect(text) -> ProspectAnalysis
    CallContext: what the analysis needs to know about the call so far (immutable);
        context.after_rep(analysis) / context.after_prospect(analysis) return the next context.
    analyse_transcript(turns) -> list[RepAnalysis | ProspectAnalysis]   (one per turn, in order)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from roleplay.transcript import Turn

Topic = Literal["situation", "pain", "budget", "process", "timeline", "motive", "competitor", "price"]
ObjectionKind = Literal[
    "no_need", "no_time", "no_budget", "has_vendor", "send_info", "distrust", "not_interested"
]


@dataclass(frozen=True, slots=True)
class RepAnalysis:
    """What one rep turn does. `cues` name the evidence that fired, for traces and scorecards."""

    text: str
    asks: bool = False  # seeks information or permission (a pitch phrased as a question is not)
    tells: bool = False  # pitches features, benefits or claims, or lectures
    probes: bool = False  # asks about situation, pains, money, process or motives
    earns_right: bool = False  # states purpose, referral/earlier contact, asks permission, curiosity
    asks_permission: bool = False  # "do you have a minute", "mind if I ask"
    premature: bool = False  # probes before the right to ask was earned
    argues: bool = False  # contradicts or rebuts the objection the prospect just raised
    explores_objection: bool = False  # acknowledges and asks about the objection just raised
    mentions_price: bool = False
    mentions_competitor: bool = False
    topics: frozenset[Topic] = frozenset()
    questions: int = 0  # number of real questions asked (for the coach: "questions asked")
    cues: tuple[str, ...] = ()
    speaker: Literal["rep"] = "rep"


@dataclass(frozen=True, slots=True)
class ProspectAnalysis:
    text: str
    objection: bool = False
    kind: ObjectionKind | None = None
    cues: tuple[str, ...] = ()
    speaker: Literal["prospect"] = "prospect"


TurnAnalysis = RepAnalysis | ProspectAnalysis


@dataclass(frozen=True, slots=True)
class CallContext:
    """The call so far, as far as analysing the next turn needs it."""

    right_earned: bool = False
    last_prospect: ProspectAnalysis | None = None
    rep_turns: int = 0
    topics_seen: frozenset[str] = field(default_factory=frozenset)

    def after_rep(self, analysis: RepAnalysis) -> CallContext:
        return replace(
            self,
            right_earned=self.right_earned or analysis.earns_right,
            last_prospect=None,
            rep_turns=self.rep_turns + 1,
            topics_seen=self.topics_seen | analysis.topics,
        )

    def after_prospect(self, analysis: ProspectAnalysis) -> CallContext:
        return replace(self, last_prospect=analysis)


def analyse_rep(text: str, context: CallContext | None = None) -> RepAnalysis:
    """Placeholder heuristics: the analysis owner replaces this body."""
    context = context or CallContext()
    lowered = text.lower()
    asks = "?" in text or lowered.startswith(("what", "how", "why", "can", "could", "do "))
    return RepAnalysis(text=text, asks=asks, tells=not asks, questions=int(asks))


def analyse_prospect(text: str) -> ProspectAnalysis:
    """Placeholder heuristics: the analysis owner replaces this body."""
    lowered = text.lower()
    objection = any(w in lowered for w in ("not interested", "no time", "already have", "email"))
    return ProspectAnalysis(text=text, objection=objection)


def analyse_transcript(turns: Iterable[Turn]) -> list[TurnAnalysis]:
    """Analyse every turn in order, carrying the call context forward."""
    context = CallContext()
    result: list[TurnAnalysis] = []
    for turn in turns:
        if turn.speaker == "rep":
            rep = analyse_rep(turn.text, context)
            context = context.after_rep(rep)
            result.append(rep)
        else:
            prospect = analyse_prospect(turn.text)
            context = context.after_prospect(prospect)
            result.append(prospect)
    return result

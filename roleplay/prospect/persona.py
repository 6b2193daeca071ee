"""Personas: who the prospect is, what they hide, what sets them off, and how fast they warm up.

A persona file is YAML written by a trainer; its id is the file stem. The engine (`engine.py`)
reads the numbers here; the voice (`prompts.py`, `offline.py`) reads the words. Difficulty is a
label only: behaviour comes from `dials`, the unlock rules of `facts` (thresholds, topics, the
words a question must use, follow-ups) and the `triggers` of `objections`. See docs/personas.md
for the trainer's guide; `personas/tests/<id>.yaml` holds each persona's scripted tests.

    Persona
    ├── dials: Dials              starting trust, patience, how fast trust rises and falls
    ├── facts: [Fact]             hidden; keywords a question about it may use, and an UnlockRule
    │                             (min trust, topics, specific words, follow-up, earned right)
    ├── objections: [Objection]   each raised by triggers from TRIGGERS
    ├── lines: Lines              optional stock lines per mood for the offline voice
    └── ending: Ending            when the call ends, and what is said
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from roleplay.analysis import ObjectionKind, Topic
from roleplay.files import Loc, load_directory, unknown

FactKind = Literal["pain", "budget", "process", "timeline", "motive", "situation", "decision"]
Difficulty = Literal["easy", "medium", "hard"]
Trigger = Literal[
    "cold_open",  # the rep's first turn neither states a purpose nor asks permission
    "pitch",  # any turn that tells (features, benefits, claims)
    "pitch_before_discovery",  # telling before the prospect has shared a pain or motive
    "long_monologue",  # a telling turn longer than dials.monologue_words
    "unearned_probe",  # a probing question before the right to ask was earned
    "price_talk",  # the rep brings up price before a pain or motive was shared
    "competitor_claim",  # the rep talks about a competitor (usually the incumbent)
    "argued_with",  # the rep contradicts or rebuts what the prospect just said
    "close",  # the rep proposes a next step (meeting, demo, trial, proposal)
    "early_close",  # ... before the prospect has shared a pain or motive
    "pressure",  # the rep pushes for a decision: urgency, scarcity, "I need a yes today"
]
TRIGGERS: tuple[str, ...] = get_args(Trigger)
DISCOVERY_KINDS: frozenset[str] = frozenset({"pain", "motive"})
"""A pitch or a close counts as 'before discovery' until a fact of one of these kinds is shared."""

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Dials(Strict):
    """The numbers that make a prospect easy or hard. Trust is 0..1; patience counts bad moves."""

    trust: Share = Field(0.3, description="starting trust")
    patience: float = Field(4.0, gt=0, le=20, description="bad-move points before they hang up")
    trust_gain: Share = Field(0.12, description="trust added by each good move")
    trust_loss: Share = Field(0.15, description="trust removed by each bad move")
    share_threshold: Share = Field(0.5, description="trust a fact needs when it sets no min_trust")
    patience_drain: float = Field(0.0, ge=0, le=5, description="patience lost every rep turn")
    monologue_words: int = Field(60, gt=5, le=1000, description="a telling turn this long drags")
    objection_hardness: Share = Field(0.5, description="how firm an objection is when raised")
    stubbornness: Share = Field(0.25, description="hardness added each time the rep argues")
    openness: Share = Field(0.4, description="hardness removed each time the rep explores")
    shares_per_turn: int = Field(1, ge=1, le=5, description="facts voiced at most per rep turn")
    inbound: bool = Field(False, description="they asked for the call: right to ask is earned")
    languages: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]] = Field(
        default_factory=lambda: ["en"], min_length=1,
        description="languages they speak (ISO 639-1); another gets a request to switch")


class UnlockRule(Strict):
    """When a hidden fact may be shared. All conditions must hold on the same rep turn."""

    min_trust: Share | None = Field(None, description="default: dials.share_threshold")
    topics: list[Topic] = Field(
        default_factory=list, description="the rep must probe one of these (empty: volunteered)"
    )
    needs_earned_right: bool = True
    after: list[Id] = Field(default_factory=list, description="facts that must be shared first")
    specific: bool = Field(
        False, description="only a question using one of the fact's keywords unlocks it: a "
        "generic question on the topic is not enough")
    follow_up: bool = Field(
        False, description="only a question that follows up on an earlier answer (its words, or "
        "'you mentioned...') unlocks it; on the `after` facts when given")


class Fact(Strict):
    id: Id
    kind: FactKind
    says: Line
    keywords: list[Line] = Field(
        default_factory=list, description="words or phrases a question about this fact may use "
        "(lowercase is fine; word endings are ignored)")
    unlock: UnlockRule = Field(default_factory=UnlockRule)


class Objection(Strict):
    id: Id
    kind: ObjectionKind
    says: list[Line] = Field(min_length=1)
    triggers: list[Trigger] = Field(min_length=1)
    explored_says: Line


class Lines(Strict):
    """Optional stock lines for the offline voice: by mood first, then for moments of the call.
    The persona's own lines come before the built-in ones."""

    guarded: list[Line] = Field(default_factory=list)
    neutral: list[Line] = Field(default_factory=list)
    warming: list[Line] = Field(default_factory=list)
    open: list[Line] = Field(default_factory=list)
    annoyed: list[Line] = Field(default_factory=list)
    deflect: list[Line] = Field(default_factory=list, description="a probe asked too early")
    not_yet: list[Line] = Field(default_factory=list, description="declining a next step")
    confused: list[Line] = Field(
        default_factory=list, description="nonsense, silence or off-topic talk")
    odd: list[Line] = Field(default_factory=list, description="'are you an AI?' and the like")


class Ending(Strict):
    out_of_patience: list[Line] = Field(min_length=1, description="said when they hang up")
    next_step_agreed: list[Line] = Field(default_factory=list, description="said on a good close")
    agrees_to_next_step: bool = Field(True, description="false: nothing the rep does earns one")
    next_step_min_trust: Share = 0.6
    next_step_needs: list[Id] = Field(
        default_factory=list, description="facts that must be shared before they agree"
    )
    offers_next_step: list[Line] = Field(
        default_factory=list, description="the prospect proposes a next step itself once ready "
        "(empty: never); the rep's yes agrees it")


class Persona(Strict):
    id: Id
    name: Line
    title: Line
    company: Line
    industry: Line
    difficulty: Difficulty
    summary: Line
    situation: Line = Field(description="what the rep knows before dialling (public)")
    personality: Line
    speaking_style: Line
    wants: list[Line] = Field(default_factory=list)
    does_not_want: list[Line] = Field(default_factory=list)
    opening: list[Line] = Field(min_length=1)
    dials: Dials = Field(default_factory=Dials)
    facts: list[Fact] = Field(default_factory=list)
    objections: list[Objection] = Field(default_factory=list)
    lines: Lines = Field(default_factory=Lines)
    ending: Ending

    def fact(self, fact_id: str) -> Fact:
        return next(f for f in self.facts if f.id == fact_id)

    def objection(self, objection_id: str) -> Objection:
        return next(o for o in self.objections if o.id == objection_id)

    def public_view(self) -> dict[str, Any]:
        """What a rep may see before the call: no facts, unlock rules, objections or dials."""
        return self.model_dump(
            include={"id", "name", "title", "company", "industry", "difficulty", "summary",
                     "situation"}
        )

    @classmethod
    def document_problems(cls, data: Mapping[str, Any]) -> list[tuple[Loc, str]]:
        """Duplicate ids and references to facts that do not exist, read from the raw file data
        so they are reported together with any schema errors."""
        facts = _items(data.get("facts"))
        known = [f["id"] for _, f in facts if isinstance(f.get("id"), str)]
        problems = [
            *_duplicates("facts", facts),
            *_duplicates("objections", _items(data.get("objections"))),
        ]
        for i, fact in facts:
            unlock = fact.get("unlock")
            after = unlock.get("after") if isinstance(unlock, dict) else None
            loc: Loc = ("facts", i, "unlock", "after")
            problems += _unknown_facts(loc, after, known)
            if isinstance(after, list) and fact.get("id") in after:
                problems.append((loc, f"fact {fact.get('id')!r} cannot wait for itself"))
        ending = data.get("ending")
        needs = ending.get("next_step_needs") if isinstance(ending, dict) else None
        problems += _unknown_facts(("ending", "next_step_needs"), needs, known)
        return problems


def _items(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a raw list, with their positions (anything else is the schema's job)."""
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _duplicates(field: str, items: list[tuple[int, dict[str, Any]]]) -> list[tuple[Loc, str]]:
    seen: set[str] = set()
    found: list[tuple[Loc, str]] = []
    for i, item in items:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            found.append(((field, i, "id"), f"duplicate id {ident!r}"))
        seen.add(ident)
    return found


def _unknown_facts(loc: Loc, ids: Any, known: list[str]) -> list[tuple[Loc, str]]:
    if not isinstance(ids, list):
        return []
    return [((*loc, i), unknown("fact", x, known))
            for i, x in enumerate(ids) if isinstance(x, str) and x not in known]


def load_personas(directory: Path) -> dict[str, Persona]:
    """Every persona file of a folder, keyed by id; all problems in all files at once."""
    return load_directory(directory, Persona)

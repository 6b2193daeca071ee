"""The prospect's state and how it reacts to each analysed rep turn: pure, deterministic, no I/O.

`react(persona, state, analysis)` applies the rules in a fixed order and returns a `Reaction`:
the new state, a mood, the facts to voice now, any objection raised, softened or hardened, and
a trace entry for every rule that fired (rule, why, trust and patience deltas).

    1. turn        count the turn; drain patience (busy prospects)
    2. moves       earning the right and good questions raise trust; pitching before discovery,
                   unearned probes, monologues, early price talk, arguing, ignoring an objection
                   lower trust and patience
    3. objection   the objection the prospect just raised: arguing hardens it, exploring softens it
    4. triggers    a new objection whose trigger fired this turn
    5. facts       facts whose unlock rule holds are shared (never while raising an objection)
    6. ending      patience gone -> the call ends; a good next step agreed -> it ends well
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from roleplay.analysis import RepAnalysis
from roleplay.prospect.persona import DISCOVERY_KINDS, Fact, Persona, Trigger

Mood = Literal["guarded", "neutral", "warming", "open", "annoyed", "ending"]
EndReason = Literal["patience", "next_step"]
SOFT = 0.3
"""An explored objection at or below this hardness is softened: the prospect explains it."""
MAX_PATIENCE_LOSS = 1.0
"""Bad moves cost at most this much patience per rep turn (a busy prospect's drain comes on top)."""


class TraceEntry(BaseModel):
    rule: str
    why: str
    trust_delta: float = 0.0
    patience_delta: float = 0.0


class ObjectionState(BaseModel):
    id: str
    raised_at: int
    hardness: float
    explored: bool = False
    argued: int = 0


class ProspectState(BaseModel):
    trust: float
    patience: float
    unlocked: list[str] = Field(default_factory=list)
    objections: list[ObjectionState] = Field(default_factory=list)
    active_objection: str | None = None
    ended: bool = False
    end_reason: EndReason | None = None
    rep_turns: int = 0
    right_earned: bool = False
    topics_asked: list[str] = Field(default_factory=list)
    questions: int = 0
    pitches: int = 0


class Reaction(BaseModel):
    state: ProspectState
    mood: Mood
    share: list[str] = Field(default_factory=list)
    raise_objection: str | None = None
    softened_objection: str | None = None
    hardened_objection: str | None = None
    ends_call: bool = False
    trace: list[TraceEntry] = Field(default_factory=list)


def initial_state(persona: Persona) -> ProspectState:
    dials = persona.dials
    return ProspectState(trust=dials.trust, patience=dials.patience, right_earned=dials.inbound)


class Turn:
    """Working data for one `react` call: the rules read and update it."""

    def __init__(self, persona: Persona, state: ProspectState, rep: RepAnalysis) -> None:
        self.persona = persona
        self.before = state
        self.state = state.model_copy(deep=True)
        self.rep = rep
        self.reaction = Reaction(state=self.state, mood="neutral")
        self.fired: set[Trigger] = set()
        self.bad_moves = 0
        self.patience_lost = 0.0

    def apply(self, rule: str, why: str, trust: float = 0.0, patience: float = 0.0) -> None:
        if trust < 0 or patience < 0:
            self.bad_moves += 1
        patience = self.capped(patience)
        new_trust = min(1.0, max(0.0, self.state.trust + trust))
        delta = round(new_trust - self.state.trust, 4)
        self.state.trust = new_trust
        self.state.patience = round(self.state.patience + patience, 4)
        self.reaction.trace.append(TraceEntry(rule=rule, why=why, trust_delta=delta,
                                              patience_delta=patience))

    def capped(self, patience: float) -> float:
        """A patience loss, limited so one turn's bad moves cost at most MAX_PATIENCE_LOSS."""
        if patience >= 0:
            return patience
        allowed = max(0.0, MAX_PATIENCE_LOSS - self.patience_lost)
        loss = min(-patience, allowed)
        self.patience_lost += loss
        return -loss

    def discovered(self) -> bool:
        kinds = {self.persona.fact(f).kind for f in self.state.unlocked}
        return bool(kinds & DISCOVERY_KINDS)

    @property
    def gain(self) -> float:
        return self.persona.dials.trust_gain

    @property
    def loss(self) -> float:
        return self.persona.dials.trust_loss


def react(persona: Persona, state: ProspectState, analysis: RepAnalysis) -> Reaction:
    """The prospect's reaction to one analysed rep turn. Deterministic; `state` is not changed."""
    turn = Turn(persona, state, analysis)
    if state.ended:
        turn.apply("call_over", "the call has already ended")
        turn.reaction.ends_call = True
        turn.reaction.mood = "ending"
        return turn.reaction
    for rule in RULES:
        rule(turn)
    return turn.reaction


# --- 1. the turn --------------------------------------------------------------------------


def count_turn(turn: Turn) -> None:
    turn.state.rep_turns += 1
    turn.state.questions += int(turn.rep.asks)
    turn.state.pitches += int(turn.rep.tells)
    drain = turn.persona.dials.patience_drain
    if drain:
        turn.state.patience = round(turn.state.patience - drain, 4)
        turn.reaction.trace.append(TraceEntry(
            rule="busy", why=f"a busy prospect loses {drain:g} patience every turn",
            patience_delta=-drain))


# --- 2. moves: what the rep did -------------------------------------------------------------


def earns_right(turn: Turn) -> None:
    rep = turn.rep
    if not (rep.earns_right or rep.asks_permission) or turn.state.right_earned:
        return
    turn.state.right_earned = True
    how = "asked permission" if rep.asks_permission else "stated a purpose or reason to talk"
    turn.apply("earned_right", f"the rep {how} before probing", trust=turn.gain)


def cold_open(turn: Turn) -> None:
    if turn.state.rep_turns != 1 or turn.state.right_earned or turn.persona.dials.inbound:
        return
    turn.fired.add("cold_open")
    turn.apply("cold_open", "the first words gave no purpose and asked no permission",
               trust=-turn.loss / 2)


def unearned_probe(turn: Turn) -> None:
    if not is_unearned_probe(turn):
        return
    turn.fired.add("unearned_probe")
    turn.apply("unearned_probe", "a probing question before the right to ask was earned",
               trust=-turn.loss, patience=-1)


def is_unearned_probe(turn: Turn) -> bool:
    """A probe before the right was earned; the analysis' `premature` counts until it is earned
    (it also catches a probe that comes before the purpose within the same turn)."""
    rep = turn.rep
    return rep.probes and not turn.before.right_earned and (
        rep.premature or not turn.state.right_earned)


def good_question(turn: Turn) -> None:
    rep = turn.rep
    if not (rep.asks and rep.probes) or is_unearned_probe(turn) or rep.argues or rep.tells:
        return
    if active_objection(turn) is not None:
        return  # a question in reply to an objection is rewarded by `explores`, once
    topics = ", ".join(sorted(rep.topics)) or "their situation"
    fresh = sorted(set(rep.topics) - set(turn.state.topics_asked))
    turn.state.topics_asked += fresh
    if rep.topics and not fresh:
        turn.apply("repeat_question", f"an earned question, but {topics} was asked before",
                   trust=turn.gain / 2)
        return
    turn.apply("good_question", f"an earned question about {topics}", trust=turn.gain)


def pitch(turn: Turn) -> None:
    if not turn.rep.tells:
        return
    turn.fired.add("pitch")
    if turn.discovered():
        pitch_after_discovery(turn)
        return
    if turn.rep.earns_right and not is_monologue(turn):
        turn.apply("purpose_statement", "telling that states the reason for the call, while "
                   "earning the right to ask")
        return
    turn.fired.add("pitch_before_discovery")
    turn.apply("pitch_before_discovery", "pitching before learning what the prospect needs",
               trust=-turn.loss, patience=-1)


def pitch_after_discovery(turn: Turn) -> None:
    state = turn.state
    if state.pitches <= state.questions:
        turn.apply("pitch_after_discovery", "telling after the prospect shared a need, still "
                   f"asking at least as much ({state.questions} asks, {state.pitches} tells)")
        return
    turn.apply("telling_over_asking", f"more telling than asking ({state.pitches} tells, "
               f"{state.questions} asks)", trust=-turn.loss / 2)


def is_monologue(turn: Turn) -> bool:
    """Telling longer than the dial (twice the dial for a turn that earns the right)."""
    limit = monologue_limit(turn)
    return turn.rep.tells and len(turn.rep.text.split()) > limit


def monologue_limit(turn: Turn) -> int:
    words = turn.persona.dials.monologue_words
    return 2 * words if turn.rep.earns_right else words


def long_monologue(turn: Turn) -> None:
    if not is_monologue(turn):
        return
    words = len(turn.rep.text.split())
    limit = monologue_limit(turn)
    turn.fired.add("long_monologue")
    turn.apply("long_monologue", f"{words} words of telling (this prospect tunes out after "
               f"{limit})", patience=-1)


def price_talk(turn: Turn) -> None:
    if not turn.rep.mentions_price or turn.discovered():
        return
    turn.fired.add("price_talk")
    turn.apply("price_talk", "price raised before the prospect shared any need",
               trust=-turn.loss / 2)


def competitor_claim(turn: Turn) -> None:
    if not turn.rep.mentions_competitor:
        return
    turn.fired.add("competitor_claim")
    if turn.rep.tells or turn.rep.argues:
        turn.apply("competitor_claim", "the rep ran down or compared against a competitor",
                   trust=-turn.loss / 2)


def close(turn: Turn) -> None:
    if not turn.rep.proposes_next_step:
        return
    turn.fired.add("close")
    if turn.discovered():
        return
    turn.fired.add("early_close")
    turn.apply("early_close", "asked for a next step before learning anything about them",
               trust=-turn.loss / 2, patience=-1)


# --- 3. the objection the prospect just raised ----------------------------------------------


def active_objection(turn: Turn) -> ObjectionState | None:
    wanted = turn.state.active_objection
    return next((o for o in turn.state.objections if o.id == wanted), None)


def pushes_back(turn: Turn) -> bool:
    """Arguing, or answering the objection just raised with a pitch (a rebuttal)."""
    rep = turn.rep
    rebuts = rep.tells and not rep.explores_objection and active_objection(turn) is not None
    return rep.argues or rebuts


def argues(turn: Turn) -> None:
    if not pushes_back(turn):
        return
    turn.fired.add("argued_with")
    objection = active_objection(turn)
    if objection is None:
        turn.apply("argues", "the rep contradicted the prospect", trust=-turn.loss)
        return
    objection.hardness = min(1.0, objection.hardness + turn.persona.dials.stubbornness)
    objection.argued += 1
    turn.reaction.hardened_objection = objection.id
    how = "argued with" if turn.rep.argues else "answered with a pitch"
    turn.apply("objection_hardened", f"the rep {how} {objection.id!r}; hardness now "
               f"{objection.hardness:.2f}", trust=-turn.loss, patience=-1)


def asks_back(turn: Turn) -> bool:
    """A plain question in reply to an objection, no pitch: exploring it, at half strength."""
    rep = turn.rep
    return rep.asks and not rep.tells and not rep.proposes_next_step


def explores(turn: Turn) -> None:
    objection = active_objection(turn)
    if objection is None or pushes_back(turn):
        return
    if not (turn.rep.explores_objection or asks_back(turn)):
        return
    full = turn.rep.explores_objection
    objection.hardness = max(0.0, objection.hardness - turn.persona.dials.openness * (
        1.0 if full else 0.5))
    how = "explored" if full else "asked a question instead of pushing back on"
    if objection.hardness > SOFT:
        turn.apply("objection_explored", f"the rep {how} {objection.id!r}; hardness now "
                   f"{objection.hardness:.2f}, not yet soft", trust=turn.gain / 2)
        return
    objection.explored = True
    turn.reaction.softened_objection = objection.id
    turn.apply("objection_softened", f"the rep {how} {objection.id!r}; the prospect explains it",
               trust=turn.gain)


def ignores(turn: Turn) -> None:
    objection = active_objection(turn)
    if objection is None or pushes_back(turn) or turn.rep.explores_objection or asks_back(turn):
        return
    turn.apply("objection_ignored", f"the rep moved past {objection.id!r} without asking about it",
               patience=-0.5)


def settle_objection(turn: Turn) -> None:
    turn.state.active_objection = None


# --- 4. new objections -----------------------------------------------------------------------


def raise_objection(turn: Turn) -> None:
    if not turn.fired:
        return
    raised = {o.id for o in turn.state.objections}
    for objection in turn.persona.objections:
        hits = sorted(turn.fired & set(objection.triggers))
        if hits and objection.id not in raised:
            turn.state.objections.append(ObjectionState(
                id=objection.id, raised_at=turn.state.rep_turns,
                hardness=turn.persona.dials.objection_hardness))
            turn.state.active_objection = objection.id
            turn.reaction.raise_objection = objection.id
            turn.apply("objection_raised", f"{objection.id!r} triggered by {', '.join(hits)}")
            return


# --- 5. facts ----------------------------------------------------------------------------------


def share_facts(turn: Turn) -> None:
    if turn.reaction.raise_objection or turn.reaction.hardened_objection:
        return
    budget = turn.persona.dials.shares_per_turn
    for fact in turn.persona.facts:
        if budget == 0:
            return
        if fact.id not in turn.state.unlocked and unlocks(turn, fact):
            turn.state.unlocked.append(fact.id)
            turn.reaction.share.append(fact.id)
            turn.apply("fact_shared", f"{fact.id!r}: {why_unlocked(turn, fact)}")
            budget -= 1


def unlocks(turn: Turn, fact: Fact) -> bool:
    rule = fact.unlock
    return (
        turn.state.trust >= min_trust(turn, fact)
        and (not rule.needs_earned_right or turn.state.right_earned)
        and (not rule.topics or probed(turn, fact))
        and all(f in turn.state.unlocked for f in rule.after)
    )


def min_trust(turn: Turn, fact: Fact) -> float:
    rule = fact.unlock.min_trust
    return turn.persona.dials.share_threshold if rule is None else rule


def probed(turn: Turn, fact: Fact) -> bool:
    rep = turn.rep
    return rep.probes and not is_unearned_probe(turn) and bool(set(fact.unlock.topics) & rep.topics)


def why_unlocked(turn: Turn, fact: Fact) -> str:
    parts = [f"trust {turn.state.trust:.2f} >= {min_trust(turn, fact):.2f}"]
    if fact.unlock.topics:
        asked = sorted(set(fact.unlock.topics) & turn.rep.topics)
        parts.append(f"the rep asked about {', '.join(asked)}")
    if fact.unlock.needs_earned_right:
        parts.append("the right to ask was earned")
    if fact.unlock.after:
        parts.append(f"after {', '.join(fact.unlock.after)}")
    return "; ".join(parts)


# --- 6. ending and mood ------------------------------------------------------------------------


def next_step(turn: Turn) -> None:
    if "close" not in turn.fired or turn.reaction.raise_objection or "early_close" in turn.fired:
        return
    ending = turn.persona.ending
    missing = [f for f in ending.next_step_needs if f not in turn.state.unlocked]
    if not ending.agrees_to_next_step or missing or turn.state.trust < ending.next_step_min_trust:
        hidden = ", ".join(missing) or "-"
        why = ("this prospect never commits" if not ending.agrees_to_next_step else
               f"not ready: trust {turn.state.trust:.2f}, still hidden: {hidden}")
        turn.apply("next_step_declined", why, patience=-0.5)
        return
    end(turn, "next_step")
    turn.apply("next_step_agreed", f"trust {turn.state.trust:.2f} and the needs are on the table")


def out_of_patience(turn: Turn) -> None:
    if turn.state.ended or turn.state.patience > 0:
        return
    end(turn, "patience")
    turn.apply("out_of_patience", f"patience {turn.state.patience:g}: the prospect ends the call")


def end(turn: Turn, reason: EndReason) -> None:
    turn.state.ended = True
    turn.state.end_reason = reason
    turn.reaction.ends_call = True


def mood(turn: Turn) -> None:
    stung = turn.bad_moves > 0 and turn.state.trust < turn.before.trust
    turn.reaction.mood = mood_of(turn.state, annoyed=stung)


def mood_of(state: ProspectState, annoyed: bool = False) -> Mood:
    """Ending, annoyed (stung this turn, or nearly out of patience and cool), else by trust."""
    if state.ended:
        return "ending"
    if annoyed or (state.patience <= 1 and state.trust < 0.5):
        return "annoyed"
    if state.trust < 0.3:
        return "guarded"
    if state.trust < 0.5:
        return "neutral"
    return "warming" if state.trust < 0.7 else "open"


RULES: tuple[Callable[[Turn], None], ...] = (
    count_turn,
    earns_right,
    cold_open,
    unearned_probe,
    good_question,
    pitch,
    long_monologue,
    price_talk,
    competitor_claim,
    close,
    argues,
    explores,
    ignores,
    settle_objection,
    raise_objection,
    share_facts,
    next_step,
    out_of_patience,
    mood,
)

"""The prospect's state and how it reacts to each analysed rep turn: pure, deterministic, no I/O.

`react(persona, state, analysis)` applies the rules in a fixed order and returns a `Reaction`:
the new state, a mood, the facts to voice now (or the fact recalled, or why nothing was said),
any objection raised, softened, hardened or ignored, the next step agreed, declined or offered,
and a trace entry for every rule that fired (rule, why, trust and patience deltas).

    1. turn        count the turn; drain patience (busy prospects)
    2. odd turns   silence, nonsense, off-topic talk, "are you an AI?", another language: they cost
                   trust and patience and nothing else happens (`roleplay.conduct`)
    3. moves       earning the right and good questions raise trust; pitching before discovery,
                   unearned probes, monologues (any turn past the prospect's limit, asking or
                   telling; the cost grows with length), early price talk, running down a
                   competitor, contradicting what they said (or flatly denying their own words:
                   "it can't be fine", `roleplay.conduct.denial`) lower trust and patience; a
                   question asked again earns nothing; a bad move that leaves no trust, after an
                   earlier one, costs patience again
    4. objection   the objection the prospect just raised: arguing (the model's `argues`, a
                   contradiction, or a pitch in answer) hardens it, exploring (the turn model's
                   `explores_objection`) softens it, a close, a pivot or an unrelated question
                   ignores it
    5. triggers    a new objection whose trigger fired this turn
    6. facts       of the facts whose unlock rule holds, the one that answers the question asked
                   (`answers.py`); a question asked again recalls the earlier answer
    7. next step   agreed when earned, declined with a reason otherwise, or offered by the prospect
    8. ending      patience gone -> the call ends; a next step agreed -> it ends well

The analysis labels (`roleplay.analysis`) are the one truth for what the rep did; its conduct
(`roleplay.conduct`, read the same way by the grader) only adds what the turn model does not
label: a turn off track, a contradiction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Any, Final, Literal, Self

from pydantic import BaseModel, Field
from pydantic_core import PydanticUndefined

from roleplay import conduct
from roleplay.analysis import RepAnalysis, rules
from roleplay.analysis.turns import TOPIC_OF_CLASS
from roleplay.conduct import deferrals, denial, detectors, introducing, listening, twisting
from roleplay.conduct.detectors import OddKind
from roleplay.prospect import answers, hearing, money
from roleplay.prospect.persona import DISCOVERY_KINDS, Fact, Persona, Trigger

Mood = Literal["guarded", "neutral", "warming", "open", "annoyed", "ending"]
EndReason = Literal["patience", "next_step"]
NextStep = Literal["agreed", "declined", "offered"]
DeclineReason = Literal["never", "trust", "needs", "objection", "pressure"]
Withheld = Literal["trust", "vague", "nothing", "objection"]
Courtesy = Literal["offered_info", "signed_off"]
"""Why an earned question got no fact: trust too low; the question too vague for what fits (a
specific or follow-up fact); nothing (left) to tell on that topic; an objection still open."""
SOFT = 0.3
"""An explored objection at or below this hardness is softened: the prospect explains it."""
MAX_PATIENCE_LOSS = 1.0
"""Bad moves cost at most this much patience per rep turn (a busy prospect's drain and a
monologue's length come on top)."""
MONOLOGUE_MAX_COST = 3.0
"""A monologue costs patience in proportion to its length (one point per `monologue_words`
beyond the limit), at most this much."""
ODD_COSTS: dict[OddKind, tuple[float, float]] = {
    "silence": (0.5, 0.5),
    "nonsense": (1.0, 1.0),
    "off_topic": (0.5, 0.5),
    "ai_question": (1.0, 1.0),
    "language": (0.0, 0.5),
    "rude": (1.5, 1.0),
}
"""(share of trust_loss, patience) an odd turn costs."""
NO_TRUST_COST = 1.0
"""A bad move that leaves trust at 0 costs this much more patience (`no_trust_left`)."""
ODD_WHY: dict[OddKind, str] = {
    "silence": "the rep said nothing",
    "nonsense": "the rep's words made no sense",
    "off_topic": "small talk with nothing to do with the call",
    "ai_question": "the rep asked whether the prospect is a person or a machine (or talked to "
                   "the machine)",
    "language": "the rep spoke a language the prospect does not speak",
    "rude": "the rep was rude to the prospect: an insult, swearing or contempt",
}


class TraceEntry(BaseModel):
    rule: str
    why: str
    trust_delta: float = 0.0
    patience_delta: float = 0.0


class _Copied(BaseModel):
    """A model whose deep copy (`model_copy(deep=True)`, the state's twice a turn) is
    pydantic's without sending each value through `copy.deepcopy`'s dispatch: scalars and
    lists are copied in `_deep_copied` to the same result in about half the time."""

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        memo = {} if memo is None else memo
        cls = type(self)
        copied = cls.__new__(cls)
        memo[id(self)] = copied
        setattr_ = object.__setattr__
        setattr_(copied, "__dict__", {name: value if type(value) in _ATOMIC
                                      else _deep_copied(value, memo)
                                      for name, value in self.__dict__.items()})
        setattr_(copied, "__pydantic_extra__", copy.deepcopy(self.__pydantic_extra__, memo))
        setattr_(copied, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        private = getattr(self, "__pydantic_private__", None)
        setattr_(copied, "__pydantic_private__", None if private is None else copy.deepcopy(
            {k: v for k, v in private.items() if v is not PydanticUndefined}, memo))
        return copied


class ObjectionState(_Copied):
    id: str
    raised_at: int
    hardness: float
    explored: bool = False
    pressed: int = 0
    """Turns that explored it without softening it yet."""
    argued: int = 0
    argued_at: int | None = None
    ignored: int = 0
    """Rep turns that moved past it; it stays on the table, said again, until taken up."""


class ProspectState(_Copied):
    trust: float
    patience: float
    unlocked: list[str] = Field(default_factory=list)
    objections: list[ObjectionState] = Field(default_factory=list)
    active_objection: str | None = None
    ended: bool = False
    end_reason: EndReason | None = None
    rep_turns: int = 0
    right_earned: bool = False
    right_from_objection: bool = False
    """The right to ask came from softening an objection to the opening (`explores`): a purpose
    or permission said afterwards still earns its trust."""
    topics_asked: list[str] = Field(default_factory=list)
    questions: int = 0
    pitches: int = 0
    asked: list[str] = Field(default_factory=list)
    """The rep's earned questions so far, in order (to spot a question asked again)."""
    answered: list[str | None] = Field(default_factory=list)
    """The fact each of `asked` got (None: no fact)."""
    next_step: NextStep | None = None
    """The next step's outcome so far: offered by the prospect, declined, or agreed."""
    odd_turns: int = 0


_ATOMIC: Final = frozenset({str, int, float, bool, type(None)})
"""Types `copy.deepcopy` returns as they are (exact types: a subclass goes to deepcopy)."""


def _deep_copied(value: Any, memo: dict[int, Any]) -> Any:
    """`copy.deepcopy(value, memo)`: a list copied here item by item (a list met twice is
    copied once, as deepcopy's memo does), anything else not a scalar by deepcopy."""
    if type(value) is not list:
        return value if type(value) in _ATOMIC else copy.deepcopy(value, memo)
    done = memo.get(id(value))
    if done is not None:
        return done
    items: list[Any] = []
    memo[id(value)] = items
    items.extend([item if type(item) in _ATOMIC else _deep_copied(item, memo) for item in value])
    return items


class Reaction(BaseModel):
    state: ProspectState
    mood: Mood
    share: list[str] = Field(default_factory=list)
    raise_objection: str | None = None
    softened_objection: str | None = None
    granted_right: bool = False
    """Softening an objection to the opening answered who is calling and why: the prospect now
    takes questions (`grant_right`)."""
    hardened_objection: str | None = None
    ignored_objection: str | None = None
    pressed_objection: str | None = None
    """Explored, but not soft yet: the prospect still holds to it."""
    recall: str | None = None
    """A fact shared before that answers the question asked again ("like I said...")."""
    withheld: Withheld | None = None
    """An earned question that got no fact, and why (the voice gives a fitting non-answer)."""
    odd: OddKind | None = None
    next_step: NextStep | None = None
    decline_reason: DeclineReason | None = None
    ends_call: bool = False
    courtesy: Courtesy | None = None
    """The rep offered to send material, or said goodbye (asking and proposing nothing): the
    voice takes the offer or says goodbye (`courtesy_of`)."""
    trace: list[TraceEntry] = Field(default_factory=list)


def courtesy_of(rep: RepAnalysis, found: conduct.Conduct) -> Courtesy | None:
    """The courtesy a counted rep turn ends on, if any: an offer to send material first."""
    if found.sends_info:
        return "offered_info"
    if found.signs_off and not (rep.asks or rep.proposes_next_step):
        return "signed_off"
    return None


def initial_state(persona: Persona) -> ProspectState:
    dials = persona.dials
    return ProspectState(trust=dials.trust, patience=dials.patience, right_earned=dials.inbound)


class Turn:
    """Working data for one `react` call: the rules read and update it."""

    def __init__(self, persona: Persona, state: ProspectState, rep: RepAnalysis) -> None:
        self.persona = persona
        self.before = state
        self.state = state.model_copy(deep=True)
        self.said = heard(persona, state)
        """What the prospect said before this turn (`heard`)."""
        self.conduct = conduct.read(rep, heard=objection_words(persona, state),
                                    claimed=denial.claims(self.said),
                                    languages=persona.dials.languages,
                                    own_words=own_words(persona),
                                    opens_call=not state.rep_turns and not persona.dials.inbound,
                                    troubled=twisting.troubled(self.said),
                                    acknowledgement_fits=state.next_step == "offered",
                                    deferred_to=deferred_to(self.said))
        """How the turn treats the prospect, as the grader reads it; a word of theirs the rep
        flatly denies ("it can't be fine") is in `conduct.denied`: arguing."""
        self.rep = money.need_not_money(
            conduct.counted(without_objection(rep, state), self.conduct), persona, self.said)
        """What the turn counts for (`roleplay.conduct.counted`, as the grader counts it)."""
        self.reaction = Reaction(state=self.state, mood="neutral",
                                 courtesy=courtesy_of(self.rep, self.conduct))
        self.fired: set[Trigger] = set()
        self.bad_moves = 0
        self.patience_lost = 0.0
        self.repeats: int | None = None
        """The index in `state.asked` of the question this turn asks again."""
        self.opening = state.rep_turns == state.odd_turns
        """No rep turn before this one did anything but an odd turn (a line in another
        language, "are you a robot?"): this is where the call really opens."""
        self.ignoring = False
        self.pressing = False
        """An objection explored but not yet soft: it stays on the table."""

    def apply(self, rule: str, why: str, trust: float = 0.0, patience: float = 0.0,
              *, capped: bool = True, bad: bool = True) -> None:
        if bad and (trust < 0 or patience < 0):
            self.bad_moves += 1
        patience = self.capped(patience) if capped else patience
        # rounded as patience is: 0.3 + 0.15 - 0.2 + 0.15 is 0.39999999999999997, under a
        # fact's 0.4 while every trace says 0.40
        new_trust = round(min(1.0, max(0.0, self.state.trust + trust)), 4)
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
        """A pain or motive was shared, or every fact the persona needs before a next step."""
        kinds = {self.persona.fact(f).kind for f in self.state.unlocked}
        needs = self.persona.ending.next_step_needs
        return bool(kinds & DISCOVERY_KINDS) or (bool(needs) and all(
            f in self.state.unlocked for f in needs))

    @property
    def gain(self) -> float:
        return self.persona.dials.trust_gain

    @property
    def loss(self) -> float:
        return self.persona.dials.trust_loss


def without_objection(rep: RepAnalysis, state: ProspectState) -> RepAnalysis:
    """The turn model reads a reply to "the objection just raised" from the prospect's last
    words; the engine knows whether it raised one. With none on its table, the model read
    pushback into a fact or a feeling the prospect shared ("we're with them through June; it's
    fine, mostly"): a probing question that tells nothing is no rebuttal of it, and no reply
    explores an objection, so a close is not overruled as one (`conduct.counted`)."""
    if state.active_objection is not None or not (rep.argues or rep.explores_objection):
        return rep
    rebuts = rep.argues and not (rep.probes and rep.asks and not rep.tells)
    return replace(rep, argues=rebuts, explores_objection=False)


def react(persona: Persona, state: ProspectState, analysis: RepAnalysis) -> Reaction:
    """The prospect's reaction to one analysed rep turn. Deterministic; `state` is not changed."""
    turn = Turn(persona, state, analysis)
    if state.ended:
        turn.apply("call_over", "the call has already ended")
        turn.reaction.ends_call = True
        turn.reaction.mood = "ending"
        return turn.reaction
    count_turn(turn)
    odd = odd_turn(turn)
    for rule in ODD_RULES if odd else RULES:
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


# --- 2. odd turns ----------------------------------------------------------------------------


def odd_turn(turn: Turn) -> bool:
    """Silence, nonsense, off-topic talk, "are you an AI?" or another language: costs trust and
    patience (a language only patience), and nothing else the rep did counts this turn."""
    kind = turn.conduct.off_track
    if kind is None:
        return False
    share, patience = ODD_COSTS[kind]
    again = turn.state.odd_turns  # a prospect forgives one slip, not a pattern
    turn.state.odd_turns += 1
    turn.reaction.odd = kind
    why = ODD_WHY[kind] + (f" (odd turn {again + 1}: each costs more patience)" if again else "")
    turn.apply(kind, why, trust=-turn.loss * share,
               patience=-round(patience * (1 + ODD_AGAIN * again), 4))
    return True


ODD_AGAIN = 0.5
"""Each odd turn after the first costs this much more patience than the one before (silence:
0.5, 0.75, 1.0...): dead air or nonsense once is a slip, again and again ends the call."""


def heard(persona: Persona, state: ProspectState) -> list[str]:
    """What the prospect has said so far, as the engine knows it: the facts shared, the
    objections raised (every wording) and the reasons behind those explored."""
    lines = [persona.fact(f).says for f in state.unlocked]
    for raised in state.objections:
        objection = persona.objection(raised.id)
        lines += objection.says
        if raised.explored and objection.explored_says:
            lines.append(objection.explored_says)
    return lines


def deferred_to(said: list[str]) -> frozenset[str]:
    """What the prospect has deferred to so far (`deferrals.defers`): material they asked for,
    someone else who decides."""
    return frozenset().union(*map(_defers, said))


@lru_cache(maxsize=4096)
def _defers(line: str) -> frozenset[str]:
    """`deferrals.defers` of one of the persona's lines (a fixed set: read once each)."""
    return deferrals.defers(listening.plain(line))


def objection_words(persona: Persona, state: ProspectState) -> str | None:
    """What the prospect just said, as far as the engine knows it: the objection on the table
    in every wording the persona gives it (the reply voiced one of them), or None."""
    if state.active_objection is None:
        return None
    return " ".join(persona.objection(state.active_objection).says)


def own_words(persona: Persona) -> frozenset[str]:
    """Names and words of the persona's world: not nonsense when the rep says them."""
    text = " ".join([persona.name, persona.company, persona.industry, persona.title,
                     persona.situation])
    return _words_of(text)


@lru_cache(maxsize=256)
def _words_of(text: str) -> frozenset[str]:
    """`own_words` of a persona's text, read once per persona, not every turn."""
    return frozenset(detectors.words(text))


# --- 3. moves: what the rep did -------------------------------------------------------------


def earns_right(turn: Turn) -> None:
    rep = turn.rep
    if not (rep.earns_right or rep.asks_permission):
        return
    if turn.state.right_earned and not turn.state.right_from_objection:
        courteous_opening(turn)
        return
    turn.state.right_earned = True
    turn.state.right_from_objection = False
    how = "asked permission" if rep.asks_permission else "stated a purpose or reason to talk"
    turn.apply("earned_right", f"the rep {how} before probing", trust=turn.gain)


def courteous_opening(turn: Turn) -> None:
    """A call the prospect asked for opens with the right already earned; a first turn that
    still says why the rep is calling or asks if now suits ("you asked about reminders; is now
    okay?") is a courtesy they notice, as long as it is not also a pitch or pressure. After a
    slip ("sorry, wrong language!") the turn that opens the call properly is the first."""
    if not turn.opening or not turn.persona.dials.inbound or turn.rep.tells \
            or turn.conduct.pressures:
        return
    turn.apply("courteous_opening", "the rep acknowledged the prospect's request before "
               "anything else", trust=turn.gain / 2)


def cold_open(turn: Turn) -> None:
    if not turn.opening or turn.state.right_earned or turn.persona.dials.inbound:
        return
    turn.fired.add("cold_open")
    turn.apply("cold_open", "the first words gave no purpose and asked no permission",
               trust=-turn.loss / 2)


def unearned_probe(turn: Turn) -> None:
    """A probe before the right was earned (asking about the objection just raised is not)."""
    if not is_unearned_probe(turn) or (active_objection(turn) and explores_it(turn)):
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
    if not (rep.asks and rep.probes) or is_unearned_probe(turn) or rep.argues or rep.tells \
            or turn.conduct.contradicts:
        return
    if active_objection(turn) is not None:
        return  # a question in reply to an objection: `explores` or `ignores` decides
    if asks_budget_first(turn) and talks_money_first(turn):
        return  # their budget before anything else: `price_talk` costs it, nothing earns trust
    topics = ", ".join(sorted(rep.topics)) or "their situation"
    turn.repeats = answers.same_question(rep.text, turn.state.asked)
    if turn.repeats is not None:
        turn.apply("repeat_question", f"asked again: {turn.state.asked[turn.repeats]!r}; no new "
                   "answer and no trust for it")
        return
    fresh = sorted(set(rep.topics) - set(turn.state.topics_asked))
    turn.state.topics_asked += fresh
    if rep.topics and not fresh:
        turn.apply("follow_up_question", f"an earned question, on {topics} again",
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
    if purpose_statement(turn):
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
    """A turn longer than the dial (twice the dial for a turn that earns the right or proposes a
    next step), telling or asking: a sixty-word question keeps the prospect waiting as long as a
    sixty-word pitch."""
    return words_in(turn) > monologue_limit(turn)


def words_in(turn: Turn) -> int:
    """The rep's words, without the fillers voice-to-text writes down ("um", "uh")."""
    return sum(word not in detectors.FILLERS for word in turn.rep.text.lower().split())


def monologue_limit(turn: Turn) -> int:
    """The dial, doubled for a turn that earns the right it did not yet have or proposes a next
    step: saying why you called, or what a meeting would cover and with whom, takes a few more
    words. Once the right is earned, a long turn that "says what we do" is a tour, not a reason
    to talk."""
    words = turn.persona.dials.monologue_words
    return 2 * words if earns_anew(turn) or turn.rep.proposes_next_step else words


def earns_anew(turn: Turn) -> bool:
    """The turn earns the right to ask, which the rep did not hold before it."""
    return turn.rep.earns_right and not turn.before.right_earned


def long_monologue(turn: Turn) -> None:
    """A monologue's cost grows with its length: one patience point per `limit` words beyond
    the limit (at least half a point), up to MONOLOGUE_MAX_COST, on top of other bad moves."""
    if not is_monologue(turn):
        return
    words = words_in(turn)
    limit = monologue_limit(turn)
    cost = round(min(MONOLOGUE_MAX_COST, max(0.5, (words - limit) / limit)), 2)
    what = "telling" if turn.rep.tells else "before the point"
    turn.fired.add("long_monologue")
    turn.apply("long_monologue", f"{words} words {what} (this prospect tunes out after "
               f"{limit})", trust=-turn.loss / 2, patience=-cost, capped=False)


def price_talk(turn: Turn) -> None:
    """Money raised before any need: the rep's price before a pain or motive was shared, or a
    question about their budget before they shared anything at all ("real quick, what does
    budget look like this year?" as the first question)."""
    rep = turn.rep
    if not talks_money_first(turn):
        return
    turn.fired.add("price_talk")
    what = "price raised" if rep.mentions_price else "their budget asked about"
    turn.apply("price_talk", f"{what} before the prospect shared any need",
               trust=-turn.loss / 2)


def talks_money_first(turn: Turn) -> bool:
    """The rep's price, or a question about their budget, before any need was on the table
    (and not in answer to their own money objection)."""
    return (turn.rep.mentions_price or asks_budget_first(turn)) and not turn.discovered() \
        and not explores_money(turn)


def asks_budget_first(turn: Turn) -> bool:
    """A question about their budget or price before they shared anything at all."""
    return not turn.state.unlocked and asks_about_money(turn)


def asks_about_money(turn: Turn) -> bool:
    """A probe about budget or price, or a question whose best answer among the persona's facts
    is their budget, in its own words ("what have you got set aside for this?", which the model
    files under their situation)."""
    rep = turn.rep
    if rep.topics & money.MONEY_TOPICS:
        return True
    question = rep.text if rep.probes else asked_words(rep)
    if not rep.asks or question is None or rules.talks_their_costs(question):
        return False  # "what does a missed appointment cost you?" asks about their pain
    topics = asked_topics(rep)
    best = max(turn.persona.facts, key=lambda f: answers.relevance(f, topics, question))
    return best.kind == "budget" and bool(money.budget_words(turn.persona, turn.said, question))


def explores_money(turn: Turn) -> bool:
    """Asking about the money objection they just raised ("fair enough; what would feel
    comfortable?") explores it: their money, raised by them, is no price talk."""
    objection = active_objection(turn)
    return objection is not None and explores_it(turn) \
        and turn.persona.objection(objection.id).kind == "no_budget"


def competitor_claim(turn: Turn) -> None:
    """Running down or comparing against a competitor; a neutral question about the incumbent
    is discovery, not a claim. A statement about them that asks nothing and picks up nothing
    the prospect said is a claim too, told or not ("your vendor has a reputation for slow
    support"), and so is a bad word for them with a question after it ("your current vendor is
    outdated, got a minute?", `conduct.rivals`)."""
    rep, conduct = turn.rep, turn.conduct
    claims = rep.tells or rep.argues or not (rep.asks or conduct.builds_on or conduct.reflects)
    if conduct.backs_off or not (conduct.knocks_rival or (rep.mentions_competitor and claims)):
        return  # "I'd never suggest switching mid-year" leaves their vendor alone
    turn.fired.add("competitor_claim")
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


def pressure(turn: Turn) -> None:
    """Pushing for a decision (false urgency, scarcity, a demand for an answer, the bandwagon:
    `conduct.pressures`): a bad move whatever else the turn does, a trigger a persona's
    objections may name, and no next step is agreed under it."""
    if not turn.conduct.pressures:
        return
    turn.fired.add("pressure")
    turn.apply("pressure", "the rep pushed for a decision instead of letting the prospect decide",
               trust=-turn.loss / 2, patience=-0.5)


# --- 3. the objection the prospect just raised ----------------------------------------------


def active_objection(turn: Turn) -> ObjectionState | None:
    wanted = turn.state.active_objection
    return next((o for o in turn.state.objections if o.id == wanted), None)


def pushes_back(turn: Turn) -> bool:
    """Arguing (the model's label), contradicting what they said (objection or not), or
    answering the objection just raised with a pitch (a rebuttal): `conduct.pushes_back`, as the
    grader reads it."""
    if says_who_and_why(turn) and not (turn.rep.argues or turn.conduct.contradicts):
        return False  # who they are and why they call, in answer to "who is this?"
    return conduct.pushes_back(turn.rep, turn.conduct,
                               after_objection=active_objection(turn) is not None)


def argues(turn: Turn) -> None:
    if not pushes_back(turn):
        return
    turn.fired.add("argued_with")
    objection = active_objection(turn)
    if objection is None:
        turn.apply("argues", arguing_why(turn), trust=-turn.loss, patience=-1)
        return
    objection.hardness = round(min(1.0, objection.hardness + turn.persona.dials.stubbornness), 4)
    objection.argued += 1
    objection.argued_at = turn.state.rep_turns
    turn.reaction.hardened_objection = objection.id
    withdraw_offer(turn)
    if turn.conduct.denied is not None:
        how = f"denied ({turn.conduct.denied!r})"
    else:
        how = "argued with" if turn.rep.argues or turn.conduct.contradicts else \
            "answered with a pitch"
    turn.apply("objection_hardened", f"the rep {how} {objection.id!r}; hardness now "
               f"{objection.hardness:.2f}", trust=-turn.loss, patience=-1)


def arguing_why(turn: Turn) -> str:
    if turn.conduct.denied is not None:
        return f"the rep denied what the prospect said ({turn.conduct.denied!r})"
    return "the rep contradicted or corrected what the prospect said"


def explores_it(turn: Turn) -> bool:
    """Acknowledging, reflecting or asking about *that* objection (the turn model's label, or a
    question about money while their own money objection is open: "so it's less about the
    budget and more about whether it pays back?"); a close in the same breath moves past it
    instead; asking when would suit them better, right after they said they are busy now,
    takes it up, a time suggested or not ("sounds mad in there, when's a calmer time to catch
    you?")."""
    if turn.conduct.asks_better_time and turn.rep.asks and not turn.rep.tells:
        return True
    if turn.rep.proposes_next_step:
        return False
    return turn.rep.explores_objection or asks_into_money_objection(turn) \
        or says_who_and_why(turn) or reflects_it(turn)


def reflects_it(turn: Turn) -> bool:
    """Saying back what they feel, no pitch ("sorry Greg, sounds like I caught you in the middle
    of a fire"): rolling with the objection explores it, question or not."""
    return active_objection(turn) is not None and turn.conduct.reflects and not turn.rep.tells


def says_who_and_why(turn: Turn) -> bool:
    """A purpose, no pitch, while the objection on the table is one to the opening ("who is
    this? is he expecting you?"): that answers it, whatever the turn model called it ("Sorry,
    that was rude of me. I'm Ines with Rosterly, we make scheduling software for nursing teams,
    and I'd like fifteen minutes with Dr Whitcombe"). So does a short purpose statement the
    model hears as telling ("so we're Payrota, we do scheduling and payroll for small
    businesses. Have you got a minute?"), and saying who they are and what their firm does
    (`introducing.introduces`), which the model may not hear as a purpose at all, when the
    objection asked who is calling or what about ("What's this about?"; not "I've got a server
    down, is this going to take long?")."""
    objection = active_objection(turn)
    if objection is None or not OPENING_TRIGGERS & set(
            turn.persona.objection(objection.id).triggers):
        return False
    rep = turn.rep
    if rep.earns_right and rep.earned_how == "purpose" and not rep.tells:
        return True
    # the objection asked who is calling or what about: a short statement of why they call
    # ("we do rotas and payroll for shops"), or who they are and what their firm does, answers
    if not asks_who_or_why(tuple(turn.persona.objection(objection.id).says)):
        return False
    if rep.tells:
        return rep.earns_right and states_purpose(turn)
    return introducing.introduces(listening.plain(rep.text), earns_right=rep.earns_right)


def purpose_statement(turn: Turn) -> bool:
    """A short pitch that says why the rep called: it earns the right anew, within the persona's
    `monologue_words`; announcing a tour of the product ("thanks for your enquiry, let me walk
    you through our platform") is still a pitch (`pitch`)."""
    return earns_anew(turn) and words_in(turn) <= turn.persona.dials.monologue_words \
        and not turn.conduct.presents


@lru_cache(maxsize=256)
def asks_who_or_why(says: tuple[str, ...]) -> bool:
    """The objection's words ask who is calling or what about (read once per wording: the
    engine asks on every reading of a turn while the objection is on the table)."""
    return introducing.asks_who_or_why(listening.plain(" ".join(says)))


def states_purpose(turn: Turn) -> bool:
    """Telling that only says why the rep calls: a purpose statement that neither pushes for a
    decision, contradicts them nor runs down a rival."""
    found = turn.conduct
    return purpose_statement(turn) and not (found.pressures or found.contradicts
                                            or found.knocks_rival)


def asks_into_money_objection(turn: Turn) -> bool:
    """A question about money (no pitch) while the objection on the table is their budget:
    it takes up what they said, whatever the turn model called it."""
    objection = active_objection(turn)
    return objection is not None and turn.persona.objection(objection.id).kind == "no_budget" \
        and turn.rep.asks and not turn.rep.tells and asks_about_money(turn)


def explores(turn: Turn) -> None:
    objection = active_objection(turn)
    if objection is None or pushes_back(turn) or not explores_it(turn):
        return
    # rounded: 0.9 - 0.3 - 0.3 is 0.30000000000000004, which is not yet soft
    objection.hardness = round(max(0.0, objection.hardness - turn.persona.dials.openness), 4)
    how = "explored"
    if objection.hardness > SOFT:
        objection.pressed += 1
        turn.pressing = True
        turn.reaction.pressed_objection = objection.id
        turn.apply("objection_explored", f"the rep {how} {objection.id!r}; hardness now "
                   f"{objection.hardness:.2f}, not yet soft", trust=turn.gain / 2)
        return
    objection.explored = True
    turn.reaction.softened_objection = objection.id
    turn.apply("objection_softened", f"the rep {how} {objection.id!r}; the prospect explains it",
               trust=turn.gain)
    grant_right(turn, objection)


OPENING_TRIGGERS = frozenset({"cold_open", "unearned_probe"})
"""What an objection to the opening is raised by: no purpose, or a probe before the right."""


def grant_right(turn: Turn, objection: ObjectionState) -> None:
    """An objection to the opening ("who is this? what do you want?") that the rep has taken up
    and softened has been answered: who they are and why they called. The prospect now takes
    questions, as after a purpose."""
    if turn.state.right_earned or not OPENING_TRIGGERS & set(
            turn.persona.objection(objection.id).triggers):
        return
    turn.state.right_earned = True
    turn.state.right_from_objection = True
    turn.reaction.granted_right = True
    turn.reaction.trace.append(TraceEntry(
        rule="right_granted", why=f"softening {objection.id!r} answered who is calling and why: "
        "the prospect takes questions now"))


def ignores(turn: Turn) -> None:
    """A close, a pivot or an unrelated question right after an objection: it softens nothing,
    costs patience, and the prospect shares nothing until it is dealt with."""
    objection = active_objection(turn)
    if objection is None or pushes_back(turn) or explores_it(turn):
        return
    if takes_the_brush_off(turn, objection):
        turn.apply("brush_off_taken", f"the rep took {objection.id!r} at its word and asked "
                   "nothing about it", trust=-turn.loss / 2)
        return
    if turn.conduct.backs_off or turn.conduct.sends_info or objection.pressed:
        return  # backing off ("I won't keep you", "I'll email the guide") accepts the objection;
        # one that was taken up once and is still firm is let be, not ignored
    how = "proposed a next step" if turn.rep.proposes_next_step else \
        "asked about something else" if turn.rep.asks else "moved on"
    turn.ignoring = True
    turn.reaction.ignored_objection = objection.id
    objection.ignored += 1
    again = objection.ignored > 1  # said again: moving past it once more costs nothing new
    turn.apply("objection_ignored", f"the rep {how} instead of asking about {objection.id!r}"
               + (", again" if again else ""),
               trust=0.0 if again else -turn.loss / 2, patience=0.0 if again else -0.5)


def takes_the_brush_off(turn: Turn, objection: ObjectionState) -> bool:
    """The prospect just said "send me something", and the rep only offers to send it ("sure,
    I'll email it over, what's the best address?"): the call ends where the prospect wanted it
    to, and the prospect thinks a little less of a rep who folds at once. Offering material
    after taking an objection up (qualifying out, "sounds like there's no project yet, I'll send
    the guide") is not folding: the objection is no longer on the table then."""
    return turn.conduct.only_offers and not objection.pressed and not objection.explored \
        and turn.persona.objection(objection.id).kind == "send_info"


def settle_objection(turn: Turn) -> None:
    """The objection just raised is dealt with, one way or another, unless explored but not yet
    soft, or moved past: then it stays on the table for the next turn (the prospect says it
    again, and the rep can still take it up, or argue with it)."""
    if not (turn.pressing or turn.ignoring):
        turn.state.active_objection = None


# --- 4. new objections -----------------------------------------------------------------------


LENGTH_TRIGGERS = frozenset({"long_monologue"})
"""What a turn that softens an objection does not raise a new one with: a long but candid answer
to "what is this regarding?" has answered it (its length still costs patience)."""


def raise_objection(turn: Turn) -> None:
    if not turn.fired:
        return
    raised = {o.id for o in turn.state.objections}
    fired = turn.fired - LENGTH_TRIGGERS if turn.reaction.softened_objection else turn.fired
    for objection in turn.persona.objections:
        hits = sorted(fired & set(objection.triggers))
        if hits and objection.id not in raised:
            turn.state.objections.append(ObjectionState(
                id=objection.id, raised_at=turn.state.rep_turns,
                hardness=turn.persona.dials.objection_hardness))
            turn.state.active_objection = objection.id
            turn.reaction.raise_objection = objection.id
            turn.apply("objection_raised", f"{objection.id!r} triggered by {', '.join(hits)}")
            withdraw_offer(turn)
            return


def withdraw_offer(turn: Turn) -> None:
    """A next step the prospect offered is off the table once they object again: a rep who
    argued them out of it cannot then just say yes to it."""
    if turn.state.next_step != "offered":
        return
    turn.state.next_step = None
    turn.apply("offer_withdrawn", "the prospect's own offer of a next step is withdrawn: they "
               "object now", bad=False)


# --- 5. facts ----------------------------------------------------------------------------------


def share_facts(turn: Turn) -> None:
    """The earned facts that best answer the question asked (file order only breaks ties)."""
    if turn.reaction.raise_objection or turn.reaction.hardened_objection or turn.ignoring:
        return
    if turn.repeats is not None:
        return
    credited = {e.rule for e in turn.reaction.trace} & {"good_question", "follow_up_question"}
    # a question in the fact's own words earns its credit with the fact, as a probe earns it
    # before: the fact is judged on the trust the question brings (not a turn that takes up an
    # objection: that earns its own credit, and the prospect explains the objection first)
    answering_objection = turn.pressing or turn.reaction.softened_objection is not None
    named = 0.0 if credited or answering_objection or asked_words(turn.rep) is None \
        else turn.gain
    locked = [f for f in turn.persona.facts if f.id not in turn.state.unlocked]
    ready = [f for f in locked if unlocks(turn, f, named)]
    if answering_objection:  # they explain the objection; a fact comes only if asked by name
        ready = [f for f in ready if answers.names(f, turn.rep.text)]
    answering = [f for f in ready if f.unlock.topics]
    chosen = answers.best_first(answering, turn.rep.topics, turn.rep.text) or \
        [f for f in ready if not f.unlock.topics]
    for fact in chosen[: turn.persona.dials.shares_per_turn]:
        turn.state.unlocked.append(fact.id)
        turn.reaction.share.append(fact.id)
        turn.apply("fact_shared", f"{fact.id!r}: {why_unlocked(turn, fact, named)}")
    if not turn.reaction.share:
        return
    if "follow_up_question" in credited:
        turn.apply("answered", "the question on a known topic found something new",
                   trust=turn.gain / 2)
    elif asked_words(turn.rep) is not None and not credited:
        turn.apply("good_question", "a question in the words of what they care about",
                   trust=turn.gain)


def unlocks(turn: Turn, fact: Fact, named: float = 0.0) -> bool:
    """Whether the fact comes out this turn; `named`: the trust a question in the fact's own
    words brings when it answers it (`share_facts`)."""
    rule = fact.unlock
    return (
        round(turn.state.trust + (named if rule.topics else 0.0), 4) >= min_trust(turn, fact)
        and (not rule.needs_earned_right or turn.state.right_earned)
        and (not rule.topics or probed(turn, fact))
        and all(f in turn.state.unlocked for f in rule.after)
        and (not rule.follow_up or follows_up(turn, fact))
    )


def plain_question(rep: RepAnalysis) -> bool:
    """A question that only asks (no purpose, permission, pitch or proposal in it): when it
    names a fact's words it asks about that fact, even if the model did not call it probing."""
    return rep.asks and not (rep.earns_right or rep.asks_permission or rep.tells
                             or rep.proposes_next_step)


def asked_words(rep: RepAnalysis) -> str | None:
    """The words of the question a turn asks, when the model did not call it probing: all of a
    plain question but its greetings ("how are you today?" asks about no fact); of a permission or
    a purpose, only the question it carries ("mind if I ask what got you looking?" asks what got
    them looking; "could I ask a couple of questions about month-end?" asks nothing yet)."""
    if plain_question(rep):
        return hearing.without_greeting(rep.text)
    if rep.asks and (rep.earns_right or rep.asks_permission) and not (
            rep.tells or rep.proposes_next_step):
        return hearing.embedded_question(rep.text)
    return None


def follows_up(turn: Turn, fact: Fact) -> bool:
    """The question picks up an earlier answer: the `after` facts, or any fact shared so far."""
    earlier = fact.unlock.after or turn.state.unlocked
    said = [turn.persona.fact(f).says for f in earlier if f in turn.state.unlocked]
    return bool(said) and detectors.refers_back(turn.rep.text, said)


def answer_question(turn: Turn) -> None:
    """Record what an earned question got: a fact, the earlier answer again ("like I said"), or
    a non-answer that fits it (and why)."""
    rep = turn.rep
    if not (rep.asks and (rep.probes or turn.reaction.share or names_a_fact(turn))) \
            or is_unearned_probe(turn):
        return
    if turn.repeats is not None:
        answered = turn.state.answered
        earlier = answered[turn.repeats] if turn.repeats < len(answered) else None
        turn.reaction.recall = earlier
        turn.apply("recalled", f"like I said: {earlier or 'nothing to add'}")
        return
    # a question that raised, hardened or softened an objection is answered by that (an
    # explored objection's reason), not by a fact or a non-answer
    if not turn.reaction.share and not (turn.reaction.raise_objection or
                                        turn.reaction.hardened_objection or
                                        turn.reaction.softened_objection):
        told = already_told(turn)
        if told is not None:
            turn.reaction.recall = told
            turn.apply("recalled", f"already answered by {told!r}")
            turn.state.asked.append(rep.text)
            turn.state.answered.append(told)
            return
        else:
            turn.reaction.withheld = why_withheld(turn)
            vague = turn.reaction.withheld == "vague"
            turn.apply("not_answered", f"no fact for this question: {turn.reaction.withheld}"
                       + (" (too general for this prospect: half the trust back)" if vague
                          else ""), trust=-turn.gain / 2 if vague else 0.0, bad=False)
    turn.state.asked.append(rep.text)
    turn.state.answered.append(turn.reaction.share[0] if turn.reaction.share else None)


def names_a_fact(turn: Turn) -> bool:
    """A question the model did not call probing that asks, in its words, about something the
    prospect knows ("who would normally look at it first?" of the one who screens scheduling
    tools): it is answered like a probe, with the fact or a non-answer that fits, never ignored."""
    asked = asked_words(turn.rep)
    return asked is not None and any(answers.names(f, asked) for f in turn.persona.facts)


def already_told(turn: Turn) -> str | None:
    """A fact shared earlier that this question asks about in its words (not just its topic)."""
    if turn.ignoring or active_objection(turn) is not None:
        return None
    shared = [turn.persona.fact(f) for f in turn.state.unlocked]
    named = [f for f in shared if answers.keyword_hits(f, turn.rep.text) > 0]
    best = answers.best_first(named, turn.rep.topics, turn.rep.text)
    return best[0].id if best else None


def why_withheld(turn: Turn) -> Withheld:
    """Why an earned question got no fact: the first condition that held back a fact on the
    question's topic (nothing, when no fact is left there)."""
    if turn.ignoring or active_objection(turn) is not None:
        return "objection"
    locked = [f for f in turn.persona.facts if f.id not in turn.state.unlocked]
    on_topic = [f for f in locked if set(f.unlock.topics) & turn.rep.topics
                or answers.keyword_hits(f, turn.rep.text) > 0]
    reasons = {held_back_by(turn, f) for f in on_topic}
    if reasons & {"trust", "after"}:
        return "trust"
    return "vague" if reasons else "nothing"


def held_back_by(turn: Turn, fact: Fact) -> str:
    """What keeps an on-topic fact back: an earlier fact, trust (or the right to ask, not yet
    earned: a plain question in the fact's words is not too vague, just too early), or the
    question's words."""
    rule = fact.unlock
    if not all(f in turn.state.unlocked for f in rule.after):
        return "after"
    if turn.state.trust < min_trust(turn, fact) or (
            rule.needs_earned_right and not turn.state.right_earned):
        return "trust"
    return "vague"


def min_trust(turn: Turn, fact: Fact) -> float:
    rule = fact.unlock.min_trust
    return turn.persona.dials.share_threshold if rule is None else rule


def probed(turn: Turn, fact: Fact) -> bool:
    """An earned question about this fact: a probe on one of its topics, or any question in its
    words (the turn model says whether a turn probes; the fact's keywords say which fact a
    question is about). A `specific` fact needs its words."""
    rep = turn.rep
    if is_unearned_probe(turn):
        return False
    named = answers.names(fact, hearing.without_greeting(rep.text))
    if fact.unlock.specific or not rep.probes:
        if rep.probes:
            return named
        asked = asked_words(rep)
        return asked is not None and answers.names(fact, asked)
    return named or not asked_topics(rep).isdisjoint(fact.unlock.topics)


RUNNER_UP_SHARE = 0.15
"""A probe is also about any topic the turn model gives at least this share. "What has to come
across from the old system on day one?" is process 0.26, pain 0.22, situation 0.22: a question
about their records, which this prospect files under pain. Round fifteen, 0.25 -> 0.15: the
validation prospect calls agree on 360/344 -> 366/346 of 413 (typed/voice; 0.2 gave 361/345,
0.1 365/349); one call newly fails (pi-03 typed), nine pass; our own scripts and persona
tests unchanged."""


def asked_topics(rep: RepAnalysis) -> frozenset[str]:
    """The topics a probe is about: the one the model is surest of, and any other it gives at
    least RUNNER_UP_SHARE ("what's going on?" is as much about their situation as about why
    they called); a neutral question about their incumbent is also one about their situation."""
    found: frozenset[str] = frozenset(rep.topics)
    if rep.scores is not None and rep.probes:
        likely = {TOPIC_OF_CLASS.get(o, o) for o, share in rep.scores.shares("topic").items()
                  if share >= RUNNER_UP_SHARE}
        best = rep.scores.best("topic")
        if TOPIC_OF_CLASS.get(best or "", best) in money.MONEY_TOPICS - rep.topics:
            likely -= money.MONEY_TOPICS  # the model's money topic, set aside
        found |= likely
    # what they use now is their situation: "what's happening with the system you use now?"
    return found | {"situation"} if "competitor" in found else found


def why_unlocked(turn: Turn, fact: Fact, named: float = 0.0) -> str:
    with_question = f" (with the question's {named:.2f})" if named else ""
    parts = [f"trust {turn.state.trust:.2f}{with_question} >= {min_trust(turn, fact):.2f}"]
    if fact.unlock.topics:
        asked = sorted(set(fact.unlock.topics) & turn.rep.topics)
        hits = answers.keyword_hits(fact, turn.rep.text)
        about = ", ".join(asked) or "its words"
        parts.append(f"the rep asked about {about}" + (f" ({hits} keyword(s))" if hits else ""))
    if fact.unlock.follow_up:
        parts.append("following up on an earlier answer")
    if fact.unlock.needs_earned_right:
        parts.append("the right to ask was earned")
    if fact.unlock.after:
        parts.append(f"after {', '.join(fact.unlock.after)}")
    return "; ".join(parts)


# --- 6. ending and mood ------------------------------------------------------------------------


def next_step(turn: Turn) -> None:
    """A proposed next step (or a yes to the prospect's own offer): agreed when earned (the
    persona's `ending` conditions), otherwise declined with a reason. "Great, I'll follow up
    next week sometime" after their offer puts a vaguer step in its place: no yes to it."""
    accepted = turn.before.next_step == "offered" and not turn.conduct.vague_step and (
        detectors.accepts(turn.rep.text) or turn.rep.proposes_next_step)
    if "close" not in turn.fired and not accepted:
        return
    reason = decline_reason(turn)
    if accepted and reason not in ("objection", "pressure"):
        agree(turn, "the rep said yes to the next step the prospect offered")
        return
    if reason is None:
        agree(turn, f"trust {turn.state.trust:.2f} and the needs are on the table")
        return
    turn.state.next_step = turn.reaction.next_step = "declined"
    turn.reaction.decline_reason = reason
    turn.apply("next_step_declined", decline_why(turn, reason), patience=-0.5)


ARGUED_MEMORY = 2
"""For this many rep turns after arguing with an objection, the prospect agrees to nothing."""


def argued_and_open(state: ProspectState) -> str | None:
    """An objection the rep argued with in the last ARGUED_MEMORY turns and never explored:
    "anyway, shall I send the paperwork?" right after a rebuttal gets "not while that's
    hanging there"."""
    return next((o.id for o in state.objections
                 if o.argued_at is not None and not o.explored and o.hardness > SOFT
                 and state.rep_turns - o.argued_at <= ARGUED_MEMORY), None)


def decline_why(turn: Turn, reason: DeclineReason) -> str:
    if reason == "never":
        return "this prospect never commits to a next step"
    if reason == "pressure":
        return "pushed for a decision: the prospect will not be rushed"
    if reason == "objection":
        open_one = turn.reaction.raise_objection or turn.before.active_objection or \
            argued_and_open(turn.state)
        return f"an objection is open: {open_one}"
    if reason == "trust":
        return (f"not ready: trust {turn.state.trust:.2f} < "
                f"{turn.persona.ending.next_step_min_trust:.2f}")
    return "not ready: still hidden: " + ", ".join(missing_needs(turn))


def decline_reason(turn: Turn) -> DeclineReason | None:
    ending = turn.persona.ending
    if not ending.agrees_to_next_step:
        return "never"
    if turn.reaction.raise_objection or turn.ignoring or turn.reaction.hardened_objection:
        return "objection"
    if argued_and_open(turn.state) is not None:
        return "objection"
    if "pressure" in turn.fired:
        return "pressure"
    if missing_needs(turn) or "early_close" in turn.fired:
        return "needs"
    if turn.state.trust < ending.next_step_min_trust:
        return "trust"
    return None


def missing_needs(turn: Turn) -> list[str]:
    needs = turn.persona.ending.next_step_needs
    if not needs and not turn.discovered():
        return ["a pain or motive"]
    return [f for f in needs if f not in turn.state.unlocked]


def agree(turn: Turn, why: str) -> None:
    turn.state.next_step = turn.reaction.next_step = "agreed"
    end(turn, "next_step")
    turn.apply("next_step_agreed", why)


def offer_next_step(turn: Turn) -> None:
    """A prospect who offers next steps does so once it is ready and the rep has not asked."""
    ending, state = turn.persona.ending, turn.state
    if not ending.offers_next_step or state.next_step is not None or state.ended:
        return
    if turn.bad_moves or decline_reason(turn) is not None or not turn.reaction.share:
        return
    state.next_step = turn.reaction.next_step = "offered"
    turn.apply("next_step_offered", "ready, and the rep has not asked: the prospect proposes one")


def no_trust_left(turn: Turn) -> None:
    """A prospect the rep had already cooled, and who has no trust left after another bad move,
    has no reason to stay on the line: that move costs another point of patience, beyond the
    turn's cap. (One bad turn from a stranger is judged by its own costs.)"""
    if turn.state.ended or turn.state.trust > 0 or not turn.bad_moves:
        return
    if turn.before.trust >= turn.persona.dials.trust:
        return
    turn.apply("no_trust_left", "no trust left after another bad move: nothing keeps the "
               "prospect on the call", patience=-NO_TRUST_COST, capped=False)


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
    earns_right,
    cold_open,
    unearned_probe,
    good_question,
    pitch,
    long_monologue,
    price_talk,
    competitor_claim,
    close,
    pressure,
    argues,
    explores,
    ignores,
    settle_objection,
    raise_objection,
    share_facts,
    answer_question,
    next_step,
    offer_next_step,
    no_trust_left,
    out_of_patience,
    mood,
)
ODD_RULES: tuple[Callable[[Turn], None], ...] = (
    ignores,
    settle_objection,
    no_trust_left,
    out_of_patience,
    mood,
)
"""After an odd turn: an open objection still counts as ignored; nothing else the rep did."""

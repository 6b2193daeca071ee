"""One turn of a call: analyse -> react -> prompt -> model -> check -> record.

    start_session(persona, seed)            turn 0: the prospect answers the phone (no model call)
    take_turn(persona, session, text, cfg)  -> TurnOutcome (a new session; the input is untouched)
    stream_turn(...)                        text deltas, then the TurnOutcome last

The engine (`prospect.react`) decides what happens; the model only voices it. A reply that breaks
character is regenerated once, then replaced by the offline voice for that turn (both recorded in
the prospect turn's trace). While streaming, replies are checked sentence by sentence before a
sentence is sent, so the deltas always add up to the recorded reply. A provider failure raises
`ProviderUnavailable` (or `ProviderRejected`) and records nothing.

The rep turn's record carries the engine's verdict (labels, state change, rule trace); the prospect
turn's record carries its own labels (objection) and the voice trace (regenerations, fallbacks).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, cast

from pydantic import BaseModel, Field

from roleplay import llm
from roleplay.analysis import (
    CallContext,
    ObjectionKind,
    ProspectAnalysis,
    RepAnalysis,
    analyse_prospect,
    analyse_rep,
)
from roleplay.errors import Conflict, InputError
from roleplay.prospect import (
    ProspectState,
    Reaction,
    TraceEntry,
    character,
    initial_state,
    offline,
    react,
)
from roleplay.prospect.persona import Persona
from roleplay.prospect.prompts import Spoken, build_messages
from roleplay.transcript import CallSetting, Speaker, Transcript, Turn

Label = bool | str | list[str] | None
REMINDER = (
    "Reminder: reply only with what {name} says out loud on this phone call, one to three short "
    "sentences, in character. Never speak as the salesperson or as an assistant, and never "
    "mention AI, models, prompts or instructions."
)


class TurnRecord(BaseModel):
    index: int
    speaker: Speaker
    text: str
    labels: dict[str, Label] = Field(default_factory=dict)
    state_change: dict[str, Any] | None = None
    trace: list[TraceEntry] = Field(default_factory=list)


class CallSummary(BaseModel):
    """The analysis context after the call so far, kept so a turn need not replay the whole call.

    `CallContext` without `last_prospect`, which is read back from the last prospect turn's record.
    `rep_turns` also checks that it belongs to the turns it is stored with.
    """

    right_earned: bool = False
    inbound: bool = False
    rep_turns: int = 0
    topics_seen: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, context: CallContext) -> CallSummary:
        return cls(right_earned=context.right_earned, inbound=context.inbound,
                   rep_turns=context.rep_turns, topics_seen=sorted(context.topics_seen))


class SessionState(BaseModel):
    persona: str
    seed: int = 0
    prospect: ProspectState
    turns: list[TurnRecord] = Field(default_factory=list)
    ended: bool = False
    context: CallSummary | None = None
    """None in sessions stored before it existed: the next turn replays the call instead."""

    def transcript(self) -> Transcript:
        inbound = self.context is not None and self.context.inbound
        hung_up = self.ended and self.prospect.end_reason == "patience"
        turns = [Turn(speaker=t.speaker, text=t.text,
                      objection=_raised(before) if t.speaker == "prospect" else None,
                      grants_right=_granted(before) if t.speaker == "prospect" else None)
                 for before, t in zip([None, *self.turns], self.turns, strict=False)]
        return Transcript(turns=turns, context=CallSetting(inbound=inbound, hung_up=hung_up))


def _granted(rep: TurnRecord | None) -> bool | None:
    """True for a prospect reply in which the engine gave the rep the right to ask (softening an
    objection to the opening answered who is calling and why), so the grader hears the right
    given however the reply was worded; else None: read from the words."""
    return True if _change_before(rep).get("granted_right") else None


def _raised(rep: TurnRecord | None) -> bool | None:
    """True for a prospect reply in which the engine raised, restated or hardened an objection
    (recorded on the rep turn before it), so the grader hears the objection the prospect voiced
    however the reply was worded; False for one that answered the question, with a fact or a
    non-answer, and objected to nothing (`answers_only`); else None: read from the words."""
    change = _change_before(rep)
    if change.get("raised") or change.get("hardened"):
        return True
    return False if change.get("unlocked") or change.get("recall") \
        or _held_back_as_an_answer(change.get("withheld")) else None


def _change_before(rep: TurnRecord | None) -> dict[str, Any]:
    """The engine's state change on the rep turn before a prospect reply (empty if none)."""
    return (rep.state_change or {}) if rep is not None and rep.speaker == "rep" else {}


class TurnOutcome(BaseModel):
    session: SessionState
    rep: TurnRecord
    prospect: TurnRecord


@dataclass(frozen=True)
class Prepared:
    """Everything decided before the model speaks."""

    persona: Persona
    session: SessionState
    rep: RepAnalysis
    reaction: Reaction
    messages: list[dict[str, str]]
    seed: int
    context: CallContext
    """The analysis context the rep turn was analysed in."""


# --- starting --------------------------------------------------------------------------------


def start_session(persona: Persona, seed: int = 0) -> SessionState:
    """A new call: the prospect picks up the phone with one of the persona's openings."""
    opening = persona.opening[seed % len(persona.opening)]
    heard = heard_prospect(opening)
    first = TurnRecord(index=0, speaker="prospect", text=opening, labels=prospect_labels(heard))
    context = call_opening(persona).after_prospect(heard)
    return SessionState(persona=persona.id, seed=seed, prospect=initial_state(persona),
                        turns=[first], context=CallSummary.of(context))


def call_opening(persona: Persona) -> CallContext:
    """The analysis context before the rep's first word: a call the prospect asked for starts
    with the right to ask."""
    return CallContext.for_call(inbound=persona.dials.inbound)


# --- taking a turn ---------------------------------------------------------------------------


async def take_turn(
    persona: Persona, session: SessionState, text: str, config: llm.ModelConfig
) -> TurnOutcome:
    """The rep says `text`; the prospect reacts and replies. Returns a new session."""
    prepared = prepare(persona, session, text)
    reply = await llm.acomplete(prepared.messages, config, seed=prepared.seed)
    reply, voice_trace = await _in_character(prepared, reply, config)
    return finish(prepared, reply, voice_trace)


async def stream_turn(
    persona: Persona, session: SessionState, text: str, config: llm.ModelConfig
) -> AsyncIterator[str | TurnOutcome]:
    """Like `take_turn`, streaming the reply: text deltas first, the TurnOutcome last."""
    prepared = prepare(persona, session, text)
    sent: list[str] = []
    broken: list[str] = []
    async for piece in _checked_pieces(prepared, config, sent, broken):
        yield piece
    if broken and not sent:
        reply, trace = await _repair(prepared, broken, config)
        yield reply
    else:
        reply = "".join(sent)
        trace = [TraceEntry(rule="out_of_character_trimmed", why="; ".join(broken))] if broken \
            else []
    yield finish(prepared, reply, trace)


def prepare(persona: Persona, session: SessionState, text: str) -> Prepared:
    """Analyse the rep turn, let the engine react, and render the prompt (no model call)."""
    if session.ended:
        raise Conflict("this call has ended; start a new session to practise again")
    if persona.id != session.persona:
        raise InputError(f"session is with persona {session.persona!r}, not {persona.id!r}")
    spoken = text.strip()
    if not spoken:
        raise InputError("the rep turn is empty: say something to the prospect")
    context = call_context(session, inbound=persona.dials.inbound)
    rep = analyse_rep(spoken, context)
    reaction = react(persona, session.prospect, rep)
    history: list[Spoken] = [*session.turns, Turn(speaker="rep", text=spoken)]
    messages = build_messages(persona, reaction.state, reaction, history, analysis=rep)
    return Prepared(persona=persona, session=session, rep=rep, reaction=reaction,
                    messages=messages, seed=session.seed, context=context)


def call_context(session: SessionState, *, inbound: bool = False) -> CallContext:
    """The analysis context for the next rep turn: from the session's summary, else by replay
    (`inbound`: the persona's, for a session stored before the summary kept it)."""
    kept = session.context
    if kept is None or kept.rep_turns != sum(t.speaker == "rep" for t in session.turns):
        return replay_context(session.turns, inbound=inbound)
    last = session.turns[-1] if session.turns else None
    return CallContext(
        right_earned=kept.right_earned,
        inbound=kept.inbound,
        last_prospect=recorded_prospect(last) if last and last.speaker == "prospect" else None,
        rep_turns=kept.rep_turns,
        topics_seen=frozenset(kept.topics_seen),
    )


def replay_context(turns: Sequence[TurnRecord], *, inbound: bool = False) -> CallContext:
    """The analysis context after the call so far, rebuilt by replaying every turn."""
    context = CallContext.for_call(inbound=inbound)
    for turn in turns:
        if turn.speaker == "rep":
            context = context.after_rep(analyse_rep(turn.text, context))
        else:
            context = context.after_prospect(recorded_prospect(turn))
    return context


def recorded_prospect(turn: TurnRecord) -> ProspectAnalysis:
    """A prospect turn's analysis; an objection the engine raised, or the right it gave, counts
    even if worded subtly."""
    found = heard_prospect(turn.text)
    if turn.labels.get("grants_right") and not found.grants_right:
        found = replace(found, grants_right=True, cues=(*found.cues, "engine-grant"))
    kind = turn.labels.get("kind")
    if turn.labels.get("objection") and not found.objection and isinstance(kind, str):
        return replace(found, objection=True, kind=cast(ObjectionKind, kind),
                       objection_probability=1.0, cues=(*found.cues, "engine"))
    if turn.labels.get("objection") is False and found.objection:
        return answers_only(found)
    return found


@lru_cache(maxsize=2048)
def heard_prospect(text: str) -> ProspectAnalysis:
    """`analyse_prospect(text)` on its own (no call context), remembered: a reply is analysed
    when it is recorded (`finish`) and again as the last prospect turn of the next rep turn
    (`call_context`); openings are shared by every session. The analysis is a frozen value
    that depends on the text alone, so the remembered one is the one it would compute."""
    return analyse_prospect(text)


def engine_prospect(persona: Persona, reaction: Reaction, reply: str) -> ProspectAnalysis:
    """The reply's analysis, told which objection the engine had the prospect raise, repeat or
    still press (explored, not yet soft: the reply keeps it on the table), and whether the
    engine had the prospect give the right to ask."""
    found = heard_prospect(reply)
    if reaction.granted_right and not found.grants_right:
        found = replace(found, grants_right=True, cues=(*found.cues, "engine-grant"))
    objection_id = (reaction.raise_objection or reaction.hardened_objection
                    or reaction.pressed_objection or reaction.ignored_objection)
    if objection_id is None:
        return answers_only(found) if found.objection and _answered(reaction) else found
    if found.objection:
        return found
    kind = persona.objection(objection_id).kind
    return replace(found, objection=True, kind=kind, objection_probability=1.0,
                   cues=(*found.cues, "engine"))


def _answered(reaction: Reaction) -> bool:
    """The engine had the prospect answer the question: with a fact (new, or one told before),
    or with a non-answer that fits it ("I'm not able to share that.", held back for trust or
    because nothing fits; not for an objection on the table)."""
    return bool(reaction.share) or reaction.recall is not None \
        or _held_back_as_an_answer(reaction.withheld)


def _held_back_as_an_answer(withheld: str | None) -> bool:
    """A fact held back for trust or because nothing fits: the reply still answers the
    question; one held back because an objection stands is that objection said again."""
    return withheld is not None and withheld != "objection"


def answers_only(found: ProspectAnalysis) -> ProspectAnalysis:
    """A reply the engine made an answer, with no objection raised, restated, hardened or
    pressed: its words may sound like pushback ("I can find money this year. Not a blank
    cheque, though.", "I'm not able to share that."), but the prospect answered, so the rep's
    next turn is no reply to an objection, for the engine and the grader alike."""
    return replace(found, objection=False, kind=None, objection_probability=0.0,
                   cues=(*found.cues, "engine-answer"))


def finish(prepared: Prepared, reply: str, voice_trace: list[TraceEntry]) -> TurnOutcome:
    """Record the rep turn and the prospect's reply in a new session.

    The new session shares the earlier (never modified) turn records with the old one.
    """
    session, reaction = prepared.session, prepared.reaction
    index = len(session.turns)
    rep = TurnRecord(index=index, speaker="rep", text=prepared.rep.text,
                     labels=rep_labels(prepared.rep),
                     state_change=state_change(session.prospect, reaction),
                     trace=list(reaction.trace))
    said = engine_prospect(prepared.persona, reaction, reply)
    answer = TurnRecord(index=index + 1, speaker="prospect", text=reply,
                        labels=prospect_labels(said), trace=voice_trace)
    context = prepared.context.after_rep(prepared.rep).after_prospect(said)
    if reaction.state.right_earned and not context.right_earned:
        # the engine heard the right earned (a first turn saying what the rep sells and whom
        # they want, `conduct.counted`): the next turns' labels read it so too
        context = replace(context, right_earned=True)
    new = SessionState(persona=session.persona, seed=session.seed,
                       prospect=reaction.state.model_copy(deep=True),
                       turns=[*session.turns, rep, answer],
                       ended=reaction.state.ended or reaction.ends_call,
                       context=CallSummary.of(context))
    return TurnOutcome(session=new, rep=rep, prospect=answer)


# --- staying in character --------------------------------------------------------------------


async def _in_character(
    prepared: Prepared, reply: str, config: llm.ModelConfig
) -> tuple[str, list[TraceEntry]]:
    found = _problems(reply, prepared)
    if not found:
        return reply.strip(), []
    fixed = _repaired(reply, prepared)
    if fixed:
        return fixed, [TraceEntry(rule="repaired", why=f"{'; '.join(found)}: label or quotes "
                                  "stripped")]
    return await _repair(prepared, found, config)


def _repaired(reply: str, prepared: Prepared) -> str | None:
    """The reply with a label or quotes stripped, if that puts it back in character."""
    fixed = character.repair(reply, prepared.persona.name)
    return fixed if fixed and not _problems(fixed, prepared) else None


async def _repair(
    prepared: Prepared, found: list[str], config: llm.ModelConfig
) -> tuple[str, list[TraceEntry]]:
    """Regenerate once with a reminder; if that breaks character too, use the offline voice."""
    trace = [TraceEntry(rule="out_of_character", why="; ".join(found))]
    retry = await llm.acomplete(_with_reminder(prepared), config, seed=prepared.seed + 1)
    again = _problems(retry, prepared)
    fixed = retry.strip() if not again else _repaired(retry, prepared)
    if fixed:
        trace.append(TraceEntry(rule="regenerated", why="the second reply stayed in character"))
        return fixed, trace
    trace.append(TraceEntry(rule="offline_fallback",
                            why=f"the regenerated reply broke character too: {'; '.join(again)}"))
    return offline.voice(prepared.messages, prepared.seed), trace


def _problems(reply: str, prepared: Prepared) -> list[str]:
    if not reply.strip():
        return ["empty reply"]
    found = character.problems(reply.strip(), prepared.persona.name)
    agreed = prepared.reaction.state.next_step == "agreed"
    if not agreed and character.commits_to_buy(reply):
        found.append("commits to a purchase the prospect has not agreed to")
    return found


def _with_reminder(prepared: Prepared) -> list[dict[str, str]]:
    first, *rest = prepared.messages
    reminder = REMINDER.format(name=prepared.persona.name)
    return [{**first, "content": f"{first['content']}\n\n{reminder}"}, *rest]


SENTENCE_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s)")
"""The end of a sentence, once the space after it has arrived (the space goes with the next)."""


async def _checked_pieces(
    prepared: Prepared, config: llm.ModelConfig, sent: list[str], broken: list[str]
) -> AsyncIterator[str]:
    """Stream whole sentences once the reply so far is still in character.

    Appends what was yielded to `sent`; on the first problem, records it in `broken` and stops.
    """
    buffer = ""
    stream = llm.astream(prepared.messages, config, seed=prepared.seed)
    try:
        async for delta in stream:
            buffer += delta
            ready, buffer = _split_ready(buffer)
            piece = _accept(prepared, sent, ready, broken)
            if piece is None:
                return
            if piece:
                yield piece
        piece = _accept(prepared, sent, buffer.rstrip(), broken)
        if piece:
            yield piece
        if not sent and not broken:
            broken.append("empty reply")
    finally:
        closer = getattr(stream, "aclose", None)
        if closer is not None:
            await closer()


def _split_ready(buffer: str) -> tuple[str, str]:
    """Split the buffer after its last complete sentence."""
    ends = list(SENTENCE_END.finditer(buffer))
    if not ends:
        return "", buffer
    cut = ends[-1].end()
    return buffer[:cut], buffer[cut:]


def _accept(prepared: Prepared, sent: list[str], piece: str, broken: list[str]) -> str | None:
    """The piece to send ("" for nothing yet), or None when it would break character."""
    piece = piece if sent else piece.lstrip()
    if not piece.strip():
        return ""
    found = _problems("".join(sent) + piece, prepared)
    if found:
        broken.extend(found)
        return None
    sent.append(piece)
    return piece


# --- labels and state changes ----------------------------------------------------------------


def rep_labels(rep: RepAnalysis) -> dict[str, Label]:
    return {
        "asks": rep.asks,
        "tells": rep.tells,
        "probing": rep.probes,
        "premature": rep.premature,
        "argues": rep.argues,
        "earns_right": rep.earns_right,
        "asks_permission": rep.asks_permission,
        "explores_objection": rep.explores_objection,
        "proposes_next_step": rep.proposes_next_step,
        "topics": sorted(rep.topics),
    }


def prospect_labels(prospect: ProspectAnalysis) -> dict[str, Label]:
    return {"objection": prospect.objection, "kind": prospect.kind,
            "grants_right": prospect.grants_right}


def state_change(before: ProspectState, reaction: Reaction) -> dict[str, Any]:
    after = reaction.state
    return {
        "trust": [round(before.trust, 3), round(after.trust, 3)],
        "patience": [round(before.patience, 3), round(after.patience, 3)],
        "mood": reaction.mood,
        "unlocked": list(reaction.share),
        "raised": reaction.raise_objection or reaction.ignored_objection,
        "softened": reaction.softened_objection,
        "granted_right": reaction.granted_right,
        "hardened": reaction.hardened_objection,
        "ignored": reaction.ignored_objection,
        "recall": reaction.recall,
        "withheld": reaction.withheld,
        "odd": reaction.odd,
        "next_step": reaction.next_step,
        "decline_reason": reaction.decline_reason,
        "ended": reaction.ends_call,
        "end_reason": after.end_reason if reaction.ends_call else None,
    }

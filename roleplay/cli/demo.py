"""`roleplay demo`: two scripted calls against one persona, a poor rep and a good one.

The poor rep pitches, probes before earning the right and argues with objections; the good rep
states a purpose, asks permission, asks good questions and explores objections. Each turn is
printed with the prospect's state change and the rules that fired, then its scorecard against
the `default` rubric (looked up before the calls are played). Runs on the configured model: the
offline voice by default, no network.
Part of the poor script is written as voice-to-text (lowercase, no punctuation, fillers).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Annotated

import typer
from rich.console import Console

from roleplay.cli import app
from roleplay.cli.call_view import (
    default_rubric,
    show_end,
    show_outcome,
    show_scorecard,
    show_start,
)
from roleplay.config import Settings
from roleplay.conversation import SessionState, start_session, take_turn
from roleplay.errors import NotFound
from roleplay.files import known_ids
from roleplay.llm import ModelConfig
from roleplay.prospect.persona import Persona, load_personas

DEFAULT_PERSONA = "skeptical_cfo"


@dataclass(frozen=True)
class Pitch:
    """What the rep sells to this persona, and any honest reason to call."""

    product: str
    reason: str = ""


PITCHES: dict[str, Pitch] = {
    "skeptical_cfo": Pitch("spend-management software", "Tom Reyes suggested I give you a call. "),
    "bakery_owner": Pitch("staff scheduling and payroll software"),
    "gatekeeper_assistant": Pitch("nurse-scheduling software",
                                  "I'm hoping to get fifteen minutes with Dr. Whitcombe. "),
    "interested_coordinator": Pitch("patient-reminder software",
                                    "You asked for a call on our website. "),
    "it_director_incumbent": Pitch("help-desk and device-management software",
                                   "We met briefly at the state ed-tech conference last spring. "),
    "ready_buyer": Pitch("online booking software", "You asked us to call you back today. "),
}
GENERIC = Pitch("software for teams like yours")


@dataclass(frozen=True)
class ScriptedRep:
    """A rep who reads a script, and answers objections with their own kind of move."""

    name: str
    lines: tuple[str, ...]
    on_objection: tuple[str, ...]


def fill(line: str, persona: Persona) -> str:
    """A script line for this persona: names, company, industry, product and reason to call."""
    pitch = PITCHES.get(persona.id, GENERIC)
    first = persona.name.split()[0]
    return line.format(first=first, lower_first=first.lower(), company=_plain(persona.company),
                       industry=_plain(persona.industry), product=pitch.product,
                       reason=pitch.reason)


def _plain(name: str) -> str:
    """A name as said aloud: 'Delgado's Bakery (three shops)' -> "Delgado's Bakery"."""
    return re.sub(r"\s*\([^)]*\)", "", name).strip()


POOR = ScriptedRep(
    name="a poor call: pitching, probing too early, arguing",
    lines=(
        "hi is this {lower_first} great so this is sam from brightline and um we are the number "
        "one {product} for {industry} we save our customers like thirty percent in the first year",
        "so um what's your budget looking like for this year",
        "Honestly our customers say we're far better than anything else out there, and we can "
        "have you live in two weeks. It's a no-brainer.",
        "so can i just book you in for a demo on thursday",
        "Look, every company in {industry} we talk to needs this. You'd be crazy not to look.",
    ),
    on_objection=(
        "no but that's exactly why you need us you know we're totally different from the others",
        "I hear you, but that's really not a problem with us. Trust me, it pays for itself.",
        "With respect, you're wrong about that. Everyone who switched to us was glad they did.",
    ),
)

GOOD = ScriptedRep(
    name="a good call: purpose, permission, questions, exploring objections",
    lines=(
        "Hi {first}, this is Sam Carter from Brightline. {reason}I'm not sure yet whether we can "
        "help you, so would you mind if I asked a couple of questions?",
        "Thanks. How do you handle that at {company} today?",
        "um what's the biggest headache with that for you right now",
        "And why now, what happens if that month-end problem doesn't get fixed?",
        "What would fixing that mean for you personally?",
        "How would a decision like that get made on your side, and who else would be involved?",
        "When would you need something in place by?",
        "so how are you thinking about budget for something like this",
        "Would it make sense to set up a call next week, with whoever else should be in the room?",
    ),
    on_objection=(
        "That's fair. What's behind that, if you don't mind me asking?",
        "Okay, I understand. Can you tell me a bit more about that?",
        "Fair enough. What would need to be true for it to be worth your time?",
    ),
)

SCRIPTS = (POOR, GOOD)


async def play(
    persona: Persona, script: ScriptedRep, config: ModelConfig, seed: int = 0
) -> SessionState:
    """Play one scripted call to its end (or the end of the script); print nothing."""
    session = start_session(persona, seed)
    lines, replies = iter(script.lines), iter(script.on_objection)
    while not session.ended:
        objected = _objection_on_the_table(session)
        line = (next(replies, None) if objected else None) or next(lines, None)
        if line is None:
            break
        session = (await take_turn(persona, session, fill(line, persona), config)).session
    return session


def _objection_on_the_table(session: SessionState) -> bool:
    """The prospect raised (or dug into) an objection on their last turn."""
    change = session.turns[-2].state_change if len(session.turns) > 1 else None
    return bool(change and (change.get("raised") or change.get("hardened")))


@app.command()
def demo(
    persona: Annotated[str, typer.Option(help="persona id")] = DEFAULT_PERSONA,
    seed: Annotated[int, typer.Option(help="seed for the prospect's voice")] = 0,
) -> None:
    """Play a poor call and a good call against a persona, with the prospect's reasons."""
    settings = Settings()
    personas = load_personas(settings.personas_dir)
    chosen = pick_persona(personas, persona)
    rubric = default_rubric(settings.rubrics_dir)
    config = ModelConfig.from_settings(settings)
    console = Console(highlight=False)
    sessions = asyncio.run(play_all(chosen, config, seed))
    for number, (script, session) in enumerate(zip(SCRIPTS, sessions, strict=True), 1):
        console.rule(f"Call {number}: {script.name}")
        show_start(console, chosen, session)
        for rep, answer in zip(session.turns[1::2], session.turns[2::2], strict=False):
            show_outcome(console, rep, answer)
        show_end(console, session, chosen)
        show_scorecard(console, session, rubric)
        console.print()


async def play_all(persona: Persona, config: ModelConfig, seed: int) -> list[SessionState]:
    """Both scripted calls, on one event loop (provider clients may be bound to it)."""
    return [await play(persona, script, config, seed) for script in SCRIPTS]


def pick_persona(personas: dict[str, Persona], persona_id: str) -> Persona:
    if persona_id not in personas:
        raise NotFound(f"unknown persona {persona_id!r} ({known_ids(personas, persona_id)})")
    return personas[persona_id]

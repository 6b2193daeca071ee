"""The prospect: who they are, how they react to each rep turn, and how they sound.

    persona.py         the persona file's model (dials, facts, objections, lines, ending, tests)
    engine.py          state and rules: `react(persona, state, analysis) -> Reaction` (pure)
    answers.py         which earned fact answers the question asked, and repeated questions
    prompts.py         the prompt for one prospect turn: persona + state + this turn's direction
    offline.py         the built-in offline voice, composed from the prompt alone
    character.py       is a reply still the prospect talking?
    persona_tests.py   scripted rep lines with expectations, run on the offline voice

The engine decides; a model (or the offline voice) only voices what it decided. What the turn
model does not label (a turn off track, a contradiction, pressure) comes from `roleplay.conduct`,
which the grader reads the same way.
"""

from roleplay.prospect.engine import (
    Mood,
    ObjectionState,
    ProspectState,
    Reaction,
    TraceEntry,
    initial_state,
    mood_of,
    react,
)

__all__ = [
    "Mood",
    "ObjectionState",
    "ProspectState",
    "Reaction",
    "TraceEntry",
    "initial_state",
    "mood_of",
    "react",
]

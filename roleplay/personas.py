"""Kept so `from roleplay.personas import ...` keeps working: the persona model now lives in
`roleplay/prospect/persona.py` (the engine's package). New code imports it from there."""

from roleplay.prospect.persona import (
    DISCOVERY_KINDS,
    TRIGGERS,
    Dials,
    Difficulty,
    Ending,
    Fact,
    FactKind,
    Lines,
    Objection,
    Persona,
    Trigger,
    UnlockRule,
    load_personas,
)

__all__ = [
    "DISCOVERY_KINDS",
    "TRIGGERS",
    "Dials",
    "Difficulty",
    "Ending",
    "Fact",
    "FactKind",
    "Lines",
    "Objection",
    "Persona",
    "Trigger",
    "UnlockRule",
    "load_personas",
]

"""What a turn does: the one truth shared by the prospect engine and the grader."""

from roleplay.analysis.rules import (
    CallContext,
    ObjectionKind,
    ProspectAnalysis,
    RepAnalysis,
    Topic,
    TurnAnalysis,
    analyse_prospect,
    analyse_rep,
    analyse_transcript,
    is_question,
)

__all__ = [
    "CallContext",
    "ObjectionKind",
    "ProspectAnalysis",
    "RepAnalysis",
    "Topic",
    "TurnAnalysis",
    "analyse_prospect",
    "analyse_rep",
    "analyse_transcript",
    "is_question",
]

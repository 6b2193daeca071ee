"""What a turn does: the one truth shared by the prospect engine and the grader.

- `turns`: the public analysis (`analyse_rep`, `analyse_prospect`, `analyse_transcript`).
- `model`: the trained linear model, loaded from `model.npz` with numpy.
- `features`: words, characters, cue findings and context, as the model sees a turn.
- `rules` and the `*_cues` modules: the cue detectors, evidence for the model.
- `corpus`: the labelled calls in `data/turns/` and their train / validation / test split.
"""

from roleplay.analysis.turns import (
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

"""Test helper: the shipped turn model with part of its meta taken out, as an older file was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from roleplay.analysis.model import MODEL_FILE, TurnModel


def model_without(folder: Path, key: str) -> TurnModel:
    """The shipped model, copied into `folder` without `meta[key]` (a model from before `key`)."""
    path = folder / "model.npz"
    shutil.copy(MODEL_FILE, path)
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    meta = json.loads(str(arrays["meta"]))
    del meta[key]
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez_compressed(path, **arrays)
    return TurnModel(path)

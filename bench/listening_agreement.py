"""How well the listening head and detector agree with the listening labels, and two annotators.

Usage: .venv/bin/python bench/listening_agreement.py [--labels DIR] [--model FILE]

The labels (`data/turns/listening/*.jsonl`, see data/turns/GUIDELINES.md, "Listening labels") say
for a rep turn right after a prospect turn whether it builds on what the prospect said, ignores it,
or had nothing to build on (`n/a`). The grader's listening detector (`roleplay.conduct`:
`builds_on`, read only after a prospect turn that `says_something`) decides what
`interrogation_run` counts. This script reports, on the labelled turns the detector reads:
- agreement between the detector and the labels, per corpus group (the train-split calls the
  labels were written for, and the held-out writers' calls), with precision and recall of
  "ignores" (what interrogation_run counts);
- Cohen's kappa between the first labels and the blind second pass (`second_pass.jsonl`);
- the turn model's listening head (the shipped model, or `--model FILE`) beside the detector, on
  every labelled turn (builds_on or ignores) of the held-out writers' calls, as written and as
  plain voice-to-text: what the grader now reads instead of the detector.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.analysis.corpus import Call, Listens, load_calls, load_listening  # noqa: E402
from roleplay.analysis.evaluation import Counts  # noqa: E402
from roleplay.analysis.model import TurnModel  # noqa: E402
from roleplay.analysis.turns import analyse_transcript  # noqa: E402
from roleplay.conduct.listening import builds_on, plain, says_something  # noqa: E402
from roleplay.transcript import Turn  # noqa: E402

LABELS = ("builds_on", "ignores", "n/a")


def kappa(pairs: Sequence[tuple[str, str]]) -> float:
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in LABELS) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def detector(heard: str, said: str) -> str:
    """What the word-overlap detector says of a rep turn `said` after the prospect's `heard`:
    n/a when the prospect said nothing to build on."""
    before = plain(heard)
    if not says_something(before):
        return "n/a"
    return "builds_on" if builds_on(plain(said), before) else "ignores"


def _detect(calls: Mapping[str, Sequence[tuple[str, str]]], key: tuple[str, int]) -> str:
    turns = calls[key[0]]
    return detector(turns[key[1] - 1][1], turns[key[1]][1])


def report(name: str, labels: dict[tuple[str, int], Listens],
           calls: Mapping[str, Sequence[tuple[str, str]]]) -> None:
    pairs = [(label, _detect(calls, key)) for key, label in labels.items() if key[0] in calls]
    if not pairs:
        return
    both = [(a, b) for a, b in pairs if a != "n/a" and b != "n/a"]
    tp = sum(a == b == "ignores" for a, b in both)
    fp = sum(a == "builds_on" and b == "ignores" for a, b in both)
    fn = sum(a == "ignores" and b == "builds_on" for a, b in both)
    agree = sum(a == b for a, b in both) / len(both) if both else 0.0
    counts = Counter(a for a, _ in pairs)
    print(f"{name}: {len(pairs)} labelled turns {dict(counts)}")
    print(f"  where both see something to build on ({len(both)} turns): agreement {agree:.3f}; "
          f"detector's 'ignores' precision {tp / (tp + fp) if tp + fp else 0:.3f}, "
          f"recall {tp / (tp + fn) if tp + fn else 0:.3f}")
    print(f"  the detector's n/a against the labels: "
          f"{dict(Counter(a for a, b in pairs if b == 'n/a'))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "data" / "turns" / "listening")
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    corpus = {c.id: c for c in load_calls()}
    calls = {i: [(t.speaker, t.text) for t in c.turns] for i, c in corpus.items()}
    labels = load_listening(args.labels)
    first = {key: label for key, label in labels.items() if corpus[key[0]].split != "writers"}
    writers = {key: label for key, label in labels.items() if key not in first}
    report("train-split calls (labels' first pass)", first, calls)
    report("held-out writers' calls", writers, calls)
    second = load_listening(args.labels, pattern="second_pass.jsonl")
    if second:
        pairs = [(first[key], label) for key, label in second.items() if key in first]
        if pairs:
            agree = sum(a == b for a, b in pairs) / len(pairs)
            print(f"blind second pass: {len(pairs)} turns, agreement {agree:.3f}, "
                  f"Cohen's kappa {kappa(pairs):.3f}")
    head_against_detector(TurnModel(args.model) if args.model else TurnModel(), writers, corpus)
    return 0


def head_against_detector(model: TurnModel, labels: dict[tuple[str, int], Listens],
                          corpus: dict[str, Call]) -> None:
    """The listening head's 'ignores' and the detector's, on the labelled turns of `labels`."""
    for form in ("as written", "voice"):
        head, rule = Counts(), Counts()
        for call_id in sorted({key[0] for key in labels}):
            call = corpus[call_id]
            if form == "voice":
                if call.register == "voice":
                    continue
                call = call.as_voice()
            found = analyse_transcript([Turn(speaker=t.speaker, text=t.text) for t in call.turns],
                                       inbound=call.inbound, model=model)
            for index, analysis in enumerate(found):
                label = labels.get((call_id, index))
                if label not in ("builds_on", "ignores"):
                    continue
                ignores = label == "ignores"
                head.add(getattr(analysis, "ignores_answer", None) is True, ignores)
                rule.add(detector(call.turns[index - 1].text, call.turns[index].text) == "ignores",
                         ignores)
        print(f"held-out writers, {form}: 'ignores' P / R / F1, head "
              f"{head.precision():.3f} / {head.recall():.3f} / {head.f1():.3f}, detector "
              f"{rule.precision():.3f} / {rule.recall():.3f} / {rule.f1():.3f} "
              f"({head.tp + head.fn} labelled 'ignores')")


if __name__ == "__main__":
    raise SystemExit(main())

"""Every output of grading, as JSON lines: the check that a speed change changed nothing.

    .venv/bin/python bench/grade_dump.py [--out FILE] [--calls N]   # prints the sha256

Grades, with every shipped rubric (`rubrics/`), every call of the turn corpus
(`data/turns/calls/*.jsonl`, every writer) as written and as voice-to-text (`Call.as_voice`,
the form the accuracy benches read), 600 of `bench/grade_speed.py`'s synthesized transcripts
(half of them in its voice form), the rep lines of every call in `data/prospect_calls/` (typed
and voice), `tests/data/sales_labelled.jsonl` (typed and its `text_asr`) and the test calls in
`tests/grading_calls.py` (typed and voiced). For each transcript it writes one line per turn
(every field of the turn's analysis as its repr, `Scores` aside, and the words quoted for each of
the seven rep labels) and one line per rubric (the scorecard's `model_dump_json`), then prints
the lines' count and sha256. Speed work must leave the sha256 as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402
from grade_speed import synthesize  # noqa: E402

from roleplay.analysis import RepAnalysis, analyse_transcript  # noqa: E402
from roleplay.analysis.corpus import load_calls, to_voice  # noqa: E402
from roleplay.analysis.turns import REP_LABELS  # noqa: E402
from roleplay.grading.grader import scorecard_from  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402
from roleplay.transcript import Transcript  # noqa: E402

Named = tuple[str, Transcript]


def corpus(limit: int | None) -> Iterator[Named]:
    for call in load_calls()[:limit]:
        for form in (call, call.as_voice()):
            yield form.id, _transcript([(t.speaker, t.text) for t in form.turns],
                                       inbound=form.inbound)


def synthesized(count: int) -> Iterator[Named]:
    rng = random.Random(1)
    for i in range(count):
        yield f"synth-{i}", synthesize(rng, spoken=i % 2 == 1)


def prospect_calls() -> Iterator[Named]:
    for path in sorted((ROOT / "data" / "prospect_calls").glob("*.yaml")):
        for call in yaml.safe_load(path.read_text(encoding="utf-8"))["calls"]:
            typed = [line["text"] if isinstance(line, dict) else line for line in call["typed"]]
            spoken = call.get("voice") or [to_voice(text) for text in typed]
            yield call["id"], _transcript([("rep", text) for text in typed])
            yield f"{call['id']}~voice", _transcript([("rep", text) for text in spoken])


def test_calls() -> Iterator[Named]:
    import grading_calls

    for path_line in (ROOT / "tests" / "data" / "sales_labelled.jsonl").read_text(
            encoding="utf-8").splitlines():
        raw = json.loads(path_line)
        for key in ("text", "text_asr"):
            yield f"{raw['id']}:{key}", _transcript(
                [(t["speaker"], t.get(key) or t["text"]) for t in raw["turns"]])
    for name in sorted(vars(grading_calls)):
        value = getattr(grading_calls, name)
        if name.isupper() and isinstance(value, list) and value and isinstance(value[0], tuple):
            yield name, _transcript(value)
            yield f"{name}~voice", _transcript(grading_calls.voiced(value))


def _transcript(turns: list[tuple[str, str]], *, inbound: bool = False) -> Transcript:
    return Transcript.model_validate({
        "turns": [{"speaker": s, "text": t} for s, t in turns], "context": {"inbound": inbound}})


def lines(named: Named, rubrics: dict[str, Any]) -> Iterator[str]:
    name, transcript = named
    analyses = analyse_transcript(transcript.turns, inbound=transcript.context.inbound)
    for index, analysis in enumerate(analyses):
        fields = {slot: repr(getattr(analysis, slot)) for slot in analysis.__slots__
                  if slot != "scores"}
        if isinstance(analysis, RepAnalysis):
            fields["words"] = repr([analysis.words_for(label) for label in REP_LABELS])
        yield json.dumps({"call": name, "turn": index, **fields}, sort_keys=True)
    if not transcript.rep_turns():
        return
    for rubric_id, rubric in sorted(rubrics.items()):
        card = scorecard_from(analyses, rubric, inbound=transcript.context.inbound,
                              hung_up=transcript.context.hung_up)
        yield json.dumps({"call": name, "rubric": rubric_id}) + card.model_dump_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the lines here")
    parser.add_argument("--calls", type=int, help="only the first N corpus calls")
    args = parser.parse_args()
    rubrics = load_rubrics(ROOT / "rubrics")
    digest = hashlib.sha256()
    count = 0
    out = args.out.open("w", encoding="utf-8") if args.out else None
    for source in (corpus(args.calls), synthesized(600), prospect_calls(), test_calls()):
        for named in source:
            for line in lines(named, rubrics):
                digest.update(line.encode() + b"\n")
                count += 1
                if out:
                    out.write(line + "\n")
    if out:
        out.close()
    print(f"{count} lines, sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()

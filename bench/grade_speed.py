"""How fast grading is: one transcript end to end, and batch throughput in turns per second.

    .venv/bin/python bench/grade_speed.py [--transcripts 2000] [--repeats 7] [--seed 1]

- end to end: `python -m roleplay grade call.json --json` in a fresh process, from process start
  to the scorecard on stdout (target < 1 s); the median and the best of `--repeats` runs.
- batch in one process: `grade()` over generated transcripts, half typed and half voice-to-text.
- batch: `grade_all()`, the same transcripts spread over one process per core (target >= 5,000
  turns/s).
- batch through the CLI: the same transcripts as one JSONL file, process start included.

Transcripts are synthesized from the templates below (no outside data), or with `--corpus` are
the turn corpus's own calls (`data/turns`): the synthesized ones repeat about twenty lines, which
the analysis's caches by text serve from memory, so read `--corpus` for what new text costs.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from roleplay.grading import grade  # noqa: E402
from roleplay.grading.batch import default_jobs, grade_all  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402
from roleplay.transcript import Transcript  # noqa: E402

OPENERS = [
    "Hi {name}, this is Sam from Ledgerly. The reason for my call is that we help {team} teams "
    "cut the time they spend on {work}. Do you have a minute?",
    "Hello {name}, Sam here from Ledgerly. Our platform is the leading solution for {work} and "
    "it saves teams like yours thousands every month.",
    "Hi {name}, I'm calling because {referrer} suggested I speak with you about {work}. "
    "Is now a bad time?",
]
REP_LINES = [
    "How do you handle {work} today?",
    "What happens when {work} runs late?",
    "Would you mind if I asked a couple of questions about {work}?",
    "What budget do you have set aside for {work} this year?",
    "Our tool integrates with every system on the market and our support is the best in the "
    "industry, so you would be up and running in a week.",
    "Did you know that our customers cut their {work} time in half?",
    "Who else would be involved in a decision like this?",
    "That makes sense. What made you choose them, and how is it working for you?",
    "But we are much better than them and cheaper too, so you really should switch.",
    "I understand. What would have to change for this to be worth a look?",
]
PROSPECT_LINES = [
    "We mostly use spreadsheets, and it takes about ten days.",
    "We already have a vendor for that.",
    "I'm not interested, thanks.",
    "It's fine, though the reporting is slow.",
    "Just send me an email.",
    "Honestly, we don't have the budget this year.",
    "Sure, go ahead.",
    "It depends on the quarter, some months are worse than others.",
]
NAMES = ["Dana", "Lee", "Priya", "Tom", "Ana"]
TEAMS = ["finance", "operations", "support", "sales"]
WORK = ["month-end close", "order tracking", "ticket triage", "forecasting"]


def voice(text: str) -> str:
    """What speech-to-text makes of a typed line: lowercase, no punctuation, a filler or two."""
    sentences = [s for s in re.split(r"(?<=[.?!])\s+", text) if s]
    words: list[str] = []
    for i, sentence in enumerate(sentences):
        words.extend((["um"] if i % 2 else []) + re.sub(r"[^\w\s']", " ", sentence.lower()).split())
    return " ".join(words)


def synthesize(rng: random.Random, *, spoken: bool) -> Transcript:
    fill = {
        "name": rng.choice(NAMES),
        "team": rng.choice(TEAMS),
        "work": rng.choice(WORK),
        "referrer": rng.choice(NAMES),
    }
    turns = [{"speaker": "rep", "text": rng.choice(OPENERS).format(**fill)}]
    for _ in range(rng.randint(5, 14)):
        turns.append({"speaker": "prospect", "text": rng.choice(PROSPECT_LINES)})
        turns.append({"speaker": "rep", "text": rng.choice(REP_LINES).format(**fill)})
    if spoken:
        turns = [{**t, "text": voice(t["text"])} for t in turns]
    return Transcript.model_validate({"turns": turns})


def corpus_calls(count: int) -> list[Transcript]:
    """The first `count` calls of the turn corpus (every file, in order), as written: no line
    recurs the way the synthesized transcripts' twenty lines do, so caches by text help little."""
    from roleplay.analysis.corpus import load_calls

    return [Transcript.model_validate({
        "turns": [{"speaker": t.speaker, "text": t.text} for t in call.turns],
        "context": {"inbound": call.inbound}}) for call in load_calls()[:count]]


def end_to_end(path: Path, repeats: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "roleplay", "grade", str(path), "--json"],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
        )
        times.append(time.perf_counter() - start)
        if result.returncode != 0 or "score" not in result.stdout:
            raise SystemExit(f"grade failed: {result.stderr.strip()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--transcripts", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", action="store_true",
                        help="grade the turn corpus's calls (data/turns) instead of synthesized "
                        "ones: text that does not repeat, as real calls' rarely does")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    calls = (corpus_calls(args.transcripts) if args.corpus else
             [synthesize(rng, spoken=i % 2 == 1) for i in range(args.transcripts)])
    turns = sum(len(c.turns) for c in calls)
    rubric = load_rubrics(REPO / "rubrics")["default"]

    with tempfile.TemporaryDirectory() as folder:
        single = Path(folder) / "call.json"
        single.write_text(calls[0].model_dump_json(), encoding="utf-8")
        times = end_to_end(single, args.repeats)
        print(
            f"end to end, one transcript of {len(calls[0].turns)} turns "
            f"(process start to scorecard): median {statistics.median(times):.3f} s, "
            f"best {min(times):.3f} s over {args.repeats} runs (target < 1 s)"
        )

        start = time.perf_counter()
        for call in calls:
            grade(call, rubric)
        elapsed = time.perf_counter() - start
        print(
            f"batch in one process: {len(calls)} transcripts, {turns} turns in {elapsed:.2f} s: "
            f"{turns / elapsed:,.0f} turns/s"
        )

        start = time.perf_counter()
        grade_all(calls, rubric)
        elapsed = time.perf_counter() - start
        print(
            f"batch, grade_all over {default_jobs()} processes: {turns} turns in {elapsed:.2f} s: "
            f"{turns / elapsed:,.0f} turns/s (target >= 5,000)"
        )

        batch = Path(folder) / "calls.jsonl"
        batch.write_text("\n".join(c.model_dump_json() for c in calls) + "\n", encoding="utf-8")
        cli = end_to_end(batch, 1)[0]
        print(
            f"batch through the CLI (JSONL, process start included): {turns} turns in "
            f"{cli:.2f} s: {turns / cli:,.0f} turns/s"
        )
    print(json.dumps({"python": sys.version.split()[0], "transcripts": len(calls), "turns": turns}))


if __name__ == "__main__":
    main()

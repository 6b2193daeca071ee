"""`roleplay grade FILE... [--rubric ID] [--json] [--judge]`: scorecards for JSON or JSONL
transcripts.

Each FILE is one JSON transcript, or JSONL (one transcript per line; `.jsonl`/`.ndjson`, or any
file holding more than one JSON value). The transcripts of every file are graded as one batch
(`grade_all`: over processes when it is large), and reported file by file in input order. A bad
line is reported on stderr as `FILE:LINE: what is wrong`, the other lines are still graded, and
the exit code is 1. With `--json` every input transcript gives one output line, in order: its
scorecard, or `{"line": N, "error": "..."}` (with `"file"` when several files are given).

litellm is imported only when `--judge` is given (through `roleplay.grading.judge` to
`roleplay.llm`), and so are the judge and `roleplay.config.Settings` (pydantic-settings): without
`--judge` the command reads only the rubric folder from the environment (`roleplay.environment`),
which keeps 0.04-0.05 s of imports off the 1 s budget for grading one transcript (issue #13).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from pydantic import ValidationError

from roleplay.cli import app
from roleplay.environment import rubrics_dir as default_rubrics_dir
from roleplay.errors import InputError, TranscriptError
from roleplay.grading.batch import Outcome, grade_all
from roleplay.grading.rubrics import Rubric, load_rubrics, pick_rubric
from roleplay.grading.scorecard import Scorecard
from roleplay.transcript import Transcript

if TYPE_CHECKING:
    from roleplay.config import Settings
    from roleplay.llm import ModelConfig


@dataclass(frozen=True, slots=True)
class Entry:
    """One transcript of the input file, or what is wrong with it."""

    line: int
    transcript: Transcript | None = None
    error: str | None = None


@app.command()
def grade(
    files: Annotated[list[Path], typer.Argument(
        help="JSON transcripts, or JSONL: one per line (several files: one batch)")],
    rubric: Annotated[
        str, typer.Option(help="rubric id (a file in the rubrics folder)")
    ] = "default",
    as_json: Annotated[bool, typer.Option("--json", help="one JSON scorecard per line")] = False,
    judge: Annotated[
        bool, typer.Option(help="also ask the LLM judge (ROLEPLAY_JUDGE_MODEL)")
    ] = False,
    rubrics_dir: Annotated[Path | None, typer.Option(help="rubric folder")] = None,
    jobs: Annotated[
        int | None, typer.Option(help="processes for a large batch (default: one per core)")
    ] = None,
) -> None:
    """Grade transcripts: per-turn labels, criterion scores with evidence, better lines."""
    settings = _settings() if judge else None
    folder = rubrics_dir or (settings.rubrics_dir if settings else default_rubrics_dir())
    chosen = pick_rubric(load_rubrics(folder), rubric)
    judge_model = _judge_model(settings) if settings else None
    failed = False
    entries = [(file, entry) for file in files for entry in _entries(file)]
    graded = _grade_batch(entries, chosen, jobs)
    for index, (file, entry) in enumerate(entries):
        card = _grade_entry(file, entry, graded.get(index), judge_model)
        if isinstance(card, str):
            failed = True
            print(card, file=sys.stderr)
            if as_json:
                named = {"file": str(file)} if len(files) > 1 else {}
                print(json.dumps({**named, "line": entry.line, "error": card}))
        elif as_json:
            print(card.model_dump_json())
        else:
            from roleplay.cli.scorecard_view import show

            assert entry.transcript is not None
            show(card, entry.transcript, title=f"{file.name}:{entry.line}")
    if failed:
        raise typer.Exit(1)


def _settings() -> Settings:
    from roleplay.config import Settings

    return Settings()


def _judge_model(settings: Settings) -> ModelConfig:
    from roleplay.grading.judge import judge_config

    return judge_config(settings, "--judge")


def _entries(file: Path) -> list[Entry]:
    """The file's transcripts; an InputError when it holds none."""
    entries = list(read_entries(file))
    if not entries:
        raise InputError(f"{file}: no transcript in the file (it is empty)")
    return entries


def _grade_batch(entries: list[tuple[Path, Entry]], rubric: Rubric,
                 jobs: int | None) -> dict[int, Outcome]:
    """Every readable transcript of every file graded as one batch (in parallel when it is
    large), by its place in `entries`."""
    readable = [(index, entry.transcript) for index, (_, entry) in enumerate(entries)
                if entry.transcript is not None]
    outcomes = grade_all([transcript for _, transcript in readable], rubric, jobs)
    return {index: outcome for (index, _), outcome in zip(readable, outcomes, strict=True)}


def _grade_entry(
    file: Path, entry: Entry, outcome: Outcome | None, judge_model: ModelConfig | None
) -> Scorecard | str:
    """The scorecard, or a one-line `FILE:LINE: problem`."""
    if entry.transcript is None or outcome is None:
        return f"{file}:{entry.line}: {entry.error}"
    if isinstance(outcome, TranscriptError):
        return f"{file}:{entry.line}: {outcome}"
    card = outcome
    if judge_model is None:
        return card
    from roleplay.grading.judge import judge_scorecard

    judged = judge_scorecard(entry.transcript, card, judge_model)
    if judged.judge is not None and judged.judge.error:
        print(f"{file}:{entry.line}: judge failed: {judged.judge.error}", file=sys.stderr)
    return judged


def read_entries(path: Path) -> Iterator[Entry]:
    """Each transcript of a JSON or JSONL file, with the line it starts on."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read: {err}") from None
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        yield from _jsonl(text)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            yield from _jsonl(text)
        else:
            yield Entry(line=err.lineno, error=f"not valid JSON: {err.msg} (column {err.colno})")
        return
    yield _entry(1, data)


def _jsonl(text: str) -> Iterator[Entry]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            yield Entry(line=number, error=f"not valid JSON: {err.msg} (column {err.colno})")
            continue
        yield _entry(number, data)


def _entry(line: int, data: Any) -> Entry:
    if not isinstance(data, dict):
        return Entry(line=line, error='expected a transcript object: {"turns": [...]}')
    try:
        return Entry(line=line, transcript=Transcript.model_validate(data))
    except ValidationError as err:
        return Entry(line=line, error=_first_problem(err))


def _first_problem(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(transcript)"
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    message = "required field is missing" if first["type"] == "missing" else first["msg"]
    return f"{where}: {message}{more}"

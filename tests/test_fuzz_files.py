"""Fuzzing persona and rubric loading (hypothesis): whatever a trainer saves, loading it either
works or raises FileProblems whose every line starts with `file:line:`. Never a crash, never
a message without a place to look.

Inputs start from the shipped files and are broken the ways files get broken: a key removed,
a value of the wrong type or shape, a string with control characters, a duplicated id, an
edit that leaves YAML invalid. Bounded and repeatable: a fixed number of examples,
derandomized, no example database.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

hypothesis = pytest.importorskip("hypothesis")
import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from roleplay.config import Settings  # noqa: E402
from roleplay.errors import FileProblems  # noqa: E402
from roleplay.grading.rubrics import load_rubrics  # noqa: E402
from roleplay.personas import load_personas  # noqa: E402

EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
PLACE = re.compile(r"^.+\.ya?ml:\d+: \S")

SHIPPED = Settings()
PERSONA_FILES = sorted(p for p in SHIPPED.personas_dir.glob("*.yaml"))
RUBRIC_FILES = sorted(p for p in SHIPPED.rubrics_dir.glob("*.yaml"))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["", " ", "\x00", "\u200b", "1e309", "yes", "null", "~", "-1", "0.5"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data` (dict keys, list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, item in data.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            found += _paths(item, (*prefix, index))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> None:
    for step in path[:-1]:
        data = data[step]
    if delete:
        del data[path[-1]]
    else:
        data[path[-1]] = value


@st.composite
def broken_documents(draw: st.DrawFn, files: list[Path]) -> str:
    """The text of a shipped file, broken a few times over."""
    source = draw(st.sampled_from(files))
    data = yaml.safe_load(source.read_text())
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        if action == "delete":
            _set(data, path, None, delete=True)
        elif action == "duplicate" and isinstance(data.get(path[0]), list) and data[path[0]]:
            data[path[0]].append(data[path[0]][0])
        else:
            _set(data, path, draw(values))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if draw(st.booleans()):  # a hand edit on top: a character in a random place
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(st.sampled_from([":", "\t", "- ", "[", "'", "&a ", "*a", "\n  ",
                                                  "\x00", "{", "%", "@"])) + text[at:]
    return text


def _check(load: Callable[[Path], Any], text: str, name: str, others: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for other in others:
            shutil.copy(other, folder / other.name)
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load(folder)
        except FileProblems as err:
            assert err.problems, "FileProblems with no problem"
            for problem in err.problems:
                assert PLACE.match(problem), f"no file:line in {problem!r}"


@FUZZ
@given(text=broken_documents(PERSONA_FILES))
def test_a_broken_persona_file_is_reported_with_file_and_line(text: str) -> None:
    _check(load_personas, text, "zz_broken.yaml", PERSONA_FILES[:1])


@FUZZ
@given(text=broken_documents(RUBRIC_FILES))
def test_a_broken_rubric_file_is_reported_with_file_and_line(text: str) -> None:
    _check(load_rubrics, text, "zz_broken.yaml", [])


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(text=st.text(max_size=300))
def test_any_text_as_a_persona_file_is_reported_with_file_and_line(text: str) -> None:
    _check(load_personas, text, "zz_any.yaml", [])

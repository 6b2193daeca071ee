"""YAML files for people: load, validate with pydantic, report `file:line: field: message`.

Persona and rubric files are written by trainers. Every problem in every file is collected and
reported at once, each pointing at the line a trainer has to change. The id of a document is its
file stem. This is the only module that imports yaml.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from roleplay.errors import FileProblems

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class HasReferences(Protocol):
    def reference_problems(self) -> list[tuple[Loc, str]]: ...


@dataclass
class Document:
    """Parsed YAML plus the line (1-based) of every mapping key and sequence item."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known prefix of `loc` (a missing key points at its parent)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, loc: Loc, message: str) -> str:
        where = ".".join(str(part) for part in loc) or "(file)"
        return f"{self.path}:{self.line_of(loc)}: {where}: {message}"


def load_yaml(path: Path) -> Document:
    """Parse one YAML file, keeping line numbers; a syntax error becomes a FileProblems."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise FileProblems([f"{path}:{line}: (file): {err.problem or err}"]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise FileProblems([f"{path}:1: (file): cannot read: {err}"]) from None
    doc = Document(path=path, data=None)
    if node is None:
        doc.data = {}
        return doc
    try:
        doc.data = _to_python(node, (), doc.lines)
    except yaml.YAMLError as err:
        raise FileProblems([f"{path}:1: (file): {err}"]) from None
    return doc


def _to_python(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader(" ").construct_object(key_node)  # type: ignore[no-untyped-call]
            child = (*loc, str(key))
            lines[child] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, child, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    return yaml.SafeLoader(" ").construct_object(node)  # type: ignore[no-untyped-call]


def validate(doc: Document, model: type[M], *, doc_id: str | None = None) -> M:
    """Validate a document against `model`; the file stem becomes the `id` field."""
    data = doc.data
    if not isinstance(data, dict):
        raise FileProblems([doc.problem((), "expected a mapping of fields at the top level")])
    doc_id = doc_id or doc.path.stem
    if "id" in data and data["id"] != doc_id:
        raise FileProblems([doc.problem(("id",), f"id must match the file name {doc_id!r}")])
    try:
        obj = model.model_validate({**data, "id": doc_id})
    except ValidationError as err:
        raise FileProblems([_describe(doc, model, e) for e in err.errors()]) from None
    check = getattr(obj, "reference_problems", None)
    problems = [doc.problem(loc, msg) for loc, msg in check()] if callable(check) else []
    if problems:
        raise FileProblems(problems)
    return obj


def load_directory(directory: Path, model: type[M]) -> dict[str, M]:
    """Load every `*.yaml`/`*.yml` file of a directory; all problems of all files at once."""
    if not directory.is_dir():
        raise FileProblems([f"{directory}:1: (directory): not found"])
    found: dict[str, M] = {}
    problems: list[str] = []
    for path in sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")]):
        try:
            found[path.stem] = validate(load_yaml(path), model)
        except FileProblems as err:
            problems.extend(err.problems)
    if problems:
        raise FileProblems(problems)
    return found


def load_file(path: Path, model: type[M]) -> M:
    return validate(load_yaml(path), model)


def _describe(doc: Document, model: type[BaseModel], error: Mapping[str, Any]) -> str:
    loc: Loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return doc.problem(loc, _unknown_key(model, loc))
    if error["type"] == "missing":
        return doc.problem(loc, "required field is missing")
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return doc.problem(loc, message)


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    allowed = _fields_at(model, loc[:-1])
    message = f"unknown field {loc[-1]!r}"
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    if allowed:
        return f"{message}; expected one of: {', '.join(sorted(allowed))}"
    return message


def _fields_at(model: type[BaseModel], loc: Iterable[str | int]) -> list[str]:
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        info = annotation.model_fields.get(str(part))
        return info.annotation if info else None
    args = typing.get_args(annotation)
    return args[-1] if args else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Union-with-None and Annotated so a field's model class shows."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else options[0]
        else:
            return annotation

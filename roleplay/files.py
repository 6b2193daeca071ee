"""YAML files for people: load, validate with pydantic, report `file:line: field: message`.

Persona and rubric files are written by trainers. Every problem in every file is collected and
reported at once, sorted by line, each pointing at the line a trainer has to change: schema
errors and reference errors (an unknown fact id...) together, so fixing one never uncovers
another. Unknown keys, fixed-choice values and ids get a did-you-mean. The id of a document is
its file stem. This is the only module that imports yaml.
"""

from __future__ import annotations

import difflib
import re
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


def did_you_mean(word: object, options: Iterable[str]) -> str | None:
    """The option closest to `word`, if any is close enough to be a typo."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown(what: str, word: object, options: Iterable[str]) -> str:
    """`unknown fact 'x'; did you mean 'y'?`, or the known options when none is close."""
    options = list(options)
    guess = did_you_mean(word, options)
    if guess is not None:
        return f"unknown {what} {word!r}; did you mean {guess!r}?"
    plural = what if what.endswith("s") else f"{what}s"
    return f"unknown {what} {word!r}; known {plural}: {', '.join(options) or '(none)'}"


def known_ids(known: Iterable[str], wanted: str) -> str:
    """`did you mean 'x'? known: a, b` (the did-you-mean only for a likely typo)."""
    known = sorted(known)
    guess = did_you_mean(wanted, known)
    hint = f"did you mean {guess!r}? " if guess is not None else ""
    return f"{hint}known: {', '.join(known) or 'none'}"


def shown_path(path: Path) -> Path:
    """A path as a person would type it: relative to the working directory when inside it."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


@dataclass
class Document:
    """Parsed YAML plus the line (1-based) of every mapping key and sequence item."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    shown: Path | None = None
    """How the path is printed in problems (default: `path` as given)."""

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known prefix of `loc` (a missing key points at its parent)."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return 1

    def problem(self, loc: Loc, message: str) -> str:
        where = ".".join(str(part) for part in loc) or "(file)"
        return f"{self.shown or self.path}:{self.line_of(loc)}: {where}: {message}"


def load_yaml(path: Path, *, shown: Path | None = None, text: str | None = None) -> Document:
    """Parse one YAML file (or `text` read from it), keeping line numbers; a syntax error
    becomes a FileProblems. `shown`: the path as printed in problems."""
    name = shown or path
    try:
        text = path.read_text(encoding="utf-8") if text is None else text
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise FileProblems([f"{name}:{line}: (file): {err.problem or err}"]) from None
    except yaml.reader.ReaderError as err:  # a character YAML does not allow (NUL, controls)
        line = (text or "")[: max(err.position, 0)].count("\n") + 1
        raise FileProblems([
            f"{name}:{line}: (file): character {err.character!r} is not allowed in YAML"
        ]) from None
    except (OSError, UnicodeDecodeError) as err:
        raise FileProblems([f"{name}:1: (file): cannot read: {err}"]) from None
    doc = Document(path=path, data=None, shown=shown)
    if node is None:
        doc.data = {}
        return doc
    try:
        doc.data = _to_python(node, (), doc.lines)
    except yaml.YAMLError as err:
        raise FileProblems([f"{name}:1: (file): {err}"]) from None
    return doc


def dump_yaml(data: Any) -> str:
    """Plain block-style YAML, keys in the given order, long strings kept whole."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


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
    """Validate a document against `model`; the file stem becomes the `id` field.

    Every problem of the file is raised at once, sorted by line: the id, schema errors, and
    the references `model.document_problems(data)` finds in the raw data (so a bad reference
    shows even while the schema fails elsewhere); a valid object's `reference_problems()` too.
    """
    data = doc.data
    if not isinstance(data, dict):
        raise FileProblems([doc.problem((), "expected a mapping of fields at the top level")])
    doc_id = doc_id or doc.path.stem
    found: list[tuple[Loc, str]] = []
    if "id" in data and data["id"] != doc_id:
        found.append((("id",), f"id must match the file name {doc_id!r}"))
    obj: M | None = None
    try:
        obj = model.model_validate({**data, "id": doc_id})
    except ValidationError as err:
        found += [_describe(model, e) for e in err.errors()]
    raw_check = getattr(model, "document_problems", None)
    if callable(raw_check):
        schema_locs = {loc for loc, _ in found}
        found += [(loc, msg) for loc, msg in raw_check(data) if loc not in schema_locs]
    elif obj is not None:
        check = getattr(obj, "reference_problems", None)
        found += check() if callable(check) else []
    if found:
        raise FileProblems(sorted_problems(doc, found))
    assert obj is not None
    return obj


def sorted_problems(doc: Document, found: Iterable[tuple[Loc, str]]) -> list[str]:
    """`file:line: field: message` for each problem, in line order (ties keep their order)."""
    numbered = sorted(enumerate(found), key=lambda item: (doc.line_of(item[1][0]), item[0]))
    return [doc.problem(loc, msg) for _, (loc, msg) in numbered]


def yaml_files(directory: Path) -> list[Path]:
    """The `*.yaml`/`*.yml` files of a folder, sorted by name."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_directory(directory: Path, model: type[M]) -> dict[str, M]:
    """Load every `*.yaml`/`*.yml` file of a directory; all problems of all files at once,
    by file then line, each path printed as given (relative to the working directory when
    the folder is inside it)."""
    if not directory.is_dir():
        raise FileProblems([f"{shown_path(directory)}:1: (directory): not found"])
    found: dict[str, M] = {}
    problems: list[str] = []
    for path in yaml_files(directory):
        try:
            found[path.stem] = load_file(path, model)
        except FileProblems as err:
            problems.extend(err.problems)
    if problems:
        raise FileProblems(problems)
    return found


def load_file(path: Path, model: type[M], *, text: str | None = None) -> M:
    shown = shown_path(path) if path.is_absolute() else None
    return validate(load_yaml(path, shown=shown, text=text), model)


def _describe(model: type[BaseModel], error: Mapping[str, Any]) -> tuple[Loc, str]:
    loc: Loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return loc, _unknown_key(model, loc)
    if error["type"] == "missing":
        return loc, "required field is missing"
    if error["type"] in ("literal_error", "enum"):
        return loc, _unknown_choice(error)
    message = str(error["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return loc, message


def _unknown_choice(error: Mapping[str, Any]) -> str:
    """A fixed-choice value that is not one of the choices: did-you-mean, then the choices."""
    expected = str((error.get("ctx") or {}).get("expected", ""))
    choices = re.findall(r"'([^']*)'", expected)
    value = error.get("input")
    if not choices:
        return str(error["msg"])
    guess = did_you_mean(value, choices)
    hint = f"; did you mean {guess!r}?" if guess is not None else ""
    return f"{value!r} is not allowed{hint} (one of: {', '.join(choices)})"


def _unknown_key(model: type[BaseModel], loc: Loc) -> str:
    allowed = _fields_at(model, loc[:-1])
    message = f"unknown field {loc[-1]!r}"
    guess = did_you_mean(loc[-1], allowed)
    if guess is not None:
        return f"{message}; did you mean {guess!r}?"
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

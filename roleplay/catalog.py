"""The live personas and rubrics of a server, reloaded from their folders while it runs.

    Catalog.load(personas_dir, rubrics_dir)   every file, strictly (FileProblems if any is bad)
    catalog.refresh()                         reload what changed since the last look
    await catalog.watch(seconds)              refresh every few seconds, until cancelled
    catalog.personas / catalog.rubrics        Shelf: `items` by id, their `versions`, problems

A refresh looks at each file's size and modification time and re-reads only the files whose
signature changed (then their bytes: an unchanged file is not parsed again). A new valid file
goes live; a removed file leaves; an edit that does not validate keeps the last good version
live and records its problems (logged, and served at `GET /v1/personas/{id}/problems`).

Every version ever loaded is kept here by its content hash (`content_hash`: sha256 of the
validated document as canonical JSON, so comments and spacing do not make a new version).
Sessions record the hashes they ran with (`roleplay.storage.versions`), and turns and grading
use those versions even after the file is edited or removed.

Reloading runs in a thread; the live maps are swapped whole, never changed in place, so a
request reads either the old set or the new one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from roleplay.errors import FileProblems
from roleplay.files import load_yaml, sorted_problems, validate, yaml_files
from roleplay.grading.rubrics import Rubric
from roleplay.personas import Persona

M = TypeVar("M", bound=BaseModel)
_log = logging.getLogger("roleplay.catalog")
Signature = tuple[int, int]


def content_hash(item: BaseModel) -> str:
    """A version's id: the first 16 hex digits of the sha256 of its canonical JSON."""
    canonical = json.dumps(item.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Version(Generic[M]):
    item: M
    hash: str
    path: Path


@dataclass
class FileState:
    """What a refresh last saw of one file."""

    signature: Signature
    digest: str


@dataclass
class Shelf(Generic[M]):
    """The files of one folder, of one kind (persona or rubric)."""

    kind: str
    directory: Path
    model: type[M]
    live: dict[str, Version[M]] = field(default_factory=dict)
    items: dict[str, M] = field(default_factory=dict)
    """The live items by id (what the API serves); replaced whole on every change."""
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Problems of the last edit of each file that failed to load, by id."""
    versions: dict[str, M] = field(default_factory=dict)
    """Every version loaded by this process, by content hash."""
    files: dict[Path, FileState] = field(default_factory=dict)

    def shown(self, path: Path) -> Path:
        """How a file is named in problems: its folder's name and its own."""
        return Path(self.directory.name) / path.name

    def scan(self) -> tuple[list[str], bool]:
        """Reload what changed: (log lines, whether the live set changed)."""
        found = {path: _signature(path) for path in self._paths()}
        live, problems = dict(self.live), dict(self.problems)
        messages: list[str] = []
        for path in [p for p in self.files if p not in found]:
            del self.files[path]
            problems.pop(path.stem, None)
            if live.pop(path.stem, None) is not None:
                messages.append(f"{self.kind} {path.stem!r} removed ({self.shown(path)})")
        for path, signature in found.items():
            if signature is None:
                continue
            known = self.files.get(path)
            if known is not None and known.signature == signature:
                continue
            messages += self._reload(path, signature, live, problems)
        changed = live != self.live or problems != self.problems
        if changed:
            self.live, self.problems = live, problems
            self.items = {doc_id: version.item for doc_id, version in live.items()}
        return messages, changed

    def _paths(self) -> list[Path]:
        return yaml_files(self.directory) if self.directory.is_dir() else []

    def _reload(
        self, path: Path, signature: Signature, live: dict[str, Version[M]],
        problems: dict[str, list[str]],
    ) -> list[str]:
        try:
            raw = path.read_bytes()
        except OSError:
            return []  # removed or replaced while we looked: the next refresh sees it
        digest = hashlib.sha256(raw).hexdigest()
        known = self.files.get(path)
        self.files[path] = FileState(signature, digest)
        if known is not None and known.digest == digest and path.stem in live:
            return []
        doc_id = path.stem
        try:
            text = raw.decode("utf-8")
            item = validate(load_yaml(path, shown=self.shown(path), text=text), self.model)
        except UnicodeDecodeError as err:
            return self._invalid(path, [f"{self.shown(path)}:1: (file): cannot read: {err}"],
                                 live, problems)
        except FileProblems as err:
            return self._invalid(path, err.problems, live, problems)
        fixed = problems.pop(doc_id, None) is not None
        version = Version(item, content_hash(item), path)
        self.versions.setdefault(version.hash, item)
        before = live.get(doc_id)
        live[doc_id] = version
        if before is None:
            return [f"{self.kind} {doc_id!r} added ({version.hash})"]
        if before.hash != version.hash:
            return [f"{self.kind} {doc_id!r} reloaded ({before.hash} -> {version.hash})"]
        if fixed:
            return [f"{self.kind} {doc_id!r} fixed: the file is the live version again "
                    f"({version.hash})"]
        return []

    def _invalid(
        self, path: Path, found: list[str], live: dict[str, Version[M]],
        problems: dict[str, list[str]],
    ) -> list[str]:
        problems[path.stem] = found
        kept = live.get(path.stem)
        what = f"keeping the last good version ({kept.hash})" if kept else "not loaded"
        return [f"{self.kind} {path.stem!r}: the edit has {len(found)} problem(s), {what}",
                *found]

    def version_of(self, content_hash: str) -> M | None:
        return self.versions.get(content_hash)

    def remember(self, item: M) -> str:
        """Keep a version read from elsewhere (the database); returns its hash."""
        digest = content_hash(item)
        self.versions.setdefault(digest, item)
        return digest


def _signature(path: Path) -> Signature | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class Catalog:
    """The personas and rubrics a server offers, kept in step with their folders."""

    def __init__(self, personas_dir: Path, rubrics_dir: Path) -> None:
        self.personas: Shelf[Persona] = Shelf("persona", personas_dir, Persona)
        self.rubrics: Shelf[Rubric] = Shelf("rubric", rubrics_dir, Rubric)
        self.warnings: dict[str, list[str]] = {}
        """Warnings (roleplay/lint.py) of each live persona, by id."""
        self._lock = asyncio.Lock()

    @classmethod
    def load(cls, personas_dir: Path, rubrics_dir: Path) -> Catalog:
        """Every file of both folders; FileProblems (all of them) if any file is bad, as a
        server refuses to start on broken files. Later edits are reloaded leniently."""
        catalog = cls(personas_dir, rubrics_dir)
        problems: list[str] = []
        for shelf in (catalog.personas, catalog.rubrics):
            if not shelf.directory.is_dir():
                problems.append(f"{shelf.directory}:1: (directory): not found")
                continue
            shelf.scan()
            problems += [p for found in shelf.problems.values() for p in found]
        if problems:
            raise FileProblems(problems)
        catalog._lint()
        return catalog

    def refresh(self) -> list[str]:
        """Reload what changed in both folders; the log lines of what happened."""
        personas, personas_changed = self.personas.scan()
        rubrics, _ = self.rubrics.scan()
        if personas_changed:
            self._lint()
        return [*personas, *rubrics]

    async def arefresh(self) -> list[str]:
        """`refresh` in a thread, one at a time, logging what changed."""
        async with self._lock:
            messages = await asyncio.to_thread(self.refresh)
        for message in messages:
            if not message.startswith(("persona ", "rubric ")):
                _log.warning("  %s", message)  # one problem of an edit that was not loaded
            elif ": the edit has " in message:
                _log.warning("%s", message)
            else:
                _log.info("%s", message)
        return messages

    async def watch(self, seconds: float) -> None:
        """Refresh every `seconds` until cancelled; a failed refresh is logged, not fatal."""
        show_log()
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.arefresh()
            except Exception:  # a watcher must outlive any one bad look at the disk
                _log.exception("reloading personas and rubrics failed")

    def _lint(self) -> None:
        from roleplay.lint import persona_warnings

        personas = self.personas.items
        found: dict[str, list[str]] = {}
        for doc_id, version in self.personas.live.items():
            warnings = persona_warnings(version.item, personas)
            if warnings:
                found[doc_id] = _as_lines(self.personas, version, warnings)
        self.warnings = found

    def hash_of(self, kind: str, doc_id: str) -> str | None:
        shelf = self.personas if kind == "persona" else self.rubrics
        version = shelf.live.get(doc_id)
        return version.hash if version else None


def show_log() -> None:
    """Reload messages reach the server's console like uvicorn's own (`INFO:     ...`), unless
    logging is configured already (uvicorn configures only its own loggers)."""
    if _log.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    _log.addHandler(handler)
    _log.setLevel(logging.INFO)
    _log.propagate = False


def _as_lines(shelf: Shelf[Persona], version: Version[Persona], found: list[tuple[
        tuple[str | int, ...], str]]) -> list[str]:
    """Warnings as `file:line: field: warning: ...` (the file is parsed again for its lines)."""
    try:
        doc = load_yaml(version.path, shown=shelf.shown(version.path))
    except FileProblems:
        return [f"{shelf.shown(version.path)}:1: {'.'.join(map(str, loc))}: {message}"
                for loc, message in found]
    return sorted_problems(doc, found)


def problems_report(catalog: Catalog, kind: str, doc_id: str) -> Mapping[str, object] | None:
    """What a trainer sees at `GET /v1/{kind}s/{id}/problems`, or None if there is no such
    file (live or failed)."""
    shelf: Shelf[Persona] | Shelf[Rubric] = catalog.personas if kind == "persona" \
        else catalog.rubrics
    live = shelf.live.get(doc_id)
    problems = shelf.problems.get(doc_id)
    if live is None and problems is None:
        return None
    return {
        "id": doc_id,
        "kind": kind,
        "live": live is not None,
        "hash": live.hash if live else None,
        "problems": list(problems or []),
        "warnings": list(catalog.warnings.get(doc_id, [])) if kind == "persona" else [],
    }

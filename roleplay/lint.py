"""Warnings about persona files that are valid but probably not what the trainer meant.

`roleplay check` prints them after the problems (exit 0 unless `--strict`), and the server
reports them with a persona's problems. Each is a `(loc, message)` like a reference problem:

    leftover      a name, company or industry word of another persona, or a line copied
                  word for word from one (a persona copied and not fully rewritten)
    difficulty    the `difficulty` label contradicts what the dials make the prospect
    unreachable   a fact that can never be shared (its `after` chain loops or waits on a
                  fact that can never be shared), or a next step that needs one
    dead trigger  an objection none of whose triggers can fire for this persona
    placeholder   a `TODO` left in a field (an imported character card marks them so)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from roleplay.errors import FileProblems
from roleplay.files import (
    Document,
    Loc,
    load_file,
    load_yaml,
    shown_path,
    sorted_problems,
    unknown,
    validate,
    yaml_files,
)
from roleplay.grading.rubrics import Rubric
from roleplay.personas import Dials, Persona

WARNING = "warning: "
"""What a warning's message starts with, after `file:line: field: `."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
COMMON = frozenset(" ".join((
    "the and for with from that this your their about into over under after before",
    "company group partners services solutions inc llc ltd care health healthcare public",
    "retail food shops shop office practice practices clinic clinics network regional",
    "three two four five one six mid sized small large family local national",
)).split())
"""Words too common to say a line came from another persona."""
MIN_COPIED_WORDS = 6
"""A line of at least this many words, word for word in another persona, was copied."""

TEXT_FIELDS = ("summary", "situation", "personality", "speaking_style")
LIST_FIELDS = ("wants", "does_not_want", "opening")


def persona_warnings(persona: Persona, others: Mapping[str, Persona]) -> list[tuple[Loc, str]]:
    """Every warning for `persona`; `others` are the other personas (its own id is skipped)."""
    found = [
        *_leftovers(persona, [p for pid, p in sorted(others.items()) if pid != persona.id]),
        *_difficulty(persona),
        *_unreachable_facts(persona),
        *_dead_objections(persona),
        *_placeholders(persona),
    ]
    return [(loc, WARNING + message) for loc, message in found]


# --- text: where each line a persona says lives -----------------------------------------------


def spoken(persona: Persona) -> Iterator[tuple[Loc, str]]:
    """Every piece of text in a persona with its location."""
    for name in TEXT_FIELDS:
        yield (name,), getattr(persona, name)
    for name in LIST_FIELDS:
        for i, line in enumerate(getattr(persona, name)):
            yield (name, i), line
    for i, fact in enumerate(persona.facts):
        yield ("facts", i, "says"), fact.says
    for i, objection in enumerate(persona.objections):
        for j, line in enumerate(objection.says):
            yield ("objections", i, "says", j), line
        yield ("objections", i, "explored_says"), objection.explored_says
    for mood, lines in persona.lines.model_dump().items():
        for i, line in enumerate(lines):
            yield ("lines", mood, i), line
    for name in ("out_of_patience", "next_step_agreed"):
        for i, line in enumerate(getattr(persona.ending, name)):
            yield ("ending", name, i), line


def _words(text: str) -> set[str]:
    return {w.lower().strip("'’-") for w in _WORD.findall(text)}


def _identity(persona: Persona) -> set[str]:
    """The words that name who this persona is: theirs to use freely."""
    return _words(" ".join((persona.name, persona.title, persona.company, persona.industry)))


@dataclass(frozen=True)
class _Marks:
    """What gives away another persona: its names, company and industry words, long lines."""

    persona: Persona
    terms: dict[str, str]
    lines: frozenset[str]

    @classmethod
    def of(cls, other: Persona) -> _Marks:
        terms: dict[str, str] = {}
        for part in other.name.split():
            terms[part.lower().strip(".,")] = f"the name {other.name!r}"
        for word in _words(re.sub(r"\([^)]*\)", "", other.company)):
            terms.setdefault(word, f"the company {other.company!r}")
        for word in _words(other.industry):
            terms.setdefault(word, f"the industry {other.industry!r}")
        terms = {w: why for w, why in terms.items() if len(w) >= 4 and w not in COMMON}
        lines = frozenset(_norm(text) for _, text in spoken(other)
                          if len(text.split()) >= MIN_COPIED_WORDS)
        return cls(other, terms, lines)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _leftovers(persona: Persona, others: list[Persona]) -> list[tuple[Loc, str]]:
    """Per line, a mention of another persona's name, company or industry; per other persona,
    one warning for the lines copied word for word (at the first, with how many)."""
    own = _identity(persona)
    marks = [_Marks.of(other) for other in others]
    found: list[tuple[Loc, str]] = []
    copied: dict[str, list[Loc]] = {}
    for loc, text in spoken(persona):
        words = _words(text)
        for mark in marks:
            if _norm(text) in mark.lines:
                copied.setdefault(mark.persona.id, []).append(loc)
            hits = sorted(w for w in words & set(mark.terms) if w not in own)
            if hits:
                found.append((loc, f"mentions {hits[0]!r} ({mark.terms[hits[0]]} of persona "
                                   f"{mark.persona.id!r}): left over from a copy?"))
                break
    for other_id, locs in copied.items():
        more = f" (and {len(locs) - 1} more lines)" if len(locs) > 1 else ""
        found.append((locs[0], f"word for word the same as a line of persona {other_id!r}{more}:"
                               " left over from a copy?"))
    return found


# --- difficulty ---------------------------------------------------------------------------------

BANDS = ("easy", "medium", "hard")
EDGES = (0.4, 0.6)
"""Hardness below 0.4 reads as easy, above 0.6 as hard."""
SLACK = 0.1
"""A label one band off warns only when the hardness is this far past the band's edge."""


def hardness(dials: Dials, *, agrees_to_next_step: bool = True) -> float:
    """0 (a pushover) .. 1 (brutal), from the dials: starting trust, patience, how trust moves,
    how firm objections are, and how fast patience drains. A prospect who never agrees to a
    next step is harder than its dials."""
    parts = (
        _clip((0.6 - dials.trust) / 0.5),
        _clip((6 - dials.patience) / 4),
        _clip(dials.trust_loss / max(dials.trust_gain + dials.trust_loss, 1e-9)),
        _clip(dials.objection_hardness + dials.stubbornness - dials.openness),
        _clip(dials.patience_drain / 0.3),
    )
    return _clip(sum(parts) / len(parts) + (0.0 if agrees_to_next_step else 0.2))


def band(score: float) -> str:
    return BANDS[sum(score >= edge for edge in EDGES)]


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _difficulty(persona: Persona) -> list[tuple[Loc, str]]:
    score = hardness(persona.dials, agrees_to_next_step=persona.ending.agrees_to_next_step)
    label = BANDS.index(persona.difficulty)
    read = band(score)
    gap = BANDS.index(read) - label
    if gap == 0:
        return []
    edge = EDGES[label] if gap > 0 else EDGES[label - 1]
    if abs(gap) == 1 and abs(score - edge) < SLACK:
        return []
    d = persona.dials
    return [(("difficulty",), f"{persona.difficulty!r} contradicts the dials, which read as "
             f"{read!r} (hardness {score:.2f}: trust {d.trust:g}, patience {d.patience:g}, "
             f"trust_gain {d.trust_gain:g}, trust_loss {d.trust_loss:g})")]


# --- facts that can never be shared ---------------------------------------------------------------


def never_shared(persona: Persona) -> set[str]:
    """Facts whose `after` chain loops, or waits on a fact that can never be shared."""
    waits = {f.id: set(f.unlock.after) for f in persona.facts}
    possible: set[str] = set()
    changed = True
    while changed:
        changed = False
        for fact_id, after in waits.items():
            if fact_id not in possible and after <= possible:
                possible.add(fact_id)
                changed = True
    return set(waits) - possible


def _unreachable_facts(persona: Persona) -> list[tuple[Loc, str]]:
    blocked = never_shared(persona)
    found: list[tuple[Loc, str]] = []
    for i, fact in enumerate(persona.facts):
        if fact.id in blocked:
            stuck = sorted(set(fact.unlock.after) & blocked) or fact.unlock.after
            found.append((("facts", i, "unlock", "after"),
                          f"fact {fact.id!r} can never be shared: it waits for "
                          f"{', '.join(stuck)}, which can never be shared first"))
    for i, need in enumerate(persona.ending.next_step_needs):
        if need in blocked:
            found.append((("ending", "next_step_needs", i),
                          f"no next step is ever possible: it needs {need!r}, which can never "
                          "be shared"))
    return found


# --- objections that can never be raised ----------------------------------------------------------

INBOUND_NEVER = frozenset({"cold_open", "unearned_probe"})
"""Triggers that cannot fire when the prospect asked for the call (the right to ask starts
earned, so there is no cold open and no unearned probe)."""


def _dead_objections(persona: Persona) -> list[tuple[Loc, str]]:
    if not persona.dials.inbound:
        return []
    return [
        (("objections", i, "triggers"),
         f"objection {objection.id!r} can never be raised: {', '.join(objection.triggers)} "
         "cannot fire for an inbound prospect (dials.inbound: the right to ask starts earned)")
        for i, objection in enumerate(persona.objections)
        if set(objection.triggers) <= INBOUND_NEVER
    ]


# --- placeholders ----------------------------------------------------------------------


def _placeholders(persona: Persona) -> list[tuple[Loc, str]]:
    identity = [(name,) for name in ("name", "title", "company", "industry")]
    texts = [*((loc, getattr(persona, loc[0])) for loc in identity), *spoken(persona)]
    return [(loc, "still a TODO placeholder: write it for this persona")
            for loc, text in texts if "TODO" in text]


# --- a whole review: what `roleplay check` prints ----------------------------------------


@dataclass
class Review:
    """Problems (errors) and warnings, each a `file:line: field: message` line, by file and line."""

    problems: list[str]
    warnings: list[str]
    personas: dict[str, Persona]
    rubrics: dict[str, Rubric]

    def lines(self) -> list[str]:
        return sorted([*self.problems, *self.warnings], key=_file_and_line)


def review(
    personas_dir: Path, rubrics_dir: Path, files: Sequence[Path] = ()
) -> Review:
    """Check every persona and rubric file of both folders (or only `files`, which may be
    files or folders; a file is a rubric when it sits in `rubrics_dir` or has `criteria`).
    Personas are compared against every valid persona of `personas_dir` for leftovers."""
    result = Review([], [], {}, {})
    docs: dict[str, Document] = {}
    targets = _targets(personas_dir, rubrics_dir, files)
    folder_personas = _quiet_load(personas_dir) if files else {}
    for path, kind in targets:
        try:
            doc = load_yaml(path, shown=shown_path(path))
            if kind == "rubric":
                rubric = validate(doc, Rubric)
                result.rubrics[rubric.id] = rubric
            else:
                persona = validate(doc, Persona)
                result.personas[persona.id] = persona
                docs[persona.id] = doc
        except FileProblems as err:
            result.problems.extend(err.problems)
    others = {**folder_personas, **result.personas}
    for persona_id, doc in docs.items():
        found = persona_warnings(result.personas[persona_id], others)
        result.warnings.extend(sorted_problems(doc, found))
        result.problems.extend(test_file_problems(result.personas[persona_id], doc.path.parent))
    result.problems.sort(key=_file_and_line)
    result.warnings.sort(key=_file_and_line)
    return result


def _targets(
    personas_dir: Path, rubrics_dir: Path, files: Sequence[Path]
) -> list[tuple[Path, str]]:
    if not files:
        return [*_folder(personas_dir, "persona"), *_folder(rubrics_dir, "rubric")]
    found: list[tuple[Path, str]] = []
    for path in files:
        if path.is_dir():
            kind = "rubric" if _same(path, rubrics_dir) else "persona"
            found += _folder(path, kind)
        elif not path.exists():
            raise FileProblems([f"{path}:1: (file): not found"])
        else:
            found.append((path, _kind_of(path, rubrics_dir)))
    return found


def _folder(directory: Path, kind: str) -> list[tuple[Path, str]]:
    if not directory.is_dir():
        raise FileProblems([f"{shown_path(directory)}:1: (directory): not found"])
    return [(path, kind) for path in yaml_files(directory)]


def _kind_of(path: Path, rubrics_dir: Path) -> str:
    if _same(path.parent, rubrics_dir):
        return "rubric"
    try:
        head = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "persona"
    return "rubric" if re.search(r"^criteria\s*:", head, re.MULTILINE) else "persona"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _quiet_load(directory: Path) -> dict[str, Persona]:
    """The valid personas of a folder, ignoring the broken ones (they are not being checked)."""
    found: dict[str, Persona] = {}
    for path in yaml_files(directory) if directory.is_dir() else []:
        try:
            found[path.stem] = load_file(path, Persona)
        except FileProblems:
            continue
    return found


_LOCATION = re.compile(r"^(.*?):(\d+): ")


def _file_and_line(problem: str) -> tuple[str, int]:
    found = _LOCATION.match(problem)
    return (found.group(1), int(found.group(2))) if found else (problem, 0)


# --- persona test files: their ids must be the persona's ----------------------------------------

FACT_REFS = ("shares", "unlocked", "locked", "recalls")
OBJECTION_REFS = ("raised", "softened", "hardened", "ignored")


def test_file_problems(persona: Persona, personas_dir: Path) -> list[str]:
    """Problems of the persona's test file (`personas/tests/<id>.yaml`, if there is one):
    its schema, and every fact or objection id it names that the persona does not have, with
    a did-you-mean. All at once, by line."""
    from roleplay.prospect.persona_tests import PersonaTests, tests_path

    path = tests_path(personas_dir, persona.id)
    if not path.is_file():
        return []
    try:
        doc = load_yaml(path, shown=shown_path(path))
    except FileProblems as err:
        return err.problems
    problems: list[str] = []
    try:
        validate(doc, PersonaTests)
    except FileProblems as err:
        problems = err.problems
    seen: set[tuple[int, str]] = set()
    unique: list[tuple[Loc, str]] = []
    for loc, message in _test_references(doc.data, persona):
        if (doc.line_of(loc), message) not in seen:  # a YAML alias repeats the same line
            seen.add((doc.line_of(loc), message))
            unique.append((loc, message))
    refs = sorted_problems(doc, unique)
    return sorted([*problems, *refs], key=_file_and_line)


def _test_references(data: object, persona: Persona) -> list[tuple[Loc, str]]:
    facts = [f.id for f in persona.facts]
    objections = [o.id for o in persona.objections]
    found: list[tuple[Loc, str]] = []
    tests = data.get("tests") if isinstance(data, dict) else None
    for i, test in enumerate(tests if isinstance(tests, list) else []):
        steps = test.get("steps") if isinstance(test, dict) else None
        for j, step in enumerate(steps if isinstance(steps, list) else []):
            expect = step.get("expect") if isinstance(step, dict) else None
            if not isinstance(expect, dict):
                continue
            loc: Loc = ("tests", i, "steps", j, "expect")
            for key, what, known in ([(k, "fact", facts) for k in FACT_REFS]
                                     + [(k, "objection", objections) for k in OBJECTION_REFS]):
                value = expect.get(key)
                names = value if isinstance(value, list) else [value]
                for n, name in enumerate(names):
                    if isinstance(name, str) and name not in known:
                        where = (*loc, key, n) if isinstance(value, list) else (*loc, key)
                        found.append((where, unknown(what, name, known)))
    return found

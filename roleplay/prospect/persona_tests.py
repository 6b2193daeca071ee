"""Persona tests: scripted rep lines, with what a trainer expects after each, run on the offline
voice through the real turn (analysis -> engine -> prompt -> voice).

A persona's tests live beside it, in `personas/tests/<id>.yaml`:

    tests:
      - name: a question about term start gets the term-start fact
        behaviour: answers_question        # one of BEHAVIOURS
        style: voice                       # typed | voice (voice-to-text: lowercase, fillers)
        steps:
          - say: "hi greg this is sam from brightline ..."
          - say: "so um what happens in the first weeks of term"
            expect: {shares: [term_start_flood], trust: [0.4, 1]}

Expectations (all optional): `trust` / `patience` ranges after the turn, `shares` (facts told
this turn), `unlocked` / `locked` (so far), `recalls`, `raised` / `softened` / `hardened` /
`ignored` (objection ids), `next_step` (agreed / declined / offered), `ended`, `rules` and
`not_rules` (rule names in the turn's trace), `says` (words in the reply). Every turn also checks
the voice: no reply repeated word for word, and an objection raised or dug into is voiced.

    load_tests(path) -> PersonaTests          file:line errors, like persona files
    run_tests(persona, tests) -> [Failure]    one per failed expectation, with the turn's trace
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from roleplay.files import load_file
from roleplay.prospect.persona import Id, Persona

Behaviour = Literal[
    "answers_question",  # the fact that fits the question, not the next in the file
    "repeat_question",  # a question asked again gets "like I said", no new fact
    "explores_objection",  # acknowledging, reflecting or asking about it softens it
    "ignores_objection",  # a close, a pivot or an unrelated question ignores it
    "contradicts",  # telling them they are wrong argues, objection or not, and costs the close
    "incumbent_question",  # a neutral question about the incumbent is discovery
    "next_step_agreed",  # a natural proposal, earned, is agreed
    "next_step_declined",  # unearned, it is declined with a reason
    "pressure",  # pushing for a decision costs trust, and no next step is agreed under it
    "difficulty",  # what good selling takes here: a generic script does not get everything
    "monologue",  # a monologue's cost grows with its length, asking or telling
    "odd_turns",  # nonsense, silence, off-topic talk, "are you an AI?" cost trust and patience
    "language",  # another language gets a request to switch
]
BEHAVIOURS: tuple[str, ...] = Behaviour.__args__  # type: ignore[attr-defined]
Style = Literal["typed", "voice"]
STYLES: tuple[str, ...] = ("typed", "voice")
TESTS_DIR = "tests"
"""Persona tests live in this folder beside the persona files."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expect(Strict):
    trust: tuple[float, float] | None = None
    patience: tuple[float, float] | None = None
    shares: list[Id] | None = None
    unlocked: list[Id] = Field(default_factory=list)
    locked: list[Id] = Field(default_factory=list)
    recalls: Id | None = None
    raised: Id | None = None
    softened: Id | None = None
    hardened: Id | None = None
    ignored: Id | None = None
    next_step: Literal["agreed", "declined", "offered", "none"] | None = None
    ended: bool | None = None
    rules: list[str] = Field(default_factory=list)
    not_rules: list[str] = Field(default_factory=list)
    says: list[str] = Field(default_factory=list)


class Step(Strict):
    say: str = Field(min_length=1)
    expect: Expect = Field(default_factory=Expect)


class PersonaTest(Strict):
    name: str = Field(min_length=1)
    behaviour: Behaviour
    style: Style
    seed: int = 0
    steps: list[Step] = Field(min_length=1)


class PersonaTests(Strict):
    id: str = Field(description="the persona's id: the file stem")
    tests: list[PersonaTest] = Field(min_length=1)


class Failure(BaseModel):
    persona: str
    test: str
    step: int
    said: str
    problem: str
    reply: str = ""
    trace: list[str] = Field(default_factory=list)

    def describe(self) -> str:
        lines = [f"{self.persona}: {self.test}: step {self.step} ({self.said!r}): {self.problem}"]
        if self.reply:
            lines.append(f"    prospect: {self.reply}")
        lines += [f"    - {entry}" for entry in self.trace]
        return "\n".join(lines)


def tests_path(personas_dir: Path, persona_id: str) -> Path:
    return personas_dir / TESTS_DIR / f"{persona_id}.yaml"


def load_tests(path: Path) -> PersonaTests:
    """A persona's test file, validated (`FileProblems` with `file:line: field: message`)."""
    return load_file(path, PersonaTests)


def missing_behaviours(tests: PersonaTests) -> list[str]:
    """Each behaviour and style with no test, as 'behaviour (style)'."""
    have = {(t.behaviour, t.style) for t in tests.tests}
    return [f"{b} ({s})" for b in BEHAVIOURS for s in STYLES if (b, s) not in have]


def run_tests(persona: Persona, tests: PersonaTests) -> list[Failure]:
    """Every test of a persona on the offline voice; the failed expectations."""
    failures: list[Failure] = []
    for test in tests.tests:
        failures += run_test(persona, test)
    return failures


def run_test(persona: Persona, test: PersonaTest) -> list[Failure]:
    """One scripted call, turn by turn as `conversation.take_turn` plays it, with the offline
    voice called directly (no provider in between: deterministic and fast)."""
    from roleplay.conversation import finish, prepare, start_session
    from roleplay.prospect.offline import voice

    session = start_session(persona, test.seed)
    failures: list[Failure] = []
    for number, step in enumerate(test.steps, 1):
        if session.ended:
            failures.append(Failure(persona=persona.id, test=test.name, step=number,
                                    said=step.say, problem="the call had already ended"))
            break
        prepared = prepare(persona, session, step.say)
        outcome = finish(prepared, voice(prepared.messages, prepared.seed), [])
        earlier = [t.text for t in session.turns if t.speaker == "prospect"]
        session = outcome.session
        problems = check(step.expect, outcome.rep.state_change or {}, session.prospect,
                         [e.rule for e in outcome.rep.trace], outcome.prospect.text)
        problems += voice_problems(persona, outcome.rep.state_change or {},
                                   outcome.prospect.text, earlier)
        trace = [f"{e.rule}: {e.why} (trust {e.trust_delta:+.2f}, patience "
                 f"{e.patience_delta:+g})" for e in outcome.rep.trace]
        labels = ", ".join(k for k, v in outcome.rep.labels.items() if v is True)
        trace.insert(0, f"labels: {labels or '-'}; topics {outcome.rep.labels.get('topics')}")
        failures += [Failure(persona=persona.id, test=test.name, step=number, said=step.say,
                             problem=p, reply=outcome.prospect.text, trace=trace)
                     for p in problems]
    return failures


def check(expect: Expect, change: dict[str, object], state: object, rules: list[str],
          reply: str) -> list[str]:
    """Each expectation that does not hold after a turn."""
    from roleplay.prospect.engine import ProspectState

    assert isinstance(state, ProspectState)
    found: list[str] = []
    if expect.trust and not expect.trust[0] <= state.trust <= expect.trust[1]:
        found.append(f"trust {state.trust:.2f} not in {list(expect.trust)}")
    if expect.patience and not expect.patience[0] <= state.patience <= expect.patience[1]:
        found.append(f"patience {state.patience:g} not in {list(expect.patience)}")
    shared = list(change.get("unlocked") or [])  # type: ignore[call-overload]
    if expect.shares is not None and sorted(shared) != sorted(expect.shares):
        found.append(f"shares {shared or 'nothing'}, expected {expect.shares or 'nothing'}")
    found += [f"{f!r} still locked" for f in expect.unlocked if f not in state.unlocked]
    found += [f"{f!r} unlocked, expected locked" for f in expect.locked if f in state.unlocked]
    for key in ("recalls", "raised", "softened", "hardened", "ignored"):
        wanted = getattr(expect, key)
        got = change.get(key.removesuffix("s") if key == "recalls" else key)
        if wanted is not None and got != wanted:
            found.append(f"{key} {got or 'nothing'}, expected {wanted}")
    if expect.next_step is not None:
        got = change.get("next_step") or "none"
        if got != expect.next_step:
            found.append(f"next step {got}, expected {expect.next_step}")
    if expect.ended is not None and bool(change.get("ended")) != expect.ended:
        found.append("the call ended" if change.get("ended") else "the call did not end")
    found += [f"rule {r!r} did not fire" for r in expect.rules if r not in rules]
    found += [f"rule {r!r} fired" for r in expect.not_rules if r in rules]
    found += [f"reply does not say {w!r}" for w in expect.says if w.lower() not in reply.lower()]
    return found


def voice_problems(persona: Persona, change: dict[str, object], reply: str,
                   earlier: list[str]) -> list[str]:
    """The offline voice's own promises: no word-for-word repeat, every objection event voiced."""
    found = []
    if reply in earlier:
        found.append(f"reply repeated word for word: {reply!r}")
    for key in ("raised", "hardened"):
        objection = change.get(key)
        if key == "raised" and objection == change.get("ignored"):
            continue  # said again after the rep moved past it: the reply points back at it
        if isinstance(objection, str) and not any(
                line in reply for line in persona.objection(objection).says):
            found.append(f"objection {key} ({objection}) but not voiced")
    softened = change.get("softened")
    if isinstance(softened, str) and persona.objection(softened).explored_says not in reply:
        found.append(f"objection softened ({softened}) but not voiced")
    return found


class Report(BaseModel):
    lines: list[str] = Field(default_factory=list)
    failures: int = 0
    tests: int = 0
    personas: int = 0

    @property
    def ok(self) -> bool:
        return self.failures == 0

    @property
    def summary(self) -> str:
        state = "ok" if self.ok else f"FAILED: {self.failures} problem(s)"
        return f"{state}: {self.tests} tests on {self.personas} persona(s)"


def check_personas(personas: dict[str, Persona], personas_dir: Path,
                   ids: list[str]) -> Report:
    """Run the tests of the given personas (all when `ids` is empty) into a printable report."""
    from roleplay.errors import FileProblems, NotFound

    unknown = [i for i in ids if i not in personas]
    if unknown:
        raise NotFound(f"unknown persona(s) {', '.join(unknown)} (known: "
                       f"{', '.join(sorted(personas))})")
    report = Report()
    for persona_id in ids or sorted(personas):
        report.personas += 1
        path = tests_path(personas_dir, persona_id)
        if not path.exists():
            report.failures += 1
            report.lines.append(f"{persona_id}: no tests ({path} is missing)")
            continue
        try:
            tests = load_tests(path)
        except FileProblems as err:
            report.failures += len(err.problems)
            report.lines += list(err.problems)
            continue
        report.tests += len(tests.tests)
        missing = missing_behaviours(tests)
        report.lines += [f"{persona_id}: no test for {m}" for m in missing]
        failures = run_tests(personas[persona_id], tests)
        report.lines += [f.describe() for f in failures]
        report.failures += len(missing) + len(failures)
        if not missing and not failures:
            report.lines.append(f"{persona_id}: {len(tests.tests)} tests ok")
    return report

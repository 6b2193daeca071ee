"""The labelled calls in `data/turns/calls/*.jsonl`: loading, the split by call, voice forms.

A call is split into train, validation or test by a hash of its id, never by turn, so a call's
context never leaks across sets. The calls of the writers in `HELD_OUT_WRITERS` are kept out of all
three: they are the `writers` split, never trained or tuned on, which measures how the model reads
people whose calls it never learned from. The labelling guide is `data/turns/GUIDELINES.md`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Split = Literal["train", "validation", "test", "writers"]
SPLITS: tuple[Split, ...] = ("train", "validation", "test", "writers")
HELD_OUT_WRITERS = ("y", "w15-", "w16-")
"""Corpus files (by the first letters of their calls' ids) whose writers the model never learns
from: round five's nine writers (`y1`-`y9`), round ten's `y10` (pitching in its less obvious
forms) and round thirteen's `w15` and `w16` (a prospect's screening questions and what the rep
does after them), each written as training data and held out when training on it did not help
on writer-validation; see data/turns/README.md."""
WRITER_VALIDATION = ("y1", "y5", "y6", "y8")
"""The held-out writers a choice between trained models may be judged on (writer-validation);
the other held-out writers (`y2`, `y3`, `y4`, `y7`, `y9`, `y10`, `w15`, `w16`, round
fourteen's `y11`, `y12`, first read at the end of round fifteen, round sixteen's `y13`, `y14`,
first read at the end of round seventeen, round seventeen's `y15`, first read at the end of round
eighteen, round nineteen's `y16`, first read at the end of round twenty, round twenty's `y17`,
first read at the end of round twenty-one, round twenty-one's `y18`, first read at the end of
round twenty-two, round twenty-two's `y19`, first read at the end of round twenty-three,
`y20`, `y21` and `y22`, first read at the end of round twenty-four, `y23`, first read at the
end of round twenty-five, `y24` and `y25`, first read at the end of round twenty-six, `y26`,
first read at the end of round twenty-seven, `y27`, first read at the end of round twenty-eight,
`y28` and `y29`, first read at the end of round twenty-nine, and any in
`UNREAD_WRITERS`) are writer-test, read once per round."""
UNREAD_WRITERS: tuple[str, ...] = ("y30", "y31")
"""Held-out writers nobody has read yet: `y30` (round twenty-nine: how people really ask in
speech, questions run on mid-turn, elliptical, declarative and tag questions, one-word checks,
beside statements, reported and rhetorical questions that only look like asking) and `y31`
(round twenty-nine: when the right to probe is earned and when it only looks earned). Round
twenty-nine read `y28` (round twenty-eight: asking over telling in every disguise) and `y29`
(round twenty-eight: the right to ask over a whole call) for the first time at its end; round
twenty-eight read `y27`.
The benches leave an unread writer out of every figure unless `--files` names it, so a total
never carries one unread. A writer added to the corpus unread belongs here until its first read."""


def unread(call_id: str) -> bool:
    """The call is by a writer in `UNREAD_WRITERS`."""
    return call_id.split("-")[0] in UNREAD_WRITERS


def writer_group(call_id: str) -> Literal["validation", "test"]:
    """Which half of the held-out writers a `writers` call belongs to (see WRITER_VALIDATION)."""
    return "validation" if call_id.split("-")[0] in WRITER_VALIDATION else "test"
CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "turns" / "calls"


@dataclass(frozen=True, slots=True)
class LabelledTurn:
    speaker: Literal["rep", "prospect"]
    text: str
    labels: frozenset[str]
    topic: str | None = None
    kind: str | None = None
    earns_how: str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    id: str
    register: str
    inbound: bool
    turns: tuple[LabelledTurn, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def split(self) -> Split:
        return split_of(self.id)

    def as_voice(self) -> Call:
        """The same call as speech-to-text would give it (lowercase, no punctuation)."""
        turns = tuple(
            LabelledTurn(t.speaker, to_voice(t.text), t.labels, t.topic, t.kind, t.earns_how)
            for t in self.turns
        )
        return Call(f"{self.id}~voice", "voice", self.inbound, turns, self.meta)


def split_of(call_id: str, held_out: tuple[str, ...] = HELD_OUT_WRITERS) -> Split:
    """`writers` for a held-out writer's call, else 70 / 15 / 15 by a stable hash of the id."""
    if held_out and call_id.startswith(held_out):
        return "writers"
    bucket = int(hashlib.sha256(call_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "validation" if bucket < 85 else "test"


_PUNCTUATION = re.compile(r"[^\w\s']+")


def to_voice(text: str) -> str:
    """Lowercase, punctuation dropped, as plain speech-to-text returns it."""
    return " ".join(_PUNCTUATION.sub(" ", text.lower()).split())


def load_calls(directory: Path = CORPUS_DIR) -> list[Call]:
    """Every call in the corpus, in file and line order."""
    return [call for path in sorted(directory.glob("*.jsonl")) for call in _read(path)]


def read_calls(directory: Path = CORPUS_DIR) -> list[Call]:
    """Every call but those of the writers nobody has read yet (`UNREAD_WRITERS`)."""
    return [call for call in load_calls(directory) if not unread(call.id)]


def _read(path: Path) -> Iterator[Call]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield _call(json.loads(line))


def _call(raw: dict[str, Any]) -> Call:
    turns = tuple(
        LabelledTurn(
            speaker=turn["speaker"],
            text=turn["text"],
            labels=frozenset(turn.get("labels", ())),
            topic=turn.get("topic"),
            kind=turn.get("kind"),
            earns_how=turn.get("earns_how"),
        )
        for turn in raw["turns"]
    )
    meta = {k: v for k, v in raw.items() if k not in ("turns", "id")}
    inbound = bool((raw.get("context") or {}).get("inbound"))
    return Call(raw["id"], raw.get("register", "typed"), inbound, turns, meta)


LISTENING_DIR = CORPUS_DIR.parent / "listening"
"""Listening labels, beside the calls (data/turns/GUIDELINES.md, "Listening labels")."""
Listens = Literal["builds_on", "ignores", "n/a"]


def load_listening(directory: Path = LISTENING_DIR, *, pattern: str = "part*.jsonl"
                   ) -> dict[tuple[str, int], Listens]:
    """Each labelled rep turn's listening label, by (call id, turn index); the first pass only
    by default (`second_pass.jsonl` is the blind relabel that measures agreement)."""
    found: dict[tuple[str, int], Listens] = {}
    for path in sorted(directory.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found[(str(row["call"]), int(row["turn"]))] = row["listens"]
    return found

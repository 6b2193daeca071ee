"""Held-out prospect calls: does the prospect do what a sales trainer expects, on calls other
writers wrote? (issue #10, "a trainer agrees ... measured on calls the team does not see").

Usage: .venv/bin/python bench/prospect_heldout.py [-v] [--files pa,pb] [--split validation|test]
                                                   [--seeds 1,2,3]
       .venv/bin/python bench/prospect_heldout.py --check FILE [FILE ...]

Each file in `data/prospect_calls/` is one writer's calls (format and check words:
`data/prospect_calls/README.md`). Every call is played twice, as typed and in the writer's own
voice-to-text version, through the HTTP API as `bench/prospect_calls.py` plays its scripts (the
app in process, a temp SQLite file, the offline voice, trainer-readable traces). Each of the
call's expectations is checked; a call agrees with the trainer when all of them hold.

Printed: per writer and form, the calls that agree and the checks that hold, per check word;
typed and voice scores within 20 points; with -v every failed check with the turn's rules.
Writers in SPLIT["test"] are read once per round and never used to choose a change; SPLIT["fresh"]
and SPLIT["unread"] writers are left out of `--split all`, to be read first as a later round's
test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from in_process import api_client  # noqa: E402
from pydantic import BaseModel, ConfigDict, Field  # noqa: E402

from roleplay.errors import FileProblems  # noqa: E402
from roleplay.files import load_yaml, validate, yaml_files  # noqa: E402
from roleplay.prospect.persona import Persona, load_personas  # noqa: E402

FOLDER = ROOT / "data" / "prospect_calls"
SPLIT = {"validation": ("pa", "pb", "pc", "pd", "pe", "pf", "pg", "ph", "pi", "pj", "pk", "pl",
                        "pm", "pn", "po", "pp", "pq", "pr", "ps", "pt", "pu", "pv", "pw", "px",
                        "py", "pz", "qa", "qb", "qc", "qd", "qe", "qf", "qg", "qh", "qi",
                        "qj", "qk", "ql", "qm", "qn", "qo"),
         "test": ("qp", "qq"), "fresh": ("qr", "qs"),
         "unread": ("qt", "qu", "qv", "qw")}
"""Which writers' failures may be read (validation), which are read once a round (test), and
which are kept for later (fresh). Round twenty-nine: `qn` and `qo`, the test of round
twenty-eight (figures and per-check counts only), joined validation; `qp` and `qq`, read at the
end of round twenty-eight as fresh writers (figures and per-check counts only), are the test;
`qr` and `qs` (round twenty-seven, never run) are the fresh writers, read once at the end of this
round; `qt` and `qu` (round twenty-eight) and `qv` and `qw` (round twenty-nine) are unread.
`--split all` leaves the fresh and the unread writers out; no `--split` names the unread ones."""


Word = Literal["shares", "withholds", "objects", "softens", "hardens", "warms", "cools", "ends"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Line(Strict):
    text: str = Field(min_length=1)
    expect: list[Word] = []


class CallExpectation(Strict):
    next_step: Literal["agreed", "not_agreed"] | None = None
    hung_up: bool | None = None
    facts: Literal["none", "some"] | None = None
    score: Literal["high", "low"] | None = None


class ScriptedCall(Strict):
    id: str
    persona: str
    style: str
    why: str = ""
    typed: list[Line] = Field(min_length=1)
    voice: list[str] = Field(min_length=1)
    expect: CallExpectation = CallExpectation()


class WriterFile(Strict):
    id: str
    writer: str
    calls: list[ScriptedCall] = Field(min_length=1)


def load(path: Path, personas: dict[str, Persona]) -> WriterFile:
    """One writer's file, validated: `file:line: field: message` for every problem."""
    doc = load_yaml(path)
    found = validate(doc, WriterFile)
    problems: list[str] = []
    for number, call in enumerate(found.calls):
        if call.persona not in personas:
            problems.append(doc.problem(("calls", number, "persona"),
                                        f"no persona {call.persona!r}"))
        if len(call.voice) != len(call.typed):
            problems.append(doc.problem(("calls", number, "voice"),
                                        f"{len(call.voice)} lines, typed has {len(call.typed)}"))
    ids = Counter(call.id for call in found.calls)
    problems += [doc.problem(("calls",), f"id {i!r} used {n} times") for i, n in ids.items()
                 if n > 1]
    if problems:
        raise FileProblems(problems)
    return found


# --- one call ---------------------------------------------------------------------------------


@dataclass
class Played:
    call: ScriptedCall
    form: str
    turns: list[dict[str, Any]] = field(default_factory=list)  # the trace's rep turns
    replies: list[str] = field(default_factory=list)
    facts: int = 0
    next_step: str = "-"
    hung_up: bool = False
    score: int = 0
    criteria: str = ""  # the scorecard's criteria, for -v: "asking_over_telling 97 good, ..."
    failed: list[str] = field(default_factory=list)
    checks: Counter[str] = field(default_factory=Counter)
    held: Counter[str] = field(default_factory=Counter)


async def play(client: httpx.AsyncClient, call: ScriptedCall, form: str,
               seed: int = 1) -> Played:
    played = Played(call, form)
    lines = [line.text for line in call.typed] if form == "typed" else call.voice
    created = await client.post("/v1/sessions", json={"persona": call.persona, "seed": seed})
    created.raise_for_status()
    sid = created.json()["id"]
    for text in lines:
        response = await client.post(f"/v1/sessions/{sid}/turns", json={"text": text})
        if response.status_code == 409:  # the prospect already ended the call
            break
        response.raise_for_status()
        if response.json()["ended"]:
            break
    if not (await client.get(f"/v1/sessions/{sid}")).json()["ended"]:
        (await client.post(f"/v1/sessions/{sid}/end")).raise_for_status()
    trace = (await client.get(f"/v1/sessions/{sid}/trace")).json()["turns"]
    replies = {t["index"]: t["text"] for t in trace if t["speaker"] == "prospect"}
    played.turns = [t for t in trace if t["speaker"] == "rep"]
    played.replies = [replies.get(t["index"] + 1, "") for t in played.turns]
    for turn in played.turns:
        change = turn["state_change"] or {}
        played.facts += len(change.get("unlocked") or [])
        played.next_step = change.get("next_step") or played.next_step
        played.hung_up |= bool(change.get("ended")) and change.get("end_reason") == "patience"
    card = await client.post(f"/v1/sessions/{sid}/grade")
    card.raise_for_status()
    played.score = card.json()["score"] or 0
    played.criteria = ", ".join(f"{c['id']} {c['score'] if c['score'] is not None else '-'} "
                                f"{c['level']}" for c in card.json()["criteria"])
    if card.json().get("capped_by"):
        played.criteria += f" (capped by {card.json()['capped_by']})"
    return played


# --- what the trainer expects -----------------------------------------------------------------


def holds(word: str, change: dict[str, Any], drain: float) -> bool:
    """Whether the prospect's reply did what the check word says (README's table)."""
    trust, patience = change.get("trust", [0, 0]), change.get("patience", [0, 0])
    shared = bool(change.get("unlocked")) or change.get("facts_shared", 0) > 0
    tests: dict[str, bool] = {
        "shares": shared,
        "withholds": not shared,
        "objects": change.get("raised") is not None,
        "softens": change.get("softened") is not None,
        "hardens": change.get("hardened") is not None,
        "warms": trust[1] > trust[0] + 1e-6,
        "cools": trust[1] < trust[0] - 1e-6 or patience[0] - patience[1] > drain + 1e-6,
        "ends": bool(change.get("ended")),
    }
    return tests[word]


def check(played: Played, persona: Persona) -> None:
    drain = persona.dials.patience_drain
    for number, (line, turn) in enumerate(zip(played.call.typed, played.turns, strict=False)):
        for word in line.expect:
            record(played, word, holds(word, turn["state_change"] or {}, drain),
                   f"line {number + 1} expected {word}")
    expect = played.call.expect
    if expect.next_step:
        agreed = played.next_step == "agreed"
        record(played, f"next_step {expect.next_step}", agreed == (expect.next_step == "agreed"),
               f"next step {played.next_step}, expected {expect.next_step}")
    if expect.hung_up is not None:
        record(played, f"hung_up {expect.hung_up}", played.hung_up == expect.hung_up,
               f"hung up {played.hung_up}, expected {expect.hung_up}")
    if expect.facts:
        record(played, f"facts {expect.facts}", (played.facts > 0) == (expect.facts == "some"),
               f"{played.facts} facts, expected {expect.facts}")
    if expect.score:
        record(played, f"score {expect.score}", score_fits(played.score, expect.score),
               f"score {played.score}, expected {expect.score}")


def score_fits(score: int, wanted: str) -> bool:
    """A score the writer expects "high" is 70 or more; "low", below 60."""
    return score >= 70 if wanted == "high" else score < 60


def record(played: Played, kind: str, ok: bool, why: str) -> None:
    played.checks[kind] += 1
    played.held[kind] += ok
    if not ok:
        played.failed.append(why)


# --- report -----------------------------------------------------------------------------------


def report(games: list[Played], verbose: bool, why: bool = False) -> None:
    writers = sorted({g.call.id.split("-")[0] for g in games})
    print(f"{'writer':8} {'form':6} {'calls agree':>12} {'checks hold':>12}")
    for writer in [*writers, "all"]:
        for form in ("typed", "voice"):
            mine = [g for g in games if g.form == form
                    and (writer == "all" or g.call.id.startswith(f"{writer}-"))]
            agree = sum(not g.failed for g in mine)
            checks = sum(sum(g.checks.values()) for g in mine)
            hold = sum(sum(g.held.values()) for g in mine)
            print(f"{writer:8} {form:6} {agree:>5}/{len(mine):<4} {pct(agree, len(mine)):>4} "
                  f"{hold:>5}/{checks:<4} {pct(hold, checks):>4}")
    kinds: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for g in games:
        kinds.update(g.checks)
        held.update(g.held)
    print("\nper check (both forms): " + ", ".join(
        f"{k} {held[k]}/{kinds[k]}" for k in sorted(kinds)))
    typed = {g.call.id: g for g in games if g.form == "typed"}
    gaps = [abs(typed[g.call.id].score - g.score) for g in games if g.form == "voice"]
    print(f"typed and voice within 20 points on {sum(d <= 20 for d in gaps)}/{len(gaps)} calls; "
          f"largest gap {max(gaps, default=0)}")
    if verbose:
        print("  " + ", ".join(f"{g.call.id} {typed[g.call.id].score}/{g.score}" for g in games
                               if g.form == "voice" and abs(typed[g.call.id].score - g.score) > 20))
    for g in games:
        if g.failed:
            print(f"  {g.call.id:7} {g.call.style[:22]:22} {g.call.persona:22} {g.form:5} "
                  f"{g.score:>3}  {'; '.join(g.failed)}")
            if verbose:
                show(g, why)


def show(played: Played, why: bool = False) -> None:
    """The call's turns: each rep line, the rules it fired (with their reasons when `why`),
    the prospect's state change and reply."""
    lines = [line.text for line in played.call.typed] if played.form == "typed" \
        else played.call.voice
    print(f"      scorecard: {played.criteria}")
    for text, turn, reply in zip(lines, played.turns, played.replies, strict=False):
        change = turn["state_change"] or {}
        rules = ", ".join(r["rule"] for r in turn.get("rules", []))
        moved = {k: change.get(k) for k in ("trust", "patience", "raised", "softened",
                                             "hardened", "unlocked") if change.get(k)}
        print(f"      rep: {text[:120]}\n        [{rules}] {moved}\n      prospect: {reply}")
        for r in turn.get("rules", []) if why else ():
            print(f"          {r['rule']}: {r['why']}")


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


# --- main -------------------------------------------------------------------------------------


def chosen(args: argparse.Namespace) -> list[Path]:
    names = [n for n in args.files.split(",") if n] or list(SPLIT.get(args.split, ()))
    files = yaml_files(FOLDER)
    if not names:  # all: every writer but the fresh ones, which nobody has read yet
        return [f for f in files if f.stem not in SPLIT["fresh"] + SPLIT["unread"]]
    return [f for f in files if f.stem in names]


async def run(args: argparse.Namespace, personas: dict[str, Persona],
              seed: int = 1) -> list[Played]:
    calls = [c for path in chosen(args) for c in load(path, personas).calls
             if not args.call or c.id in args.call]
    games: list[Played] = []
    async with api_client() as client:
        for call in calls:
            for form in ("typed", "voice"):
                played = await play(client, call, form, seed)
                check(played, personas[call.persona])
                games.append(played)
    return games


def over_seeds(args: argparse.Namespace, personas: dict[str, Persona], seeds: list[int]) -> None:
    """The calls that agree, typed and voice, and the pairs within 20 points, once per seed of
    the offline voice, and their mean: the voice's wording feeds the next turn's reading, so one
    seed's figure moves by a few calls with any change that reshuffles the replies."""
    rows = []
    for seed in seeds:
        games = asyncio.run(run(args, personas, seed))
        typed = {g.call.id: g for g in games if g.form == "typed"}
        voice = [g for g in games if g.form == "voice"]
        near = sum(abs(typed[g.call.id].score - g.score) <= 20 for g in voice)
        rows.append((sum(not g.failed for g in typed.values()),
                     sum(not g.failed for g in voice), near))
        print(f"seed {seed:>4}: typed {rows[-1][0]}/{len(typed)}, voice {rows[-1][1]}/{len(voice)}"
              f", within 20 points {near}/{len(voice)}")
    means = [sum(column) / len(rows) for column in zip(*rows, strict=True)]
    print(f"mean of {len(rows)}: typed {means[0]:.1f}, voice {means[1]:.1f}, "
          f"within 20 points {means[2]:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="the turns of failed calls")
    parser.add_argument("--files", default="", help="comma-separated writer files, e.g. pa,pb")
    parser.add_argument("--split", choices=("validation", "test", "fresh", "all"), default="all")
    parser.add_argument("--check", nargs="+", type=Path, help="validate these files only")
    parser.add_argument("--call", nargs="+", default=[],
                        help="play only these calls (ids) and show every turn, passed or not")
    parser.add_argument("--why", action="store_true",
                        help="with -v or --call: each rule's reason, under its turn")
    parser.add_argument("--seeds", default="",
                        help="comma-separated seeds of the offline voice (default: 1 alone); "
                             "with more than one, only each seed's totals and their mean")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",") if s] or [1]
    personas = load_personas(ROOT / "personas")
    try:
        if args.check:
            for path in args.check:
                print(f"{path}: {len(load(path, personas).calls)} calls")
            return 0
        if len(seeds) > 1:
            over_seeds(args, personas, seeds)
            return 0
        games = asyncio.run(run(args, personas, seeds[0]))
    except FileProblems as err:
        print("\n".join(err.problems), file=sys.stderr)
        return 1
    if args.call:
        missing = sorted(set(args.call) - {played.call.id for played in games})
        if missing:
            print(f"no such call in the chosen files: {', '.join(missing)}", file=sys.stderr)
            return 1
        for played in games:
            print(f"  {played.call.id} {played.form}: {'; '.join(played.failed) or 'agrees'}")
            show(played, args.why)
        return 0
    report(games, args.verbose, args.why)
    return 0


if __name__ == "__main__":
    sys.exit(main())

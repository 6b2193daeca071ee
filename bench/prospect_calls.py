"""Scripted sales calls against every shipped persona through the HTTP API, typed and by voice.

Usage: .venv/bin/python bench/prospect_calls.py [-v] [--persona ID ...] [--style NAME ...]

The app runs in process (httpx.ASGITransport, the app's lifespan, a temp SQLite file, the default
offline model, local development mode so the trainer-only trace is readable). Every call is a new
session: POST /v1/sessions, one POST .../turns per rep line until the script ends or the prospect
ends the call, POST .../end, then GET .../trace (the outcome) and POST .../grade (the scorecard).

Each script is played twice: as typed, and as speech-to-text gives it (`voice`: lowercase, no
punctuation, fillers from tests/voice_to_text.py, plus a deterministic restart such as "how do you
how do you handle"). The lines are the same for every persona except `{first}` (the prospect's
first name), `{area}` and `{peers}`, which come only from the persona's public `situation` (what a
rep knows before dialling), never from its hidden facts.

For each call: how it ended (patience, next_step, rep hung up), the next step (agreed, declined,
offered, none), facts unlocked, final trust and patience, the scorecard score, and whether the
outcome is what a sales trainer expects (the rule is `expected()` below and printed with -v).
Then per style: typed-vs-voice score difference (max, mean, calls more than 20 points apart).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from in_process import api_client  # noqa: E402
from voice_to_text import to_voice  # noqa: E402

from roleplay.prospect.persona import Persona, load_personas  # noqa: E402

# --- what the rep knows before dialling (from each persona's `situation` only) ----------------

CONTEXT: dict[str, dict[str, str]] = {
    "bakery_owner": {"area": "staff scheduling and payroll", "peers": "small bakeries"},
    "gatekeeper_assistant": {"area": "nurse scheduling", "peers": "hospital networks"},
    "interested_coordinator": {"area": "patient reminders", "peers": "dental groups"},
    "it_director_incumbent": {"area": "the help desk and devices", "peers": "school districts"},
    "ready_buyer": {"area": "online booking", "peers": "vet clinics"},
    "skeptical_cfo": {"area": "company spending", "peers": "freight companies"},
}
GENERIC = {"area": "your day-to-day admin", "peers": "businesses like yours"}


@dataclass(frozen=True)
class Line:
    text: str
    voice: str | None = None  # how speech-to-text gives it, when the transform cannot
    edge: bool = False  # the edge case itself: must cost patience beyond the busy drain


OPENER = ("Hi {first}, this is Sam from Brightline. I'm calling because we work with {peers} on "
          "{area}. Do you have a couple of minutes for a few questions?")
CURRENT = "How do you handle {area} today?"
MONOLOGUE = " ".join([
    "So let me tell you a bit about us before anything else, because I think you will really like",
    "what we do. Brightline was founded eight years ago by people who had run {area} themselves,",
    "and they were fed up with clunky tools that nobody wanted to use. So they built a platform",
    "that takes care of everything from start to finish. It plugs into the systems you already",
    "have, it sends reminders automatically, it produces reports at the click of a button, and",
    "it has a mobile app that your team will actually enjoy using. We have more than two thousand",
    "customers now, including a lot of {peers}, and on average they save about ten hours a week",
    "in the first month alone. Our support team answers the phone in under a minute, every day of",
    "the year, and onboarding usually takes less than two weeks from signing to go-live. We also",
    "have a really strong security story, with all the certifications you would expect, and our",
    "pricing is simple: one flat fee per location, no hidden costs, no long contracts, you can",
    "cancel whenever you like. Customers tell us that the biggest difference is how much calmer",
    "the week feels once everything is in one place, because nobody is chasing spreadsheets or",
    "emails any more and the numbers are always up to date. We have also just released a new",
    "analytics module that shows trends over time, so you can plan ahead rather than react, and",
    "it comes included at no extra charge for the first year. Honestly, I think it would be a",
    "great fit for you, and I would love to show you how it works, because once people see it",
    "they usually get it straight away. There is really nothing else on the market quite like it",
    "right now, and that is why so many teams like yours have switched to us over the last year",
    "or two, and why I wanted to call you today personally to walk you through it.",
])

CALLS: dict[str, list[Line]] = {
    "textbook": [
        Line(OPENER), Line(CURRENT),
        Line("What's the hardest part of that for you?"),
        Line("You mentioned that. What happens when it goes wrong?"),
        Line("Why is fixing that important to you right now?"),
        Line("Who else would be involved in deciding on something like this?"),
        Line("Have you set aside any budget for this?"),
        Line("When would you need something in place?"),
        Line("Would it make sense to set up thirty minutes next week to look at it together?"),
    ],
    "pitcher": [
        Line("Hi {first}, Sam from Brightline. Our platform is the best on the market for {area} "
             "and saves {peers} ten hours a week."),
        Line("It automates everything, your team will love it, and it pays for itself in a month."),
        Line("We're cheaper than anyone else too, only two hundred dollars a month."),
        Line("Honestly nothing else comes close. Can I book you a demo for Thursday?"),
    ],
    "interrogator": [
        Line("Hi {first}. How many staff do you have?"),
        Line("What's your budget for {area}?"),
        Line("Who makes the buying decisions there?"),
        Line("When does your current contract end?"),
        Line("What are you paying now?"),
        Line("Can we set up a meeting on Tuesday?"),
    ],
    "pitch-as-question": [
        Line("Hi {first}, Sam from Brightline. Wouldn't you agree that {area} takes far too much "
             "time?"),
        Line("If I could show you a way to cut that time in half, would you be interested?"),
        Line("Don't you think your team deserves a tool that just works?"),
        Line("Wouldn't it make sense to see a quick demo this week?"),
    ],
    "arguer": [
        Line(OPENER), Line(CURRENT),
        Line("That doesn't sound right. You're wasting a lot of time doing it that way."),
        Line("No, honestly, you're wrong about that. Our product really is better than what you "
             "have."),
        Line("I hear you, but you really can't afford not to change."),
        Line("So can we book a meeting?"),
    ],
    "pressure closer": [
        Line("Hi {first}, Sam from Brightline. I'll be quick: I can get you started on our {area} "
             "platform today."),
        Line("This price is only good until Friday, so I need a decision now."),
        Line("Everyone in your industry is signing up. Shall I send the contract over this "
             "afternoon?"),
        Line("Look, it's a no-brainer. Can we just book the onboarding call for tomorrow?"),
        Line("I really need an answer today. Yes or no?"),
    ],
    "vague": [
        Line("Hi {first}, it's Sam. How are things?"),
        Line("So, anything going on with you guys at the moment?"),
        Line("Okay. Is there anything I can help with?"),
        Line("Cool. Well, maybe we could talk again sometime?"),
    ],
    "empathic reflector": [
        Line("Hi {first}, this is Sam from Brightline. I know you're busy, so I'll be brief: we "
             "help {peers} with {area}. Would it be all right to ask a couple of questions?"),
        Line("How is {area} going for you at the moment?"),
        Line("That sounds really frustrating. What makes it hardest?"),
        Line("It sounds like that's eating a lot of your week. How does that affect everything "
             "else?"),
        Line("I can understand why that would wear you down. What would need to change for it to "
             "feel under control?"),
        Line("Who else feels that besides you?"),
        Line("Would it help if we set up a short call next week to look at it together?"),
    ],
    "rambler": [
        Line("Hi {first}, this is Sam from Brightline, and I know you probably get a lot of these "
             "calls so I'll just say that we work with a lot of {peers} on {area}, and we've seen "
             "all kinds of different setups, some people use spreadsheets and some use other "
             "tools and honestly it varies a lot, so I was wondering whether you might have a "
             "few minutes to chat about how things work on your side?"),
        Line("So I guess what I'm really curious about, and feel free to tell me if this isn't "
             "relevant at all, is how you currently go about {area}, like who does it, how long "
             "it takes, whether it's something that mostly works or something that's a bit of a "
             "headache, because we hear both and it really depends on the place and the people?"),
        Line("And when it does become a headache, which I imagine it sometimes does, because it "
             "does for pretty much everyone we talk to in one way or another, what would you say "
             "is the hardest part of it, the thing that actually costs you the most time or "
             "stress, if you had to pick just one thing out of all of it?"),
        Line("Right, that makes a lot of sense, and I think a lot of people would say something "
             "similar, so I'm wondering, and no pressure at all here, whether it might make sense "
             "for us to find a time next week, maybe thirty minutes or so, to look at it together "
             "and see whether there's anything worth doing about it?"),
    ],
    "edge: silence": [
        Line(OPENER),
        Line("...", voice="um uh", edge=True),
        Line("...", voice="uh", edge=True),
        Line(CURRENT),
    ],
    "edge: gibberish": [
        Line(OPENER),
        Line("Flurb zanky wibble tronk spleeg?", edge=True),
        Line(CURRENT),
    ],
    "edge: are you an AI?": [
        Line(OPENER),
        Line("Wait, am I talking to a real person? Are you an AI?", edge=True),
        Line(CURRENT),
    ],
    "edge: another language": [
        Line("Hola, buenos días. Le llamo de Brightline. ¿Tiene un momento para unas preguntas?",
             edge=True),
        Line("¿Cómo lo gestionan hoy en día en su empresa?", edge=True),
        Line(CURRENT),
    ],
    "edge: 300-word monologue": [
        Line(OPENER),
        Line(MONOLOGUE, edge=True),
        Line(CURRENT),
    ],
}


def voiced(text: str) -> str:
    """Speech-to-text form: tests/voice_to_text.py, plus a restart on some longer lines."""
    said = to_voice(text)
    words = said.split()
    seed = zlib.crc32(text.encode("utf-8"))
    if len(words) > 5 and seed % 3 == 0:
        start = next((i for i, w in enumerate(words) if w not in ("um", "uh", "so", "like")), 0)
        words[start:start] = words[start:start + 3]  # "how do you how do you handle"
    return " ".join(words)


# --- one call ---------------------------------------------------------------------------------


@dataclass
class Call:
    persona: str
    style: str
    form: str  # typed | voice
    lines: list[str] = field(default_factory=list)
    played: int = 0
    end: str = "open"  # patience | next_step | ended_by_rep | open
    next_step: str = "-"  # the last next-step event: offered, declined, agreed
    facts: list[str] = field(default_factory=list)
    total: int = 0  # the persona's facts
    trust: tuple[float, float] = (0.0, 0.0)
    patience: tuple[float, float] = (0.0, 0.0)
    edge_cost: list[tuple[float, float]] = field(default_factory=list)  # (patience, trust) deltas
    replies: list[str] = field(default_factory=list)
    edge_replies: list[str] = field(default_factory=list)
    rules: list[list[str]] = field(default_factory=list)
    score: int | None = None
    ok: bool = True
    why: list[str] = field(default_factory=list)
    fits: bool = True  # the score agrees with the outcome (SCORE_RULE)


def fill(text: str, persona: Persona) -> str:
    words = CONTEXT.get(persona.id, GENERIC)
    return text.format(first=persona.name.split()[0], **words)


async def play(client: httpx.AsyncClient, persona: Persona, style: str, form: str) -> Call:
    call = Call(persona.id, style, form, total=len(persona.facts))
    script = CALLS[style]
    created = await client.post("/v1/sessions", json={"persona": persona.id, "seed": 1})
    created.raise_for_status()
    sid = created.json()["id"]
    edges: list[bool] = []
    for line in script:
        typed = fill(line.text, persona)
        text = typed if form == "typed" else fill(line.voice, persona) if line.voice else \
            voiced(typed)
        call.lines.append(text)
        response = await client.post(f"/v1/sessions/{sid}/turns", json={"text": text})
        if response.status_code == 409:  # the prospect already ended the call
            break
        response.raise_for_status()
        call.played += 1
        edges.append(line.edge)
        if response.json()["ended"]:
            break
    if not (await client.get(f"/v1/sessions/{sid}")).json()["ended"]:
        (await client.post(f"/v1/sessions/{sid}/end")).raise_for_status()
    trace = (await client.get(f"/v1/sessions/{sid}/trace")).json()
    outcome(call, trace["turns"], edges)
    card = await client.post(f"/v1/sessions/{sid}/grade")
    card.raise_for_status()
    call.score = card.json()["score"]
    return call


def outcome(call: Call, turns: list[dict[str, Any]], edges: list[bool]) -> None:
    reps = [t for t in turns if t["speaker"] == "rep"]
    changes = [t["state_change"] or {} for t in reps]
    replies = {t["index"]: t["text"] for t in turns if t["speaker"] == "prospect"}
    if not changes:
        return
    call.trust = (changes[0]["trust"][0], changes[-1]["trust"][1])
    call.patience = (changes[0]["patience"][0], changes[-1]["patience"][1])
    for rep, change, edge in zip(reps, changes, edges, strict=False):
        call.facts += change.get("unlocked") or []
        call.next_step = change.get("next_step") or call.next_step
        call.rules.append([r["rule"] for r in rep.get("rules", [])])
        reply = replies.get(rep["index"] + 1, "")
        call.replies.append(reply)
        if edge:
            call.edge_cost.append((change["patience"][1] - change["patience"][0],
                                   change["trust"][1] - change["trust"][0]))
            call.edge_replies.append(reply)
        if change.get("ended"):
            call.end = change.get("end_reason") or "ended"
    if call.end == "open":
        call.end = "ended_by_rep"


# --- what a sales trainer expects -------------------------------------------------------------

EXPECTATION = """\
A trainer's expectation, per call (typed and voice alike):
  every call     on the hard persona, never every fact (a generic script cannot earn it all)
  textbook, empathic reflector
                 at least one fact unlocked, patience never runs out; an agreed next step on
                 the easy personas; never an agreed next step on a persona that agrees to none
  pitcher, interrogator, pitch-as-question, arguer, pressure closer
                 no agreed next step, and patience lost beyond the persona's per-turn drain
  vague          no agreed next step, and no pain or motive fact unlocked
  rambler        patience lost beyond the per-turn drain (long turns drag)
  edge cases     each edge turn costs patience beyond the drain and raises no trust; no agreed
                 next step; another language gets a reply that asks for English"""

BAD = {"pitcher", "interrogator", "pitch-as-question", "arguer", "pressure closer"}
GOOD = {"textbook", "empathic reflector"}


def expected(call: Call, persona: Persona) -> None:
    why = call.why
    drain = persona.dials.patience_drain
    lost = call.patience[0] - call.patience[1] - drain * call.played
    kinds = {f.id: f.kind for f in persona.facts}
    if persona.difficulty == "hard" and len(set(call.facts)) >= len(persona.facts):
        why.append("hard persona gave every fact")
    if call.style in GOOD:
        if not call.facts:
            why.append("no fact unlocked")
        if call.end == "patience":
            why.append("ran out of patience")
        if not persona.ending.agrees_to_next_step and call.next_step == "agreed":
            why.append("agreed though the persona agrees to none")
        elif persona.difficulty == "easy" and call.next_step != "agreed":
            why.append(f"easy persona, next step {call.next_step}")
    no_close = call.style in BAD | {"vague"} or call.style.startswith("edge")
    if no_close and call.next_step == "agreed":
        why.append("agreed a next step")
    if call.style in BAD | {"rambler"} and lost <= 1e-6:
        why.append("no patience lost beyond the drain")
    if call.style == "vague" and any(kinds.get(f) in ("pain", "motive") for f in call.facts):
        why.append("pain or motive unlocked by vague talk")
    if call.style.startswith("edge"):
        if not call.edge_cost:
            why.append("the edge turn was never played")
        for patience, trust in call.edge_cost:
            if patience > -drain - 1e-6:
                why.append(f"edge turn cost no patience beyond drain ({patience:+.2f})")
            if trust > 1e-6:
                why.append(f"edge turn raised trust ({trust:+.2f})")
        if call.style == "edge: another language" and not any(
                "english" in r.lower() for r in call.edge_replies):
            why.append("no request to switch to English")
    call.ok = not why


SCORE_RULE = """\
The score fits the outcome when (a separate check: the scorecard, not the prospect):
  a call that ran out of patience, and every pitcher, interrogator, pitch-as-question, arguer
  and pressure-closer call, scores below 60; textbook and empathic calls score 70 or more;
  an edge-case call scores below the textbook call on the same persona and form"""


def score_fits(call: Call, textbook: Call | None) -> None:
    score = call.score if call.score is not None else 0
    if call.end == "patience" or call.style in BAD:
        call.fits = score < 60
    elif call.style in GOOD:
        call.fits = score >= 70
    elif call.style.startswith("edge") and textbook is not None:
        call.fits = score < (textbook.score or 0)


# --- report -----------------------------------------------------------------------------------


def cell(call: Call) -> str:
    facts = f"{len(set(call.facts))}/{call.total}"
    return (f"{call.end[:9]:9} {call.next_step[:8]:8} {facts:>5} {call.trust[1]:4.2f} "
            f"{call.patience[1]:4.1f} {call.score if call.score is not None else '-':>3} "
            f"{'ok' if call.ok else 'NO':2}{' ' if call.fits else '*'}")


def report(calls: list[Call], personas: dict[str, Persona], verbose: bool) -> None:
    by = {(c.style, c.persona, c.form): c for c in calls}
    styles = [s for s in CALLS if any(c.style == s for c in calls)]
    ids = [p for p in personas if any(c.persona == p for c in calls)]
    head = "end       next     facts trust pat score ok "
    print(f"\n{'style':24} {'persona':22} | typed: {head} | voice: {head}")
    for style in styles:
        for pid in ids:
            typed, voice = by[(style, pid, "typed")], by[(style, pid, "voice")]
            print(f"{style:24} {pid:22} | {cell(typed):>51} | {cell(voice):>51}")
    print(f"\n{'style':24} {'typed score':>11} {'voice score':>11} {'|diff| max':>10} "
          f"{'mean':>5} {'>20':>4} {'trainer ok':>10} {'score fits':>10}")
    diffs_all: list[int] = []
    for style in styles:
        pairs = [(by[(style, p, "typed")], by[(style, p, "voice")]) for p in ids]
        diffs = [abs((t.score or 0) - (v.score or 0)) for t, v in pairs]
        diffs_all += diffs
        ok = sum(c.ok for pair in pairs for c in pair)
        fits = sum(c.fits for pair in pairs for c in pair)
        print(f"{style:24} {mean([t.score for t, _ in pairs]):11.1f} "
              f"{mean([v.score for _, v in pairs]):11.1f} {max(diffs):10d} "
              f"{statistics.mean(diffs):5.1f} {sum(d > 20 for d in diffs):4d} "
              f"{ok:>4}/{2 * len(pairs):<5} {fits:>4}/{2 * len(pairs):<5}")
    ok_all = sum(c.ok for c in calls)
    fits_all = sum(c.fits for c in calls)
    print(f"{'all':24} {mean([c.score for c in calls if c.form == 'typed']):11.1f} "
          f"{mean([c.score for c in calls if c.form == 'voice']):11.1f} {max(diffs_all):10d} "
          f"{statistics.mean(diffs_all):5.1f} {sum(d > 20 for d in diffs_all):4d} "
          f"{ok_all:>4}/{len(calls):<5} {fits_all:>4}/{len(calls):<5}")
    print(f"\n{len(calls)} calls ({len(diffs_all)} typed/voice pairs) on {len(ids)} personas; "
          f"trainer's expectation met on {ok_all}/{len(calls)} ({100 * ok_all / len(calls):.0f}%); "
          f"typed and voice within 20 points on {sum(d <= 20 for d in diffs_all)}/"
          f"{len(diffs_all)} pairs; score fits the outcome on {fits_all}/{len(calls)} "
          f"(* in the table)")
    split = [(t, v) for (t, v) in ((by[(s, p, "typed")], by[(s, p, "voice")])
                                   for s in styles for p in ids)
             if (t.end, t.next_step, len(set(t.facts))) != (v.end, v.next_step, len(set(v.facts)))]
    print(f"typed and voice end differently (how it ended, next step or facts) on {len(split)}/"
          f"{len(diffs_all)} pairs: " + ", ".join(f"{t.style}/{t.persona}" for t, _ in split))
    per_persona = {p: sum(c.ok for c in calls if c.persona == p) for p in ids}
    total = {p: sum(1 for c in calls if c.persona == p) for p in ids}
    print("met per persona: " + ", ".join(f"{p} {per_persona[p]}/{total[p]}" for p in ids))
    misses = [c for c in calls if not c.ok]
    if misses:
        print("\nNot what a trainer expects:")
        for c in misses:
            print(f"  {c.style:24} {c.persona:22} {c.form:5}  {'; '.join(c.why)}")
    if verbose:
        print("\n" + EXPECTATION)
        for c in calls:
            print(f"\n== {c.style} / {c.persona} / {c.form}: score {c.score}, {c.end}, "
                  f"next step {c.next_step}, facts {c.facts}")
            for line, reply, rules in zip(c.lines, c.replies, c.rules, strict=False):
                print(f"  rep: {line[:110]}\n       [{', '.join(rules)}]\n  prospect: {reply}")


def mean(values: list[int | None]) -> float:
    numbers = [v for v in values if v is not None]
    return statistics.mean(numbers) if numbers else float("nan")


async def main(args: argparse.Namespace) -> None:
    personas = load_personas(ROOT / "personas")
    if args.persona:
        personas = {p: personas[p] for p in args.persona}
    styles = args.style or list(CALLS)
    calls: list[Call] = []
    async with api_client() as client:
        for style in styles:
            for persona in personas.values():
                for form in ("typed", "voice"):
                    call = await play(client, persona, style, form)
                    expected(call, persona)
                    calls.append(call)
    for call in calls:
        textbook = next((c for c in calls if c.style == "textbook" and c.persona == call.persona
                         and c.form == call.form), None)
        score_fits(call, textbook)
    print(EXPECTATION)
    print(SCORE_RULE)
    report(calls, personas, args.verbose)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="every turn, its rules")
    parser.add_argument("--persona", action="append", help="only this persona (repeatable)")
    parser.add_argument("--style", action="append", choices=list(CALLS),
                        help="only this style (repeatable)")
    asyncio.run(main(parser.parse_args()))

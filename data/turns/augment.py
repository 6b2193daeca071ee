"""Varied copies of training calls: the slots of a next step (when, and what is offered) filled
with other words, so the model learns the shape of a proposal, not the few days and nouns the
corpus writers used.

A proposal in our calls nearly always names a weekday or "next week" and a demo, call or
meeting; "would you be open to a short trial over the summer?" (issue #10 names a trial, a
visit and a proposal) was then not heard as a next step. Each training call with a rep turn
labelled `proposes_next_step` gets one copy in which those turns' times and meeting words are
swapped for others drawn from the lists below. Labels are unchanged; only the changed turns are
learned from the copy (the rest is their context), and only by the `proposes_next_step` head.
Deterministic: the draw is seeded by the call id.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from dataclasses import replace
from pathlib import Path

from roleplay.analysis.corpus import Call, LabelledTurn, to_voice

NEXT_STEP = frozenset({"proposes_next_step"})
_AT = (r"(?: at (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|noon)"
       r"(?:[: ](?:\d\d|thirty|fifteen|forty-five))?(?: ?(?:am|pm|a\.m\.|p\.m\.))?)?")
TIME = re.compile(
    r"\b(?:(?:early |later |first thing )?(?:next|this|on) )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
    r"(?: (?:morning|afternoon|evening|lunchtime))?" + _AT + r"\b|"
    r"\b(?:early |later )?(?:next|this) (?:week|month)\b|"
    r"\btomorrow(?: (?:morning|afternoon|evening))?" + _AT + r"\b|\blater this week\b",
    re.IGNORECASE,
)
TIMES = (
    "in the summer", "over the summer", "after the holidays", "in the new year",
    "once term ends", "some time in March",
    "early next quarter", "in a couple of weeks", "after your busy season",
    "before the end of the month", "once things settle down", "the week after next",
    "over the break", "in the spring", "after the audit", "when it suits you",
    "on the fourteenth", "first thing on the second", "around the end of June", "in the autumn",
)
OFFER = re.compile(r"\b(a|an|the|quick|short|free|our|that|this|minute|live|little|proper) "
                   r"(?:demo|meeting|call|walkthrough|chat)\b", re.IGNORECASE)
"""A meeting word after a word that makes it a noun ("a quick call", not "I'll call you")."""
OFFERS = (
    "trial", "pilot", "short trial", "visit", "quick look", "session", "test run", "site visit",
    "half an hour", "catch-up", "tasting", "consultation", "fitting", "quote", "proposal",
    "review", "workshop", "sample",
)


def augmented(calls: list[Call]) -> list[tuple[Call, list[int]]]:
    """A varied copy of each call that has a next-step turn whose slots can be swapped, with
    the indices of the turns that changed: only those are learned again (the rest of the copy
    is its context), so no other turn counts twice."""
    copies = [_vary(call) for call in calls]
    return [copy for copy in copies if copy is not None]


def _vary(call: Call) -> tuple[Call, list[int]] | None:
    draw = random.Random(zlib.crc32(call.id.encode("utf-8")))
    turns = tuple(_swap(turn, draw) if turn.speaker == "rep" and NEXT_STEP & turn.labels
                  else turn for turn in call.turns)
    changed = [i for i, (old, new) in enumerate(zip(call.turns, turns, strict=True))
               if old.text != new.text]
    if not changed:
        return None
    return replace(call, id=f"{call.id}~varied", turns=turns), changed


def _swap(turn: LabelledTurn, draw: random.Random) -> LabelledTurn:
    text = TIME.sub(lambda _: draw.choice(TIMES), turn.text)
    text = OFFER.sub(lambda m: f"{m.group(1)} {draw.choice(OFFERS)}", text)
    return replace(turn, text=text)


PARAPHRASE_DIR = Path(__file__).resolve().parent / "paraphrases"
"""Hand-written paraphrases of training turns (`{"call", "turn", "text"}` a line): the same
turn, doing the same thing, in other words (see data/turns/README.md, round fourteen)."""


def load_paraphrases(directory: Path = PARAPHRASE_DIR) -> dict[tuple[str, int], str]:
    """Every paraphrase, by the call id and turn index it rewrites."""
    found: dict[tuple[str, int], str] = {}
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                found[(row["call"], int(row["turn"]))] = row["text"]
    return found


def paraphrased(calls: list[Call], paraphrases: dict[tuple[str, int], str]
                ) -> list[tuple[Call, list[int]]]:
    """A copy of each call with paraphrased turns, those turns rewritten (in speech-to-text
    form for a typed call's voice copy), with the indices of the turns that changed: only those
    are learned again, by every head of their speaker; the rest of the copy is their context."""
    copies = []
    for call in calls:
        voice_copy = call.id.endswith("~voice")
        base = call.id.removesuffix("~voice")
        turns = list(call.turns)
        changed = []
        for index, turn in enumerate(call.turns):
            text = paraphrases.get((base, index))
            if text is None:
                continue
            turns[index] = replace(turn, text=to_voice(text) if voice_copy else text)
            changed.append(index)
        if changed:
            copies.append((replace(call, id=f"{call.id}~para", turns=tuple(turns)), changed))
    return copies

"""The scorecard agrees with the call: scripted calls on a shipped persona, played turn by turn on
the offline voice (analysis -> engine -> voice), then graded from the transcript alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_to_text import to_voice

from roleplay.conversation import SessionState, finish, prepare, start_session
from roleplay.grading import grade
from roleplay.grading.rubrics import load_rubrics
from roleplay.grading.scorecard import Scorecard
from roleplay.prospect.offline import voice
from roleplay.prospect.persona import load_personas

REPO = Path(__file__).resolve().parent.parent
OPENER = ("Hi Rosa, this is Sam from Brightline. I'm calling because we work with small bakeries "
          "on staff scheduling and payroll. Do you have a couple of minutes for a few questions?")
CALLS = {
    "textbook": [
        OPENER, "How do you handle staff scheduling and payroll today?",
        "What's the hardest part of that for you?",
        "You mentioned that. What happens when it goes wrong?",
        "Why is fixing that important to you right now?",
        "Would it make sense to set up thirty minutes next week to look at it together?",
    ],
    "arguer": [
        OPENER, "How do you handle staff scheduling and payroll today?",
        "That doesn't sound right. You're wasting a lot of time doing it that way.",
        "No, honestly, you're wrong about that. Our product really is better than what you "
        "have.",
        "I hear you, but you really can't afford not to change.",
        "So can we book a meeting?",
    ],
    "interrogator": [
        "Hi Rosa. How many staff do you have?", "What's your budget for payroll software?",
        "Who makes the buying decisions there?", "When does your current contract end?",
        "What are you paying now?", "Can we set up a meeting on Tuesday?",
    ],
    "silence": [OPENER, "...", "...", "How do you handle staff scheduling and payroll today?"],
}


def play(lines: list[str], form: str) -> tuple[SessionState, Scorecard]:
    persona = load_personas(REPO / "personas")["bakery_owner"]
    session = start_session(persona, 1)
    for line in lines:
        if session.ended:
            break
        said = line if form == "typed" else to_voice(line) or "um"
        prepared = prepare(persona, session, said)
        session = finish(prepared, voice(prepared.messages, prepared.seed), []).session
    rubric = load_rubrics(REPO / "rubrics")["default"]
    return session, grade(session.transcript(), rubric)


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_the_score_agrees_with_what_the_prospect_did(form: str) -> None:
    good, good_card = play(CALLS["textbook"], form)
    argued, argued_card = play(CALLS["arguer"], form)
    grilled, grilled_card = play(CALLS["interrogator"], form)
    _, silent_card = play(CALLS["silence"], form)
    assert good.prospect.next_step == "agreed" and (good_card.score or 0) >= 80
    assert argued.prospect.next_step != "agreed"
    assert (argued_card.score or 100) < 60 and argued_card.capped_by == "not_arguing"
    assert grilled.prospect.end_reason == "patience" and (grilled_card.score or 100) < 60
    assert (silent_card.score or 100) < (good_card.score or 0)
    assert silent_card.capped_by == "client_focus"

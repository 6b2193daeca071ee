"""roleplay.conduct.twisting: a summary or a claim that puts words in the prospect's mouth
contradicts them (the engine and the grader alike), typed and voice-to-text; a summary of a
trouble they named, or a question about their figure, does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_to_text import to_voice

from roleplay import conduct
from roleplay.analysis import analyse_rep, analyse_transcript
from roleplay.conduct import denial, listening, twisting
from roleplay.grading import grade
from roleplay.grading.metrics import call_facts
from roleplay.grading.rubrics import load_rubrics
from roleplay.transcript import Transcript, Turn

FINE = ["We're with our current vendor through June. It's fine. Mostly."]
TROUBLE = ["It's fine mostly, but half of month-end is chasing receipts."]
FORMS = ["typed", "voice"]
RUBRICS = Path(__file__).resolve().parent.parent / "rubrics"


def said(line: str, form: str) -> str:
    return to_voice(line) if form == "voice" else line


def twists(line: str, heard: list[str], form: str) -> bool:
    norm = listening.plain(said(line, form))
    return twisting.twists(norm, denial.claims(heard), troubled=twisting.troubled(heard))


@pytest.mark.parametrize("line", [
    "So it sounds like they're not really working for you.",
    "So the front desk is burning hours on the phone and patients still slip through. "
    "That's a real problem.",
    "Basically your current setup is a big headache for the team.",
    "So it's not a problem today but your team is losing hours every week.",
])
@pytest.mark.parametrize("form", FORMS)
def test_a_summary_calling_a_problem_what_they_called_fine_twists(line: str, form: str) -> None:
    assert twists(line, FINE, form)


@pytest.mark.parametrize("line", [
    "So it sounds like they're not really working for you.",  # they named a trouble: reflects
    "So is that a problem for you?",  # asks
    "So it's fine for now. What would make it a problem?",  # the problem is a question's
    "So missed appointments aren't really a problem for you right now.",  # says it back
    "Sounds like no real problem there. What does mostly mean?",
    "What does mostly mean, for you?",  # no summary
])
@pytest.mark.parametrize("form", FORMS)
def test_a_reflection_a_question_or_their_own_words_back_do_not(line: str, form: str) -> None:
    heard = TROUBLE if line.startswith("So it sounds like they") else FINE
    assert not twists(line, heard, form)


@pytest.mark.parametrize("line", [
    "Honestly, with three shops I'd bet it's closer to six hours than three.",
    "I reckon it's more like ten hours a week.",
    "That's closer to twenty than twelve, realistically.",
    "Twelve thousand. Most of those are probably inactive, so you won't need them all.",
    "Honestly you probably don't need all of those.",
])
@pytest.mark.parametrize("form", FORMS)
def test_their_figure_replaced_or_cut_down_by_the_rep_twists(line: str, form: str) -> None:
    assert twists(line, [], form)


@pytest.mark.parametrize("line", [
    "Is it closer to six hours, or three?",
    "Would you say it's more like ten hours with three shops?",
    "Three hours every Sunday. What does that do to your weekend?",
    "How many of the twelve thousand do you need to bring across?",
    "You won't need any new hardware for it.",
])
@pytest.mark.parametrize("form", FORMS)
def test_asking_about_their_figure_does_not(line: str, form: str) -> None:
    assert not twists(line, [], form)


@pytest.mark.parametrize("form", FORMS)
def test_a_twisted_summary_contradicts_and_reflects_nothing(form: str) -> None:
    rep = analyse_rep(said("So it sounds like they're not really working for you.", form))
    found = conduct.read(rep, heard=FINE[0], claimed=denial.claims(FINE))
    assert found.contradicts and not found.reflects
    counted = conduct.counted(rep, found)
    assert counted.tells and not counted.explores_objection


@pytest.mark.parametrize("form", FORMS)
def test_the_grader_hears_a_twisted_summary_as_contradicting(form: str) -> None:
    turns = [Turn(speaker="rep", text="Hi Greg, Sam at Deskline. Mind if I ask a couple of "
                                      "questions about your help desk?"),
             Turn(speaker="prospect", text="Okay, go ahead."),
             Turn(speaker="rep", text="Who's looking after your service desk today?"),
             Turn(speaker="prospect", text=FINE[0]),
             Turn(speaker="rep", text="So it sounds like they're not really working for you.")]
    turns = [Turn(speaker=t.speaker, text=said(t.text, form)) for t in turns]
    facts = call_facts(analyse_transcript(turns), inbound=False)
    assert facts.conduct[-1].contradicts
    card = grade(Transcript(turns=turns), load_rubrics(RUBRICS)["default"])
    assert any(c.metric == "contradictions" and c.value for r in card.criteria for c in r.checks)

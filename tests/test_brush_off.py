"""A request for material ("just send me something") and what the rep does with it: folding
at once costs a little trust and explores nothing; offering it and asking what would make it
worth reading takes the objection up (engine and grader alike); a goodbye with a promise to
follow up is no close, nor is a question about their future (round twenty-three)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from voice_to_text import to_voice

from roleplay import conduct
from roleplay.analysis import analyse_rep, analyse_transcript
from roleplay.conduct import listening, presenting, pressure, rivals
from roleplay.conversation import finish, prepare, start_session
from roleplay.grading.metrics import call_facts, compute
from roleplay.prospect.offline import voice as offline_voice
from roleplay.prospect.persona import Persona, load_personas
from roleplay.transcript import Turn

PERSONAS = Path(__file__).resolve().parent.parent / "personas"
OPENER = ("Hi Denise, it's Tomas with Rostrix. We cut agency nursing spend by a third for "
          "hospital groups. Got a minute?")
"""A claim in the first line: the assistant asks for the information to be sent over."""


def gatekeeper() -> Persona:
    return load_personas(PERSONAS)["gatekeeper_assistant"]


def said(line: str, voice: bool) -> str:
    return to_voice(line) if voice else line


def rules_after(line: str, voice: bool) -> list[str]:
    """The engine's rules on `line`, said after the opener, as a session plays it."""
    who = gatekeeper()
    session = start_session(who, 1)
    for text in (OPENER, line):
        prepared = prepare(who, session, said(text, voice))
        outcome = finish(prepared, offline_voice(prepared.messages, prepared.seed), [])
        session = outcome.session
        if text == OPENER:
            raised = (outcome.rep.state_change or {}).get("raised")
            assert raised and who.objection(str(raised)).kind == "send_info"
    return [entry.rule for entry in outcome.rep.trace]


def first_rules(line: str) -> list[str]:
    """The engine's rules on a call's first line to the gatekeeper."""
    who = gatekeeper()
    prepared = prepare(who, start_session(who, 1), line)
    return [entry.rule for entry in prepared.reaction.trace]


FOLDS = [
    "Of course, I'll email it across. Which address is best?",
    "ok sure i send email, whats the address",
    "No problem at all, I'll send the brochure over today.",
]
TAKES_IT_UP = [
    "Glad to send it. Though what actually gets opened by him, and what goes in the bin?",
    "Sure, I can send something. So it's worth his time, what would it need to show?",
    "Happy to email the overview. Do emails like that ever reach him, or is there a better way?",
]


@pytest.mark.parametrize("voice", [False, True])
@pytest.mark.parametrize("line", FOLDS)
def test_folding_at_the_first_request_for_material_costs_trust_and_softens_nothing(
        line: str, voice: bool) -> None:
    rules = rules_after(line, voice)
    assert "brush_off_taken" in rules
    assert "objection_softened" not in rules and "objection_explored" not in rules


@pytest.mark.parametrize("voice", [False, True])
@pytest.mark.parametrize("line", TAKES_IT_UP)
def test_offering_material_and_asking_what_would_make_it_worth_reading_takes_it_up(
        line: str, voice: bool) -> None:
    rules = rules_after(line, voice)
    assert "objection_softened" in rules or "objection_explored" in rules
    assert "objection_hardened" not in rules and "brush_off_taken" not in rules


@pytest.mark.parametrize("line", TAKES_IT_UP)
def test_the_grader_counts_taking_up_a_request_for_material_as_exploring_it(line: str) -> None:
    turns = [Turn(speaker="rep", text=OPENER),
             Turn(speaker="prospect", text="Look, I'm swamped. Send the information over and "
                  "I'll pass it on.", objection=True),
             Turn(speaker="rep", text=line)]
    values = compute(call_facts(analyse_transcript(turns)))
    assert values["objections_explored"] == 1
    assert values["arguments_after_objections"] == 0


@pytest.mark.parametrize("line", [
    "I'll send the guide. How many wards do you cover?",
    "Sure, I'll email it over. What's the best address?",
])
def test_a_question_about_something_else_or_where_to_send_is_not_about_the_material(
        line: str) -> None:
    norm = listening.plain(line)
    assert not pressure.asks_about_material(norm, pressure.sends_info(norm))


def test_saying_their_words_back_to_take_the_brush_off_explores_nothing() -> None:
    """Their words said back before a question explore what they said, unless the turn only
    takes the brush-off ("the information, sure, what's the best address?")."""
    rep = analyse_rep("Information over to you, sure. What's the best address?")
    mirrored = conduct.Conduct(mirrors=True, builds_on=True)
    assert conduct.counted(rep, mirrored).explores_objection
    taken = conduct.Conduct(mirrors=True, builds_on=True, sends_info=True, only_offers=True)
    assert not conduct.counted(rep, taken).explores_objection


@pytest.mark.parametrize("line", [
    "thanks Denise, I'll send it today and maybe follow up next week. Have a good one!",
    "cheers, I'll pop the pricing over and perhaps check in next month, take care",
])
def test_a_goodbye_with_a_promise_to_follow_up_proposes_nothing(line: str) -> None:
    for text in (line, to_voice(line)):
        rep = analyse_rep(text)
        assert not conduct.counted(rep, conduct.read(rep)).proposes_next_step, text


@pytest.mark.parametrize("line", [
    "Three hours a night? You're wasting your evenings doing it that way.",
    "honestly you're burning your whole weekend on that spreadsheet",
])
def test_telling_them_they_waste_their_own_time_contradicts(line: str) -> None:
    assert listening.contradicts(listening.plain(line))


@pytest.mark.parametrize("line", [
    "Forty calls a day. What would you want to be different by next spring?",
    "How would you want the switchover to go in January?",
])
def test_a_question_about_their_future_is_discovery_not_a_proposal(line: str) -> None:
    rep = replace(analyse_rep(line), proposes_next_step=True)
    assert not conduct.counted(rep, conduct.read(rep)).proposes_next_step


@pytest.mark.parametrize("line", [
    "What about Thursday at ten for a walkthrough?",
    "How about I come round on Saturday morning?",
    "What would suit you better, a call on Monday or a visit on Friday?",
])
def test_a_suggested_time_or_meeting_is_still_a_proposal(line: str) -> None:
    for text in (line, to_voice(line)):
        rep = replace(analyse_rep(text), proposes_next_step=True)
        assert conduct.counted(rep, conduct.read(rep)).proposes_next_step, text


@pytest.mark.parametrize("line", [
    "Hi Tess, it's Arjun at Kitewire. Your current supplier is frankly out of date. Got a sec?",
    "that's exactly where the big providers fall down isn't it",
    "Honestly they're clunky, nobody uses them properly.",
    "Honestly their support is terrible and nobody answers the phone.",  # what they provide
    "Your current provider's service is a joke, isn't it?",
    "tbh greg that lot are known for being slow, everyone says their support is shocking",
    "Their service is dreadful, to be honest.",
])
def test_running_down_a_rival_is_a_knock_with_or_without_a_question(line: str) -> None:
    for text in (line, to_voice(line)):
        assert rivals.knocks(listening.plain(text)), text


@pytest.mark.parametrize(("line", "heard"), [
    ("What do you like about your current supplier?", None),
    ("How long have they been with you?", None),
    ("So the current system is slow at month end?", "honestly the system is slow at month end"),
    ("Sounds like they let you down in the winter. What happened?", None),
    ("Their support is known for being quick, to be fair. What would make you look around?",
     None),
])
def test_asking_about_a_rival_or_saying_back_their_words_is_no_knock(
        line: str, heard: str | None) -> None:
    assert not rivals.knocks(listening.plain(line), listening.plain(heard) if heard else None)


@pytest.mark.parametrize("line", [
    "Our rota app reduces overtime costs dramatically. Is now a good time?",
    "We help care homes bring their agency bills down. Have you got a moment?",
])
def test_a_result_claimed_in_words_is_a_claim_that_draws_the_brush_off(line: str) -> None:
    """A result claimed without a number ("dramatically", "bring the bills down") is a claim
    as "by a third" is: in the opener it draws "send me the information"."""
    for text in (line, to_voice(line)):
        assert presenting.claims_results(text), text
    assert "objection_raised" in first_rules(line)


def test_a_question_about_their_costs_claims_nothing() -> None:
    for text in ("How do you bring agency costs down today?",
                 "Did the last tool reduce your costs significantly?"):
        assert not presenting.claims_results(text)


@pytest.mark.parametrize("line", [
    "Are you still on your old helpdesk vendor? Most schools find them painfully slow.",
    "Honestly, that's what you get with the big guys, they don't really care about schools.",
    "People say their support is terrible."])
def test_what_others_find_them_or_that_they_do_not_care_is_a_knock(line: str) -> None:
    for text in (line, to_voice(line)):
        assert rivals.knocks(listening.plain(text)), text


@pytest.mark.parametrize("line", [
    "Do you find them slow at month end?", "So you find them slow?",
    "They really care about their customers, I'll give them that."])
def test_asking_whether_they_find_them_slow_or_praising_them_is_no_knock(line: str) -> None:
    for text in (line, to_voice(line)):
        assert not rivals.knocks(listening.plain(text)), text

"""An objection the rep moves past stays on the table: the prospect says it again, shares nothing
until it is taken up, and arguing with it then hardens it. Moving past it once more costs
nothing new (the fault was counted once). A reply the engine made an answer, or a non-answer
to the question, is no objection, whatever its words."""

from __future__ import annotations

from test_prospect import ARGUE, EXPLORE, PAIN_PROBE, PERMISSION, PITCH, persona, play, rules

from roleplay.analysis import analyse_prospect
from roleplay.conversation import engine_prospect, state_change
from roleplay.prospect import ProspectState, initial_state


def test_an_objection_moved_past_stays_on_the_table_and_is_said_again() -> None:
    _, pitched, moved_past = play(persona(), PERMISSION, PITCH, PAIN_PROBE)
    assert pitched.raise_objection == "have_vendor"
    assert moved_past.ignored_objection == "have_vendor"
    assert moved_past.state.active_objection == "have_vendor"
    assert not moved_past.share  # nothing shared while it is ignored
    change = state_change(pitched.state, moved_past)
    assert change["raised"] == "have_vendor" and change["ignored"] == "have_vendor"


def test_moving_past_it_again_costs_nothing_new() -> None:
    _, _, first, second = play(persona(), PERMISSION, PITCH, PAIN_PROBE, PAIN_PROBE)
    ignored = [e for e in first.trace if e.rule == "objection_ignored"]
    again = [e for e in second.trace if e.rule == "objection_ignored"]
    assert ignored[0].trust_delta < 0 and ignored[0].patience_delta < 0
    assert again and again[0].trust_delta == 0 and again[0].patience_delta == 0
    assert second.state.active_objection == "have_vendor"


def test_arguing_with_an_objection_said_again_hardens_it() -> None:
    *_, argued = play(persona(), PERMISSION, PITCH, PAIN_PROBE, ARGUE)
    assert argued.hardened_objection == "have_vendor"
    assert "objection_hardened" in rules(argued)


def test_taking_it_up_after_moving_past_it_explores_it() -> None:
    *_, explored = play(persona(), PERMISSION, PITCH, PAIN_PROBE, EXPLORE)
    assert {"objection_softened", "objection_explored"} & set(rules(explored))
    assert explored.ignored_objection is None


def test_the_reply_that_says_it_again_is_recorded_as_that_objection() -> None:
    who = persona()
    *_, moved_past = play(who, PERMISSION, PITCH, PAIN_PROBE)
    assert not analyse_prospect("Hm.").objection
    heard = engine_prospect(who, moved_past, "Hm.")
    assert heard.objection and heard.kind == "has_vendor"


def test_a_reply_the_engine_made_an_answer_is_no_objection_whatever_its_words() -> None:
    """The persona's fact may sound like pushback ("But we are not spending money this
    year."); the engine shared it and raised nothing, so the prospect answered."""
    who = persona()
    permission = play(who, PERMISSION)[0]  # no objection raised
    answer = "Eleven days, half of it chasing receipts. But we are not spending money this year."
    assert analyse_prospect(answer).objection  # the words alone read as one
    answered = permission.model_copy(update={"share": ["setup"]})
    heard = engine_prospect(who, answered, answer)
    assert not heard.objection and heard.objection_probability == 0.0
    assert "engine-answer" in heard.cues
    assert engine_prospect(who, permission, answer).objection  # no fact shared: the words


def test_a_non_answer_to_a_question_is_no_objection_either() -> None:
    """Held back for trust ("I'm not able to share that."), the prospect still answered the
    question: the rep's next question is no reply to an objection. Held back because an
    objection is on the table, the words decide as before."""
    who = persona()
    permission = play(who, PERMISSION)[0]
    reply = "I'm not able to share that. Not with someone I don't know."
    assert analyse_prospect(reply).objection
    held_back = permission.model_copy(update={"withheld": "trust"})
    heard = engine_prospect(who, held_back, reply)
    assert not heard.objection and "engine-answer" in heard.cues
    for_objection = permission.model_copy(update={"withheld": "objection"})
    assert engine_prospect(who, for_objection, reply).objection
    assert not state_change(persona_state(), held_back)["raised"]


def test_the_chat_view_says_an_objection_moved_past_was_said_again() -> None:
    from roleplay.cli.call_view import describe_change

    _, pitched, moved_past = play(persona(), PERMISSION, PITCH, PAIN_PROBE)
    said = describe_change(state_change(pitched.state, moved_past))
    assert "objection said again: have_vendor" in said
    assert "objection raised: have_vendor" in describe_change(
        state_change(persona_state(), pitched))


def persona_state() -> ProspectState:
    return initial_state(persona())

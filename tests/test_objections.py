"""Objections: which prospect turns push back (and how), and which rep answers argue.

Every case runs typed and as voice-to-text would give it (lowercase, no punctuation, fillers).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from voice_to_text import both_forms, to_voice

from roleplay.analysis import CallContext, analyse_prospect, analyse_rep


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I don't think I can take that on right now.", "no_need"),
        ("Honestly, that won't work for me.", "not_interested"),
        ("Our budget's frozen until the new year.", "no_budget"),
        ("Sorry, who is this?", "distrust"),
        ("I've heard that line before.", "distrust"),
        ("I don't see the problem with how we do it.", "no_need"),
        ("It hasn't caused us any problems so far.", "no_need"),
        ("That's easier said than done.", "not_interested"),
        ("That's just your opinion, there's no proof.", "distrust"),
        ("Money is really tight for me at the moment.", "no_budget"),
        ("I'm not comfortable sharing that.", "not_interested"),
        ("We don't spend that much on it anyway.", "no_need"),
        ("We're doing fine as we are.", "no_need"),
    ],
)
def test_general_pushback_is_an_objection_of_its_kind(text: str, kind: str) -> None:
    for form in (text, to_voice(text)):
        analysis = analyse_prospect(form)
        assert analysis.objection and analysis.kind == kind, (form, analysis.kind)


@pytest.mark.parametrize(
    "text",
    both_forms(
        "I'm fine, how are you?",
        "Hi, I'm good, and yourself?",
        "I'm fine with that plan.",
        "I'd be happy to give $0.50 today.",
        "It's hard to get the reports out on time.",
        "We know that much already, go on.",
        "The auditors caught it last year. I don't want that twice.",
        "We don't want to lose another client over a late invoice.",
        "I really don't want to be stuck doing this by hand again.",
    ),
)
def test_greetings_agreement_and_pains_are_no_objection(text: str) -> None:
    assert not analyse_prospect(text).objection, text


def after_objection(objection: str) -> CallContext:
    return CallContext(right_earned=True).after_prospect(analyse_prospect(objection))


@pytest.mark.parametrize(
    "text",
    both_forms(
        "I hear you, but our customers save twenty percent in the first year.",
        "That's not true, we're much cheaper than your current vendor.",
        "Actually, it pays for itself within three months.",
        "Sure, but you'd save money from day one.",
        "Waiting could cost you a lot more next year.",
        "I think you should just give it a try.",
        "You'll need to replace it eventually anyway.",
        "There's no reason to wait, you'd still save money.",
        "Doesn't that worry you, with the audit coming up?",
        "You've got to think about the long run here.",
        "Do you really want to keep paying for overtime?",
        "You want to save money, right? Then you should switch.",
    ),
)
def test_rebutting_pushing_warning_or_advising_after_an_objection_argue(text: str) -> None:
    analysis = analyse_rep(text, after_objection("It's too expensive for us."))
    assert analysis.argues and not analysis.explores_objection, analysis.cues


@pytest.mark.parametrize(
    "text",
    both_forms(
        "So you feel the price is hard to justify right now.",
        "It sounds like the timing is tough for you.",
        "You're not sure it's worth what it costs.",
        "What would you need to see to feel comfortable?",
        "Maybe we could find another time next week?",
        "I think we can help with that. What do you use today?",
    ),
)
def test_reflecting_or_asking_after_an_objection_does_not_argue(text: str) -> None:
    assert not analyse_rep(text, after_objection("It's too expensive for us.")).argues, text


def _shipped_objection_lines() -> list[tuple[str, str, str]]:
    from roleplay.personas import load_personas

    folder = Path(__file__).resolve().parent.parent / "personas"
    return [
        (persona.id, objection.id, line)
        for persona in load_personas(folder).values()
        for objection in persona.objections
        for line in objection.says
    ]


@pytest.mark.parametrize(("persona", "objection", "line"), _shipped_objection_lines())
def test_every_objection_a_shipped_persona_says_is_heard_as_one(
    persona: str, objection: str, line: str
) -> None:
    """The grader labels from the words alone: an objection line it cannot hear would let a rep
    argue with it unnoticed (the demo's poor call once scored n/a on not arguing)."""
    assert analyse_prospect(line).objection, f"{persona}/{objection}: {line}"
    assert analyse_prospect(to_voice(line)).objection, f"{persona}/{objection} (voice): {line}"


@pytest.mark.parametrize(
    "text",
    both_forms(
        "Fair enough. What makes it feel expensive?",
        "That makes sense. What are you comparing it to?",
    ),
)
def test_acknowledging_and_asking_explores_the_objection(text: str) -> None:
    analysis = analyse_rep(text, after_objection("It's too expensive for us."))
    assert analysis.explores_objection and not analysis.argues, analysis.cues


def test_the_same_rebuttal_without_an_objection_is_not_arguing() -> None:
    assert not analyse_rep("Actually it pays for itself in three months.").argues


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("We're not interested, thanks.", "not_interested"),
        ("Honestly we don't need anything like that.", "no_need"),
        ("I'm really busy right now.", "no_time"),
        ("We just don't have the budget this year.", "no_budget"),
        ("We already work with another agency.", "has_vendor"),
        ("Just send me an email.", "send_info"),
        ("I don't want another tool.", "not_interested"),
        ("We don't want to change anything.", "no_need"),
        ("How do I know this isn't a scam?", "distrust"),
    ],
)
def test_prospect_objections_and_their_kind(text: str, kind: str) -> None:
    for form in (text, to_voice(text)):
        analysis = analyse_prospect(form)
        assert analysis.objection and analysis.kind == kind, form


@pytest.mark.parametrize("text", ["Sure, go ahead.", "We use spreadsheets for most of it.", "yeah"])
def test_ordinary_prospect_answers_are_not_objections(text: str) -> None:
    assert not analyse_prospect(text).objection

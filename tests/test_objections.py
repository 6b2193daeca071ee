"""Objections: which prospect turns push back (and how), and which rep answers argue or explore.

These are invented examples, typed and as voice-to-text gives them (lowercase, no punctuation,
fillers). The trained model is statistical, so each group asserts a share of examples right and
names the misses; a model that regresses on any group fails here. Per-label accuracy on held-out
calls is measured by `bench/analysis_accuracy.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from voice_to_text import to_voice

from roleplay.analysis import (
    CallContext,
    ProspectAnalysis,
    RepAnalysis,
    analyse_prospect,
    analyse_rep,
)

PUSHBACK = [
    ("I don't think I can take that on right now.", "no_need"),
    ("Honestly, that won't work for me.", "not_interested"),
    ("Our budget's frozen until the new year.", "no_budget"),
    ("Sorry, who is this?", "distrust"),
    ("I've heard that line before.", "distrust"),
    ("I don't see the problem with how we do it.", "no_need"),
    ("It hasn't caused us any problems so far.", "no_need"),
    ("That's just your opinion, there's no proof.", "distrust"),
    ("Money is really tight for me at the moment.", "no_budget"),
    ("We're doing fine as we are.", "no_need"),
    ("We're not interested, thanks.", "not_interested"),
    ("Honestly we don't need anything like that.", "no_need"),
    ("I'm really busy right now.", "no_time"),
    ("We just don't have the budget this year.", "no_budget"),
    ("We already work with another agency.", "has_vendor"),
    ("Just send me an email.", "send_info"),
    ("We don't want to change anything.", "no_need"),
    ("How do I know this isn't a scam?", "distrust"),
    ("Look, we get ten of these calls a week.", "distrust"),
    ("We're pretty set for now, to be honest.", "no_need"),
    ("Can you just put something in writing and I'll have a look?", "send_info"),
    ("We signed with someone last spring.", "has_vendor"),
]
NOT_PUSHBACK = [
    "I'm fine, how are you?",
    "Hi, I'm good, and yourself?",
    "I'm fine with that plan.",
    "It's hard to get the reports out on time.",
    "We know that much already, go on.",
    "The auditors caught it last year. I don't want that twice.",
    "We don't want to lose another client over a late invoice.",
    "Sure, go ahead.",
    "We use spreadsheets for most of it.",
    "yeah",
    "Thursday at two works for me.",
    "This is Dana speaking.",
    "What would it cost for a team our size?",
]
ARGUING = [
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
]
NOT_ARGUING = [
    "So you feel the price is hard to justify right now.",
    "It sounds like the timing is tough for you.",
    "You're not sure it's worth what it costs.",
    "What would you need to see to feel comfortable?",
    "Maybe we could find another time next week?",
    "Fair enough. What makes it feel expensive?",
    "That makes sense. What are you comparing it to?",
]
EXPLORING = [
    "Fair enough. What makes it feel expensive?",
    "That makes sense. What are you comparing it to?",
    "When you say expensive, is that the price itself or the cost of switching?",
    "I get that. Expensive compared to what you pay now, or to what you expected?",
    "That's fair, a lot of people feel that way at first. What's the budget looking like?",
]
OBJECTION = "It's too expensive for us."


def both(texts: list[str]) -> list[str]:
    return [form for text in texts for form in (text, to_voice(text))]


def share_right(items: list[str], right: Callable[[str], bool]) -> tuple[float, list[str]]:
    misses = [item for item in items if not right(item)]
    return 1 - len(misses) / len(items), misses


def after_objection(text: str = OBJECTION) -> CallContext:
    return CallContext(right_earned=True).after_prospect(analyse_prospect(text))


def heard(text: str) -> ProspectAnalysis:
    return analyse_prospect(text)


def answered(text: str) -> RepAnalysis:
    return analyse_rep(text, after_objection())


def test_pushback_is_heard_as_an_objection() -> None:
    share, misses = share_right(both([t for t, _ in PUSHBACK]), lambda t: heard(t).objection)
    assert share >= 0.85, misses


def test_most_objections_get_their_kind() -> None:
    kinds = dict(PUSHBACK) | {to_voice(t): k for t, k in PUSHBACK}
    share, misses = share_right(list(kinds), lambda t: heard(t).kind == kinds[t])
    assert share >= 0.6, misses


def test_greetings_agreement_questions_and_pains_are_no_objection() -> None:
    share, misses = share_right(both(NOT_PUSHBACK), lambda t: not heard(t).objection)
    assert share >= 0.8, misses


def test_rebutting_pushing_warning_or_advising_after_an_objection_argues() -> None:
    share, misses = share_right(both(ARGUING), lambda t: answered(t).argues)
    assert share >= 0.75, misses


def test_reflecting_or_asking_after_an_objection_does_not_argue() -> None:
    share, misses = share_right(both(NOT_ARGUING), lambda t: not answered(t).argues)
    assert share >= 0.75, misses


def test_acknowledging_and_asking_explores_the_objection() -> None:
    share, misses = share_right(
        both(EXPLORING), lambda t: answered(t).explores_objection and not answered(t).argues)
    assert share >= 0.7, misses


def test_the_same_rebuttal_without_an_objection_is_not_arguing() -> None:
    assert not analyse_rep("Actually it pays for itself in three months.").argues
    context = CallContext(right_earned=True).after_prospect(heard("Okay, go on."))
    assert not analyse_rep("Actually it pays for itself in three months.", context).argues


def _shipped_objection_lines() -> list[str]:
    from roleplay.personas import load_personas

    folder = Path(__file__).resolve().parent.parent / "personas"
    return [line for persona in load_personas(folder).values()
            for objection in persona.objections for line in objection.says]


def test_the_objections_shipped_personas_say_are_heard_as_objections() -> None:
    """The grader labels from the words alone: an objection line it cannot hear would let a rep
    argue with it unnoticed (the engine also marks the objections it raises itself)."""
    share, misses = share_right(both(_shipped_objection_lines()), lambda t: heard(t).objection)
    assert share >= 0.85, misses

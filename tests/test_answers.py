"""Which fact answers the question asked: keywords, phrases with words between, a kind's words."""

from __future__ import annotations

from roleplay.prospect import answers
from roleplay.prospect.persona import Fact, UnlockRule


def fact(kind: str, keywords: list[str], *, specific: bool = False) -> Fact:
    return Fact.model_validate({
        "id": "f", "kind": kind, "says": "Twelve thousand records to move.",
        "keywords": keywords, "unlock": UnlockRule(topics=["pain"], specific=specific),
    })


def test_a_phrase_keyword_matches_with_a_word_or_two_between_its_own() -> None:
    current = fact("situation", ["current system"])
    assert answers.keyword_hits(current, "What's happening with your current booking system?")
    assert answers.keyword_hits(current, "whats happening with the current um system")
    assert not answers.keyword_hits(current, "Is the current team happy with the old system?")
    assert not answers.keyword_hits(current, "What system do you have currently?")


def test_a_question_in_the_everyday_words_of_a_facts_kind_names_it() -> None:
    pain = fact("pain", ["records", "retype"])
    for question in ("What worries you most about switching?",
                     "what worries you most about switching in that time",
                     "Where does it usually go wrong for the team?",
                     "What would make switching painful for you?",
                     "what's the hardest part of the move for you",
                     "What's been the trickiest bit with the rota?"):
        assert answers.names(pain, question), question
    assert not answers.names(pain, "How many clinics do you run?")
    decision = fact("decision", ["owners"])
    assert answers.names(decision, "who needs to sign off on this on your side")


def test_a_specific_fact_still_needs_its_own_keywords() -> None:
    pain = fact("pain", ["records"], specific=True)
    assert not answers.names(pain, "What worries you most about switching?")
    assert answers.names(pain, "What worries you about the records?")


def test_a_keyword_misheard_as_its_homophone_still_matches() -> None:
    """Voice-to-text hears "no-shows" as "know shows", "the weight list" for "the wait list",
    "our rates" for "hourly rates": the question still names the fact."""
    no_shows = fact("pain", ["no-shows"])
    assert answers.keyword_hits(no_shows, "so what are your no-shows like these days?")
    assert answers.keyword_hits(no_shows, "so what are your know shows like these days")
    waiting = fact("situation", ["wait list"])
    assert answers.keyword_hits(waiting, "how long is the weight list at the moment")
    hourly = fact("budget", ["hour"])
    assert answers.keyword_hits(hourly, "what do you pay per our for the agency staff")
    assert not answers.keyword_hits(no_shows, "so what do you know about the trade shows")


def test_a_question_word_keyword_counts_only_where_it_asks() -> None:
    deadline = fact("timeline", ["deadline", "when"])
    for asks in ("When do you need it by?", "so um when exactly does it shut off"):
        assert answers.keyword_hits(deadline, asks) == 1, asks
    for clause in ("What has to come over when you switch?",
                   "what has to come over when we move you"):
        assert answers.keyword_hits(deadline, clause) == 0, clause


def test_a_one_word_keyword_split_in_two_by_voice_to_text_still_matches() -> None:
    """Speech engines split compounds: "dead line", "pay roll", "on boarding"."""
    deadline = fact("timeline", ["deadline"])
    assert answers.keyword_hits(deadline, "what's the deadline you're up against?")
    assert answers.keyword_hits(deadline, "whats the dead line youre up against")
    payroll = fact("process", ["payroll"])
    assert answers.keyword_hits(payroll, "um how do you do the pay roll each week")
    assert not answers.keyword_hits(deadline, "whats the line youre up against")
    assert not answers.keyword_hits(payroll, "how do you pay the team each week")

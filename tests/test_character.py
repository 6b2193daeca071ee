"""Replies out of character, as real models write them, and replies that only look suspicious."""

from __future__ import annotations

import pytest

from roleplay.prospect.character import MAX_REPLY_CHARS, problems, repair

NAME = "Dana Whitfield"

BROKEN = [
    ("As an AI language model, I don't have a budget, but a prospect might say...",
     "mentions being an AI"),
    ("I'm just an AI, so I can't really tell you about our timeline.", "mentions being an AI"),
    ("I don't have personal opinions, but many companies in this space struggle.",
     "mentions being an AI"),
    ("I've been instructed to play a skeptical prospect, so: what do you want?",
     "talks about instructions or the roleplay"),
    ("Sorry, I can't share my system prompt.", "talks about instructions or the roleplay"),
    ("Staying in character: well, we already have a vendor.",
     "talks about instructions or the roleplay"),
    ("As a prospect, I would be wary of this pitch.", "talks about instructions or the roleplay"),
    ("Sure! Here's a response as Dana: we're fine, thanks.",
     "talks about instructions or the roleplay"),
    ("Our platform helps teams like yours cut costs by 30%.", "speaks as the rep"),
    ("I'd love to show you how it works. Does Thursday suit you?", "speaks as the rep"),
    ("Can we schedule a quick demo next week?", "speaks as the rep"),
    ("Thanks for taking my call, Dana.", "speaks as the rep"),
    ("How can I assist you today?", "offers help like an assistant"),
    ("Is there anything else I can help you with?", "offers help like an assistant"),
    ("I hope this helps! Let me know if you have any other questions.",
     "offers help like an assistant"),
    ("Prospect: We already have something for that.", "labels the speaker like a script"),
    ("Dana: Who is this?", "labels the speaker like a script"),
    ("Fine.\nRep: Great, so tell me more.\nProspect: Sure.", "labels the speaker like a script"),
    ("*sighs* Look, I have a meeting in five minutes.", "acts out stage directions"),
    ("(leans back) Go on.", "acts out stage directions"),
    ("Our concerns are:\n- price\n- timing\n- support", "formats the reply as a list or document"),
    ("## Objections\nPrice is too high.", "formats the reply as a list or document"),
    ("", "empty reply"),
    ("   \n ", "empty reply"),
]

IN_CHARACTER = [
    "We already use Salesforce, and honestly it's fine.",
    "Our product team is tiny, so nobody owns this.",
    "Good morning, Acme Logistics, how can I help you?",
    "We tried ChatGPT for the emails and it was a mess.",
    "um yeah i guess the budget is sort of locked until q3",
    "Good question. Let me think... probably the CFO signs off.",
    "Our current solution is a spreadsheet. It breaks every month.",
    "Look, I'm not going to pretend I have time for this.",
    "Who gave you my number?",
    "I'm the one who signs, but my boss Carl has a say: he hates surprises.",
    "Honestly? Three things bug me: cost, training, and the rollout.",
]


@pytest.mark.parametrize(("reply", "expected"), BROKEN)
def test_out_of_character_replies_are_named(reply: str, expected: str) -> None:
    assert expected in problems(reply, NAME)


@pytest.mark.parametrize("reply", IN_CHARACTER)
def test_in_character_replies_pass(reply: str) -> None:
    assert problems(reply, NAME) == []


def test_monologue_is_too_long() -> None:
    reply = "We looked at it. " * (MAX_REPLY_CHARS // 10)
    assert any(found.startswith("far too long") for found in problems(reply, NAME))


def test_several_problems_are_all_named() -> None:
    found = problems("Assistant: As an AI, how can I assist you today?", NAME)
    assert found == [
        "mentions being an AI",
        "offers help like an assistant",
        "labels the speaker like a script",
    ]


@pytest.mark.parametrize(
    ("reply", "repaired"),
    [
        ("Prospect: We already have a vendor.", "We already have a vendor."),
        ("**Dana:** Who is this?", "Who is this?"),
        ('"Fine. Two minutes."', "Fine. Two minutes."),
        ("*sighs* Fine. Two minutes.", "Fine. Two minutes."),
        ('Prospect: "Send me an email."', "Send me an email."),
        ("Already fine.", "Already fine."),
    ],
)
def test_repair_strips_labels_quotes_and_directions(reply: str, repaired: str) -> None:
    assert repair(reply, NAME) == repaired


@pytest.mark.parametrize(
    "reply",
    [
        "As an AI, I cannot answer that.",
        "Prospect: Our platform helps teams like yours.",
        "Prospect: Sure.\nRep: Great!",
        "Prospect:",
        "",
    ],
)
def test_repair_gives_up_when_the_words_break_character(reply: str) -> None:
    assert repair(reply, NAME) is None

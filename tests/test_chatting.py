"""roleplay.conduct.chatting: chit-chat is read by its subject (leisure outweighing business),
not phrase by phrase, typed and voice-to-text; a leisure word that is the prospect's business,
or a question about their business in leisure's words, is no chit-chat."""

from __future__ import annotations

import pytest
from voice_to_text import to_voice

from roleplay.conduct import detectors
from roleplay.conduct.chatting import chit_chat

FORMS = ["typed", "voice"]


def found(line: str, form: str) -> list[str]:
    return detectors.words(to_voice(line) if form == "voice" else line)


@pytest.mark.parametrize("line", [
    "lol is that the radio I can hear? is the match on, who's winning?",
    "omg is it raining up there too? it's been nonstop here lol",
    "Did you end up going to the after party? I heard it went on till three, lol.",
    "Tom's such a legend, did you hear he's doing the marathon?",
    "Do you get puppies in all day? I have a corgi called Biscuit, lol.",
    "Any plans for the beach this summer? I'm so jealous of people on vacation.",
    "haha sorry, I could talk about the weather all day. Know any good pizza places near you?",
    "Did you watch the cricket? What a tournament.",
    "Random one, sorry, is it sunny where you are? It's absolutely freezing here.",
    "Ha, I went kayaking up that way last summer. Are you into that kind of thing?",
    "Any weekend plans? I'm off hiking if this rain holds off.",
    # the weather in its own words, and a digression the rep names beside one leisure sign
    "Did that storm hit you lot too? We had hail like golf balls.",
    "Bit wet up your end? Got soaked just walking in this morning.",
    "By the way, did you get to any of the tennis this year?",
    "Random question, but are you a darts fan at all?",
    "Before I forget, how was the snow out your way?",
    "oh my gosh is it snowing up there as well it's been mad here",  # "omg" said aloud
])
@pytest.mark.parametrize("form", FORMS)
def test_leisure_outweighing_business_is_chit_chat(line: str, form: str) -> None:
    assert chit_chat(found(line, form))


@pytest.mark.parametrize("line", [
    "Hi, is this the owner of Sal's Pizza?",  # one leisure word: their business's name
    "How many servers do you usually need per wedding?",  # a caterer's business
    "Who's watching the dogs while your customers are away?",
    "How has the weather affected your bookings this month?",  # weather, about the business
    "lol fair. When you say frozen, is the budget actually frozen?",  # a chat mark, no leisure
    "Do you know whether your loans are subsidised?",
    "What's the match on the contribution?",
    "So your football club software handles the fixtures and the payments for the whole "
    "league?",
    # one leisure word said twice is one sign: concrete pouring is a supplier's business
    "If you're pouring in the new subdivisions, what kind of volume are you pouring these days?",
    "When it's freezing out, how do the crews keep the site going?",
    # a roofer's storm, a digression back to their business
    "After the storm, how many of your jobs were insurance claims?",
    "By the way, how many of your vans are out on the road each day?",
])
@pytest.mark.parametrize("form", FORMS)
def test_business_in_leisure_words_is_not(line: str, form: str) -> None:
    assert not chit_chat(found(line, form))


@pytest.mark.parametrize("form", FORMS)
def test_their_own_world_is_their_business(form: str) -> None:
    """A dog-walking firm's words make dogs and puppies business, not chit-chat."""
    line = "Do you take puppies on the long walks too? We had a corgi once, lol."
    assert chit_chat(found(line, form))
    assert not chit_chat(found(line, form), own_words={"dog", "walking", "puppies", "walks",
                                                       "corgi"})


@pytest.mark.parametrize("form", FORMS)
def test_chit_chat_is_off_topic_unless_the_turn_does_business(form: str) -> None:
    line = found("omg is it raining up there too? it's been nonstop here lol", form)
    text = " ".join(line)
    assert detectors.odd_turn(text) == "off_topic"
    assert detectors.odd_turn(text, does_business=True) is None

"""Chit-chat: a rep turn about the rep's or the prospect's leisure, not about their business.

`detectors.OFF_TOPIC` names small-talk phrases one by one ("did you watch the game last night");
this reads the subject instead, by two word fields: leisure (sport, weather, pets, food out,
shows, parties, the rep's own life) and business (work, customers, money, systems, and the
prospect's own world). A turn talks chit-chat when leisure outweighs business in it and shows
at least two signs of it; chat shorthand's "lol" and "omg", and a digression the rep names ("by
the way", "random one"), weigh half a leisure word. Typed or
voice-to-text alike (lowercase words, no punctuation).

    chit_chat(found, own_words)   the turn's words (`detectors.words`) are chit-chat
"""

from __future__ import annotations

from collections.abc import Iterable

from roleplay.analysis.features import FUNCTION_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEISURE = _words("""
football soccer rugby cricket golf baseball basketball hockey marathon playoffs playoff derby
touchdown quarterback innings tournament tennis boxing darts snooker olympics golfing
raining rainy snowing snowy sunny sunshine heatwave drizzle thunderstorm umbrella pouring
freezing chilly humid muggy windy foggy rain rained storm storms stormy snow snowed hail sleet
wet soaked sunburn frosty
kayak kayaking canoe canoeing hiking camping fishing skiing surfing sailing yoga gym jogging
dog dogs puppy puppies cat cats kitten kittens corgi labrador spaniel poodle breed hamster
goldfish parrot
tacos taco pizza burger burgers sushi brunch bbq barbecue donuts doughnuts icecream
radio netflix movie movies cinema concert gig festival karaoke playlist tv telly episode
afterparty vacation beach cruise hangover birthday wedding honeymoon
jealous legend gossip horoscope
""")
"""Words of leisure: what a chat about the match, the weather, a hobby outdoors, a pet or a night
out is made of."""
LEISURE_PHRASES = ("the match", "the game", "whos winning", "who won", "after party",
                   "asking for a friend", "my kids", "my wife", "my husband", "my girlfriend",
                   "my boyfriend", "last night", "ice cream", "the weather", "this weather",
                   "last summer", "on the water", "road trip", "weekend plans")
"""Phrases of leisure whose words alone are business too ("match your needs", "game plan"), or
are misheard ("weather" for "whether")."""
CHAT_MARKS = frozenset({"lol", "omg", "haha", "hahaha", "lmao", "btw", "rofl"})
"""Chat shorthand that laughs or digresses: half a leisure word."""
DIGRESSIONS = ("by the way", "random one", "random question", "off topic", "unrelated",
               "before i forget", "side note", "on a different note", "changing the subject",
               "oh my god", "oh my gosh", "ha ha")
"""The rep saying the turn leaves the call's subject, or chat's marks said aloud ("oh my god"
for "omg"): half a leisure word, like a chat mark."""
BUSINESS = _words("""
business company companies firm office team teams staff staffing employees people customers
customer clients client patients patient students members users vendor vendors supplier
suppliers provider providers contract contracts budget budgets cost costs price pricing money
spend spending revenue sales margin invoice invoices payroll payment payments system systems
software tool tools platform process processes workflow schedule scheduling rota rotas records
data reports report tickets orders bookings booking appointments appointment inventory stock
project projects deadline priority priorities problem problems challenge challenges issue
issues decision decide demo meeting proposal quote trial pilot onboarding migration
switch switching currently today handle handling manage managing month quarter year
""")
"""Words of work: what a discovery question, a pitch or a close is made of."""
MARK_WEIGHT = 0.5
ENOUGH = 1.5
"""Leisure this heavy at least (two signs, or one and a chat mark): one leisure word alone is
as often the prospect's business ("is this the owner of Sal's Pizza?", "how many servers do you
need per wedding?")."""


def chit_chat(found: list[str], own_words: Iterable[str] = ()) -> bool:
    """The turn (`found`: its lowercase words) is about leisure, not business: leisure words
    (each counted once: "pouring" twice is one sign) and phrases (chat marks at half weight)
    weigh at least `ENOUGH`, and more than the words of work or of the prospect's own world
    (`own_words`)."""
    text = " ".join(found)
    phrases = sum(phrase in text for phrase in LEISURE_PHRASES)
    theirs = frozenset(own_words)
    leisure = phrases + len({w for w in found if w in LEISURE and w not in theirs})
    if not leisure:
        return False
    marks = sum(w in CHAT_MARKS for w in found) + sum(mark in text for mark in DIGRESSIONS)
    weight = leisure + MARK_WEIGHT * marks
    business = sum(w in BUSINESS or (w in theirs and len(w) >= 4 and w not in FUNCTION_WORDS)
                   for w in found)
    return weight >= ENOUGH and weight > business


__all__ = ["chit_chat"]

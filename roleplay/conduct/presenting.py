"""Presenting: the rep announces a tour of the product, or claims its results, instead of asking.

"Let me walk you through our platform first", "let me tell you a bit about us", "let me give you
the full tour": the first move of the pitcher. A trainer hears a pitch even when the same turn
thanks the prospect for their enquiry or says why the rep called, so the turn's purpose does not
excuse it (`engine.pitch`). The turn model, trained on few such openers, often labels them as
earning the right alone; the announcement is read here.

    presents(norm)   the turn (`listening.plain` words) announces a presentation of the rep's
                     product, company or features
    claims_results(text)  the turn claims what the product does for customers, in numbers
                     ("we cut agency-nurse spend by a third for groups like yours", "our clients
                     save ten hours a week"): a pitch, where "we make scheduling software" only
                     says what the rep sells (trainers wrote the two as a minimal pair)

Not presenting: an offer tied to a next step ("come by at noon and I'll give you the full tour"),
"before I walk you through anything, can I ask...", "I won't take you through the whole thing".
Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

import re

_OPENING = (r"(?:let me|allow me to|i want to|id like to|i wanna|i would like to|let us|lets)"
            r"(?: just| quickly| briefly| first| start by| quickly just)?")
_WHAT = r"(?:us|our|what we|the company|ourselves|who we are|myself and|the platform|the product)"
PRESENTING = re.compile(
    rf"(?<!\bbefore )(?<!\bbefore i )(?<!\bwithout )(?<!\binstead of )(?<!\brather than )"
    rf"\b{_OPENING} (?:"
    rf"(?:walk|take|run|talk) you (?:through|thru|over) {_WHAT}"
    rf"|(?:walk|take|run|talk) you (?:through|thru) (?:everything|it all|all (?:of )?"
    rf"(?:it|the|our))"
    rf"|run (?:through|thru|over) {_WHAT}"
    rf"|tell you (?:a (?:bit|little|lot) |all |quickly |briefly |everything )?about {_WHAT}"
    rf"|tell you (?:a (?:bit|little) |quickly |briefly )about \w+"
    rf"|tell you about \w+(?: \w+)? first"
    rf"|give you (?:the|a|our) (?:full |quick |brief |short |little |whole |big )?(?:tour|overview|"
    rf"rundown|run down|walkthrough|walk through|pitch|presentation|intro to {_WHAT})"
    rf"|show you (?:what we (?:do|offer|have)|our (?:platform|product|features|system|solution))"
    rf"|(?:go|going) (?:through|over) (?:what we (?:do|offer)|our (?:platform|product|features))"
    rf")")


def presents(norm: str) -> bool:
    """The turn announces a presentation of the rep's product or company."""
    return PRESENTING.search(norm) is not None


_SUBJECT = (r"(?:we|weve|we have|our (?:\w+ ){0,2}?(?:clients|customers|users|members|software|"
            r"platform|app|tool|system|product|service|solution|team))")
_VERB = (r"(?:cut|cuts|save|saves|saved|reduce|reduces|reduced|halve|halves|halved|double|doubles|"
         r"doubled|triple|tripled|slash|slashes|slashed|boost|boosts|boosted|increase|increases|"
         r"increased|lift|lifts|lifted|shave|shaves|shaved|get|gets|got|see|sees|saw)")
_AMOUNT = (r"(?:by (?:a third|a quarter|half|a half|a fifth|up to|over|about|around|nearly|almost|"
           r"\w+ percent|\w+ per cent|[0-9]+)|percent|per cent|in half|a third|"
           r"\w+ hours? a (?:week|month|day)|\w+ times|[0-9]+ ?(?:%|percent|per cent|x\b))")
CLAIM = re.compile(rf"\b{_SUBJECT}(?: \w+){{0,2}}? (?:(?:help|helps|helped) (?:\w+ ){{0,3}}?)?"
                   rf"{_VERB}\b(?: \w+){{0,7}}? {_AMOUNT}(?!\w)")
"""A result claimed for the product in numbers: who (we, our clients, our platform), what it
does (cuts, saves, doubles...) and how much (by a third, 30%, ten hours a week)."""
_NOT_NUMBER = re.compile(r"[^a-z0-9%\s]")


def claims_results(text: str) -> bool:
    """The turn claims the product's results in numbers (digits kept, as `listening.plain` does
    not keep them)."""
    norm = " ".join(_NOT_NUMBER.sub(" ", text.lower().replace("'", "").replace("’", "")).split())
    return CLAIM.search(norm) is not None

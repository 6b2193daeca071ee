"""Presenting: the rep announces a tour of the product instead of asking.

"Let me walk you through our platform first", "let me tell you a bit about us", "let me give you
the full tour": the first move of the pitcher. A trainer hears a pitch even when the same turn
thanks the prospect for their enquiry or says why the rep called, so the turn's purpose does not
excuse it (`engine.pitch`). The turn model, trained on few such openers, often labels them as
earning the right alone; the announcement is read here.

    presents(norm)   the turn (`listening.plain` words) announces a presentation of the rep's
                     product, company or features

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
    rf"|give you (?:the|a|our) (?:full |quick |brief |short |little |whole |big )?(?:tour|overview|"
    rf"rundown|run down|walkthrough|walk through|pitch|presentation|intro to {_WHAT})"
    rf"|show you (?:what we (?:do|offer|have)|our (?:platform|product|features|system|solution))"
    rf"|(?:go|going) (?:through|over) (?:what we (?:do|offer)|our (?:platform|product|features))"
    rf")")


def presents(norm: str) -> bool:
    """The turn announces a presentation of the rep's product or company."""
    return PRESENTING.search(norm) is not None

"""Presenting: the rep announces a tour of the product, or claims its results, instead of asking.

"Let me walk you through our platform first", "let me tell you a bit about us", "let me give you
the full tour": the first move of the pitcher. A trainer hears a pitch even when the same turn
thanks the prospect for their enquiry or says why the rep called, so the turn's purpose does not
excuse it (`engine.pitch`). The turn model, trained on few such openers, often labels them as
earning the right alone; the announcement is read here.

    presents(norm)   the turn (`listening.plain` words) announces a presentation of the rep's
                     product, company or features
    quotes_price(norm)   the turn states the offer's price in words ("it's two dollars per
                     patient a month", "roughly eight dollars a month each"), which the cue
                     rules, reading digits, miss
    bridges(norm)    the turn only says the prospect's need is what the rep works on ("that's
                     right in our patch", "that's exactly what we do") and then asks: a brief
                     relevance, like a purpose, not a pitch (the corpus labels both such turns
                     asking, neither telling)
    claims_results(text)  the turn claims what the product does for customers, in numbers
                     ("we cut agency-nurse spend by a third for groups like yours", "our clients
                     save ten hours a week"): a pitch, where "we make scheduling software" only
                     says what the rep sells (trainers wrote the two as a minimal pair)
    concedes(text)   the turn offers a price cut ("I can do thirty percent then, would that
                     help?", "I'll knock ten percent off", "first month free", "I could match
                     their price"): a concession, which answers a hesitation with the deal
                     instead of asking what is behind it

Not presenting: an offer tied to a next step ("come by at noon and I'll give you the full tour"),
"before I walk you through anything, can I ask...", "I won't take you through the whole thing".
Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

from roleplay.analysis import scanning
from roleplay.analysis.cues import FILLERS
from roleplay.conduct.detectors import word_set

_OPENING = (r"(?:let me|allow me to|i want to|id like to|i wanna|i would like to|let us|lets|"
            # the tour asked as a permission: "would it be alright if I walk you through our
            # platform first?", "mind if I take a minute to run through what we do?"
            r"(?:would|will) it be (?:alright|all right|ok|okay|fine) if i|"
            r"is it (?:alright|all right|ok|okay|fine) if i|(?:do you |would you )?mind if i|"
            r"(?:can|could|may) i|would you like me to|shall i)"
            r"(?: just| quickly| briefly| first| start by| quickly just)?"
            r"(?: take (?:a|one|two|a quick|a couple of) (?:minute|minutes|sec|second|moment) to)?")
_WHAT = r"(?:us|our|what we|the company|ourselves|who we are|myself and|the platform|the product)"
PRESENTING = scanning.Twin(
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


_OTHERS = (r"(?<!\byour )(?<!\btheir )(?<!\bmany )(?<!\bwhich )(?<!\bwhat )"
           r"(?:(?:most|other|the) |(?<!\bmost )(?<!\bother )(?<!\bthe ))"
           r"(?:customers|clients|users|practices|clinics|shops|stores|teams|firms|companies|"
           r"businesses|schools|groups|bakeries|owners|hospitals|restaurants|salons|offices|"
           r"sites|people)")
"""Others whose results are claimed, social proof ("practices usually see a third fewer
no-shows", "groups your size cut no-shows by a third"): not the prospect's own ("your
customers"), and not a question about them ("how many practices...")."""
_SUBJECT = rf"(?:we|weve|we have|our(?: \w+){{1,2}}?|{_OTHERS})"
_VERB = (r"(?:cut|cuts|save|saves|saved|reduce|reduces|reduced|halve|halves|halved|double|doubles|"
         r"doubled|triple|tripled|slash|slashes|slashed|boost|boosts|boosted|increase|increases|"
         r"increased|lift|lifts|lifted|shave|shaves|shaved|get|gets|got|see|sees|saw)")
_AMOUNT = (r"(?:by (?:a third|a quarter|half|a half|a fifth|up to|over|about|around|nearly|almost|"
           r"\w+ percent|\w+ per cent|[0-9]+)|percent|per cent|in half|a third|drastically|"
           r"dramatically|massively|significantly|substantially|hugely|considerably|"
           r"\w+ hours? a (?:week|month|day)|\w+ times|[0-9]+ ?(?:%|percent|per cent|x\b))")
_RESULT = (r"(?:cut|save|reduce|halve|double|triple|slash|boost|increase|shave|eliminate|"
           r"get rid of|lower|bring (?:\w+ ){0,4}?down)")
"""What a claimed result does, after "we help...": not "get" or "see", which start the next
sentence as often ("we help bakeries with rotas. got a minute?")."""
_NOT_ASKED = (r"(?<!\bdid )(?<!\bdoes )(?<!\bdo )(?<!\bhas )(?<!\bhave )(?<!\bcan )"
              r"(?<!\bcould )(?<!\bwould )(?<!\bwill )(?<!\bif )(?<!\bhow )(?<!\bshould )")
CLAIM = scanning.Twin(rf"{_NOT_ASKED}\b{_SUBJECT}(?: \w+){{0,2}}? "
                   rf"(?:(?:help|helps|helped) (?:\w+ ){{0,3}}?)?{_VERB}\b(?: \w+){{0,7}}? "
                   rf"{_AMOUNT}(?!\w)"
                   # "we've helped a couple of hospital networks cut their agency spend"
                   rf"|{_NOT_ASKED}\b(?:we|weve|we have|our(?: \w+){{1,2}}?) "
                   rf"(?:help|helps|helped) (?:\w+ ){{1,5}}?{_RESULT}\b"
                   # ease: "it's very simple, you'd be set up in ten minutes"
                   r"|\b(?:youd|you would|youll|you will|youre|you are|most \w+ are|most \w+ get|"
                   r"were|we are|its|it is) (?:be |get |usually |typically |all )?(?:set up|up and "
                   r"running|live|running|onboarded) (?:in|within) (?:an? |under |about |"
                   r"less than |just )?\w+ ?(?:minutes|hours|days|afternoon|morning|day|week|"
                   r"hour)?\b"
                   r"|\b(?:its|it is) (?:very|really|super|so|dead|pretty) (?:simple|easy)\b"
                   r"(?! to (?:see|say|miss|understand|forget|get wrong))")
"""A result claimed for the product in numbers: who (we, our clients, our platform, others like
them), what it does (cuts, saves, doubles...) and how much (by a third, 30%, ten hours a week,
drastically)."""
_NOT_NUMBER = scanning.Twin(r"[^a-z0-9%\s]")


CLAIM_WORDS = word_set("""
cut cuts save saves saved reduce reduces reduced halve halves halved double doubles doubled
lower bring
triple tripled slash slashes slashed boost boosts boosted increase increases increased lift
lifts lifted shave shaves shaved get gets got see sees saw eliminate rid set running live
onboarded simple easy
""")
"""A turn with none of these words cannot match CLAIM (a cheap test before the pattern)."""


def claims_results(text: str) -> bool:
    """The turn claims the product's results (digits kept, as `listening.plain` does not keep
    them)."""
    norm = _with_digits(text.lower())
    if CLAIM_WORDS.isdisjoint(norm.split()):
        return False
    return CLAIM.search(norm) is not None


_NUMBER = (r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
           r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|a few|a couple of)")
PRICE_IN_WORDS = scanning.Twin(
    rf"\b{_NUMBER}(?: \w+){{0,2}}? (?:dollars?|pounds?|euros?|bucks|quid|cents|pence|grand) "
    r"(?:a|per|each|an?) ?(?:\w+ )?(?:month|year|week|day|user|seat|head|patient|card|location|"
    r"site|clinic|licen[cs]e|person|member|employee|hour|session|appointment)?\b")
PRICE_PER_PERIOD = scanning.Twin(
    rf"\b(?:only|just|its|do|for) {_NUMBER}(?: {_NUMBER})? (?:a|per) (?:month|year)\b")
"""A figure per period said plainly, with no currency: "it's only thirty nine a month"."""
THEIR_MONEY = scanning.Twin(
    r"\b(?:you|youre|you are|your|theyre|they) (?:\w+ )?(?:pay|paying|spend|spending|lose|losing|"
    r"charged|charging|costs?|costing)\b|\bcosts? (?:you|them)\b|\bcosting (?:you|them)\b")
"""Money the prospect pays or loses: their costs, not the offer's price."""


def quotes_price(norm: str) -> bool:
    """The turn (`listening.plain` words) states the offer's price in words."""
    return (PRICE_IN_WORDS.search(norm) is not None or PRICE_PER_PERIOD.search(norm) is not None) \
        and THEIR_MONEY.search(norm) is None


BRIDGE = scanning.Twin(
    r"^(?:(?:ok|okay|right|yeah|so|well|oh|ah|great|got it|gotcha|um|uh|and|you know|like) )*"
    r"(?:thats|that is|this is) (?:right |exactly |just |really |very much |pretty much )?"
    r"(?:in our (?:patch|wheelhouse|lane|area|space|world)|(?:the|our) (?:exact )?(?:area|kind "
    r"of thing|space|world|sort of thing|problem) (?:we|i) (?:work in|work on|help with|focus on|"
    r"specialise in|specialize in|deal with|solve)|what (?:we|i) (?:do|help with|work on|focus "
    r"on|specialise in|specialize in))"
    r" (?:(?:um|uh|so|and|okay|ok|well|actually|now|you know|like) )*(?:who|what|whats|how|"
    r"hows|when|where|why|which|is|are|do|does|did|can|could|would|will|has|have)\b"
)
"""A one-clause relevance ("that's right in our patch") straight into a question."""


def bridges(norm: str) -> bool:
    """The turn (`listening.plain` words) opens with a one-clause relevance and goes straight
    into a question ("that's the area we work in um who usually looks at scheduling?")."""
    return BRIDGE.search(norm) is not None


_RESULT = r"(?! (?:more|fewer|less|faster|of|increase|growth|reduction|better|higher|lower|in)\b)"
"""After a percentage, words that make it a result claimed ("twenty percent more bookings")."""
_CUT = (r"(?:\d+ ?(?:%|percent|per cent)" + _RESULT + "|" + _NUMBER + r"(?: \w+)? (?:percent|"
        r"per cent)" + _RESULT + "|"
        r"(?:a|some|an extra|a bigger|a better|the) (?:\w+ )?discount|\w+ (?:dollars|pounds|euros|"
        r"quid|bucks) off|(?:the )?(?:first|second|third|1st) (?:\w+ )?months? free|"
        r"(?:a|the) (?:month|week|year) free|(?:the|your) (?:\w+ )?fees?|half (?:price|off))")
CONCESSION = scanning.Twin(
    r"\b(?:i|we|ill|well|id|wed)(?: (?:can|could|will|would|might|may|am able to|are able to|"
    r"can also|could also|could even|can even))? (?:do|give|get you|offer|knock|shave|drop|"
    r"throw in|waive|sort|manage|stretch to|go to|go down to|come down to|match)\b"
    rf"(?: \w+){{0,4}}? {_CUT}"
    r"|\b(?:i|we|ill|well|id|wed)(?: \w+)? take (?:\w+ ){0,2}(?:\d+ ?(?:%|percent)|\w+ percent|"
    r"\w+ (?:dollars|pounds|euros|quid|bucks)) off\b"
    r"|\b(?:its|thats|theres|there is|therell be|there will be|you get|youd get|youll get|"
    r"you would get|you will get|you can have|you could have|youve got) (?:\w+ ){0,2}?"
    rf"(?:(?:\d+ ?(?:%|percent)|{_NUMBER}(?: \w+)? percent|half) (?:off|discount)|"
    r"(?:the )?(?:first|second|third|1st) (?:\w+ )?months? free|(?:a|the) (?:month|week|year) "
    r"free)\b"
    r"|\b(?:i|we)(?: can| could| will| would)? match (?:their|the|that|your|his|her) (?:\w+ )?"
    r"(?:price|pricing|rate|quote|offer)\b"
    r"|\bwhat if i (?:\w+ ){0,2}(?:did|gave|took|knocked|made|threw)\b(?: \w+){0,4}? "
    r"(?:\d+ ?(?:%|percent)|\w+ percent|discount|off|free)\b")
"""An offer to cut the price: a verb of giving by the rep (do, give, get you, knock, throw in,
waive, match; "take" with "off"), then a cut within a few words (a percentage, a discount, money
off, a month free, the fee). "We cut no-shows by thirty percent" claims a result
(`claims_results`): no "I"/"we" offer verb before it; nor is "we'll get you twenty percent more
bookings" a cut (`_RESULT`)."""


CUT_WORDS = ("cent", "%", "discount", "off", "free", "fee", "price", "pricing", "rate",
             "quote", "offer")
"""A turn with none of these in its text ("cent": percent and per cent) cannot match CONCESSION (a
cheap test before it)."""


def concedes(text: str) -> bool:
    """The turn offers a price cut (digits kept, as in `claims_results`)."""
    lowered = text.lower()
    if not any(word in lowered for word in CUT_WORDS):
        return False
    return CONCESSION.search(_with_digits(lowered)) is not None


def _with_digits(lowered: str) -> str:
    """Lowercase text as words one space apart, apostrophes and fillers ("um", "uh") dropped and
    digits and "%" kept (`listening.plain` drops them): what `claims_results` and `concedes`
    read."""
    return " ".join(word for word in _NOT_NUMBER.sub(" ", lowered.replace("'", "").replace("’", ""))
                    .split() if word not in FILLERS)

"""Pressure: pushing the prospect to decide instead of letting them buy.

False urgency ("this price is only good until Friday"), scarcity ("only two spots left"), a demand
for a decision ("I need an answer today", "yes or no?"), the bandwagon ("everyone in your industry
is signing up") and "it's a no-brainer". Top producers let the prospect close the sale; pressure
is telling, about the seller's deal, whether or not it ends in a question mark. The turn model
often labels it nothing at all (it is not a pitch of features), so it is read here.

    pressures(norm)   the turn (`listening.plain` words) pushes for a decision
    by_deadline(norm) the turn names a deadline close at hand ("if we get you signed up this
                      week", "before Friday", "by the end of the month"): with a price cut
                      (`presenting.concedes`), the deal ends soon, which is false urgency
    backs_off(norm)   the turn accepts the prospect's no and says it will not push ("i wont
                      keep you", "no pressure", "ill leave it there", "i dont want to add to
                      the pile"), with no "but" after it
    calls_back(norm)  the turn offers to call again later
    asks_better_time(norm, heard)  the turn asks when would suit them better, right after they
                      said they are busy now ("sounds mad in there, when's a calmer time?")

Typed and voice-to-text alike: lowercase words without apostrophes, never punctuation.
"""

from __future__ import annotations

from roleplay.analysis import scanning
from roleplay.conduct.detectors import word_set


def _any(*patterns: str) -> scanning.Twin:
    return scanning.Twin("|".join(f"(?:{p})" for p in patterns))


PRESSURE = _any(
    # a demand for a decision
    r"\bi (?:really )?need (?:a decision|an answer|a yes|your yes|your answer|you to (?:decide|"
    r"sign|commit)|your signature)\b",
    r"\byes or no\b",
    # a trial close for a yes: "so is that a yes?", "can I take that as a yes?", "deal?"
    r"\b(?:is|was) (?:that|it) a (?:yes|yeah)\b",
    r"\b(?:can|shall|should|could) i (?:take|count|put) (?:that|it|you) (?:as|down as) a yes\b",
    r"\b(?:do we have|have we got) (?:a|ourselves a) deal\b",
    r"(?<!\bper )\b(?:decide|commit|sign(?: it| this| that| up)?|(?:get you|get it|get this|get "
    r"that) signed(?: up| off)?|book it|lock it in) (?:right )?"
    r"(?:now|today|tonight|"
    r"this (?:week|afternoon|morning))\b",
    r"\b(?:make|need) (?:a|the|your) decision (?:right )?(?:now|today)\b",
    # "I need a twelve-month commitment signed today", "I gotta have the contract signed today"
    r"\b(?:need|needs|have to have|must have|got to have|gotta have)\b(?: \w+){0,4}? "
    r"(?:signed|committed|confirmed|agreed|paid|a decision|an answer|a commitment|a deposit|the "
    r"deposit|a yes) (?:right now|now|today|tonight|by (?:the )?end of (?:the )?day)\b",
    # false urgency and scarcity: "can you squeeze me in today? it's kinda urgent"
    # (not theirs said back: "sounds like it's urgent for you")
    r"(?<!\bif )(?<!\bwhen )(?<!\blike )\b(?:its|it is|this is|thats|that is)(?: (?:kind of|kinda|"
    r"sort of|really|quite|pretty|super|very|a bit|rather|fairly|somewhat))? (?:urgent|time ?"
    r"sensitive|time ?critical)\b(?! (?:for|to) (?:you|them|him|her|your|the))",
    # false urgency and scarcity
    r"\bi (?:really |just )?need (?:\w+ minutes|a meeting|a call|an hour|time|a slot) with "
    r"(?:him|her|you|them|your boss)(?: \w+)? (?:this week|today|tomorrow|by friday|now)\b",
    r"\b(?:this|the|our|that) (?:pricing|price|offer|deal|discount|rate)s? (?:wont|will not|isnt "
    r"going to|is not going to|doesnt|does not) last\b",
    # others like them signed lately: "three hospitals in your region signed last month"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a few|a dozen) (?:\w+ )?"
    r"(?:in your (?:region|area|city|town|county|patch)|near you|nearby|around you) "
    r"(?:signed|switched|joined|bought|moved|signed up)(?: up| on| over)? (?:last|this) "
    r"(?:month|week|quarter)\b",
    r"\b(?:offer|price|pricing|deal|discount|rate|promo|promotion|special)s? (?:is |are )?"
    r"(?:only )?(?:good|valid|available|running|on) (?:until|till|through|for (?:today|this week|"
    r"the next))\b",
    r"\bonly (?:good|valid|available) (?:until|till|through|today|this week)\b",
    r"\b(?:ends|expires|goes away|disappears|runs out) (?:today|tonight|tomorrow|this week|"
    r"at midnight|soon|(?:(?:this|on|next) )?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)|(?:at )?(?:the )?end of (?:the |this )?(?:day|week|month))\b",
    r"\b(?:limited time|last chance|only (?:a few|two|three|one) (?:spots?|slots?|left)|while "
    r"(?:it|they|stocks) lasts?)\b",
    r"\bbefore (?:its|it is|they are|theyre) (?:gone|sold out)\b",
    r"\bprices? (?:go|goes|is going|are going) up\b",
    r"\block in (?:a|an|this|the|that|your)(?: \w+)? (?:rate|price|pricing|deal|discount)\b",
    r"\bnow or never\b",
    r"\bdont (?:miss out|want to miss|let this)\b",
    # the bandwagon and the foregone conclusion
    r"\bno ?brainer\b",
    r"\bwhat (?:are you|is there|s there) (?:waiting for|to think about)\b",
    r"(?<!\bis )(?<!\bare )(?<!\bif )(?<!\bhas )(?<!\bdoes )"  # not a question about them
    r"\b(?:everyone|everybody|all (?:your|the other) (?:competitors|neighbou?rs|peers)) "
    r"(?:(?:else )?(?:in|around|on (?:the|your|this) (?:street|road|block|estate)) ?(?:your |the "
    r"|this )?(?:[a-z]+(?: [a-z]+)? )?|else )(?:is |are )?"
    r"(?:signing|switching|buying|moving|using|getting|going)\b",
    # "you're one of the few that isn't on it yet", "the last clinic in town that hasn't switched"
    r"(?<!\bis yours )(?<!\bare you )(?<!\bare they )(?<!\bis it )(?<!\bis that )"  # asking
    r"\b(?:one of the (?:few|last|only)|the (?:only|last) (?:one|ones|company|companies|practice|"
    r"firm|clinic|shop|team|business|store|school|office)s?)(?: \w+){0,4} (?:that|who|which|"
    r"thats) (?:isnt|arent|hasnt|havent|doesnt|dont|is not|are not|has not|have not|still)\b",
    # fear of missing out, and being told to act by a date
    r"\b(?:dont|do not) want to (?:be left behind|get left behind|fall behind|miss (?:out|the "
    r"boat)|be the (?:last|only) one)\b",
    r"\byou (?:should|need to|have to|must|really should|ought to) (?:switch|sign|decide|commit|"
    r"buy|order|move|book) (?:up |over |it )?(?:this week|today|tonight|now|right now|before)\b",
    r"\bi can (?:get you started|sign you up|have you set up) (?:on [a-z ]{1,40})?"
    r"(?:today|right now|now)\b",
    # scarcity with words between: "we've only got two onboarding slots left this quarter"
    r"\bonly (?:got |have |got about |have about )?(?:a few|one|two|three|four|five|\d+|a couple"
    r" of|a handful of) (?:\w+ ){0,2}(?:slots?|spots?|places?|seats?|spaces?|openings?|dates?)"
    r"(?: \w+){0,3}? (?:left|remaining)\b",
    # "our onboarding slots for this month are almost gone", "january slots are filling up"
    r"\b(?:slots|spots|places|seats|spaces|openings|dates)\b(?: \w+){0,4}? (?:are|is|keep) "
    r"(?:almost |nearly |all but |already |going |filling up |booking up )?(?:gone|fast|"
    r"filling up|booking up|booked up|taken)\b",
    r"\b(?:id|i would|youd|you should|you want to|you need to|youd better|best to|better) "
    r"(?:move|act) (?:fast|quickly|now|soon)\b",
    # pushing past a gatekeeper: "come on, it's five minutes, he'll thank you for it. I'll hold."
    r"\bcome on\b(?: \w+){0,3}? (?:its|it is|its only|its just) (?:only |just )?(?:\w+ )?"
    r"(?:minutes?|seconds?|a quick (?:call|chat))\b",
    r"\b(?:hell|shell|theyll|youll) thank (?:you|me) (?:for it|later)\b",
    # "can you just put me through?", "is he there or not?": the screen brushed aside
    r"\bjust (?:put|transfer|connect|patch|pass) me (?:through|over|on)\b",
    r"\b(?:is|are) (?:he|she|they|(?:dr|mr|mrs|ms) \w+) (?:there|in|available|free|around) or "
    r"not\b",
    r"\bill (?:just )?hold(?: the line| on)?$",
)


PRESSURE_WORDS = word_set("""
need yes decide commit sign book lock decision offer offers price prices pricing deal deals
discount discounts rate rates promo promos promotion promotions special specials only ends
expires goes disappears limited last lasts gone sold miss dont brainer nobrainer waiting
think everyone everybody started set all want should must ought switch signed committed
confirmed agreed paid answer commitment deposit never move act come thank hold left
remaining urgent sensitive critical timesensitive timecritical filling booking booked taken
few put transfer connect patch pass not
""")
"""A turn with none of these words cannot match PRESSURE (a cheap test before the pattern)."""


def pressures(norm: str) -> bool:
    """The turn (`listening.plain` words) pushes the prospect to decide: false urgency,
    scarcity, a demand for an answer, the bandwagon."""
    if PRESSURE_WORDS.isdisjoint(norm.split()):
        return False
    return PRESSURE.search(norm) is not None


_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow)"
DEADLINE = scanning.Twin(
    rf"\b(?:today|tonight|right now|this (?:week|weekend|month|quarter)|(?:by|before|until|till|"
    rf"on) {_DAY}|(?:by|before|until|till) (?:the )?end of (?:the |this )?(?:day|week|month|"
    r"quarter|year)|before (?:we hang up|i hang up|the end of the call)|(?:ends|expires|runs out) "
    rf"(?:on )?(?:{_DAY}|today|tonight|soon))\b")
"""A deadline close at hand, in `listening.plain` words."""


def by_deadline(norm: str) -> bool:
    return DEADLINE.search(norm) is not None


BACK_OFF = scanning.Twin(
    r"\b(?:(?:i )?(?:wont|will not|am not going to|im not going to|not going to|not gonna) "
    r"(?:push|pressure|chase|pester|keep you|hound)|no pressure|(?:ill|i will|let me) "
    r"(?:leave it there|leave it with you|let you go|leave you to it|get out of your hair)|"
    r"i respect that|"
    # "I don't want to add to the pile today", "I've caught you at a bad time"
    r"i (?:dont|do not) want to (?:add to (?:the|your) (?:pile|plate|load|list)|keep you|hold you "
    r"up|take up (?:any )?more of your time|eat into your|be (?:another|one more) thing)|"
    r"(?:ive|i have|sounds like i|seems i) (?:caught|called|got) you at a bad time|"
    # leaving what they have alone: "I'd never suggest switching mid-year", "no switching, I
    # promise", "I'm not asking you to rip anything out"
    r"(?:id|i would|we would|wed) never (?:suggest|ask you to|expect you to|push you to|want you "
    r"to)|(?:im|i am|were|we are) not (?:asking|suggesting|expecting|saying) (?:you|that you|for "
    r"you) (?:to |should )?(?:switch|change|move|drop|rip|replace|leave|cancel)|no switching)\b"
)
CALL_BACK = scanning.Twin(
    r"\b(?:call|called|calling|ring|rang|phone|phoned|try|catch|reach) (?:you )?(?:back|again|"
    r"later|another time|once|when|after)\b")
"""An offer to call again later ("would it be all right if I called back next week?")."""
_BUT_AFTER = scanning.Twin(r"\b(?:but|its just that|just that|however)\b")


def backs_off(norm: str) -> bool:
    """The turn (`listening.plain` words) accepts the prospect's no and says it will not push
    ("okay, I won't keep you", "no pressure, I'll email it"), with no "but" after it ("no
    pressure, but grubs do a lot of damage" still argues). Walking away with respect answers an
    objection; it is no rebuttal, whatever it tells them."""
    found = BACK_OFF.search(norm)
    return found is not None and _BUT_AFTER.search(norm, found.end()) is None


SENDS_INFO = scanning.Twin(
    r"\b(?:ill|i will|i can|i could|let me|happy to|i am happy to|im happy to|we can|well|we will|"
    r"ill just|ill go ahead and|i shall|shall i|want me to|should i|can i|could i|if i|"
    r"(?<!\babout )i(?= (?:send|email|e mail|mail)\b)) "
    r"(?:just |quickly |go ahead and |also |definitely |absolutely )?"
    r"(?:email|emailed|e mail|send|sent|drop|shoot|forward|pop|text|whatsapp|mail)"
    r"(?: you| them| it| that| those)?"
    r"(?: (?:over|across|through|along))? (?:(?:you|a|an|the|our|my|some|that|this|those|these|"
    r"over|quick|short|free|little|copy|link|to|of|few|couple) ){0,4}"
    r"(?:guide|guides|info|information|brochure|brochures|pdf|deck|details|pricing|prices|price "
    r"list|link|links|case stud(?:y|ies)|overview|one pager|stuff|something|bits|a few things|"
    r"summary|examples?|sheet|leaflet|flyer|whitepaper|white paper|article|video|"
    r"e ?mail(?! (?:invite|invitation|confirmation|with|to confirm))|it over|"
    r"them over|that over|it across|that across)\b")
"""An offer to send material (the guide, pricing, a brochure): what a prospect who asked for
information wants, not a next step they must agree to. A quote, a proposal or an invite is
not material: booking those is a next step."""


SIGNS_OFF = scanning.Twin(
    r"\b(?:(?:thanks|thank you|cheers)(?: (?:so|very) much| again| a lot)? for (?:your|the) time|"
    r"have (?:a|an) (?:good|great|nice|lovely|wonderful|brilliant) (?:day|one|afternoon|evening|"
    r"morning|weekend|week)|(?:sorry|apologies) (?:for|to have|about) (?:taking up|taken up|"
    r"wasting|bothering|disturbing|interrupting|keeping)|(?:good ?bye|bye|take care(?! of)|"
    r"talk soon|speak soon)|(?:ill|i will|let me) let you (?:go|get back))\b")
"""A sign-off: thanks for the time, a good day wished, a goodbye."""


def signs_off(norm: str) -> bool:
    """The turn (`listening.plain` words) closes the call from the rep's side ("okay, thanks so
    much, and sorry for taking up your time!")."""
    return SIGNS_OFF.search(norm) is not None


def sends_info(norm: str) -> bool:
    """The turn (`listening.plain` words) offers to send material: "I'll email the guide and
    pricing today", "shall I send you a couple of case studies?"."""
    return SENDS_INFO.search(norm) is not None


WH_ASKS = scanning.Twin(r"\b(?:what|whats|how|hows|why|which|who|whos|when|where)\b"
                     r"(?! (?:is |s )?(?:the )?(?:best |right |easiest )?(?:email|e mail|address|"
                     r"inbox|number|way to (?:send|reach|get)))")
"""A question of its own in a turn that offers material ("so I send the right thing, what will
you use it for?"), not one about where to send it ("what's the best email?")."""


OFFER_ASKS = scanning.Twin(
    r"\b(?:shall|should|can|could|may) i\b|\b(?:do|would) you (?:want|like) me to\b|"
    r"\bwant me to\b|\bwould that (?:help|work|be (?:ok|okay|alright|useful|helpful))\b|"
    r"\b(?:is|does) that (?:ok|okay|alright|work|sound good)\b")
"""The question an offer asks of itself ("shall I?", "would that help?")."""
AUX_ASKS = scanning.Twin(r"\b(?:do|does|did|is|are|would|could|will|have|has)\b (?:\w+ )?"
                      r"(?:you|he|she|they|emails?|anyone|someone|there|it|that|those)\b")
"""A yes-no question of its own ("do emails like that ever reach him?")."""


def asks_beyond_sending(norm: str) -> bool:
    """The turn (`listening.plain` words) asks something besides whether and where to send
    material: a "what", "how" or "why" of its own, or a yes-no question that is not the offer's
    "shall I?"."""
    if WH_ASKS.search(norm) is not None:
        return True
    return AUX_ASKS.search(OFFER_ASKS.sub(" ", norm)) is not None


ABOUT_MATERIAL = scanning.Twin(
    r"\b(?:reads?|look at|looks at|reach|reaches|(?:do|does) with (?:it|them)|in it|"
    r"useful|helpful|worth|need to (?:say|show|cover)|get opened|gets opened)\b")
"""What a question beside an offer asks about when it asks about the material: whether it is
read, what it must show, what they would do with it."""


OFFERS_IT = scanning.Twin(
    r"\b(?:happy to|glad to|i can|i could|ill|i will|sure) (?:send|email|forward|pop|share) "
    r"(?:it|them|that|those)\b")
"""A short offer to send what they asked for ("happy to send it"), which `SENDS_INFO` leaves
out: in a voice-to-text run-on "I'll send it would Tuesday suit" is a close, not material."""


def asks_about_material(norm: str, offers_material: bool) -> bool:
    """The turn (`listening.plain` words) offers material and asks a question of its own about
    it ("happy to send something; do emails like that ever reach him?"), not only where to send
    it, and not about something else ("I'll send the guide. How many sites do you have?").
    `offers_material`: `sends_info(norm)`, which the caller has already read."""
    offers = offers_material or OFFERS_IT.search(norm) is not None
    return offers and ABOUT_MATERIAL.search(norm) is not None and asks_beyond_sending(norm)


BETTER_TIME = scanning.Twin(
    r"\b(?:when(?:s| is| would be| might be| will be)?|whats|what is|what would be|is there|"
    r"would there be) (?:a |the )?(?:better|calmer|quieter|good|best|easier|less busy|less hectic) "
    r"(?:time|day|moment|slot|hour)\b"
    r"|\bwhen (?:does|do|would|will|might) (?:it|things|the (?:rush|shop|place|day|diary|week)) "
    r"(?:calm|quieten|quiet|slow|ease|settle) (?:down|off)?\b"
    r"|\b(?:what|which) (?:time|day|times|days) (?:would|does|will|might) "
    r"(?:suit|work|be better|be easier)\b")
"""Asking when would suit them better ("when's a calmer time to catch you?", "is there a better
day for this?")."""
BUSY_NOW = scanning.Twin(
    r"\b(?:busy|rush|line out the door|queue out|booked|server down|bad time|slammed|swamped|"
    r"middle of|take long|run off (?:my|our) feet|flat out|no time|got a minute|in a meeting)\b")
"""The prospect's words say they are busy now: a line out the door, a server down, booked up."""


def asks_better_time(norm: str, heard: str | None) -> bool:
    """The turn (`listening.plain` words) asks when would suit them better, right after they
    said they are busy now (`heard`, their last words): taking up the objection, not a pivot."""
    return heard is not None and BUSY_NOW.search(heard) is not None \
        and BETTER_TIME.search(norm) is not None


def calls_back(norm: str) -> bool:
    """The turn offers to call again later: after backing off, a courtesy, not a close."""
    return CALL_BACK.search(norm) is not None

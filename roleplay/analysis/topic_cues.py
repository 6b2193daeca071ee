"""Topic cues: what a question is about (pain, money, process, competitors...), light questions,
questions announced ahead, and proposed next steps.

Everything works on `roleplay.analysis.cues.normalise(text)`.
"""

from __future__ import annotations

import re

from roleplay.analysis.cues import Gated, compiled, phrases
from roleplay.analysis.question_cues import WHEN

TOPIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pain",
        phrases(
            r"challeng\w*",
            r"problems?",
            r"struggl\w*",
            r"frustrat\w*",
            r"pains?",
            r"issues?",
            r"difficult\w*",
            "hardest",
            "toughest",
            "worst",
            "hard",
            "biggest",
            r"worr\w*",
            r"concerns?",
            r"headaches?",
            r"bottlenecks?",
            "go(?:es)? wrong",
            r"break\w*",
            r"not working",
            "doesnt work",
            r"happens? when",
            r"fail\w*",
            "slow",
            r"waste\w*",
            r"miss\w*",
            r"los(?:e|ing|t)",
            "keeps? you up",
            "cost you",
            r"impact\w*",
            "affect",
            r"complain\w*",
            r"annoy\w*",
            "tough",
            r"gaps?",
        ),
    ),
    (
        "budget",
        phrases(
            r"budget\w*",
            "spend",
            "spending",
            "afford",
            "money",
            "pay",
            "paying",
            r"invest\w*",
            r"fund\w*",
            "allocated",
            "how much",
            r"financ\w*",
            r"costs? (?:you|your)",
        ),
    ),
    (
        "process",
        phrases(
            r"decid\w*",
            r"decision\w*",
            "sign off",
            r"approv\w*",
            "involved",
            "who else",
            "process",
            "procurement",
            r"evaluat\w*",
            "buying",
            r"purchas\w*",
            "choose",
            "pick",
            "select",
            "board",
            "stakeholders?",
            "workflow",
            "handle",
            "handling",
            "manage",
            "managing",
            "go about",
            "steps",
        ),
    ),
    (
        "timeline",
        phrases(
            "timeline",
            "timeframe",
            "time frame",
            "deadline",
            "by when",
            "how soon",
            "quarter",
            "this year",
            "next year",
            "urgen\\w*",
            "go live",
            "when (?:do|would|are|will|did|is)",
            "renewal",
            "renew",
            "expires?",
            "contract (?:end|up)",
            "start date",
            "how long",
        ),
    ),
    (
        "motive",
        phrases(
            "why",
            "important to you",
            "matters? to you",
            "personally",
            "what made you",
            "what would it mean",
            r"goals?",
            "hoping",
            "achieve",
            "success",
            r"motivat\w*",
            r"priorit\w*",
            "care about",
            "looking for",
            "want to",
            "wanted",
            "prompted",
            r"reasons?",
            "feel about",
        ),
    ),
    (
        "competitor",
        phrases(
            r"competitors?",
            r"vendors?",
            r"providers?",
            r"suppliers?",
            "alternatives?",
            "instead of",
            "switch\\w*",
            "other (?:options|companies|tools|solutions)",
            "currently using",
            "using now",
            "use now",
            "working with",
            # a comparison with a rival, named or not: "we're not like Concur, those guys..."
            "those guys",
            "the other guys",
            "unlike",
            r"(?:we're|we are|were|ours is|ours are) (?:not|nothing) like",
        ),
    ),
    (
        "price",
        phrases(
            "price",
            "pricing",
            "discount",
            r"per (?:seat|month|user|year|license)",
            r"fees?",
            "quote",
            r"(?<=\$)\d+|(?<=\$ )\d+",  # "$39": no word boundary before a "$" after a space
            r"\d+ dollars",
            # "it's only 39 a month", "for you I'd do 25 a month": a figure per period said plainly
            r"(?:only|just|do|its|costs?|for) \d+(?: \d+)? (?:a|per) (?:month|year|"
            r"seat|user|head|location|site)",
            "cheap",
            "expensive",
            "rates?",
            "costs?",
        ),
    ),
    (
        "situation",
        phrases(
            "currently",
            "today",
            "right now",
            "use",
            "using",
            "set up",
            "setup",
            "team",
            "how many",
            r"tools?",
            r"systems?",
            "in place",
            "at the moment",
            "these days",
            "your (?:role|business|company|side|end|day|week|department|organization|clinic|"
            "practice|office|shop|firm|school|store|plant|fleet|site)",
            "work",
            "works",
            "looks? like",
            "going",
            "doing (?:now|today)",
            "how do you",
            "what do you",
            "tell me about",
        ),
    ),
)
# Light questions: small talk, permission, next steps, check-ins. Not probing.
LIGHT_QUESTION = phrases(
    r"how (?:are|r) (?:you|ya|things)(?: (?:doing|today|going|keeping|this morning|"
    r"this afternoon))*"
    r"(?= ?[|?]|$)",
    r"hows (?:it|your|things|everything|life)",
    "know what i mean",
    r"how (?:is|was) your (?:day|week|morning|weekend)",
    "how you doing",
    "whats up",
    "can you hear me",
    "does that make sense",
    "make sense",
    "any questions",
    r"(?:would|does|is) (?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|"
    r"that time|\d+)",
    rf"(?:would|will|does|could) {WHEN} (?:be|work|suit|fit|do)",
    r"(?:can|could|shall|should) (?:we|i) (?:set up|schedule|book|send|"
    r"follow up|put|get|grab)",
    "what time",
    r"when (?:would|is|will) (?:be |it be )?(?:a )?(?:good|better|best) time",
    r"(?:good|better|best) time to (?:call|talk|reach|chat|meet|catch)",
    r"(?:whats|what is) (?:the )?best (?:time|email|"
    r"number|way to reach)",
    "sound good",
    "is that (?:ok|okay|alright|fair)",
    "who am i speaking",
    r"(?:youd|you would|you might|you) (?:want|like|be open|be interested) to (?:talk|chat|hear)",
    "is this",
    "did i catch you",
    r"(?:is|would) (?:this|now) (?:a )?(?:good|bad) time",
)

# --- next steps --------------------------------------------------------------------------------

_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|this week|later this week)"
_STEP = (
    r"(?:meeting|demo|demonstration|call|time|slot|session|chat|walkthrough|walk through|visit|"
    r"trial|pilot|invite|appointment|review|workshop|minutes)s?"
)
# The rep proposes a next step (a meeting, demo, trial, proposal, quote), not just names one:
# "how did the last demo go" is no proposal, "industrial" no trial.
NEXT_STEP = Gated(
    "step steps meeting meetings demo demos demonstration demonstrations call calls time times "
    "slot slots session sessions chat chats walkthrough walkthroughs through throughs visit visits "
    "trial trials pilot pilots invite invites appointment appointments review reviews workshop "
    "workshops minutes minutess proposal quote estimate contract agreement form calendar calendars "
    "follow together sign get test spin down walk monday tuesday wednesday thursday friday "
    "tomorrow week",
    phrases(
        r"next steps?",
        rf"(?:set up|schedule|book|arrange|pencil in|lock in|grab|find|plan|organize) (?:a|an|some|"
        rf"another|the|our|us|you|that|\d+|fifteen|twenty|thirty)(?: \w+){{0,3}}? {_STEP}",
        r"(?:send|put together|prepare|draw up|write up|email) (?:you |over |across )?"
        r"(?:a|an|the|our)(?: \w+)? "
        r"(?:proposal|quote|estimate|contract|agreement|calendar invite|invite|order form)",
        r"(?:on|to) (?:the|your|our) calendars?",
        r"follow up (?:call|meeting|conversation)",
        r"get together",
        r"sign (?:up|the contract|the agreement)",
        r"get (?:you |things |it )?(?:started|set up|onboarded)",
        r"(?:try|start|run|do|see|take|give you) (?:a|the|our|it a|it for a) "
        r"(?:(?:free|quick|short|live|\w+ day|\w+ week|\w+ month) ){0,2}"
        r"(?:demo|trial|pilot|test run|spin)",
        r"put (?:you|us|it|that|something) down for",
        r"walk you through",
        rf"(?:meet|talk|speak|chat|connect|come by|stop by|swing by) (?:again |in person )?"
        rf"(?:on )?{_DAY}",
        rf"{_DAY}(?: \w+)? (?:work|works|suit|good|okay|ok|free|open)",
    ),
)

# "mind if I ask you a couple of questions": the permission itself, nothing probed yet.
# "... so I can ask a couple of questions": the rep announcing questions, not telling or probing.
ASKING_AHEAD = compiled(
    r"^(?:so |so that |and |then )?(?:(?:i|we) (?:can|could|may|might|get to|would like to|"
    r"want to|wanted to)|(?:id|wed) like to) ask\b"
)
ABOUT_QUESTIONS = compiled(
    r"(?:you )?(?:a|one|two|a few|a couple of|a couple|some|just a) (?:quick |few |more )?"
    r"(?:questions?|things)(?: to find out| about that)?"
)

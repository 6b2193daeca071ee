"""Objections: when a prospect pushes back, and whether the rep's answer argues with it.

Part of the turn analysis (`roleplay.analysis` calls it): prospect turns are checked for an
objection and its kind; the rep turn right after one is checked for arguing (contradicting,
rebutting, pushing the pitch, warning, advising) as opposed to reflecting, acknowledging and
exploring it. Works on
`cues.normalise(text)`. Generic word lists only; no text from any data set.
"""

from __future__ import annotations

import re

from roleplay.analysis.cues import MUST_ADVISE, compiled, not_in_relative_clause, phrases

# --- prospect objections ---------------------------------------------------------------------

# After "I don't want (that|to)": what the prospect fears happening again is a pain, not pushback
# ("I don't want that twice", "we don't want to lose another client").
_NOT_A_PAIN = (
    r"(?! (?:that )?(?:to )?(?:happen|happening|again|twice|lose|losing|go through|repeat|end up|"
    r"be stuck|miss|fail)\b)"
)

OBJECTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "send_info",
        phrases(
            r"(?:send|email|mail|shoot|drop) (?:me|us|it|that|something|over|some|an|the)"
            r"(?: (?:an|some|over|a|the|your))?(?: (?:email|info|information|brochure|details|deck|"
            r"something|stuff|link|materials|it|over))?",
            r"put it in (?:an|a) (?:email|writing)",
            "check (?:out )?(?:your|the) website",
            "look (?:it|you) up",
            "ill look into it",
        ),
    ),
    (
        "no_time",
        phrases(
            r"(?:no|dont have|dont have the|havent got|got no) time",
            r"(?:too|really|very|pretty|so) busy",
            "im busy",
            "were busy",
            "in a meeting",
            r"(?:bad|not a good|terrible) time",
            r"call (?:me |us )?(?:back|later)",
            "in the middle of",
            r"(?:gotta|got to|have to|need to) go",
            "running late",
            "make it quick",
            "hurry",
            "slammed",
            r"(?:i|we) (?:have|got|ve got) a (?:patient|meeting|call|customer|client|"
            r"flight) (?:in|at|waiting)",
            "swamped",
            "jump off",
            r"(?:busy|full|packed|hectic|crazy) (?:schedule|week|day)",
            r"are we (?:done|finished)",
            r"how long (?:is|will|does) (?:this|it) (?:going to |gonna )?take",
            r"(?:is|will) (?:this|it) (?:going to |gonna )?take (?:long|a while|much)",
            r"(?:completely|fully|totally|all) booked",
            r"(?:a )?(?:line|queue) out the door",
            r"(?:\w+ )?(?:is |are )?down right now",
            r"(?:an?|the) (?:emergency|fire|outage|crisis) (?:right now|on|here|going)",
        ),
    ),
    (
        "no_budget",
        phrases(
            "no budget",
            r"budget(?:s)? (?:is|are|was|were|has been|have been) (?:tight|frozen|cut|gone|"
            r"spent|used|allocated|locked)",
            r"(?:cant|cannot|couldnt|dont) afford",
            "too expensive",
            "(?:so|very|really|pretty) expensive",
            r"costs? (?:too much|a lot|way too)",
            "too much money",
            r"no (?:money|funds|funding|cash)",
            r"money(?:s| is)?(?: (?:that|so|really|pretty|very))? tight",
            r"budgets? (?:got |is |has been |was )?(?:frozen|cut|slashed|on hold|gone)",
            r"(?:money|financial|cash ?flow) (?:troubles?|problems?|issues?)",
            r"dont (?:make|earn) (?:much|any|a lot of|enough) (?:money|income)?",
            "out of (?:our|my) (?:price range|budget)",
            "spending freeze",
            "price is too",
            "too pricey",
            "pricey",
            "not in the budget",
            "dont have (?:the |much |any |a lot of |enough |extra )?"
            "(?:money|budget|cash|funds|income)",
            "tight on (?:money|cash|budget)",
            "broke",
            "cant spend",
            r"not spending (?:anything|any money|a penny|a cent|a dime|money)",
            r"(?:cant|cannot) spare",
            "too much for",
        ),
    ),
    (
        "has_vendor",
        phrases(
            r"already (?:have|use|using|work with|working with|got|donate|give|signed|contribute|"
            r"support|with|in place|bought|pay)",
            r"(?:happy|satisfied|fine) with (?:our|what we|the current|who we|them|my)",
            "under contract",
            r"locked (?:in|into)",
            r"current (?:vendor|provider|supplier|partner)",
            "in house",
            r"(?:we|i) (?:use|have|work with|got|signed with) [a-z0-9 ]{0,30}\balready",
            r"signed (?:with|up with) (?:another|a different|someone|a)",
            r"(?:we|i) (?:just|already|recently) (?:bought|signed|got|switched|renewed)",
            r"built (?:our|my) own",
            r"(?:we|i) (?:have|use) (?:someone|somebody|a guy|a company)",
            "other charities",
            "another charity",
            "different charity",
            "other organizations",
        ),
    ),
    (
        "distrust",
        phrases(
            r"scams?",
            r"(?:dont|do not|cant) trust",
            "how do i know",
            "too good to be true",
            "prove it",
            r"skeptic\w*",
            r"sceptic\w*",
            "heard that before",
            "everyone says that",
            r"sales ?(?:pitch|people|person|guy|man)",
            "not buying it",
            r"suspicious",
            "legit",
            "fishy",
            r"where did you get (?:my|this)",
            "yeah right",
            r"i (?:really )?doubt",
            r"doubtful",
            r"(?:my|some|serious) doubts",
            "not sure i believe",
            "dont believe",
            r"how (?:do|would|can) (?:you|we|i) (?:even )?know",
            r"who (?:are you|is this|is calling|did you say)",
            r"how did you get (?:my|this|our)",
            r"heard (?:that|this|it|these|those|all)(?: \w+){0,3} before",
            r"(?:thats|its|that is|it is|just|only) (?:just |all )?(?:your|an|a) opinion",
            r"(?:no|any|show me the|see the|see any) (?:facts|proof|evidence|data)",
            r"(?:i|we) (?:dont|do not|really dont) agree",
            r"(?:mumbo jumbo|nonsense|rubbish|overblown|overrated|exaggerat\w*|hype|old wives)",
            "never heard of you",
            r"why (?:do|would) you (?:want|need) to know",
            r"(?:not something|nothing) (?:i|we)(?:d| would)? share",
            r"(?:dont|do not|wont) (?:give out|share) (?:that|this|any)",
            r"heard (?:the|that|this|your|a|it)\b(?: \w+){0,6} (?:before|from every)",
            r"(?:every ?body|every ?one) says (?:that|its|it is|the same)",
            r"it never is",
            r"took (?:me|us) (?:a year|years|months|ages|forever) to get out",
            r"(?:not sure|dont think) (?:[|] )?you (?:heard|listened|understood|get it)",
            r"you(?:re| are) not listening",
            r"(?:is|was) (?:he|she|they) expecting (?:your|you|this|a) call",
            r"(?:doesnt|dont|wont|never) take (?:sales |cold )?calls",
        ),
    ),
    (
        "no_need",
        phrases(
            r"(?:we|i) (?:dont|do not|dont really) need",
            "no need",
            r"(?:were|we are) (?:doing )?(?:fine|good|all set|set|covered|ok|okay)(?! with)",
            r"(?:im|i am) (?:fine|all set|set|covered)(?! with)",
            "not a (?:priority|problem|big deal|concern)",
            r"(?:isnt|is not|its not) (?:a |really a )?"
            r"(?:problem|priority|issue|big deal)",
            r"works? (?:fine|well|ok|okay) (?:for us|for me)?",
            r"not (?:really )?looking",
            "not in the market",
            r"doesnt (?:apply|affect|matter)",
            r"(?:we|i) (?:handle|manage) (?:it|that|fine)",
            "no use for",
            r"(?:dont|do not) see (?:the|a|any) (?:need|point|value|reason)",
            "not necessary",
            r"(?:i|we) (?:really )?dont think (?:we|i|it|that|thats|im|its|were|theres|there is)",
            r"(?:i|we) (?:dont|do not|really dont|just dont) see (?:the|a|any|what the) "
            r"(?:problem|issue|harm|big deal|evidence|risk)",
            r"(?:hasnt|has not|havent|have not|never|doesnt|does not) (?:really )?(?:caused|cause|"
            r"been|given) (?:me |us )?(?:a |any )?(?:problem|problems|issue|issues|trouble|harm)",
            r"not (?:my|our) (?:fault|problem|issue|concern|responsibility)",
            r"(?:its|it is|thats) (?:my|our) (?:choice|right|decision|life|business)",
            r"(?:its|thats|im|were) not (?:that|so) bad",
            r"(?:everyone|everybody) (?:else )?(?:does|is doing|does it)",
            r"(?:i|we) (?:dont|do not|really dont) (?!know\b)[a-z]+ (?:that|too|very|all that) "
            r"much",
            r"(?:feel|im|i am|were|we are) (?:absolutely|perfectly|totally|completely) "
            r"(?:fine|well|ok|okay|healthy|happy)",
            "dont have (?:a|that|any) (?:problem|issue)",
            "theres no (?:problem|issue)",
            "nothing wrong",
            rf"(?:i|we) (?:dont|do not) (?:want to|wanna)\b{_NOT_A_PAIN}",
            r"(?:i|we) (?:cant|wont|dont want to) (?:stop|change|quit|cut)",
            "not ready",
            r"i (?:like|enjoy|love) (?:it|my|drinking|smoking|the way)",
            "not that bad",
        ),
    ),
    (
        "not_interested",
        phrases(
            r"not (?:really |at all |very )?interested",
            "no thanks",
            "no thank you",
            "not for (?:us|me)",
            r"(?:ill|i will|well|we will|id rather) pass",
            r"take (?:me|us) off",
            r"remove (?:me|us)",
            r"(?:dont|stop|do not) call",
            "not right now",
            "maybe later",
            r"not (?:at this time|today)",
            rf"(?:i|we) dont (?:really )?want (?:it|any|another|more|a new|that|to)\b{_NOT_A_PAIN}",
            "(?:im|were) good thanks",
            "rather not",
            r"(?:im|i am|were|we are)(?: just| really| simply)? not (?:going to|gonna|willing|able|"
            r"donating|giving|buying|ready to)",
            r"(?:i|we) (?:wont|cant|will not|cannot|dont) (?:donate|give|buy|sign|commit|do that)",
            r"not (?:going to|gonna) happen",
            "not now",
            "no way",
            "no interest",
            "not (?:the )?right (?:time|fit)",
            "no not really",
            r"(?:good ?bye|bye)",
            r"(?:we|i) dont have any (?:open|need|use|interest)",
            "i dont think so",
            r"(?:wont|doesnt|will not|does not|wouldnt|would not|isnt going to|is not going to)"
            r" (?:really )?work (?:for|with) (?:me|us|our|my)",
            r"easier said than done",
            r"(?:i|we) (?:cant|cannot|wont be able to) (?:do|manage) (?:it|that|this)",
            r"(?:i|we) dont know if (?:i|we) (?:can|could)",
            r"too (?:hard|difficult|complicated|much hassle|much trouble)",
            r"(?:may|might) not be able to",
            r"(?:not|dont know if (?:im|i am|were|we are)|dont feel) (?:really |very )?comfortable"
            r" (?:with|doing|about|sharing|giving)",
            r"(?:i|we) (?:just )?dont feel like (?:it|doing)",
            r"(?:wont|will not|not) be (?:donating|giving|buying|signing|switching)",
            r"no (?:i|we) (?:would|will|do|am|can) not",
            r"(?:donate|give|spend|pay) (?:\$ ?)?(?:0|zero|nothing)(?! (?:\| )?\d)",
        ),
    ),
)

# --- arguing with an objection ---------------------------------------------------------------

ARGUE_STRONG = phrases(
    r"(?:hear|understand|get|appreciate|see|know|respect|hearing) (?:you|that|it|"
    r"where youre coming "
    r"from|your concern|what youre saying|your point)? ?(?:[|] )?but",
    r"(?:yes|yeah|sure|ok|okay|true|agreed|granted|totally|absolutely|right) (?:[|] )?but",
    r"thats not (?:true|right|the case|correct|really true|how it works|accurate|what)",
    r"not true",
    r"thats a (?:myth|misconception)",
    r"you(?:re| are) (?:wrong|mistaken)",
    r"with all due respect",
    r"you(?:d| would| will|ll) (?:actually |really |still |definitely )?"
    r"(?:save|get|be surprised|make)",
    r"pays? for itself",
    r"cant afford not to",
    r"(?:its|it is|were|we are|thats) (?:actually|really) (?:not|very|quite|pretty|cheaper|more)",
    r"(?:it|this) (?:actually|only) (?:takes|costs)",
    r"only takes",
    r"wont take (?:long|much|more)(?! of (?:your|you))",  # not "I won't take more of your time"
    r"thats (?:exactly )?why you (?:need|should)",
    r"unlike (?:them|your|other|the|most)",
    r"(?:we|our \w+) (?:is|are|re) (?:better|cheaper|faster|different|more)",
    r"(?=you)(?<!would )(?<!do )(?<!did )(?<!if )(?<!what )" + not_in_relative_clause()
    + r"you(?:ll| will|d| would)? (?:really |definitely |just |still )?"
    r"(?:need to|should|have to|" + MUST_ADVISE + r"|ought to|got to|gotta)",
    r"(?:could|can|will|might|would|is going to|gonna) (?:really )?(?:get you|cause|lead to|hurt|"
    r"damage|ruin|cost you|kill)",
    r"(?:damaging|hurting|harming|ruining|wrecking|losing|wasting|leaving) "
    r"(?:your|yourself|money|time)",
    r"(?:doesnt|wouldnt|dont|isnt) (?:that|it|this|you) (?:concern|worry|bother|scare|frighten)",
    r"(?:i think|maybe|perhaps) (?:you )?(?:should|need|ought|just)",
    r"(?:i think|maybe|perhaps) you (?:could|can)",
    r"(?:theres|there is) (?:really )?no (?:such thing|reason|excuse)",
    r"(?:i|id|we|wed) (?:would )?hate (?:to see|for you)",
    r"(?:we|you)(?:ve)? (?:got to|gotta|have got to)",
    r"(?:do|would|are) you (?:really |honestly )?(?:want|wanna|willing|prepared|going)(?: [|])?"
    r"(?: to)? (?:wait|risk|keep|lose|end up|throw|miss|pay)",
    r"what were you thinking",
    r"trust me",
    r"believe me",
    r"i (?:promise|guarantee)",
    r"everyone (?:needs|uses|says)",
    r"no one (?:else )?(?:has|does|offers)",
    r"(?:it|that|this) (?:doesnt|wont|isnt going to) (?:matter|be a problem)",
    r"(?:thats|its) (?:just|only) (?:because|a|one|been)",
    r"(?:but|yet) (?:you|your team) (?:said|told|are|have)",
)
ARGUE_OPENER = compiled(r"(?:^|[|?] )(?:but|actually|however|well actually|no no|not really)\b")


# "I'm fine, how are you?" answers a greeting; it is no "we're fine as we are".
GREETING = phrases(
    r"how (?:are|r) (?:you|u|things)",
    r"(?:and|how about|what about) (?:you|yourself)",
    r"hows (?:it going|your day|everything)",
    r"(?:hi|hello|hey|good (?:morning|afternoon|evening))",
)
WELLBEING = phrases(r"(?:im|i am|were|we are) (?:doing )?(?:fine|good|ok|okay|well|great)")


def raised(norm: str) -> str | None:
    """The kind of objection a (normalised) prospect turn raises, or None."""
    if GREETING.search(norm):
        norm = WELLBEING.sub("|", norm)
    for kind, pattern in OBJECTION_PATTERNS:
        if pattern.search(norm):
            return kind
    return None


# Reflective listening: the rep says back what the prospect feels or means ("so you feel...",
# "it sounds like..."). A reflection rolls with the objection; it is no argument.
REFLECTS = compiled(
    r"^(?:(?:so|and|okay|ok|alright|all right|right|yeah|mm|mhm|hmm|well|now) (?:[|] )?)*"
    r"(?:(?:it )?sounds like|it seems like|for you|part of you|what i(?:m)? hear|im hearing|"
    r"youd rather|"
    r"(?:so )?you(?:re|ve)? (?:kind of |sort of |really |just |still )?(?:feel|feeling|worried|"
    r"concerned|not sure|wondering|thinking|saying|dont feel|dont think|dont see|dont want)|"
    r"so you(?:re|ve|d)? (?:kind of |sort of |really |just |still )?(?:think|believe|like|enjoy|"
    r"want|wish|rather|seem|sound|said|had said))\b"
)


def argues(norm: str, asks: bool, tells: bool) -> bool:
    """Whether a (normalised) rep turn answering an objection argues with it."""
    if REFLECTS.search(norm):
        return False
    if ARGUE_STRONG.search(norm):
        return True
    if ARGUE_OPENER.search(norm) and tells:
        return True
    return tells and not asks

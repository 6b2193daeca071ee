"""Question cues: the word patterns that open a question, in typed text and voice-to-text run-ons,
and the ones that rule a match out (embedded clauses, pitches dressed as questions, greetings).

Everything works on `roleplay.analysis.cues.normalise(text)`.
"""

from __future__ import annotations

import re

from roleplay.analysis.cues import AUX, PERSON, SUBJECT, WH, WH_CONTRACTED, Gated, compiled, phrases

# A time offered for a meeting: "tomorrow", "friday morning", "later this week", "next month".
WHEN = (
    r"(?:(?:later|early|earlier|sometime|some time) )?(?:(?:this|next|that) )?"
    r"(?:today|tomorrow|tonight|week|weekend|month|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|morning|afternoon|evening|time)(?: (?:morning|afternoon|evening|night))?"
)
_NOT_PRONOUN = rf"(?!(?:{PERSON})\b)[a-z0-9$%]+"
# "what social issue matters most", "which number fits best": wh + a bare noun phrase + a verb
# ("what the team says", "what it sounds like", "what everybody does" are embedded clauses;
# "what, two years ago" names a time).
_NOT_BARE_NOUN = (
    "it|there|the|a|an|this|that|these|those|my|his|her|its|everybody|everyone|anybody|anyone|"
    "somebody|someone|nobody|people"
)
_NOT_VERB = (
    "is|was|has|does|this|its|thats|us|yes|always|perhaps|unless|less|plus|sometimes|as|"
    "years|months|weeks|days|hours|minutes|times"
)
_WH_SUBJECT = (
    rf"(?:what|which) (?!(?:{PERSON}|{_NOT_BARE_NOUN})\b)\w+(?: {_NOT_PRONOUN})?"
    r"(?: of (?:the|your|a|an|this|that|our|their) \w+)? "
    rf"(?:(?:best|most|really|usually|always|still) )?(?!(?:{_NOT_VERB})\b)\w+s "
    r"(?!(?:is|was|are|were)\b)\w"
)
QUESTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "wh-question@inverted",
        # "which vendor do you...", "how long have you..."; not "when the team had a ..." (a
        # time clause: "when" takes no noun) nor "when you've had a ...".
        compiled(
            rf"\b(?:(?!when\b)(?:{WH})(?: {_NOT_PRONOUN}){{1,2}}?|(?:{WH})) "
            rf"(?:{AUX}) (?:{SUBJECT})\b"
        ),
    ),
    ("wh-question@direct", compiled(rf"\b(?:{WH}) (?:{AUX}) (?:you|ya|yall|we|they|he|she|i)\b")),
    ("wh-question", compiled(rf"\b(?:{WH_CONTRACTED})\b")),
    ("wh-question", compiled(rf"\b(?:what|how|why) (?:{AUX})\b")),
    (
        "wh-question@start",
        compiled(
            rf"\b(?:(?:what|how|why|who|where) (?:{AUX}|about|if|else|kind|sort|type|"
            r"types|kinds|many|much|long|often|exactly|specifically|made|makes|happens|happened|"
            r"led|brings|brought|prompted|got|gets|keeps|stops|part|areas|one|ones|tools|vendor|"
            r"vendors|options|other|level|percentage|size|role|time|day|days|month|year|steps)|"
            r"how (?:you|ya) (?:doing|going|gonna|been|holding|liking|finding)|"
            r"(?:which|when) (?:one|ones|would|will|is|are|do|does|did|can)|"
            r"who \w+s|how come|where (?:in|at|on|abouts|else)|whereabouts|"
            r"(?:what|who) (?!(?:its|thats|theres|hes|shes|lets|this|us|is|was|has|does)\b)"
            r"\w+s "
            r"(?:to|you|your|the|it|that|this|me|us|them|him|her)|"
            r"(?:anything|anyone|anybody) (?:else|that|you|your)|"
            r"any (?:other|more|particular) \w+(?= ?[|?]|$| (?:that|you|or)\b)|"
            r"(?:you|ya) got any)\b"
        ),
    ),
    # "... two vans, any other equipment you rely on": asks, even run on after a noun
    ("wh-question@any", compiled(r"\bany (?:other|more) \w+ (?:that )?(?:you|youd|youve)\b")),
    ("how-about", compiled(r"\b(?:how|what) about\b")),
    (
        "wh-question",
        compiled(
            r"\b(?:(?:what|who) (?:(?:made|makes|led|leads|brought|brings|got|gets|keeps|drove|"
            r"drives|prompted|happens|happened|changed|stops|stopped) "
            r"(?:you|your|the|that|this|it)|"
            r"\w+s (?:you|your))|(?:what|which) (?:(?:kind|sort|type)s? of|other|else))\b|"
            r"\b(?:what|why|how)(?= ?\?|$)"
        ),
    ),
    ("wh-question", compiled(rf"\b{_WH_SUBJECT}")),
    ("wh-quantity", compiled(r"\bhow (?:many|much|long|often|soon|big|far|old|quickly|fast)\b")),
    (  # "and had a long lunch", like "have a look": a verb and its object, no inversion
        "inversion@start",
        compiled(rf"\b(?:{AUX}) (?:{SUBJECT})\b(?<!\bhave a)(?<!\bhave the)(?<!\bhad a)"),
    ),
    (
        "inversion",
        compiled(
            r"^(?:(?:so|and|but|okay|ok|well|now|yeah|oh|alright|then) )*"
            r"(?:is|are|was|does|did|can|could|would|will|should) "
            r"(?!(?:be|been|being|not|also|just|really|very|gonna|going|to|so|because|like)\b)\w"
        ),
    ),
    (
        "check-question",
        phrases(
            r"did i (?:get|hear|understand)",
            r"(?:is|are) there (?:anything|any|a|ever|still|something|anyone|anybody|someone)",
            r"(?:is|was) this (?:a|an|something|still)",
            r"is that something",
            r"(?:does|would|did) (?:this|that) (?:sound|seem|make|look)",
            # not "it is that kind of job"
            r"(?=(?:is|was) that )(?<!\bit )(?<!\bthis )(?<!\bhe )(?<!\bshe )(?<!\bthere )"
            r"(?:is|was) that (?:what|right|correct|kind of|how|it(?= ?[|?]|$)|fair|true|because)",
            r"got (?:a|two|2|a few) (?:minute|minutes|moment|second|sec)(?= ?[|?]|$)",
            r"(?:is|would) (?:this|now|it|today|tomorrow|that) (?:still |also )?(?:be )?(?:a |an )?"
            r"(?:good|bad|okay|ok|convenient|better|fine|alright|easier)",
            r"would (?:that|this|it) (?:help|work|suit you)",
            # "would later this week be better", "does friday morning work": a time as the subject
            rf"(?:would|will|does|could) {WHEN} (?:be|work|suit|fit|do)",
            r"(?:that|this) sound (?:good|okay|ok|alright|fair|right)",
            # a whole clause that echoes the answer back: "oh, you do?", "you think so?"
            r"(?:^|(?<=[|?] ))(?:(?:oh|really|so) (?:\| )?)*(?:oh|really) (?:\| )?you (?:do|did|"
            r"are|were|have|had|"
            r"can|will|dont|didnt|arent|werent|havent|cant|wont)(?= ?[|?]|$)",
            r"(?:^|(?<=[|?] ))(?:(?:oh|really|so) )*you think so(?= ?[|?]|$)",
            # at the end of a run-on: "... is the quote still right", "is that still the case"
            r"(?=(?:is|are|was|were) )"
            r"(?<!\bit )(?<!\bthat )(?<!\bthis )(?<!\bthere )(?<!\bwhich )(?<!\bwhat )"
            r"(?<!\bwho )(?<!\bhe )(?<!\bshe )"
            r"(?:is|are|was|were) (?:that|this|it|(?:the|your|those|these) \w+) "
            r"(?:still |really |also |all )?(?:accurate|right|correct|true|fair|okay|ok|clear|"
            r"realistic|the case|enough|doable|manageable|a problem|an issue|a concern)"
            r"(?= ?[|?]|$)",
        ),
    ),
    (
        "inversion@mid",
        compiled(
            r"\b(?:(?:do|does|did|are|have|can|could|would|will|should|were|wouldnt|dont|didnt|"
            r"arent|havent|cant|couldnt|wont|shouldnt) (?:you|ya|yall|u|they)|"
            r"(?:doesnt|dont|didnt|wouldnt|wont|cant|couldnt|shouldnt) (?:that|it|this)|"
            r"(?:would|could|will) it)\b"
        ),
    ),
    ("request@mid", compiled(r"\b(?:can|could|should|shall|may) (?:we|i)\b")),
    (
        "tag-question@tag",
        compiled(
            r"\b(?:right|correct|isnt it|arent you|dont you|didnt you|wasnt it|dont they|"
            # "..., isn't he", "wasn't there": a negative tag, not a verb after its subject ("if it
            # wasn't there")
            r"(?=(?:isnt|arent|wasnt|werent|doesnt|didnt|wont|wouldnt|cant|couldnt|havent|hasnt) )"
            r"(?<!\bit )(?<!\bhe )(?<!\bshe )(?<!\bwe )(?<!\bi )(?<!\bthere )(?<!\bthat )"
            r"(?:isnt|arent|wasnt|werent|doesnt|didnt|wont|wouldnt|cant|couldnt|havent|hasnt) "
            r"(?:he|she|they|we|there|that)|"
            r"is that right|is that correct|is that fair|is that true|does that make sense|"
            r"make sense|sound good|or not|or no|you think|eh|huh|or anything|"
            r"or what|or(?= ?\??$)|id guess|i guess|i bet|i imagine|id imagine|i take it|i assume|"
            r"i suppose)"
            r"(?= ?[?|]|$)"
        ),
    ),
    (
        "request",
        phrases(
            r"tell me (?:about|more|how|what|why|a bit|a little|whats|where|when|who|if|whether)",
            r"walk me through",
            r"help me understand",
            r"(?:im|i am) curious",
            r"(?:i|im|i am) (?:was )?(?:just |also |really |kind of |sort of )?"
            r"(?:wonder|wondering)",
            r"(?:id|i would) (?:like|love) to (?:know|hear|understand|learn)",
            r"(?:may|can|could|might) i ask",
            r"mind if i ask",
            r"let me ask",
            r"(?:i|i was|i was just) (?:going to|gonna|about to) ask"
            r"(?= (?:you|if|whether|about|how|what|why|when|where|who|which|like)\b)",
            r"say more",
            r"explain (?:to me )?(?:how|what|why)",
            r"share (?:with me|more|a bit|a little)",
            r"curious (?:about|what|how|why|whether|if)",
            r"give me a sense",
            r"paint me a picture",
        ),
    ),
)
# The words one of which each question pattern above needs, in the same order.
_WH_WORDS = WH.replace("|", " ")
_QUESTION_GATES = (
    _WH_WORDS,
    _WH_WORDS,
    WH_CONTRACTED.replace("|", " "),
    "what how why",
    f"{_WH_WORDS} whereabouts anything anyone anybody any",
    "any",
    "about",
    _WH_WORDS,
    "what which",
    "how",
    AUX.replace("|", " "),
    "is are was does did can could would will should",
    "did is was would are does got sound will could oh really think",
    "doesnt do does did are have can could would will should were wouldnt dont didnt arent havent "
    "cant "
    "couldnt wont shouldnt",
    "can could should shall may",
    "right correct isnt arent dont didnt wasnt werent doesnt wont wouldnt cant couldnt havent "
    "hasnt "
    "is sense make sound or you eh huh guess bet imagine "
    "take assume suppose",
    "tell walk help curious wonder wondering like love ask mind let say explain share give paint",
)
QUESTION_CUES: tuple[tuple[str, Gated], ...] = tuple(
    (cue, Gated(words, pattern))
    for (cue, pattern), words in zip(QUESTION_PATTERNS, _QUESTION_GATES, strict=True)
)
# "what happened is...", "what you pay is outrageous": a wh-clause used as a subject. With a
# subject pronoun right after "what" ("what I'm hearing is that...") or after a contracted "what's"
# ("what's odd is your..."), the "is" after it can only be the main verb.
PSEUDO_CLEFT = compiled(
    r"whats? (?!(?:is|are|was|were|do|does|did|kind|sort|type)\b)\w+(?: \w+){0,4}? (?:is|was) "
    r"(?!(?:it|that|this|there|he|she|your|the|you)\b)|"
    r"what (?:i|im|ive|id|it|youre|youve|weve|theyre|theyve|hes|shes)(?: \w+){0,4}? (?:is|was)\b|"
    r"whats(?: \w+){1,5}? (?:is|was) (?!(?:it|there|he|she|everyone|everybody|anyone|anything)\b)"
)
# A greeting pleasantry ("how are you doing today", "hows it going") seeks nothing the seller
# needs: it is no question asked. Not when the clause goes on ("how are you doing with ...",
# "how have you been feeling").
GREETING = Gated(
    "how hows howre",
    compiled(
        r"\b(?:how (?:are|r) (?:you|ya|u|yall|things)(?: (?:guys|all|folks))?|howre (?:you|ya)|"
        r"how (?:you|ya) doing|hows it going|how is it going|how have you been|"
        # "how do you do", not "how do you do the wages" or "how do u do payroll": a word after
        # it (but a time or a form of address) is what they do, and the clause asks how
        r"how do (?:you|u|ya) do(?! (?!(?:today|tonight|sir|madam|maam|mate)\b)[a-z0-9])|"
        # "weak": voice-to-text's week ("hows your weak going")
        r"hows (?:everything|things|life|your (?:day|morning|afternoon|evening|week|weak|"
        r"weekend))|how (?:is|was) your (?:day|morning|afternoon|evening|week|weak|weekend))"
        r"(?: (?:doing|going|keeping|been|today|tonight|so far|this (?:morning|afternoon|evening|"
        r"day|week)))*"
        r"(?! (?:\| )?(?:with|at|in|on|for|about|over|since|after|without|by|from|to|lately|"
        r"there|feel|think|find|gonna|gotta|able|\w+ing)\b)\b",
        unicode=True,  # the prospect engine (`prospect.hearing`) reads it on accented words too
    ),
)
# "a drug which is...", "someone who's new": after a noun, not after a pause or an opener, a
# "which"/"who" with its verb right after it starts a relative clause, not a question.
RELATIVE_CLAUSE = compiled(rf"(?:which|who|whose) (?:{AUX})\b|whos\b")
# "which is why I ...", "which is what they want": a sentence relative, after a pause too.
WHICH_IS_WHY = compiled(r"which (?:is|was) (?:why|what|how|where|when|whats)\b")
# "... | is a big step", "isn't a good mix": a verb with a predicate and no subject is the rest
# of a sentence, not a question ("is a demo okay?" has one; so has "is this ...").
PREDICATE_FRAGMENT = compiled(
    r"(?:is|isnt|was|wasnt) (?:a|an)(?: \w+){0,2} (?!(?:okay|ok|fine|possible|enough|needed|"
    r"necessary|important|worth|helpful|useful|available|better|right|good|problem|option|issue|"
    r"concern|priority|fit)\b)\w+(?= ?[|?]|$| (?:when|because|if|since)\b)|"
    # "now is the part where we decide", "... | is the reason why": a noun with its relative clause
    # is the rest of a sentence
    r"(?:is|isnt|was|wasnt) the (?:part|reason|thing|point|place) (?:where|why|that|when|which|"
    r"who)\b"
)
# The typed "?" ends a segment: the question starts after the previous boundary.
QUESTION_MARK = re.compile(r"(?:^|(?<=[|?] ))[^|?]*\?")

# A pitch dressed as a question: telling, not asking.
PITCH_QUESTION = compiled(
    r"\b(?:(?:so|and|but|well|now|okay|hey|listen|look|honestly|tell me|say) )*(?:"
    r"did you know(?!(?: that)? ?(?:[|?]|$))|do you know that|"
    r"have you heard (?:that|about our|of our|how our)|"
    r"(?:wouldnt|dont) you (?:agree|think|say|want|like|love)|isnt it (?:time|true|obvious|clear)|"
    r"(?:wouldnt|doesnt|isnt) (?:it|that) (?:be|sound|make)|wouldnt it be|"
    r"what if i (?:told|said|could)|"
    r"(?:would|how would) you like to (?:save|cut|increase|reduce|double|grow|boost|make more)|"
    r"are you aware (?:that|of|how)|can you imagine|imagine (?:if|what|how)|"
    r"why (?:wouldnt|not) you|why not (?:try|give|let|switch|take|put|donate|help|just|sign|start)|"
    r"who (?:doesnt|wouldnt)|are you ready to|"
    r"what would you say if (?:i|we) (?:told|said|could|showed|offered|gave)|"
    r"(?:do|did) you realize|dont you want|wouldnt you want|arent you tired|"
    r"what if (?:you|your team) could|how (?:great|nice|good) would it be|"
    r"is there any reason (?:not|why you wouldnt)|"
    r"(?:would|could|can) you (?:afford|imagine|see yourself)|are you sure (?:youre|you|that)|"
    r"(?:wouldnt|doesnt|isnt) (?:your|their|the) \w+ (?:be|feel|sound|look) better|"
    r"were (?:the|a) (?:best|leading|only|largest|biggest|fastest|top|number one)|"
    # rhetorical: an argument or an exclamation in the form of a question
    r"(?:how|what) about the fact|have you no|can you believe|"
    r"(?:isnt|wasnt) (?:it|that) (?:just )?(?:insane|crazy|amazing|incredible|awful|terrible|"
    r"horrible|shocking|unbelievable|sad|ridiculous|outrageous)"
    r")\b"
)


"""The word-level cues the turn analysis looks for: normalised text and precompiled patterns.

Everything here works on `normalise(text)`: lowercase, no apostrophes, fillers dropped, and clause
boundaries written as ` | ` (typed punctuation, or a dropped filler) and ` ? ` (typed "?").
Voice-to-text has no punctuation, so no pattern depends on it: the "?" is one cue among many.
Generic word lists only; no text from any data set.
"""

from __future__ import annotations

import re
from functools import lru_cache

FILLERS = frozenset(
    [
        "um",
        "umm",
        "uh",
        "uhh",
        "uhm",
        "er",
        "erm",
        "ah",
        "ahh",
        "hmm",
        "hm",
        "mm",
        "mmm",
        "mhm",
        "mmhmm",
        "uhhuh",
        "huh",
        "eh",
    ]
)
# Words after which a new clause may start (voice-to-text run-ons have no other boundary).
DISCOURSE = [
    "so",
    "and",
    "but",
    "okay",
    "ok",
    "well",
    "now",
    "alright",
    "yeah",
    "yes",
    "no",
    "right",
    "great",
    "cool",
    "sure",
    "oh",
    "hey",
    "hi",
    "hello",
    "anyway",
    "also",
    "or",
    "because",
    "cause",
    "then",
    "plus",
    "actually",
    "just",
    "honestly",
    "listen",
    "look",
    "see",
    "thanks",
    "perfect",
    "awesome",
    "wow",
    "gotcha",
    "understood",
    "interesting",
    "good",
    "totally",
    "absolutely",
    "exactly",
    "true",
    "fine",
    "fair",
    "sorry",
    "nice",
    "enough",
    "sense",
]
WH = "what|how|why|where|when|who|which|whom|whose"
WH_CONTRACTED = "whyd|whats|hows|whys|wheres|whens|whos|whatre|howre|whatll|howd|whatd|whered|whod"
AUX = (
    "is|are|was|were|am|do|does|did|have|has|had|can|could|would|will|should|shall|may|might|must|"
    "isnt|arent|wasnt|werent|dont|doesnt|didnt|havent|hasnt|cant|couldnt|wouldnt|wont|shouldnt"
)
SUBJECT = (
    "you|ya|yall|we|they|it|that|this|there|he|she|i|your|anyone|anybody|someone|somebody|"
    "everyone|anything|something|the|a|any|things|people|folks|u"
)
PERSON = "you|ya|yall|we|they|he|she|i|u|your|our|their"
WH_WORDS = frozenset(WH.split("|") + WH_CONTRACTED.split("|"))
AUX_WORDS = frozenset(AUX.split("|"))
SUBJECT_WORDS = frozenset(SUBJECT.split("|"))
# A word before a wh-word that makes it an embedded clause ("that's what we do", "I know how").
EMBEDDERS = frozenset(
    [
        "know",
        "knew",
        "knows",
        "see",
        "saw",
        "seen",
        "thats",
        "exactly",
        "understand",
        "remember",
        "matter",
        "matters",
        "sure",
        "idea",
        "care",
        "is",
        "was",
        "are",
        "show",
        "shows",
        "showed",
        "learn",
        "decide",
        "figure",
        "found",
        "find",
        "realize",
        "imagine",
        "believe",
        "depends",
        "regardless",
        "think",
        "thinking",
        "guess",
        "hear",
        "heard",
        "say",
        "said",
        "like",
        "love",
        "loved",
        "liked",
        "you",
        "of",
        "to",
        "for",
        "on",
        "in",
        "at",
        "with",
        "from",
        "by",
        "matter",
        "no",
        "wonderful",
        "amazing",
        "incredible",
        "surprised",
        "about",
        "its",
    ]
)


# Before an inverted wh-question ("what do you..."), "you" is an object, not an embedding verb:
# "I hear you, what do you like most" asks; "I'll tell you what we do" does not invert.
EMBEDDERS_OF_INVERTED = EMBEDDERS - {"you"}
# A verb whose object a wh-clause can be ("want what's best", "doing what's right", "aware what's
# going on"): only where the wh-clause is not inverted (after "what do you..." a new question
# starts more often than not) and goes on ("they could tell what?" echoes).
_TAKES_A_WH_OBJECT = (
    "want wants wanted doing aware versus out explain explaining describe discuss tell tells "
    "telling told"
)
EMBEDDERS_OF_CLAUSE = EMBEDDERS | frozenset(_TAKES_A_WH_OBJECT.split())


# "wh + auxiliary + pronoun" inverts only in a direct question ("great, how do you feel about it"),
# whatever comes before, except a preposition ("a plan of how do they..." reads as embedded).
PREPOSITIONS = frozenset("of to for on in at with from by about into over".split())  # noqa: SIM905
# Words after which "any other ..." is an object or a condition ("without any other costs you
# face", "if any more questions you have"), not a question of its own.
_TAKES_ANY = (
    "have has had got get need needs want wants see know find use take make do does did dont "
    "doesnt didnt no not there are is was were if whether than give pay buy try hear without "
    "ask answer"
)
BEFORE_AN_OBJECT = PREPOSITIONS | frozenset(_TAKES_ANY.split())
# Prepositions a spoken wh-question may open with ("for how long", "in what way", "since when").
PIED_PIPED = frozenset("for in on at with from by since until".split())  # noqa: SIM905


# A pattern named "cue@guard" is kept only where the guard allows (checked on the word before,
# in Python: far faster than a regex lookbehind alternation tried at every position).
CLAUSE_OPENERS = frozenset([*DISCOURSE, "|", "?"])
# "I just had a thought", "and just do it": "just" before a verb modifies it, it opens no question.
INVERSION_OPENERS = CLAUSE_OPENERS - {"just"}
_NOT_BEFORE_INVERSION = (
    "if than as i we they you that whether because so what how why when where who which the to"
)
NOT_BEFORE_INVERSION = frozenset(_NOT_BEFORE_INVERSION.split())
NOT_BEFORE_TAG = frozenset(
    "thats youre all is its exactly right are were quite they be just hes shes theyre im".split()  # noqa: SIM905
)


def _words(text: str) -> list[str]:
    return text.split()


@lru_cache(maxsize=64)
def words_in(text: str) -> frozenset[str]:
    """The words of a normalised text (cached: several gated patterns look at the same text)."""
    return frozenset(text.split())


class Gated:
    """A pattern and the words one of which every match contains: a text without any of them
    skips the regex (a set lookup instead of an alternation tried at every word)."""

    __slots__ = ("pattern", "words")

    def __init__(self, words: str, pattern: re.Pattern[str]) -> None:
        self.words = frozenset(words.split())
        self.pattern = pattern

    def open_for(self, text: str) -> bool:
        return not self.words.isdisjoint(words_in(text))

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.open_for(text) else None

    def split(self, text: str) -> list[str]:
        return self.pattern.split(text) if self.open_for(text) else [text]

    def finditer(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self.open_for(text) else []


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def phrases(*items: str) -> re.Pattern[str]:
    """One pattern matching any of the phrases (regex syntax allowed) as whole words."""
    return _compile(r"\b(?:" + "|".join(items) + r")\b")


_TOKEN = re.compile(r"[a-z0-9$%]+|[.!;,:?]")
# Apostrophes dropped ("don't" -> "dont"), dashes and slashes made spaces: one str.translate.
_PUNCTUATION = str.maketrans(
    {"'": None, "’": None, "`": None, "-": " ", "–": " ", "—": " ", "/": " "}
)
_YOU_KNOW = re.compile(r"(\w+ )?\byou know\b(?! (?:if|whether|that|about|the|a|any|anyone)\b)")
_ASKS_YOU_KNOW = frozenset(
    "do did dont didnt if what would could will can should whether want".split()  # noqa: SIM905
)


def _drop_you_know(match: re.Match[str]) -> str:
    before = match.group(1) or ""
    return match.group(0) if before.strip() in _ASKS_YOU_KNOW else before + " , "

_I_MEAN = re.compile(r"\bi mean\b")


# Words that cannot end a clause: a filler right after one is a pause mid-phrase, no boundary
# ("book thirty uh minutes", "with um your team").
_MID_PHRASE = _words(
    "a an the your our my their his her its this these those some any every each no to of for with "
    "in on at by from about into over than i we they he she two three four five six ten twenty "
    "thirty forty fifty hundred very really more most be"
)
_GLUE = frozenset(WH.split("|") + AUX.split("|") + WH_CONTRACTED.split("|") + _MID_PHRASE)


def normalise(text: str) -> str:
    """Lowercase words with ` | ` at boundaries and ` ? ` at typed question marks."""
    text = text.lower().translate(_PUNCTUATION)
    if "you know" in text:
        text = _YOU_KNOW.sub(_drop_you_know, text)
    if "i mean" in text:
        text = _I_MEAN.sub(" , ", text)
    out: list[str] = []
    for token in _TOKEN.findall(text):
        if token in FILLERS and out and out[-1] in _GLUE:
            continue  # "what uh makes it": a filler inside a question onset is no boundary
        if token in FILLERS or token in ".!;,:":
            _boundary(out, "|")
        elif token == "?":
            _boundary(out, "?")
        elif not out or token != out[-1]:
            out.append(token)
    while out and out[-1] == "|":
        out.pop()
    return " ".join(out)


def _boundary(out: list[str], mark: str) -> None:
    if not out:
        return
    if out[-1] in "|?":
        if mark == "?":
            out[-1] = "?"
        return
    out.append(mark)


# --- questions -------------------------------------------------------------------------------

# A time offered for a meeting: "tomorrow", "friday morning", "later this week", "next month".
_WHEN = (
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
        _compile(
            rf"\b(?:(?!when\b)(?:{WH})(?: {_NOT_PRONOUN}){{1,2}}?|(?:{WH})) "
            rf"(?:{AUX}) (?:{SUBJECT})\b"
        ),
    ),
    ("wh-question@direct", _compile(rf"\b(?:{WH}) (?:{AUX}) (?:you|ya|yall|we|they|he|she|i)\b")),
    ("wh-question", _compile(rf"\b(?:{WH_CONTRACTED})\b")),
    ("wh-question", _compile(rf"\b(?:what|how|why) (?:{AUX})\b")),
    (
        "wh-question@start",
        _compile(
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
    ("wh-question@any", _compile(r"\bany (?:other|more) \w+ (?:that )?(?:you|youd|youve)\b")),
    ("how-about", _compile(r"\b(?:how|what) about\b")),
    (
        "wh-question",
        _compile(
            r"\b(?:(?:what|who) (?:(?:made|makes|led|leads|brought|brings|got|gets|keeps|drove|"
            r"drives|prompted|happens|happened|changed|stops|stopped) "
            r"(?:you|your|the|that|this|it)|"
            r"\w+s (?:you|your))|(?:what|which) (?:(?:kind|sort|type)s? of|other|else))\b|"
            r"\b(?:what|why|how)(?= ?\?|$)"
        ),
    ),
    ("wh-question", _compile(rf"\b{_WH_SUBJECT}")),
    ("wh-quantity", _compile(r"\bhow (?:many|much|long|often|soon|big|far|old|quickly|fast)\b")),
    (  # "and had a long lunch", like "have a look": a verb and its object, no inversion
        "inversion@start",
        _compile(rf"\b(?:{AUX}) (?:{SUBJECT})\b(?<!\bhave a)(?<!\bhave the)(?<!\bhad a)"),
    ),
    (
        "inversion",
        _compile(
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
            rf"(?:would|will|does|could) {_WHEN} (?:be|work|suit|fit|do)",
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
        _compile(
            r"\b(?:(?:do|does|did|are|have|can|could|would|will|should|were|wouldnt|dont|didnt|"
            r"arent|havent|cant|couldnt|wont|shouldnt) (?:you|ya|yall|u|they)|"
            r"(?:doesnt|dont|didnt|wouldnt|wont|cant|couldnt|shouldnt) (?:that|it|this)|"
            r"(?:would|could|will) it)\b"
        ),
    ),
    ("request@mid", _compile(r"\b(?:can|could|should|shall|may) (?:we|i)\b")),
    (
        "tag-question@tag",
        _compile(
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
PSEUDO_CLEFT = _compile(
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
    _compile(
        r"\b(?:how (?:are|r) (?:you|ya|u|yall|things)(?: (?:guys|all|folks))?|howre (?:you|ya)|"
        r"how (?:you|ya) doing|hows it going|how is it going|how have you been|how do you do|"
        r"hows (?:everything|things|life|your (?:day|morning|afternoon|evening|week|weekend))|"
        r"how (?:is|was) your (?:day|morning|afternoon|evening|week|weekend))"
        r"(?: (?:doing|going|keeping|been|today|tonight|so far|this (?:morning|afternoon|evening|"
        r"day|week)))*"
        r"(?! (?:\| )?(?:with|at|in|on|for|about|over|since|after|without|by|from|to|lately|"
        r"there|feel|think|find|gonna|gotta|able|\w+ing)\b)\b"
    ),
)
# "a drug which is...", "someone who's new": after a noun, not after a pause or an opener, a
# "which"/"who" with its verb right after it starts a relative clause, not a question.
RELATIVE_CLAUSE = _compile(rf"(?:which|who|whose) (?:{AUX})\b|whos\b")
# "which is why I ...", "which is what they want": a sentence relative, after a pause too.
WHICH_IS_WHY = _compile(r"which (?:is|was) (?:why|what|how|where|when|whats)\b")
# "... | is a big step", "isn't a good mix": a verb with a predicate and no subject is the rest
# of a sentence, not a question ("is a demo okay?" has one; so has "is this ...").
PREDICATE_FRAGMENT = _compile(
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
PITCH_QUESTION = _compile(
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

# --- telling ---------------------------------------------------------------------------------

# "... did you know that?" after a statement asks whether they knew, and tells the fact before it.
KNEW_THAT = _compile(r"\w \w+ (?:\| )?did you know(?: that)? ?(?:[|?]|$)")

_PRODUCT = (
    "product|products|platform|tool|tools|software|solution|solutions|service|services|system|app|"
    "technology|program|programs|offering|team|clients|customers|company|pricing|plan|plans|"
    "approach|organization|charity|network|model|process|feature|features|integration|engine"
)
# "we will stop there", "we will pick this up next time": a plan for the conversation, no pitch.
_CONVERSATION_PLAN = (
    r"(?:(?:just|then|also|have to|need to) )?(?:stop|pause|end|finish|wrap|continue|pick|talk|"
    r"speak|chat|meet|see (?:you|each other|how)|catch up|touch base|follow up|get back|come back|"
    r"go back|go over|leave (?:it|this|that)|be in touch|take a (?:break|minute|moment))\b"
)
TELL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "pitch",
        phrases(
            r"we (?:help|helps|provide|offer|have|make|built|build|specialize|deliver|"
            r"give|save|cut|"
            r"reduce|guarantee|integrate|handle|automate|work with|partner|support|sell|focus|"
            r"serve|ensure|track|protect|fund|raise|run|can (?:help|get|save|cut|do|show|have|set)|"
            rf"will(?! {_CONVERSATION_PLAN})|"
            r"are (?:the|a|an|one|known|trusted|rated)|re (?:the|a|an|one|known|trusted)|"
            r"ve (?:helped|worked|built|saved|been|seen|got))",
            rf"our(?: \w+)? (?:{_PRODUCT})",
            r"were (?:the best|the leading|the only|the largest|the fastest|known|trusted|rated)",
            rf"(?:it|this|that|(?:this|the|our) (?:{_PRODUCT})) "
            r"(?:lets|allows|helps|gives|saves|cuts|reduces|integrates|automates|"
            r"pays|plugs|connects|syncs|handles|works with|takes care|comes with|"
            r"includes|means you)",
            r"(?<!\bif )(?<!\bwhether )"  # "ask if you would want to..." is no promise
            r"you(?:ll| will| would|d) (?:save|get|see|cut|be able|love|never|have(?! been)|make|"
            r"gain|want|reduce|free up|double|find)",
            r"you (?:could|might) have (?:saved|avoided|caused|killed|hurt|lost|prevented)",
            r"you can (?:save|get|see|cut|track|choose|sponsor|donate|expect|count on|rely|reverse|"
            r"prevent|avoid|reduce|lower|improve|protect)",
            r"you can (?:also |always |actually |just |even )?(?:find|visit|read|learn|donate|give|"
            r"make|check|go to|look at|sign up|try|start|use|pay|contribute|refer to|opt for|"
            r"pick|do (?:a|an|either|both))",
            r"your \w+ (?:will|would|can|could|goes|go|means|helps|is going to|are going to)",
            r"(?:its|it is|this is) (?:the|a|an) (?:best|leading|only|easiest|fastest|simplest|"
            r"great|top|proven|international|non profit|nonprofit|global|award)",
            r"let me (?:tell|explain|show|walk you) ",
            # an offer on terms: "I'll match their price", "we can waive the fee"
            r"(?:i|we) (?:will|can|could|would) (?:match|beat|waive|throw in)",
            r"(?:ill|id) (?:match|beat|waive|throw in)",
            r"(?:i (?:just )?(?:want|wanted|would like|would love)|id (?:just )?(?:like|love)|"
            r"(?:im|i am|i would be|id be) (?:happy|glad|pleased)) to "
            r"(?:tell|show|share|introduce|explain)",
        ),
    ),
    (
        "claim",
        phrases(
            r"\d+ ?(?:%|percent|x|times|hours|dollars|minutes|days|weeks)",
            r"(?:we|were|our \w+|it|its) (?:is |are |re )?(?:much |a lot |"
            r"way )?(?:cheaper|faster|better|"
            r"easier|simpler|more affordable|more reliable|different)",
            r"\$ ?\d+",
            r"percent",
            r"roi",
            r"return on investment",
            r"guarantee[ds]?",
            r"proven",
            r"industry (?:leading|leader|standard)",
            r"best in class",
            r"number one",
            r"market leader",
            r"award winning",
            r"trusted by",
            # what experience shows: "what we find is that...", "most people find that..."
            r"what (?:we|i) (?:(?:often|usually|also|generally|tend to) )?(?:find|see|know|hear) "
            r"is",
            r"(?:most|many|a lot of) (?:people|patients|clients|customers|folks|owners) "
            r"(?:(?:often|usually|actually|tend to) )?(?:find|notice|say|tell us|report) that",
            r"(?:customers|clients|companies|teams|users) (?:like you|see|love|report|tell us|"
            r"save|get|have seen|typically|usually|who switch)",
            r"fortune 500",
            r"(?:studies|research|evidence|statistics|data) (?:show|shows|suggest|suggests|says)",
            r"(?:the )?(?:studies|research) (?:has|have) shown",
            r"(?:we|i) know that",
            r"(?:can|could|will|may) (?:lead to|cause|result in|increase|raise|damage|harm|reduce|"
            r"lower|improve|make a (?:big |huge )?difference|change|"
            r"(?:really )?have (?:a|an) (?:\w+ )?(?:impact|effect))",
            r"(?:is|are) (?:linked|associated|known|shown|proven) ",
            r"make a (?:big |huge |real )?difference",
            # where the money goes: "every dollar will go directly to", "it goes towards",
            # "most of it went to" (not a person who went somewhere)
            r"(?:goes|(?=went )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\bthey )(?<!\bhe )(?<!\bshe )went|"
            r"(?=(?:will|would|can|could) go)(?<!\bi )(?<!\bwe )(?:will|would|can|could) go|"
            r"(?:donations|funds|proceeds|profits|payments|all) go) "
            r"(?:directly |straight |right )?to(?:wards?)?",
            # how the money or the order is handled: "it will be deducted", "gets shipped",
            # "will come out of your budget"
            r"(?:will|would) come (?:right |directly |straight )?(?:out of|from) "
            r"(?:the|your|our|their|its|my)",
            r"(?:will|would|gets|get|is|are) (?:be )?(?:\w+ly )?(?:deducted|taken (?:out|from)|"
            r"sent|collected|passed on|matched|charged|billed|shipped|delivered|installed|"
            r"put to (?:good |great )?use|"
            r"credited|refunded|waived)",
            r"every (?:dollar|penny|cent|bit)",
            # "any amount helps", "it can be as little as you like": what a small step achieves
            r"(?:(?:any|every) (?:little )?(?:amount|bit|contribution|donation|gift|order)|"
            r"everything|anything) (?:helps|counts|matters|is welcome)",
            r"(?:can|could) be (?:any amount|as (?:much|little) as)",
            r"(?:children|kids|families|people) (?:in need|need|who need)",
        ),
    ),
    (
        "lecture",
        phrases(
            # advice, not an embedded "what you need to do" / "if you have to"
            r"(?=you )(?<!\bwhat )(?<!\bif )(?<!\bwhen )(?<!\bwhether )(?<!\bthat )"
            r"you (?:really |definitely |absolutely |just )?(?:should|need to|have to|must|"
            r"ought to|gotta|got to)",
            r"you (?:really )?(?:do not|dont) need (?:to|a|an|any)\b",
            r"the (?:key|trick|secret|truth|fact|problem|thing) (?:is|with)",
            r"its (?:important|essential|crucial|vital|critical|recommended|best) (?:to|that)",
            r"(?:my|the) (?:advice|recommendation|suggestion)",
            # advice in the first person plural; proposing to meet is a next step, not advice
            r"i (?:really |honestly )?(?:think|believe|feel) (?:that )?(?:we|everyone|people) "
            r"(?:really |all )?(?:should|need to|ought to|have to|must)"
            r"(?! (?:set up|schedule|book|meet|talk|chat|catch up|follow up|get together)\b)",
            r"i (?:would |d )?(?:recommend|suggest|advise|encourage|urge)",
            r"it (?:would|might|could) be (?:good|best|helpful|wise|smart|better) (?:if|to|for)",
            r"(?<!\bin )the best (?:thing|way|option|approach)",  # not "in the best way you can"
            r"what you (?:need|want) is",
            r"trust me",
            # "think about..." said to the prospect, not "when you think about" (their thinking)
            r"(?=(?:just )?(?:think|imagine) )(?<!\byou )(?<!\bi )(?<!\bwe )(?<!\bthey )"
            r"(?:just )?(?:think|imagine) (?:about|of) (?:all|how|the|everyone|what|those|a|your)",
            r"you(?:re| are| could be| would be| will be| d be| ll be) (?:helping|saving|"
            r"giving|getting|investing|protecting)",
            r"believe me",
            r"(?:the )?(?:guidelines|recommended|limit) (?:is|are|say)",
            r"from a (?:medical|health|business|financial) (?:perspective|standpoint)",
            # announcing information: "just so you know", "I wanted to let you know that..."
            r"(?:let|make) you (?:know|aware) (?:that|about|of|the|our|we|it|they|there)",
            r"just so (?:you know|youre aware|you are aware)",
            # "the other thing I should mention", "worth pointing out": announcing information
            r"(?:i (?:should|must|have to|want to|wanted to|would like to)|id like to|let me) "
            r"(?:also )?(?:mention|point out|stress)",
            r"(?:its )?worth (?:mentioning|noting|pointing out)",
            r"(?:rest assured|please (?:know|note|keep in mind)|keep in mind that|bear in mind)",
            r"(?:give|get|send) you "
            r"(?:a bit of |a little |some |more |a little bit of |the |that )?"
            r"(?:information|info|background|details|facts)",
        ),
    ),
)
# A statement that claims something: third-person subject, no second person, long enough.
CLAIM_MIN_WORDS = 6
# A claim asserts something: it has a finite verb, not just a phrase ("on a scale of one to ten").
FINITE_VERBS = frozenset(
    _words(
        "is are was were will would can could has have had does do did its theyre theres thats im "
        "ive weve theyve wont cant isnt arent doesnt dont didnt am may might should must wouldnt "
        "couldnt shouldnt"
    )
)
CLAIM_SUBJECTS = frozenset(_words("they we i he she it people children kids"))  # + any word
# Otherwise a subject and a verb ending in -s or -ed ("the crew cleans", "costs dropped"); a
# function word ending so is no verb ("comes as a surprise", "this | sometimes").
CLAIM_VERB = _compile(
    r"\b(?:this|that|which|who|\w+s|(?:the|a|an|our|each|every) \w+) "
    r"(?!(?:as|us|yes|this|thus|plus|less|unless|across|always|perhaps|sometimes|his|hers|ours|"
    r"yours|theirs|whereas|besides|towards|afterwards|indeed)\b)\w+(?:s|ed)\b"
)
# Where a new clause starts in a run-on (voice-to-text has no full stops): a subject pronoun or a
# contracted subject, not right after a word that makes it part of the same clause ("they were").
_SUBJECTS = "i|we|they|he|she|im|ive|weve|theyve|theyre|hes|shes|its|theres|thats|id|wed|theyd"
_SAME_CLAUSE = _words(
    "i we they he she you do did does are were is was know understand realize imagine "
    "what how why where which whether"  # "see what we need": the subject of an embedded clause
)
# "... to the charity you can type any amount", "... to rent you dont have to buy": "you" with a
# modal starts a clause too.
_YOU_START = (
    r"(?:you|youre|youve|youll|youd) (?:just |also |only |still |even |really |actually )?"
    r"(?:can|will|would|could|should|are|have|need|may|might|dont|cant|wont|wouldnt|shouldnt)"
)
# "... a few cents the team will collect it", "... your help there are kids who": a determiner
# and a noun or two, or "there" or "everything", then a finite verb.
_NOUN_START = (
    r"(?:(?:the|this|these|those|our|your|their|every|each|any|many|some) (?:\w+ ){1,2}?|"
    r"(?:there|everything|anything|nothing|something|everyone|everybody|anyone|no one) )"
    r"(?:is|are|was|were|will|would|can|could|has|have|must|should)"
)
# A noun subject starts a clause only after a word that can end one, not after a conjunction,
# a preposition or a verb that takes it ("so you feel that the drinking is...").
# (A pronoun before it is no bar: "that's kind of you | there are kids who...".)
_NOT_BEFORE_NOUN_START = _words(
    "that what which who how why if when whether because cause as than where while since so "
    "about of to for with in on at from by like and but or do did does is are was were be been "
    "being know think feel felt mean means noticed noticing thinking saying said say says sounds "
    "seems hear heard see saw believe understand realize guess hope bet wish agree sure glad afraid"
)
# "its" after a verb that takes an object or after a preposition is the possessive ("the tool is
# doing its job", "on its own"), not "it's" starting a clause.
_BEFORE_POSSESSIVE_ITS = _words(
    "doing done has have had having make makes made making lose loses lost losing take takes took "
    "taking play plays played playing run runs ran running serve serves served serving in on of "
    "for with by at from into to about under over through"
)
# The lookahead (a subject follows) comes first: it fails at most spaces, so the long lists of
# words-before are checked only where a clause could start (same match, several times faster).
CLAUSE_START = _compile(
    r" (?:"
    + rf"(?=(?:{_SUBJECTS}) |{_YOU_START}\b)"
    + "".join(rf"(?<!\b{word} )" for word in _SAME_CLAUSE)
    + "".join(rf"(?!(?<=\b{word} )its )" for word in _BEFORE_POSSESSIVE_ITS)
    + "|"
    + rf"(?={_NOUN_START}\b)"
    + "".join(rf"(?<!\b{word} )" for word in _NOT_BEFORE_NOUN_START)
    + ")"
)
# The same inside a question, where a subject after a wh-word or a verb of thinking is embedded
# ("do you know what they charge", "how much do you think we spend").
_EMBEDDING = "what how why who where when which that if whether think know mean guess".split()  # noqa: SIM905
QUESTION_BREAK = _compile(
    CLAUSE_START.pattern + "".join(rf"(?<!\b{word} )" for word in _EMBEDDING)
)
# "hi, this is Sam from Acme", "I'm Jo with Northwind": an introduction, not a claim.
# "My name is Jo", "I'm the account manager for your region": a role, not a claim.
INTRODUCTION = _compile(
    r"^(?:(?:hi|hello|hey|good morning|good afternoon|good evening|so|and|um|\w+) )*?"
    r"(?:(?:this is|its|im|i am|my name is|name is) \w+(?: \w+)? (?:from|with|at|here)|"
    r"my name is|(?:im|i am) (?:the|one of the|a|an|your) (?:\w+ ){1,3}?"
    r"(?:who|on duty|here|at|with|from|for))\b"
)
# "... and that the weather holds", "me too, and that the trip goes well": a clause joined by "and
# that" with no main clause of its own (a wish or a report run on), not a claim. (After a pause
# alone, "let you know | that the price changes", the main clause before it governs it.)
COMPLEMENT_FRAGMENT = _compile(
    r"^(?:(?:me too|too|also) )*(?:and|or|but|plus)(?: also)? that (?:the|a|an|this|these|those|"
    r"my|your|his|"
    r"her|our|their|its|some|any|every|each|no|i|we|they|he|she|it|you|there|everyone|everybody|"
    r"everything|someone|somebody|nobody|people)\b"
)
# "on a scale of one to ten ...": the set-up of a scaling question, not a claim.
SCALE_QUESTION = _compile(r"\bon a scale (?:of|from)\b")
# A reflection mirrors the prospect back ("so you're feeling...", "sounds like..."): not telling.
REFLECTION = _compile(
    r"^(?:(?:so|and|but|well|okay|ok|yeah|yes|right|mhm|now|it|like|just|really|got it) )*"
    r"(?:you|youre|youve|youd|youll|your|yourself|sounds|it sounds|seems|it seems|feels|it feels|"
    r"kind of|sort of|what i hear|what im hearing|on one hand|on the other hand|part of you|"
    r"i hear|i get the sense|im hearing|i (?:know|understand|realize|can imagine|imagine)|"
    r"i can (?:understand|see|appreciate)|"
    r"if i|let me see if|im not sure|i dont know|i wonder|"
    r"im glad|im sorry|im happy|"
    r"(?:i think )?(?:im|i am|am) (?:getting |so |really |very )?(?:excited|eager|looking forward)|"
    r"(?:thats|those are|these are) (?:(?:a|an|some|really|so|very|such a|pretty|quite) )*"
    r"(?:great|good|wonderful|awesome|okay|fine|fair|understandable|tough|hard)|"
    r"(?:i think )?(?:thats|that is) (?:a |such a )?(?:really |very |so )?"
    r"(?:great|good|excellent|fair|wonderful|smart|nice) (?:idea|point|question|thought)|"
    r"that must|that makes (?:a lot of |a bit of |some )?sense|that sounds)\b"
)
# A turn that opens by mirroring the prospect ("so your team...", "it sounds like..."): what runs
# on from there restates their world, so only an explicit pitch or lecture in it tells.
MIRROR_OPENING = _compile(
    r"^(?:(?:so|and|but|well|okay|ok|yeah|right|now|oh|alright|it|like|just|really|then) )*"
    r"(?:you|youre|youve|youd|youll|your|yourself|(?:it )?(?:sounds|seems|feels) like|"
    r"what i hear|what im hearing|im hearing|on (?:the )?one hand|part of you|for you)\b"
)
# Tentative wording ("maybe", "kind of", "I guess"): a statement that wonders or reflects, not a
# claim made to inform or persuade (an explicit pitch or lecture tells whatever its wording).
HEDGE = Gated(
    "kind sort sorta kinda maybe perhaps guess probably might",
    phrases(
        "kind of", "sort of", "sorta", "kinda", "maybe", "perhaps", "i guess", "probably", "might"
    ),
)
# Empathy with how hard (or how good) something is for the prospect: "it's tough to do that",
# "that's a long time", "that must be frightening". Not a claim about the offer.
EMPATHY = _compile(
    r"^(?:(?:so|and|but|yeah|okay|ok|well|oh|wow|i know|i bet) )*"
    r"(?:its|thats|it is|that is|it was|that was|it can be|that can be|it must be|that must be)"
    r"(?: not)? (?:(?:really|so|very|pretty|quite|a bit|a little|such a|a|an) )*"
    r"(?:hard|tough|tricky|difficult|not easy|scary|frightening|frustrating|overwhelming|"
    r"stressful|exhausting|upsetting|painful|worrying|exciting|a long time|a lot to)\b"
)
# Running the session, not informing: meeting again, coming back to a topic, the time left.
SESSION_TALK = Gated(
    "we well weve lets were",
    phrases(
        r"(?:we|lets|let us|well) (?:(?:can|could|will|should|might|just|also|then|definitely) )*"
        r"(?:meet (?:up|again)|(?:talk|speak|chat) again|stop (?:there|here)|"
        r"leave (?:it|this|that) (?:there|here)|come back to|go back to|get back to|"
        r"pick (?:this|that|it) up|"
        r"check (?:this|that|it) out|go over (?:this|that|it)|wrap (?:up|things up)|"
        r"take a (?:minute|moment|break|step back)|"
        r"put (?:this|that|it) (?:aside|on hold|on the shelf))",
        r"(?:we|well|lets) (?:can |could |will |should )?(?:talk|chat) (?:about (?:this|that|it) )?"
        r"(?:more |again )?(?:later|next time|another time|soon)",
        r"(?:weve|we have|we) (?:run|ran) out of time",
        r"(?:were|we are) (?:(?:pretty much|just about|almost|nearly|all) )?(?:done|finished|"
        r"at the end|out of time)",
        r"(?:we were|weve been|we have been) talking about",
        r"(?:were|we are) here (?:today )?to",
        r"(?:on|at|in|for|before) (?:our|the) next (?:meeting|session|visit|appointment|call)",
    ),
)
# A clause that ends on its preposition modifies a noun ("the schedule | the crew is working
# with now", "the vendor | they buy from"): a reduced relative clause, not a claim of its own.
STRANDED_PREPOSITION = _compile(
    r"\b(?:with|to|for|from|about|of|by)"
    r"(?: (?:now|today|right now|these days|at the moment|anymore))?$"
)
# A reflection frame anywhere in the turn ("... it sounds like you can see the progress"): what the
# rep says about the prospect after it restates their world (a pitch about the offer still tells).
REFLECTION_FRAME = Gated(
    "sounds hear hearing see tell feel feeling saying said mentioned noticed noticing wondering "
    "describing described part one thinking",
    _compile(
        r"\b(?=[iwyspo])(?<!\bthat )(?<!\bthis )(?:(?:it )?sounds like|what (?:i|im) hear(?:ing)?|"
        r"(?:i|im) hearing|i can (?:see|tell|hear) (?:that )?(?:you|youre|youve)|"
        r"(?=you)(?<!\bdo )(?<!\bdid )(?<!\bare )(?<!\bwere )(?<!\bhave )you(?:re|ve)? "
        r"(?:(?:really|kind of|sort of|also|still|just) )?(?:feel like|feeling like|feel that|"
        r"thinking|saying|said|mentioned|noticed|noticing|were saying|wondering|describing|"
        r"described)|part of you|on (?:the )?one (?:hand|side))\b"
    ),
)
SECOND_PERSON = phrases("you", "your", "youre", "youve", "youll", "youd", "yourself", "ya", "yall")
PLEASANTRY = Gated(
    "thank thanks good great nice wonderful problem worries course glad appreciate doing well fine "
    "okay ok alright right",
    phrases(
        r"thank(?:s| you)",
        "have a (?:good|great|nice|wonderful)",
        "nice to",
        "good to (?:hear|talk)",
        "no problem",
        "no worries",
        "of course",
        "sounds good",
        "glad",
        "appreciate",
        # how the rep is ("I'm good", "I'm doing fine"), not what they are good at or with
        r"(?:i am|im) (?:doing )?(?:(?:really|pretty|very|just|so) )?(?:good|well|great|fine|okay|"
        r"ok|alright|all right)(?! (?:at|with|about|enough)\b)",
    ),
)

# --- earning the right -----------------------------------------------------------------------

PURPOSE = Gated(
    "reason calling reaching getting ringing purpose called rang reached goal wanted want "
    "hoping im am",
    phrases(
        r"(?:the )?reason (?:im|i am|i was|for my|for the|i)"
        r"(?: calling| call| called| reaching out)?",
        r"(?:im|i am|i was) (?:calling|reaching out|getting in touch|ringing) (?:\w+ ){0,5}?"
        r"(?:because|about|to|since|regarding|after|on behalf)",
        r"the purpose of (?:my|this|the) call",
        r"why im calling",
        r"i (?:called|rang|reached out) (?:because|to|about)",
        r"(?:my|the) goal (?:for|of|on) (?:this|the|today)",
        r"what i (?:wanted|want|was hoping) to (?:do|talk|ask|cover|find out)",
        r"(?:quick|brief) (?:reason|purpose)",
        r"(?:i am|im) (?:with|from) \w+(?: \w+)? and",
    ),
)
REFERRAL = Gated(
    "referred referral suggested recommended said told asked mentioned spoke talked met emailed "
    "chatted downloaded signed requested attended visited filled registered replied reached "
    "stopped came were follow following promised agreed discussed thought work works",
    phrases(
        r"referr(?:ed|al)",
        r"(?:suggested|recommended|said) (?:i|that i|we|to) (?:call|reach|contact|speak|talk|get)",
        r"told me (?:to (?:call|reach|contact|speak|talk)|(?:that )?you)",
        r"asked me to (?:call|reach|contact|speak|talk|get in touch)",
        r"(?:mentioned|said) (?:you|that you)",
        r"we (?:spoke|talked|met|emailed|chatted)",
        r"(?:last time|when) we (?:spoke|talked|met)",
        r"you (?:downloaded|signed up|requested|attended|visited|filled|registered|replied|emailed|"
        r"reached out|asked (?:me|us) to|stopped by|came by|were at)",
        r"follow(?:ing)? up (?:on|from|after)",
        r"as (?:promised|agreed|discussed)",
        r"(?:our|your) (?:colleague|friend|partner|boss|manager|ceo|cfo|"
        r"coworker) \w+ (?:said|mentioned|"
        r"suggested|thought|recommended)",
        r"works? with you",
    ),
)
PERMISSION = Gated(
    "minute minutes moment second sec mo time catch if may can could might ok okay alright "
    "right fine open mind fair before ask whether",
    phrases(
        r"do you have (?:a|two|2|five|5|a few|just a) (?:minute|minutes|moment|second|sec|mo)",
        r"(?:have|got) (?:a|two|2|a few) (?:minute|minutes|moment|second|sec)",
        r"(?:is|would) (?:this|now|it) (?:be )?(?:a )?"
        r"(?:good|bad|ok|okay|convenient|terrible) time",
        r"did i catch you",
        r"(?:mind|okay|ok|alright|all right) if i (?:ask|take|tell|explain|share|grab|run)",
        r"(?:may|can|could|might) i (?:ask|have|take|grab|steal|share|run)",
        r"(?:would|will|is) it (?:be )?(?:ok|okay|alright|all right|fine) (?:if|to|with you)",
        r"would you be open to",
        r"(?:do|would) you mind (?:if|me|my)",
        r"would you mind",
        r"if you dont mind (?:me |my )?asking",
        r"is (?:that|this) (?:ok|okay|alright|fair)",
        r"(?:can|could) we (?:take|spend) (?:a|two|2|five|5|a few) (?:minute|minutes|moment)",
        r"(?:are|were) you (?:open|ok|okay) (?:to|with|if)",
        r"before i (?:go on|continue|say anything|ask)",
        r"(?:let|allow) me ask",
        r"whether (?:this|it) (?:is|makes sense)",
    ),
)
CURIOSITY = Gated(
    "sure know unsure may might noticed saw read heard was were companies teams firms "
    "businesses practices people folks others shops clinics schools keep talk speak work tell "
    "told telling been",
    phrases(
        r"(?:not sure|dont know|unsure) (?:if|whether) (?:this|we|it|what we do) "
        r"(?:is|are|would|will|"
        r"makes|might|fits|can)",
        r"may or may not",
        r"might not be (?:a fit|for you|relevant)",
        r"(?:i|we)(?:ve)? (?:noticed|saw|read|heard) (?:that|you|your|the|on)",
        r"(?:i|we) (?:was|were) (?:looking at|reading|on) (?:your|the)",
        r"(?:wasnt|not|wasn t) sure (?:if|whether) you",
        r"(?:companies|teams|firms|businesses|practices|people|folks|others|shops|clinics|schools) "
        r"(?:like yours|in your (?:space|industry|position|role|shoes|situation))",
        r"(?:one thing|something) (?:we|i) keep (?:hearing|seeing)",
        r"(?:most|a lot|many) of the (?:\w+ )?(?:i|we) (?:talk|speak|work) (?:to|with)",
        r"a (?:lot|few|number) of (?:\w+ )?"
        r"(?:people|folks|teams|companies|managers|owners|directors|"
        r"leaders) (?:tell|have told|are telling|have been)",
    ),
)

# --- topics ----------------------------------------------------------------------------------

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
            r"\$ ?\d+",
            r"\d+ dollars",
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
    rf"(?:would|will|does|could) {_WHEN} (?:be|work|suit|fit|do)",
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
ASKING_AHEAD = _compile(
    r"^(?:so |so that |and |then )?(?:(?:i|we) (?:can|could|may|might|get to|would like to|"
    r"want to|wanted to)|(?:id|wed) like to) ask\b"
)
ABOUT_QUESTIONS = _compile(
    r"(?:you )?(?:a|one|two|a few|a couple of|a couple|some|just a) (?:quick |few |more )?"
    r"(?:questions?|things)(?: to find out| about that)?"
)

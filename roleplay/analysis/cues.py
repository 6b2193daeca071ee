"""Normalised text and the word lists and helpers the cue modules share (`question_cues`,
`tell_cues`, `earning_cues`, `topic_cues`).

Everything here works on `normalise(text)`: lowercase, no apostrophes, fillers dropped, and clause
boundaries written as ` | ` (typed punctuation, or a dropped filler) and ` ? ` (typed "?").
Voice-to-text has no punctuation, so no pattern depends on it: the "?" is one cue among many.
Generic word lists only; no text from any data set.
"""

from __future__ import annotations

import re
from functools import lru_cache

from roleplay.analysis import scanning

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


def word_list(text: str) -> list[str]:
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


def compiled(pattern: str, *, unicode: bool = False) -> re.Pattern[str]:
    """A cue pattern, compiled ASCII: it reads `normalise` output, which is ASCII, where ASCII and
    Unicode `\\b`, `\\w` and `\\d` agree, and the ASCII tests are cheaper (the same matches,
    about 9% less time in the cue detectors). `unicode`: a pattern also read on other text."""
    return scanning.compiled(pattern, 0 if unicode else re.ASCII)


MUST_ADVISE = (r"must(?! (?:get|hear|have|be|see|feel|deal|field|receive|know|wonder|think|spend|"
               r"go through|find|face|juggle|handle)\b)")
""""must" that advises ("you must switch"), not one that guesses ("you must get a lot of calls
like this", "you must be swamped"): an empathic guess is how a good rep acknowledges."""
_WORD_CHAR = r"\w"
RELATIVE_HEADS = ("the", "a", "an", "any", "every", "each", "which", "what", "some", "no", "one",
                  "the only", "the one", "the first", "the last", "all the", "your", "their")
"""Words that open a noun phrase: "the date | you have to be live by" is a relative clause."""


def not_in_relative_clause() -> str:
    """Lookbehinds, placed just before "you", that fail when "you" opens a relative clause: after
    a noun phrase's first word and one more word ("the date you have to be live by", "any form
    you need to fill in") or right after an indefinite pronoun ("anything you need to know").
    A modal in such a clause describes the prospect's world; it gives no advice."""
    heads = [rf"(?<!\b{head} {_WORD_CHAR * n} )" for head in RELATIVE_HEADS for n in range(1, 16)]
    pronouns = [rf"(?<!\b{word} )" for word in (
        "anything", "everything", "something", "nothing", "whatever", "whichever", "all")]
    return "".join(heads + pronouns)


def phrases(*items: str) -> re.Pattern[str]:
    """One pattern matching any of the phrases (regex syntax allowed) as whole words."""
    return compiled(r"\b(?:" + "|".join(items) + r")\b")


_TOKEN = re.compile(r"[a-z0-9$%]+|[.!;,:?]")
# Apostrophes dropped ("don't" -> "dont"), dashes and slashes made spaces: one str.translate.
_PUNCTUATION = str.maketrans(
    {"'": None, "’": None, "`": None, "-": " ", "–": " ", "—": " ", "/": " ",
     "@": " at ", "&": " and ", "+": " and "}
)
CHAT_SHORTHAND = {"u": "you", "ur": "your"}
"""Chat shorthand read as the words it stands for ("dana @ ledgerline, tom said to ping u")."""
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
_MID_PHRASE = word_list(
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
            out.append(CHAT_SHORTHAND.get(token, token))
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

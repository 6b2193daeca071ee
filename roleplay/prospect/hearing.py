"""What the prospect hears in a rep turn beyond the turn model's labels, read against what the
prospect has said so far (the facts shared and the objections raised: the engine knows them, so
the prospect's words need not be passed in). Pure, deterministic, typed or voice-to-text.

    claims(lines)              the words the prospect asserted ("it's fine" -> fine, "we're
                               covered" -> covered, "budget's frozen" -> frozen)
    denies(text, claimed)      the claimed word the rep flatly denies ("it can't be fine", "you're
                               not covered"): arguing with what they said, objection or not
    embedded_question(text)    the question inside a permission or a purpose ("mind if I ask what
                               got you looking?", "could I ask how you do the wages?"), if any
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from roleplay.conduct.detectors import STOPWORDS
from roleplay.conduct.listening import plain

_ADVERB = r"(?:(?:\w+ly|pretty|all|quite|very|just|so|too|still) )?"
CLAIM = re.compile(rf"\b(?:is|are|was|were|am) {_ADVERB}(?:(?:a|an) )?(?P<word>[a-z]{{3,}})\b")
"""A prospect's assertion: a copula and the word it asserts ("it's fine", "we're covered")."""
NEGATED = re.compile(r"\b(?:not|never|no|hardly)\b")
DENIAL = re.compile(
    r"\b(?:(?:isnt|arent|wasnt|werent|aint)|(?:not|hardly|never)|"
    r"(?:cant|cannot|can not|couldnt|wont|wouldnt) (?:possibly |really |honestly |actually )?be)"
    r" (?:(?P<adverb>\w+ly|pretty|all|quite|very|just|so|too|still|only) )?(?:(?:a|an) )?"
    r"(?P<word>[a-z]{3,})\b"
)
"""The rep denying a word: "isn't fine", "it's not fine", "can't be fine", "you're not covered"."""
CONDITIONAL = re.compile(r"\b(?:if|unless|whether|when|whenever)\b")
"""... unless the denial is a condition ("if it's not fine, what would change?")."""
DOUBLE = re.compile(r"\b(?:not|never)\b")
"""... or the second half of a double negation ("I'm not saying it isn't fine")."""
NOT_DENIED = frozenset({"just", "only", "sure", "saying", "asking", "suggesting", "trying",
                        "going", "here", "calling", "telling", "selling", "pushing", "that",
                        "this", "the", "any", "all", "much", "really", "yet"})
"""Words after a negation that make it no denial of the prospect ("it's not just fine", "I'm not
saying it isn't")."""
QUESTION_WORDS = r"(?:what|whats|how|hows|who|whos|why|which|where|when|whether)"
EMBEDDED = re.compile(
    r"\b(?:ask|asked|asking|wondering|wondered|curious|know|understand|hear|learn) "
    rf"(?:you )?(?:(?:a bit|a little|more) )?(?:about )?(?P<question>{QUESTION_WORDS}\b.*)$"
)
"""A question embedded in a permission or a purpose: 'mind if I ask what got you looking',
'I'd love to understand how you do the wages', 'could I ask who handles payroll'."""
DIRECT = re.compile(r"\b(?P<question>(?:what|whats|how|hows|why)\b.*)$")
"""A direct question after a purpose ('thanks for the form, what got you looking?'); only the
question words that do not also start a relative or time clause ('who help', 'when you')."""
GREETING = re.compile(
    r"\bhow(?:s| is| are|re) (?:you|ya|things|it going|your day|the day|business|life)\b|"
    r"\bhow (?:you|ya) (?:doing|keeping|been|going)\b|\bhow have you been\b|"
    r"\bhow are you (?:doing|keeping|today|going)\b"
)
"""'How are you?' and its kind: a greeting, not a question about their situation."""


def _spoken(text: str) -> str:
    """`plain` words with "'s", "'re" and "'m" spelled out ("budget's frozen" -> "budget is
    frozen", "we're covered" -> "we are covered"), typed or voice-to-text."""
    text = text.replace("\u2019", "'")
    text = re.sub(r"(?<=[a-z])'s\b", " is", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[a-z])'re\b", " are", text, flags=re.IGNORECASE)
    text = re.sub(r"(?<=[a-z])'m\b", " am", text, flags=re.IGNORECASE)
    return plain(text)


def claims(lines: Iterable[str]) -> frozenset[str]:
    """The words the prospect asserted in `lines` ("It's fine. Mostly." -> {"fine"}): what a
    copula says they are, not what they are doing ("we're covering") and not what they are not
    ("it's not frozen")."""
    found: set[str] = set()
    for line in lines:
        for sentence in re.split(r"[.?!;,]+", line):
            norm = _spoken(sentence)
            for match in CLAIM.finditer(norm):
                word = match.group("word")
                if word in STOPWORDS or word.endswith("ing") or NEGATED.search(match.group(0)):
                    continue
                found.add(word)
    return frozenset(found)


def denies(text: str, claimed: Iterable[str]) -> str | None:
    """The word of the prospect's that the rep flatly denies, if any ("that many tickets isn't
    fine" against "it's fine"); not in a condition ("if it's not fine...")."""
    words = frozenset(claimed)
    if not words:
        return None
    norm = _spoken(text)
    for match in DENIAL.finditer(norm):
        word = match.group("word")
        before = " ".join(norm[: match.start()].split()[-4:])
        if word in NOT_DENIED or match.group("adverb") in ("just", "only") \
                or CONDITIONAL.search(before) or DOUBLE.search(before):
            continue
        if word in words:
            return word
    return None


def embedded_question(text: str) -> str | None:
    """The question a permission or a purpose carries, from its question word to the end of its
    sentence ("mind if I ask what got you looking?" -> "what got you looking"), or None. Only the
    last sentence that has one is read, and a greeting ("how are you?") is no question."""
    for sentence in reversed(re.split(r"[.?!]+", text)):
        norm = GREETING.sub(" ", plain(sentence))
        found = EMBEDDED.search(norm) or DIRECT.search(norm)
        if found:
            return found.group("question")
    return None


__all__ = ["claims", "denies", "embedded_question"]

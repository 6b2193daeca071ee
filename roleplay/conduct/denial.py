"""A flat denial of the prospect's own words: "it's fine" answered with "that isn't fine".

The prospect engine knows what the prospect said (the facts shared, the objections raised); the
grader reads it in the transcript (every prospect turn so far). Both pass those words here, so a
rep the prospect hears arguing is graded as arguing. Pure, deterministic, typed or voice-to-text.

    claims(lines)                   the words the prospect asserted ("it's fine" -> fine, "we're
                                    covered" -> covered, "budget's frozen" -> frozen)
    denies(text, claimed)           the claimed word the rep flatly denies ("it can't be fine",
                                    "you're not covered"), not in a condition or a double negation
    denied(rep, claimed, ...)       the same, in a turn that could argue: not off track, not
                                    already contradicting, not a turn that only asks
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from roleplay.analysis import RepAnalysis, scanning
from roleplay.conduct.detectors import STOPWORDS
from roleplay.conduct.listening import plain

_ADVERB = r"(?:(?:\w+ly|pretty|all|quite|very|just|so|too|still) )?"
CLAIM = scanning.Twin(rf"\b(?:is|are|was|were|am) {_ADVERB}(?:(?:a|an) )?(?P<word>[a-z]{{3,}})\b")
"""A prospect's assertion: a copula and the word it asserts ("it's fine", "we're covered")."""
NEGATED = scanning.Twin(r"\b(?:not|never|no|hardly)\b")
NOT_CLAIMED = frozenset({"always", "usually", "often", "sometimes", "ever", "already", "still",
                         "even", "actually", "probably", "mostly", "generally", "normally",
                         "certainly", "definitely", "honestly", "totally", "completely",
                         "absolutely", "too", "quite"})
"""Adverbs after a copula say how often or how surely, not what they are ("I'm always being
asked", "it's mostly fine"): never a claimed word."""
SPOKEN = {"its": "it is", "thats": "that is", "theyre": "they are", "youre": "you are",
          "im": "i am", "hes": "he is", "shes": "she is", "theres": "there is",
          "whats": "what is", "re": "are"}
"""Copulas voice-to-text runs together ("its fine", "youre not covered", "you re"), spelled out
as the typed forms are."""
ME = "me:"
"""What the prospect said of themselves ("I'm fine" -> "me:fine"): only a rep telling them "you're
not fine" denies it; "that's not good" after "I'm good, thanks" is about something else."""
DENIAL = scanning.Twin(
    r"\b(?:(?:isnt|arent|wasnt|werent|aint)|"
    r"(?:is|are|was|were|am|be|been) (?:(?:\w+ly|just|really|still|so) )?(?:not|hardly|never)|"
    r"(?:cant|cannot|can not|couldnt|wont|wouldnt) (?:possibly |really |honestly |actually )?be)"
    r" (?:(?P<adverb>\w+ly|pretty|all|quite|very|just|so|too|still|only) )?(?:(?:a|an) )?"
    r"(?P<word>[a-z]{3,})\b"
)
"""The rep denying a word: "isn't fine", "it's not fine", "can't be fine", "you're not covered".
A bare "not" needs its copula (`_spoken` spells out voice-to-text's): a fragment that echoes the
word ("Not stupid. It sounds like...", after "which is stupid, I know") softens what they said
about themselves, it does not argue."""
CONDITIONAL = scanning.Twin(r"\b(?:if|unless|whether|when|whenever)\b")
"""... unless the denial is a condition ("if it's not fine, what would change?")."""
DOUBLE = scanning.Twin(r"\b(?:not|never)\b")
"""... or the second half of a double negation ("I'm not saying it isn't fine")."""
NOT_DENIED = frozenset({"just", "only", "sure", "saying", "asking", "suggesting", "trying",
                        "going", "here", "calling", "telling", "selling", "pushing", "that",
                        "this", "the", "any", "all", "much", "really", "yet"})
"""Words after a negation that make it no denial of the prospect ("it's not just fine", "I'm not
saying it isn't")."""
NEGATIONS = frozenset({"isnt", "arent", "wasnt", "werent", "aint", "not", "hardly", "never",
                       "cant", "cannot", "couldnt", "wont", "wouldnt"})
"""A turn with none of these `plain` words cannot match DENIAL (a cheap test before the pattern:
grading reads every turn)."""


def _spoken(text: str) -> str:
    """`plain` words with "'s", "'re" and "'m" spelled out ("budget's frozen" -> "budget is
    frozen", "we're covered" -> "we are covered"), typed or voice-to-text ("its fine" -> "it is
    fine")."""
    text = text.replace("\u2019", "'")
    if "'" in text:  # each contraction has one (voice-to-text has none)
        text = _IS.sub(" is", text)
        text = _ARE.sub(" are", text)
        text = _AM.sub(" am", text)
    return " ".join(SPOKEN.get(w, w) for w in plain(text).split())


_IS = re.compile(r"(?<=[a-z])'s\b", re.IGNORECASE)
_ARE = re.compile(r"(?<=[a-z])'re\b", re.IGNORECASE)
_AM = re.compile(r"(?<=[a-z])'m\b", re.IGNORECASE)


def _last_word(norm: str, end: int) -> str:
    """The word of `norm` just before position `end` ("" at the start)."""
    before = norm[:end].split()
    return before[-1] if before else ""


def claims(lines: Iterable[str]) -> frozenset[str]:
    """The words the prospect asserted in `lines` ("It's fine. Mostly." -> {"fine"}): what a
    copula says they are, not what they are doing ("we're covering") and not what they are not
    ("it's not frozen"); what they said of themselves marked `ME` ("I'm fine" -> "me:fine")."""
    found: set[str] = set()
    for line in lines:
        found |= _line_claims(line)
    return frozenset(found)


@lru_cache(maxsize=4096)
def _line_claims(line: str) -> frozenset[str]:
    """`claims` of one line, remembered: the engine reads the same persona lines (facts shared,
    objections raised) every turn of a call, and a line's claims depend on its text alone."""
    found: set[str] = set()
    for sentence in re.split(r"[.?!;,]+", line):
        norm = _spoken(sentence)
        for match in CLAIM.finditer(norm):
            word = match.group("word")
            if word in STOPWORDS or word in NOT_CLAIMED or word.endswith("ing") \
                    or NEGATED.search(match.group(0)):
                continue
            found.add(ME + word if _last_word(norm, match.start()) == "i" else word)
    return frozenset(found)


def denies(text: str, claimed: Iterable[str]) -> str | None:
    """The word of the prospect's that the rep flatly denies, if any ("that many tickets isn't
    fine" against "it's fine", "you're not fine" against "I'm fine"); not in a condition ("if
    it's not fine...") nor the second half of a double negation."""
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
        if word in words or (ME + word in words and _last_word(norm, match.start()) == "you"):
            return word
    return None


def denied(rep: RepAnalysis, norm: str, claimed: Iterable[str], *,
           contradicts: bool = False) -> str | None:
    """The prospect's word the rep flatly denies (`norm`: the turn's `plain` words) in a turn
    that argues by it: not one already contradicting them (`contradicts`, read otherwise) and
    not a turn that only asks ("so it isn't fine in the busy season?" checks, it does not deny;
    one that ends on a question tag, "it isn't really fine, is it?", still denies).
    The caller reads it only for a turn on track."""
    if contradicts or NEGATIONS.isdisjoint(norm.split()):
        return None
    if rep.asks and not rep.tells and TAG.search(norm) is None:
        return None
    return denies(rep.text, claimed)


TAG = scanning.Twin(r"\b(?:is it|isnt it|are they|arent they|was it|wasnt it|is that|isnt that|"
                    r"does it|doesnt it|do they|dont they|can it|right|eh)$")
"""A question tag at the end ("then it isn't really fine, is it?"): the turn asks only for
agreement with its denial, which is still a denial."""


__all__ = ["claims", "denied", "denies"]

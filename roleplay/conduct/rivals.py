"""Running down a rival: the rep calls the prospect's current vendor, or a competitor, slow,
outdated or useless ("your current vendor is honestly outdated", "that's where the big vendors
fall down", "they're clunky and nobody uses them"), question mark or not. Saying back what the
prospect said of them ("so the current system is slow for you?") is no knock: their own word
for it is theirs to use.

    knocks(norm, heard)    the turn (`listening.plain` words) runs down a rival
"""

from __future__ import annotations

from roleplay.analysis import scanning
from roleplay.conduct.detectors import word_set

_THEIRS = (r"(?:systems?|software|tools?|platforms?|compan(?:y|ies)|guys|lot|crowd|outfits?|"
           r"firms?|apps?|brands?|support|service|products?|kit|equipment|people)")
_RIVALS = (r"(?:vendors?|providers?|suppliers?|agenc(?:y|ies)|incumbents?|competitors?|"
           r"competition)")
_QUALIFIED = r"(?:big|bigger|other|old|current|existing|previous|last|usual)"
_RIVAL = (rf"(?:(?:your|their|those|these) (?:{_QUALIFIED} )?(?:\w+ )?(?:{_THEIRS}|{_RIVALS})|"
          rf"the (?:{_QUALIFIED} (?:\w+ )?(?:{_THEIRS}|{_RIVALS})|(?:\w+ )?{_RIVALS})|"
          rf"{_QUALIFIED} (?:\w+ )?{_RIVALS}|they|theyre|those guys|that lot)")
_BAD = (r"(?:outdated|out of date|dated|clunky|slow|sluggish|useless|rubbish|terrible|awful|"
        r"shocking|dreadful|appalling|hopeless|atrocious|"
        r"overpriced|a joke|behind the times|dinosaurs?|old fashioned|stone age|past it|garbage|"
        r"junk|crap|a nightmare|not fit for purpose|not up to (?:it|scratch|the job)|"
        r"(?:fall|falls|fell) (?:down|short|apart|over)|(?:cant|cannot|can not) keep up|"
        r"(?:let|lets) (?:you|people|clients|customers) down|nobody (?:uses|likes|rates)|"
        r"no one (?:uses|likes|rates)|ripping (?:you|people) off|rip (?:you|people) off|"
        r"(?:dont|doesnt|do not|does not|never) (?:really |actually |even )?care (?:about|for))")
_BAD_WORDS = word_set("""
outdated out dated clunky slow sluggish useless rubbish terrible awful overpriced joke behind
shocking dreadful appalling hopeless atrocious
dinosaur dinosaurs fashioned stone past garbage junk crap nightmare fit scratch fall falls fell
keep let lets nobody one ripping rip care
""")
KNOCK = scanning.Twin(
    rf"\b{_RIVAL} (?:is|are|was|were|s|re|just|honestly|really|frankly|pretty|so|quite|totally|"
    rf"completely|a bit|kind of|sort of|well|all|and|still|always|often|\w+ly|known for|famous for|"
    rf"notorious for|being| )*{_BAD}\b"
    rf"|\bwhere {_RIVAL} (?:\w+ ){{0,2}}?(?:fall|falls|fell) (?:down|short|apart)\b"
    # what others make of them: "most schools find them painfully slow"
    rf"|(?<!\byou )(?<!\bdo )(?<!\bdid )\b(?:find|found|finds|call|calls|say|says) "
    rf"(?:them|{_RIVAL}) (?:\w+ly )?{_BAD}\b")
"""A rival named by role (their vendor, the big providers, "they") and a bad word for them (also
said as what others find them)."""
REFLECTS = scanning.Twin(r"^(?:(?:so|and|okay|ok|right|yeah|oh) )*(?:(?:it )?sounds like|"
                         r"it seems like|if i (?:understand|heard)|what im hearing|you said|"
                         r"so youre saying)\b")


def knocks(norm: str, heard: str | None = None) -> bool:
    """The turn (`norm`, `listening.plain` words) runs down a rival, unless it says back what
    the prospect said (`heard`, their last words in the same form: "slow" is theirs to use)."""
    if _BAD_WORDS.isdisjoint(norm.split()) or REFLECTS.search(norm) is not None:
        return False
    found = KNOCK.search(norm)
    if found is None:
        return False
    theirs = frozenset((heard or "").split())
    return _BAD_WORDS.isdisjoint(theirs) or not theirs.issuperset(
        w for w in found.group(0).split() if w in _BAD_WORDS)


__all__ = ["knocks"]

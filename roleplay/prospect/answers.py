"""Which earned fact answers the question asked, and whether the question was asked before.

A fact may be shared when its unlock rule holds (trust, earned right, earlier facts, a probe on
one of its topics). Among those, the one that fits the question best is shared: the question's
topic (from the turn model) and its words against the fact's `keywords` and its own words. File
order only breaks ties. A `specific` fact needs one of its keywords; a `follow_up` fact needs the
question to pick up an earlier answer.

    relevance(fact, topics, question)     how well a fact answers a question (0: not at all)
    names(fact, question)                 the question uses the fact's words, or its kind's
    same_question(question, earlier)      the earlier question this one repeats, if any
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from roleplay.conduct.detectors import content_words, fold, words
from roleplay.prospect.persona import Fact

TOPIC_FIT = 2.0
"""A fact listed for the question's topic."""
KIND_FIT = 1.0
"""... whose kind is the question's topic as well (a budget question, a budget fact)."""
KEYWORD_FIT = 4.0
"""Each of the fact's keywords the question uses."""
WORD_FIT = 1.0
"""Each meaningful word the question shares with what the fact says."""
KIND_WORD_FIT = 2.0
"""Each word the fact's kind is asked about with ("worry" for a pain, "sign off" for a
decision), for a fact that is not `specific`."""
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "pain": ("worry", "worries", "worried", "worrying", "concern", "concerns", "problem",
             "problems", "hardest", "go wrong", "goes wrong", "gone wrong", "headache",
             "headaches", "frustrating", "frustrates", "struggle", "struggling", "challenge",
             "challenges", "biggest issue", "keeps you up", "pain", "painful", "hurt",
             "hard part", "difficult", "tricky", "stressful", "nightmare", "worst part"),
    "timeline": ("when", "deadline", "timeline", "how soon", "by when", "timing", "how long"),
    "budget": ("budget", "cost", "costs", "spend", "afford", "money", "invest", "funding"),
    "decision": ("decide", "decides", "decision", "sign off", "signs off", "who else",
                 "approve", "approves", "involved", "say in", "final say"),
    "motive": ("why", "matters", "matter most", "important", "mean for you", "priority",
               "priorities", "goal", "goals"),
}
"""The everyday words of a question about a fact of each kind, beside the trainer's keywords:
a new persona answers "what worries you most?" with its pain without listing "worries"."""
REPEAT_OVERLAP = 0.6
"""A question whose meaningful words overlap an earlier one's this much asks it again."""
KEYWORD_GAP = 2
"""A phrase keyword still matches with up to this many words between its own ("current system"
in "your current booking system")."""


SOUNDS_LIKE: dict[str, str] = {
    word: group[0]
    for group in (
        ("no", "know"), ("new", "knew"), ("right", "write", "rite"), ("our", "hour"),
        ("wait", "weight"), ("sale", "sail"), ("by", "buy", "bye"), ("whole", "hole"),
        ("week", "weak"), ("site", "sight", "cite"), ("mail", "male"), ("board", "bored"),
        ("pain", "pane"), ("whether", "weather"), ("break", "brake"), ("piece", "peace"),
        ("role", "roll"), ("fair", "fare"), ("there", "their", "theyre"), ("meet", "meat"),
        ("rota", "rotor", "roter"), ("quote", "coat"), ("cash", "cache"), ("cell", "sell"),
        ("wear", "where", "ware"), ("through", "threw"), ("too", "to"), ("four", "for"),
    )
    for word in group
}
"""Words voice-to-text mishears for each other (homophones): a keyword and a question meet on
the first of each group ("how are know shows" asks about no-shows)."""


@lru_cache(maxsize=4096)
def _folded(text: str) -> tuple[str, ...]:
    """The words of a question or a keyword, endings folded and homophones met; every fact reads
    the same question and a persona's keywords recur on every turn, so each text is folded
    once."""
    return tuple(fold(SOUNDS_LIKE.get(w, w)) for w in words(text))


@lru_cache(maxsize=4096)
def _joined(text: str) -> frozenset[str]:
    """Each two neighbouring words of a question said as one, folded: voice-to-text splits a
    compound ("what's the dead line", "pay roll", "on boarding"), which a one-word keyword
    ("deadline") still meets."""
    found = words(text)
    return frozenset(fold(a + b) for a, b in pairwise(found))


def _uses(keyword: tuple[str, ...], question: str) -> bool:
    """The question uses the (folded) keyword: its words in order, or a one-word keyword said
    as two."""
    if _in_order(keyword, _folded(question)):
        return True
    return len(keyword) == 1 and keyword[0] in _joined(question)


def keyword_hits(fact: Fact, question: str) -> int:
    """How many of the fact's keywords (single words or phrases) the question uses."""
    return sum(1 for keyword in fact.keywords if _uses(_folded(keyword), question))


def keywords_used(fact: Fact, question: str) -> frozenset[tuple[str, ...]]:
    """The fact's keywords (folded) that the question uses."""
    return frozenset(k for k in map(_folded, fact.keywords) if _uses(k, question))


QUESTION_WORDS = frozenset({"when", "why", "how", "what", "who", "where", "which"})
CLAUSE_SUBJECTS = frozenset({"you", "we", "they", "i", "he", "she", "it", "your", "our"})
"""After a question word, a subject starts a clause, not a question: "what has to come over when
you switch?" asks what, not when; "when do you need it?" and "when's the deadline?" ask when."""


def _in_order(phrase: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """The phrase's words appear in `asked` in order, each at most KEYWORD_GAP words after the
    one before; a keyword that is a question word alone counts only where it asks."""
    if not phrase:
        return False
    starts = [i for i, word in enumerate(asked) if word == phrase[0]]
    if len(phrase) == 1 and phrase[0] in QUESTION_WORDS:
        starts = [i for i in starts if i + 1 >= len(asked) or asked[i + 1] not in CLAUSE_SUBJECTS]
    for start in starts:
        at = start
        for word in phrase[1:]:
            window = asked[at + 1: at + 2 + KEYWORD_GAP]
            if word not in window:
                break
            at += 1 + window.index(word)
        else:
            return True
    return False


def kind_hits(fact: Fact, question: str) -> int:
    """How many of the everyday words for the fact's kind the question uses (none for a
    `specific` fact: it needs its own keywords)."""
    if fact.unlock.specific:
        return 0
    asked = _folded(question)
    return sum(1 for phrase in KIND_WORDS.get(fact.kind, ()) if _in_order(_folded(phrase), asked))


def names(fact: Fact, question: str) -> bool:
    """The question is about this fact in words: its keywords, or its kind's everyday words."""
    return keyword_hits(fact, question) > 0 or kind_hits(fact, question) > 0


def relevance(fact: Fact, topics: Iterable[str], question: str) -> float:
    """How well `fact` answers `question` (asked about `topics`); 0 when it does not fit."""
    topics = set(topics)
    score = 0.0
    if topics & set(fact.unlock.topics):
        score += TOPIC_FIT + (KIND_FIT if fact.kind in topics else 0.0)
    score += KEYWORD_FIT * keyword_hits(fact, question)
    score += KIND_WORD_FIT * kind_hits(fact, question)
    score += WORD_FIT * len(content_words(question) & content_words(fact.says))
    return score


def best_first(facts: Sequence[Fact], topics: Iterable[str], question: str) -> list[Fact]:
    """`facts` ordered by how well they answer the question; file order breaks ties."""
    topics = set(topics)
    order = {fact.id: i for i, fact in enumerate(facts)}
    return sorted(facts, key=lambda f: (-relevance(f, topics, question), order[f.id]))


def same_question(question: str, earlier: Sequence[str]) -> int | None:
    """The index of the earlier question this one asks again (same meaningful words), if any."""
    asked = content_words(question)
    if not asked:
        return None
    for i in range(len(earlier) - 1, -1, -1):
        before = content_words(earlier[i])
        if before and len(asked & before) / len(asked | before) >= REPEAT_OVERLAP:
            return i
    return None

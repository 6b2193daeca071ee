"""What a turn does: the one truth shared by the prospect engine and the grader.

Pure Python, no model, microseconds per turn. Works on typed text and on voice-to-text
(lowercase, no punctuation, fillers, run-on sentences): question detection comes from the words.

INTERFACE CONTRACT (owned by the analysis owner; others code against these names):

    analyse_rep(text, context) -> RepCues
    analyse_prospect(text) -> ProspectCues
    CueContext: what the analysis needs to know about the call so far (immutable);
        context.after_rep(analysis) / context.after_prospect(analysis) return the next context.
    analyse_transcript(turns) -> list[RepCues | ProspectCues]   (one per turn, in order)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

from roleplay.analysis import cues, earning_cues, objections, question_cues, tell_cues, topic_cues
from roleplay.transcript import Turn

Topic = Literal[
    "situation", "pain", "budget", "process", "timeline", "motive", "competitor", "price"
]
ObjectionKind = Literal[
    "no_need", "no_time", "no_budget", "has_vendor", "send_info", "distrust", "not_interested"
]


@dataclass(frozen=True, slots=True)
class RepCues:
    """What one rep turn does. `cues` name the evidence that fired, for traces and scorecards."""

    text: str
    asks: bool = False  # seeks information or permission (no pitch phrased as one, no greeting)
    tells: bool = False  # pitches features, benefits or claims, or lectures
    probes: bool = False  # asks about situation, pains, money, process or motives
    earns_right: bool = (
        False  # states purpose, referral/earlier contact, asks permission, curiosity
    )
    asks_permission: bool = False  # "do you have a minute", "mind if I ask"
    premature: bool = False  # probes before the right to ask was earned
    argues: bool = False  # contradicts or rebuts the objection the prospect just raised
    explores_objection: bool = False  # acknowledges and asks about the objection just raised
    proposes_next_step: bool = False  # proposes a meeting, demo, trial, proposal or quote
    mentions_price: bool = False
    mentions_competitor: bool = False
    checks_line: bool = False  # only "hello? are you there?": about the line, not the client
    topics: frozenset[Topic] = frozenset()
    questions: int = 0  # number of real questions asked (for the coach: "questions asked")
    cues: tuple[str, ...] = ()
    speaker: Literal["rep"] = "rep"


@dataclass(frozen=True, slots=True)
class ProspectCues:
    text: str
    objection: bool = False
    kind: ObjectionKind | None = None
    cues: tuple[str, ...] = ()
    speaker: Literal["prospect"] = "prospect"


TurnCues = RepCues | ProspectCues


@dataclass(frozen=True, slots=True)
class CueContext:
    """The call so far, as far as analysing the next turn needs it."""

    right_earned: bool = False
    last_prospect: ProspectCues | None = None
    rep_turns: int = 0
    topics_seen: frozenset[str] = field(default_factory=frozenset)

    def after_rep(self, analysis: RepCues) -> CueContext:
        return replace(
            self,
            right_earned=self.right_earned or analysis.earns_right,
            last_prospect=None,
            rep_turns=self.rep_turns + 1,
            topics_seen=self.topics_seen | analysis.topics,
        )

    def after_prospect(self, analysis: ProspectCues) -> CueContext:
        return replace(self, last_prospect=analysis)


def analyse_rep(text: str, context: CueContext | None = None) -> RepCues:
    """Label one rep turn from its words (typed or voice-to-text)."""
    context = context or CueContext()
    said = _said(text)
    objection = context.last_prospect is not None and context.last_prospect.objection
    argues = objection and _argues(said.norm, said.cues.asks, said.telling)
    premature = said.cues.probes and not context.right_earned and not said.earned_before
    if not (objection or premature):
        return said.cues
    return replace(
        said.cues,
        tells=said.cues.tells or argues,  # an answer that argues with an objection tells
        premature=premature,
        argues=argues,
        explores_objection=objection and said.cues.asks and not argues,
        cues=tuple(dict.fromkeys([*said.cues.cues, *(["argues"] if argues else [])])),
    )


@dataclass(frozen=True, slots=True)
class _Said:
    """What a rep turn's words show whatever the call (`cues`: as read with no objection before
    it and the right earned), and what the call decides the rest from."""

    cues: RepCues
    norm: str
    telling: bool
    earned_before: bool  # (a probing turn) earns the right before its first probe


SAID_TEXTS = 1024
"""Texts whose cues are remembered (`_said`, `analyse_prospect`): a rep turn is read again as its
question alone, and a batch's lines recur."""


@lru_cache(maxsize=SAID_TEXTS)
def _said(text: str) -> _Said:
    norm = cues.normalise(text)
    spans = question_spans(norm)
    real = [span for span in spans if span.asks]
    pitch = any(span.pitch for span in spans)
    earn = _earn_cues(norm)
    telling = _tell_cues(norm, spans, opens_call=not _OPENING_CUES.isdisjoint(earn))
    topics = _topics(norm, real)
    probes = bool(topics) and not all(_light(norm, span) for span in real)
    found: list[str] = [span.cue for span in spans] + telling + list(earn)
    next_step = topic_cues.NEXT_STEP.search(norm) is not None
    found += ["next-step"] if next_step else []
    read = RepCues(
        text=text,
        asks=bool(real),
        tells=pitch or bool(telling),
        probes=probes,
        earns_right=bool(earn),
        asks_permission="permission" in earn,
        proposes_next_step=next_step,
        mentions_price=_has(topic_cues.TOPIC_PATTERNS, "price", norm),
        mentions_competitor=_has(topic_cues.TOPIC_PATTERNS, "competitor", norm),
        checks_line=_checks_line(norm),
        topics=frozenset(topics) if probes else frozenset(),  # type: ignore[arg-type]
        questions=len(real),
        cues=tuple(dict.fromkeys(found)),
    )
    return _Said(read, norm, bool(telling), probes and _earned_before(norm, earn, real))


@lru_cache(maxsize=SAID_TEXTS)
def _argues(norm: str, asks: bool, tells: bool) -> bool:
    """`objections.argues`, remembered (a batch's answers to objections recur)."""
    return objections.argues(norm, asks, tells)


def talks_price(text: str) -> bool:
    """The turn speaks of price, cost or fees."""
    return _has(topic_cues.TOPIC_PATTERNS, "price", cues.normalise(text))


THEIR_COSTS = cues.compiled(
    r"\b(?:your|their|his|her|agency|labou?r|staff(?:ing)?|overtime|energy|running|operating|"
    r"fuel|freight|shipping|payroll|insurance|repair|maintenance|admin|printing|postage|travel|"
    r"turnover|hiring|recruiting|waste|wage|heating|power|electricity) costs?\b|"
    r"\bcosts? (?:of|you|them|him|her)\b|\bcosting (?:you|them|him|her)\b"
)
"""What things cost the prospect ("agency costs", "the cost of a no-show", "what does that cost
you?"): their pain, not the rep's price."""


def talks_their_costs(text: str) -> bool:
    """The turn speaks of what things cost the prospect (THEIR_COSTS)."""
    return THEIR_COSTS.search(cues.normalise(text)) is not None


def talks_own_price(text: str) -> bool:
    """The turn speaks of the offer's price, cost or fees, not of what things cost the prospect
    ("hospitals your size tell us agency costs are climbing" is about their costs), nor of the
    rep's own name ("hi margaret it's gareth price from spendwise": a Pryce heard by a speech
    service)."""
    norm = INTRODUCTION.sub(" ", cues.normalise(text), count=1)
    return _has(topic_cues.TOPIC_PATTERNS, "price", THEIR_COSTS.sub(" ", norm))


_GREETING = (r"(?:hi|hello|hey|hiya|morning|afternoon|evening|good (?:morning|afternoon|"
             r"evening)|yeah|oh|um|uh|erm|so) (?:\| )?")
INTRODUCTION = cues.compiled(
    rf"^(?:{_GREETING})+(?:[a-z]+ (?:\| )?)?{tell_cues.SELF_NAMED}\b")
"""A call's first words, after a greeting, introducing the rep by name (`tell_cues.SELF_NAMED`:
"hi margaret, it's gareth price from..."): the name is no word of the offer. The greeting keeps
"its priced from 39 a month" a price."""


LINE_CHECK = cues.compiled(
    r"\b(?:are you (?:still )?there|you still there|can you hear me|did i lose you|"
    r"have i lost you|are you with me)\b")
LINE_CHECK_WORDS = frozenset({
    "hello", "hi", "hey", "sorry", "um", "uh", "oh", "so", "still", "are", "you", "there", "can",
    "hear", "me", "did", "i", "lose", "have", "lost", "with", "the", "line", "is", "this", "bad"})


def _checks_line(norm: str) -> bool:
    """Only checking the line ("Hello? Kevin? Are you there?"): at most one other word, a name."""
    if not LINE_CHECK.search(norm):
        return False
    return sum(word not in LINE_CHECK_WORDS for word in re.findall(r"[a-z']+", norm)) <= 1


@lru_cache(maxsize=SAID_TEXTS)
def analyse_prospect(text: str) -> ProspectCues:
    """Whether a prospect turn pushes back, and how (remembered for SAID_TEXTS texts: a batch's
    replies recur, "Sure." and "I'm not interested." in any call)."""
    norm = cues.normalise(text)
    kind = objections.raised(norm)
    if kind is None:
        return ProspectCues(text=text)
    return ProspectCues(text=text, objection=True, kind=kind, cues=(kind,))  # type: ignore[arg-type]


def is_question(text: str) -> bool:
    """Whether an utterance asks something (including a pitch phrased as a question)."""
    return bool(question_spans(cues.normalise(text)))


@dataclass(frozen=True, slots=True)
class QuestionSpan:
    """Where a question starts and ends in the normalised text, and what gave it away."""

    start: int
    end: int
    cue: str
    pitch: bool = False

    @property
    def asks(self) -> bool:
        """A real question: neither a pitch phrased as one nor a greeting pleasantry."""
        return not self.pitch and self.cue != GREETING


GREETING = "greeting"


def question_spans(norm: str) -> list[QuestionSpan]:
    """Question onsets in normalised text, overlapping ones merged, pitches and greetings marked."""
    found: list[tuple[int, int, str]] = []
    words = cues.words_in(norm)
    greetings = [(m.start(), m.end()) for m in question_cues.GREETING.finditer(norm)]
    for cue, gated in question_cues.QUESTION_CUES:
        if gated.words.isdisjoint(words):
            continue
        for match in gated.pattern.finditer(norm):
            if _genuine(norm, cue, match.start()):
                name = cue.split("@", 1)[0]
                found.append(_onset(norm, match.start(), name, greetings))
    for match in question_cues.QUESTION_MARK.finditer(norm):
        greeting = next((g for g in greetings if g[1] == match.end() - 2), None)
        start = greeting[0] if greeting and greeting[0] >= match.start() else match.start()
        found.append(_onset(norm, start, "question-mark", greetings, match.end()))
    return _merge(sorted(found), norm)


def _onset(
    norm: str, start: int, cue: str, greetings: list[tuple[int, int]], end: int = -1
) -> tuple[int, int, str]:
    """A question onset and where its clause ends; one inside a greeting ends with the greeting."""
    for greeting_start, greeting_end in greetings:
        if greeting_start <= start < greeting_end:
            return start, greeting_end, GREETING
    return start, end if end >= 0 else _clause_end(norm, start), cue


def _merge(found: list[tuple[int, int, str]], norm: str) -> list[QuestionSpan]:
    spans: list[QuestionSpan] = []
    for start, end, cue in found:
        if spans and start < spans[-1].end:
            last = spans[-1]
            spans[-1] = QuestionSpan(last.start, max(last.end, end), last.cue, last.pitch)
            continue
        pitch = _is_pitch(norm, start, end)
        spans.append(QuestionSpan(start, end, "pitch-as-question" if pitch else cue, pitch))
    return spans


def _is_pitch(norm: str, start: int, end: int) -> bool:
    """A pitch phrase opens the question (within its first few words)."""
    position, limit = start, min(start + 12, end)
    while position < limit:
        if question_cues.PITCH_QUESTION.match(norm, position, end):
            return True
        position = norm.find(" ", position, limit) + 1 or limit
    return False


def _clause_end(norm: str, start: int) -> int:
    """Where the question's clause ends; a pause before "or ..." continues it ("is it A | or B")."""
    while True:
        ends = [i for i in (norm.find(" |", start), norm.find("?", start)) if i >= 0]
        end = min(ends) if ends else len(norm)
        if not norm.startswith(" | or ", end):
            return end
        start = end + 3


def _genuine(norm: str, cue: str, start: int) -> bool:
    """Rule out embedded wh-clauses, mid-clause inversions and tags on a lone backchannel."""
    before = _word_before(norm, start)
    if cue.startswith("wh-") and _pied_piped(norm, start, before):
        before = "|"
    if before in _JOINS and _joined_to_embedded(norm, start):
        return False
    if before not in cues.CLAUSE_OPENERS and question_cues.RELATIVE_CLAUSE.match(norm, start):
        return False
    if question_cues.WHICH_IS_WHY.match(norm, start):
        return False
    if cue.startswith("inversion") and question_cues.PREDICATE_FRAGMENT.match(norm, start):
        return False
    if cue.endswith("@start"):
        if before in _VERB_PARTS and _two_back(norm, start) in _BEFORE_A_VERB:
            return False
        if cue.startswith("inversion"):
            return before in cues.INVERSION_OPENERS
        # a wh-word restarted ("where, whereabouts in the county")
        restarts = before in cues.WH_WORDS and _two_back(norm, start) in cues.CLAUSE_OPENERS
        return before in cues.CLAUSE_OPENERS or restarts
    if cue.endswith("@mid"):
        return before not in cues.NOT_BEFORE_INVERSION or _object_you(norm, start)
    if cue.endswith("@direct"):
        return before not in cues.PREPOSITIONS
    if cue.endswith("@any"):
        return before not in cues.BEFORE_AN_OBJECT
    if cue.endswith("@tag"):
        words = norm[:start].replace("|", " ").split()
        return len(words) >= 2 and before not in cues.NOT_BEFORE_TAG
    if cue.endswith("@inverted"):
        embedders = cues.EMBEDDERS_OF_INVERTED
    elif cue in ("wh-question", "wh-quantity"):
        embedders = cues.EMBEDDERS if _echo(norm, start) else cues.EMBEDDERS_OF_CLAUSE
    else:
        return True
    return before not in embedders and not question_cues.PSEUDO_CLEFT.match(norm, start)


def _two_back(norm: str, start: int) -> str:
    """The word before the word before an onset; "|" at the start of the turn. It tells what that
    word is doing: "um like how" (a filler), "to see what" (a verb, embedding the clause), "so
    where, whereabouts" (a restarted wh-word), "and for how long" (a preposition opening it)."""
    words = norm[:start].split()
    return words[-2] if len(words) >= 2 else "|"


# Openers that can also be a verb ("see", "sure"...) or an adverb in a verb phrase ("to actually
# do the work", "we then did a review").
_VERB_PARTS = cues.EMBEDDERS | frozenset(
    "actually also really honestly totally absolutely then now".split()  # noqa: SIM905
)
_BEFORE_A_VERB = frozenset(
    "to i we you they can cant could will would lets gonna wanna".split()  # noqa: SIM905
)


def _echo(norm: str, start: int) -> bool:
    """The wh-word ends its clause ("they could tell what?"): it embeds nothing."""
    rest = norm[start:].split(maxsplit=2)
    return len(rest) < 2 or rest[1] in ("|", "?")


def _word_before(norm: str, start: int) -> str:
    """The word before an onset; "|" where a clause ended (a filler "like", "thank you")."""
    head = norm[:start].rstrip()
    before = head.rsplit(" ", 1)[-1] if head else "|"
    if before == "like" and _two_back(norm, start) in cues.CLAUSE_OPENERS:
        return "|"
    if head == "thank you" or head.endswith(" thank you"):
        return "|"
    return before


def _object_you(norm: str, start: int) -> bool:
    """ "that's a lot for you | did you...": the "you" before an inversion ends a clause."""
    return norm.endswith(" for you ", 0, start)


def _pied_piped(norm: str, start: int, before: str) -> bool:
    """ "and for how long", "so in what way": a wh-question that opens with its preposition."""
    return before in cues.PIED_PIPED and _two_back(norm, start) in cues.CLAUSE_OPENERS


def _joined_to_embedded(norm: str, start: int) -> bool:
    """ "you know what you need and what's in the way": a wh-clause joined by "and"/"or" to an
    embedded one a few words back is embedded too (unless it inverts: "... and what do you...")."""
    after = norm[start:].split(maxsplit=3)
    if after[0] not in cues.WH_WORDS or _inverts(after[1:]):
        return False
    words = norm[:start].split()[-_JOIN_WINDOW:]
    joined = False
    while words and words[-1] in _JOINS:  # "and", "and uh" (a pause), "or"
        joined = words.pop() != "|" or joined
    for index in range(len(words) - 1, -1, -1) if joined else ():
        if words[index] in "|?":
            return False
        if words[index] in cues.WH_WORDS:
            return index > 0 and words[index - 1] in cues.EMBEDDERS_OF_CLAUSE
    return False


_JOIN_WINDOW = 8
_JOINS = frozenset(("and", "or", "|"))


def _inverts(words: list[str]) -> bool:
    return len(words) >= 2 and words[0] in cues.AUX_WORDS and words[1] in cues.SUBJECT_WORDS


def _tell_cues(norm: str, spans: list[QuestionSpan], opens_call: bool = True) -> list[str]:
    frame = tell_cues.REFLECTION_FRAME.search(norm)
    mirrored = frame.start() if frame else len(norm)
    found = [
        cue
        for cue, pattern in tell_cues.TELL_PATTERNS
        if any(_tells_here(match, spans, mirrored) for match in pattern.finditer(norm))
    ]
    if "did you know" in norm and tell_cues.KNEW_THAT.search(norm):
        found.append("told-fact")
    if not found and _claim_clause(_past_mirror(norm), spans, opens_call):
        found.append("claim-statement")
    return found


def _past_mirror(norm: str) -> str:
    """A turn that opens by mirroring the prospect restates their world until a pleasantry ends
    it ("you're right, thank you | the team collects..."): only what follows can claim."""
    if not tell_cues.MIRROR_OPENING.match(norm):
        return norm
    pleasantry = tell_cues.PLEASANTRY.search(norm)
    return "" if pleasantry is None else " " * pleasantry.end() + norm[pleasantry.end() :]


def _tells_here(match: re.Match[str], spans: list[QuestionSpan], mirrored: int) -> bool:
    """Outside any question; after "it sounds like...", not about the prospect ("you can see")."""
    if _inside_question(match.start(), spans):
        return False
    return match.start() < mirrored or tell_cues.SECOND_PERSON.search(match.group(0)) is None


def _inside_question(position: int, spans: list[QuestionSpan]) -> bool:
    """A tell cue right after a question onset belongs to the question ("do we help...")."""
    return any(0 <= position - span.start <= 24 and span.asks for span in spans)


_OPENING_CUES = frozenset({"purpose-statement", "referral", "curiosity"})


def _claim_clause(norm: str, spans: list[QuestionSpan], opens_call: bool) -> bool:
    """A statement long enough to inform or persuade, outside any question, not a reflection.
    `opens_call`: the turn states a purpose, a referral or curiosity (else no clause of it does)."""
    return any(
        _is_claim(part)
        for clause in _statements(norm, spans)
        if not (opens_call and _opens_the_call(clause))
        # "thank you" is no claim, what follows may be
        for segment in tell_cues.PLEASANTRY.split(clause)
        for part in _unhedged_parts(segment)
    )


def _unhedged_parts(segment: str) -> list[str]:
    """The clauses of a run-on; a hedge that ends one ("and maybe | the late shifts are...")
    governs the clause it introduces, which is then no claim either."""
    parts: list[str] = []
    hedged = False
    for part in (p.strip() for p in tell_cues.CLAUSE_START.split(segment)):
        if not hedged:
            parts.append(part)
        hedge = tell_cues.HEDGE.search(part)
        hedged = hedge is not None and hedge.end() == len(part)
    return parts


def _statements(norm: str, spans: list[QuestionSpan]) -> list[str]:
    """The clauses of the turn that no question covers (a voice-to-text question ends where
    a new subject starts: "how much would you give | the team collects...")."""
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(norm[position : span.start])
        position = max(position, _question_end(norm, span))
    pieces.append(norm[position:])
    return [c.strip() for piece in pieces for c in piece.replace("?", "|").split("|") if c.strip()]


def _question_end(norm: str, span: QuestionSpan) -> int:
    found = tell_cues.QUESTION_BREAK.search(norm, span.start + 1, span.end)
    return found.start() if found else span.end


def _opens_the_call(clause: str) -> bool:
    """The reason for the call, a referral, curiosity: earning the right, not telling."""
    openers = (earning_cues.PURPOSE, earning_cues.REFERRAL, earning_cues.CURIOSITY)
    return any(pattern.search(clause) for pattern in openers)


def _is_claim(clause: str) -> bool:
    if len(clause.split()) < tell_cues.CLAIM_MIN_WORDS or tell_cues.REFLECTION.match(clause):
        return False
    if tell_cues.SECOND_PERSON.search(clause) or tell_cues.INTRODUCTION.match(clause):
        return False
    if (
        tell_cues.HEDGE.search(clause)
        or tell_cues.EMPATHY.match(clause)
        or tell_cues.SESSION_TALK.search(clause)
    ):
        return False
    if topic_cues.ASKING_AHEAD.match(clause) or tell_cues.STRANDED_PREPOSITION.search(clause):
        return False
    if tell_cues.SCALE_QUESTION.search(clause) or tell_cues.COMPLEMENT_FRAGMENT.match(clause):
        return False
    return _asserts(clause)


def _asserts(clause: str) -> bool:
    """The clause has a finite verb: a claim, not a phrase ("on a scale of one to ten")."""
    words = clause.split()
    subjects = tell_cues.CLAIM_SUBJECTS
    if not tell_cues.FINITE_VERBS.isdisjoint(words) or not subjects.isdisjoint(words[:-1]):
        return True
    return tell_cues.CLAIM_VERB.search(clause) is not None


def _earn_cues(norm: str) -> dict[str, int]:
    """Earning-the-right cues and where each first appears."""
    named = (
        ("purpose-statement", earning_cues.PURPOSE),
        ("referral", earning_cues.REFERRAL),
        ("permission", earning_cues.PERMISSION),
        ("curiosity", earning_cues.CURIOSITY),
    )
    found: dict[str, int] = {}
    for cue, pattern in named:
        match = pattern.search(norm)
        if match:
            found[cue] = match.start()
    return found


def _earned_before(norm: str, earn: dict[str, int], real: list[QuestionSpan]) -> bool:
    """This turn earns the right before its first probing question."""
    if not earn:
        return False
    first_probe = next((span.start for span in real if not _light(norm, span)), len(norm))
    return min(earn.values()) <= first_probe


def _topics(norm: str, real: list[QuestionSpan]) -> set[str]:
    topics: set[str] = set()
    for span in real:
        if _light(norm, span):
            continue
        clause = norm[span.start : span.end]
        topics.update(t for t, pattern in topic_cues.TOPIC_PATTERNS if pattern.search(clause))
        if not topics and (span.cue in _OPEN_CUES or tell_cues.SECOND_PERSON.search(clause)):
            topics.add("situation")
    return topics


_OPEN_CUES = frozenset({"wh-question", "wh-quantity", "how-about", "request"})


def _light(norm: str, span: QuestionSpan) -> bool:
    clause = norm[span.start : span.end]
    if topic_cues.LIGHT_QUESTION.search(clause):
        return True
    permission = earning_cues.PERMISSION.search(clause)
    if permission is None:
        return False
    rest = topic_cues.ABOUT_QUESTIONS.sub("", clause[permission.end() :]).replace("?", " ").strip()
    return len(topic_cues.ASKING_AHEAD.sub("", rest).split()) <= 2



def _has(patterns: tuple[tuple[str, re.Pattern[str]], ...], name: str, norm: str) -> bool:
    return any(pattern.search(norm) for topic, pattern in patterns if topic == name)


def analyse_transcript(turns: Iterable[Turn]) -> list[TurnCues]:
    """Analyse every turn in order, carrying the call context forward."""
    context = CueContext()
    result: list[TurnCues] = []
    for turn in turns:
        if turn.speaker == "rep":
            rep = analyse_rep(turn.text, context)
            context = context.after_rep(rep)
            result.append(rep)
        else:
            prospect = analyse_prospect(turn.text)
            context = context.after_prospect(prospect)
            result.append(prospect)
    return result

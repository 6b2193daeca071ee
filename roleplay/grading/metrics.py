"""The fixed vocabulary of call metrics a rubric check can name, computed from analysed turns.

A metric is a number about the whole call (a share, a count, a word count) or `None` when it
does not apply to this call (no objection was raised, so "share of objections argued with" has
no value). A check on a metric that does not apply is skipped; a criterion whose checks are all
skipped is `n/a`.

Every metric is computed from `roleplay.analysis` labels and the turn's conduct
(`roleplay.conduct`: off track, contradicting, building on what was said), read the same way the
prospect engine reads them: the grader never re-decides what a turn does. A turn off track counts
for nothing else (no question, no probe, no purpose), as the prospect hears it. A flat denial of
the prospect's own words ("that isn't fine") is read against every prospect turn so far, as the
engine reads it against what its prospect has said.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from roleplay import conduct
from roleplay.analysis import ProspectAnalysis, RepAnalysis, TurnAnalysis
from roleplay.analysis.turns import refuses
from roleplay.conduct import Conduct, deferrals, denial, detectors, listening, twisting


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """What a metric measures, which turns are its evidence, and its natural spread."""

    description: str
    evidence: str  # "asking", "listening", "earning", "objections", "focus", "monologue", ""
    span: float  # how far past an `at_most` threshold a value scores zero, unless `zero_at` says


@dataclass(frozen=True, slots=True)
class CallFacts:
    """The analysed call, reduced to what the metrics need."""

    rep: tuple[RepAnalysis, ...]  # what each rep turn counts for (`conduct.counted`)
    responses: tuple[RepAnalysis, ...]  # rep turns that answer an objection
    objections: int
    rep_words: tuple[int, ...]
    prospect_words: int
    right_given: bool = False  # the prospect asked for the call, or invited questions
    conduct: tuple[Conduct, ...] = ()  # per rep turn
    pushed_back: tuple[bool, ...] = ()  # per rep turn: argues (`conduct.pushes_back`)
    heard: tuple[bool, ...] = ()  # per rep turn: the prospect had just said something to build on
    answers_objection: tuple[bool, ...] = ()  # per rep turn: right after an objection


LONG_TURN_WORDS = 60
"""A turn longer than this is a monologue, whether it asks or tells: a sixty-word question keeps
the prospect waiting as long as a sixty-word pitch (the prospect engine's limit is the persona's
`monologue_words`; the grader, knowing no persona, uses this one)."""

METRICS: dict[str, MetricInfo] = {
    "rep_turns": MetricInfo("number of rep turns", "", 5),
    "ask_share": MetricInfo("share of rep turns that ask (0-1)", "asking", 1.0),
    "tell_share": MetricInfo("share of rep turns that tell or pitch (0-1)", "asking", 1.0),
    "ask_tell_balance": MetricInfo(
        "asking turns / (asking + telling turns), a turn that does both counting half each "
        "(0-1; n/a when the rep did neither)",
        "asking",
        1.0,
    ),
    "tell_word_share": MetricInfo(
        "share of the rep's words spoken in turns that tell or pitch, a turn that also asks "
        "counting half (0-1; n/a when the rep said nothing)",
        "asking",
        1.0,
    ),
    "questions_asked": MetricInfo("real questions the rep asked", "asking", 5),
    "questions_per_tell": MetricInfo(
        "questions asked per telling turn (telling turns counted as at least 1)", "asking", 2
    ),
    "tells_before_first_question": MetricInfo(
        "telling turns before the rep's first asking turn", "asking", 2
    ),
    "longest_monologue_words": MetricInfo("words in the rep's longest turn", "monologue", 60),
    "talk_ratio": MetricInfo("rep words / all words (0-1; n/a when nobody spoke)", "", 0.4),
    "probing_turns": MetricInfo(
        "rep turns that probe situation, pain, money, process", "earning", 3
    ),
    "earned_right": MetricInfo(
        "1 if the rep earned the right to ask (purpose, permission) or the prospect gave it (an "
        "inbound call, an invitation to ask), else 0", "earning", 1
    ),
    "premature_probes": MetricInfo("probing turns asked before the right was earned", "earning", 2),
    "premature_share": MetricInfo(
        "premature probes / probing turns (n/a when the rep never probed)", "earning", 1.0
    ),
    "objections_raised": MetricInfo("prospect turns that push back", "objections", 2),
    "arguments_after_objections": MetricInfo(
        "rep turns that argue: contradict the prospect, rebut or pitch through an objection "
        "(n/a when none was raised)", "objections", 2
    ),
    "argue_share": MetricInfo(
        "share of answers to an objection that argue: contradict, rebut or pitch through it "
        "(n/a when none was answered)",
        "objections",
        1.0,
    ),
    "objections_explored": MetricInfo(
        "answers that acknowledge and explore an objection (n/a when none was raised)",
        "objections",
        2,
    ),
    "explored_share": MetricInfo(
        "share of answers to an objection that explore it (n/a when none was answered)",
        "objections",
        1.0,
    ),
    "pitch_share_after_objections": MetricInfo(
        "share of answers to an objection that pitch without asking (n/a when none was answered)",
        "objections",
        1.0,
    ),
    "price_mentions": MetricInfo("rep turns that talk price", "", 2),
    "competitor_mentions": MetricInfo("rep turns that talk about competitors", "", 2),
    "monologue_cost": MetricInfo(
        f"what the rep's turns longer than {LONG_TURN_WORDS} words cost, asking or telling, as "
        "the prospect engine counts a monologue: half a point each, or one per "
        f"{LONG_TURN_WORDS} words beyond the limit, at most 3 a turn (a fault: n/a when no turn "
        "ran long)", "monologue", 3
    ),
    "interrogation_run": MetricInfo(
        "the longest string of probing questions in a row that neither acknowledge, reflect nor "
        "pick up what the prospect just said: a checklist, not a conversation (n/a when no "
        "probing question came after an answer)", "listening", 3
    ),
    "contradictions": MetricInfo(
        "rep turns that contradict, correct or belittle what the prospect said or does, "
        "objection or not (a fault: n/a when there was none)", "objections", 2
    ),
    "off_track_turns": MetricInfo(
        "rep turns that do nothing for the client: silence, nonsense, off-topic small talk, "
        "asking whether the prospect is an AI, words aimed at the model or the grader, a "
        "language the prospect does not speak (a fault: n/a when there was none)", "focus", 2
    ),
    "pressure_turns": MetricInfo(
        "rep turns that push for a decision: false urgency, scarcity, a demand for an answer, "
        "the bandwagon (a fault: n/a when there was none)", "focus", 2
    ),
    "early_closes": MetricInfo(
        "next steps proposed before the rep asked a single question about the prospect's "
        "situation (a fault: n/a when there was none)", "focus", 2
    ),
    "no_substance": MetricInfo(
        "1 when the call never asks about the prospect's situation, never takes up an objection "
        "and never proposes a next step: it goes nowhere ('just touching base', 'anything on your "
        "radar?'; a fault: n/a when the call did any of them)", "", 1
    ),
}


def _acknowledgement_fits(said: str | None, after: TurnAnalysis | None) -> bool:
    """A bare "sure" is in place: the prospect's last words end on a question ("How about
    Thursday?"), which it answers, or the rep goes on in the next turn ("Fair enough." "How
    about I come round Sunday?"). The engine knows the step its prospect offered, and every
    rep turn of a roleplay gets a reply; the grader reads the words."""
    return isinstance(after, RepAnalysis) or (said is not None and said.rstrip().endswith("?"))


def call_facts(analyses: Sequence[TurnAnalysis], *, inbound: bool = False) -> CallFacts:
    """Reduce the analysed turns to the facts the metrics read (`inbound`: the prospect asked
    for the call). A turn that earns the right by what it counts for (a first turn that says
    what the rep sells and asks for someone else, `conduct.counted`) earns it for the probes
    after it, as the prospect engine hears it, unless the next reply refuses."""
    rep: list[RepAnalysis] = []
    responses: list[RepAnalysis] = []
    conducts: list[Conduct] = []
    pushed: list[bool] = []
    heard: list[bool] = []
    answering: list[bool] = []
    objections = 0
    prospect_words = 0
    after_objection = False
    given = inbound
    last: str | None = None
    claimed: frozenset[str] = frozenset()  # what the prospect asserted so far (`denial.claims`)
    troubled = False  # the prospect named a trouble of their own (`twisting.troubled`)
    deferred_to: frozenset[str] = frozenset()  # what the prospect deferred to (`deferrals`)
    prospect = _ProspectWorld(analyses)
    earned_here = False  # the right to ask came from what a turn counts for (`counted`)
    just_earned = False
    for index, item in enumerate(analyses):
        if isinstance(item, ProspectAnalysis):
            if just_earned and refuses(item):
                earned_here = False  # a refusal answers the request, as the analysis reads it
            just_earned = False
            given = given or item.grants_right
            objections += int(item.objection)
            prospect_words += word_count(item.text)
            after_objection = item.objection
            last = item.text
            claimed |= denial.claims([item.text])
            troubled = troubled or twisting.troubled([item.text])
            deferred_to |= deferrals.defers(listening.plain(item.text))
            continue
        found = conduct.read(item, heard=last, claimed=claimed, languages=prospect,
                             own_words=prospect.words, opens_call=not rep and not inbound,
                             troubled=troubled, acknowledgement_fits=_acknowledgement_fits(
                                 last, analyses[index + 1] if index + 1 < len(analyses) else None),
                             deferred_to=deferred_to)
        counts = conduct.counted(item, found)
        if earned_here and counts.premature:
            counts = replace(counts, premature=False)
        just_earned = counts.earns_right and not item.earns_right
        earned_here = earned_here or just_earned
        heard.append(bool(rep) and last is not None and listening.says_something(
            listening.plain(last)))
        rep.append(counts)
        conducts.append(found)
        pushed.append(conduct.pushes_back(counts, found, after_objection=after_objection))
        answering.append(after_objection)
        if after_objection:
            responses.append(counts)
        after_objection = False
        last = None
    return CallFacts(
        rep=tuple(rep),
        responses=tuple(responses),
        objections=objections,
        rep_words=tuple(word_count(r.text) for r in rep),
        prospect_words=prospect_words,
        right_given=given,
        conduct=tuple(conducts),
        pushed_back=tuple(pushed),
        heard=tuple(heard),
        answers_objection=tuple(answering),
    )


class _ProspectWorld:
    """What the transcript tells about the prospect, for reading the rep's turns as the engine
    reads them with the persona file: the words they use (names, company: never nonsense) and
    the languages they speak (English, and any they used in the call)."""

    def __init__(self, analyses: Sequence[TurnAnalysis]) -> None:
        self._texts = [a.text for a in analyses if isinstance(a, ProspectAnalysis)]
        self.words = frozenset(w for text in self._texts for w in detectors.words(text))
        self._languages: frozenset[str] | None = None

    def __contains__(self, language: object) -> bool:
        """Whether the prospect speaks `language`: asked only about a rep turn not in English
        (rare), so the prospect's turns are read for it only then."""
        if self._languages is None:
            spoken = {detectors.language_of(text) for text in self._texts}
            self._languages = frozenset({"en", *(lang for lang in spoken if lang)})
        return language in self._languages


def word_count(text: str) -> int:
    return len(text.split())


def compute(facts: CallFacts) -> dict[str, float | None]:
    """Every metric of the vocabulary for one call."""
    return {name: _FORMULAS[name](facts) for name in METRICS}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _count(facts: CallFacts, label: Callable[[RepAnalysis], bool]) -> int:
    return sum(1 for r in facts.rep if label(r))


def _tells_before_first_question(facts: CallFacts) -> float:
    count = 0
    for r in facts.rep:
        if r.asks:
            break
        count += int(r.tells)
    return count


def _ask_tell_balance(facts: CallFacts) -> float | None:
    """Asking against telling: a turn that asks and tells is half of each, so tacking a
    question onto every pitch does not make the rep an asker."""
    asking = sum(1.0 if not r.tells else 0.5 for r in facts.rep if r.asks)
    telling = sum(1.0 if not r.asks else 0.5 for r in facts.rep if r.tells)
    return asking / (asking + telling) if asking + telling else None


def _tell_word_share(facts: CallFacts) -> float | None:
    """The rep's words spent telling; a turn that asks and tells is half telling, like above."""
    telling = sum(
        words * (0.5 if r.asks else 1.0)
        for r, words in zip(facts.rep, facts.rep_words, strict=True)
        if r.tells
    )
    total = sum(facts.rep_words)
    return telling / total if total else None


def _talk_ratio(facts: CallFacts) -> float | None:
    rep = sum(facts.rep_words)
    return _share(rep, rep + facts.prospect_words)


def _when_objections(facts: CallFacts, value: float | None) -> float | None:
    return value if facts.objections else None


def _argued(facts: CallFacts) -> int:
    """Rep turns that argue: the model's label, a contradiction, or a pitch through an objection
    (`conduct.pushes_back`, the engine's own test)."""
    return sum(facts.pushed_back)


def _argued_responses(facts: CallFacts) -> int:
    return sum(pushed for pushed, answers in zip(facts.pushed_back, facts.answers_objection,
                                                  strict=True) if answers)


def _explored(facts: CallFacts) -> int:
    return sum(1 for r in facts.responses if r.explores_objection)


def _monologue_cost(words: int) -> float:
    """A turn's length as the prospect feels it (the engine's `long_monologue`, at this limit)."""
    if words <= LONG_TURN_WORDS:
        return 0.0
    return round(min(3.0, max(0.5, (words - LONG_TURN_WORDS) / LONG_TURN_WORDS)), 2)


def _fault(count: float) -> float | None:
    """A fault is counted when it happened; never doing it is no achievement of its own (n/a),
    so a call without it is graded on what the rep did instead."""
    return count or None


def interrogation(facts: CallFacts) -> list[int | None]:
    """Per rep turn: None when it is no probing question after the prospect said something,
    else the length of the string of such probes that ignore the answers it ends (0: it builds
    on what they said). Other turns leave the string as it is."""
    found: list[int | None] = []
    run = 0
    for rep, conduct_, heard in zip(facts.rep, facts.conduct, facts.heard, strict=True):
        if not (rep.probes and heard):
            found.append(None)
            continue
        run = 0 if conduct_.builds_on else run + 1
        found.append(run)
    return found


def _interrogation_run(facts: CallFacts) -> float | None:
    """n/a when no probe came after an answer."""
    runs = [run for run in interrogation(facts) if run is not None]
    return max(runs) if runs else None


def early_closes(facts: CallFacts) -> list[bool]:
    """Per rep turn: a next step proposed before the rep's first probing question."""
    found: list[bool] = []
    probed = False
    for rep in facts.rep:
        probed = probed or rep.probes
        found.append(rep.proposes_next_step and not probed)
    return found


_FORMULAS: dict[str, Callable[[CallFacts], float | None]] = {
    "rep_turns": lambda f: len(f.rep),
    "ask_share": lambda f: _share(_count(f, lambda r: r.asks), len(f.rep)),
    "tell_share": lambda f: _share(_count(f, lambda r: r.tells), len(f.rep)),
    "ask_tell_balance": _ask_tell_balance,
    "tell_word_share": _tell_word_share,
    "questions_asked": lambda f: sum(r.questions for r in f.rep),
    "questions_per_tell": lambda f: (
        sum(r.questions for r in f.rep) / max(1, _count(f, lambda r: r.tells))
    ),
    "tells_before_first_question": _tells_before_first_question,
    "longest_monologue_words": lambda f: max(f.rep_words, default=0),
    "talk_ratio": _talk_ratio,
    "probing_turns": lambda f: _count(f, lambda r: r.probes),
    "earned_right": lambda f: float(f.right_given or any(r.earns_right for r in f.rep)),
    "premature_probes": lambda f: _count(f, lambda r: r.premature),
    "premature_share": lambda f: _share(
        _count(f, lambda r: r.premature), _count(f, lambda r: r.probes)
    ),
    "objections_raised": lambda f: f.objections,
    "arguments_after_objections": lambda f: _when_objections(f, _argued(f)),
    "argue_share": lambda f: _share(_argued_responses(f), len(f.responses)),
    "objections_explored": lambda f: _when_objections(f, _explored(f)),
    "explored_share": lambda f: _share(_explored(f), len(f.responses)),
    "pitch_share_after_objections": lambda f: _share(
        sum(1 for r in f.responses if r.tells and not (r.asks or r.explores_objection)),
        len(f.responses),
    ),
    "price_mentions": lambda f: _count(f, lambda r: r.mentions_price),
    "competitor_mentions": lambda f: _count(f, lambda r: r.mentions_competitor),
    "monologue_cost": lambda f: _fault(sum(_monologue_cost(words) for words in f.rep_words)),
    "interrogation_run": _interrogation_run,
    "contradictions": lambda f: _fault(sum(1 for c in f.conduct if c.contradicts)),
    "off_track_turns": lambda f: _fault(sum(1 for c in f.conduct if c.off_track is not None)),
    "early_closes": lambda f: _fault(sum(early_closes(f))),
    "pressure_turns": lambda f: _fault(sum(1 for c in f.conduct if c.pressures)),
    "no_substance": lambda f: _fault(int(not any(
        r.probes or r.explores_objection or r.proposes_next_step for r in f.rep))),
}

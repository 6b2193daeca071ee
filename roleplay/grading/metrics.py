"""The fixed vocabulary of call metrics a rubric check can name, computed from analysed turns.

A metric is a number about the whole call (a share, a count, a word count) or `None` when it
does not apply to this call (no objection was raised, so "share of objections argued with" has
no value). A check on a metric that does not apply is skipped; a criterion whose checks are all
skipped is `n/a`.

Every metric is computed from `roleplay.analysis` labels only: the grader never re-decides what
a turn does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from roleplay.analysis import ProspectAnalysis, RepAnalysis, TurnAnalysis


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """What a metric measures, which turns are its evidence, and its natural spread."""

    description: str
    evidence: str  # "asking", "earning", "objections", "monologue" or "" (none)
    span: float  # how far past an `at_most` threshold a value scores zero, unless `zero_at` says


@dataclass(frozen=True, slots=True)
class CallFacts:
    """The analysed call, reduced to what the metrics need."""

    rep: tuple[RepAnalysis, ...]
    responses: tuple[RepAnalysis, ...]  # rep turns that answer an objection
    objections: int
    rep_words: tuple[int, ...]
    prospect_words: int
    right_given: bool = False  # the prospect asked for the call, or invited questions


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
        "rep turns that argue with an objection (n/a when none was raised)", "objections", 2
    ),
    "argue_share": MetricInfo(
        "share of answers to an objection that argue (n/a when none was answered)",
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
}


def call_facts(analyses: Sequence[TurnAnalysis], *, inbound: bool = False) -> CallFacts:
    """Reduce the analysed turns to the facts the metrics read (`inbound`: the prospect asked
    for the call)."""
    rep: list[RepAnalysis] = []
    responses: list[RepAnalysis] = []
    objections = 0
    prospect_words = 0
    after_objection = False
    given = inbound
    for item in analyses:
        if isinstance(item, ProspectAnalysis):
            given = given or item.grants_right
            objections += int(item.objection)
            prospect_words += word_count(item.text)
            after_objection = item.objection
            continue
        rep.append(item)
        if after_objection:
            responses.append(item)
        after_objection = False
    return CallFacts(
        rep=tuple(rep),
        responses=tuple(responses),
        objections=objections,
        rep_words=tuple(word_count(r.text) for r in rep),
        prospect_words=prospect_words,
        right_given=given,
    )


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
    return _count(facts, lambda r: r.argues)


def _explored(facts: CallFacts) -> int:
    return sum(1 for r in facts.responses if r.explores_objection)


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
    "argue_share": lambda f: _share(_argued(f), len(f.responses)),
    "objections_explored": lambda f: _when_objections(f, _explored(f)),
    "explored_share": lambda f: _share(_explored(f), len(f.responses)),
    "pitch_share_after_objections": lambda f: _share(
        sum(1 for r in f.responses if r.tells and not (r.asks or r.explores_objection)),
        len(f.responses),
    ),
    "price_mentions": lambda f: _count(f, lambda r: r.mentions_price),
    "competitor_mentions": lambda f: _count(f, lambda r: r.mentions_competitor),
}

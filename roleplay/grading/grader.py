"""Grade a transcript against a rubric: `grade(transcript, rubric) -> Scorecard`.

Built on `roleplay.analysis.analyse_transcript`, the one truth about what a turn does (the prospect
engine reacts to the same labels). Metrics from `roleplay.grading.metrics` feed the rubric's
checks; each criterion scores the weighted credit of its checks that apply, and the total is the
weighted mean of the criteria that apply; a critical criterion at poor pulls it halfway down to its
own score and below `fair` (`capped_by` names it: a call that fails a basic is a poor call).
Pure and deterministic: the same transcript gives the same scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from roleplay.analysis import ProspectAnalysis, RepAnalysis, TurnAnalysis, analyse_transcript
from roleplay.analysis.turns import SHOWN_BY_ANSWER
from roleplay.conduct import Conduct
from roleplay.errors import TranscriptError
from roleplay.grading.coaching import MONOLOGUE_WORDS, better_lines
from roleplay.grading.metrics import (
    METRICS,
    CallFacts,
    call_facts,
    compute,
    early_closes,
    interrogation,
    word_count,
)
from roleplay.grading.quotes import quote
from roleplay.grading.rubrics import Check, Criterion, Rubric
from roleplay.grading.scorecard import (
    CheckResult,
    CriterionResult,
    Evidence,
    Monologue,
    ProspectTurn,
    RepTurn,
    Scorecard,
    TurnLabels,
)
from roleplay.transcript import Transcript

MAX_EVIDENCE = 3  # per criterion, of problems and of strengths each


def grade(transcript: Transcript, rubric: Rubric) -> Scorecard:
    """The scorecard of one transcript; TranscriptError when there is no rep turn to grade."""
    if not transcript.rep_turns():
        raise TranscriptError("the transcript has no rep turn to grade")
    analyses = analyse_transcript(transcript.turns, inbound=transcript.context.inbound)
    return scorecard_from(analyses, rubric, transcript_id=transcript.id,
                          inbound=transcript.context.inbound, hung_up=transcript.context.hung_up)


def scorecard_from(
    analyses: Sequence[TurnAnalysis],
    rubric: Rubric,
    *,
    transcript_id: str | None = None,
    inbound: bool = False,
    hung_up: bool = False,
) -> Scorecard:
    """The scorecard of turns already analysed (the conversation layer has them at hand);
    `hung_up`: the prospect ended the call, lost (the total stays poor, see `_total`)."""
    facts = call_facts(analyses, inbound=inbound)
    analyses = _premature_as_counted(analyses, facts)
    values = compute(facts)
    seen = _seen(analyses, facts)
    criteria = [_criterion(c, values, analyses, seen, rubric) for c in rubric.criteria]
    conducts = {s.index: s.conduct for s in seen}
    questions = values["questions_asked"]
    score, capped_by = _total(rubric, criteria, hung_up=hung_up)
    return Scorecard(
        rubric=rubric.id,
        score=score,
        capped_by=capped_by,
        criteria=criteria,
        turns=[_labels(i, a, conducts.get(i)) for i, a in enumerate(analyses)],
        talk_ratio=_rounded(values["talk_ratio"]),
        questions_asked=int(questions or 0),
        longest_monologue=_longest(analyses),
        better_lines=better_lines(analyses, quote, [s.conduct for s in seen]),
        transcript_id=transcript_id,
    )


def _labels(index: int, item: TurnAnalysis, conduct: Conduct | None) -> TurnLabels:
    """One turn's labels. The hot path of a batch: the values come from typed dataclasses, so
    the models are built without re-validation (`model_construct`)."""
    if isinstance(item, ProspectAnalysis):
        return ProspectTurn.model_construct(
            index=index, objection=item.objection, kind=item.kind, words=word_count(item.text)
        )
    conduct = conduct or Conduct()
    return RepTurn.model_construct(
        index=index,
        asks=item.asks,
        tells=item.tells,
        probing=item.probes,
        premature=item.premature,
        argues=item.argues,
        earns_right=item.earns_right,
        explores_objection=item.explores_objection,
        questions=item.questions,
        manipulates=item.manipulates,
        words=word_count(item.text),
        off_track=conduct.off_track,
        contradicts=conduct.contradicts,
        pressures=conduct.pressures,
        builds_on=conduct.builds_on,
    )


def _criterion(
    criterion: Criterion,
    values: dict[str, float | None],
    analyses: Sequence[TurnAnalysis],
    seen: Sequence[_Seen],
    rubric: Rubric,
) -> CriterionResult:
    checks = [_check_result(check, values) for check in criterion.checks]
    applying = [
        (c, check) for c, check in zip(checks, criterion.checks, strict=True) if c.value is not None
    ]
    families = [METRICS[check.metric].evidence for check in criterion.checks]
    evidence = _evidence(analyses, seen, families)
    if not applying:
        return CriterionResult(
            id=criterion.id,
            name=criterion.name,
            score=None,
            level="n/a",
            description="does not apply to this call",
            evidence=evidence,
            checks=checks,
        )
    credit = sum(check.weight * check.credit(c.value or 0.0) for c, check in applying)
    score = _percent(credit / sum(check.weight for _, check in applying))
    level = rubric.thresholds.level(score)
    return CriterionResult(
        id=criterion.id,
        name=criterion.name,
        score=score,
        level=level,
        description=getattr(criterion.levels, level),
        evidence=evidence,
        checks=checks,
    )


def _check_result(check: Check, values: dict[str, float | None]) -> CheckResult:
    value = values[check.metric]
    passed = None if value is None else check.passes(value)
    return CheckResult(
        metric=check.metric, value=_rounded(value), passed=passed, description=check.description
    )


HUNG_UP = "hung_up"
"""`capped_by` when the prospect ended the call: it failed as a whole, like a basic at 0."""
SHORT_OF_GOOD = "short_of_good"
"""`capped_by` when the call fell short of good on several criteria (`Rubric.short_of_good`)."""


def _total(
    rubric: Rubric, results: list[CriterionResult], *, hung_up: bool = False
) -> tuple[int | None, str | None]:
    """The weighted mean of the criteria that apply. A critical criterion at poor pulls it
    halfway down to its own score, and at most to `poor_cap` (the lowest such criterion is
    named): the call is poor too, and among calls that failed a basic, both how badly they
    failed it and how the rest went still order them. A call the prospect hung up on failed
    as a whole: it counts as a critical criterion at 0 (`HUNG_UP`)."""
    weighted = [
        (criterion.weight, result.score)
        for criterion, result in zip(rubric.criteria, results, strict=True)
        if result.score is not None
    ]
    if not weighted:
        return None, None
    mean = sum(w * s for w, s in weighted) / sum(w for w, _ in weighted)
    failed = [
        (result.score, result.id)
        for criterion, result in zip(rubric.criteria, results, strict=True)
        if criterion.critical and result.level == "poor" and result.score is not None
    ]
    failed += [(0, HUNG_UP)] if hung_up else []
    caps = [(min(rubric.thresholds.poor_cap, _percent((mean + score) / 200)), order, name)
            for order, (score, name) in enumerate(failed)]  # ties: the rubric's order
    short = _short_cap(rubric, results)
    caps += [(short, len(caps), SHORT_OF_GOOD)] if short is not None else []
    total = _percent(mean / 100)
    if not caps or total <= min(caps)[0]:
        return total, None
    cap, _, name = min(caps)
    return cap, name


def _short_cap(rubric: Rubric, results: list[CriterionResult]) -> int | None:
    """The rubric's `short_of_good` cap, when the call is short of good on as many criteria as
    it names; else None."""
    rule, good = rubric.short_of_good, rubric.thresholds.good
    if rule is None or sum(r.score is not None and r.score < good for r in results) \
            < rule.criteria:
        return None
    return rule.cap


def _percent(fraction: float) -> int:
    return int(fraction * 100 + 0.5)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _longest(analyses: Sequence[TurnAnalysis]) -> Monologue | None:
    rep = [(word_count(a.text), -i) for i, a in enumerate(analyses) if isinstance(a, RepAnalysis)]
    if not rep:
        return None
    words, negative_index = max(rep)
    return Monologue(turn=-negative_index, words=words)


# Evidence: which turns show a criterion's metrics at work, quoted verbatim.


@dataclass(frozen=True, slots=True)
class _Seen:
    """A rep turn as graded: what it counts for, its conduct, and the call around it."""

    index: int  # in the transcript
    rep: RepAnalysis  # what it counts for (`conduct.counted`)
    conduct: Conduct
    previous: ProspectAnalysis | None  # the prospect's turn just before
    run: int | None  # `metrics.interrogation`: None when no probe after an answer
    early_close: bool
    pushed_back: bool


def _premature_as_counted(analyses: Sequence[TurnAnalysis],
                          facts: CallFacts) -> Sequence[TurnAnalysis]:
    """The analyses with each probe's `premature` as the metrics count it (`call_facts`: the
    right earned by what a turn counts for), so the turn labels, the evidence and the better
    lines say what the criterion scored."""
    reps = iter(facts.rep)
    return [a if isinstance(a, ProspectAnalysis) else _premature_from(a, next(reps))
            for a in analyses]


def _premature_from(item: RepAnalysis, counted: RepAnalysis) -> RepAnalysis:
    return replace(item, premature=False) if item.premature and not counted.premature else item


def _seen(analyses: Sequence[TurnAnalysis], facts: CallFacts) -> list[_Seen]:
    indices = [i for i, a in enumerate(analyses) if isinstance(a, RepAnalysis)]
    previous = [
        analyses[i - 1] if i and isinstance(analyses[i - 1], ProspectAnalysis) else None
        for i in indices
    ]
    return [
        _Seen(index=i, rep=rep, conduct=found, previous=before, run=run, early_close=early,
              pushed_back=pushed)  # type: ignore[arg-type]
        for i, rep, found, before, run, early, pushed in zip(
            indices, facts.rep, facts.conduct, previous, interrogation(facts),
            early_closes(facts), facts.pushed_back, strict=True)
    ]


def _evidence(
    analyses: Sequence[TurnAnalysis], seen: Sequence[_Seen], families: list[str]
) -> list[Evidence]:
    """Up to MAX_EVIDENCE problems, then up to MAX_EVIDENCE strengths, one per turn each, each
    quoting the words that drove its label."""
    found: dict[bool, dict[int, tuple[str, str | None]]] = {False: {}, True: {}}
    for turn in seen:
        for family in dict.fromkeys(families):
            for why, positive, label in _reasons(family, turn):
                kept = found[positive]
                if turn.index not in kept and len(kept) < MAX_EVIDENCE:
                    kept[turn.index] = (why, label)
    return [
        Evidence(turn=i, quote=_quote_label(analyses[i], label, good), why=why, positive=good)
        for good in (False, True)
        for i, (why, label) in found[good].items()
    ]


def _quote_label(analysis: TurnAnalysis, label: str | None, question: bool) -> str:
    phrases = analysis.words_for(label) if label and isinstance(analysis, RepAnalysis) else ()
    return quote(analysis.text, phrases, question=question)


Reason = tuple[str, bool, str | None]
"""Why a turn is evidence, whether it counts for the rep, and the label whose words to quote."""


def _reasons(family: str, turn: _Seen) -> list[Reason]:
    rep, previous = turn.rep, turn.previous
    if family == "focus":
        return _focus(turn)
    if turn.conduct.off_track is not None:
        return []  # evidence of nothing but being off track
    if family == "asking":
        return _asking(turn)
    if family == "listening":
        return _listening(turn)
    if family == "earning":
        return _earning(rep)
    if family == "objections":
        if turn.conduct.contradicts:
            return [("contradicts what the prospect said", False, None)]
        if previous is not None and previous.objection:
            return _answering(turn, previous)
    if family == "monologue" and word_count(rep.text) > MONOLOGUE_WORDS:
        return [(f"a {word_count(rep.text)}-word monologue", False, None)]
    return []


def _asking(turn: _Seen) -> list[Reason]:
    rep, conduct = turn.rep, turn.conduct
    if rep.manipulates:
        return [("talks to the model or the grader instead of the prospect", False, None)]
    if conduct.pressures:
        return [("pushes for a decision instead of asking", False, None)]
    if conduct.contradicts:
        return [("tells the prospect they are wrong instead of asking", False, None)]
    if turn.run is not None and turn.run >= 2:
        about = _about(rep)
        return [(f"fires another question{' ' + about if about else ''} without picking up the "
                 f"answer ({turn.run} in a row)", False, None)]
    if rep.asks:
        shown = " (the prospect's answer shows it)" \
            if SHOWN_BY_ANSWER["asks"] in rep.cues else ""
        return [(f"asks {_about(rep) or 'a question'}{shown}", True, "asks")]
    if rep.tells:
        return [("tells or pitches instead of asking", False, "tells")]
    return []


def _listening(turn: _Seen) -> list[Reason]:
    if turn.run is None:
        return []
    if turn.run == 0:
        return [("builds on what the prospect just said", True, None)]
    return [(f"asks {_about(turn.rep) or 'another question'} without picking up what the "
             "prospect just said", False, None)]


OFF_TRACK_WHY = {
    "silence": "says nothing",
    "nonsense": "says words that make no sense",
    "off_topic": "small talk with nothing to do with the call",
    "ai_question": "asks whether the prospect is an AI (or talks to the machine)",
    "language": "speaks a language the prospect does not",
    "rude": "is rude to the prospect (an insult, swearing or contempt)",
}


def _focus(turn: _Seen) -> list[Reason]:
    kind = turn.conduct.off_track
    if kind is not None:
        why = "talks to the model or the grader instead of the prospect" if \
            turn.rep.manipulates else OFF_TRACK_WHY[kind]
        return [(why, False, None)]
    if turn.early_close:
        return [("proposes a next step before asking anything about them", False, None)]
    return []


def _earning(rep: RepAnalysis) -> list[Reason]:
    if rep.premature:
        return [(f"probes {_about(rep) or 'their situation'} before earning the right", False,
                 "probing")]
    if rep.earns_right:
        how = EARNED_HOW.get(rep.earned_how or "", "states a purpose")
        return [(f"earns the right: {how}", True, "earns_right")]
    return []


EARNED_HOW = {
    "purpose": "states a purpose", "referral": "names a referral or earlier contact",
    "permission": "asks permission", "curiosity": "asks to understand before offering",
    "acknowledges_inbound": "picks up the prospect's own request",
}


def _answering(turn: _Seen, objection: ProspectAnalysis) -> list[Reason]:
    rep = turn.rep
    what = (
        f"the {objection.kind.replace('_', ' ')} objection" if objection.kind else "the objection"
    )
    if rep.argues:
        return [(f"argues with {what} instead of exploring it", False, "argues")]
    if turn.pushed_back:
        return [(f"pitches through {what} instead of exploring it", False, "tells")]
    if rep.explores_objection:
        return [(f"acknowledges and explores {what}", True, "explores_objection")]
    return [(f"moves past {what} without exploring it", False, None)]


def _about(rep: RepAnalysis) -> str:
    topics = sorted(rep.topics)
    return f"about {', '.join(topics)}" if topics else ""



"""Grade a transcript against a rubric: `grade(transcript, rubric) -> Scorecard`.

Built on `roleplay.analysis.analyse_transcript`, the one truth about what a turn does (the prospect
engine reacts to the same labels). Metrics from `roleplay.grading.metrics` feed the rubric's
checks; each criterion scores the weighted credit of its checks that apply, and the total is the
weighted mean of the criteria that apply.
Pure and deterministic: the same transcript gives the same scorecard.
"""

from __future__ import annotations

from collections.abc import Sequence

from roleplay.analysis import ProspectAnalysis, RepAnalysis, TurnAnalysis, analyse_transcript
from roleplay.errors import TranscriptError
from roleplay.grading.coaching import MONOLOGUE_WORDS, better_lines
from roleplay.grading.metrics import METRICS, call_facts, compute, word_count
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
                          inbound=transcript.context.inbound)


def scorecard_from(
    analyses: Sequence[TurnAnalysis],
    rubric: Rubric,
    *,
    transcript_id: str | None = None,
    inbound: bool = False,
) -> Scorecard:
    """The scorecard of turns already analysed (the conversation layer has them at hand)."""
    values = compute(call_facts(analyses, inbound=inbound))
    criteria = [_criterion(c, values, analyses, rubric) for c in rubric.criteria]
    questions = values["questions_asked"]
    return Scorecard(
        rubric=rubric.id,
        score=_total(rubric, criteria),
        criteria=criteria,
        turns=[_labels(i, a) for i, a in enumerate(analyses)],
        talk_ratio=_rounded(values["talk_ratio"]),
        questions_asked=int(questions or 0),
        longest_monologue=_longest(analyses),
        better_lines=better_lines(analyses, quote),
        transcript_id=transcript_id,
    )


def _labels(index: int, item: TurnAnalysis) -> TurnLabels:
    """One turn's labels. The hot path of a batch: the values come from typed dataclasses, so
    the models are built without re-validation (`model_construct`)."""
    if isinstance(item, ProspectAnalysis):
        return ProspectTurn.model_construct(
            index=index, objection=item.objection, kind=item.kind, words=word_count(item.text)
        )
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
    )


def _criterion(
    criterion: Criterion,
    values: dict[str, float | None],
    analyses: Sequence[TurnAnalysis],
    rubric: Rubric,
) -> CriterionResult:
    checks = [_check_result(check, values) for check in criterion.checks]
    applying = [
        (c, check) for c, check in zip(checks, criterion.checks, strict=True) if c.value is not None
    ]
    families = [METRICS[check.metric].evidence for check in criterion.checks]
    evidence = _evidence(analyses, families)
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


def _total(rubric: Rubric, results: list[CriterionResult]) -> int | None:
    weighted = [
        (criterion.weight, result.score)
        for criterion, result in zip(rubric.criteria, results, strict=True)
        if result.score is not None
    ]
    if not weighted:
        return None
    return _percent(sum(w * s for w, s in weighted) / sum(w for w, _ in weighted) / 100)


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


def _evidence(analyses: Sequence[TurnAnalysis], families: list[str]) -> list[Evidence]:
    """Up to MAX_EVIDENCE problems, then up to MAX_EVIDENCE strengths, one per turn each, each
    quoting the words that drove its label."""
    found: dict[bool, dict[int, tuple[str, str | None]]] = {False: {}, True: {}}
    previous: ProspectAnalysis | None = None
    for index, item in enumerate(analyses):
        if isinstance(item, ProspectAnalysis):
            previous = item
            continue
        for family in dict.fromkeys(families):
            for why, positive, label in _reasons(family, item, previous):
                kept = found[positive]
                if index not in kept and len(kept) < MAX_EVIDENCE:
                    kept[index] = (why, label)
        previous = None
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


def _reasons(family: str, rep: RepAnalysis, previous: ProspectAnalysis | None) -> list[Reason]:
    if family == "asking":
        return _asking(rep)
    if family == "earning":
        return _earning(rep)
    if family == "objections" and previous is not None and previous.objection:
        return _answering(rep, previous)
    if family == "monologue" and word_count(rep.text) > MONOLOGUE_WORDS:
        return [(f"a {word_count(rep.text)}-word monologue", False, None)]
    return []


def _asking(rep: RepAnalysis) -> list[Reason]:
    if rep.manipulates:
        return [("talks to the model or the grader instead of the prospect", False, None)]
    if rep.asks:
        return [(f"asks {_about(rep) or 'a question'}", True, "asks")]
    if rep.tells:
        return [("tells or pitches instead of asking", False, "tells")]
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


def _answering(rep: RepAnalysis, objection: ProspectAnalysis) -> list[Reason]:
    what = (
        f"the {objection.kind.replace('_', ' ')} objection" if objection.kind else "the objection"
    )
    if rep.argues:
        return [(f"argues with {what} instead of exploring it", False, "argues")]
    if rep.explores_objection:
        return [(f"acknowledges and explores {what}", True, "explores_objection")]
    return [(f"moves past {what} without exploring it", False, None)]


def _about(rep: RepAnalysis) -> str:
    topics = sorted(rep.topics)
    return f"about {', '.join(topics)}" if topics else ""



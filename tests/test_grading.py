"""grade(): the scorecard contract, sensible ordering, voice-to-text, n/a, evidence, round-trip."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from grading_calls import (
    ASKS_AND_EXPLORES,
    BUILDS_ON_ANSWERS,
    CHECKLIST,
    CONTRADICTS,
    LECTURES_THROUGH_OBJECTIONS,
    NO_OBJECTION,
    OFF_TRACK,
    PITCHES_AND_ARGUES,
    ROLLS_WITH_OBJECTIONS,
    transcript,
    voiced,
)

from roleplay.analysis import ProspectAnalysis, RepAnalysis, analyse_transcript
from roleplay.errors import TranscriptError
from roleplay.grading import grade
from roleplay.grading.grader import _total
from roleplay.grading.metrics import call_facts, compute
from roleplay.grading.rubrics import Rubric, load_rubrics
from roleplay.grading.scorecard import (
    CriterionResult,
    ProspectTurn,
    RepTurn,
    Scorecard,
    score_text,
)
from roleplay.transcript import Transcript

REPO = Path(__file__).resolve().parent.parent
CALLS = {"asks": ASKS_AND_EXPLORES, "pitches": PITCHES_AND_ARGUES, "no_objection": NO_OBJECTION}
REP_KEYS = {"index", "speaker", "asks", "tells", "probing", "premature", "argues"}


@pytest.fixture(scope="module")
def rubrics() -> dict[str, Rubric]:
    return load_rubrics(REPO / "rubrics")


@pytest.fixture(scope="module")
def default(rubrics: dict[str, Rubric]) -> Rubric:
    return rubrics["default"]


def test_scorecard_follows_the_contract(default: Rubric) -> None:
    call = transcript(ASKS_AND_EXPLORES)
    data = grade(call, default).model_dump(mode="json")
    assert data["rubric"] == "default"
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert [c["id"] for c in data["criteria"]] == [
        "asking_over_telling",
        "earning_the_right",
        "not_arguing",
        "client_focus",  # an addition to the contract's three
    ]
    assert data["capped_by"] is None
    for criterion in data["criteria"]:
        assert criterion["level"] in {"good", "fair", "poor", "n/a"}
        assert criterion["score"] is None or 0 <= criterion["score"] <= 100
        for item in criterion["evidence"]:
            assert {"turn", "quote", "why"} <= set(item)
    assert [t["index"] for t in data["turns"]] == list(range(len(call.turns)))
    for entry, turn in zip(data["turns"], call.turns, strict=True):
        assert entry["speaker"] == turn.speaker
        if turn.speaker == "rep":
            assert set(entry) >= REP_KEYS
        else:
            assert {"index", "speaker", "objection"} <= set(entry)
    assert {"talk_ratio", "questions_asked", "longest_monologue", "better_lines"} <= set(data)


@pytest.mark.parametrize("form", ["typed", "voice"])
@pytest.mark.parametrize("rubric_id", ["default", "discovery"])
def test_pitching_and_arguing_scores_well_below_asking_and_exploring(
    rubrics: dict[str, Rubric], form: str, rubric_id: str
) -> None:
    def score(turns: list[tuple[str, str]]) -> int:
        turns = voiced(turns) if form == "voice" else turns
        card = grade(transcript(turns), rubrics[rubric_id])
        assert card.score is not None
        return card.score

    good, bad = score(ASKS_AND_EXPLORES), score(PITCHES_AND_ARGUES)
    assert good - bad >= 40, (good, bad)
    assert good >= 70 and bad <= 40


def test_the_pitcher_loses_on_every_criterion(default: Rubric) -> None:
    good = grade(transcript(ASKS_AND_EXPLORES), default)
    bad = grade(transcript(PITCHES_AND_ARGUES), default)
    for mine, theirs in zip(bad.criteria, good.criteria, strict=True):
        if mine.id == "client_focus":  # nothing off track in either call, but the pitch went
            assert mine.score == 0 and theirs.score is None  # nowhere (no_substance)
            continue
        assert mine.score is not None and theirs.score is not None
        assert mine.score < theirs.score, mine.id
    assert {c.id: c.level for c in bad.criteria}["not_arguing"] == "poor"


@pytest.mark.parametrize("name", sorted(CALLS))
def test_typed_and_voice_to_text_versions_score_alike(default: Rubric, name: str) -> None:
    typed = grade(transcript(CALLS[name]), default)
    spoken = grade(transcript(voiced(CALLS[name])), default)
    assert typed.score is not None and spoken.score is not None
    assert abs(typed.score - spoken.score) <= 10, (typed.score, spoken.score)
    assert [c.level for c in typed.criteria] == [c.level for c in spoken.criteria]
    assert abs(typed.questions_asked - spoken.questions_asked) <= 1


def test_no_objection_makes_not_arguing_n_a_and_leaves_it_out_of_the_total(
    default: Rubric,
) -> None:
    card = grade(transcript(NO_OBJECTION), default)
    by_id = {c.id: c for c in card.criteria}
    assert by_id["not_arguing"].level == "n/a"
    assert by_id["not_arguing"].score is None
    applying = [(c, r) for c, r in zip(default.criteria, card.criteria, strict=True) if r.score]
    expected = sum(c.weight * (r.score or 0) for c, r in applying) / sum(
        c.weight for c, _ in applying
    )
    assert card.score == int(expected + 0.5)


def test_evidence_quotes_come_from_the_quoted_turn(default: Rubric) -> None:
    for turns in (*CALLS.values(), *(voiced(t) for t in CALLS.values())):
        call = transcript(turns)
        card = grade(call, default)
        quotes = [(e.turn, e.quote) for c in card.criteria for e in c.evidence]
        quotes += [(line.turn, line.said) for line in card.better_lines]
        assert quotes
        for turn, quote in quotes:
            assert quote and quote in call.turns[turn].text
            assert call.turns[turn].speaker == "rep"


def test_arguing_is_quoted_as_a_problem_with_a_better_line(default: Rubric) -> None:
    card = grade(transcript(PITCHES_AND_ARGUES), default)
    not_arguing = {c.id: c for c in card.criteria}["not_arguing"]
    assert any(not e.positive and "argues" in e.why for e in not_arguing.evidence)
    assert card.better_lines and card.better_lines[0].problem.startswith("argues")
    assert card.better_lines[0].better.endswith("?")
    rep_turns = [t for t in card.turns if isinstance(t, RepTurn)]
    assert any(t.argues for t in rep_turns)


def test_coach_figures(default: Rubric) -> None:
    call = transcript(PITCHES_AND_ARGUES)
    card = grade(call, default)
    rep_words = [len(t.text.split()) for t in call.turns if t.speaker == "rep"]
    all_words = sum(len(t.text.split()) for t in call.turns)
    assert card.talk_ratio == pytest.approx(sum(rep_words) / all_words, abs=0.001)
    assert card.longest_monologue is not None
    assert card.longest_monologue.words == max(rep_words)
    assert card.questions_asked == 0


def test_same_transcript_same_scorecard(default: Rubric) -> None:
    call = transcript(ASKS_AND_EXPLORES, "call-1")
    first = grade(call, default).model_dump_json()
    assert all(grade(call, default).model_dump_json() == first for _ in range(3))


def test_json_round_trip(default: Rubric) -> None:
    card = grade(transcript(PITCHES_AND_ARGUES, "call-2"), default)
    again = Scorecard.model_validate(json.loads(card.model_dump_json()))
    assert again == card
    assert isinstance(again.turns[1], ProspectTurn) and again.turns[1].objection
    assert again.transcript_id == "call-2"


def test_a_transcript_without_rep_turns_is_refused(default: Rubric) -> None:
    call = Transcript.model_validate({"turns": [{"speaker": "prospect", "text": "Hello?"}]})
    with pytest.raises(TranscriptError, match="no rep turn"):
        grade(call, default)


def test_another_rubric_weighs_the_same_call_differently(rubrics: dict[str, Rubric]) -> None:
    call = transcript(NO_OBJECTION)
    cards = {rid: grade(call, rubrics[rid]) for rid in ("default", "discovery")}
    assert cards["default"].rubric == "default" and cards["discovery"].rubric == "discovery"
    assert [c.score for c in cards["default"].criteria] != [
        c.score for c in cards["discovery"].criteria
    ]


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_rolling_with_objections_outscores_lecturing_through_them(
    default: Rubric, form: str
) -> None:
    good = _graded(ROLLS_WITH_OBJECTIONS, form, default)
    bad = _graded(LECTURES_THROUGH_OBJECTIONS, form, default)
    good_by_id = {c.id: c for c in good.criteria}
    bad_by_id = {c.id: c for c in bad.criteria}
    assert good_by_id["not_arguing"].level == "good"
    assert bad_by_id["not_arguing"].level == "poor"
    assert good.score is not None and bad.score is not None
    # the rolling call probes after "we're slammed" (earning the right is poor, so the call is
    # poor too), but it fails its basic less badly than the lecture fails not arguing
    assert good.score - bad.score >= 10, (good.score, bad.score)
    assert good_by_id["not_arguing"].score - bad_by_id["not_arguing"].score >= 50  # type: ignore[operator]
    objections = [t for t in good.turns if isinstance(t, ProspectTurn)]
    assert sum(t.objection for t in objections) >= 2


@pytest.mark.xfail(strict=False, reason=(
    "known miss of the round-four turn model (docs/grading.md, known failure modes): after the "
    "rep's exploring question, 'Our budget's frozen until the spring anyway.' reads as an answer "
    "(objection probability 0.3), not as an objection"))
def test_every_objection_the_rep_rolls_with_is_read_as_one(default: Rubric) -> None:
    card = grade(transcript(ROLLS_WITH_OBJECTIONS), default)
    objections = [t for t in card.turns if isinstance(t, ProspectTurn)]
    assert objections and all(t.objection for t in objections)


def _rep(words: int, *, asks: bool = False, tells: bool = False) -> RepAnalysis:
    return RepAnalysis(text=" ".join(["word"] * words), asks=asks, tells=tells)


def test_a_turn_that_asks_and_tells_counts_half_in_the_balance_and_the_telling_words() -> None:
    pure = compute(call_facts([_rep(10, asks=True), _rep(30, tells=True)]))
    assert pure["ask_tell_balance"] == pytest.approx(0.5)
    assert pure["tell_word_share"] == pytest.approx(30 / 40)
    tacked_on = compute(call_facts([_rep(10, asks=True), _rep(30, asks=True, tells=True)]))
    assert tacked_on["ask_tell_balance"] == pytest.approx(1.5 / 2)
    assert tacked_on["tell_word_share"] == pytest.approx(15 / 40)
    listening = compute(call_facts([_rep(2), ProspectAnalysis(text="fine")]))
    assert listening["ask_tell_balance"] is None
    assert listening["tell_word_share"] == 0.0


def test_long_telling_costs_more_than_short_telling(default: Rubric) -> None:
    short = [*NO_OBJECTION, ("prospect", "Maybe."), ("rep", "Our platform also does payroll.")]
    long = [
        *NO_OBJECTION,
        ("prospect", "Maybe."),
        (
            "rep",
            "Our platform also does payroll, expenses, invoicing, approvals, audit trails, "
            "dashboards and forecasting, all in one place that integrates with every accounting "
            "system your team could use, and our support is available around the clock.",
        ),
    ]
    for form in ("typed", "voice"):
        scores = []
        for turns in (short, long):
            turns = voiced(turns) if form == "voice" else turns
            card = grade(transcript(turns), default)
            assert [t.tells for t in card.turns if isinstance(t, RepTurn)][-1], form
            scores.append(next(c.score for c in card.criteria if c.id == "asking_over_telling"))
        assert scores[0] is not None and scores[1] is not None
        assert scores[0] > scores[1], (form, scores)


def _by_id(card: Scorecard) -> dict[str, CriterionResult]:
    return {c.id: c for c in card.criteria}


def _graded(turns: list[tuple[str, str]], form: str, rubric: Rubric) -> Scorecard:
    """The call graded as typed, or as voice-to-text gives it."""
    return grade(transcript(voiced(turns) if form == "voice" else turns), rubric)


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_turns_that_do_nothing_for_the_client_cost_in_the_grade(default: Rubric, form: str) -> None:
    clean, wasted = _graded(BUILDS_ON_ANSWERS, form, default), _graded(OFF_TRACK, form, default)
    focus = _by_id(wasted)["client_focus"]
    assert _by_id(clean)["client_focus"].level == "n/a"
    assert focus.level == "poor" and focus.score == 0
    assert [e.turn for e in focus.evidence if not e.positive] == [5, 7]
    assert clean.score is not None and wasted.score is not None
    assert wasted.score <= 49 < 80 <= clean.score
    assert wasted.capped_by == "client_focus"
    off = [t for t in wasted.turns if isinstance(t, RepTurn) and t.off_track]
    assert [(t.index, t.off_track) for t in off] == [(5, "silence"), (7, "ai_question")]
    assert {line.turn for line in wasted.better_lines} >= {5, 7}


VAGUE = [
    ("rep", "Hi Dana, it's Lou from Brightmark, just calling to touch base really."),
    ("prospect", "Oh, hi. What's it about?"),
    ("rep", "Just seeing how everything is going, you know, in general."),
    ("prospect", "Fine, I suppose. Busy."),
    ("rep", "Cool, cool. Well, we do a few bits and pieces that might be handy at some point."),
    ("prospect", "Right."),
    ("rep", "Great, good chatting, I'll let you get on then."),
]


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_a_call_that_goes_nowhere_is_poor(default: Rubric, form: str) -> None:
    """No question about their situation, no objection taken up, nothing proposed: a trainer
    fails it, however pleasant every turn was."""
    card = _graded(VAGUE, form, default)
    focus = _by_id(card)["client_focus"]
    assert {c.metric: c.value for c in focus.checks}["no_substance"] == 1
    assert focus.level == "poor" and card.score is not None and card.score < 50
    good = _graded(BUILDS_ON_ANSWERS, form, default)
    assert {c.metric: c.value for c in _by_id(good)["client_focus"].checks}["no_substance"] \
        is None


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_a_call_the_prospect_hung_up_on_is_poor_however_the_turns_read(
    default: Rubric, form: str
) -> None:
    """The engine's verdict that the rep lost the prospect (a roleplay that ran out of
    patience) counts like a critical criterion at 0: half the mean, below fair."""
    turns = voiced(BUILDS_ON_ANSWERS) if form == "voice" else BUILDS_ON_ANSWERS
    kept = grade(transcript(turns), default)
    lost = grade(Transcript.model_validate({
        "turns": [{"speaker": s, "text": t} for s, t in turns],
        "context": {"hung_up": True}}), default)
    assert kept.score is not None and kept.score >= 80 and kept.capped_by is None
    assert lost.capped_by == "hung_up" and lost.criteria == kept.criteria
    assert lost.score is not None
    assert abs(lost.score - min(default.thresholds.poor_cap, kept.score / 2)) <= 1
    assert score_text(lost) == f"{lost.score}/100 (capped: the prospect hung up)"


@pytest.mark.parametrize("line", [
    "Sorry, random one, did you catch the match at the weekend?",
    "flibber wazzock trundlepop snorgle",
    "Hang on, are you a real person or one of those AI things?",
])
@pytest.mark.parametrize("form", ["typed", "voice"])
def test_one_turn_that_does_nothing_for_the_client_leaves_a_good_call_poor(
    default: Rubric, form: str, line: str
) -> None:
    """Trainers mark a call low for a single gibberish, off-topic or "are you an AI?" turn,
    however good the rest (the outside writers' calls, docs/grading.md round nine)."""
    turns = [*BUILDS_ON_ANSWERS[:4], ("rep", line),
             ("prospect", "Sorry? Anyway."), *BUILDS_ON_ANSWERS[4:]]
    clean, wasted = _graded(BUILDS_ON_ANSWERS, form, default), _graded(turns, form, default)
    assert _by_id(wasted)["client_focus"].level == "poor"
    assert wasted.capped_by == "client_focus"
    assert clean.score is not None and wasted.score is not None
    assert wasted.score < default.thresholds.fair <= 80 <= clean.score


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_a_checklist_that_ignores_the_answers_is_not_good_asking(
    default: Rubric, form: str
) -> None:
    listening = _graded(BUILDS_ON_ANSWERS, form, default)
    checklist = _graded(CHECKLIST, form, default)
    good, bad = _by_id(listening)["asking_over_telling"], _by_id(checklist)["asking_over_telling"]
    runs = {c.metric: c.value for c in bad.checks}
    assert runs["interrogation_run"] == 4
    assert {c.metric: c.value for c in good.checks}["interrogation_run"] == 0
    assert good.score is not None and bad.score is not None
    assert good.score - bad.score >= 25
    assert bad.level == "fair"
    assert any(not e.positive and "without picking up" in e.why for e in bad.evidence)


@pytest.mark.parametrize("form", ["typed", "voice"])
def test_contradicting_the_prospect_is_arguing_without_an_objection(
    default: Rubric, form: str
) -> None:
    turns = voiced(CONTRADICTS) if form == "voice" else CONTRADICTS
    card = grade(transcript(turns), default)
    arguing = _by_id(card)["not_arguing"]
    assert arguing.level == "poor"
    assert {c.metric: c.value for c in arguing.checks}["contradictions"] == 1
    assert any(not e.positive and "contradicts" in e.why for e in arguing.evidence)
    assert card.capped_by == "not_arguing" and card.score is not None and card.score <= 49
    last = card.turns[-1]
    assert isinstance(last, RepTurn) and last.contradicts and not last.argues
    assert card.better_lines[0].turn == len(turns) - 1


def _denial_call(setting: str, claim: str, reply: str) -> list[tuple[str, str]]:
    """A short call: the rep earns the right, the prospect asserts something, the rep replies."""
    return [
        ("rep", f"Hi, it's Sam from Northway, we work with {setting}. Mind if I ask a couple of "
                "questions about how things run today?"),
        ("prospect", "Sure, go ahead."),
        ("rep", "How do you handle it at the moment?"),
        ("prospect", claim),
        ("rep", reply),
    ]


DENIALS = [  # (the prospect's words, the rep flatly denying them, the word denied)
    ("bakeries", "We do the wages on a spreadsheet. Honestly, it's fine.",
     "Two days a month on wages? That spreadsheet isn't fine, believe me.", "fine"),
    ("dental practices", "Our backups go to a drive in the office, so we're covered.",
     "A drive in the same building? You're not covered, not if there's a fire.", "covered"),
    ("haulage firms", "The old routing software is reliable enough for us.",
     "It can't really be reliable with that many late drops, Pat.", "reliable"),
    ("garden centres", "I'm happy with the tills we have, thanks.",
     "You're not happy with them, you told me they crash every Saturday.", "happy"),
]


@pytest.mark.parametrize(("setting", "claim", "reply", "word"), DENIALS)
@pytest.mark.parametrize("form", ["typed", "voice"])
def test_denying_the_prospects_own_words_is_arguing_as_the_prospect_hears_it(
    default: Rubric, form: str, setting: str, claim: str, reply: str, word: str
) -> None:
    """The engine hears "that isn't fine" after "it's fine" as arguing (`conduct.denial`); the
    grader reads the same turn against what the prospect said earlier in the call."""
    card = _graded(_denial_call(setting, claim, reply), form, default)
    arguing = _by_id(card)["not_arguing"]
    assert {c.metric: c.value for c in arguing.checks}["contradictions"] == 1, reply
    assert arguing.level == "poor" and card.capped_by == "not_arguing"
    last = card.turns[-1]
    assert isinstance(last, RepTurn) and last.contradicts and not last.builds_on
    facts = call_facts(analyse_transcript(transcript(_denial_call(setting, claim, reply)).turns))
    assert facts.conduct[-1].denied == word


NOT_DENIALS = [  # the prospect's words, and a reply that checks, supposes or builds on them
    ("bakeries", "We do the wages on a spreadsheet. Honestly, it's fine.",
     "Is it really fine, even in December?"),
    ("bakeries", "We do the wages on a spreadsheet. Honestly, it's fine.",
     "If it's ever not fine, what tends to go wrong first?"),
    ("dental practices", "Our backups go to a drive in the office, so we're covered.",
     "I'm not saying you aren't covered. I'm curious how often the drive gets checked."),
    ("haulage firms", "The old routing software is reliable enough for us.",
     "So it's not just reliable, the drivers know it well too. What would you change about it?"),
    ("garden centres", "I'm good, thanks. We lose a day a week to stock counts though.",
     "A day a week? That's not good. What happens to the shop floor on count days?"),
]


@pytest.mark.parametrize(("setting", "claim", "reply"), NOT_DENIALS)
@pytest.mark.parametrize("form", ["typed", "voice"])
def test_a_question_a_condition_or_a_double_negation_denies_nothing(
    default: Rubric, form: str, setting: str, claim: str, reply: str
) -> None:
    card = _graded(_denial_call(setting, claim, reply), form, default)
    checks = {c.metric: c.value for c in _by_id(card)["not_arguing"].checks}
    assert checks["contradictions"] is None, reply  # a fault that never happened
    last = card.turns[-1]
    assert isinstance(last, RepTurn) and not last.contradicts, reply


def test_a_critical_criterion_at_poor_caps_the_total_and_the_card_says_which(
    default: Rubric,
) -> None:
    relaxed = default.model_copy(update={"criteria": [
        c.model_copy(update={"critical": False}) for c in default.criteria]})
    call = transcript(CONTRADICTS)
    capped, uncapped = grade(call, default), grade(call, relaxed)
    assert uncapped.capped_by is None and uncapped.score is not None
    assert uncapped.score > default.thresholds.poor_cap
    arguing = _by_id(capped)["not_arguing"].score
    assert arguing == 0 and default.thresholds.poor_cap == default.thresholds.fair - 1
    assert capped.score is not None
    assert abs(capped.score - min(49, (uncapped.score + arguing) / 2)) <= 1  # halfway down to 0
    assert capped.criteria == uncapped.criteria
    assert score_text(capped) == f"{capped.score}/100 (capped: Not arguing with objections is poor)"


def test_a_fault_that_never_happened_does_not_apply() -> None:
    values = compute(call_facts(analyse_transcript(transcript(BUILDS_ON_ANSWERS).turns)))
    for metric in ("off_track_turns", "contradictions", "early_closes", "monologue_cost"):
        assert values[metric] is None, metric
    assert values["interrogation_run"] == 0
    pitch_only = compute(call_facts(analyse_transcript(transcript(
        [("rep", "Our platform cuts your close in half.")]).turns)))
    assert pitch_only["interrogation_run"] is None  # no probe came after an answer


PRESSURE_CLOSE = [
    ("rep", "Hi Jo, Sam from Ledgerly. I can get you started on our close platform today."),
    ("prospect", "What's this about?"),
    ("rep", "This price is only good until Friday, so I need a decision now."),
    ("prospect", "I don't even know what you sell."),
    ("rep", "Everyone in your industry is signing up. Can we book the onboarding call?"),
]


def test_pressure_is_telling_and_a_close_before_any_question_is_early(default: Rubric) -> None:
    for turns in (PRESSURE_CLOSE, voiced(PRESSURE_CLOSE)):
        card = grade(transcript(turns), default)
        checks = {c.metric: c.value for c in _by_id(card)["asking_over_telling"].checks}
        assert checks["tell_share"] == 1.0
        assert card.score is not None and card.score < 50


def test_a_close_before_any_question_counts_as_early(default: Rubric) -> None:
    """"I can get you started on our close platform today" asks for the sale in its first
    words (round twenty-six); "Can we book the onboarding call?" closes again: both before any
    question."""
    card = grade(transcript(PRESSURE_CLOSE), default)
    assert {c.metric: c.value for c in _by_id(card)["client_focus"].checks}[
        "early_closes"] == 2


def test_a_pitch_through_an_objection_is_arguing_as_the_engine_hears_it(default: Rubric) -> None:
    call = [
        ("rep", "Hi Jo, this is Sam from Ledgerly. I'm calling because we help finance teams "
                "close faster. Do you have a minute?"),
        ("prospect", "We already have a vendor for that, thanks."),
        ("rep", "Our platform closes the books in three days and integrates with everything."),
    ]
    card = grade(transcript(call), default)
    checks = {c.metric: c.value for c in _by_id(card)["not_arguing"].checks}
    assert checks["argue_share"] == 1.0


def test_a_poor_basic_leaves_the_call_poor_and_the_total_rises_with_it(
    default: Rubric,
) -> None:
    from roleplay.grading.grader import _total

    def totals(poor: int) -> tuple[int | None, str | None]:
        results = [
            CriterionResult(id=c.id, name=c.name, score=s, level=default.thresholds.level(s),
                            description="", evidence=[], checks=[])
            for c, s in zip(default.criteria, [100, 100, poor, 100], strict=True)
        ]
        return _total(default, results)

    seen = [totals(score) for score in range(0, 101)]
    mean_at_0 = (0.4 * 100 + 0.3 * 100 + 0.3 * 100) / 1.3  # the other three criteria at 100
    assert seen[0] == (round(mean_at_0 / 2), "not_arguing")  # halfway down to the poor 0
    assert seen[30] == (49, "not_arguing") and seen[49] == (49, "not_arguing")  # below fair
    assert all(total is not None and total < default.thresholds.fair for total, _ in seen[:50])
    assert all(capped is None for _, capped in seen[50:])
    scores = [total or 0 for total, _ in seen]
    assert scores == sorted(scores)  # monotone: a better call never scores lower
    assert max(b - a for a, b in pairwise(scores[:50])) <= 1  # no jump within the poor band
    tied = [CriterionResult(id=c.id, name=c.name, score=s, level=default.thresholds.level(s),
                            description="", evidence=[], checks=[])
            for c, s in zip(default.criteria, [100, 0, 0, 0], strict=True)]
    assert _total(default, tied)[1] == "earning_the_right"  # a tie names the first in the rubric
    assert _total(default, tied, hung_up=True)[1] == "earning_the_right"


def _results(rubric: Rubric, scores: list[int | None]) -> list[CriterionResult]:
    return [CriterionResult(id=c.id, name=c.name, score=score,
                            level=rubric.thresholds.level(score) if score is not None else "n/a",
                            description="", evidence=[], checks=[])
            for c, score in zip(rubric.criteria, scores, strict=True)]


@pytest.mark.parametrize(("scores", "total", "capped"), [
    ([100, 100, 75, None], 93, None),  # one criterion short of good: the (weighted) mean
    ([100, 70, 75, None], 59, "short_of_good"),  # two short of good: at most 59
    ([70, 75, 72, 60], 59, "short_of_good"),
    ([100, 100, 100, 100], 100, None),
])
def test_a_call_short_of_good_on_two_criteria_keeps_at_most_the_cap(
        default: Rubric, scores: list[int | None], total: int, capped: str | None) -> None:
    """Round twenty-three: a fault that leaves one criterion fair moves a four-criterion mean
    a few points only; faults in two basics make the call no better than fair overall."""
    assert default.short_of_good is not None and default.short_of_good.cap == 59
    score, name = _total(default, _results(default, scores))
    assert (score, name) == (total, capped)


def test_without_short_of_good_a_rubric_keeps_the_mean(default: Rubric) -> None:
    plain = default.model_copy(update={"short_of_good": None})
    assert _total(plain, _results(plain, [70, 75, 72, 60]))[1] is None


def test_a_poor_critical_criterion_caps_below_short_of_good(default: Rubric) -> None:
    score, name = _total(default, _results(default, [100, 100, 20, 70]))
    assert name == "not_arguing" and score is not None and score <= 49


def test_the_capped_total_says_why() -> None:
    card = Scorecard(rubric="default", score=59, capped_by="short_of_good", criteria=[],
                     turns=[], talk_ratio=None, questions_asked=0, longest_monologue=None,
                     better_lines=[])
    assert score_text(card) == "59/100 (capped: short of good on several criteria)"

"""Reading a prospect's objection from the rep's reply as well as from its own words.

An indirect objection ("honestly the spreadsheets have been fine") is easy to miss from its words
alone, and a missed objection hides the exploring and the arguing after it. In a whole transcript
the rep's reply is evidence too (`turns.LOOKAHEAD`): it can reveal an objection, never hide one,
and never overrides what the caller says the prospect did (`Turn.objection`). Accuracy is
measured by `bench/analysis_accuracy.py` (docs/grading.md, round twenty-one).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from model_files import model_without

from roleplay.analysis import analyse_transcript
from roleplay.analysis.model import Lookahead, turn_model
from roleplay.analysis.turns import LOOKAHEAD
from roleplay.transcript import Turn

OPENER = "Hi, it's Priya from Ledgerly, we do month-end automation for finance teams."
# (the prospect's indirect objection, the rep exploring it), typed and as spoken
REVEALED = [
    ("Honestly the spreadsheets have been fine for us so far.",
     "That's fair, sounds like they're working. What would have to change for them not to be "
     "fine?"),
    ("um not sure the team would really go for it to be honest",
     "no that's fair what makes you think they wouldn't"),
]


def call(*lines: str, objection: bool | None = None) -> list[Turn]:
    return [Turn(speaker="rep" if i % 2 == 0 else "prospect", text=line,
                 objection=objection if i % 2 else None) for i, line in enumerate(lines)]


@pytest.mark.parametrize(("pushback", "reply"), REVEALED)
def test_a_reply_that_explores_reveals_the_objection_it_answers(pushback: str,
                                                                reply: str) -> None:
    alone = analyse_transcript(call(OPENER, pushback))[1]
    prospect, rep = analyse_transcript(call(OPENER, pushback, reply))[1:]
    assert not alone.objection  # the words alone do not show it
    assert prospect.speaker == "prospect" and prospect.objection
    assert prospect.objection_probability > alone.objection_probability
    assert rep.speaker == "rep" and rep.explores_objection and not rep.argues


def test_a_reply_that_rebuts_reveals_the_objection_and_is_arguing() -> None:
    prospect, rep = analyse_transcript(call(
        OPENER, "Honestly the spreadsheets have been fine for us so far.",
        "But spreadsheets are costing you days every month, that's not fine, that's a problem "
        "you've just got used to."))[1:]
    assert prospect.speaker == "prospect" and prospect.objection
    assert rep.speaker == "rep" and rep.argues


def test_a_reply_never_takes_an_objection_away() -> None:
    pushback = "We're not interested, we already have a provider we're happy with."
    alone = analyse_transcript(call(OPENER, pushback))[1]
    prospect, rep = analyse_transcript(call(
        OPENER, pushback, "Great, so shall we book a demo for Tuesday or Wednesday?"))[1:]
    assert alone.objection and prospect.speaker == "prospect" and prospect.objection
    assert rep.speaker == "rep" and not rep.explores_objection


def test_what_the_caller_says_the_prospect_did_is_not_read_again() -> None:
    pushback, reply = REVEALED[0]
    prospect = analyse_transcript(call(OPENER, pushback, reply, objection=False))[1]
    assert prospect.speaker == "prospect" and not prospect.objection


def test_a_prospect_turn_with_no_reply_is_read_from_its_words() -> None:
    pushback, _ = REVEALED[0]
    last = analyse_transcript(call(OPENER, pushback))[-1]
    assert last.speaker == "prospect" and not last.objection


def test_the_shipped_model_has_the_head_and_its_combination() -> None:
    model = turn_model()
    assert LOOKAHEAD in model.binary and model.lookahead is not None
    assert 0 < model.lookahead.threshold < 1
    assert model.lookahead.own > 0 and model.lookahead.reply > 0


def test_the_combination_rises_with_either_reading() -> None:
    combine = Lookahead(own=0.9, reply=0.8, bias=0.5, threshold=0.5).combined
    assert combine(0.2, 0.9) > combine(0.2, 0.5) > combine(0.2, 0.1)
    assert combine(0.6, 0.5) > combine(0.2, 0.5)
    assert 0.0 < combine(0.0, 0.0) < combine(1.0, 1.0) < 1.0


def test_a_model_without_the_combination_reads_prospect_turns_from_their_words(
        tmp_path: Path) -> None:
    older = model_without(tmp_path, "lookahead")
    assert older.lookahead is None
    pushback, reply = REVEALED[0]
    prospect = analyse_transcript(call(OPENER, pushback, reply), model=older)[1]
    assert prospect.speaker == "prospect" and not prospect.objection


def test_the_model_rows_are_stored_row_major() -> None:
    """Scoring takes a turn's rows: a column-major matrix makes each take a full scan."""
    assert turn_model().weights.flags["C_CONTIGUOUS"]


def test_a_revealed_objection_says_so_in_its_trace() -> None:
    pushback, reply = REVEALED[0]
    prospect = analyse_transcript(call(OPENER, pushback, reply))[1]
    assert prospect.speaker == "prospect" and "reply-reveals-objection" in prospect.cues

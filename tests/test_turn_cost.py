"""What the per-turn path skips to stay cheap (docs/performance.md) keeps its results."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_support import running
from sqlalchemy.engine import Connection

from roleplay import conversation, llm
from roleplay.analysis import analyse_prospect
from roleplay.api.app import YOUNG_GARBAGE_THRESHOLD
from roleplay.conduct import denial, detectors
from roleplay.storage.rows import SessionRow
from roleplay.storage.store import Store


def test_a_model_litellm_cannot_price_is_registered_at_zero_once() -> None:
    lib = llm._litellm()
    model = "openai/roleplay-test-unpriced-model"
    assert model not in lib.model_cost
    llm._priced(model)
    entry = lib.model_cost[model]
    assert entry["input_cost_per_token"] == 0.0
    assert entry["output_cost_per_token"] == 0.0
    assert entry["litellm_provider"] == "openai"


def test_a_model_litellm_prices_and_the_offline_model_are_left_alone() -> None:
    lib = llm._litellm()
    known = "openai/gpt-4o-mini"
    assert known.split("/", 1)[1] in lib.model_cost
    before = dict(lib.model_cost[known.split("/", 1)[1]])
    llm._priced(known)
    llm._priced(llm.OFFLINE_MODEL)
    assert known not in lib.model_cost
    assert lib.model_cost[known.split("/", 1)[1]] == before
    assert llm.OFFLINE_MODEL not in lib.model_cost


def test_a_remembered_prospect_analysis_is_the_one_computed_afresh() -> None:
    for text in ("We already have a vendor for that.", "Sure, go ahead.",
                 "Honestly it's too expensive for us right now."):
        remembered = conversation.heard_prospect(text)
        assert remembered == analyse_prospect(text)
        assert conversation.heard_prospect(text) is remembered


def test_access_lines_are_redacted_as_litellm_alone_would_redact_them() -> None:
    """litellm's secret redaction of `uvicorn.access` lines is remembered per argument
    (llm._RememberedRedaction); the lines stay the ones litellm's own filter writes."""
    import logging

    from litellm._logging import AccessLogRedactionFilter

    llm._litellm()
    filters = logging.getLogger(llm.ACCESS_LOGGER).filters
    remembered = [f for f in filters if isinstance(f, llm._RememberedRedaction)]
    assert len(remembered) == 1
    assert not any(type(f) is AccessLogRedactionFilter for f in filters)
    line = '%s - "%s %s HTTP/%s" %d'
    samples = [
        ("127.0.0.1:50432", "POST", "/v1/sessions/s_5f2c1e0a9b7d4e3f/turns", "1.1", 200),
        ("127.0.0.1:50432", "GET", "/v1/sessions?cursor=a&api_key=sk-1234567890abcdef12345678",
         "1.1", 200),
        ("10.0.0.1:1", "GET", "/v1/personas/sk-proj-abcdefghijklmnopqrstuvwxyz0123456789",
         "1.1", 404),
        ("127.0.0.1:5", "GET", "/x?k%65y=sk%2Dabcdefghijklmnopqrstuvwxyz012345", "1.1", 404),
    ]
    for args in samples * 2:  # the second time from what was remembered
        ours = logging.LogRecord(llm.ACCESS_LOGGER, logging.INFO, "", 0, line, args, None)
        theirs = logging.LogRecord(llm.ACCESS_LOGGER, logging.INFO, "", 0, line, args, None)
        assert logging.getLogger(llm.ACCESS_LOGGER).filter(ours)
        remembered[0].redaction.filter(theirs)
        assert ours.getMessage() == theirs.getMessage()
    assert "sk-" not in "".join(str(arg) for arg in remembered[0].scrubbed.values())


async def test_a_running_app_collects_young_garbage_less_often(tmp_path: Path) -> None:
    """The app's lifespan raises the young generation's threshold (per-turn garbage is freed
    by reference counting; see roleplay.api.app) and keeps the older generations' ones."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        async with running(tmp_path):
            assert gc.get_threshold() == (YOUNG_GARBAGE_THRESHOLD, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_remembered_claims_are_the_claims_read_afresh() -> None:
    lines = ["It's fine. Mostly.", "We're covered, honestly.", "I'm good, thanks.",
             "Budget's frozen until spring.", "It's not frozen", "its fine"]
    for line in lines:
        denial._line_claims.cache_clear()
        assert denial.claims([line]) == denial._line_claims.__wrapped__(line)
    assert denial.claims(lines) == frozenset().union(
        *(denial._line_claims.__wrapped__(line) for line in lines))
    assert denial.claims(lines) == denial.claims(reversed(lines))
    for line in [*lines, "How many tickets come in on a Monday?", "We use spreadsheets."]:
        assert detectors.content_words(line) == detectors.content_words.__wrapped__(line)


async def test_the_writing_thread_keeps_its_connection_and_drops_it_after_an_error(
    tmp_path: Path,
) -> None:
    """SQLite writes run on one pooled connection, taken once; a write that raises hands it
    back (rolled back) and the next write takes one again and commits."""
    store = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'roleplay.db'}")
    try:
        group = store.db._group
        assert group is not None
        checkouts: list[object] = []
        sa.event.listen(group._engine.engine.pool, "checkout", lambda *a: checkouts.append(a))

        def count(conn: Connection) -> int:
            return int(conn.execute(sa.text("SELECT count(*) FROM sessions")).scalar_one())

        def fail(conn: Connection) -> None:
            conn.execute(sa.text("DELETE FROM sessions"))
            raise RuntimeError("this write fails")

        row = SessionRow(persona="p", rubric="r")
        await store.create_session(row)
        before = len(checkouts)
        for _ in range(3):
            assert await store.db.write(count) == 1
        assert len(checkouts) == before  # no checkout per write
        with pytest.raises(RuntimeError):
            await store.db.write(fail)
        assert group._conn is None
        assert await store.db.write(count) == 1  # the failed write's delete was rolled back
        assert len(checkouts) == before + 1
    finally:
        await store.close()
    assert group._conn is None


def test_a_state_copy_is_pydantics_deep_copy() -> None:
    """`ProspectState.__deepcopy__` (the engine copies the state twice a turn) gives what
    pydantic's own deep copy gives: equal values and fields set, and no list or objection
    shared with the original."""
    from pydantic import BaseModel

    from roleplay.prospect.engine import ObjectionState, ProspectState

    objection = ObjectionState(id="no_budget", raised_at=2, hardness=0.6, argued_at=None)
    state = ProspectState(trust=0.4, patience=2.5, unlocked=["pain"], objections=[objection],
                          asked=["How do you close the books?"], answered=[None],
                          next_step="offered")
    fast, generic = state.model_copy(deep=True), BaseModel.__deepcopy__(state)
    assert fast == generic == state
    assert fast.__pydantic_fields_set__ == generic.__pydantic_fields_set__
    assert fast.__pydantic_private__ is generic.__pydantic_private__ is None
    assert fast.unlocked is not state.unlocked and fast.answered is not state.answered
    assert fast.objections[0] is not objection and fast.objections[0] == objection
    fast.objections[0].hardness = 0.1
    fast.unlocked.append("motive")
    assert objection.hardness == 0.6 and state.unlocked == ["pain"]

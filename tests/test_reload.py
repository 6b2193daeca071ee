"""Hot reload: the server picks up edited, added and removed persona and rubric files; an
invalid edit keeps the last good version; sessions keep the versions they started with."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from api_support import running

from roleplay.catalog import Catalog, content_hash
from roleplay.errors import FileProblems

ROOT = Path(__file__).resolve().parent.parent
PERSONA = "bakery_owner"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    personas, rubrics = tmp_path / "personas", tmp_path / "rubrics"
    shutil.copytree(ROOT / "personas", personas)
    shutil.copytree(ROOT / "rubrics", rubrics)
    return personas, rubrics


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    bump(path)


def bump(path: Path) -> None:
    """A later modification time, as an editor saving a second later would leave."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_catalog_reloads_edits_additions_and_removals(folders: tuple[Path, Path]) -> None:
    personas, rubrics = folders
    catalog = Catalog.load(personas, rubrics)
    first = catalog.personas.live[PERSONA].hash
    assert catalog.refresh() == []  # nothing changed: nothing re-read

    edit(personas / f"{PERSONA}.yaml", "trust: 0.4", "trust: 0.45")
    (message,) = catalog.refresh()
    second = catalog.personas.live[PERSONA].hash
    assert message == f"persona {PERSONA!r} reloaded ({first} -> {second})"
    assert catalog.personas.items[PERSONA].dials.trust == 0.45
    assert catalog.personas.version_of(first) is not None  # old versions stay addressable

    edit(personas / f"{PERSONA}.yaml", "# Persona file", "# only a comment changed\n# Persona")
    assert catalog.refresh() == []  # same content hash: not a new version

    shutil.copy(personas / f"{PERSONA}.yaml", personas / "florist.yaml")
    (added,) = catalog.refresh()
    assert added == f"persona 'florist' added ({catalog.personas.live['florist'].hash})"
    (personas / "florist.yaml").unlink()
    assert catalog.refresh() == ["persona 'florist' removed (personas/florist.yaml)"]
    assert "florist" not in catalog.personas.items


def test_an_invalid_edit_keeps_the_last_good_version(folders: tuple[Path, Path]) -> None:
    personas, rubrics = folders
    catalog = Catalog.load(personas, rubrics)
    good = catalog.personas.live[PERSONA].hash
    edit(personas / f"{PERSONA}.yaml", "kind: motive", "kind: motives")
    messages = catalog.refresh()
    assert messages[0] == (f"persona {PERSONA!r}: the edit has 1 problem(s), keeping the last "
                           f"good version ({good})")
    assert messages[1].startswith(f"personas/{PERSONA}.yaml:")
    assert "did you mean 'motive'?" in messages[1]
    assert catalog.personas.live[PERSONA].hash == good
    edit(personas / f"{PERSONA}.yaml", "kind: motives", "kind: motive")
    assert catalog.refresh() == [  # back to the live version's content
        f"persona {PERSONA!r} fixed: the file is the live version again ({good})"]
    assert PERSONA not in catalog.personas.problems


def test_a_server_refuses_to_start_on_a_broken_file(folders: tuple[Path, Path]) -> None:
    personas, rubrics = folders
    edit(personas / f"{PERSONA}.yaml", "kind: motive", "kind: motives")
    with pytest.raises(FileProblems):
        Catalog.load(personas, rubrics)


def test_content_hash_ignores_formatting(folders: tuple[Path, Path]) -> None:
    catalog = Catalog.load(*folders)
    persona = catalog.personas.items[PERSONA]
    assert content_hash(persona) == catalog.personas.live[PERSONA].hash
    assert content_hash(persona.model_copy(update={"summary": "x"})) != content_hash(persona)


async def test_the_server_serves_the_edit_and_sessions_keep_their_version(
    tmp_path: Path, folders: tuple[Path, Path],
) -> None:
    personas, rubrics = folders
    async with running(tmp_path, personas_dir=personas, rubrics_dir=rubrics,
                       reload_seconds=0) as api:
        catalog: Catalog = api.app.state.catalog
        old = await api.client.post("/v1/sessions", json={"persona": PERSONA, "seed": 0})
        old_id = old.json()["id"]
        old_hash = catalog.personas.live[PERSONA].hash

        path = personas / f"{PERSONA}.yaml"
        text = path.read_text(encoding="utf-8")
        start = text.index("opening:")
        end = text.index("dials:")
        path.write_text(text[:start] + 'opening:\n  - "Flowers and bread, Rosa here."\n'
                        + text[end:], encoding="utf-8")
        bump(path)
        edit(rubrics / "default.yaml", "name: Top producer basics", "name: Edited basics")
        await catalog.arefresh()

        new = await api.client.post("/v1/sessions", json={"persona": PERSONA, "seed": 0})
        assert new.json()["turns"][0]["text"] == "Flowers and bread, Rosa here."
        # the old session goes on with the persona it started with...
        turn = await api.client.post(f"/v1/sessions/{old_id}/turns",
                                     json={"text": "Hi Rosa, it's Sam. Is now a bad time?"})
        assert turn.status_code == 200, turn.text
        # ...and is graded with its rubric version, even after the file is removed
        (rubrics / "default.yaml").rename(tmp_path / "default.yaml.bak")
        path.unlink()
        await catalog.arefresh()
        assert (await api.client.get(f"/v1/personas/{PERSONA}")).status_code == 404
        graded = await api.client.post(f"/v1/sessions/{old_id}/grade")
        assert graded.status_code == 200, graded.text
        assert graded.json()["rubric"] == "default"
        trace = await api.client.get(f"/v1/sessions/{old_id}/trace")
        assert trace.json()["persona_hash"] == old_hash


async def test_trainers_see_why_an_edit_was_not_loaded(
    tmp_path: Path, folders: tuple[Path, Path],
) -> None:
    personas, rubrics = folders
    async with running(tmp_path, personas_dir=personas, rubrics_dir=rubrics,
                       reload_seconds=0) as api:
        catalog: Catalog = api.app.state.catalog
        ok = await api.client.get(f"/v1/personas/{PERSONA}/problems")
        assert ok.status_code == 200
        assert ok.json() | {"hash": None} == {"id": PERSONA, "kind": "persona", "live": True,
                                              "hash": None, "problems": [], "warnings": []}
        edit(personas / f"{PERSONA}.yaml", "triggers: [cold_open", "triggers: [cold_opn")
        (personas / "broken_new.yaml").write_text("name: [\n", encoding="utf-8")
        await catalog.arefresh()
        report = (await api.client.get(f"/v1/personas/{PERSONA}/problems")).json()
        assert report["live"] is True and report["hash"] == ok.json()["hash"]
        assert "did you mean 'cold_open'?" in report["problems"][0]
        broken = (await api.client.get("/v1/personas/broken_new/problems")).json()
        assert broken["live"] is False and broken["problems"]
        missing = await api.client.get("/v1/personas/bakery_ownr/problems")
        assert missing.status_code == 404
        assert "did you mean 'bakery_owner'?" in missing.json()["detail"]
        rep = await api.client.get(f"/v1/personas/{PERSONA}/problems",
                                   headers={"X-Roleplay-Rep": "sam"})
        assert rep.status_code == 403
        rubric = await api.client.get("/v1/rubrics/default/problems")
        assert rubric.json()["live"] is True


async def test_the_watcher_picks_up_a_new_file_without_a_restart(
    tmp_path: Path, folders: tuple[Path, Path],
) -> None:
    personas, rubrics = folders
    async with running(tmp_path, personas_dir=personas, rubrics_dir=rubrics,
                       reload_seconds=0.05) as api:
        assert (await api.client.get("/v1/personas/florist")).status_code == 404
        shutil.copy(personas / f"{PERSONA}.yaml", personas / "florist.yaml")
        deadline = time.monotonic() + 10
        while (await api.client.get("/v1/personas/florist")).status_code != 200:
            assert time.monotonic() < deadline, "the new persona never appeared"
            await asyncio.sleep(0.05)


async def test_reloads_and_bad_edits_are_logged(
    folders: tuple[Path, Path], caplog: pytest.LogCaptureFixture,
) -> None:
    personas, rubrics = folders
    catalog = Catalog.load(personas, rubrics)
    edit(personas / f"{PERSONA}.yaml", "trust: 0.4", "trust: 0.45")
    edit(rubrics / "default.yaml", "  good: 80", "  good: eighty")
    with caplog.at_level(logging.INFO, logger="roleplay.catalog"):
        await catalog.arefresh()
    logged = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert (logging.INFO, f"persona {PERSONA!r} reloaded") in [
        (level, text.split(" (")[0]) for level, text in logged]
    warnings = [text for level, text in logged if level == logging.WARNING]
    assert warnings[0].startswith("rubric 'default': the edit has 1 problem(s), keeping")
    assert warnings[1].strip().startswith("rubrics/default.yaml:")


async def test_every_stored_session_has_one_pin_and_no_other_is_kept(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from roleplay.storage.tables import session_versions

    async with running(tmp_path, max_open_sessions=1) as api:
        key = {"Idempotency-Key": "start-1", "X-Roleplay-Rep": "sam"}
        first = await api.client.post("/v1/sessions", json={"persona": PERSONA}, headers=key)
        again = await api.client.post("/v1/sessions", json={"persona": PERSONA}, headers=key)
        assert again.json()["id"] == first.json()["id"]
        refused = await api.client.post("/v1/sessions", json={"persona": PERSONA},
                                        headers={"X-Roleplay-Rep": "sam"})
        assert refused.status_code >= 400
        pinned = await api.store.db.read(lambda conn: conn.execute(
            select(session_versions.c.session_id)).scalars().all())
        assert pinned == [first.json()["id"]]
        assert await api.store.db.read(lambda conn: conn.execute(
            select(func.count()).select_from(session_versions)).scalar_one()) == 1

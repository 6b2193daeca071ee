"""docs/api.md stays true: every route, every problem type and every SSE event it names exist."""

from __future__ import annotations

import re
from http import HTTPStatus
from pathlib import Path

from fastapi.routing import APIRoute

from roleplay.api import recording
from roleplay.api.app import PREFIX, ROUTERS
from roleplay.api.idempotency import IdempotencyKeyReused
from roleplay.api.problems import problem_type
from roleplay.api.routes import turns
from roleplay.errors import RoleplayError

DOC = (Path(__file__).resolve().parent.parent / "docs" / "api.md").read_text()


def _subclasses(cls: type[RoleplayError]) -> list[type[RoleplayError]]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


def test_every_route_is_in_the_table() -> None:
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            for method in route.methods or ():
                path = re.sub(r"\{[a-z_]+\}", "{id}", PREFIX + route.path)
                assert f"{method} {path}" in DOC, f"{method} {path} missing from docs/api.md"


def test_every_documented_problem_type_exists() -> None:
    titles = {cls.title for cls in _subclasses(RoleplayError)}
    titles |= {IdempotencyKeyReused.title, recording.TurnLimitReached.title, "Invalid request"}
    titles |= {status.phrase for status in HTTPStatus}
    known = {problem_type(title) for title in titles}
    documented = set(re.findall(r"`(/problems/[a-z0-9-]+)`", DOC))
    assert documented and documented <= known, documented - known


def test_the_documented_sse_events_are_the_ones_sent() -> None:
    sent = set(re.findall(r'_event\("([a-z]+)"', Path(turns.__file__).read_text()))
    documented = set(re.findall(r"^\| `([a-z]+)` \|", DOC, flags=re.MULTILINE))
    assert sent == {"delta", "turn", "done", "error"}
    assert sent <= documented

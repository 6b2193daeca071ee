"""Fuzzing the HTTP API from its own OpenAPI document (schemathesis): for every operation,
requests the schema allows (and its boundary values) and requests it does not; no answer may
be a 5xx, and every answer must match what `/openapi.json` says (status code, content type,
body schema, headers).

The server is `roleplay serve` in its own process (SQLite in a temp dir, the offline voice),
so the requests go over real HTTP. Bounded and repeatable: a fixed number of examples per
operation, derandomized, no example database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_process import running_server  # noqa: E402

EXAMPLES = 25
"""Generated examples per operation (about 600 requests in all, 20-40 s)."""

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    workdir: Path = tmp_path_factory.mktemp("fuzz")
    with running_server(f"sqlite+aiosqlite:///{workdir / 'fuzz.db'}", workdir) as running:
        yield running


def _document() -> dict[str, Any]:
    """The OpenAPI document the server publishes (the app's, built in process: the same code;
    `test_the_served_document_is_the_one_fuzzed` checks)."""
    from roleplay.api.app import create_app
    from roleplay.config import Settings

    return create_app(Settings()).openapi()


schema = schemathesis.openapi.from_dict(_document())


def test_the_served_document_is_the_one_fuzzed(server: Any) -> None:
    import httpx

    assert httpx.get(server.base_url + "/openapi.json").json() == _document()


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck), print_blob=True)
def test_no_5xx_and_every_answer_matches_the_schema(case: Any, server: Any) -> None:
    case.call_and_validate(base_url=server.base_url, checks=CHECKS, timeout=30)

"""CORS on the whole app: a browser on an allowed origin may send `Authorization` and
`Idempotency-Key`, and read the headers the API answers with (`Location`, `Link`,
`Idempotent-Replayed`, `Retry-After`); another origin gets no CORS headers."""

from __future__ import annotations

from pathlib import Path

import httpx
from api_support import PERSONA, running

from roleplay.api.limits import EXPOSED_HEADERS

ORIGIN = "https://app.example"


def exposed(response: httpx.Response) -> set[str]:
    value = response.headers.get("access-control-expose-headers", "")
    return {name.strip().lower() for name in value.split(",") if name.strip()}


async def test_preflight_allows_the_auth_and_idempotency_headers(tmp_path: Path) -> None:
    preflight = {
        "Origin": ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,idempotency-key,content-type",
    }
    async with running(tmp_path, cors_origins=[ORIGIN]) as api:
        allowed = await api.client.options("/v1/sessions", headers=preflight)
        other = await api.client.options(
            "/v1/sessions", headers=preflight | {"Origin": "https://evil.example"}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ORIGIN
    allowed_headers = {h.strip().lower() for h in
                       allowed.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "idempotency-key", "content-type"} <= allowed_headers
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert "access-control-allow-origin" not in other.headers


async def test_an_allowed_origin_can_read_the_headers_the_api_sends(tmp_path: Path) -> None:
    async with running(tmp_path, cors_origins=[ORIGIN], rate_limit_per_minute=5) as api:
        origin = {"Origin": ORIGIN} | await api.key("sam", "rep")
        body = {"persona": PERSONA, "seed": 1}
        key = origin | {"Idempotency-Key": "create-1"}
        created = await api.client.post("/v1/sessions", json=body, headers=key)
        replayed = await api.client.post("/v1/sessions", json=body, headers=key)
        await api.client.post("/v1/sessions", json=body, headers=origin)
        listed = await api.client.get("/v1/sessions?limit=1", headers=origin)
        await api.client.get("/v1/personas", headers=origin)  # the 5th of 5 per minute
        limited = await api.client.get("/v1/personas", headers=origin)
    assert created.status_code == 201 and "location" in created.headers
    assert replayed.headers["idempotent-replayed"] == "true"
    assert listed.headers["link"].endswith('rel="next"')
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    for response in (created, replayed, listed, limited):
        assert response.headers["access-control-allow-origin"] == ORIGIN
        assert exposed(response) == {name.lower() for name in EXPOSED_HEADERS}
    assert {"location", "link", "retry-after", "idempotent-replayed"} <= exposed(created)

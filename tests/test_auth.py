"""API keys, roles, local development mode, rate limit, body-size limit, CORS and health probes,
on a small app wired the way create_app wires them (problems, limits, health, auth)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI, Request

from roleplay.api import health, limits, problems
from roleplay.api.auth import Caller, CurrentCaller, require_role
from roleplay.api.limits import RateLimiter
from roleplay.config import Settings
from roleplay.storage import keys
from roleplay.storage.store import Store

PROBLEM = "application/problem+json"


def small_app(store: Store, settings: Settings) -> FastAPI:
    app = FastAPI()
    app.state.settings = settings
    app.state.store = store
    problems.install(app)
    limits.install(app, settings)
    app.include_router(health.router)

    @app.get("/whoami")
    async def whoami(caller: CurrentCaller) -> dict[str, Any]:
        return {"key_id": caller.key_id, "name": caller.name, "role": caller.role}

    @app.get("/keys")
    async def admin_only(caller: Annotated[Caller, Depends(require_role("admin"))]) -> str:
        return caller.name

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    return app


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    opened = await Store.open(f"sqlite+aiosqlite:///{tmp_path / 'auth.db'}")
    yield opened
    await opened.close()


def client_for(app: FastAPI, peer: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def test_no_keys_is_local_development_mode(store: Store) -> None:
    async with client_for(small_app(store, Settings())) as client:
        answer = await client.get("/whoami")
    assert answer.json() == {"key_id": None, "name": "local", "role": "admin"}


async def test_local_development_mode_refuses_remote_clients(store: Store) -> None:
    async with client_for(small_app(store, Settings()), peer="203.0.113.7") as client:
        answer = await client.get("/whoami")
    assert answer.status_code == 401 and answer.headers["content-type"] == PROBLEM


async def test_a_valid_key_names_the_caller(store: Store) -> None:
    key_id, plaintext = await store.create_key("alice", "rep")
    async with client_for(small_app(store, Settings())) as client:
        answer = await client.get("/whoami", headers=bearer(plaintext))
    assert answer.json() == {"key_id": key_id, "name": "alice", "role": "rep"}


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("rp_not-a-key"), {"Authorization": "Basic YWxpY2U6c2VjcmV0"}],
    ids=["missing", "unknown", "not-bearer"],
)
async def test_without_a_valid_key_401_problem(store: Store, headers: dict[str, str]) -> None:
    await store.create_key("alice", "rep")
    async with client_for(small_app(store, Settings())) as client:
        answer = await client.get("/whoami", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["content-type"] == PROBLEM
    assert answer.headers["www-authenticate"] == "Bearer"
    body = answer.json()
    assert body["status"] == 401 and body["title"] == "Unauthorized" and body["detail"]


async def test_revoked_key_is_refused(store: Store) -> None:
    await store.create_key("trainer", "trainer")
    key_id, plaintext = await store.create_key("alice", "rep")
    async with client_for(small_app(store, Settings())) as client:
        assert (await client.get("/whoami", headers=bearer(plaintext))).status_code == 200
        await store.revoke_key(key_id)
        answer = await client.get("/whoami", headers=bearer(plaintext))
    assert answer.status_code == 401 and answer.json()["detail"] == "unknown or revoked API key"


async def test_require_role_403_for_other_roles(store: Store) -> None:
    _, rep = await store.create_key("alice", "rep")
    _, admin = await store.create_key("root", "admin")
    async with client_for(small_app(store, Settings())) as client:
        refused = await client.get("/keys", headers=bearer(rep))
        allowed = await client.get("/keys", headers=bearer(admin))
    assert refused.status_code == 403 and refused.headers["content-type"] == PROBLEM
    assert allowed.status_code == 200 and allowed.json() == "root"


def test_what_each_role_may_see() -> None:
    rep, trainer = Caller("k1", "alice", "rep"), Caller("k2", "tess", "trainer")
    assert rep.can_see_session("alice") and not rep.can_see_session("bob")
    assert not rep.can_see_session(None) and not rep.can_see_hidden()
    assert trainer.can_see_session("bob") and trainer.can_see_hidden()


async def test_rate_limit_429_with_retry_after_per_key(store: Store) -> None:
    _, alice = await store.create_key("alice", "rep")
    _, bob = await store.create_key("bob", "rep")
    async with client_for(small_app(store, Settings(rate_limit_per_minute=2))) as client:
        codes = [(await client.get("/whoami", headers=bearer(alice))).status_code for _ in range(2)]
        limited = await client.get("/whoami", headers=bearer(alice))
        other = await client.get("/whoami", headers=bearer(bob))
    assert codes == [200, 200]
    assert limited.status_code == 429 and limited.headers["content-type"] == PROBLEM
    assert int(limited.headers["retry-after"]) >= 1
    assert other.status_code == 200


def test_rate_limiter_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.take("k") == 0 for _ in range(60))
    assert limiter.take("k") == 1
    now[0] += 1.0
    assert limiter.take("k") == 0
    assert limiter.take("k") == 1


async def test_rate_limit_zero_is_off(store: Store) -> None:
    _, alice = await store.create_key("alice", "rep")
    async with client_for(small_app(store, Settings(rate_limit_per_minute=0))) as client:
        codes = {(await client.get("/whoami", headers=bearer(alice))).status_code for _ in range(5)}
    assert codes == {200}


async def test_body_too_large_by_content_length_413_problem(store: Store) -> None:
    async with client_for(small_app(store, Settings(max_body_bytes=100))) as client:
        small = await client.post("/echo", content=b"x" * 100)
        large = await client.post("/echo", content=b"x" * 101)
    assert small.json() == {"bytes": 100}
    assert large.status_code == 413 and large.headers["content-type"] == PROBLEM
    assert large.json()["detail"] == "request body larger than 100 bytes"


async def test_body_too_large_while_streaming_413_problem(store: Store) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 40

    async with client_for(small_app(store, Settings(max_body_bytes=100))) as client:
        answer = await client.post("/echo", content=chunks())
    assert "content-length" not in answer.request.headers
    assert answer.status_code == 413 and answer.json()["status"] == 413


async def test_cors_for_configured_origins(store: Store) -> None:
    settings = Settings(cors_origins=["https://app.example"])
    preflight = {
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,idempotency-key",
    }
    async with client_for(small_app(store, settings)) as client:
        allowed = await client.options("/echo", headers=preflight)
        other = await client.options("/echo", headers=preflight | {"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in other.headers


async def test_health_and_readiness(store: Store) -> None:
    async with client_for(small_app(store, Settings())) as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/readyz")).json() == {"status": "ready"}


async def test_not_ready_without_a_database() -> None:
    unreachable = await Store.open(
        "postgresql+asyncpg://nobody@127.0.0.1:1/none", migrate_schema=False
    )
    try:
        async with client_for(small_app(unreachable, Settings())) as client:
            alive = await client.get("/healthz")
            ready = await client.get("/readyz")
    finally:
        await unreachable.close()
    assert alive.status_code == 200
    assert ready.status_code == 503 and ready.headers["content-type"] == PROBLEM


def test_a_full_key_cache_drops_expired_keys_first_then_the_oldest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keys, "CACHE_SIZE", 3)
    now = [100.0]
    monkeypatch.setattr(keys.time, "monotonic", lambda: now[0])
    cache = keys.KeyCache()
    row = keys.ApiKeyRow(id="k", name="n", role="rep", created_at=datetime.now(UTC))
    cache.keep_key("old", row)
    now[0] += keys.CACHE_SECONDS + 1
    for digest in ("a", "b"):
        cache.keep_key(digest, row)
    cache.keep_key("c", row)  # full: "old" has expired and goes
    assert [cache.key(d) is not None for d in ("old", "a", "b", "c")] == [False, True, True, True]
    cache.keep_key("a", row)  # kept again: now the newest
    cache.keep_key("d", row)  # full, nothing expired: the oldest, "b", goes
    assert [cache.key(d) is not None for d in ("a", "b", "c", "d")] == [True, False, True, True]

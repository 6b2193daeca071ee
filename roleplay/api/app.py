"""The app factory: `create_app(settings, store=None)`. Nothing is read at import time.

The lifespan loads personas and rubrics once, builds the model config, opens the store (unless
one was given) and, at shutdown, lets streamed turns that are still generating finish and be
stored before the store closes. litellm is not imported here (about 3 s): the first turn
imports it in a thread (the event loop keeps serving), so the server is ready in well under 2 s.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from roleplay.api import docs_ui, health, limits, practice, problems
from roleplay.api.cpu import CpuPool
from roleplay.api.generations import Generations
from roleplay.api.routes import (
    grading,
    me,
    openai_compat,
    personas,
    replay,
    reps,
    rubrics,
    sessions,
    turns,
)
from roleplay.api.schemas import SSE_EVENTS
from roleplay.catalog import Catalog
from roleplay.config import OFFLINE_MODEL, Settings
from roleplay.llm import ModelConfig
from roleplay.storage.store import Store

PREFIX = "/v1"
ROUTERS = tuple(
    m.router for m in (me, personas, rubrics, sessions, turns, grading, replay, reps,
                       openai_compat)
)
"""One router per resource, each mounted under PREFIX."""

DESCRIPTION = """\
Sales reps practise calls with AI prospects and are graded on how they sell.

Run a session: `POST /v1/sessions`, then `POST /v1/sessions/{id}/turns` for each rep turn
(send `Accept: text/event-stream` to stream the prospect's reply), then
`POST /v1/sessions/{id}/grade`. Every error is RFC 9457 `application/problem+json`.
Send an `Idempotency-Key` header on posts so a retry never records a turn twice.

Authorize with an API key (`bearer`). A server with no keys is in local development mode:
no key is needed, and `X-Roleplay-Rep: NAME` (`developmentRep`) acts as that rep.
The practice page at [/practice](/practice) is a complete frontend built on this API.
"""


def operation_id(route: APIRoute) -> str:
    """The function's name (`create_session`, `take_turn`...): readable generated clients."""
    return route.name


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """A new app; `store` is used as is (and not closed) when given, else opened from settings."""
    settings = settings or Settings()
    app = FastAPI(
        title="roleplay",
        version="1",
        description=DESCRIPTION,
        generate_unique_id_function=operation_id,
        lifespan=_lifespan(settings, store),
        docs_url=None,  # docs_ui serves /docs and /redoc from local files, not a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    _document_sse_events(app)
    problems.install(app)
    limits.install(app, settings)
    app.include_router(health.router)
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    docs_ui.install(app)
    practice.install(app)
    return app


def _document_sse_events(app: FastAPI) -> None:
    """Add the SSE event payloads to the OpenAPI components (`x-sse-events` refers to them)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in SSE_EVENTS.values():
                components.setdefault(model.__name__, model.model_json_schema(
                    ref_template="#/components/schemas/{model}"))
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]

YOUNG_GARBAGE_THRESHOLD = 20_000
"""Allocations between two collections of the garbage collector's youngest generation."""


def _collect_young_garbage_less_often() -> None:
    """Raise the young generation's threshold (Python's default 700) to YOUNG_GARBAGE_THRESHOLD.

    A turn allocates tens of thousands of objects (pydantic models, litellm's response and
    logging objects, SQLAlchemy rows), nearly all freed by reference counting as soon as the
    turn ends. At 700 the collector ran about a dozen young collections per turn, and with 50
    turns in flight their live objects got promoted to the old generation, so a full
    collection (about 50 ms on the event loop) came every ~250 turns. Measured with 50
    sessions against the 100 ms stub (docs/performance.md, round twelve): garbage collection
    0.66 -> 0.23 ms per turn, no full collection in 1,000 turns. The two older generations'
    thresholds are kept; memory grows by at most the young objects not yet collected."""
    young, middle, old = gc.get_threshold()
    if young < YOUNG_GARBAGE_THRESHOLD:
        gc.set_threshold(YOUNG_GARBAGE_THRESHOLD, middle, old)


def _preload_model(settings: Settings) -> asyncio.Task[None] | None:
    """With a real provider configured, import litellm in a thread once the server is up, so
    the first turn of each worker does not wait ~3 s for it. (The built-in offline voice
    keeps the lazy import: `roleplay demo` and development servers start lighter.)"""
    if settings.model == OFFLINE_MODEL:
        return None
    from roleplay import llm

    return asyncio.create_task(asyncio.to_thread(llm.ensure_ready))


def _lifespan(settings: Settings, given: Store | None) -> Lifespan:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _collect_young_garbage_less_often()
        catalog = Catalog.load(settings.personas_dir, settings.rubrics_dir)
        app.state.catalog = catalog
        watcher = (asyncio.create_task(catalog.watch(settings.reload_seconds))
                   if settings.reload_seconds > 0 else None)
        app.state.model_config = ModelConfig.from_settings(settings)
        app.state.generations = Generations()
        app.state.cpu = CpuPool(settings.grade_processes)
        store = given or await Store.open(settings.database_url, redis_url=settings.redis_url)
        app.state.store = store
        preload = _preload_model(settings)
        try:
            yield
        finally:
            if watcher is not None:
                watcher.cancel()
            if preload is not None:
                await preload
            await app.state.generations.drain()
            await app.state.cpu.close()
            if given is None:
                await store.close()

    return lifespan

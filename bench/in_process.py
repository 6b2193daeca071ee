"""The HTTP API in process, for the benches that play scripted calls through it.

    async with api_client() as client: ...     the app's lifespan, a temp SQLite file, the
                                                default offline model, no rate limit
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from roleplay.api.app import create_app
from roleplay.config import Settings


@asynccontextmanager
async def api_client() -> AsyncIterator[httpx.AsyncClient]:
    folder = Path(tempfile.mkdtemp())
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'calls.db'}",
                        rate_limit_per_minute=0)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test",
                                     timeout=60) as client:
            yield client

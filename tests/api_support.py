"""Helpers for the API tests: an app on a temp SQLite file with its lifespan, SSE parsing, keys."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from roleplay.api.app import create_app
from roleplay.config import Settings
from roleplay.storage.store import Store

PROBLEM = "application/problem+json"
PERSONA = "skeptical_cfo"
OPENER = "Hi, it's Sam from Northwind. Your controller suggested I call. Is now a bad time?"
PROBE = "How do you close the books each month today?"


@dataclass
class Api:
    app: FastAPI
    client: httpx.AsyncClient

    @property
    def store(self) -> Store:
        store: Store = self.app.state.store
        return store

    async def key(self, name: str, role: str) -> dict[str, str]:
        """A new API key's Authorization header."""
        _, plaintext = await self.store.create_key(name, role)  # type: ignore[arg-type]
        return {"Authorization": f"Bearer {plaintext}"}

    async def new_session(self, headers: dict[str, str] | None = None, **body: Any) -> str:
        response = await self.client.post(
            "/v1/sessions", json={"persona": PERSONA, "seed": 3, **body}, headers=headers
        )
        assert response.status_code == 201, response.text
        session_id: str = response.json()["id"]
        return session_id


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'api.db'}", **overrides)


@asynccontextmanager
async def running(tmp_path: Path, **overrides: Any) -> AsyncIterator[Api]:
    """The app with its lifespan, and a client talking to it in process."""
    app = create_app(settings_for(tmp_path, **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Api(app, client)


def sse_events(body: str) -> list[tuple[str, Any]]:
    """(event, JSON data) for each event of an SSE body; comments (pings) are skipped."""
    found: list[tuple[str, Any]] = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith(":")]
        event = next((ln[6:].strip() for ln in lines if ln.startswith("event:")), "message")
        data = "\n".join(ln[5:].strip() for ln in lines if ln.startswith("data:"))
        if data:
            found.append((event, json.loads(data)))
    return found


def completion(content: str) -> httpx.Response:
    """An OpenAI-compatible provider's chat completion answering `content` (for respx)."""
    message = {"role": "assistant", "content": content}
    return httpx.Response(200, json={
        "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    })

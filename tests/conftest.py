"""Shared test set-up: never reach a real provider, never download litellm's price list."""

from __future__ import annotations

import os

import pytest

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
for _key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ROLEPLAY_MODEL", "ROLEPLAY_DATABASE_URL"):
    os.environ.pop(_key, None)


@pytest.fixture
def litellm_over_httpx(monkeypatch: pytest.MonkeyPatch) -> None:
    """litellm's OpenAI calls go through httpx (which respx mocks), with a fake key."""
    import litellm

    monkeypatch.setattr(litellm, "disable_aiohttp_transport", True)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")

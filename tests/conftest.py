"""Shared test set-up: never reach a real provider, never download litellm's price list."""

from __future__ import annotations

import os

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
for _key in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "ROLEPLAY_MODEL", "ROLEPLAY_DATABASE_URL"):
    os.environ.pop(_key, None)

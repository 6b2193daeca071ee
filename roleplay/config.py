"""Settings from the environment (prefix ROLEPLAY_). Read only by the CLI and the API factory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from roleplay.environment import ENV_PREFIX, default_dir

OFFLINE_MODEL = "roleplay/offline"
"""The built-in offline provider's litellm model string: no key, no network."""

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    model: str = OFFLINE_MODEL
    api_base: str | None = None
    fallback_models: Annotated[list[str], NoDecode] = Field(default_factory=list)
    judge_model: str | None = None
    timeout: float = Field(default=30.0, gt=0, description="seconds per model call")
    max_retries: int = Field(default=2, ge=0, le=10)

    database_url: str = "sqlite+aiosqlite:///roleplay.db"
    personas_dir: Path = Field(default_factory=lambda: default_dir("personas"))
    rubrics_dir: Path = Field(default_factory=lambda: default_dir("rubrics"))
    reload_seconds: float = Field(
        default=1.0, ge=0, description="how often the server looks for edited persona and "
        "rubric files; 0 = never (restart to pick up edits)"
    )

    max_turn_chars: int = Field(default=2000, gt=0)
    max_turns_per_session: int = Field(default=200, gt=0)
    max_body_bytes: int = Field(default=1_000_000, gt=0)
    max_transcript_chars: int = Field(
        default=200_000, gt=0, description="characters in all the turns or messages of a request"
    )
    max_open_sessions: int = Field(
        default=100, ge=0, description="open sessions per key (rep name); 0 = no limit"
    )
    rate_limit_per_minute: int = Field(default=120, ge=0, description="per API key; 0 = off")
    auth_failures_per_minute: int = Field(
        default=30, ge=0, description="failed key lookups per client address; 0 = off"
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    public_url: str | None = Field(
        None, description="e.g. https://roleplay.example.com: absolute Location and Link "
        "headers start with it; unset, they are relative"
    )
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="proxies whose X-Forwarded-For/-Proto are trusted: "
        "addresses or networks, `*` for any; empty: none"
    )
    redis_url: str | None = Field(
        None, description="redis://host:port/db: rate limits and key changes shared by every "
        "worker and machine; unset: kept in each process's memory"
    )
    grade_processes: int = Field(
        default=2, ge=1, le=64, description="worker processes grading large transcripts"
    )

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else None

    @field_validator("fallback_models", "cors_origins", "forwarded_allow_ips", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

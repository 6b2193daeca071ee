"""`roleplay keys create|list|revoke`: API keys for the HTTP API (stored hashed in the database
named by ROLEPLAY_DATABASE_URL)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from roleplay.cli import app
from roleplay.config import Settings
from roleplay.errors import NotFound

if TYPE_CHECKING:  # importing sessions (SQLAlchemy) is left to the commands
    from roleplay.storage.store import Store

keys_app = typer.Typer(
    help="Create, list and revoke API keys (roles: rep, trainer, admin).", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")

T = TypeVar("T")


class RoleChoice(StrEnum):
    rep = "rep"
    trainer = "trainer"
    admin = "admin"


@keys_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="who the key is for; a rep's sessions are theirs")],
    role: Annotated[RoleChoice, typer.Option(help="what the key may do")] = RoleChoice.rep,
) -> None:
    """Create a key and print it once (only its hash is stored)."""
    key_id, plaintext = _run(lambda store: store.create_key(name, role.value))
    typer.echo(f"created {key_id} ({role.value}) for {name}")
    typer.echo(plaintext)
    typer.echo("store this key now: it is not shown again", err=True)


@keys_app.command("list")
def list_keys() -> None:
    """List keys: id, role, name, created, revoked."""
    for key in _run(lambda store: store.list_keys()):
        revoked = key.revoked_at.isoformat(timespec="seconds") if key.revoked_at else "active"
        created = key.created_at.isoformat(timespec="seconds")
        typer.echo(f"{key.id}\t{key.role}\t{key.name}\t{created}\t{revoked}")


@keys_app.command("revoke")
def revoke(key_id: Annotated[str, typer.Argument(help="the key's id: key_...")]) -> None:
    """Revoke a key: requests with it are refused (401) from now on."""
    if not _run(lambda store: store.revoke_key(key_id)):
        raise NotFound(f"no active key {key_id!r} (see `roleplay keys list`)")
    typer.echo(f"revoked {key_id}")


def _run(action: Callable[[Store], Awaitable[T]]) -> T:
    return asyncio.run(_with_store(action))


async def _with_store(action: Callable[[Store], Awaitable[T]]) -> T:
    from roleplay.storage.store import Store

    settings = Settings()
    store = await Store.open(settings.database_url, redis_url=settings.redis_url)
    try:
        return await action(store)
    finally:
        await store.close()

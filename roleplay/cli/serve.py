"""`roleplay serve`: the HTTP API under uvicorn (app factory; litellm is not imported at start)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
from typing import Annotated

import typer

from roleplay.cli import app
from roleplay.config import Settings
from roleplay.errors import InputError

APP_FACTORY = "roleplay.api.app:create_app"
KEEP_ALIVE_SECONDS = 75
"""How long an idle connection is kept open. Longer than clients keep theirs (httpx and Node 5 s,
most proxies 60 s): a server that closes first races the client's next request on that connection,
which then fails with a reset instead of an answer (uvicorn's own default is 5 s)."""
DEV_MODE_NOTICE = (
    "roleplay: local development mode: no API keys exist, so every caller is an admin and only "
    "loopback is served; create a key with `roleplay keys create NAME --role admin`"
)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to bind", min=0, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="worker processes", min=1)] = 1,
    forwarded_allow_ips: Annotated[str | None, typer.Option(
        help="comma-separated proxy addresses or networks (or *) whose X-Forwarded-For and "
        "X-Forwarded-Proto are trusted; default: ROLEPLAY_FORWARDED_ALLOW_IPS, else none",
    )] = None,
    timeout_keep_alive: Annotated[int, typer.Option(
        help="seconds an idle connection is kept open (longer than clients and proxies keep it)",
        min=1,
    )] = KEEP_ALIVE_SECONDS,
) -> None:
    """Serve the HTTP API (docs at /docs). No API keys: local development mode, loopback only."""
    import uvicorn

    if forwarded_allow_ips is not None:  # the workers build their settings from the environment
        os.environ["ROLEPLAY_FORWARDED_ALLOW_IPS"] = forwarded_allow_ips
    settings = Settings()
    if not asyncio.run(_prepare(settings.database_url)):
        if not is_loopback(host):
            raise InputError(
                f"refusing to bind {host}: no API keys exist (local development mode serves "
                "loopback only); create one with `roleplay keys create NAME --role admin`"
            )
        typer.echo(DEV_MODE_NOTICE, err=True)
    # Proxy headers are handled by the app (roleplay.api.proxy), from configured proxies only;
    # uvicorn's own handling would trust X-Forwarded-For from 127.0.0.1.
    uvicorn.run(
        APP_FACTORY, factory=True, host=host, port=port, workers=workers, proxy_headers=False,
        server_header=False, timeout_keep_alive=timeout_keep_alive,
    )


async def _prepare(database_url: str) -> bool:
    """Migrate the database once, before any worker starts; True if API keys exist."""
    from roleplay.storage.store import Store

    store = await Store.open(database_url)  # no Redis needed to migrate
    try:
        return await store.has_keys()
    finally:
        await store.close()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False

"""Who is calling: API keys (`Authorization: Bearer <key>`) with roles, and the per-key rate limit.

    rep      own sessions only; public persona views
    trainer  every session; full personas (hidden facts)
    admin    everything a trainer can, and managing keys

With no active key in the store the server is in local development mode (it binds loopback
only, see `roleplay serve`) and every caller is `Caller(None, "local", "admin")`, unless the
request says `X-Roleplay-Rep: NAME`: then the caller is the rep NAME (`Caller(None, NAME,
"rep")`), who sees what a rep with a key for NAME would see. With keys, that header is a 403.

The OpenAPI document declares both as security schemes (`bearer`, `developmentRep`), so the
docs page has an "Authorize" button.
"""

from __future__ import annotations

import ipaddress
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from roleplay.api.proxy import client_address, peer
from roleplay.config import Settings
from roleplay.errors import AccessDenied, InputError, RateLimited, Unauthenticated
from roleplay.storage.store import ROLES, Role, Store

__all__ = [
    "DEV_REP_HEADER", "ROLES", "Caller", "CurrentCaller", "Role", "current_caller", "require_role"
]

LOCAL = "local"
DEV_REP_HEADER = "X-Roleplay-Rep"
_REP_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")

BEARER = HTTPBearer(
    scheme_name="bearer", bearerFormat="rp_...", auto_error=False,
    description="An API key from `roleplay keys create NAME --role rep|trainer|admin`. "
    "Not needed in local development mode (a loopback server with no keys).",
)
DEV_REP = APIKeyHeader(
    name=DEV_REP_HEADER, scheme_name="developmentRep", auto_error=False,
    description="Local development mode only (no API keys exist): act as the rep with this "
    "name, to see what a rep sees (public personas, their own sessions). 403 on a server "
    "with keys.",
)


@dataclass(frozen=True)
class Caller:
    """The authenticated caller: `key_id` is None in local development mode."""

    key_id: str | None
    name: str
    role: Role

    @property
    def owner(self) -> str | None:
        """Who owns the sessions this caller starts: the key's name, or the rep's name when
        acting as a rep in development mode; None for the local development admin."""
        return None if self == LOCAL_CALLER else self.name

    def can_see_session(self, owner: str | None) -> bool:
        """Reps see their own sessions; trainers and admins see all."""
        return self.role != "rep" or (owner is not None and owner == self.name)

    def can_see_hidden(self) -> bool:
        """Hidden persona facts and full personas: trainers and admins."""
        return self.role in ("trainer", "admin")

    @property
    def local(self) -> bool:
        return self.key_id is None


LOCAL_CALLER = Caller(None, LOCAL, "admin")


async def current_caller(
    request: Request,
    _bearer_doc: Annotated[object, Security(BEARER)] = None,
    dev_rep: Annotated[str | None, Security(DEV_REP)] = None,
) -> Caller:
    """The caller; 401 without a valid key (when keys exist), 429 over the rate limit, or
    from an address that sent too many unknown keys (`auth_failures_per_minute`: checked
    before the key is looked up, so guessing keys costs the database nothing).
    (`_bearer_doc` only declares the scheme in OpenAPI; the header is parsed by `_bearer`.)"""
    store: Store = request.app.state.store
    token = _bearer(request)
    if token is None:
        if await store.has_keys():
            _refuse_dev_rep(dev_rep)
            raise Unauthenticated("this server needs an API key: send Authorization: Bearer <key>")
        return _local_caller(request, dev_rep)
    address = client_address(request)
    guards: FailedKeys = request.app.state.failed_keys
    key = await store.verify_key(token, cached_only=guards.blocked(address))
    if key is None:
        if not await store.has_keys():
            return _local_caller(request, dev_rep)
        await guards.failed(store, address)
        raise Unauthenticated("unknown or revoked API key")
    _refuse_dev_rep(dev_rep)
    await _check_rate(request, store, key.id)
    return Caller(key.id, key.name, key.role)


class FailedKeys:
    """Failed key lookups per client address: `per_minute` of them, then 429 until the bucket
    refills. The bucket is shared (`Store.shared`); which addresses are blocked right now is
    remembered here, so a blocked address costs neither a query nor a trip to Redis."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._until: dict[str, float] = {}

    def blocked(self, address: str) -> bool:
        """True while `address` is blocked: only keys this worker has cached are accepted."""
        until = self._until.get(address)
        if until is None:
            return False
        if until > time.monotonic():
            return True
        del self._until[address]
        return False

    async def failed(self, store: Store, address: str) -> None:
        """Count a failed lookup; RateLimited (429) once the address is over the limit."""
        if not self.per_minute:
            return
        until = self._until.get(address)
        if until is None:
            wait = await store.shared.take("auth-failures:" + address, self.per_minute)
            if wait <= 0:
                return
            if len(self._until) > 10_000:
                now = time.monotonic()
                self._until = {a: u for a, u in self._until.items() if u > now}
            until = self._until[address] = time.monotonic() + wait
        wait = max(1, round(until - time.monotonic()))
        raise RateLimited(
            f"too many unknown API keys from this address ({self.per_minute} per minute); "
            f"retry in {wait} s",
            retry_after=wait,
        )


CurrentCaller = Annotated[Caller, Depends(current_caller)]


def require_role(*roles: Role) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency: the caller, if their role is one of `roles`; else 403."""
    allowed = ", ".join(roles)

    async def dependency(caller: CurrentCaller) -> Caller:
        if caller.role not in roles:
            raise AccessDenied(f"this needs the role {allowed}; your key has {caller.role}")
        return caller

    return dependency


def _local_caller(request: Request, dev_rep: str | None) -> Caller:
    """Local development mode: a client on another machine is refused, whatever the bind."""
    host = peer(request)  # the socket's peer: a proxy's X-Forwarded-For does not count here
    if (host is not None and not _loopback_or_in_process(host)) or _forwarded_from_afar(request):
        raise Unauthenticated(
            "this server has no API keys (local development mode) and answers loopback only"
        )
    if dev_rep is None:
        return LOCAL_CALLER
    if not _REP_NAME.fullmatch(dev_rep):
        raise InputError(
            f"{DEV_REP_HEADER}: {dev_rep[:80]!r} is not a name: 1-64 letters, digits or . _ @ -, "
            "starting with a letter or digit"
        )
    return Caller(None, dev_rep, "rep")


def _forwarded_from_afar(request: Request) -> bool:
    """A proxy on this machine says the request came from elsewhere (`X-Forwarded-For`,
    `X-Real-IP` or `Forwarded` naming an address that is not loopback, or naming none)."""
    named = [
        hop.strip().strip('"[]')
        for header in ("x-forwarded-for", "x-real-ip")
        for value in request.headers.getlist(header)
        for hop in value.split(",")
    ]
    for value in request.headers.getlist("forwarded"):
        named += [part.split("=", 1)[1].strip().strip('"[]').rsplit("]:", 1)[0]
                  for part in value.replace(",", ";").split(";")
                  if part.strip().lower().startswith("for=")]
    return any(not _loopback_address(hop) for hop in named)


def _loopback_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_dev_rep(dev_rep: str | None) -> None:
    if dev_rep is not None:
        raise AccessDenied(
            f"{DEV_REP_HEADER} works only in local development mode (a server with no API keys); "
            "this server has keys: send a rep's key instead"
        )


def _loopback_or_in_process(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # not an address: an in-process transport (tests), not a network peer


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("malformed Authorization header: expected 'Bearer <key>'")
    return token.strip()


async def _check_rate(request: Request, store: Store, key_id: str) -> None:
    settings: Settings = request.app.state.settings
    per_minute = settings.rate_limit_per_minute
    if not per_minute:
        return
    wait = await store.shared.take("key:" + key_id, per_minute)
    if wait > 0:
        raise RateLimited(
            f"rate limit of {per_minute} requests per minute for this key reached; "
            f"retry in {wait} s",
            retry_after=wait,
        )

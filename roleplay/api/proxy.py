"""Who is really calling: the socket peer, and the client a trusted proxy names.

`X-Forwarded-For` and `X-Forwarded-Proto` are believed only when the socket peer is one of
`ROLEPLAY_FORWARDED_ALLOW_IPS` (`roleplay serve --forwarded-allow-ips`): addresses or networks
(`10.0.0.0/8`), or `*` for any. Then `request.client` becomes the nearest address in
`X-Forwarded-For` that is not itself a trusted proxy, and the scheme the proxy's. Otherwise the
headers are ignored: a client cannot choose its own address. (uvicorn's own proxy handling,
which trusts 127.0.0.1 by default, is turned off by `roleplay serve`.)

The socket peer is kept as `scope["roleplay.peer"]` (see `peer`): local development mode serves
loopback peers only, whatever a proxy says.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

PEER = "roleplay.peer"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, app: ASGIApp, trusted: Sequence[str]) -> None:
        self.app = app
        self.any = "*" in trusted
        self.networks: list[Network] = [
            ipaddress.ip_network(item, strict=False) for item in trusted if item != "*"
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope = dict(scope)
            peer = scope.get("client")
            scope[PEER] = peer
            if peer and (self.any or self.networks) and self._trusted(peer[0]):
                _apply_forwarded(scope, self._trusted)
        await self.app(scope, receive, send)

    def _trusted(self, host: str) -> bool:
        if self.any:
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def _apply_forwarded(scope: Scope, trusted: Callable[[str], bool]) -> None:
    headers = {name.lower(): value for name, value in scope.get("headers", [])}
    forwarded = headers.get(b"x-forwarded-for")
    if forwarded:
        hops = [hop.strip() for hop in forwarded.decode("latin-1").split(",") if hop.strip()]
        untrusted = [hop for hop in hops if not trusted(hop)]
        client = untrusted[-1] if untrusted else (hops[0] if hops else None)
        if client and _is_address(client):
            scope["client"] = (client, 0)
    proto = headers.get(b"x-forwarded-proto")
    if proto:
        scheme = proto.decode("latin-1").split(",")[0].strip().lower()
        if scheme in ("http", "https"):
            scope["scheme"] = scheme if scope["type"] == "http" else scheme.replace("http", "ws")


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def peer(request: Request) -> str | None:
    """The socket peer's address, whatever any proxy header says."""
    found = request.scope.get(PEER, request.scope.get("client"))
    return found[0] if found else None


def client_address(request: Request) -> str:
    """The caller's address: the socket peer, or the client a trusted proxy names."""
    return request.client.host if request.client else "unknown"

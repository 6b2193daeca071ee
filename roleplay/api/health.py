"""Probes for load balancers and orchestrators: no key needed, nothing secret in the answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from roleplay.api.problems import problem_response, problem_responses
from roleplay.storage.store import Store

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Ready to serve: the database is reachable",
    responses=problem_responses(503),
)
async def readyz(request: Request) -> JSONResponse:
    store: Store | None = getattr(request.app.state, "store", None)
    if store is None or not await store.ping():
        return problem_response(
            request, 503, "Not ready", "the database is not reachable",
            headers={"Retry-After": "1"},
        )
    return JSONResponse({"status": "ready"})

"""Reps: a rep's progress across calls, and their calls with scorecards as JSON or CSV.

`{rep}` is the name a rep's key was created for (`me`: the caller). Reps see their own;
trainers and admins anyone's. Another rep's name is a 404, as for sessions.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from roleplay.api.auth import Caller, CurrentCaller
from roleplay.api.deps import CatalogDep, StoreDep
from roleplay.api.problems import problem_responses
from roleplay.errors import NotFound
from roleplay.progress import (
    HALF_LIFE,
    Progress,
    export_csv,
    export_rows,
    graded_sessions,
    only,
    progress,
)

router = APIRouter(prefix="/reps", tags=["reps"], responses=problem_responses(401, 404, 429))

Filter = Annotated[str | None, Query(description="only calls with this persona or rubric id")]


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def _rep(caller: Caller, rep: str) -> str | None:
    """The owner name whose calls to read, or NotFound for a rep reading another's."""
    name = caller.owner if rep == "me" else rep
    if caller.role == "rep" and name != caller.owner:
        raise NotFound(f"no rep {rep!r}")
    return name


@router.get("/{rep}/progress", response_model=Progress, summary="A rep's progress")
async def rep_progress(
    rep: str, caller: CurrentCaller, store: StoreDep, catalog: CatalogDep,
    persona: Filter = None, rubric: Filter = None,
    criterion: Annotated[str | None, Query(description="only this criterion id")] = None,
    half_life: Annotated[float, Query(gt=0, le=100, description="calls after which an older "
                                      "call weighs half as much")] = HALF_LIFE,
) -> Progress:
    """Per criterion: each call's score (oldest first), the latest, the best, the mean and a
    recency-weighted proficiency with its level. Branches and calls with no rep turn are left
    out; each call is graded with the rubric version it ran with."""
    owner = _rep(caller, rep)
    graded = await graded_sessions(store, catalog, owner, persona=persona, rubric=rubric)
    return only(progress(owner, graded, half_life), criterion)


@router.get(
    "/{rep}/export", response_model=list[dict[str, Any]], summary="A rep's calls, exported",
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                     "description": "JSON: one object per call with its scorecard; CSV: one "
                     "row per call with a score and level column per criterion"}},
)
async def rep_export(
    rep: str, caller: CurrentCaller, store: StoreDep, catalog: CatalogDep,
    format: Annotated[ExportFormat, Query(description="json or csv")] = ExportFormat.json,
    persona: Filter = None, rubric: Filter = None,
) -> Response:
    """Every call of the rep with its scorecard, oldest first (`format=csv` for a spreadsheet)."""
    owner = _rep(caller, rep)
    graded = await graded_sessions(store, catalog, owner, persona=persona, rubric=rubric)
    name = f"roleplay-{owner or 'all'}"
    if format is ExportFormat.csv:
        return Response(export_csv(graded), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": _attachment(f"{name}.csv")})
    return JSONResponse(export_rows(graded))


def _attachment(filename: str) -> str:
    """A Content-Disposition header for any file name: an ASCII fallback, and the name itself
    percent-encoded (RFC 6266 / 5987). A rep name is the client's text, so it never goes into
    the header as is (a non-Latin-1 character was a 500, a quote or CR could break the header)."""
    fallback = re.sub(r"[^A-Za-z0-9._@-]", "_", filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"

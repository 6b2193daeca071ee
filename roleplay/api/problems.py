"""RFC 9457 problem details: every error the API returns is `application/problem+json`.

    RoleplayError subclass     -> its `status` and `title`, `str(err)` as `detail`
    HTTPException (404 route, 405 method, ...) -> its status, the HTTP reason phrase as title
    RequestValidationError     -> 422 with an `errors` list of {loc, message}
    anything else              -> 500 "Internal error", no stack trace (the server logs it)

`type` is a relative URI naming the problem (`/problems/not-found`); docs/api.md lists them.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException

from roleplay.errors import FileProblems, RoleplayError

MEDIA_TYPE = "application/problem+json"
_log = logging.getLogger("roleplay.api")


class Problem(BaseModel):
    """An RFC 9457 problem details object (extra members are allowed)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "example": {
                "type": "/problems/not-found",
                "title": "Not found",
                "status": 404,
                "detail": "no session 's_123'",
                "instance": "/v1/sessions/s_123",
            }
        },
    )

    type: str = Field("about:blank", description="a URI naming the kind of problem")
    title: str = Field(description="short, the same for every problem of this type")
    status: int = Field(description="the HTTP status code")
    detail: str | None = Field(None, description="what went wrong this time, for a person")
    instance: str | None = Field(None, description="the request path")


OPENAI_PATHS = ("/v1/chat/completions", "/v1/models")
"""Problems on these paths also carry OpenAI's `error` member, which OpenAI clients display."""


def openai_error(status: int, title: str, detail: str | None) -> dict[str, Any]:
    return {"message": detail or title, "type": problem_type(title).rsplit("/", 1)[-1],
            "code": status}


def problem_type(title: str) -> str:
    """`/problems/<slug of the title>`, e.g. `/problems/model-provider-unavailable`."""
    return "/problems/" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    **extras: Any,
) -> JSONResponse:
    if request.url.path.startswith(OPENAI_PATHS):
        extras.setdefault("error", openai_error(status, title, detail))
    body = Problem(
        type=problem_type(title), title=title, status=status, detail=detail,
        instance=request.url.path, **extras,
    )
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, headers=headers,
        media_type=MEDIA_TYPE,
    )


def _error_extras(err: RoleplayError) -> dict[str, Any]:
    extras: dict[str, Any] = dict(getattr(err, "extras", {}) or {})
    if isinstance(err, FileProblems):
        extras["problems"] = err.problems
    return extras


def _error_headers(err: RoleplayError) -> dict[str, str] | None:
    """`Retry-After` for errors that carry `retry_after` (ProviderUnavailable, rate limits)."""
    headers: dict[str, str] = dict(getattr(err, "headers", {}) or {})
    retry_after = getattr(err, "retry_after", None)
    if retry_after is not None:
        headers.setdefault("Retry-After", str(max(1, int(retry_after))))
    return headers or None


async def roleplay_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RoleplayError)
    return problem_response(
        request, exc.status, exc.title, str(exc).splitlines()[0] if str(exc) else None,
        headers=_error_headers(exc), **_error_extras(exc),
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    title = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else None
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(request, exc.status_code, title, detail, headers=headers)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_validation_item(e) for e in exc.errors()]
    first = errors[0] if errors else {"loc": "", "message": "invalid request"}
    detail = f"{first['loc']}: {first['message']}" if first["loc"] else first["message"]
    return problem_response(request, 422, "Invalid request", detail, errors=errors)


def _validation_item(error: Any) -> dict[str, str]:
    if error.get("type") == "json_invalid":  # FastAPI's loc is ("body", character offset)
        where = error.get("loc", ("body", "?"))[-1]
        reason = (error.get("ctx") or {}).get("error", "invalid JSON")
        return {"loc": "body", "message": f"not valid JSON: {reason} (character {where})"}
    loc = ".".join(str(part) for part in error.get("loc", ()))
    return {"loc": loc, "message": str(error.get("msg", "invalid value"))}


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """No stack trace for the client; Starlette re-raises afterwards, so the server logs it."""
    return problem_response(
        request, 500, "Internal error", "the server hit an unexpected error; it has been logged"
    )


def install(app: FastAPI) -> None:
    """Register the handlers so that no error leaves the app as anything but problem+json."""
    app.add_exception_handler(RoleplayError, roleplay_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
    document(app)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "model": Problem, "content": {MEDIA_TYPE: {}}, "description": HTTPStatus(status).phrase
    }
    for status in (400, 401, 403, 404, 409, 413, 422, 429, 502, 503)
}
"""`responses=` for routers: documents the problem+json error bodies in OpenAPI."""


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {s: PROBLEM_RESPONSES[s] for s in statuses}


PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def document(app: FastAPI) -> None:
    """Make the OpenAPI document say what the handlers do: every 4xx/5xx is problem+json
    (FastAPI would list error models under application/json and its own 422 shape)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _as_problems(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


AUTH_STATUSES = (400, 401, 403, 429)
"""What any operation that authenticates may answer: a malformed `X-Roleplay-Rep` or
Authorization header (400), no or a bad key (401), a header refused on a server with keys or a
role the key lacks (403), a rate limit (429)."""
BODY_STATUSES = (413, 422)
"""What any operation with a body may answer: too large (413), not valid (422)."""


def _as_problems(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema()
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            _add_common_problems(operation)
            for code, response in operation.get("responses", {}).items():
                if code[:1] in ("4", "5"):
                    response["content"] = {MEDIA_TYPE: {"schema": PROBLEM_REF}}
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def _add_common_problems(operation: dict[str, Any]) -> None:
    """Document the problems every operation of its kind can answer, so clients (and the
    schema fuzzing in tests/test_fuzz_api.py) find each status they may meet."""
    statuses: list[int] = []
    if operation.get("security"):
        statuses += AUTH_STATUSES
    if operation.get("requestBody"):
        statuses += BODY_STATUSES
    if operation.get("parameters"):
        statuses.append(422)
    responses = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), {"description": HTTPStatus(status).phrase})


def problem_body(exc: BaseException, instance: str) -> dict[str, Any]:
    """The problem for an error met where no response can carry it (an SSE `error` event)."""
    if isinstance(exc, RoleplayError):
        detail = str(exc).splitlines()[0] if str(exc) else None
        extras = _error_extras(exc)
        retry_after = (_error_headers(exc) or {}).get("Retry-After")
        if retry_after is not None:
            extras["retry_after"] = int(retry_after)
        return Problem(
            type=problem_type(exc.title), title=exc.title, status=exc.status, detail=detail,
            instance=instance, **extras,
        ).model_dump(exclude_none=True)
    _log.error("unexpected error on %s", instance, exc_info=exc)
    return Problem(
        type=problem_type("Internal error"), title="Internal error", status=500,
        detail="the server hit an unexpected error; it has been logged", instance=instance,
    ).model_dump(exclude_none=True)

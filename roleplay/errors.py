"""The exception tree, grouped by who can fix the problem.

    RoleplayError                      base of everything we raise on purpose
    ├── InputError                     the caller (rep, frontend, trainer) can fix it
    │   ├── FileProblems               persona/rubric files: a list of `file:line: field: message`
    │   ├── TranscriptError            a malformed transcript (which line, what is wrong)
    │   ├── NotFound                   an unknown persona, rubric or session id
    │   ├── Conflict                   idempotency key reused with another body, session ended
    │   └── LimitExceeded              turn too long, too many turns, body too large
    │       └── RateLimited            too many requests for this key (429, retry_after)
    ├── AccessDenied                   the caller's key may not do this
    │   └── Unauthenticated            no key, or an unknown or revoked key (401)
    └── ProviderError                  the LLM provider failed; the operator or time can fix it
        ├── ProviderUnavailable        transient failures persisted after retries and fallbacks
        └── ProviderRejected           the provider refused the request (auth, bad model name)

Every error carries a one-line, user-facing message. The CLI prints it as one plain line;
the HTTP layer turns it into an RFC 9457 problem+json body.
"""

from __future__ import annotations

from typing import ClassVar


class RoleplayError(Exception):
    """Base class: `str(err)` is a complete one-line message for a user."""

    status: int = 500
    title: str = "Internal error"


class InputError(RoleplayError):
    status = 400
    title = "Bad input"


class FileProblems(InputError):
    """One or more problems in persona or rubric files."""

    status = 422
    title = "Invalid file"

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class TranscriptError(InputError):
    status = 422
    title = "Invalid transcript"


class NotFound(InputError):
    status = 404
    title = "Not found"


class Conflict(InputError):
    status = 409
    title = "Conflict"


class LimitExceeded(InputError):
    status = 413
    title = "Limit exceeded"


class RateLimited(LimitExceeded):
    """Too many requests for one API key: try again after `retry_after` seconds."""

    status = 429
    title = "Too many requests"

    def __init__(self, message: str, retry_after: int = 1) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class AccessDenied(RoleplayError):
    status = 403
    title = "Forbidden"


class Unauthenticated(AccessDenied):
    """No API key, or one the server does not know (or revoked)."""

    status = 401
    title = "Unauthorized"
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": "Bearer"}


class ProviderError(RoleplayError):
    status = 502
    title = "Model provider error"


class ProviderUnavailable(ProviderError):
    """Transient failures that survived every retry and fallback: try again later."""

    status = 503
    title = "Model provider unavailable"

    def __init__(self, message: str, retry_after: int = 5) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class ProviderRejected(ProviderError):
    status = 502
    title = "Model provider rejected the request"

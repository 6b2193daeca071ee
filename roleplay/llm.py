"""Every model call goes through here: litellm, a timeout, one retry loop, fallbacks, plain errors.

The only module that imports litellm, and only inside functions (the import takes ~3 s).

- **Models**: any litellm model string (`openai/gpt-4o-mini`, `anthropic/...`, `ollama/...`), or the
  built-in offline provider `roleplay/offline`, a litellm custom provider registered on first
  use that voices the prospect with `roleplay.offline.voice` (no key, no network).
- **Timeouts**: every call gets `timeout=`; litellm does not enforce it for in-process custom
  providers, so we also bound every await ourselves (a stream: each chunk).
- **Retries**: one loop (tenacity, exponential backoff with jitter, at least the provider's
  Retry-After) for transient failures only: HTTP 408/409/425/429/5xx, timeouts, connection
  errors. litellm and the openai SDK are told not to retry (`num_retries=0`, `max_retries=0`).
- **Fallbacks**: tried in order once the primary model's retries are exhausted. A rejection
  (bad key, unknown model, bad request) is not retried and not hidden behind a fallback.
  `api_base` applies to the models of the primary's provider (`openai/a`, `openai/b` on one
  server), not to a fallback on another provider.
- **Streaming**: retries and fallbacks happen only before the first text delta is yielded.
- **Errors**: `ProviderUnavailable(retry_after)` when transient failures outlast everything,
  `ProviderRejected` (or its `ParametersRejected`) when the provider refuses; one line each.
- **CPU**: this module adds ~0.5 M instructions per call (the retry loop, the timeout) to
  litellm's own 17-21 M (3-6 ms). litellm 1.110 has no switch for its per-call cost calculation
  or its logging payload (a quarter to a third of its CPU per call): `no-log`,
  `turn_off_message_logging`, `disable_token_counter`, `disable_streaming_logging`,
  `disable_end_user_cost_tracking`, empty callback lists, `telemetry = False` and a shared
  `client=` cut nothing (`bench/litellm_cpu.py`), the httpx transport adds CPU; per-call
  zero prices (`input_cost_per_token=0`) cut 7 % for a model litellm cannot price and add 25 %
  for one it can (callgrind counts, docs/performance.md). What does cut it:
  a model missing from litellm's cost map is registered once with a zero price (`_priced`),
  which spares litellm a search of its cost map on every call (-19 %); we never report
  litellm's cost.
  Importing litellm leaves ~400k objects (its model cost map, classes, modules) that every full
  garbage collection would walk again (~0.3 s per collection, several times per thousand turns in
  `roleplay serve`, stalling the event loop); they are frozen (`gc.freeze`) right after the import.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import math
import os
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
)

from roleplay.config import OFFLINE_MODEL
from roleplay.errors import ProviderRejected, ProviderUnavailable

if TYPE_CHECKING:
    from roleplay.config import Settings

log = logging.getLogger(__name__)

OFFLINE_PROVIDER: Final = OFFLINE_MODEL.split("/", 1)[0]
TRANSIENT_STATUSES: Final = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 529})
DEFAULT_RETRY_AFTER: Final = 5
"""Seconds a client is told to wait when no provider said how long."""

_REJECTIONS: Final = {
    400: "the provider refused the model name or a request parameter",
    401: "check the provider API key",
    402: "the provider account needs credit",
    403: "the API key may not use this model",
    404: "unknown model or API base",
    422: "the provider refused a request parameter",
}

Messages = Sequence[Mapping[str, str]]
Schema = TypeVar("Schema", bound=BaseModel)
T = TypeVar("T")


class ParametersRejected(ProviderRejected):
    """The provider refused the request as malformed (HTTP 400/422): a parameter, not the key."""


@dataclass(frozen=True)
class ModelConfig:
    """Which model voices the prospect (or judges), and how patiently we call it."""

    model: str = OFFLINE_MODEL
    api_base: str | None = None
    fallbacks: tuple[str, ...] = ()
    timeout: float = 30.0
    max_retries: int = 2
    backoff: float = 0.5
    """First retry wait in seconds; doubles per retry, plus up to as much again in jitter."""
    max_backoff: float = 10.0
    """Longest wait between attempts, even when the provider asks for more."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ModelConfig:
        return cls(
            model=settings.model,
            api_base=settings.api_base,
            fallbacks=tuple(settings.fallback_models),
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )

    @classmethod
    def judge_from_settings(cls, settings: Settings) -> ModelConfig | None:
        """The judge's model, or None when `ROLEPLAY_JUDGE_MODEL` is not set (judge off)."""
        if not settings.judge_model:
            return None
        return replace(cls.from_settings(settings), model=settings.judge_model, fallbacks=())

    @property
    def models(self) -> tuple[str, ...]:
        """The primary model, then each fallback once, in order."""
        return tuple(dict.fromkeys((self.model, *self.fallbacks)))

    def api_base_for(self, model: str) -> str | None:
        if self.api_base is None or _is_custom(model):
            return None
        return self.api_base if _provider(model) == _provider(self.model) else None


@dataclass(frozen=True)
class _Request:
    messages: Messages
    seed: int | None = None
    response_format: dict[str, Any] | None = None
    temperature: float | None = None


class _Transient(Exception):
    """A failure worth retrying; never leaves this module."""

    def __init__(self, reason: str, retry_after: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass
class _Failures:
    """What went wrong with each model tried, for one `ProviderUnavailable` line."""

    reasons: list[str] = field(default_factory=list)
    retry_after: int | None = None

    def add(self, model: str, failure: _Transient) -> None:
        log.warning("model %s unavailable: %s", model, failure.reason)
        self.reasons.append(failure.reason)
        if failure.retry_after is not None:
            self.retry_after = max(self.retry_after or 0, failure.retry_after)

    def error(self) -> ProviderUnavailable:
        detail = "; ".join(self.reasons) or "no model configured"
        wait = self.retry_after or DEFAULT_RETRY_AFTER
        return ProviderUnavailable(f"model provider unavailable ({detail}); try again later", wait)


# --- public calls ---------------------------------------------------------------------------


async def acomplete(
    messages: Messages,
    config: ModelConfig,
    *,
    seed: int | None = None,
    response_format: dict[str, Any] | None = None,
    temperature: float | None = None,
) -> str:
    """The model's reply text, after retries and fallbacks."""
    await _import_off_the_loop()
    request = _Request(messages, seed, response_format, temperature)
    failures = _Failures()
    for model in config.models:
        try:
            return await _aretry(config, functools.partial(_acall, model, config, request))
        except _Transient as failure:
            failures.add(model, failure)
    raise failures.error()


def complete(
    messages: Messages,
    config: ModelConfig,
    *,
    seed: int | None = None,
    response_format: dict[str, Any] | None = None,
    temperature: float | None = None,
) -> str:
    """`acomplete` for callers without an event loop (the CLI)."""
    request = _Request(messages, seed, response_format, temperature)
    failures = _Failures()
    for model in config.models:
        try:
            return _retry(config, functools.partial(_call, model, config, request))
        except _Transient as failure:
            failures.add(model, failure)
    raise failures.error()


async def astream(
    messages: Messages, config: ModelConfig, *, seed: int | None = None
) -> AsyncIterator[str]:
    """The reply as text deltas. Retries and fallbacks only until the first delta is out."""
    await _import_off_the_loop()
    request = _Request(messages, seed)
    failures = _Failures()
    for model in config.models:
        try:
            opened = await _aretry(config, functools.partial(_open_stream, model, config, request))
            break
        except _Transient as failure:
            failures.add(model, failure)
    else:
        raise failures.error()
    try:
        if opened.first:
            yield opened.first
            async for delta in _rest(opened, config):
                yield delta
    finally:
        await opened.close()


async def acomplete_json(
    messages: Messages, config: ModelConfig, schema: type[Schema], *, seed: int | None = None
) -> Schema:
    """A reply validated as `schema`: JSON Schema mode, or plain JSON mode where refused."""
    framed = _with_json_instruction(messages, schema)
    try:
        text = await acomplete(framed, config, seed=seed, response_format=_schema_format(schema))
    except ParametersRejected:
        log.info("model %s refused json_schema; asking for a JSON object", config.model)
        json_object = {"type": "json_object"}
        text = await acomplete(framed, config, seed=seed, response_format=json_object)
    return _parse(text, schema, config.model)


def ensure_ready() -> None:
    """Import litellm and register the offline provider now (an app may call it at start-up
    so the first turn does not pay for the import)."""
    _litellm()


# --- one attempt ----------------------------------------------------------------------------


async def _acall(model: str, config: ModelConfig, request: _Request) -> str:
    call = _litellm().acompletion(**_kwargs(model, config, request))
    return _text(await _bounded(model, config, call))


def _call(model: str, config: ModelConfig, request: _Request) -> str:
    kwargs = _kwargs(model, config, request)
    try:
        if _is_custom(model):
            future = _worker().submit(_litellm().completion, **kwargs)
            return _text(future.result(timeout=config.timeout))
        return _text(_litellm().completion(**kwargs))
    except Exception as exc:
        raise _classify(exc, model, config) from None


async def _bounded(model: str, config: ModelConfig, call: Awaitable[T]) -> T:
    """Await a litellm call within the timeout, its failures classified."""
    try:
        async with asyncio.timeout(config.timeout):
            return await call
    except Exception as exc:
        raise _classify(exc, model, config) from None


def _kwargs(
    model: str, config: ModelConfig, request: _Request, *, stream: bool = False
) -> dict[str, Any]:
    _priced(model)
    kwargs: dict[str, Any] = {
        "model": model,
        "messages": [dict(message) for message in request.messages],
        "timeout": config.timeout,
        "num_retries": 0,
        "max_retries": 0,
        "drop_params": True,
    }
    optional = {
        "api_base": config.api_base_for(model),
        "seed": request.seed,
        "temperature": request.temperature,
        "response_format": request.response_format,
        "stream": stream or None,
    }
    kwargs.update({key: value for key, value in optional.items() if value is not None})
    return kwargs


def _text(response: Any) -> str:
    content = response.choices[0].message.content
    return content if isinstance(content, str) else ""


# --- streaming ------------------------------------------------------------------------------


@dataclass
class _Opened:
    model: str
    stream: Any
    chunks: AsyncIterator[Any]
    first: str

    async def close(self) -> None:
        closer = getattr(self.stream, "aclose", None)
        if closer is not None:
            try:
                await closer()
            except Exception as exc:  # closing must never hide the real outcome
                log.debug("closing the %s stream failed: %s", self.model, exc)


async def _open_stream(model: str, config: ModelConfig, request: _Request) -> _Opened:
    kwargs = _kwargs(model, config, request, stream=True)
    stream = await _bounded(model, config, _litellm().acompletion(**kwargs))
    opened = _Opened(model, stream, aiter(stream), "")
    try:
        opened.first = await _next_delta(opened, config) or ""
    except BaseException:
        await opened.close()
        raise
    return opened


async def _rest(opened: _Opened, config: ModelConfig) -> AsyncIterator[str]:
    while True:
        try:
            delta = await _next_delta(opened, config)
        except _Transient as failure:
            raise ProviderUnavailable(
                f"model provider failed mid-reply ({failure.reason}); try again later",
                failure.retry_after or DEFAULT_RETRY_AFTER,
            ) from None
        if delta is None:
            return
        yield delta


async def _next_delta(opened: _Opened, config: ModelConfig) -> str | None:
    """The next non-empty text delta, or None at the end of the stream."""
    while True:
        chunk = await _bounded(opened.model, config, anext(opened.chunks, None))
        if chunk is None:
            return None
        choices = getattr(chunk, "choices", None) or []
        content = getattr(choices[0].delta, "content", None) if choices else None
        if isinstance(content, str) and content:
            return content


# --- retries and errors ---------------------------------------------------------------------


async def _aretry(config: ModelConfig, attempt: Callable[[], Awaitable[T]]) -> T:
    async for tries in AsyncRetrying(
        stop=stop_after_attempt(config.max_retries + 1),
        wait=_wait(config),
        retry=retry_if_exception_type(_Transient),
        before_sleep=_log_retry,
        reraise=True,
    ):
        with tries:
            return await attempt()
    raise AssertionError("unreachable: tenacity reraises the last failure")


def _retry(config: ModelConfig, attempt: Callable[[], T]) -> T:
    retrying = Retrying(
        stop=stop_after_attempt(config.max_retries + 1),
        wait=_wait(config),
        retry=retry_if_exception_type(_Transient),
        before_sleep=_log_retry,
        reraise=True,
    )
    return retrying(attempt)


def _wait(config: ModelConfig) -> Callable[[RetryCallState], float]:
    """`backoff` doubling per retry plus up to `backoff` of jitter, at least the provider's
    Retry-After, at most `max_backoff` (tenacity's `wait_exponential_jitter`, without its
    deprecated `initial` warning on every call)."""

    def wait(state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome else None
        asked = failure.retry_after if isinstance(failure, _Transient) else None
        doubled = config.backoff * 2.0 ** min(state.attempt_number - 1, 64)
        jittered = doubled + random.uniform(0, config.backoff)
        return min(max(jittered, float(asked or 0)), config.max_backoff)

    return wait


def _log_retry(state: RetryCallState) -> None:
    failure = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.info("attempt %d failed (%s); retrying in %.2f s", state.attempt_number, failure, wait)


def _classify(exc: Exception, model: str, config: ModelConfig) -> Exception:
    """A transient failure to retry, or a `ProviderRejected` to raise: by type and status only."""
    if isinstance(exc, _Transient | ProviderRejected):
        return exc
    lib = _litellm()
    if isinstance(exc, TimeoutError | lib.Timeout):
        return _Transient(f"{model} timed out after {config.timeout:g} s")
    if isinstance(exc, lib.APIConnectionError):
        return _Transient(f"could not reach {model}")
    status = getattr(exc, "status_code", None)
    if isinstance(status, int) and (status in TRANSIENT_STATUSES or status >= 500):
        return _Transient(f"{model} answered HTTP {status}", _retry_after(exc))
    if isinstance(status, int) and 400 <= status < 500:
        kind = ParametersRejected if status in (400, 422) else ProviderRejected
        hint = _REJECTIONS.get(status, "the provider refused the request")
        return kind(f"model {model} rejected the request (HTTP {status}): {hint}")
    log.warning("unexpected failure from model %s", model, exc_info=exc)
    return ProviderRejected(f"model {model} failed unexpectedly ({type(exc).__name__})")


def _retry_after(exc: Exception) -> int | None:
    """Seconds from a Retry-After (or retry-after-ms) header on the provider's answer."""
    headers = getattr(exc, "litellm_response_headers", None)
    if not headers:
        headers = getattr(getattr(exc, "response", None), "headers", None)
    if not headers:
        return None
    if millis := headers.get("retry-after-ms"):
        return _seconds(str(millis), scale=1000)
    value = headers.get("retry-after")
    return _seconds(str(value)) if value else None


def _seconds(value: str, scale: float = 1.0) -> int | None:
    try:
        return max(0, math.ceil(float(value) / scale))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, math.ceil((when - datetime.now(UTC)).total_seconds()))


# --- JSON replies ---------------------------------------------------------------------------


def _schema_format(schema: type[BaseModel]) -> dict[str, Any]:
    spec = {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}
    return {"type": "json_schema", "json_schema": spec}


def _with_json_instruction(messages: Messages, schema: type[BaseModel]) -> list[dict[str, str]]:
    rules = f"Answer with one JSON object matching this JSON Schema:\n{schema.model_json_schema()}"
    framed = [dict(message) for message in messages]
    if framed and framed[0].get("role") == "system":
        framed[0]["content"] = f"{framed[0].get('content', '')}\n\n{rules}"
        return framed
    return [{"role": "system", "content": rules}, *framed]


_FENCE: Final = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def _parse(text: str, schema: type[Schema], model: str) -> Schema:
    fenced = _FENCE.match(text)
    try:
        return schema.model_validate_json(fenced.group(1) if fenced else text)
    except ValidationError as exc:
        raise ProviderRejected(
            f"model {model} answered with JSON that is not a valid {schema.__name__} "
            f"({exc.error_count()} problems)"
        ) from None


# --- litellm, lazily, and the offline provider ----------------------------------------------


def _provider(model: str) -> str:
    return model.split("/", 1)[0] if "/" in model else "openai"


def _is_custom(model: str) -> bool:
    provider = _provider(model)
    return any(item["provider"] == provider for item in _litellm().custom_provider_map)


@functools.cache
def _priced(model: str) -> None:
    """Give litellm a (zero) price for a model its cost map does not have, once per process.

    litellm prices every response. For a model missing from its cost map (a self-hosted or
    OpenAI-compatible model, a new name) it searches the map for a close match and builds a
    zero-cost diagnostic on every call: about a fifth of its work per call (docs/performance.md).
    Registered, the lookup is as quick as for a known model. We never use litellm's cost: it
    would report 0.0 for such a model instead of no price. Models it can price are left alone.
    """
    if _is_custom(model):
        return
    lib = _litellm()
    if model in lib.model_cost or model.split("/", 1)[-1] in lib.model_cost:
        return
    price = {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0,
             "cache_creation_input_token_cost": 0.0, "cache_read_input_token_cost": 0.0,
             "litellm_provider": _provider(model), "mode": "chat"}
    lib.register_model({model: price}, add_to_provider_model_sets=False)


@functools.cache
def _worker() -> ThreadPoolExecutor:
    """Threads for sync calls to in-process providers, so their timeout can be enforced."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="roleplay-llm")


async def _import_off_the_loop() -> None:
    """The first async call imports litellm (~3 s) in a thread, so a server's event loop keeps
    answering other requests meanwhile; later calls find it imported."""
    if _litellm.cache_info().currsize == 0:
        await asyncio.to_thread(_litellm)


@functools.cache
def _litellm() -> Any:
    """litellm, imported on first use, with the offline provider registered once."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    litellm.suppress_debug_info = True
    others = [item for item in litellm.custom_provider_map if item["provider"] != OFFLINE_PROVIDER]
    offline: Any = {"provider": OFFLINE_PROVIDER, "custom_handler": _offline_handler()}
    litellm.custom_provider_map = [*others, offline]
    _remember_access_redaction()
    _freeze_imported_objects()
    return litellm


ACCESS_LOGGER: Final = "uvicorn.access"
_REMEMBERED_ARGUMENTS: Final = 4096


class _RememberedRedaction(logging.Filter):
    """litellm's secret redaction of an access line, done once per distinct argument.

    Importing litellm adds a filter to `uvicorn.access` that scrubs credentials from each
    access line's arguments (client, method, request target, HTTP version), one at a time,
    with a large regular expression run two or three times per argument: about 1 M
    instructions per request, more than a twentieth of a turn's own work. A server sees the
    same few arguments again and again (a session's path, a connection's address, `POST`),
    so the scrubbed form of each is remembered; a new one is scrubbed by litellm's own filter.
    The lines written are the ones litellm's filter alone would write.
    """

    def __init__(self, redaction: logging.Filter) -> None:
        super().__init__()
        self.redaction = redaction
        self.scrubbed: dict[str, object] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not isinstance(args, tuple) or not args:
            return bool(self.redaction.filter(record))
        record.args = tuple(self._scrubbed(arg) if isinstance(arg, str) else arg for arg in args)
        return True

    def _scrubbed(self, arg: str) -> object:
        done = self.scrubbed.get(arg)
        if done is None:
            alone = logging.LogRecord(ACCESS_LOGGER, logging.INFO, "", 0, "%s", (arg,), None)
            self.redaction.filter(alone)
            done = alone.args[0] if isinstance(alone.args, tuple) and alone.args else arg
            if len(self.scrubbed) >= _REMEMBERED_ARGUMENTS:
                self.scrubbed.clear()
            self.scrubbed[arg] = done
        return done


def _remember_access_redaction() -> None:
    """Wrap litellm's redaction filter on the access log in `_RememberedRedaction` (once)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    for index, found in enumerate(logger.filters):
        if isinstance(found, logging.Filter) and type(found).__name__ == "AccessLogRedactionFilter":
            logger.filters[index] = _RememberedRedaction(found)


def _freeze_imported_objects() -> None:
    """Move every object alive now (litellm's ~400k: modules, classes, its model cost map) out
    of the garbage collector's reach, so a full collection no longer walks them (~0.3 s each on
    the server's event loop, ~0.03 s once frozen). They live as long as the process anyway;
    garbage is collected first, so only live objects are frozen (process-wide, once)."""
    gc.collect()
    gc.freeze()


_WORD: Final = re.compile(r"\s*\S+|\s+$")


def words(text: str) -> list[str]:
    """Word-sized stream chunks that join back into the text exactly."""
    return _WORD.findall(text)


def _offline_handler() -> Any:
    from litellm import ModelResponse
    from litellm.llms.custom_llm import CustomLLM
    from litellm.types.utils import Choices, GenericStreamingChunk, Message

    def reply(kwargs: dict[str, Any]) -> str:
        from roleplay.offline import voice

        seed = (kwargs.get("optional_params") or {}).get("seed")
        return voice([dict(message) for message in kwargs["messages"]], seed)

    def response(kwargs: dict[str, Any]) -> ModelResponse:
        message = Message(content=reply(kwargs), role="assistant")
        choice = Choices(message=message, finish_reason="stop", index=0)
        return ModelResponse(model=kwargs.get("model", OFFLINE_MODEL), choices=[choice])

    def chunks(kwargs: dict[str, Any]) -> Iterator[GenericStreamingChunk]:
        pieces = words(reply(kwargs)) or [""]
        for number, piece in enumerate(pieces, start=1):
            last = number == len(pieces)
            yield GenericStreamingChunk(
                text=piece, tool_use=None, is_finished=last,
                finish_reason="stop" if last else "", usage=None, index=0,
            )

    class OfflineProspect(CustomLLM):
        """The prospect's voice from the prompt alone: `roleplay.offline.voice`."""

        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            return response(kwargs)

        async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            return response(kwargs)

        def streaming(self, *args: Any, **kwargs: Any) -> Iterator[GenericStreamingChunk]:
            yield from chunks(kwargs)

        async def astreaming(  # type: ignore[override]  # litellm iterates the generator itself
            self, *args: Any, **kwargs: Any
        ) -> AsyncIterator[GenericStreamingChunk]:
            for chunk in chunks(kwargs):
                yield chunk

    return OfflineProspect()

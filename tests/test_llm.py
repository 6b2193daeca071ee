"""The litellm path: an OpenAI-compatible endpoint faked with respx, a slow stub server on
127.0.0.1 for real timeouts, scripted in-process providers, and the offline provider."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import warnings
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import respx
from pydantic import BaseModel

from roleplay import llm
from roleplay.config import OFFLINE_MODEL, Settings
from roleplay.errors import ProviderRejected, ProviderUnavailable
from roleplay.llm import ModelConfig, ParametersRejected

URL = "http://llm.test/v1/chat/completions"
QUICK = ModelConfig(backoff=0.001, max_backoff=0.005)
"""Tiny backoff, so retries cost milliseconds."""
CONFIG = replace(QUICK, model="openai/gpt-4o-mini", api_base="http://llm.test/v1", timeout=2.0)
MESSAGES = [
    {"role": "system", "content": "You are Dana Whitfield, operations director at Northwind."},
    {"role": "user", "content": "Hi Dana, this is Sam from Acme. Did I catch you at a bad time?"},
]


@pytest.fixture(autouse=True)
def litellm_offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """litellm imported through `llm`, its async HTTP on httpx (so respx sees it), a dummy key."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    llm.ensure_ready()
    import litellm

    monkeypatch.setattr(litellm, "disable_aiohttp_transport", True)
    yield litellm


def reply(text: str, model: str = "gpt-4o-mini") -> httpx.Response:
    return httpx.Response(200, json={
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": text}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    })


def sse(*deltas: str) -> httpx.Response:
    def event(delta: dict[str, str], finish: str | None = None) -> str:
        chunk = {"id": "c", "object": "chat.completion.chunk", "created": 1,
                 "model": "gpt-4o-mini",
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk)}\n\n"

    body = event({"role": "assistant", "content": ""})
    body += "".join(event({"content": delta}) for delta in deltas)
    body += event({}, "stop") + "data: [DONE]\n\n"
    return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})


def failure(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": "nope", "type": "x"}}, headers=headers)


def sent(route: respx.Route, index: int = -1) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(route.calls[index].request.content)
    return body


# --- the OpenAI-compatible path ---------------------------------------------------------------


@respx.mock
def test_sync_call_sends_model_seed_and_messages() -> None:
    route = respx.post(URL).mock(return_value=reply("Who is this?"))
    assert llm.complete(MESSAGES, CONFIG, seed=7, temperature=0.4) == "Who is this?"
    body = sent(route)
    assert (body["model"], body["seed"], body["temperature"]) == ("gpt-4o-mini", 7, 0.4)
    assert body["messages"] == MESSAGES


@respx.mock
async def test_async_call() -> None:
    route = respx.post(URL).mock(return_value=reply("Make it quick."))
    assert await llm.acomplete(MESSAGES, CONFIG, seed=1) == "Make it quick."
    assert route.call_count == 1


@respx.mock
async def test_streaming_yields_deltas() -> None:
    respx.post(URL).mock(return_value=sse("Make", " it", " quick."))
    deltas = [delta async for delta in llm.astream(MESSAGES, CONFIG, seed=1)]
    assert deltas == ["Make", " it", " quick."]


@respx.mock
@pytest.mark.parametrize("status", [429, 500, 503])
async def test_transient_failures_are_retried_then_succeed(status: int) -> None:
    route = respx.post(URL)
    route.side_effect = [failure(status), failure(status), reply("Fine, go on.")]
    assert await llm.acomplete(MESSAGES, CONFIG) == "Fine, go on."
    assert route.call_count == 3


@respx.mock
def test_sync_retries_too() -> None:
    route = respx.post(URL)
    route.side_effect = [failure(429), reply("Go on.")]
    assert llm.complete(MESSAGES, CONFIG) == "Go on."
    assert route.call_count == 2


@respx.mock
async def test_connection_errors_are_retried() -> None:
    route = respx.post(URL)
    route.side_effect = [httpx.ConnectError("refused"), reply("Hello?")]
    assert await llm.acomplete(MESSAGES, CONFIG) == "Hello?"
    assert route.call_count == 2


@respx.mock
@pytest.mark.parametrize(("status", "error"), [
    (401, ProviderRejected), (403, ProviderRejected), (404, ProviderRejected),
    (400, ParametersRejected),
])
async def test_rejections_are_not_retried(status: int, error: type[Exception]) -> None:
    route = respx.post(URL).mock(return_value=failure(status))
    with pytest.raises(error) as caught:
        await llm.acomplete(MESSAGES, CONFIG)
    assert route.call_count == 1
    assert f"HTTP {status}" in str(caught.value)
    assert "\n" not in str(caught.value)


@respx.mock
async def test_a_rejection_skips_the_fallbacks() -> None:
    route = respx.post(URL).mock(return_value=failure(401))
    config = replace(CONFIG, fallbacks=("openai/gpt-4o",))
    with pytest.raises(ProviderRejected):
        await llm.acomplete(MESSAGES, config)
    assert route.call_count == 1


@respx.mock
async def test_exhausted_retries_raise_provider_unavailable_with_retry_after() -> None:
    route = respx.post(URL).mock(return_value=failure(429, **{"Retry-After": "7"}))
    with pytest.raises(ProviderUnavailable) as caught:
        await llm.acomplete(MESSAGES, CONFIG)
    assert route.call_count == CONFIG.max_retries + 1
    assert caught.value.retry_after == 7
    assert "HTTP 429" in str(caught.value)
    assert "\n" not in str(caught.value)


@respx.mock
def test_sync_exhaustion_without_retry_after_uses_the_default() -> None:
    respx.post(URL).mock(return_value=failure(502))
    with pytest.raises(ProviderUnavailable) as caught:
        llm.complete(MESSAGES, CONFIG)
    assert caught.value.retry_after == llm.DEFAULT_RETRY_AFTER


class Attempt:
    """The two things the wait reads from tenacity's RetryCallState."""

    def __init__(self, number: int, failure: Exception | None = None) -> None:
        self.attempt_number = number
        self.outcome: Future[None] | None = None
        if failure is not None:
            self.outcome = Future()
            self.outcome.set_exception(failure)


def test_the_wait_doubles_with_jitter_honours_retry_after_and_is_capped() -> None:
    config = ModelConfig(backoff=0.5, max_backoff=10.0)
    wait = llm._wait(config)
    for number, low in ((1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0)):
        waits = [wait(Attempt(number)) for _ in range(200)]  # type: ignore[arg-type]
        assert all(low <= w <= low + config.backoff for w in waits)
        assert len(set(waits)) > 1
    assert wait(Attempt(9)) == config.max_backoff  # type: ignore[arg-type]
    asked = Attempt(1, llm._Transient("busy", retry_after=7))
    assert wait(asked) == 7  # type: ignore[arg-type]
    assert wait(Attempt(1, llm._Transient("busy", retry_after=60))) == 10  # type: ignore[arg-type]


@respx.mock
async def test_a_call_raises_no_deprecation_warning() -> None:
    respx.post(URL).mock(return_value=reply("Hello?"))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        assert await llm.acomplete(MESSAGES, CONFIG) == "Hello?"


@respx.mock
async def test_fallback_model_answers_after_the_primary_is_exhausted() -> None:
    def by_model(request: httpx.Request) -> httpx.Response:
        model = json.loads(request.content)["model"]
        return reply("Fallback here.", model) if model == "gpt-4o" else failure(503)

    route = respx.post(URL).mock(side_effect=by_model)
    config = replace(CONFIG, fallbacks=("openai/gpt-4o",))
    assert await llm.acomplete(MESSAGES, config) == "Fallback here."
    models = [json.loads(call.request.content)["model"] for call in route.calls]
    assert models == ["gpt-4o-mini"] * 3 + ["gpt-4o"]


@respx.mock
async def test_every_model_failing_names_each_in_one_line() -> None:
    respx.post(URL).mock(return_value=failure(500))
    config = replace(CONFIG, fallbacks=("openai/gpt-4o",), max_retries=0)
    with pytest.raises(ProviderUnavailable) as caught:
        await llm.acomplete(MESSAGES, config)
    assert "gpt-4o-mini answered HTTP 500" in str(caught.value)
    assert "openai/gpt-4o answered HTTP 500" in str(caught.value)


@respx.mock
async def test_stream_retries_and_falls_back_before_the_first_delta() -> None:
    route = respx.post(URL)
    route.side_effect = [failure(500), sse("Still", " here.")]
    deltas = [delta async for delta in llm.astream(MESSAGES, CONFIG)]
    assert deltas == ["Still", " here."]
    assert route.call_count == 2


class Verdict(BaseModel):
    score: int
    reason: str


@respx.mock
async def test_json_schema_reply_is_validated() -> None:
    route = respx.post(URL).mock(return_value=reply('{"score": 3, "reason": "asked first"}'))
    verdict = await llm.acomplete_json(MESSAGES, CONFIG, Verdict)
    assert verdict == Verdict(score=3, reason="asked first")
    body = sent(route)
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["score", "reason"]


@respx.mock
async def test_json_schema_refused_falls_back_to_json_object() -> None:
    def schema_refused(request: httpx.Request) -> httpx.Response:
        kind = json.loads(request.content)["response_format"]["type"]
        return failure(400) if kind == "json_schema" else reply(
            '```json\n{"score": 2, "reason": "pitched early"}\n```')

    route = respx.post(URL).mock(side_effect=schema_refused)
    verdict = await llm.acomplete_json(MESSAGES, CONFIG, Verdict)
    assert verdict.score == 2
    kinds = [json.loads(c.request.content)["response_format"]["type"] for c in route.calls]
    assert kinds == ["json_schema", "json_object"]
    assert "JSON" in sent(route)["messages"][0]["content"]


@respx.mock
async def test_json_that_does_not_fit_the_schema_is_rejected() -> None:
    respx.post(URL).mock(return_value=reply('{"score": "high"}'))
    with pytest.raises(ProviderRejected, match="not a valid Verdict"):
        await llm.acomplete_json(MESSAGES, CONFIG, Verdict)


# --- real timeouts against a slow server on 127.0.0.1 -----------------------------------------


class SlowServer(ThreadingHTTPServer):
    daemon_threads = True
    requests = 0
    delay = 1.0


class SlowHandler(BaseHTTPRequestHandler):
    server: SlowServer

    def do_POST(self) -> None:
        self.server.requests += 1
        self.rfile.read(int(self.headers.get("content-length", 0)))
        threading.Event().wait(self.server.delay)
        try:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(reply("too late").content)
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[SlowServer]:
    server = SlowServer(("127.0.0.1", 0), SlowHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def slow_config(server: SlowServer) -> ModelConfig:
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return replace(QUICK, model="openai/slow", api_base=base, timeout=0.2, max_retries=1)


async def test_a_slow_provider_times_out_is_retried_then_fails_cleanly(
    slow_server: SlowServer,
) -> None:
    with pytest.raises(ProviderUnavailable, match=r"timed out after 0\.2 s"):
        await llm.acomplete(MESSAGES, slow_config(slow_server))
    assert slow_server.requests == 2


def test_a_slow_provider_times_out_in_sync_calls_too(slow_server: SlowServer) -> None:
    with pytest.raises(ProviderUnavailable, match="timed out"):
        llm.complete(MESSAGES, slow_config(slow_server))
    assert slow_server.requests == 2


# --- in-process (custom) providers: timeouts we enforce ourselves -----------------------------


class Scripted:
    """A litellm custom provider that hangs, or streams one word and then fails."""

    def __init__(self) -> None:
        self.calls = 0
        self.release = threading.Event()

    def handler(self, litellm: Any) -> Any:
        from litellm.llms.custom_llm import CustomLLM
        from litellm.types.utils import GenericStreamingChunk

        script = self

        class Handler(CustomLLM):
            def completion(self, *args: Any, **kwargs: Any) -> Any:
                script.calls += 1
                script.release.wait(5)
                return litellm.completion(model="gpt-4o-mini", messages=kwargs["messages"],
                                          mock_response="late")

            async def acompletion(self, *args: Any, **kwargs: Any) -> Any:
                script.calls += 1
                await asyncio.sleep(5)

            async def astreaming(  # type: ignore[override]
                self, *args: Any, **kwargs: Any
            ) -> AsyncIterator[GenericStreamingChunk]:
                script.calls += 1
                yield GenericStreamingChunk(text="Well", tool_use=None, is_finished=False,
                                            finish_reason="", usage=None, index=0)
                raise litellm.ServiceUnavailableError("down", "scripted", "broken")

        return Handler()


@pytest.fixture
def scripted(litellm_offline: Any) -> Iterator[Scripted]:
    script = Scripted()
    entry = {"provider": "scripted", "custom_handler": script.handler(litellm_offline)}
    litellm_offline.custom_provider_map.append(entry)
    yield script
    script.release.set()
    litellm_offline.custom_provider_map.remove(entry)


HANGING = replace(QUICK, model="scripted/hang", timeout=0.05, max_retries=1)


async def test_an_in_process_provider_cannot_outlast_the_timeout(scripted: Scripted) -> None:
    with pytest.raises(ProviderUnavailable, match=r"scripted/hang timed out after 0\.05 s"):
        await llm.acomplete(MESSAGES, HANGING)
    assert scripted.calls == 2


def test_an_in_process_provider_is_bounded_in_sync_calls(scripted: Scripted) -> None:
    with pytest.raises(ProviderUnavailable, match="timed out"):
        llm.complete(MESSAGES, HANGING)
    assert scripted.calls == 2


async def test_a_stream_failing_after_its_first_delta_is_not_retried(scripted: Scripted) -> None:
    deltas: list[str] = []
    with pytest.raises(ProviderUnavailable, match="mid-reply"):
        async for delta in llm.astream(MESSAGES, HANGING):
            deltas.append(delta)
    assert deltas == ["Well"]
    assert scripted.calls == 1


# --- the offline provider ---------------------------------------------------------------------


OFFLINE = ModelConfig()


def test_offline_is_the_default_model() -> None:
    assert OFFLINE.model == OFFLINE_MODEL == "roleplay/offline"


def test_offline_sync_and_async_agree_for_a_seed() -> None:
    text = llm.complete(MESSAGES, OFFLINE, seed=3)
    assert text
    assert asyncio.run(llm.acomplete(MESSAGES, OFFLINE, seed=3)) == text
    assert llm.complete(MESSAGES, OFFLINE, seed=3) == text


def test_offline_replies_vary_with_the_seed() -> None:
    replies = {llm.complete(MESSAGES, OFFLINE, seed=seed) for seed in range(12)}
    assert len(replies) > 1


async def test_offline_streams_word_sized_chunks_of_the_same_reply() -> None:
    deltas = [delta async for delta in llm.astream(MESSAGES, OFFLINE, seed=5)]
    assert "".join(deltas) == await llm.acomplete(MESSAGES, OFFLINE, seed=5)
    assert len(deltas) > 1
    assert all(len(delta.split()) == 1 for delta in deltas)


async def test_offline_ignores_the_api_base_meant_for_the_primary_provider() -> None:
    config = replace(QUICK, api_base="http://llm.test/v1")
    assert config.api_base_for(OFFLINE_MODEL) is None
    assert await llm.acomplete(MESSAGES, config, seed=1)


@pytest.mark.parametrize(("text", "chunks"), [
    ("Make it quick.", ["Make", " it", " quick."]),
    ("  Two  spaces ", ["  Two", "  spaces", " "]),
    ("", []),
])
def test_words_join_back_exactly(text: str, chunks: list[str]) -> None:
    assert llm.words(text) == chunks
    assert "".join(llm.words(text)) == text


# --- configuration ----------------------------------------------------------------------------


def test_config_from_settings() -> None:
    settings = Settings(model="openai/a", api_base="http://h/v1", fallback_models="openai/b, x/c",
                        judge_model="openai/judge", timeout=9, max_retries=4)
    config = ModelConfig.from_settings(settings)
    assert config.models == ("openai/a", "openai/b", "x/c")
    assert (config.timeout, config.max_retries) == (9, 4)
    assert config.api_base_for("openai/b") == "http://h/v1"
    assert config.api_base_for("x/c") is None
    judge = ModelConfig.judge_from_settings(settings)
    assert judge is not None and judge.models == ("openai/judge",)
    assert ModelConfig.judge_from_settings(Settings()) is None


def test_importing_llm_does_not_import_litellm() -> None:
    code = "import sys, roleplay.llm; sys.exit('litellm' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def in_a_fresh_process(code: str) -> int:
    """Exit code of `code` run by a new Python (litellm not yet imported, no price download)."""
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    return subprocess.run([sys.executable, "-c", code], env=env, check=False).returncode


def test_litellm_objects_are_frozen_out_of_garbage_collection_after_the_import() -> None:
    code = (
        "import gc, sys, roleplay.llm as llm\n"
        "before = gc.get_freeze_count()\n"
        "llm.ensure_ready()\n"
        "import litellm\n"
        "walked = any(item is litellm.model_cost for item in gc.get_objects())\n"
        "sys.exit(0 if before == 0 and gc.get_freeze_count() > 100_000 and not walked else 1)\n"
    )
    assert in_a_fresh_process(code) == 0


def test_the_first_async_call_imports_litellm_off_the_event_loop() -> None:
    """A server's first turn must not stall every other request for the ~3 s import."""
    code = (
        "import asyncio, sys, threading, roleplay.llm as llm\n"
        "seen = []\n"
        "real = llm._litellm\n"
        "def spy():\n"
        "    seen.append(threading.current_thread() is threading.main_thread())\n"
        "    return real()\n"
        "spy.cache_info = real.cache_info\n"
        "llm._litellm = spy\n"
        "messages = [{'role': 'system', 'content': 'You are Sam.'},"
        " {'role': 'user', 'content': 'hello'}]\n"
        "reply = asyncio.run(llm.acomplete(messages, llm.ModelConfig()))\n"
        "sys.exit(0 if reply and seen and seen[0] is False else 1)\n"
    )
    assert in_a_fresh_process(code) == 0

"""OpenAI-compatible endpoints, so the official SDKs and chat UIs can play a persona unchanged.

    GET  /v1/models             every persona, as OpenAI models (id = persona id)
    GET  /v1/models/{id}        one of them
    POST /v1/chat/completions   `model` = persona id; user messages are the rep, assistant
                                messages the prospect; system messages are ignored (the
                                persona is ours). Plain or `stream: true` (chat.completion.chunk
                                events ending with `data: [DONE]`).

Nothing is stored: the prospect's state is rebuilt by replaying the earlier messages through the
engine (each earlier assistant message is taken as what the prospect said), then the last user
message is voiced (long conversations are replayed in a worker thread). Every message's text
is cleaned like a turn's (`api.text`); a rep message over `max_turn_chars`, or a conversation
over `max_transcript_chars` in all, is a 413. A conversation whose
call already ended (the prospect hung up or agreed a next step) is a 409. Errors are
problem+json like everywhere else, with an extra OpenAI-style `error` member
({message, type, code}) so OpenAI clients show the message.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

import anyio.to_thread
from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from roleplay import conversation
from roleplay.api import text
from roleplay.api.auth import CurrentCaller
from roleplay.api.deps import ModelConfigDep, PersonasDep, SettingsDep, pick_persona
from roleplay.api.limits import check_size
from roleplay.api.problems import openai_error, problem_responses
from roleplay.api.recording import TurnLimitReached, check_length
from roleplay.config import Settings
from roleplay.errors import InputError, RoleplayError
from roleplay.personas import Persona

THREAD_MESSAGES = 40
"""Longer conversations are replayed through the engine in a worker thread."""
THREAD_CHARS = 4_000
"""So are conversations with more characters than this."""

router = APIRouter(tags=["openai"], responses=problem_responses(401, 404, 409, 422, 429, 502, 503))


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "roleplay"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's words, cleaned like a turn's (`api.text.clean`)."""
        if isinstance(self.content, list):
            return text.clean("".join(str(part.get("text", "")) for part in self.content))
        return text.clean(self.content or "")


class ChatRequest(BaseModel):
    """OpenAI's chat completion request; sampling options are accepted and ignored."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={"example": {"model": "skeptical_cfo", "messages": [
            {"role": "user", "content": "Hi, it's Sam from Acme. Is now a bad time?"}]}},
    )

    model: str = Field(description="a persona id (see GET /v1/models)")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    seed: int | None = Field(None, description="picks the opening line and the offline voice")


class ChatChoice(BaseModel):
    index: int = 0
    message: dict[str, str]
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoice]
    usage: dict[str, int] = Field(
        default_factory=lambda: {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    )


@router.get("/models", response_model=ModelList, summary="Personas as OpenAI models")
async def list_models(personas: PersonasDep, caller: CurrentCaller) -> ModelList:
    return ModelList(data=[ModelCard(id=pid) for pid in sorted(personas)])


@router.get("/models/{model_id}", response_model=ModelCard, summary="One persona as a model")
async def get_model(model_id: str, personas: PersonasDep, caller: CurrentCaller) -> ModelCard:
    return ModelCard(id=pick_persona(personas, model_id).id)


@router.post(
    "/chat/completions", response_model=ChatCompletion, summary="Play a persona (OpenAI format)",
    responses={200: {"content": {"text/event-stream": {}},
                     "description": "with `stream: true`: chat.completion.chunk events, then "
                                    "`data: [DONE]`"}},
)
async def chat_completions(
    body: ChatRequest, personas: PersonasDep, config: ModelConfigDep, settings: SettingsDep,
    caller: CurrentCaller,
) -> Any:
    persona = pick_persona(personas, body.model)
    if sum(1 for m in body.messages if m.role == "user") > settings.max_turns_per_session:
        raise TurnLimitReached(
            f"more than {settings.max_turns_per_session} rep messages; start a new conversation"
        )
    check_messages(body.messages, settings)
    if len(body.messages) > THREAD_MESSAGES or _chars(body.messages) > THREAD_CHARS:
        state, last = await anyio.to_thread.run_sync(replay, persona, body.messages, body.seed or 0)
    else:
        state, last = replay(persona, body.messages, body.seed or 0)
    if body.stream:
        return await _streamed(persona, state, last, config)
    outcome = await conversation.take_turn(persona, state, last, config)
    return ChatCompletion(
        id=_completion_id(), created=int(time.time()), model=persona.id,
        choices=[ChatChoice(message={"role": "assistant", "content": outcome.prospect.text})],
    )


def check_messages(messages: list[ChatMessage], settings: Settings) -> None:
    """413 for a rep message over `max_turn_chars` or a conversation over the size limits
    (`limits.check_size`), before any of it is replayed."""
    texts = [message.text() for message in messages]
    check_size(texts, settings, "conversation")
    for message, said in zip(messages, texts, strict=True):
        if message.role == "user":
            check_length(said, settings)


def _chars(messages: list[ChatMessage]) -> int:
    return sum(len(message.text()) for message in messages)


def replay(
    persona: Persona, messages: list[ChatMessage], seed: int
) -> tuple[conversation.SessionState, str]:
    """The session after every message but the last user one, and that last user message."""
    turns = _turns(messages)
    if not turns or turns[-1][0] != "user":
        raise InputError("the last message must be the rep's (role 'user')")
    state = conversation.start_session(persona, seed)
    if turns[0][0] == "assistant":
        state = _with_opening(state, turns.pop(0)[1])
    for (_, rep), (_, prospect) in zip(turns[:-1:2], turns[1:-1:2], strict=True):
        prepared = conversation.prepare(persona, state, rep)
        state = conversation.finish(prepared, prospect, []).session
    return state, turns[-1][1]


def _turns(messages: list[ChatMessage]) -> list[tuple[str, str]]:
    """user/assistant messages in order, consecutive ones of the same role merged."""
    turns: list[tuple[str, str]] = []
    for message in messages:
        if message.role not in ("user", "assistant") or not message.text().strip():
            continue
        if turns and turns[-1][0] == message.role:
            turns[-1] = (message.role, f"{turns[-1][1]} {message.text().strip()}")
        else:
            turns.append((message.role, message.text().strip()))
    return turns


def _with_opening(state: conversation.SessionState, text: str) -> conversation.SessionState:
    opening = state.turns[0].model_copy(update={"text": text})
    return state.model_copy(update={"turns": [opening]})


def _completion_id() -> str:
    return "chatcmpl-" + uuid.uuid4().hex


async def _streamed(
    persona: Persona, state: conversation.SessionState, text: str, config: Any
) -> StreamingResponse:
    """Pull the first piece before answering, so a provider failure is still a 503 problem."""
    pieces = conversation.stream_turn(persona, state, text, config)
    first = await anext(pieces)
    chunks = _chunks(first, pieces, _completion_id(), int(time.time()), persona.id)
    return StreamingResponse(chunks, media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})


async def _chunks(
    first: str | conversation.TurnOutcome,
    rest: AsyncIterator[str | conversation.TurnOutcome],
    completion_id: str, created: int, model: str,
) -> AsyncIterator[str]:
    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        body = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(body)}\n\n"

    yield chunk({"role": "assistant", "content": ""})
    if isinstance(first, str):
        yield chunk({"content": first})
    try:
        async for piece in rest:
            if isinstance(piece, str):
                yield chunk({"content": piece})
    except RoleplayError as exc:  # mid-stream: OpenAI clients raise on an `error` chunk
        yield f"data: {json.dumps({'error': openai_error(exc.status, exc.title, str(exc))})}\n\n"
        return
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"

"""The official openai SDK, unchanged, lists personas and chats with one, plain and streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import openai
import pytest
from api_support import OPENER, PERSONA, PROBE, PROBLEM, Api, running


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running(tmp_path) as api:
        yield api


@pytest.fixture
async def sdk(api: Api) -> AsyncIterator[openai.AsyncOpenAI]:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app))
    async with openai.AsyncOpenAI(
        base_url="http://test/v1", api_key="not-needed-locally", http_client=http, max_retries=0
    ) as client:
        yield client


async def test_the_sdk_lists_personas_as_models(sdk: openai.AsyncOpenAI, api: Api) -> None:
    models = [model.id async for model in sdk.models.list()]
    assert models == sorted(api.app.state.catalog.personas.items)
    assert PERSONA in models
    assert (await sdk.models.retrieve(PERSONA)).id == PERSONA
    with pytest.raises(openai.NotFoundError) as raised:
        await sdk.models.retrieve("nobody")
    assert "unknown persona 'nobody'" in str(raised.value)


async def test_the_sdk_chats_with_a_persona(sdk: openai.AsyncOpenAI) -> None:
    completion = await sdk.chat.completions.create(
        model=PERSONA, messages=[{"role": "user", "content": OPENER}], seed=3
    )
    reply = completion.choices[0].message
    assert reply.role == "assistant" and reply.content
    assert completion.choices[0].finish_reason == "stop"

    again = await sdk.chat.completions.create(
        model=PERSONA, seed=3, messages=[
            {"role": "system", "content": "ignored: the persona is the server's"},
            {"role": "user", "content": OPENER},
            {"role": "assistant", "content": reply.content},
            {"role": "user", "content": PROBE},
        ],
    )
    assert again.choices[0].message.content


async def test_the_sdk_streams_a_reply(sdk: openai.AsyncOpenAI) -> None:
    stream = await sdk.chat.completions.create(
        model=PERSONA, messages=[{"role": "user", "content": OPENER}], stream=True, seed=3
    )
    chunks = [chunk async for chunk in stream]
    assert all(chunk.object == "chat.completion.chunk" for chunk in chunks)
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert text.strip()
    assert chunks[-1].choices[0].finish_reason == "stop"

    plain = await sdk.chat.completions.create(
        model=PERSONA, messages=[{"role": "user", "content": OPENER}], seed=3
    )
    assert plain.choices[0].message.content == text


async def test_the_stream_ends_with_done(api: Api) -> None:
    body = {"model": PERSONA, "messages": [{"role": "user", "content": OPENER}], "stream": True}
    response = await api.client.post("/v1/chat/completions", json=body)
    assert response.text.rstrip().endswith("data: [DONE]")


async def test_an_unknown_model_is_a_404_the_sdk_understands(
    sdk: openai.AsyncOpenAI, api: Api
) -> None:
    with pytest.raises(openai.NotFoundError) as raised:
        await sdk.chat.completions.create(
            model="nobody", messages=[{"role": "user", "content": "hi"}]
        )
    assert "unknown persona 'nobody'" in str(raised.value)
    raw = await api.client.post(
        "/v1/chat/completions", json={"model": "nobody", "messages": [{"role": "user",
                                                                        "content": "hi"}]}
    )
    assert raw.headers["content-type"] == PROBLEM
    assert raw.json()["error"]["message"] == raw.json()["detail"]


async def test_the_last_message_must_be_the_reps(api: Api) -> None:
    body = {"model": PERSONA, "messages": [{"role": "assistant", "content": "Hello?"}]}
    response = await api.client.post("/v1/chat/completions", json=body)
    assert response.status_code == 400 and response.headers["content-type"] == PROBLEM


async def test_the_replayed_conversation_gets_the_same_reply_as_a_stored_session(
    api: Api, sdk: openai.AsyncOpenAI
) -> None:
    sid = await api.new_session()  # seed 3
    first = (await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": OPENER})).json()
    second = (await api.client.post(f"/v1/sessions/{sid}/turns", json={"text": PROBE})).json()
    opening = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"][0]["text"]

    completion = await sdk.chat.completions.create(
        model=PERSONA, seed=3, messages=[
            {"role": "assistant", "content": opening},
            {"role": "user", "content": OPENER},
            {"role": "assistant", "content": first["prospect"]["text"]},
            {"role": "user", "content": PROBE},
        ],
    )
    assert completion.choices[0].message.content == second["prospect"]["text"]

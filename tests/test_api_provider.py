"""A provider failure after retries: 503 problem with Retry-After, nothing recorded; the retry
with the same Idempotency-Key succeeds once the provider is back. The provider is a real
OpenAI-compatible endpoint mocked with respx, reached through litellm."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx
from api_support import OPENER, PROBLEM, completion, running

PROVIDER = "http://provider.test/v1"
pytestmark = pytest.mark.usefixtures("litellm_over_httpx")


async def test_provider_failure_is_a_503_and_the_retry_with_the_same_key_succeeds(
    tmp_path: Path,
) -> None:
    overrides = {"model": "openai/gpt-4o-mini", "api_base": PROVIDER, "max_retries": 0}
    async with running(tmp_path, **overrides) as api:
        sid = await api.new_session()
        key = {"Idempotency-Key": "turn-1"}
        with respx.mock(assert_all_called=True) as provider:
            route = provider.post(f"{PROVIDER}/chat/completions")
            route.mock(return_value=httpx.Response(500, json={"error": {"message": "down"}}))
            failed = await api.client.post(
                f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key
            )
            assert failed.status_code == 503
            assert failed.headers["content-type"] == PROBLEM
            assert int(failed.headers["retry-after"]) >= 1
            assert "traceback" not in failed.text.lower()
            turns = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
            assert len(turns) == 1

            route.mock(return_value=completion("Fine. You have two minutes."))
            retried = await api.client.post(
                f"/v1/sessions/{sid}/turns", json={"text": OPENER}, headers=key
            )
        assert retried.status_code == 200, retried.text
        assert retried.json()["prospect"]["text"] == "Fine. You have two minutes."
        turns = (await api.client.get(f"/v1/sessions/{sid}")).json()["turns"]
        assert [t["speaker"] for t in turns] == ["prospect", "rep", "prospect"]

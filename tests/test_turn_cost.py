"""What the per-turn path skips to stay cheap (docs/performance.md) keeps its results."""

from __future__ import annotations

from roleplay import conversation, llm
from roleplay.analysis import analyse_prospect


def test_a_model_litellm_cannot_price_is_registered_at_zero_once() -> None:
    lib = llm._litellm()
    model = "openai/roleplay-test-unpriced-model"
    assert model not in lib.model_cost
    llm._priced(model)
    entry = lib.model_cost[model]
    assert entry["input_cost_per_token"] == 0.0
    assert entry["output_cost_per_token"] == 0.0
    assert entry["litellm_provider"] == "openai"


def test_a_model_litellm_prices_and_the_offline_model_are_left_alone() -> None:
    lib = llm._litellm()
    known = "openai/gpt-4o-mini"
    assert known.split("/", 1)[1] in lib.model_cost
    before = dict(lib.model_cost[known.split("/", 1)[1]])
    llm._priced(known)
    llm._priced(llm.OFFLINE_MODEL)
    assert known not in lib.model_cost
    assert lib.model_cost[known.split("/", 1)[1]] == before
    assert llm.OFFLINE_MODEL not in lib.model_cost


def test_a_remembered_prospect_analysis_is_the_one_computed_afresh() -> None:
    for text in ("We already have a vendor for that.", "Sure, go ahead.",
                 "Honestly it's too expensive for us right now."):
        remembered = conversation.heard_prospect(text)
        assert remembered == analyse_prospect(text)
        assert conversation.heard_prospect(text) is remembered

"""`roleplay demo` and `roleplay chat` on the offline model: no key, no network."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import roleplay.cli.chat
import roleplay.cli.demo  # noqa: F401  (registers the commands)
from roleplay import llm
from roleplay.cli import app
from roleplay.errors import ProviderUnavailable
from roleplay.grading.rubrics import load_rubrics

REPO = Path(__file__).resolve().parent.parent
PERSONAS = sorted(p.stem for p in (REPO / "personas").glob("*.yaml"))
runner = CliRunner()


def test_demo_prints_a_poor_and_a_good_call_with_reasons() -> None:
    result = runner.invoke(app, ["demo"], terminal_width=100)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("Call 1: a poor call") < out.index("Call 2: a good call")
    poor, good = out.split("Call 2: a good call")
    assert "ran out of patience" in poor and "agreed a next step" in good
    assert "pitch_before_discovery" in poor and "good_question" in good
    assert "fact_shared" in good and "fact_shared" not in poor
    assert out.count("PROSPECT") >= 8 and "trust 0.15 ->" in out


@pytest.mark.parametrize("persona", PERSONAS)
def test_demo_runs_for_every_shipped_persona(persona: str) -> None:
    result = runner.invoke(app, ["demo", "--persona", persona, "--seed", "2"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert "Call 1" in result.output and "Call 2" in result.output


def test_demo_refuses_an_unknown_persona() -> None:
    result = runner.invoke(app, ["demo", "--persona", "nobody"])
    assert result.exit_code != 0
    assert "unknown persona 'nobody'" in str(result.exception)


def test_chat_answers_each_line_and_hangs_up_on_quit() -> None:
    lines = "hi rosa this is sam from brightline do you have a minute\n" \
            "how do you handle payroll today\n/quit\n"
    result = runner.invoke(app, ["chat", "bakery_owner", "--feedback"], input=lines,
                           terminal_width=100)
    assert result.exit_code == 0, result.output
    assert result.output.count("you> ") == 3
    assert result.output.count("PROSPECT") == 3
    assert "state: trust" in result.output and "you hung up" in result.output


def test_chat_without_feedback_hides_the_engine_and_ends_on_eof() -> None:
    result = runner.invoke(app, ["chat", "skeptical_cfo"], input="hello\n")
    assert result.exit_code == 0, result.output
    assert "state: trust" not in result.output
    assert result.output.count("PROSPECT") == 2


def test_chat_survives_a_provider_outage(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    async def flaky(messages: object, config: object, *, seed: int | None = None) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise ProviderUnavailable("model provider unavailable (timed out); try again later")
        return "Go on."

    monkeypatch.setattr(llm, "acomplete", flaky)
    result = runner.invoke(app, ["chat", "skeptical_cfo"], input="hello\nhello\n")
    assert result.exit_code == 0, result.output
    assert "the line went quiet" in result.output
    assert "Go on." in result.output


def test_demo_ends_each_call_with_a_scorecard() -> None:
    rubric = load_rubrics(REPO / "rubrics")["default"]
    result = runner.invoke(app, ["demo"], terminal_width=200)
    assert result.exit_code == 0, result.output
    poor, good = result.output.split("Call 2: a good call")
    scores = []
    for call in (poor, good):
        assert call.count("Scorecard (default): ") == 1
        card = call.split("Scorecard (default): ")[1]
        assert all(criterion.name in card for criterion in rubric.criteria)
        assert "PROSPECT" not in card and "Call over" not in card  # the call's last word
        scores.append(int(card.split("/100")[0]))
    assert scores[1] > scores[0]


def test_demo_without_a_default_rubric_says_so_before_playing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLEPLAY_RUBRICS_DIR", str(tmp_path))
    result = runner.invoke(app, ["demo"], terminal_width=100)
    assert result.exit_code != 0
    assert "unknown rubric 'default'" in str(result.exception)
    assert "Call 1" not in result.output


def test_the_demo_says_what_the_rep_learned_and_missed_in_plain_words() -> None:
    """The end of each call says in the facts' own words what the rep learned and missed, as
    `chat` does, not the facts' ids."""
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "What you missed (ask about it next time):" in result.output
    assert "What you learned:" in result.output
    summaries = [part.split("Outcome:")[0] for part in result.output.split("What you learned:")[1:]]
    assert len(summaries) == 2
    assert not any("card_sprawl" in part or "month_end_pain" in part for part in summaries)
    assert any("Month-end close takes us eleven days" in part for part in summaries)

"""`roleplay chat PERSONA`: practise a call in the terminal.

Type what you would say (`you> `); the prospect answers. `--feedback` shows after each turn how
the prospect read it (labels, trust and patience, the rules that fired). `/quit` or end of input
(Ctrl-D) hangs up. The scorecard against the `default` rubric follows.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from roleplay.cli import app
from roleplay.cli.call_view import (
    default_rubric,
    show_end,
    show_outcome,
    show_scorecard,
    show_start,
)
from roleplay.cli.demo import pick_persona
from roleplay.config import Settings
from roleplay.conversation import SessionState, start_session, take_turn
from roleplay.errors import ProviderUnavailable
from roleplay.llm import ModelConfig
from roleplay.prospect.persona import Persona, load_personas

QUIT = frozenset({"/quit", "/exit", "/q"})


@app.command()
def chat(
    persona: Annotated[str, typer.Argument(help="persona id (see `roleplay check`)")],
    seed: Annotated[int, typer.Option(help="seed for the prospect's voice")] = 0,
    feedback: Annotated[bool, typer.Option(help="show how the prospect read each turn")] = False,
) -> None:
    """Practise a call against a persona in the terminal."""
    settings = Settings()
    chosen = pick_persona(load_personas(settings.personas_dir), persona)
    rubric = default_rubric(settings.rubrics_dir)
    console = Console(highlight=False)
    console.print("Type what you would say. /quit hangs up.\n")
    session = asyncio.run(
        converse(chosen, start_session(chosen, seed), ModelConfig.from_settings(settings),
                 console, feedback=feedback)
    )
    show_end(console, session, unfinished="you hung up")
    if any(t.speaker == "rep" for t in session.turns):
        show_scorecard(console, session, rubric)


async def converse(
    persona: Persona, session: SessionState, config: ModelConfig, console: Console,
    *, feedback: bool
) -> SessionState:
    """Read rep lines until the call ends, the rep quits or input runs out."""
    show_start(console, persona, session)
    while not session.ended:
        text = await asyncio.to_thread(_read)
        if text is None:
            break
        if not text:
            continue
        try:
            outcome = await take_turn(persona, session, text, config)
        except ProviderUnavailable as err:
            console.print(f"(the line went quiet: {escape(str(err))}; say it again or /quit)")
            continue
        session = outcome.session
        show_outcome(console, outcome.rep, outcome.prospect, feedback=feedback, echo_rep=False)
    return session


def _read() -> str | None:
    try:
        text = input("you> ").strip()
    except EOFError:
        print()
        return None
    return None if text.lower() in QUIT else text

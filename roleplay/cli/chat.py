"""`roleplay chat PERSONA`: practise a call in the terminal.

The situation the rep dials into is shown first. Type what you would say (`you> `); the prospect
answers. Commands: `/help`, `/score` (the scorecard so far), `/save FILE` (the transcript, in the
format `roleplay grade` reads), `/end` (hang up). `--feedback` shows after each turn how the
prospect read it. End of input (Ctrl-D) or Ctrl-C hangs up too; the summary (what the rep learned
and what they missed, in plain words) and the scorecard follow.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
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
from roleplay.grading.rubrics import Rubric
from roleplay.llm import ModelConfig
from roleplay.prospect.persona import Persona, load_personas

QUIT = frozenset({"/quit", "/exit", "/q", "/end"})
HELP = """Commands:
  /help        this list
  /score       the scorecard of the call so far
  /save FILE   save the transcript as JSON (roleplay grade FILE reads it)
  /end         hang up (also /quit, Ctrl-D or Ctrl-C)
Anything else is said to the prospect."""


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
    console.print(f"[bold]The situation:[/bold] {escape(chosen.situation)}\n")
    console.print("Type what you would say. /help lists the commands; /end hangs up.\n")
    holder = [start_session(chosen, seed)]
    try:
        asyncio.run(converse(chosen, holder, ModelConfig.from_settings(settings), console,
                             feedback=feedback, rubric=rubric))
    except KeyboardInterrupt:
        console.print()
    session = holder[0]
    show_end(console, session, chosen, unfinished="you hung up")
    if any(t.speaker == "rep" for t in session.turns):
        show_scorecard(console, session, rubric)


async def converse(
    persona: Persona, holder: list[SessionState], config: ModelConfig, console: Console,
    *, feedback: bool, rubric: Rubric | None = None
) -> SessionState:
    """Read rep lines until the call ends, the rep quits or input runs out. `holder[0]` is kept
    up to date, so an interrupted call still has its last state."""
    session = holder[0]
    show_start(console, persona, session)
    while not session.ended:
        text = await asyncio.to_thread(_read)
        if text is None:
            break
        if not text:
            continue
        if text.startswith("/"):
            if not command(console, session, text, rubric):
                console.print("(unknown command; /help lists them)")
            continue
        try:
            outcome = await take_turn(persona, session, text, config)
        except ProviderUnavailable as err:
            console.print(f"(the line went quiet: {escape(str(err))}; say it again or /quit)")
            continue
        session = holder[0] = outcome.session
        show_outcome(console, outcome.rep, outcome.prospect, feedback=feedback, echo_rep=False)
    return session


def command(console: Console, session: SessionState, text: str, rubric: Rubric | None) -> bool:
    """Run a chat command; False when there is no such command."""
    name, _, argument = text.partition(" ")
    if name == "/help":
        console.print(escape(HELP))
    elif name == "/score" and rubric is not None:
        show_scorecard(console, session, rubric)
    elif name == "/save":
        if not argument.strip():
            console.print("(say where: /save FILE)")
            return True
        path = Path(argument.strip())
        path.write_text(session.transcript().model_dump_json(indent=2, exclude_none=True) + "\n",
                        encoding="utf-8")
        console.print(f"(saved to {escape(str(path))}; grade it with roleplay grade {path})")
    else:
        return False
    return True


def _read() -> str | None:
    try:
        text = input("you> ").strip()
    except EOFError:
        print()
        return None
    return None if text.lower() in QUIT else text

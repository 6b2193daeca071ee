"""`roleplay schema persona|rubric [--output FILE]`: the JSON Schema of a kind of file."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from roleplay.cli import app


class FileKind(StrEnum):
    persona = "persona"
    rubric = "rubric"


@app.command()
def schema(
    kind: Annotated[FileKind, typer.Argument(help="which kind of file")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here instead of stdout")
    ] = None,
) -> None:
    """Write the JSON Schema editors use to complete and underline persona or rubric files."""
    from roleplay.editor_schema import HEADER, schema_text

    text = schema_text(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}; start a {kind.value} file with:", err=True)
    typer.echo(HEADER.format(kind=kind.value).replace("../schemas/", _relative_hint(output)),
               err=True)


def _relative_hint(output: Path) -> str:
    return f"{output.parent.as_posix()}/" if output.parent != Path(".") else "./"

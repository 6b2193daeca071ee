"""Imports each command module so its commands register on the app."""

from __future__ import annotations

import contextlib
import importlib
import sys

from roleplay.cli import app

_MODULES = (
    "check", "demo", "chat", "grade", "serve", "keys", "personas", "schema", "trace", "branch",
    "replay", "progress", "export", "test_personas",
)

# `roleplay grade FILE` needs only its own module: importing the others (conversation, the API...)
# would cost start-up time the grade command has a < 1 s budget for. `roleplay --help` and any
# other first argument still register every command.
_ASKED = sys.argv[1].replace("-", "_") if len(sys.argv) > 1 else ""

for _name in (_ASKED,) if _ASKED in _MODULES else _MODULES:
    with contextlib.suppress(ModuleNotFoundError):
        importlib.import_module(f"roleplay.cli.{_name}")

if _ASKED in _MODULES:

    @app.callback()
    def _group() -> None:
        """Keeps `roleplay COMMAND ...` a command group when only one command is registered."""

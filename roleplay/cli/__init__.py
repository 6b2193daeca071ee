"""The `roleplay` command: thin wrappers that parse, call and print.

One module per command group registers its commands on `app`. Every RoleplayError is printed as
plain lines (one per problem) with exit code 1: no stack traces for users.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

import typer

from roleplay.errors import FileProblems, RoleplayError

app = typer.Typer(
    name="roleplay",
    help="Practise sales calls with AI prospects and get graded on how you sell.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from roleplay.cli import commands  # noqa: F401  (registers every command on `app`)


def main() -> None:
    _register()
    try:
        app()
    except FileProblems as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        sys.exit(1)
    except RoleplayError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)

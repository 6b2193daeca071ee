"""One setting read straight from the environment, for a command that needs no other.

`roleplay.config.Settings` reads every ROLEPLAY_ variable through pydantic-settings, whose import
(with asyncio) and first Settings() cost 0.04-0.05 s on the 2-core development machine, out of
the 1 s that `roleplay grade FILE` has for a transcript, end to end (issue #13). The grade
command needs only the rubric folder, so it reads it here, the way Settings reads it: the
variable's name matched without regard to case, its text as a path.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_PREFIX = "ROLEPLAY_"
"""Every setting's environment variable starts with this (`ROLEPLAY_RUBRICS_DIR`)."""

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_dir(name: str) -> Path:
    """A folder shipped beside the package: `personas`, `rubrics`."""
    return REPO_ROOT / name


def env_setting(field: str) -> str | None:
    """The value of ROLEPLAY_<FIELD>, any case; when names differ only in case, the last wins."""
    variables = {name.lower(): value for name, value in os.environ.items()}
    return variables.get(f"{ENV_PREFIX}{field}".lower())


def rubrics_dir() -> Path:
    """`Settings().rubrics_dir`, without importing pydantic-settings."""
    value = env_setting("rubrics_dir")
    return default_dir("rubrics") if value is None else Path(value)

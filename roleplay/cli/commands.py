"""Imports each command module so its commands register on the app."""

from __future__ import annotations

import contextlib
import importlib

_MODULES = ("check", "demo", "chat", "grade", "serve", "keys")

for _name in _MODULES:
    with contextlib.suppress(ModuleNotFoundError):
        importlib.import_module(f"roleplay.cli.{_name}")

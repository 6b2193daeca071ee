"""Kept so `from roleplay.prompts import ...` keeps working: the prompt now lives in
`roleplay/prospect/prompts.py`."""

from roleplay.prospect.prompts import Spoken, build_messages, shown_history

__all__ = ["Spoken", "build_messages", "shown_history"]

"""Kept so `from roleplay.character import ...` keeps working: the character checks now live in
`roleplay/prospect/character.py`."""

from roleplay.prospect.character import MAX_REPLY_CHARS, problems, repair

__all__ = ["MAX_REPLY_CHARS", "problems", "repair"]

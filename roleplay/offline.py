"""Kept so `roleplay.offline.voice` keeps working (litellm's offline provider in `llm.py`): the
offline voice now lives in `roleplay/prospect/offline.py`."""

from roleplay.prospect.offline import voice

__all__ = ["voice"]

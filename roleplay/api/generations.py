"""Streamed turns that outlive their response.

A streamed turn runs in its own task, so a client that disconnects mid-stream does not cancel
it: the turn finishes, is stored, and the client can read it with `GET /v1/sessions/{id}`.
The app keeps a reference to every such task and, at shutdown, waits for them to finish.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class Generations:
    """The running generation tasks of one app."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def start(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def __len__(self) -> int:
        return len(self._tasks)

    async def drain(self, timeout: float = 60.0) -> None:
        """Wait (up to `timeout` seconds) for running generations to finish and be stored."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)

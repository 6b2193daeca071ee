"""CPU-heavy work kept off the event loop: a small pool of worker processes.

Grading a long transcript takes up to about half a second of pure Python (2-3 µs per
character). Run on the event loop, that freezes every other request; run in a thread, it
still holds the GIL, and a few at once starve the loop. So work over a size threshold runs in
`CpuPool`, a `ProcessPoolExecutor` of `processes` workers started with `spawn` (no fork of a
process with running threads) at a lower priority (`NICENESS`), created on first use and shut
down with the app. A worker
that dies (killed, out of memory) breaks the pool: the pool is then replaced and the work
tried once more.

    await pool.run(fn, *args)     fn and args are pickled: module-level functions and plain
                                  data (pydantic models) only
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")


NICENESS = 10
"""Workers run at a lower scheduling priority than the server, so on a busy machine the event
loop gets the CPU first and a grade waits instead of a probe or a turn."""


def _warm() -> None:
    """Lower this worker's priority, and import what the workers run, so the first real job
    does not pay for it."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    import roleplay.grading  # noqa: F401


class CpuPool:
    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=_warm,
            )
        return self._executor

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool(), fn, *args)
        except BrokenProcessPool:
            self._discard()
            return await loop.run_in_executor(self._pool(), fn, *args)

    def _discard(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

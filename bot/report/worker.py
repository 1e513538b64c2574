"""Reports made in a process of their own, off the web app.

Assembling and writing a report of 2,000 answers is seconds of CPU; in a
thread of the web app it would hold the GIL against every chat turn (measured:
chat turns twice as slow while five reports were made). A separate process
keeps the web app's event loop and its GIL for the chats. Masking that was not
done when an answer was written (bot.review: the action server masks ahead)
happens here too, so GiNZA never loads in the web app.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache

WORKERS = 1  # reports queue behind each other rather than take a second core from the chats
NICENESS = 10  # the chat's three servers come first for the CPU


@lru_cache(maxsize=4)
def _registry(url: str):
    from bot.store import Store
    from bot.store.registry import Registry

    return Registry(Store(url))


def _yield_to_chats() -> None:
    """A lower priority for the worker: on a small server a report waits, a person typing does not."""
    os.nice(NICENESS)


def masked_report(url: str, code: str, fmt: str) -> bytes:
    """In the worker: one municipality's masked report in one format (access was checked by the caller)."""
    from bot import services
    from bot.report import assemble
    from bot.report.render import render

    registry = _registry(url)
    return render(assemble.assemble(registry, services.knowledge(), registry.municipality(code), masked=True), fmt)


class ReportWorkers:
    def __init__(self, workers: int = WORKERS):
        self._workers = workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the web app has threads and an event loop that a forked child must not inherit.
        return ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_yield_to_chats)

    async def masked_report(self, url: str, code: str, fmt: str) -> bytes:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, masked_report, url, code, fmt)
        except BrokenProcessPool:  # the worker died (killed, out of memory): a new one, and one more try
            self._pool.shutdown(wait=False)
            self._pool = self._new_pool()
            return await loop.run_in_executor(self._pool, masked_report, url, code, fmt)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

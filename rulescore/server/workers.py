"""Answers computed in worker processes, each request bounded in time and in number.

A :class:`Workers` pool (pebble) starts N processes that load the rules once
(:func:`rulescore.server.answers.load`). A request that takes longer than the time limit
is stopped: its worker is killed and replaced, and the client gets RS605. At most
``queue`` requests wait at once; one more gets RS606 at once instead of waiting without
bound. Nothing a client sends is executed: a worker receives the parsed JSON and the
query parameters, never code.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from pebble import ProcessPool
from pebble.common import ProcessExpired

from rulescore.errors import Diagnostic, RulesError
from rulescore.server import answers


class Workers:
    """The pool behind the service; ``await workers.answer(kind, query, body)``."""

    def __init__(self, processes: int, seconds: float, scenarios: tuple[str, ...] = (),
                 queue: int | None = None):
        self.seconds = seconds
        self.capacity = queue if queue is not None else 8 * processes
        self._waiting = 0
        self._lock = threading.Lock()
        # forkserver: a worker never inherits the server's threads or sockets
        self._pool = ProcessPool(max_workers=processes, initializer=answers.load,
                                 initargs=(tuple(scenarios),),
                                 context=multiprocessing.get_context("forkserver"))

    async def answer(self, kind: str, query: dict, body: Any) -> dict:
        with self._lock:
            if self._waiting >= self.capacity:
                raise RulesError((Diagnostic(
                    "RS606", f"de server is bezet ({self.capacity} verzoeken in behandeling)",
                    path="verzoek", hint="probeer het over enkele seconden opnieuw"),))
            self._waiting += 1
        try:
            future = self._pool.schedule(answers.answer, args=(kind, query, body),
                                         timeout=self.seconds)
            try:
                return await asyncio.wrap_future(future)
            except FutureTimeout:
                raise RulesError((Diagnostic(
                    "RS605", f"de berekening duurde langer dan {self.seconds:g} s en is "
                             "gestopt", path="verzoek",
                    hint="vraag minder tegelijk (een kortere reeks maanden, een grover "
                         "raster); de limiet is --tijdslimiet van rulescore serve"),)) from None
            except ProcessExpired as exc:  # a crash in a worker: our bug, with its cause
                raise RuntimeError(f"werkproces gestopt: {exc}") from exc
        finally:
            with self._lock:
                self._waiting -= 1

    def close(self) -> None:
        self._pool.stop()
        self._pool.join()

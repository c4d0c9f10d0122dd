"""Work items and a function into its results, in the items' order, computed on a local
Dask cluster of worker processes (the optional ``dask`` extra).

The shared arguments (programs, lines) are sent once to every worker and reused by each
task; the items (blocks of households) are sent as they are read, a bounded number in
flight, so memory holds a few blocks whatever the size of the file. The results come back
in the items' order, so a caller that combines them as it would combine its own gets the
same result, bit for bit, as a run in one process.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager


class DaskMissing(RuntimeError):
    """``dask[distributed]`` is not installed."""

    def __init__(self):
        super().__init__("--werkers rekent op een Dask-cluster: installeer het met "
                         "pip install 'rulescore[dask]'")


@contextmanager
def local_cluster(workers: int):
    """A Dask client on a local cluster of ``workers`` processes, one thread each; closed
    (its processes ended) on leaving."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskMissing() from exc
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster, set_as_default=False) as client:
        yield client


def ordered_map(client, fn: Callable, items: Iterable, *shared,
                in_flight: int | None = None) -> Iterator:
    """``fn(item, *shared)`` for every item on the client's workers, yielded in order; an
    exception of a task is raised here, when its turn comes."""
    limit = in_flight or 2 * max(1, len(client.scheduler_info()["workers"]))
    sent = [client.scatter(x, broadcast=True, hash=False) for x in shared]
    pending: deque = deque()
    try:
        for item in items:
            pending.append(client.submit(fn, item, *sent, pure=False))
            if len(pending) >= limit:
                yield _take(pending)
        while pending:
            yield _take(pending)
    finally:
        for future in (*pending, *sent):
            future.release()


def _take(pending: deque):
    future = pending.popleft()
    try:
        return future.result()
    finally:
        future.release()

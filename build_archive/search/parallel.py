"""Forked worker processes for the writer: the pool map, and the shared state its tasks read."""
from __future__ import annotations

import math
import multiprocessing
import os
from typing import Any, Callable, Sequence


# --- parallel map --------------------------------------------------------------------------------

# Worker processes are forked and read the build's inputs from here instead of receiving them
# pickled (a wave of texts is tens of megabytes; the raw postings of a full build ~1 GB).
STATE: dict[str, Any] = {}


def pmap(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, parallel: bool,
         prepare: Callable[[], object] | None = None) -> list[Any]:
    """``[fn(x) for x in items]``, on forked workers when ``parallel`` and it pays. ``prepare`` is
    run once before the workers fork: what every one of them would otherwise make on its own."""
    if (workers <= 1 or not parallel or len(items) < 2 or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()):  # a pool worker cannot fork
        return [fn(x) for x in items]
    if prepare is not None:
        prepare()
    with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
        return pool.map(fn, items, chunksize=1)


def chunks(items: Sequence[int], n: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / n))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def worker_count(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)

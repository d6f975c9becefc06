"""Forked worker processes for the writer: the pool map, and the shared state its tasks read."""
from __future__ import annotations

import math
import multiprocessing
import os
from typing import Any, Callable, Sequence

from .keys import alnum_table, fold_codes


# --- parallel map --------------------------------------------------------------------------------

# Worker processes are forked and read the build's inputs from here instead of receiving them
# pickled (a wave of texts is tens of megabytes; the raw postings of a full build ~1 GB).
STATE: dict[str, Any] = {}


def pmap(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, parallel: bool) -> list[Any]:
    if (workers <= 1 or not parallel or len(items) < 2 or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()):  # a pool worker cannot fork
        return [fn(x) for x in items]
    alnum_table(), fold_codes()  # made once here rather than once per worker
    with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
        return pool.map(fn, items, chunksize=1)


def chunks(items: Sequence[int], n: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / n))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def worker_count(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)

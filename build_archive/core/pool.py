"""Work spread over every core by forked workers that share the parent's data (the parsed
archive) instead of receiving it through pipes."""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator, Sequence

# Fewer items than this are done in the parent: forking costs more than it saves.
PARALLEL_FROM = 100
# The most items a worker is handed at a time (also the report pages' rendering batch).
RENDER_CHUNK = 200
_RECORD_JOBS: list = []


def in_parallel(make: Callable[[Sequence[int]], Iterable[str]], workers: int = 0
                ) -> Callable[[Sequence[int]], Iterator[str]]:
    """``make`` (the records or pages of indexes, in order) spread over every core, the results
    still in order: the report pages, and the catalog's and corpus' 30,000 records each (on one
    core, the corpus was the build's longest single-core stretch, 31 s). The workers are forked
    so they share the parsed archive instead of receiving 30,000 reports through pipes; they
    are handed index lists only, and load what bodies they need from the parse cache."""
    def run(todo: Sequence[int]) -> Iterator[str]:
        count = workers or os.cpu_count() or 1
        if len(todo) < PARALLEL_FROM or count == 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from make(todo)
            return
        size = max(20, min(RENDER_CHUNK, len(todo) // (count * 16)))
        _RECORD_JOBS[:] = [make]
        try:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                for chunk in pool.imap(_make_records, [todo[i:i + size] for i in range(0, len(todo), size)]):
                    yield from chunk
        finally:
            _RECORD_JOBS.clear()
    return run


def _make_records(todo: Sequence[int]) -> list[str]:
    return list(_RECORD_JOBS[0](todo))

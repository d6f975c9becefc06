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


class Background:
    """``fn(*args)`` in a forked process while the caller goes on with other work; ``result()``
    waits for it and gives its value (or raises its exception). The process shares the
    parent's data as the workers above do, and only the value comes back through a pipe: the
    similar reports of 30,000 (seconds of numpy, a few hundred kilobytes of answer) are made
    while the build indexes the search and loads the indicators, instead of after them."""

    def __init__(self, fn: Callable[..., object], *args: object):
        self._outcome: tuple[bool, object] | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = _outcome(fn, args)
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_send_outcome, args=(send, fn, args))
        self._process.start()
        send.close()

    def result(self) -> object:
        if self._outcome is None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                self._outcome = (False, RuntimeError(f"the background process ended without an answer "
                                                     f"(exit code {self._process.exitcode})"))
            self._receive.close()
            self._process.join()
        ok, value = self._outcome
        if not ok:
            raise value  # type: ignore[misc]
        return value


def _outcome(fn: Callable[..., object], args: Sequence[object]) -> tuple[bool, object]:
    try:
        return True, fn(*args)
    except Exception as exc:  # handed to the caller of result(), as a Future does
        return False, exc


def _send_outcome(send, fn: Callable[..., object], args: Sequence[object]) -> None:  # noqa: ANN001 (a Connection)
    send.send(_outcome(fn, args))
    send.close()

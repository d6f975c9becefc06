"""Every published report's indicator values (``indicators.extract_report``), kept per parse key
between builds and extracted on every core."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Sequence

from . import indicators
from ..core.cache import Bodies, read_state, write_state
from ..core.indicator_types import Extraction
from ..core.model import Report

INDICATOR_CACHE = "indicators.pickle"
_INDICATOR_JOBS: list = []


def _extract(reports: Sequence[Report], bodies: Bodies) -> list[Extraction]:
    vocab = indicators.load_vocabulary()
    return [indicators.extract_report([(b.kind, b.text) for b in r.structured.blocks], vocab,
                                      year=r.meta.year, doc_type=r.meta.doc_type, county=r.meta.county)
            for r in bodies.load(reports)]


def _extract_chunk(n: int) -> list[Extraction]:
    chunks, bodies = _INDICATOR_JOBS
    return _extract(chunks[n], bodies)


def extract_indicators(reports: Sequence[Report], bodies: Bodies, cache_dir: Path | None
                       ) -> dict[str, Extraction]:
    """Citation code -> the report's indicator values and skips (indicators.py).

    Kept per parse key (which covers the text, its metadata and corrections) and the extractor's
    version, so a rebuild after adding a report reads one body, not 30,000."""
    version = indicators.module_version()
    path = cache_dir / INDICATOR_CACHE if cache_dir else None
    state = read_state(path)
    known = state.get("items", {}) if state.get("version") == version else {}
    published = [r for r in reports if r.ident]
    done: dict[str, Extraction] = {r.key: known[r.key] for r in published if r.key in known}
    todo = [r for r in published if r.key not in done]
    chunks = [todo[i:i + 500] for i in range(0, len(todo), 500)]
    workers = os.cpu_count() or 1
    if len(chunks) > 1 and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        # Forked workers share the archive and load their chunk's bodies themselves (0.5 ms a
        # report: 17 s at 30,000 on one core, the first build only).
        _INDICATOR_JOBS[:] = [chunks, bodies]
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for chunk, got in zip(chunks, pool.imap(_extract_chunk, range(len(chunks)))):
                    done.update(zip((r.key for r in chunk), got))
        finally:
            _INDICATOR_JOBS.clear()
    else:
        for chunk in chunks:
            done.update(zip((r.key for r in chunk), _extract(chunk, bodies)))
    if path is not None and (todo or len(known) != len(done)):
        write_state(path, {"version": version, "items": done})
    return {r.ident.code: done[r.key] for r in published if r.ident}

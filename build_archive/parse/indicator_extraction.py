"""Every published report's indicator values (``indicators.extract_report``), kept per parse key
between builds and extracted on every core."""
from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path
from typing import Sequence

from . import indicators
from ..core.cache import Bodies, write_state
from ..core.indicator_types import Extraction
from ..core.model import Report

INDICATOR_CACHE = "indicators.pickle"
# The cache is a log: a build that extracts a few reports appends their items instead of
# pickling 30,000 again (25 MB, 0.3-0.7 s for one added report). It is written whole again when
# more than this share of its items are no report's any more (removed, or parsed again since).
STALE_SHARE = 0.1
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
    known, whole = _read_log(path, version)
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
    if path is not None:
        stale = len(known) - (len(done) - len(todo))
        if not whole or stale > STALE_SHARE * len(done):
            write_state(path, {"version": version, "items": done})
        elif todo:
            with open(path, "ab") as f:
                pickle.dump({"version": version, "items": {r.key: done[r.key] for r in todo}}, f,
                            protocol=pickle.HIGHEST_PROTOCOL)
    return {r.ident.code: done[r.key] for r in published if r.ident}


def _read_log(path: Path | None, version: str) -> tuple[dict[str, Extraction], bool]:
    """The items of the cache's frames, later frames over earlier ones, and whether the file was
    read to its end (a frame cut short by a build that died, or one of another extractor's
    version, and the file is written whole again: no frame appended after it could be read)."""
    items: dict[str, Extraction] = {}
    if path is None:
        return items, False
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            while f.tell() < size:
                frame = pickle.load(f)
                if not (isinstance(frame, dict) and frame.get("version") == version
                        and isinstance(frame.get("items"), dict)):
                    return {}, False
                items.update(frame["items"])
    except FileNotFoundError:
        return {}, False
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError,
            ImportError):
        return items, False
    return items, True

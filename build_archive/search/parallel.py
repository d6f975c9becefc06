"""The writer's work in forked worker processes: the pool map and the tasks it runs (a block's
postings, text members, a block's pieces, a file's compressed segments)."""
from __future__ import annotations

import math
import multiprocessing
import os
from typing import Any, Callable, Sequence

from .format import doc_record
from .keys import alnum_table, fold_codes
from .postings import (Layout, block_from_bytes, block_post_bytes, block_stats_bytes, build_block, compress_segments,
                       encode_pieces, patch_block)


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


def wave_task(task: tuple[str, Any]) -> Any:
    kind, arg = task
    return _block_task(arg) if kind == "block" else _member_task(arg)


def _block_task(b: int) -> tuple[bytes, bytes, bytes | None]:
    """A block's stats and postings, and the codes of the keys that differ from the block it was
    patched from (None: made whole)."""
    docs, size = STATE["docs"], STATE["block_docs"]
    same, stats, post = STATE["bases"].get(b, ((), b"", b""))
    lo, hi = b * size, min((b + 1) * size, len(docs))
    if not same:
        block = build_block(docs[lo:hi])
        return block_stats_bytes(block), block_post_bytes(block), None
    kept = set(same)
    block, touched = patch_block(block_from_bytes(stats, post), same,
                                 [(i, docs[lo + i]) for i in range(hi - lo) if i not in kept])
    return block_stats_bytes(block), block_post_bytes(block), touched.tobytes()


def _member_task(indexes: Sequence[int]) -> list[bytes]:
    docs = STATE["docs"]
    return [doc_record(docs[i]) for i in indexes]


def encode_task(b: int) -> dict[int, bytes]:
    stats, post = STATE["block_bytes"][b]
    block = block_from_bytes(stats, post)
    layout: Layout = STATE["layout"]
    return encode_pieces(block, layout.slots(block.codes), STATE["wanted"][b])


def compress_task(jobs: Sequence[int]) -> list[tuple[list[tuple[bytes, int, int]], dict[int, bytes]]]:
    pieces, n = STATE["pieces"], STATE["n_blocks"]
    out = []
    for j in jobs:
        slot, k1, crc, size, tail = STATE["jobs"][j]
        keep = [n - 2 - k1] if n - 2 >= k1 else []
        out.append(compress_segments([pieces[b][slot] for b in range(k1, n)], tail, crc, size, keep))
    return out


def chunks(items: Sequence[int], n: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / n))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def worker_count(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)

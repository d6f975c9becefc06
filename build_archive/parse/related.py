"""Reports closest in content, for the "similar reports from other counties" list.

Each report is reduced to its characteristic Chinese character bigrams: the parse stage keeps
the ``KEEP_TERMS`` most frequent ones (``report_terms``, cached with the parse), and here
they are weighted by TF-IDF across the archive, cut to ``TERMS_PER_DOC`` and normalised.
Similarity is the cosine of those sparse vectors, computed for all pairs at once as a
sparse matrix product (scipy.sparse): 30,000 reports take seconds, where Python loops over
an inverted index took minutes. Terms found in more than ``MAX_DF`` of the reports say
nothing about a report and are dropped, which also keeps the product sparse.
Bigrams rather than jieba words: segmentation costs ~15 ms per report, bigrams ~0.1 ms, and
for telling 医共体 reports from 计划生育 reports both work alike.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..core.cache import build_version, read_state, write_state
from ..core.model import Report, _reduce_slots

KEEP_TERMS = 80
TERMS_PER_DOC = 40
MAX_DF = 0.05
MIN_DF_LIMIT = 20
MIN_SCORE = 0.05
ROWS_PER_BLOCK = 1000
# How many similar reports a page lists: three, not five (each is ~125 bytes of every report
# page, 7.5 MB at 30,000 reports; issue 16).
SHOWN = 3
# The CJK Unified Ideographs block: the characters bigrams are made of.
_HAN_FIRST, _HAN_LAST = 0x4E00, 0x9FFF


@dataclass(frozen=True, slots=True)
class Terms:
    """A report's most frequent Han bigrams with their counts, most frequent first.

    Two flat values rather than 80 (bigram, count) pairs: 30,000 reports' terms are loaded
    from the parse cache on every build, and 2.4 million small tuples took over a second."""

    __reduce__ = _reduce_slots

    bigrams: str
    """The bigrams, two characters each, concatenated."""
    counts: bytes
    """Their counts, little-endian uint32, one per bigram."""

    def pairs(self) -> list[tuple[str, int]]:
        counts = struct.unpack(f"<{len(self.counts) // 4}I", self.counts)
        return [(self.bigrams[2 * i:2 * i + 2], c) for i, c in enumerate(counts)]


@dataclass(frozen=True)
class Doc:
    """What similarity needs of a report."""

    key: str
    """The report's code."""
    group: str
    """Reports of the same group (county) are never listed as 'other counties'."""
    terms: Terms
    """The report's most frequent bigrams with their counts (``report_terms``)."""


def report_terms(text: str, keep: int = KEEP_TERMS) -> Terms:
    """The ``keep`` most frequent Han bigrams of ``text`` (ties by the bigram), with counts."""
    import numpy as np

    # As arrays of code points: a bigram is one uint64 (first << 32 | second), whose order is
    # the strings' order. Counting and ranking them in numpy takes a tenth of the time of a
    # Counter (1.5 ms a report, a third of parsing one).
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    han = (points >= _HAN_FIRST) & (points <= _HAN_LAST)
    pair = han[:-1] & han[1:]
    codes = (points[:-1][pair].astype(np.uint64) << np.uint64(32)) | points[1:][pair].astype(np.uint64)
    bigrams, counts = np.unique(codes, return_counts=True)
    top = np.lexsort((bigrams, -counts))[:keep]
    bigrams, counts = bigrams[top], counts[top]
    chars = np.empty(2 * len(bigrams), dtype="<u4")
    chars[0::2] = bigrams >> np.uint64(32)
    chars[1::2] = bigrams & np.uint64(0xFFFFFFFF)
    return Terms(chars.tobytes().decode("utf-32-le"), counts.astype("<u4").tobytes())


def similar(docs: Sequence[Doc], k: int = SHOWN, workers: int = 0) -> dict[str, tuple[str, ...]]:
    """For each doc, up to ``k`` keys of the most similar docs outside its group, best first.

    The product is made a block of rows at a time, the blocks spread over ``workers`` forked
    processes (default: one per core): at 30,000 reports it and the ranking of its rows are
    3 s on one core, and every new report changes every weight (the IDF), so they are made
    again on every build that adds one."""
    import numpy as np
    from scipy import sparse

    n = len(docs)
    if n < 2:
        return {d.key: () for d in docs}
    # Every doc's terms as flat arrays: a bigram is two code points, one number whose order
    # is the strings' order (ties between equal weights go by the bigram).
    points = np.frombuffer("".join(d.terms.bigrams for d in docs).encode("utf-32-le"), dtype="<u4")
    bigram = _bigram_codes(points[0::2], points[1::2])
    count = np.frombuffer(b"".join(d.terms.counts for d in docs), dtype="<u4").astype(np.float64)
    doc = np.repeat(np.arange(n), [len(d.terms.counts) // 4 for d in docs])
    # np.unique's inverse sorts 2.4 million codes by index (0.4 s at 30,000 reports); sorting
    # the codes alone and finding each among the few thousand distinct ones is a third of that.
    terms = np.unique(bigram)
    column = np.searchsorted(terms, bigram)
    df = np.bincount(column, minlength=len(terms))[column]
    limit = max(MIN_DF_LIMIT, int(MAX_DF * n))
    keep = (df > 1) & (df <= limit)
    doc, column, bigram = doc[keep], column[keep], bigram[keep]
    weight = (1 + np.log(count[keep])) * np.log(n / df[keep])
    if not len(weight):
        return {d.key: () for d in docs}
    # Each doc's TERMS_PER_DOC heaviest terms, normalised to unit length.
    order = np.lexsort((bigram, -weight, doc))
    doc, column, weight = doc[order], column[order], weight[order]
    first = np.searchsorted(doc, doc, side="left")
    top = np.arange(len(doc)) - first < TERMS_PER_DOC
    doc, column, weight = doc[top], column[top], weight[top]
    norm = np.sqrt(np.bincount(doc, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    matrix = sparse.csr_matrix((weight / norm[doc], (doc, column)), shape=(n, len(terms)))
    group_ids = {g: i for i, g in enumerate(sorted({d.group for d in docs}))}
    groups = np.array([group_ids[d.group] for d in docs], dtype=np.int64)
    keys = [d.key for d in docs]
    rank_of_key = {key: i for i, key in enumerate(sorted(keys))}
    rank = np.array([rank_of_key[key] for key in keys], dtype=np.int64)
    starts = list(range(0, n, ROWS_PER_BLOCK))
    _BLOCK_JOB[:] = [matrix, groups, rank, k]
    try:
        count_workers = min(workers or os.cpu_count() or 1, len(starts))
        if count_workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            # Forked: the workers share the matrix instead of receiving it through a pipe.
            with multiprocessing.get_context("fork").Pool(count_workers) as pool:
                blocks = pool.map(_block_neighbours, starts, chunksize=1)
        else:
            blocks = [_block_neighbours(start) for start in starts]
    finally:
        _BLOCK_JOB.clear()
    return {keys[start + r]: tuple(keys[j] for j in found)
            for start, rows in zip(starts, blocks) for r, found in enumerate(rows)}


_BLOCK_JOB: list = []


def _bigram_codes(first, second):  # noqa: ANN001, ANN202 (numpy arrays)
    """One number per bigram, ordered as the bigrams are: 32 bits when both characters are in
    the CJK block (they are: ``report_terms`` keeps nothing else), whose sort is the fastest."""
    import numpy as np

    if len(first) and first.min() >= _HAN_FIRST and max(first.max(), second.max()) <= _HAN_LAST \
            and second.min() >= _HAN_FIRST:
        span = np.uint32(_HAN_LAST - _HAN_FIRST + 1)
        return (first - np.uint32(_HAN_FIRST)) * span + (second - np.uint32(_HAN_FIRST))
    return (first.astype(np.uint64) << np.uint64(32)) | second.astype(np.uint64)


def _block_neighbours(start: int) -> list[list[int]]:
    """The rows ``start`` to ``start + ROWS_PER_BLOCK`` of the similarity product, each cut to
    the indexes of its ``k`` best docs outside its group (``similar``)."""
    import numpy as np

    matrix, groups, rank, k = _BLOCK_JOB
    block = (matrix[start:start + ROWS_PER_BLOCK] @ matrix.T).tocsr()
    found = []
    for r in range(block.shape[0]):
        i = start + r
        lo, hi = block.indptr[r], block.indptr[r + 1]
        js, scores = block.indices[lo:hi], block.data[lo:hi]
        keep = (scores >= MIN_SCORE) & (groups[js] != groups[i])
        # Rounding makes ties (and so the order) independent of summation order.
        js, scores = js[keep], np.round(scores[keep], 9)
        if len(scores) > k:
            # Only scores at least the k-th best can rank in the top k (ties included):
            # at 30,000 reports a row has thousands of candidates, too many to sort.
            best = scores >= np.partition(scores, len(scores) - k)[len(scores) - k]
            js, scores = js[best], scores[best]
        order = np.lexsort((rank[js], -scores))[:k]
        found.append(js[order].tolist())
    return found


def similar_reports(reports: Sequence[Report], cache_dir: Path | None) -> dict[str, tuple[str, ...]]:
    """``related.similar`` of the archive, from the last build when no report's parse, code or
    county changed (a no-change rebuild of 30,000 reports skips a 4 s matrix product)."""
    docs = [Doc(r.ident.code, r.meta.adcode or r.ident.code, r.terms) for r in reports if r.ident]
    digest = hashlib.sha256(repr((build_version(), [(r.ident.code, r.meta.adcode, r.key) for r in reports if r.ident])
                                 ).encode("utf-8")).hexdigest()
    path = cache_dir / "related.pickle" if cache_dir else None
    last = read_state(path)
    if last.get("digest") == digest and isinstance(last.get("similar"), dict):
        return last["similar"]
    found = similar(docs)
    if path is not None:
        write_state(path, {"digest": digest, "similar": found})
    return found

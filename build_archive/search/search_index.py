"""Build the archive's own static Chinese search index.

The browser reader is ``docs/assets/javascripts/archive-search.js``; both sides must agree on
everything marked *shared contract* below (normalisation, key extraction, shard hash, file formats).

Why this design (measured against Material's lunr search and Pagefind, see bench/bench_search.py):

* Keys are character unigrams and bigrams of every run of letters/digits/Han characters, so a query
  finds a word inside a longer word (``卫健委`` in ``市卫健委``) without any segmenter having to agree
  between build time and the browser.
* Postings only give candidates (a doc that has both ``卫健`` and ``健委`` need not contain
  ``卫健委``); the reader then verifies exact containment on the document text, which is what makes
  precision exact. For terms of one or two characters the postings are already exact.
* Postings are sharded by a hash of the key, so a query fetches one small file per key it uses.
* Document texts are gzip members concatenated into pack files and fetched with HTTP Range
  requests, so verifying and snippeting ten results costs ten small transfers, without one
  file per document (30,000 reports would otherwise mean 30,000 extra files).
* Docs are numbered in publication order (``SearchDoc.seq``, then url), so a new report gets the
  next id and everything about earlier reports stays byte-for-byte the same. That is what makes
  rebuilds incremental (below): postings are cut into *blocks* of ``blockDocs`` consecutive doc
  ids, each block is encoded and deflate-compressed on its own (with the previous raw bytes of
  the same file as preset dictionary, so compression barely suffers), and a rebuild recompresses
  only the blocks whose docs changed, normally just the last one.

Incremental builds: ``search_outputs(docs, cache_dir, fill=...)`` keeps in
``cache_dir/search.sqlite`` each block's postings (keyed by a hash of its docs' texts), each
postings file's compressed blocks (as two runs, keyed by a hash of the file's raw pieces) and each
text pack (keyed by a hash of its docs). The output never depends on the cache: every cached item
is keyed by a hash of everything it was made from, and a missing, stale or corrupt item is simply
recomputed. Callers may leave the texts out (``SearchDoc.text_id``) and pass ``fill``: the index
then asks only for the texts of blocks and packs it cannot take from the cache, so a rebuild after
adding one report reads one report's text, not the whole archive's. Output files come with a key
and are made lazily (:class:`IndexFile`), so the writer makes only the files whose key changed.

Files (all paths relative to the docs dir):

``search-index/manifest.json``
    version, doc count, block size, shard count, content id (cache buster), pack list, heavy keys,
    facet vocabularies (provinces, themes, years).
``search-index/docs.bin`` (gzip)
    per doc: varint year index + 1 into the manifest's ``years`` (0 = none). Ranking breaks ties
    by year, so this column is needed before the first results.
``search-index/facets.bin`` (gzip)
    per doc the province index + 1 (varint, 0 = none); then per doc a varint theme count and the
    varint theme indexes. Loaded lazily (filters and their counts): docs are in publication
    order, so these columns form no runs and would cost a first query ~25 KB at 30,000 docs.
``search-index/kinds.bin`` (gzip)
    per doc the county index + 1 into the manifest's ``counties`` ([province, county] pairs; 0 =
    none), then per doc the doc type index + 1 into ``docTypes``. Loaded with facets.bin.
``search-index/fold.txt``
    the traditional-only characters and their simplified forms, pairs run together: the part of
    the normalisation (shared contract) that is data, not code.
``search-index/t/<n>.len.bin`` (gzip)
    varint byte length of each doc's member in pack ``n``: the reader's map for Range requests.
``search-index/t/<n>.bin``
    concatenated gzip members, one per doc in doc order (``PACK_DOCS`` docs per pack), each a
    UTF-8 JSON object ``{"u","t","c","p","y","k","th","h"}`` (url, title, county, province,
    year, doc type, themes, headings). The body is not stored: the reader fetches the doc's
    page ``u`` and reads its paragraphs (``pagetext.py``); ``SearchDoc.body`` must be that text.
``search-index/h/<n>.bin`` (gzip)
    a postings file holding only the n-th key of the manifest's ``heavy`` list.
``search-index/s/<hex>.bin`` (gzip)
    the postings file of one hash shard.

A postings file (``h`` or ``s``) decompresses to one *piece* per block, block 0 first; block ``b``
holds doc ids ``b * blockDocs`` to ``(b + 1) * blockDocs - 1`` and its piece uses ids local to
the block. A piece: varint key count; per key: varint utf-8 length, utf-8 key, varint df, varint
length of the doc-id block; then per key its doc-id block (varint deltas, first delta from -1)
followed by df score bytes (bit 7 title, bit 6 heading, bits 0-2 count class: bit length of the
occurrence count, capped at 7). A block without keys of the file is the single byte 0. The gzip
file is one member whose deflate stream is the pieces' separately compressed segments.
"""
from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
import math
import multiprocessing
import operator
import os
import re
import sqlite3
import struct
import threading
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..core import tradsimp

INDEX_DIR = "search-index"
FORMAT_VERSION = 2

COUNT_MASK = 0x07
HEADING_BIT = 0x40
TITLE_BIT = 0x80

# A shard of this many raw postings bytes gzips to ~10 KB; a query fetches one file per key it
# uses (at most six), which with ten ~7 KB texts keeps a first query well under 300 KB.
TARGET_SHARD_RAW_BYTES = 40_000
MAX_SHARDS = 4096
# Postings blocks: a rebuild after adding a report re-encodes the last block of every file, so
# this bounds its work (~1,000 docs: well under a second); each block costs every file a small
# header, so much smaller blocks would make the files a first query fetches grow. Doc ids inside
# a block are stored as uint16.
BLOCK_DOCS = 1024
# Docs per text pack (~5 MB at ~5 KB per doc). The size only matters for hosts that ignore Range
# (e.g. ``mkdocs serve``), where the reader falls back to fetching the whole pack once; a fixed
# count means changing one report rewrites only its own pack.
PACK_DOCS = 1024
# The most frequent keys get a file of their own ("heavy" keys). In a hash shard, a key found in
# most reports shares its file with others as heavy, and at 30,000 reports a common word such as
# 卫生 cost ~25 KB to fetch instead of its own ~11 KB; nearly every real query has such a key.
# Their list rides in the manifest (~5 KB gzip at 768 keys). 768 keeps the file count < ~5,000.
MAX_HEAVY = 768
HEAVY_MIN_DF_SHARE = 0.05
HEAVY_MIN_DF = 200
# Level 9 is 6x slower than 6 on postings for 2% smaller files.
POSTINGS_LEVEL = 6
TEXT_LEVEL = 9
# Each block's deflate segment may refer back this far into the file's earlier blocks: it keeps
# the files within ~2% of one-piece gzip, and setting a larger dictionary costs more than it gains.
ZDICT_BYTES = 8192

CACHE_FILE = "search.sqlite"
# Below this much work the process pool costs more than it saves.
MIN_PARALLEL_BLOCKS = 2
MIN_PARALLEL_RAW_BYTES = 16_000_000
# Docs a task of a wave (a block, or a chunk of text members) must have to be worth a process.
MIN_PARALLEL_TASK_DOCS = 128


@dataclass(frozen=True)
class SearchDoc:
    """One report as the search index sees it."""

    url: str
    """Site-relative page path, e.g. ``r/2ac8209b/``."""
    title: str
    """Report title."""
    county: str | None
    """County name, if known."""
    province: str | None
    """Province name, if known (a filter)."""
    year: int | None
    """Report year, if known (a filter)."""
    doc_type: str | None
    """Kind of report, if known (shown only)."""
    themes: tuple[str, ...]
    """Theme tags (a filter)."""
    headings: tuple[str, ...] = ()
    """Section headings; matches here rank above body matches."""
    body: str = ""
    """Plain text of the report body, paragraphs joined by ``\\n``; untrusted scraped text."""
    seq: int = 0
    """Position in the publication ledger: stable, new reports get larger numbers (doc order)."""
    text_id: bytes | None = None
    """Stands for the title, headings and body: docs with the same ``text_id`` have the same text
    (the build passes the report's parse-cache key). When set, the text is not hashed, and
    ``headings`` and ``body`` may be left empty: ``search_outputs``' ``fill`` supplies them for the
    docs whose text it needs."""


# --- shared contract: normalisation -------------------------------------------------------------

def _fold_table() -> dict[int, int]:
    # Full-width ASCII (U+FF01-U+FF5E) folds to ASCII and ASCII letters to lower case, and a
    # traditional-only character to its simplified form (東安縣 is found by 东安县 and the other way
    # round); every code point maps to exactly one code point of the same UTF-16 length, so match
    # offsets in normalised text are offsets in the original (snippets and page highlighting rely
    # on that). The reader gets the traditional part as search-index/fold.txt.
    table = {cp: ord(chr(cp - 0xFEE0).lower()) for cp in range(0xFF01, 0xFF5F)}
    table.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
    table[0x3000] = 0x20
    for trad, simp in trad_pairs():
        table[ord(trad)] = ord(simp)
    return table


def trad_pairs() -> list[tuple[str, str]]:
    """Traditional-only characters and their simplified forms, as the search folds them."""
    def units(c: str) -> int:
        return len(c.encode("utf-16-le")) // 2
    return sorted((t, s) for t, s in tradsimp.table().items()
                  if len(t) == 1 and len(s) == 1 and units(t) == units(s))


def fold_file_text() -> str:
    """search-index/fold.txt: the pairs of :func:`trad_pairs` run together (traditional, simplified)."""
    return "".join(t + s for t, s in trad_pairs())


_FOLD = _fold_table()
# Python's isalnum() == JS /[\p{L}\p{N}]/u: letters of any script, Han, and digits.
_RUN = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Fold width, ASCII case and traditional characters; length-preserving (one code point in, one out)."""
    return text.translate(_FOLD)


def searchable_text(doc: SearchDoc) -> str:
    """The text a query must occur in: title, headings and body, one per line."""
    _require_text(doc)
    return "\n".join((doc.title, *doc.headings, doc.body))


def text_missing(doc: SearchDoc) -> bool:
    """Was the doc's text left out? (``text_id`` set, headings and body empty; a doc whose text
    really is empty costs one needless ``fill``.)"""
    return doc.text_id is not None and not doc.headings and not doc.body


def _require_text(doc: SearchDoc) -> None:
    # Indexing a left-out text as empty would silently drop the report from search.
    if text_missing(doc):
        raise ValueError(f"{doc.url}: its search text was left out (text_id set) and not filled in")


def iter_keys(normalized: str) -> Iterable[str]:
    """Every unigram and every bigram inside each run of letters/digits/Han characters."""
    for run in _RUN.findall(normalized):
        yield from run
        for i in range(len(run) - 1):
            yield run[i:i + 2]


_NON_RUN = re.compile(r"[\W_]+")


def count_keys(normalized: str) -> Counter:
    """``Counter(iter_keys(normalized))`` in C-speed Python: the readable reference for
    :func:`key_codes`, which the builder uses."""
    s = _NON_RUN.sub("\0", normalized)
    counts = Counter(s)
    counts.update(map(operator.add, s, s[1:]))
    for k in [k for k in counts if "\0" in k]:
        del counts[k]
    return counts


def key_hash(key: str) -> int:
    """FNV-1a (32 bit) over code points; the reader computes the same with Math.imul."""
    h = 2166136261
    for ch in key:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h


def shard_of(key: str, n_shards: int) -> int:
    """Shard number of a key; ``n_shards`` is a power of two."""
    return key_hash(key) & (n_shards - 1)


# --- keys as integers ----------------------------------------------------------------------------
# The builder handles keys as int64 codes so numpy can count, sort and route them: a unigram is its
# code point, a bigram ``ab`` is ((a + 1) << 21) | b. Code order is only used inside the builder.

_CP_BITS = 21
_CP_MASK = (1 << _CP_BITS) - 1
_ALNUM: np.ndarray | None = None


def _alnum_table() -> np.ndarray:
    """Bool per code point: is it a letter/digit (same test as ``_RUN``)?"""
    global _ALNUM
    if _ALNUM is None:
        table = np.zeros(0x110000, dtype=bool)
        every = "".join(map(chr, range(0x110000)))
        for m in _RUN.finditer(every):
            table[m.start():m.end()] = True
        _ALNUM = table
    return _ALNUM


def key_code(key: str) -> int:
    """Code of a one- or two-character key."""
    return ord(key) if len(key) == 1 else ((ord(key[0]) + 1) << _CP_BITS) | ord(key[1])


def code_key(code: int) -> str:
    """Inverse of :func:`key_code`."""
    hi = code >> _CP_BITS
    return chr(code) if hi == 0 else chr(hi - 1) + chr(code & _CP_MASK)


def _fold_array() -> np.ndarray:
    """:func:`normalize` as a code point table, for numpy."""
    table = np.arange(0x110000, dtype=np.int64)
    table[list(_FOLD)] = list(_FOLD.values())
    return table


_FOLD_ARRAY: np.ndarray | None = None


def _fold_codes() -> np.ndarray:
    global _FOLD_ARRAY
    if _FOLD_ARRAY is None:
        _FOLD_ARRAY = _fold_array()
    return _FOLD_ARRAY


def key_codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct key codes of ``normalize(text)`` (ascending) and their counts: :func:`count_keys`
    in numpy (at 30,000 reports counting keys is most of a full build)."""
    cp = _fold_codes()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    ok = _alnum_table()[cp]
    pair = ok[:-1] & ok[1:]
    bigrams = ((cp[:-1][pair] + 1) << _CP_BITS) | cp[1:][pair]
    return np.unique(np.concatenate((cp[ok], bigrams)), return_counts=True)


def shard_codes(codes: np.ndarray, n_shards: int) -> np.ndarray:
    """:func:`shard_of` for an array of key codes."""
    c = codes.astype(np.uint64)
    hi = c >> np.uint64(_CP_BITS)
    unigram = hi == 0
    prime, mask = np.uint64(16777619), np.uint64(0xFFFFFFFF)
    h = ((np.uint64(2166136261) ^ np.where(unigram, c, hi - np.uint64(1))) * prime) & mask
    h2 = ((h ^ (c & np.uint64(_CP_MASK))) * prime) & mask
    return (np.where(unigram, h, h2) & np.uint64(n_shards - 1)).astype(np.int64)


# --- encoding helpers ----------------------------------------------------------------------------

def encode_varints(values: Iterable[int]) -> bytes:
    """LEB128 unsigned varints, concatenated."""
    vals = list(values)
    if not vals or max(vals) < 0x80:
        return bytes(vals)  # the common case for dense postings, done in C
    out = bytearray()
    for v in vals:
        while v >= 0x80:
            out.append((v & 0x7F) | 0x80)
            v >>= 7
        out.append(v)
    return bytes(out)


def decode_varints(data: bytes, pos: int = 0, count: int | None = None) -> tuple[list[int], int]:
    """Inverse of :func:`encode_varints`; reads ``count`` values (or to the end)."""
    out: list[int] = []
    n = len(data)
    while pos < n and (count is None or len(out) < count):
        v = shift = 0
        while True:
            b = data[pos]
            pos += 1
            v |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                break
        out.append(v)
    return out, pos


def _varint_lengths(values: np.ndarray) -> np.ndarray:
    return 1 + (values >= 1 << 7) + (values >= 1 << 14) + (values >= 1 << 21) + (values >= 1 << 28)


def _gzip(data: bytes, level: int = 9) -> bytes:
    # mtime=0 and no file name keep the output byte-identical between builds.
    return gzip.compress(data, compresslevel=level, mtime=0)


def _digest(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.digest()


def doc_order_key(doc: SearchDoc) -> tuple:
    """Doc ids follow this order: publication order, so new reports append."""
    return (doc.seq, doc.url)


# --- postings of one block -----------------------------------------------------------------------

def count_class(count: int) -> int:
    """1, 2-3, 4-7, ... 64+ -> 1..7: ranking uses log(count) anyway, and at 30,000 docs exact
    counts were half of every common key's postings after gzip; classes halve that."""
    return min(count.bit_length(), COUNT_MASK)


def score_byte(count: int, in_title: bool, in_heading: bool) -> int:
    """Pack an occurrence count class and field flags into one byte."""
    return count_class(count) | (TITLE_BIT if in_title else 0) | (HEADING_BIT if in_heading else 0)


_CLASSES = np.array([count_class(c) for c in range(65)], dtype=np.uint8)


def doc_postings(doc: SearchDoc) -> tuple[np.ndarray, np.ndarray]:
    """The doc's distinct key codes (ascending) and a score byte for each."""
    codes, counts = key_codes(searchable_text(doc))
    scores = _CLASSES[np.minimum(counts, 64)]
    title = key_codes(doc.title)[0]
    heads = key_codes("\n".join(doc.headings))[0]
    scores |= np.where(np.isin(codes, title, assume_unique=True), TITLE_BIT, 0).astype(np.uint8)
    scores |= np.where(np.isin(codes, heads, assume_unique=True), HEADING_BIT, 0).astype(np.uint8)
    return codes, scores


@dataclass(frozen=True)
class Block:
    """Postings of one block: per distinct key (ascending code) a run of local doc ids + scores."""

    codes: np.ndarray
    """int64 key codes, ascending."""
    df: np.ndarray
    """int32 doc count per key."""
    ids: np.ndarray
    """uint16 doc ids local to the block, grouped by key, ascending within a key."""
    scores: np.ndarray
    """uint8 score byte per posting."""


def build_block(docs: Sequence[SearchDoc]) -> Block:
    """Postings of consecutive docs (local ids 0..len-1)."""
    parts = [doc_postings(d) for d in docs]
    codes = np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int64)])
    scores = np.concatenate([p[1] for p in parts] or [np.zeros(0, np.uint8)])
    ids = np.repeat(np.arange(len(parts), dtype=np.uint16), [len(p[0]) for p in parts])
    # Stable: postings come in id order, so each key's ids stay ascending.
    return _group_postings(codes, ids, scores, np.argsort(codes, kind="stable"))


def patch_block(block: Block, keep: Sequence[int], docs: Sequence[tuple[int, SearchDoc]]
                ) -> tuple[Block, np.ndarray]:
    """``block`` with only the docs of local ids ``keep``, plus ``docs`` ((local id, doc)): the
    same as :func:`build_block` over the resulting docs, without the kept docs' texts. Also the
    keys whose postings may differ (those of the docs dropped or added), ascending."""
    kept = np.isin(block.ids, np.asarray(keep, dtype=np.uint16))
    touched = np.repeat(block.codes, block.df)[~kept]
    codes, ids, scores = np.repeat(block.codes, block.df)[kept], block.ids[kept], block.scores[kept]
    parts = [doc_postings(doc) for _, doc in docs]
    new_codes = np.concatenate([c for c, _ in parts] or [np.zeros(0, np.int64)])
    new_ids = np.repeat(np.array([i for i, _ in docs], dtype=np.uint16), [len(c) for c, _ in parts])
    new_scores = np.concatenate([sc for _, sc in parts] or [np.zeros(0, np.uint8)])
    order = np.lexsort((new_ids, new_codes))
    # The kept postings are sorted by (key, id) already: merge the few new ones in, no full sort.
    at = np.searchsorted(codes * 65536 + ids, new_codes[order] * 65536 + new_ids[order])
    patched = _group_postings(np.insert(codes, at, new_codes[order]), np.insert(ids, at, new_ids[order]),
                              np.insert(scores, at, new_scores[order]), None)
    return patched, np.unique(np.concatenate((touched, new_codes)))


def _group_postings(codes: np.ndarray, ids: np.ndarray, scores: np.ndarray, order: np.ndarray | None) -> Block:
    """A block from postings and the order that sorts them by key, then doc id (None: sorted)."""
    if order is not None:
        codes, ids, scores = codes[order], ids[order], scores[order]
    starts = np.flatnonzero(np.diff(codes)) + 1 if len(codes) else np.zeros(0, np.int64)
    bounds = np.concatenate(([0], starts, [len(codes)])) if len(codes) else np.zeros(1, np.int64)
    return Block(codes[bounds[:-1]], np.diff(bounds).astype(np.int32), ids, scores)


def block_stats_bytes(block: Block) -> bytes:
    """The part of a block the global statistics need (keys and dfs), for the cache."""
    return zlib.compress(struct.pack("<Q", len(block.codes)) + block.codes.tobytes() + block.df.tobytes(), 1)


def block_post_bytes(block: Block) -> bytes:
    """The rest of a block (ids, scores), for the cache."""
    return zlib.compress(block.ids.tobytes() + block.scores.tobytes(), 1)


def stats_from_bytes(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    raw = zlib.decompress(data)
    (k,) = struct.unpack_from("<Q", raw)
    codes = np.frombuffer(raw, np.int64, k, 8)
    df = np.frombuffer(raw, np.int32, k, 8 + 8 * k)
    return codes, df


def block_from_bytes(stats: bytes, post: bytes) -> Block:
    codes, df = stats_from_bytes(stats)
    raw = zlib.decompress(post)
    n = int(df.sum())
    if len(raw) != 3 * n:
        raise ValueError("block size mismatch")
    return Block(codes, df, np.frombuffer(raw, np.uint16, n), np.frombuffer(raw, np.uint8, n, 2 * n))


# --- pieces: the raw bytes of one postings file in one block -------------------------------------

@dataclass(frozen=True)
class Postings:
    """Keys of some docs: key -> (doc ids ascending, score bytes). The readable form of a piece."""

    docs: dict[str, Sequence[int]]
    scores: dict[str, bytes]


def encode_shard(keys: Sequence[str], postings: Postings) -> bytes:
    """One piece, the reference encoder (format in the module docstring); the builder uses the
    vectorised :func:`encode_pieces`, which must agree with this."""
    head = bytearray(encode_varints([len(keys)]))
    blobs = []
    for key in keys:
        ids = list(postings.docs[key])
        id_block = encode_varints([ids[0] + 1] + [b - a for a, b in zip(ids, ids[1:])])
        kb = key.encode("utf-8")
        head += encode_varints([len(kb)]) + kb + encode_varints([len(ids), len(id_block)])
        blobs.append(id_block)
        blobs.append(bytes(postings.scores[key]))
    return bytes(head) + b"".join(blobs)


def decode_piece(data: bytes, pos: int = 0) -> tuple[dict[str, list[tuple[int, int]]], int]:
    """One piece at ``pos``: key -> [(local doc id, score byte)], and the end position."""
    (n,), pos = decode_varints(data, pos, 1)
    heads = []
    for _ in range(n):
        (klen,), pos = decode_varints(data, pos, 1)
        key = data[pos:pos + klen].decode("utf-8")
        pos += klen
        (df, idlen), pos = decode_varints(data, pos, 2)
        heads.append((key, df, idlen))
    out = {}
    for key, df, idlen in heads:
        deltas, end = decode_varints(data[pos:pos + idlen])
        assert end == idlen and len(deltas) == df
        pos += idlen
        ids, last = [], -1
        for d in deltas:
            last += d
            ids.append(last)
        out[key] = list(zip(ids, data[pos:pos + df]))
        pos += df
    return out, pos


def decode_shard(data: bytes, block_docs: int) -> dict[str, list[tuple[int, int]]]:
    """A whole decompressed postings file (for tests and tools): key -> [(doc id, score byte)]."""
    out: dict[str, list[tuple[int, int]]] = {}
    pos, block = 0, 0
    while pos < len(data):
        piece, pos = decode_piece(data, pos)
        for key, posts in piece.items():
            out.setdefault(key, []).extend((block * block_docs + i, s) for i, s in posts)
        block += 1
    return out


_KEY_HEADS: dict[int, bytes] = {}


def _key_head(code: int) -> bytes:
    head = _KEY_HEADS.get(code)
    if head is None:
        kb = code_key(code).encode("utf-8", "surrogatepass")
        head = _KEY_HEADS[code] = encode_varints([len(kb)]) + kb
    return head


def encode_pieces(block: Block, slot_of_key: np.ndarray, wanted: np.ndarray) -> dict[int, bytes]:
    """The pieces of this block for every wanted file (``wanted``: bool per file slot), given the
    file slot of each of the block's keys. Slots without keys here get ``b"\\0"``. Keys go in code
    order; all id/score bytes are written by numpy in one pass."""
    pieces = {int(s): b"\0" for s in np.flatnonzero(wanted)}
    starts = np.concatenate(([0], np.cumsum(block.df, dtype=np.int64)))
    sel = np.flatnonzero(wanted[slot_of_key])
    if not len(sel):
        return pieces
    keys = sel[np.argsort(slot_of_key[sel], kind="stable")]  # by file, then code
    df = block.df[keys].astype(np.int64)
    total = int(df.sum())
    first = np.cumsum(df) - df  # each key's first posting in the gathered order
    gather = np.arange(total) + np.repeat(starts[keys] - first, df)
    ids = block.ids[gather].astype(np.int64)
    prev = np.empty_like(ids)
    prev[1:] = ids[:-1]
    prev[first] = -1
    deltas = ids - prev
    vlen = _varint_lengths(deltas)
    vstart = np.cumsum(vlen) - vlen
    idlen = np.add.reduceat(vlen, first)
    region = idlen + df
    rstart = np.cumsum(region) - region
    out = np.empty(int(region.sum()), dtype=np.uint8)
    pos = np.repeat(rstart - vstart[first], df) + vstart
    for k in range(int(vlen.max())):
        m = vlen > k
        out[pos[m] + k] = ((deltas[m] >> (7 * k)) & 0x7F) | np.where(vlen[m] > k + 1, 0x80, 0)
    out[np.repeat(rstart + idlen - first, df) + np.arange(total)] = block.scores[gather]

    slots = slot_of_key[keys]
    cut = np.concatenate(([0], np.flatnonzero(np.diff(slots)) + 1, [len(keys)]))
    codes, dfl, idl = block.codes[keys].tolist(), df.tolist(), idlen.tolist()
    heads = [_key_head(c) + encode_varints((d, i)) for c, d, i in zip(codes, dfl, idl)]
    ends = (rstart + region).tolist()
    rs = rstart.tolist()
    for a, b in zip(cut[:-1].tolist(), cut[1:].tolist()):
        pieces[int(slots[a])] = (encode_varints([b - a]) + b"".join(heads[a:b])
                                 + out[rs[a]:ends[b - 1]].tobytes())
    return pieces


# --- compressed pieces and whole postings files --------------------------------------------------

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# An empty final block with fixed codes: ends a deflate stream made of sync-flushed segments.
_DEFLATE_END = b"\x03\x00"


def compress_piece(raw: bytes, zdict: bytes) -> bytes:
    """A raw deflate segment, byte-aligned (sync flush) so segments concatenate into one stream;
    ``zdict`` (the file's preceding raw bytes) lets it refer back into the earlier blocks."""
    args = (POSTINGS_LEVEL, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY)
    c = zlib.compressobj(*args, zdict) if zdict else zlib.compressobj(*args)
    return c.compress(raw) + c.flush(zlib.Z_SYNC_FLUSH)


def compress_segments(raws: Sequence[bytes], tail: bytes, crc: int, size: int, keep: Iterable[int] = ()
                      ) -> tuple[list[tuple[bytes, int, int]], dict[int, bytes]]:
    """Segments of consecutive pieces of a file whose earlier raw bytes end in ``tail`` and have
    CRC-32 ``crc`` and length ``size``: per piece (segment, running CRC, running length), and the
    raw tail after each piece whose index is in ``keep`` (preset dictionaries for a later build)."""
    keep = set(keep)
    segments, tails = [], {}
    for i, raw in enumerate(raws):
        crc, size = zlib.crc32(raw, crc), size + len(raw)
        segments.append((compress_piece(raw, tail), crc, size))
        tail = (tail + raw)[-ZDICT_BYTES:]
        if i in keep:
            tails[i] = tail
    return segments, tails


def raw_tail(segments: Sequence[bytes], before: bytes = b"") -> bytes:
    """The last ZDICT_BYTES raw bytes of a file up to the end of ``segments``, which follow raw
    bytes ending in ``before`` (empty: they are the file's first segments)."""
    d = zlib.decompressobj(-15, zdict=before) if before else zlib.decompressobj(-15)
    return (before + d.decompress(b"".join(segments)))[-ZDICT_BYTES:]


def gzip_file(data: bytes, crc: int, size: int) -> bytes:
    """The gzip file of a postings file's concatenated segments, given the CRC-32 and length of
    its raw bytes (one member; any gzip reader decodes it)."""
    return _GZIP_HEADER + data + _DEFLATE_END + struct.pack("<II", crc, size & 0xFFFFFFFF)


def _source_hash() -> bytes:
    # Output keys must change when this code changes how bytes are made, even if no constant does.
    return hashlib.sha256(Path(__file__).read_bytes()).digest()[:8]


_SALT = repr((FORMAT_VERSION, POSTINGS_LEVEL, ZDICT_BYTES, TEXT_LEVEL, zlib.ZLIB_RUNTIME_VERSION,
              _source_hash().hex(), hashlib.sha256(fold_file_text().encode()).hexdigest()[:16])).encode()


# --- global statistics ---------------------------------------------------------------------------

def heavy_keys(codes: np.ndarray, df: np.ndarray, n_docs: int) -> list[str]:
    """The keys that get their own file, sorted (the manifest's ``heavy`` list)."""
    floor = max(HEAVY_MIN_DF, HEAVY_MIN_DF_SHARE * n_docs)
    pick = np.flatnonzero(df >= floor)
    frequent = sorted(((-int(df[i]), code_key(int(codes[i]))) for i in pick))
    return sorted(k for _, k in frequent[:MAX_HEAVY])


def choose_shard_count(df: np.ndarray) -> int:
    """Smallest power of two that keeps shards near TARGET_SHARD_RAW_BYTES."""
    # ~2 bytes per posting (delta + score) plus the key header.
    raw = 2 * int(df.sum()) + 8 * len(df)
    n = 1
    while n < MAX_SHARDS and raw / n > TARGET_SHARD_RAW_BYTES:
        n *= 2
    return n


def merge_stats(stats: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Corpus-wide df per key from the blocks' (codes, df)."""
    if not stats:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    codes = np.concatenate([c for c, _ in stats])
    uniq, inv = np.unique(codes, return_inverse=True)
    return uniq, np.bincount(inv, weights=np.concatenate([d for _, d in stats]), minlength=len(uniq)).astype(np.int64)


@dataclass(frozen=True)
class Layout:
    """Which file ("slot") every key goes to: heavy keys 0..H-1, then the hash shards."""

    heavy: list[str]
    n_shards: int
    heavy_codes: np.ndarray
    """Heavy key codes, ascending, and their slots."""
    heavy_slots: np.ndarray

    @property
    def n_slots(self) -> int:
        return len(self.heavy) + self.n_shards

    def slots(self, codes: np.ndarray) -> np.ndarray:
        slot = len(self.heavy) + shard_codes(codes, self.n_shards)
        if len(self.heavy_codes):
            pos = np.minimum(np.searchsorted(self.heavy_codes, codes), len(self.heavy_codes) - 1)
            hit = self.heavy_codes[pos] == codes
            slot[hit] = self.heavy_slots[pos[hit]]
        return slot

    def identities(self) -> list[str]:
        """Per slot, everything besides its blocks that its bytes depend on."""
        excluded: dict[int, list[str]] = {}
        for k in self.heavy:
            excluded.setdefault(shard_of(k, self.n_shards), []).append(k)
        return ([f"h/{k}" for k in self.heavy]
                + [f"s/{self.n_shards}/{s}/" + "\0".join(excluded.get(s, [])) for s in range(self.n_shards)])

    def paths(self) -> list[str]:
        width = len(f"{self.n_shards - 1:x}")
        return ([f"{INDEX_DIR}/h/{n}.bin" for n in range(len(self.heavy))]
                + [f"{INDEX_DIR}/s/{s:0{width}x}.bin" for s in range(self.n_shards)])


def make_layout(heavy: list[str], n_shards: int) -> Layout:
    codes = np.array([key_code(k) for k in heavy], dtype=np.int64)
    order = np.argsort(codes)
    return Layout(heavy, n_shards, codes[order], order.astype(np.int64))


# --- docs, packs, facet columns ------------------------------------------------------------------

def record_json(doc: SearchDoc) -> bytes:
    """The stored text of one doc: JSON (the reader parses it, never evaluates it)."""
    _require_text(doc)
    # No body: the reader takes it from the report's page (pagetext.py), which holds the same
    # text; a second copy here was 7 KB a report, 216 MB at 30,000.
    rec = {"u": doc.url, "t": doc.title, "c": doc.county, "p": doc.province, "y": doc.year,
           "k": doc.doc_type, "th": list(doc.themes), "h": list(doc.headings)}
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def doc_record(doc: SearchDoc) -> bytes:
    """One doc's gzip member in its text pack."""
    return _gzip(record_json(doc), TEXT_LEVEL)


def _vocab(values: Iterable[str | None]) -> list[str]:
    return sorted({v for v in values if v})


def encode_year_column(docs: Sequence[SearchDoc], years: list[int]) -> bytes:
    """docs.bin before gzip."""
    y_index = {y: i + 1 for i, y in enumerate(years)}
    return encode_varints(y_index.get(d.year or 0, 0) for d in docs)


def encode_facet_columns(docs: Sequence[SearchDoc], provinces: list[str], themes: list[str]) -> bytes:
    """facets.bin before gzip: province column, then per doc a theme count and theme indexes."""
    p_index = {p: i + 1 for i, p in enumerate(provinces)}
    t_index = {t: i for i, t in enumerate(themes)}
    col: list[int] = [p_index.get(d.province or "", 0) for d in docs]
    for d in docs:
        ids = sorted({t_index[t] for t in d.themes})
        col += [len(ids), *ids]
    return encode_varints(col)


def county_vocab(docs: Sequence[SearchDoc]) -> list[tuple[str, str]]:
    """(province, county) pairs with a county, sorted: the county filter's values (names repeat
    across provinces, so a county is its pair)."""
    return sorted({(d.province or "", d.county) for d in docs if d.county})


def encode_kind_columns(docs: Sequence[SearchDoc], counties: list[tuple[str, str]], doc_types: list[str]) -> bytes:
    """kinds.bin before gzip: per doc the county index + 1, then per doc the doc type index + 1 (0 = none)."""
    c_index = {c: i + 1 for i, c in enumerate(counties)}
    k_index = {k: i + 1 for i, k in enumerate(doc_types)}
    return encode_varints([c_index.get((d.province or "", d.county), 0) if d.county else 0 for d in docs]
                          + [k_index.get(d.doc_type or "", 0) for d in docs])


# --- the cache -----------------------------------------------------------------------------------

# The kinds of rows make() reads once the build has returned: without a usable SQLite file they
# are held in memory instead (other kinds only serve the next build, which has no use for them).
_HELD_KINDS = ("run", "pack")
# Host parameters per SQLite query (older SQLite allows 999).
_IN_BATCH = 500


class Cache:
    """Content-addressed blobs in one SQLite file; every read is checked, any failure is a miss.

    Kinds: ``stats``/``post`` (a block, keyed by its hash), ``index`` (the text hash of every doc
    of the last build, to find which docs of a block it has already indexed), ``head`` (what is known of a postings
    file, keyed by its identity), ``run`` (a run of a postings file's segments, keyed by its piece
    chain and first block), ``tail`` (a file's raw bytes before a block, its next segment's preset
    dictionary, keyed by its piece chain), ``pack``/``phead`` (a text pack, and its members'
    record hashes and lengths, keyed by the pack's hash).

    ``close()`` drops every row the build did not pass to ``keep()``. The build keeps what the
    next build and this build's ``make()`` calls need, whether or not it read it, and nothing
    else, so the cache stays the size of one build.
    """

    SCHEMA = 2

    def __init__(self, directory: Path | None, held: dict[tuple[str, bytes], bytes] | None = None):
        self.db: sqlite3.Connection | None = None
        self.path = directory / CACHE_FILE if directory is not None else None
        self.held = {} if held is None else held
        """Rows of ``_HELD_KINDS`` written while there is no usable SQLite file."""
        self.kept: dict[str, set[bytes]] = {}
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = self._connect(self.path)
        except (OSError, sqlite3.Error):
            try:  # unreadable or not a database: start afresh
                self.path.unlink(missing_ok=True)
                self.db = self._connect(self.path)
            except (OSError, sqlite3.Error):
                self.db = None

    @classmethod
    def _connect(cls, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        # A cache needs no durability: a torn file is detected (checksums, or SQLite's own errors)
        # and rebuilt. Large pages because many rows are tens of kilobytes.
        db.execute("PRAGMA page_size=16384")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA journal_mode=MEMORY")
        db.execute("CREATE TABLE IF NOT EXISTS blob (kind TEXT, key BLOB, data BLOB, chk BLOB, "
                   "PRIMARY KEY (kind, key))")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        version = repr((cls.SCHEMA, _SALT, BLOCK_DOCS, PACK_DOCS))
        row = db.execute("SELECT v FROM meta WHERE k='version'").fetchone()
        if row is None or row[0] != version:
            db.execute("DELETE FROM blob")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (version,))
            db.commit()
        return db

    def _fail(self) -> None:
        # A cache that misbehaves is dropped for the rest of the build; the output never needs it.
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass  # closing a broken connection: nothing left to save
        self.db = None

    def get(self, kind: str, key: bytes) -> bytes | None:
        return self.get_many(kind, [key]).get(key)

    def get_many(self, kind: str, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        """The rows of these keys that exist and pass their checksum."""
        keys = list(keys)
        out = {k: self.held[kind, k] for k in keys if (kind, k) in self.held}
        rest = [k for k in keys if k not in out]
        if self.db is None or not rest:
            return out
        bad = []
        try:
            for batch in _batches(rest, _IN_BATCH):
                for key, data, chk in self.db.execute(
                        f"SELECT key, data, chk FROM blob WHERE kind=? AND key IN ({','.join('?' * len(batch))})",
                        (kind, *batch)):
                    if _check(kind, key, data) == chk:
                        out[key] = data
                    else:
                        bad.append((kind, key))
            if bad:  # deleted, so whatever refers to it is seen as missing from now on
                self.db.executemany("DELETE FROM blob WHERE kind=? AND key=?", bad)
        except sqlite3.Error:
            self._fail()
        return out

    def present(self, kind: str, keys: Iterable[bytes]) -> set[bytes]:
        """Which of ``keys`` have a row (unchecked: whoever reads one still checks it)."""
        keys = list(keys)
        out = {k for k in keys if (kind, k) in self.held}
        if self.db is None:
            return out
        try:
            for batch in _batches(keys, _IN_BATCH):
                out.update(k for (k,) in self.db.execute(
                    f"SELECT key FROM blob WHERE kind=? AND key IN ({','.join('?' * len(batch))})", (kind, *batch)))
        except sqlite3.Error:
            self._fail()
        return out

    def keys(self, kind: str) -> set[bytes]:
        """Every key of a kind that has a row (unchecked)."""
        out = {k for c, k in self.held if c == kind}
        if self.db is None:
            return out
        try:
            out.update(k for (k,) in self.db.execute("SELECT key FROM blob WHERE kind=?", (kind,)))
        except sqlite3.Error:
            self._fail()
        return out

    def scan(self, kind: str) -> dict[bytes, bytes]:
        """Every row of a kind that passes its checksum (for kinds of a few small rows)."""
        return self.get_many(kind, self.keys(kind))

    def put_many(self, kind: str, items: dict[bytes, bytes]) -> None:
        if not items:
            return
        if self.db is not None:
            try:
                self.db.executemany("INSERT OR REPLACE INTO blob VALUES (?, ?, ?, ?)",
                                    ((kind, k, v, _check(kind, k, v)) for k, v in items.items()))
                return
            except sqlite3.Error:
                self._fail()
        if kind in _HELD_KINDS:
            self.held.update(((kind, k), v) for k, v in items.items())

    def keep(self, kind: str, keys: Iterable[bytes]) -> None:
        """Keep these rows (if they exist) past ``close()``."""
        self.kept.setdefault(kind, set()).update(keys)

    def close(self) -> None:
        """Commit, and drop every row not kept."""
        if self.db is None:
            return
        try:
            self.db.commit()
            stale = [(kind, key) for kind, key in self.db.execute("SELECT kind, key FROM blob")
                     if key not in self.kept.get(kind, ())]
            self.db.executemany("DELETE FROM blob WHERE kind=? AND key=?", stale)
            self.db.commit()
        except sqlite3.Error:
            pass  # rows not dropped are only wasted space; make() checks what it reads
        self._fail()


def _check(kind: str, key: bytes, data: bytes) -> bytes:
    # Covers kind and key too, so a blob can never be taken for another entry's.
    return _digest(kind.encode(), key, data)


def _batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- what the cache holds of postings files and packs --------------------------------------------

@dataclass(frozen=True)
class FileHead:
    """What the cache knows of one postings file, per block."""

    blocks: tuple[bytes, ...]
    """Hash of the block the file's piece was made from."""
    pieces: tuple[bytes, ...]
    """Piece chain: a hash of the file's raw pieces up to the block (its bytes up to there
    depend on nothing else)."""
    crc: tuple[int, ...]
    """CRC-32 of the file's raw bytes up to the block."""
    size: tuple[int, ...]
    """Length of the file's raw bytes up to the block."""
    seglen: tuple[int, ...]
    """Length of the block's compressed segment."""

    def to_bytes(self) -> bytes:
        n = len(self.pieces)
        return (struct.pack("<I", n) + b"".join(self.blocks) + b"".join(self.pieces)
                + struct.pack(f"<{n}I{n}Q{n}I", *self.crc, *self.size, *self.seglen))

    @classmethod
    def from_bytes(cls, data: bytes) -> FileHead:
        (n,) = struct.unpack_from("<I", data)
        if len(data) != 4 + 48 * n:
            raise ValueError("file head size")
        nums = struct.unpack_from(f"<{n}I{n}Q{n}I", data, 4 + 32 * n)
        return cls(_cut16(data, 4, n), _cut16(data, 4 + 16 * n, n), nums[:n], nums[n:2 * n], nums[2 * n:])


def _cut16(data: bytes, pos: int, n: int) -> tuple[bytes, ...]:
    return tuple([data[i:i + 16] for i in range(pos, pos + 16 * n, 16)])


def file_runs(pieces: Sequence[bytes]) -> list[tuple[bytes, int, int]]:
    """(row key, first block, end block) of the runs a postings file with this piece chain is
    stored in: every block but the last, and the last. Adding a report changes only the last
    block, so a rebuild writes one small run per changed file, and making a file reads two rows."""
    n = len(pieces)
    runs = [(pieces[n - 2] + struct.pack("<I", 0), 0, n - 1)] if n >= 2 else []
    if n:
        runs.append((pieces[n - 1] + struct.pack("<I", n - 1), n - 1, n))
    return runs


def file_tails(pieces: Sequence[bytes]) -> list[int]:
    """Blocks whose raw tail (the preset dictionary of the next block) is cached: the end of the
    first run, for a changed last block. (When a new block starts, the tail before it is found by
    decompressing the last segment alone, from this one.) It changes only with the block count."""
    return [len(pieces) - 2] if len(pieces) >= 2 else []


def pack_head_bytes(records: Sequence[bytes], lengths: Sequence[int], digest: bytes) -> bytes:
    return struct.pack(f"<I{len(lengths)}I", len(lengths), *lengths) + b"".join(records) + digest


def pack_head_from_bytes(data: bytes) -> tuple[tuple[bytes, ...], tuple[int, ...], bytes]:
    """Record hashes and member lengths of a cached pack, and a digest of its bytes."""
    (n,) = struct.unpack_from("<I", data)
    if len(data) != 4 + 20 * n + 16:
        raise ValueError("pack head size")
    return _cut16(data, 4 + 4 * n, n), struct.unpack_from(f"<{n}I", data, 4), data[-16:]


def _content_key(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


# --- parallel map --------------------------------------------------------------------------------

# Worker processes are forked and read the build's inputs from here instead of receiving them
# pickled (a wave of texts is tens of megabytes; the raw postings of a full build ~1 GB).
_STATE: dict[str, Any] = {}


def _pmap(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, parallel: bool) -> list[Any]:
    if (workers <= 1 or not parallel or len(items) < 2 or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()):  # a pool worker cannot fork
        return [fn(x) for x in items]
    _alnum_table(), _fold_codes()  # made once here rather than once per worker
    with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
        return pool.map(fn, items, chunksize=1)


def _wave_task(task: tuple[str, Any]) -> Any:
    kind, arg = task
    return _block_task(arg) if kind == "block" else _member_task(arg)


def _block_task(b: int) -> tuple[bytes, bytes, bytes | None]:
    """A block's stats and postings, and the codes of the keys that differ from the block it was
    patched from (None: made whole)."""
    docs, size = _STATE["docs"], _STATE["block_docs"]
    same, stats, post = _STATE["bases"].get(b, ((), b"", b""))
    lo, hi = b * size, min((b + 1) * size, len(docs))
    if not same:
        block = build_block(docs[lo:hi])
        return block_stats_bytes(block), block_post_bytes(block), None
    kept = set(same)
    block, touched = patch_block(block_from_bytes(stats, post), same,
                                 [(i, docs[lo + i]) for i in range(hi - lo) if i not in kept])
    return block_stats_bytes(block), block_post_bytes(block), touched.tobytes()


def _member_task(indexes: Sequence[int]) -> list[bytes]:
    docs = _STATE["docs"]
    return [doc_record(docs[i]) for i in indexes]


def _encode_task(b: int) -> dict[int, bytes]:
    stats, post = _STATE["block_bytes"][b]
    block = block_from_bytes(stats, post)
    layout: Layout = _STATE["layout"]
    return encode_pieces(block, layout.slots(block.codes), _STATE["wanted"][b])


def _compress_task(jobs: Sequence[int]) -> list[tuple[list[tuple[bytes, int, int]], dict[int, bytes]]]:
    pieces, n = _STATE["pieces"], _STATE["n_blocks"]
    out = []
    for j in jobs:
        slot, k1, crc, size, tail = _STATE["jobs"][j]
        keep = [n - 2 - k1] if n - 2 >= k1 else []
        out.append(compress_segments([pieces[b][slot] for b in range(k1, n)], tail, crc, size, keep))
    return out


def _chunks(items: Sequence[int], n: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / n))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _worker_count(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)


# --- hashes --------------------------------------------------------------------------------------

def text_hash(doc: SearchDoc) -> bytes:
    """Hash of everything a doc's postings depend on: its title and ``text_id`` (which stands for
    its text), or its title, headings and body."""
    title = doc.title.encode("utf-8", "surrogatepass")
    if doc.text_id is not None:
        return _digest(doc.text_id, title)  # two parts: never equal to a three-part text hash
    return _digest(title, "\0".join(doc.headings).encode("utf-8", "surrogatepass"),
                   doc.body.encode("utf-8", "surrogatepass"))


def record_hash(doc: SearchDoc, text: bytes) -> bytes:
    """Hash of everything a doc's text member depends on (``text``: its :func:`text_hash`)."""
    meta = (doc.url, doc.county, doc.province, doc.year, doc.doc_type, doc.themes)
    return _digest(text, json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def pack_key(docs: Sequence[SearchDoc], hashes: Sequence[bytes]) -> bytes:
    """Hash of everything a text pack depends on (``hashes``: its docs' text hashes); one JSON
    dump per pack rather than a record hash per doc, since every build needs every pack's key."""
    meta = [(d.url, d.county, d.province, d.year, d.doc_type, d.themes) for d in docs]
    return _digest(_SALT, b"pack", json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"),
                   b"".join(hashes))


# The piece chain of a postings file before its first block.
_PIECE_SEED = _digest(_SALT, b"pieces")
# The row holding the text hash of every doc of the last build, in doc order.
_DOCS_ROW = b"doc hashes"


def _valid_stats(data: bytes) -> bool:
    try:
        stats_from_bytes(data)
    except (ValueError, zlib.error, struct.error):
        return False
    return True


# --- the build -----------------------------------------------------------------------------------

# Docs per ``fill`` call: bounds the texts held at once, by the caller and here.
FILL_BATCH = 1024


@dataclass(frozen=True)
class IndexFile:
    """One file of the index, made on demand."""

    path: str
    """Relative to the docs dir, e.g. ``search-index/s/3f.bin``."""
    key: str
    """Changes whenever the bytes would, and is known without making them: a writer can skip
    ``make`` for a file whose key and on-disk state match its last write."""
    make: Callable[[], bytes]
    """Makes the bytes; may be called after :func:`search_outputs` has returned."""


@dataclass(frozen=True)
class _Made:
    """What makes one postings file: its piece chain's last value and the rows of its runs."""

    slot: int
    key: bytes
    runs: tuple[bytes, ...]
    crc: int
    size: int


@dataclass
class _Job:
    """A postings file to recompress from block ``k1`` on."""

    slot: int
    pieces: list[bytes]
    """The file's new piece chain."""
    k1: int
    head: FileHead | None
    crc: int = 0
    size: int = 0
    tail: bytes = b""
    """Raw bytes before block ``k1``: the preset dictionary of its segment."""
    old: list[bytes] | None = None
    """The cached segments, when some of them must be rewritten into a new run."""


@dataclass
class _PackPlan:
    """One text pack: cached (``lengths`` known) or to make."""

    n: int
    first: int
    end: int
    key: bytes
    """Hash of what the pack is made from: its row in the cache."""
    lengths: tuple[int, ...] | None = None
    digest: bytes = b""
    """Hash of the pack's bytes: its output key. A key made from its inputs would differ between
    docs with and without ``text_id``, and so would the manifest id that is made from the keys."""
    records: list[bytes] = dataclasses.field(default_factory=list)
    """Record hash of each doc, for a pack to make."""
    missing: list[int] = dataclasses.field(default_factory=list)
    """Docs of a pack to make whose member no cached pack holds."""


class _Build:
    """One run of :func:`search_outputs`: takes from the cache what it can and asks ``fill`` for
    the texts of the rest only."""

    def __init__(self, docs: Sequence[SearchDoc], cache: Cache, workers: int,
                 fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None):
        self.docs = list(docs)
        """Doc order; texts are put in for one wave of work at a time."""
        self.cache, self.workers, self.fill = cache, workers, fill
        self.size = BLOCK_DOCS
        if not 0 < self.size <= 1 << 16:
            raise ValueError("BLOCK_DOCS must be in 1..65536 (doc ids in a block are uint16)")
        self.hashes = [text_hash(d) for d in self.docs]
        n = math.ceil(len(self.docs) / self.size)
        self.block_hashes = [_digest(*self.hashes[b * self.size:(b + 1) * self.size]) for b in range(n)]
        self.blocks = tuple(self.block_hashes)
        self.stats: dict[int, bytes] = {}
        self.parsed: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.posts: dict[int, bytes] = {}
        """Postings of the blocks made or read this build."""
        self.members: dict[int, bytes] = {}
        """Text members made, waiting for their pack."""
        self.old_members: dict[bytes, tuple[bytes, int, int]] = {}
        self.old_packs: dict[bytes, bytes | None] = {}
        self.rows: dict[str, dict[bytes, bytes]] = {}
        self.run_keys: set[bytes] = set()
        self.tail_keys: set[bytes] = set()
        self.base_hashes: dict[int, bytes] = {}
        """Blocks patched from a block of the last build: that block's hash."""
        self.touched: dict[int, np.ndarray] = {}
        """... and the codes of the keys whose postings differ from it."""
        self.untouched: dict[int, tuple[bytes, np.ndarray]] = {}
        """... and per file slot, whether its piece is the same as in that block."""
        self.differ: dict[tuple[bytes, ...], list[int]] = {}
        """Blocks list of cached files -> the blocks that differ now."""
        self.old_segments: dict[int, list[bytes] | None] = {}
        """Cached segments of changed files, read once (None: gone)."""
        self.filled = 0
        cache.keep("stats", self.block_hashes)
        cache.keep("post", self.block_hashes)

    @property
    def n_blocks(self) -> int:
        return len(self.block_hashes)

    # -- texts --

    def _fill(self, indexes: Sequence[int]) -> dict[int, SearchDoc]:
        """Put in the texts left out of these docs; returns the docs replaced, to put back."""
        todo = [i for i in indexes if text_missing(self.docs[i])]
        if todo and self.fill is None:
            raise ValueError(f"search index: the text of {self.docs[todo[0]].url} is needed (its postings "
                             "block or text pack is not in the cache) but was left out (text_id set) "
                             "and no fill function was given")
        originals = {}
        for batch in _batches(todo, FILL_BATCH):
            given = [self.docs[i] for i in batch]
            got = list(self.fill(given))  # type: ignore[misc]
            if len(got) != len(given) or any(g.url != d.url for g, d in zip(got, given)):
                raise ValueError(f"search index: fill must return the docs it is given, in order "
                                 f"(given {len(given)} from {given[0].url}, got {len(got)})")
            for i, doc, full in zip(batch, given, got):
                originals[i] = doc
                # Without text_id the doc is known to carry its text, even an empty one.
                self.docs[i] = dataclasses.replace(doc, headings=tuple(full.headings), body=full.body,
                                                   text_id=None)
        self.filled += len(todo)
        return originals

    def make_texts(self, fresh: dict[int, tuple[tuple[int, ...], bytes, bytes]], members: Iterable[int],
                   packs: Sequence[_PackPlan] = ()) -> None:
        """Make the blocks ``fresh`` (block -> the local ids of its docs found in a cached block,
        that block's stats and postings) and the text members of ``members``, then the ``packs``.

        The texts are filled in a wave (``workers`` blocks' docs) at a time and dropped after it,
        so the archive's whole text is never in memory; a wave's work runs in forked workers."""
        members = set(members)
        need: dict[int, set[int]] = {}
        for b, (same, _, _) in fresh.items():
            lo, kept = b * self.size, set(same)
            need.setdefault(b, set()).update(i for i in range(lo, min(lo + self.size, len(self.docs)))
                                             if i - lo not in kept)
        for i in members:
            need.setdefault(i // self.size, set()).add(i)
        pending = [p for p in packs if p.lengths is None]
        _STATE.update(docs=self.docs, block_docs=self.size, bases=fresh)
        order = sorted(need)
        for w in range(0, len(order), self.workers):
            wave = order[w:w + self.workers]
            self._wave([(b, len(need[b])) for b in wave if b in fresh],
                       sorted(i for b in wave for i in need[b] & members), sorted(i for b in wave for i in need[b]))
            pending = self._make_packs(pending, final=False)
        self._make_packs(pending, final=True)
        self.old_packs.clear()

    def _wave(self, blocks: list[tuple[int, int]], members: list[int], docs: list[int]) -> None:
        """Fill ``docs``, make ``blocks`` ((block, docs to index)) and the members of ``members``."""
        originals = self._fill(docs)
        try:
            tasks = ([("block", b) for b, _ in blocks]
                     + [("members", c) for c in _chunks(members, 2 * self.workers)])
            sizes = [n for _, n in blocks] + [len(c) for _, c in tasks[len(blocks):]]
            # Forking pays only when at least two tasks are worth a process.
            results = _pmap(_wave_task, tasks, self.workers, sum(n >= MIN_PARALLEL_TASK_DOCS for n in sizes) >= 2)
        finally:
            for i, doc in originals.items():
                self.docs[i] = doc
        for (kind, arg), result in zip(tasks, results):
            if kind == "block":
                self.stats[arg], self.posts[arg], touched = result
                self.parsed[arg] = stats_from_bytes(result[0])
                if touched is not None and arg in self.base_hashes:
                    self.touched[arg] = np.frombuffer(touched, dtype=np.int64)
                self.cache.put_many("stats", {self.block_hashes[arg]: result[0]})
                self.cache.put_many("post", {self.block_hashes[arg]: result[1]})
            else:
                self.members.update(zip(arg, result))

    # -- blocks --

    def blocks_from_cache(self) -> dict[int, tuple[tuple[int, ...], bytes, bytes]]:
        """Read every block's statistics; returns the blocks to make (see :meth:`make_texts`)."""
        rows = self.cache.get_many("stats", self.block_hashes)
        fresh = {}
        for b, h in enumerate(self.block_hashes):
            if h in rows and _valid_stats(rows[h]):
                self.stats[b] = rows[h]
                self.parsed[b] = stats_from_bytes(rows[h])
        if len(self.parsed) < self.n_blocks:
            old = self.cache.get("index", _DOCS_ROW) or b""
            old_hashes = _cut16(old, 0, len(old) // 16)
            fresh = {b: self._cached_base(b, old_hashes) for b in range(self.n_blocks) if b not in self.parsed}
        self.cache.put_many("index", {_DOCS_ROW: b"".join(self.hashes)})
        self.cache.keep("index", [_DOCS_ROW])
        return fresh

    def _cached_base(self, b: int, old_hashes: Sequence[bytes]) -> tuple[tuple[int, ...], bytes, bytes]:
        """Block ``b`` of the previous build, if cached, and the local ids of its docs that are
        still in place: only the other docs need their text (after a report is added at the end
        or corrected, just that one)."""
        lo, hi = b * self.size, min((b + 1) * self.size, len(self.docs))
        old = old_hashes[lo:lo + self.size]
        same = tuple(i for i, h in enumerate(self.hashes[lo:hi]) if i < len(old) and old[i] == h)
        if same:
            key = _digest(*old)
            stats, post = self.cache.get("stats", key), self.cache.get("post", key)
            if stats is not None and post is not None and _valid_stats(stats):
                self.base_hashes[b] = key
                return same, stats, post
        return (), b"", b""

    def _ensure_posts(self, blocks: Iterable[int]) -> None:
        """Postings of these blocks at hand: read from the cache, or made again if lost."""
        missing = [b for b in blocks if b not in self.posts]
        rows = self.cache.get_many("post", [self.block_hashes[b] for b in missing])
        lost = {}
        for b in missing:
            post = rows.get(self.block_hashes[b])  # checksummed: inflated only where it is used
            if post is not None:
                self.posts[b] = post
            else:
                lost[b] = ((), b"", b"")
        if lost:
            self.make_texts(lost, ())

    def layout(self) -> Layout:
        codes, df = merge_stats([self.parsed[b] for b in range(self.n_blocks)])
        return make_layout(heavy_keys(codes, df, len(self.docs)), choose_shard_count(df))

    # -- text packs --

    def plan_packs(self) -> list[_PackPlan]:
        """Every text pack; for those not cached, the docs whose member no cached pack holds."""
        plans = []
        for n, first in enumerate(range(0, len(self.docs), PACK_DOCS) if self.docs else [0]):
            end = min(first + PACK_DOCS, len(self.docs))
            plans.append(_PackPlan(n, first, end, pack_key(self.docs[first:end], self.hashes[first:end])))
        keys = [p.key for p in plans]
        self.cache.keep("pack", keys)
        self.cache.keep("phead", keys)
        heads, present = self.cache.get_many("phead", keys), self.cache.present("pack", keys)
        for p in plans:
            if p.key in present and p.key in heads:
                p.lengths, p.digest = _pack_lengths(heads[p.key], p.end - p.first)
        stale = [p for p in plans if p.lengths is None]
        if stale:
            self.old_members = self._old_members()
        for p in stale:
            p.records = [record_hash(self.docs[i], self.hashes[i]) for i in range(p.first, p.end)]
            p.missing = [i for i, r in zip(range(p.first, p.end), p.records) if r not in self.old_members]
        return plans

    def _old_members(self) -> dict[bytes, tuple[bytes, int, int]]:
        """Record hash -> (pack, offset, length) of every member of a cached pack."""
        heads = self.cache.scan("phead")
        present = self.cache.present("pack", list(heads))
        out: dict[bytes, tuple[bytes, int, int]] = {}
        for key, data in heads.items():
            try:
                records, lengths, _ = pack_head_from_bytes(data)
            except (ValueError, struct.error):
                continue
            pos = 0
            for record, n in zip(records, lengths):
                if key in present:
                    out.setdefault(record, (key, pos, n))
                pos += n
        return out

    def _make_packs(self, pending: list[_PackPlan], final: bool) -> list[_PackPlan]:
        """Make the pending packs whose new members are all made (all of them if ``final``);
        returns the others."""
        rest = []
        for p in pending:
            if final or all(i in self.members for i in p.missing):
                self._make_pack(p)
            else:
                rest.append(p)
        return rest

    def _make_pack(self, p: _PackPlan) -> None:
        docs = range(p.first, p.end)
        members = [self.members.pop(i, None) for i in docs]
        members = [m if m is not None else self._old_member(r) for m, r in zip(members, p.records)]
        late = [i for i, m in zip(docs, members) if m is None]
        if late:  # a cached pack turned out corrupt
            made = self._members_now(late)
            members = [m if m is not None else made[i] for i, m in zip(docs, members)]
        data = b"".join(members)  # type: ignore[arg-type]
        p.lengths, p.digest = tuple(len(m) for m in members), _content_key(data)  # type: ignore[arg-type]
        self.cache.put_many("pack", {p.key: data})
        self.cache.put_many("phead", {p.key: pack_head_bytes(p.records, p.lengths, p.digest)})

    def _old_member(self, record: bytes) -> bytes | None:
        loc = self.old_members.get(record)
        if loc is None:
            return None
        key, pos, n = loc
        if key not in self.old_packs:
            if len(self.old_packs) >= 2:  # packs are read in doc order: two cover a shift
                self.old_packs.pop(next(iter(self.old_packs)))
            self.old_packs[key] = self.cache.get("pack", key)
        data = self.old_packs[key]
        return None if data is None or pos + n > len(data) else data[pos:pos + n]

    def _members_now(self, indexes: Sequence[int]) -> dict[int, bytes]:
        originals = self._fill(indexes)
        try:
            return {i: doc_record(self.docs[i]) for i in indexes}
        finally:
            for i, doc in originals.items():
                self.docs[i] = doc

    # -- postings files --

    def postings(self, layout: Layout) -> list[_Made]:
        """What makes each postings file. A file is re-encoded at the blocks whose docs changed,
        and recompressed (and so re-encoded) from the first block whose piece of it changed on:
        after a report is added or corrected, only the files holding one of its keys."""
        idents = [i.encode("utf-8", "surrogatepass") for i in layout.identities()]
        self.cache.keep("head", idents)
        if not self.n_blocks:
            return [_Made(s, _PIECE_SEED, (), 0, 0) for s in range(len(idents))]
        self.run_keys, self.tail_keys = self.cache.keys("run"), self.cache.keys("tail")
        heads = self._heads(idents)
        for b, codes in self.touched.items():
            untouched = np.ones(layout.n_slots, dtype=bool)
            untouched[layout.slots(codes)] = False
            self.untouched[b] = (self.base_hashes[b], untouched)
        changed = [self._changed_blocks(h, s) for s, h in enumerate(heads)]
        needed = [set(c) for c in changed]
        pieces: dict[int, dict[int, bytes]] = {}
        made: dict[int, _Made] = {}
        while len(made) < len(idents):
            todo = [s for s in range(len(idents)) if s not in made]
            self._encode(layout, pieces, {s: needed[s] for s in todo})
            jobs = []
            for s in todo:
                plan = self._plan(s, heads[s], changed[s], pieces, idents[s])
                if isinstance(plan, int):  # its pieces changed: encode the rest of its blocks
                    needed[s].update(range(plan, self.n_blocks))
                elif isinstance(plan, _Made):
                    made[s] = plan
                else:
                    jobs.append(plan)
            tails = self._tails(jobs)
            for job in [j for j in jobs if not self._prepare(j, tails)]:
                # Its cached runs are gone: redo it from block 0.
                heads[job.slot] = None
                changed[job.slot], needed[job.slot] = set(range(self.n_blocks)), set(range(self.n_blocks))
                jobs.remove(job)
            for job, result in zip(jobs, self._compress(jobs, pieces)):
                made[job.slot] = self._finish(job, result, idents[job.slot])
            self._flush()
        return [made[s] for s in range(len(idents))]

    def _heads(self, idents: Sequence[bytes]) -> list[FileHead | None]:
        rows = self.cache.get_many("head", idents)
        heads: list[FileHead | None] = []
        for ident in idents:
            try:
                head = FileHead.from_bytes(rows[ident]) if ident in rows else None
            except (ValueError, struct.error):
                head = None
            if head is not None and any(k not in self.run_keys for k, _, _ in file_runs(head.pieces)):
                head = None
            heads.append(head)
        return heads

    def _changed_blocks(self, head: FileHead | None, s: int) -> set[int]:
        """Blocks where file ``s``'s piece may differ from the one it has cached: not if the
        block is the same, nor if it was patched from the cached one without touching any key
        of the file."""
        if head is None:
            return set(range(self.n_blocks))
        differ = self.differ.get(head.blocks)
        if differ is None:  # nearly every head was made from the same blocks: compare them once
            old = head.blocks
            differ = self.differ[old] = [b for b in range(self.n_blocks) if b >= len(old) or old[b] != self.blocks[b]]
        return {b for b in differ if not (b in self.untouched and head.blocks[b] == self.untouched[b][0]
                                          and self.untouched[b][1][s])}

    def _encode(self, layout: Layout, pieces: dict[int, dict[int, bytes]], needs: dict[int, set[int]]) -> None:
        """Encode the pieces of files (slot -> blocks) not encoded yet."""
        wanted: dict[int, np.ndarray] = {}
        for s, blocks in needs.items():
            for b in blocks:
                if s not in pieces.get(b, ()):
                    wanted.setdefault(b, np.zeros(layout.n_slots, dtype=bool))[s] = True
        if not wanted:
            return
        self._ensure_posts(wanted)
        blocks = list(wanted)
        _STATE.update(block_bytes={b: (self.stats[b], self.posts[b]) for b in blocks}, layout=layout, wanted=wanted)
        for b, got in zip(blocks, _pmap(_encode_task, blocks, self.workers, len(blocks) >= MIN_PARALLEL_BLOCKS)):
            pieces.setdefault(b, {}).update(got)
        _STATE.pop("block_bytes")
        _STATE.pop("wanted")

    def _plan(self, s: int, head: FileHead | None, changed: set[int], pieces: dict[int, dict[int, bytes]],
              ident: bytes) -> _Made | _Job | int:
        """An unchanged file, a file to recompress, or the first block whose piece it lacks.

        Up to the first block where the file's piece chain differs from the cached one, a block
        whose docs did not change has the cached piece: only changed blocks need encoding. From
        there on every block is recompressed (its preset dictionary changed), so encoded."""
        n, old = self.n_blocks, head.pieces if head else ()
        chain, h, k1 = [], _PIECE_SEED, None
        for b in range(n):
            same = b not in changed
            if k1 is None and same:
                h = old[b]
            else:
                if same and s not in pieces.get(b, ()):
                    self._old_pieces(s, head, changed, pieces)  # type: ignore[arg-type]
                piece = pieces.get(b, {}).get(s)
                if piece is None:
                    return b
                h = _digest(h, piece)
                if k1 is None and (b >= len(old) or h != old[b]):
                    k1 = b
            chain.append(h)
        if head is not None and k1 is None and n == len(old):
            if head.blocks != self.blocks:
                self._put("head", ident, dataclasses.replace(head, blocks=self.blocks).to_bytes())
            return self._made(s, chain, head.crc[-1], head.size[-1])
        return _Job(s, chain, n if k1 is None else k1, head)

    def _old_pieces(self, s: int, head: FileHead, changed: set[int], pieces: dict[int, dict[int, bytes]]) -> None:
        """The cached pieces of the file's unchanged blocks, from its own segments: after a
        report is corrected, the files whose piece changed must recompress every later block,
        and inflating such a file costs far less than inflating every later block's postings.
        (If its segments are gone, those blocks are encoded instead.)"""
        if s in self.old_segments:
            return
        segments = self.old_segments[s] = self._old_segments(head)
        raw = zlib.decompressobj(-15).decompress(b"".join(segments)) if segments is not None else b""
        if len(raw) != head.size[-1]:
            return
        for b in range(min(len(head.blocks), self.n_blocks)):
            if b not in changed:
                pieces.setdefault(b, {})[s] = raw[head.size[b - 1] if b else 0:head.size[b]]

    def _tails(self, jobs: Sequence[_Job]) -> dict[bytes, bytes]:
        """The cached tails the jobs may start from: before their first changed block, or at the
        end of their cached first run."""
        wanted = set()
        for job in jobs:
            if job.k1 and job.head is not None:
                wanted.add(job.pieces[job.k1 - 1])
                wanted.update(job.head.pieces[k] for k in file_tails(job.head.pieces))
        rows = self.cache.get_many("tail", wanted & self.tail_keys)
        return {k: v for k, v in rows.items() if len(v) <= ZDICT_BYTES}

    def _prepare(self, job: _Job, tails: dict[bytes, bytes]) -> bool:
        """Find the job's starting state, and the cached segments if it must rewrite some; False
        if those are gone."""
        k1, head, chain = job.k1, job.head, job.pieces
        if not k1 or head is None:
            return True
        job.crc, job.size = head.crc[k1 - 1], head.size[k1 - 1]
        tail = tails.get(chain[k1 - 1])
        need_old = (tail is None
                    or any(start < k1 and key not in self.run_keys for key, start, _ in file_runs(chain))
                    or any(k < k1 - 1 and chain[k] not in self.tail_keys for k in file_tails(chain)))
        if need_old:
            job.old = self.old_segments[job.slot] if job.slot in self.old_segments else self._old_segments(head)
            if job.old is None:
                return False
            if tail is None:
                tail = _tail_from(head, job.old, k1 - 1, tails)
        job.tail = tail  # type: ignore[assignment]
        return True

    def _old_segments(self, head: FileHead) -> list[bytes] | None:
        segments = []
        for key, start, end in file_runs(head.pieces):
            data, lengths = self.cache.get("run", key), head.seglen[start:end]
            if data is None or sum(lengths) != len(data):
                self.run_keys.discard(key)
                return None
            pos = 0
            for n in lengths:
                segments.append(data[pos:pos + n])
                pos += n
        return segments

    def _compress(self, jobs: Sequence[_Job], pieces: dict[int, dict[int, bytes]]
                  ) -> list[tuple[list[tuple[bytes, int, int]], dict[int, bytes]]]:
        if not jobs:
            return []
        n = self.n_blocks
        _STATE.update(jobs=[(j.slot, j.k1, j.crc, j.size, j.tail) for j in jobs], pieces=pieces, n_blocks=n)
        raw = sum(len(pieces[b][j.slot]) for j in jobs for b in range(j.k1, n))
        groups = _chunks(range(len(jobs)), 4 * self.workers)
        done = _pmap(_compress_task, groups, self.workers, raw >= MIN_PARALLEL_RAW_BYTES)
        _STATE.pop("jobs")
        _STATE.pop("pieces")
        return [result for group in done for result in group]

    def _finish(self, job: _Job, result: tuple[list[tuple[bytes, int, int]], dict[int, bytes]],
                ident: bytes) -> _Made:
        """Store a recompressed file's new runs, tails and head."""
        segments, tails = result
        k1, head, chain = job.k1, job.head, job.pieces
        before = (head.crc[:k1], head.size[:k1], head.seglen[:k1]) if head is not None else ((), (), ())
        crc = before[0] + tuple(c for _, c, _ in segments)
        size = before[1] + tuple(z for _, _, z in segments)
        seglen = before[2] + tuple(len(d) for d, _, _ in segments)
        data = (job.old[:k1] if job.old is not None else [None] * k1) + [d for d, _, _ in segments]
        for key, start, end in file_runs(chain):
            part = data[start:end]
            if all(p is not None for p in part):
                self._put("run", key, b"".join(part))  # type: ignore[arg-type]
                self.run_keys.add(key)
        for k in file_tails(chain) if self.cache.db is not None else ():  # only a next build needs tails
            if k >= k1:
                tail = tails[k - k1]
            elif chain[k] in self.tail_keys:
                continue
            else:
                tail = job.tail if k == k1 - 1 else raw_tail(job.old[:k + 1])  # type: ignore[index]
            self._put("tail", chain[k], tail)
            self.tail_keys.add(chain[k])
        self._put("head", ident, FileHead(self.blocks, tuple(chain), crc, size, seglen).to_bytes())
        return self._made(job.slot, chain, crc[-1], size[-1])

    def _made(self, slot: int, chain: Sequence[bytes], crc: int, size: int) -> _Made:
        runs = tuple(key for key, _, _ in file_runs(chain))
        self.cache.keep("run", runs)
        self.cache.keep("tail", [chain[k] for k in file_tails(chain)])
        return _Made(slot, chain[-1], runs, crc, size)

    def _put(self, kind: str, key: bytes, data: bytes) -> None:
        if self.cache.db is not None or kind in _HELD_KINDS:
            self.rows.setdefault(kind, {})[key] = data

    def _flush(self) -> None:
        for kind, rows in self.rows.items():
            self.cache.put_many(kind, rows)
        self.rows = {}


def _tail_from(head: FileHead, old: Sequence[bytes], k: int, tails: dict[bytes, bytes]) -> bytes:
    """The raw tail after block ``k`` of a cached file: decompressed from its cached tail at the
    end of its first run when that lies before ``k`` (a new block: one segment to decompress),
    else from its start."""
    ends = [a for a in file_tails(head.pieces) if a < k and head.pieces[a] in tails]
    if not ends:
        return raw_tail(old[:k + 1])
    return raw_tail(old[ends[-1] + 1:k + 1], tails[head.pieces[ends[-1]]])


def _pack_lengths(head: bytes, n_docs: int) -> tuple[tuple[int, ...] | None, bytes]:
    """Member lengths and content key of a cached pack of ``n_docs`` docs (None if unusable)."""
    try:
        _, lengths, digest = pack_head_from_bytes(head)
    except (ValueError, struct.error):
        return None, b""
    return (lengths, digest) if len(lengths) == n_docs else (None, b"")


# --- making the files after the build ------------------------------------------------------------

class _Reader:
    """Where ``make()`` finds what the build stored, after it has returned: the rows it held in
    memory, then the cache file, reopened. If a row is gone (another build has used the cache
    since) or corrupt, the whole index is built again once: through the cache (which then holds
    these docs' rows again), and if that fails too, without it."""

    def __init__(self, path: Path | None, held: dict[tuple[str, bytes], bytes], docs: Sequence[SearchDoc],
                 workers: int, fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None, level: int):
        self.path, self.held, self.docs, self.workers, self.fill, self.level = path, held, docs, workers, fill, level
        self.db: sqlite3.Connection | None = None
        self.lock, self.rebuild_lock = threading.Lock(), threading.Lock()
        self.again: dict[str, IndexFile] | None = None

    def get(self, kind: str, key: bytes) -> bytes | None:
        if (kind, key) in self.held:
            return self.held[kind, key]
        if self.path is None:
            return None
        with self.lock:
            try:
                if self.db is None:
                    # mode=rw: a cache file deleted since must not be recreated empty
                    self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True,
                                              check_same_thread=False)
                row = self.db.execute("SELECT data, chk FROM blob WHERE kind=? AND key=?", (kind, key)).fetchone()
                if row is not None and _check(kind, key, row[0]) == row[1]:
                    return row[0]
                if row is not None:  # corrupt: gone, so the build below does not trust it
                    self.db.execute("DELETE FROM blob WHERE kind=? AND key=?", (kind, key))
                    self.db.commit()
            except sqlite3.Error:
                return None
        return None

    def rebuilt(self, path: str) -> bytes:
        """The file at ``path``, from a new build of the same docs."""
        with self.rebuild_lock:
            if self.again is None:
                if self.level >= 2:
                    raise RuntimeError(f"{path}: lost the bytes of an index file built without a cache")
                cache_dir = self.path.parent if self.path is not None and self.level == 0 else None
                self.again = {f.path: f for f in _search_outputs(self.docs, cache_dir, self.workers,
                                                                 self.fill, self.level + 1)}
        return self.again[path].make()


def _make_postings(reader: _Reader, path: str, made: _Made) -> bytes:
    runs = [reader.get("run", key) for key in made.runs]
    if any(r is None for r in runs):
        return reader.rebuilt(path)
    return gzip_file(b"".join(runs), made.crc, made.size)  # type: ignore[arg-type]


def _make_pack(reader: _Reader, path: str, key: bytes) -> bytes:
    data = reader.get("pack", key)
    return reader.rebuilt(path) if data is None else data


def _constant(data: bytes) -> bytes:
    return data


def _small_file(path: str, data: bytes) -> IndexFile:
    """A file cheap enough to make during the build: keyed by its content."""
    return IndexFile(path, _content_key(data).hex(), functools.partial(_constant, data))


def _pack_files(packs: Sequence[_PackPlan], reader: _Reader) -> list[IndexFile]:
    files = []
    for p in packs:
        path = f"{INDEX_DIR}/t/{p.n}.bin"
        files.append(IndexFile(path, p.digest.hex(), functools.partial(_make_pack, reader, path, p.key)))
        files.append(_small_file(f"{INDEX_DIR}/t/{p.n}.len.bin", _gzip(encode_varints(p.lengths or ()))))
    return files


def _manifest(files: Sequence[IndexFile], docs: Sequence[SearchDoc], layout: Layout,
              packs: Sequence[_PackPlan], provinces: list[str], themes: list[str], years: list[int],
              counties: list[tuple[str, str]], doc_types: list[str]) -> IndexFile:
    # The id busts the browser's caches: it changes whenever any file does, i.e. any key.
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f.path.encode() + b"\0" + f.key.encode() + b"\0")
    manifest = {
        "version": FORMAT_VERSION,
        "id": digest.hexdigest()[:16],
        "docs": len(docs),
        "blockDocs": BLOCK_DOCS,
        "shards": layout.n_shards,
        "shardWidth": len(f"{layout.n_shards - 1:x}"),
        "packs": [p.first for p in packs],
        "heavy": layout.heavy,
        "provinces": provinces,
        "themes": themes,
        "years": years,
        "counties": [list(c) for c in counties],
        "docTypes": doc_types,
    }
    data = json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _small_file(f"{INDEX_DIR}/manifest.json", data)


def search_outputs(docs: Sequence[SearchDoc], cache_dir: Path | None = None, workers: int = 0,
                   fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None = None) -> list[IndexFile]:
    """Every index file, sorted by path, each with a key and a ``make()`` for its bytes.

    The bytes are deterministic: the same docs give the same bytes whatever ``cache_dir`` holds
    (it only saves work). ``workers``: processes to use, 0 for one per core.

    ``fill`` receives lists of at most ``FILL_BATCH`` of the given docs whose text was left out
    (``text_id`` set, headings and body empty) and must return the same docs, in the same order,
    with headings and body; only those are taken from what it returns. It is called, in this
    process, only for the docs whose text the index needs: those of postings blocks and text
    packs not in the cache (after a report is added, that report), and again from ``make()`` if
    the cache lost rows in between, so keep it usable as long as the outputs. Without ``fill``, a
    needed text that was left out is a ValueError naming the doc.
    """
    return _search_outputs(sorted(docs, key=doc_order_key), cache_dir, _worker_count(workers), fill, 0)


def _search_outputs(ordered: Sequence[SearchDoc], cache_dir: Path | None, workers: int,
                    fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None, level: int) -> list[IndexFile]:
    held: dict[tuple[str, bytes], bytes] = {}
    cache = Cache(cache_dir, held)
    try:
        _STATE.clear()
        build = _Build(ordered, cache, workers, fill)
        fresh = build.blocks_from_cache()
        packs = build.plan_packs()
        build.make_texts(fresh, [i for p in packs for i in p.missing], packs)
        layout = build.layout()
        postings = build.postings(layout)
    finally:
        _STATE.clear()
        cache.close()
    reader = _Reader(cache.path, held, ordered, workers, fill, level)
    files = [IndexFile(path, m.key.hex(), functools.partial(_make_postings, reader, path, m))
             for path, m in zip(layout.paths(), postings)]
    files += _pack_files(packs, reader)
    provinces = _vocab(d.province for d in ordered)
    themes = _vocab(t for d in ordered for t in d.themes)
    years = sorted({d.year for d in ordered if d.year})
    files.append(_small_file(f"{INDEX_DIR}/docs.bin", _gzip(encode_year_column(ordered, years))))
    files.append(_small_file(f"{INDEX_DIR}/facets.bin", _gzip(encode_facet_columns(ordered, provinces, themes))))
    counties = county_vocab(ordered)
    doc_types = _vocab(d.doc_type for d in ordered)
    files.append(_small_file(f"{INDEX_DIR}/kinds.bin", _gzip(encode_kind_columns(ordered, counties, doc_types))))
    files.append(_small_file(f"{INDEX_DIR}/fold.txt", fold_file_text().encode("utf-8")))
    files.append(_manifest(files, ordered, layout, packs, provinces, themes, years, counties, doc_types))
    return sorted(files, key=lambda f: f.path)


def build_search_index(docs: Sequence[SearchDoc], cache_dir: Path | None = None, workers: int = 0,
                       fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None = None
                       ) -> list[tuple[str, bytes]]:
    """All index files as (path relative to the docs dir, content): :func:`search_outputs`, made."""
    return [(f.path, f.make()) for f in search_outputs(docs, cache_dir, workers, fill)]

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

Incremental builds: ``build_search_index(docs, cache_dir)`` keeps in ``cache_dir/search.sqlite``
each block's postings (keyed by a hash of its docs' texts), each file's compressed blocks (keyed by
a hash chain over the blocks it holds) and each doc's compressed text member. The output never
depends on the cache: every cached item is keyed by a hash of everything it was made from, and a
missing, stale or corrupt item is simply recomputed.

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
``search-index/t/<n>.len.bin`` (gzip)
    varint byte length of each doc's member in pack ``n``: the reader's map for Range requests.
``search-index/t/<n>.bin``
    concatenated gzip members, one per doc in doc order (``PACK_DOCS`` docs per pack), each a
    UTF-8 JSON object ``{"u","t","c","p","y","k","th","h","b"}`` (url, title, county, province,
    year, doc type, themes, headings, body).
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
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

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
    headings: tuple[str, ...]
    """Section headings; matches here rank above body matches."""
    body: str
    """Plain text of the report body, paragraphs joined by ``\\n``; untrusted scraped text."""
    seq: int = 0
    """Position in the publication ledger: stable, new reports get larger numbers (doc order)."""


# --- shared contract: normalisation -------------------------------------------------------------

def _fold_table() -> dict[int, int]:
    # Full-width ASCII (U+FF01-U+FF5E) folds to ASCII and ASCII letters to lower case; nothing else
    # changes, so every code point maps to exactly one code point and match offsets in normalised
    # text are offsets in the original (snippets and page highlighting rely on that).
    table = {cp: ord(chr(cp - 0xFEE0).lower()) for cp in range(0xFF01, 0xFF5F)}
    table.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
    table[0x3000] = 0x20
    return table


_FOLD = _fold_table()
# Python's isalnum() == JS /[\p{L}\p{N}]/u: letters of any script, Han, and digits.
_RUN = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Fold width and ASCII case; length-preserving (one code point in, one out)."""
    return text.translate(_FOLD)


def searchable_text(doc: SearchDoc) -> str:
    """The text a query must occur in: title, headings and body, one per line."""
    return "\n".join((doc.title, *doc.headings, doc.body))


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
    # Stable: docs were concatenated in id order, so each key's ids stay ascending.
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    starts = np.flatnonzero(np.diff(codes)) + 1 if len(codes) else np.zeros(0, np.int64)
    bounds = np.concatenate(([0], starts, [len(codes)])) if len(codes) else np.zeros(1, np.int64)
    return Block(codes[bounds[:-1]], np.diff(bounds).astype(np.int32), ids[order], scores[order])


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

@dataclass(frozen=True)
class Segment:
    """One block of a postings file, compressed: deflate segment plus running CRC and length."""

    chain: bytes
    """Hash of everything the segment depends on (this and all earlier blocks of the file)."""
    data: bytes
    crc: int
    """CRC-32 of the file's raw bytes up to and including this block."""
    size: int
    """Raw bytes up to and including this block."""


_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# An empty final block with fixed codes: ends a deflate stream made of sync-flushed segments.
_DEFLATE_END = b"\x03\x00"


def compress_piece(raw: bytes, zdict: bytes) -> bytes:
    """A raw deflate segment, byte-aligned (sync flush) so segments concatenate into one stream;
    ``zdict`` (the file's preceding raw bytes) lets it refer back into the earlier blocks."""
    args = (POSTINGS_LEVEL, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY)
    c = zlib.compressobj(*args, zdict) if zdict else zlib.compressobj(*args)
    return c.compress(raw) + c.flush(zlib.Z_SYNC_FLUSH)


def extend_segments(prefix: Sequence[Segment], chains: Sequence[bytes], raws: Sequence[bytes]) -> list[Segment]:
    """``prefix`` followed by the compressed ``raws`` (whose chain hashes are ``chains``)."""
    out = list(prefix)
    crc, size, tail = 0, 0, b""
    if prefix:
        crc, size = prefix[-1].crc, prefix[-1].size
        if raws:
            d = zlib.decompressobj(-15)
            tail = d.decompress(b"".join(s.data for s in prefix))[-ZDICT_BYTES:]
    for chain, raw in zip(chains, raws):
        crc, size = zlib.crc32(raw, crc), size + len(raw)
        out.append(Segment(chain, compress_piece(raw, tail), crc, size))
        tail = (tail + raw)[-ZDICT_BYTES:]
    return out


def gzip_file(segments: Sequence[Segment]) -> bytes:
    """The gzip file of a postings file's segments (one member; any gzip reader decodes it)."""
    crc, size = (segments[-1].crc, segments[-1].size) if segments else (0, 0)
    return (_GZIP_HEADER + b"".join(s.data for s in segments) + _DEFLATE_END
            + struct.pack("<II", crc, size & 0xFFFFFFFF))


def chain_hashes(identity: str, block_hashes: Sequence[bytes]) -> list[bytes]:
    """Per block, a hash of the file identity and every block up to it: a segment is valid iff its
    raw bytes and its preset dictionary are, which those determine."""
    h = _digest(_SALT, identity.encode("utf-8", "surrogatepass"))
    out = []
    for bh in block_hashes:
        h = _digest(h, bh)
        out.append(h)
    return out


_SALT = repr((FORMAT_VERSION, POSTINGS_LEVEL, ZDICT_BYTES, TEXT_LEVEL, zlib.ZLIB_RUNTIME_VERSION)).encode()


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
    rec = {"u": doc.url, "t": doc.title, "c": doc.county, "p": doc.province, "y": doc.year,
           "k": doc.doc_type, "th": list(doc.themes), "h": list(doc.headings), "b": doc.body}
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


# --- the cache -----------------------------------------------------------------------------------

class Cache:
    """Content-addressed blobs in one SQLite file; every read is checked, any failure is a miss.

    Kinds: ``stats``/``post`` (a block, keyed by its hash), ``chain`` (a postings file's
    segments, keyed by file identity), ``member`` (a doc's text member, keyed by its JSON hash).
    """

    SCHEMA = 1

    def __init__(self, directory: Path | None):
        self.db: sqlite3.Connection | None = None
        self.used: dict[str, set[bytes]] = {}
        if directory is None:
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.db = self._connect(directory / CACHE_FILE)
        except (OSError, sqlite3.Error):
            try:  # unreadable or not a database: start afresh
                (directory / CACHE_FILE).unlink(missing_ok=True)
                self.db = self._connect(directory / CACHE_FILE)
            except (OSError, sqlite3.Error):
                self.db = None

    @classmethod
    def _connect(cls, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)
        # A cache needs no durability: a torn file is detected (checksums, or SQLite's own errors)
        # and rebuilt. Large pages because most rows are tens of kilobytes.
        db.execute("PRAGMA page_size=16384")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA journal_mode=MEMORY")
        db.execute("CREATE TABLE IF NOT EXISTS blob (kind TEXT, key BLOB, data BLOB, chk BLOB, "
                   "PRIMARY KEY (kind, key))")
        db.execute("CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT)")
        version = repr((cls.SCHEMA, _SALT, BLOCK_DOCS))
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
                pass
        self.db = None

    def get_many(self, kind: str, keys: Iterable[bytes]) -> dict[bytes, bytes]:
        keys = list(keys)
        self.used.setdefault(kind, set()).update(keys)
        if self.db is None or not keys:
            return {}
        out = {}
        try:
            wanted = set(keys)
            for key, data, chk in self.db.execute("SELECT key, data, chk FROM blob WHERE kind=?", (kind,)):
                if key in wanted and _check(kind, key, data) == chk:
                    out[bytes(key)] = bytes(data)
        except sqlite3.Error:
            self._fail()
            return {}
        return out

    def get(self, kind: str, key: bytes) -> bytes | None:
        self.used.setdefault(kind, set()).add(key)
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT data, chk FROM blob WHERE kind=? AND key=?", (kind, key)).fetchone()
        except sqlite3.Error:
            self._fail()
            return None
        return bytes(row[0]) if row and _check(kind, key, row[0]) == row[1] else None

    def put_many(self, kind: str, items: dict[bytes, bytes]) -> None:
        self.used.setdefault(kind, set()).update(items)
        if self.db is None or not items:
            return
        try:
            self.db.executemany("INSERT OR REPLACE INTO blob VALUES (?, ?, ?, ?)",
                                ((kind, k, v, _check(kind, k, v)) for k, v in items.items()))
        except sqlite3.Error:
            self._fail()

    def close(self) -> None:
        """Drop every entry this build did not use (the cache stays the size of one build)."""
        if self.db is None:
            return
        try:
            stale = [(kind, key) for kind, key in self.db.execute("SELECT kind, key FROM blob")
                     if bytes(key) not in self.used.get(kind, ())]
            self.db.executemany("DELETE FROM blob WHERE kind=? AND key=?", stale)
            self.db.commit()
            self.db.close()
        except sqlite3.Error:
            pass
        self.db = None


def _check(kind: str, key: bytes, data: bytes) -> bytes:
    # Covers kind and key too, so a blob can never be taken for another entry's.
    return _digest(kind.encode(), key, data)


def segments_to_bytes(segments: Sequence[Segment]) -> bytes:
    head = [struct.pack("<I", len(segments))]
    for s in segments:
        head.append(s.chain + struct.pack("<IIQ", len(s.data), s.crc, s.size))
    return b"".join(head) + b"".join(s.data for s in segments)


def segments_from_bytes(data: bytes) -> list[Segment]:
    (n,) = struct.unpack_from("<I", data)
    pos, body = 4, 4 + n * 32
    out = []
    for _ in range(n):
        chain = data[pos:pos + 16]
        length, crc, size = struct.unpack_from("<IIQ", data, pos + 16)
        pos += 32
        out.append(Segment(chain, data[body:body + length], crc, size))
        body += length
    if body != len(data):
        raise ValueError("segment sizes do not add up")
    return out


# --- parallel map --------------------------------------------------------------------------------

# Worker processes are forked and read the build's inputs from here instead of receiving them
# pickled (at 30,000 reports the texts alone are ~500 MB).
_STATE: dict[str, Any] = {}


def _pmap(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, parallel: bool) -> list[Any]:
    if (workers <= 1 or not parallel or len(items) < 2 or multiprocessing.current_process().daemon
            or "fork" not in multiprocessing.get_all_start_methods()):  # a pool worker cannot fork
        return [fn(x) for x in items]
    _alnum_table(), _fold_codes()  # made once here rather than once per worker
    with multiprocessing.get_context("fork").Pool(min(workers, len(items))) as pool:
        return pool.map(fn, items, chunksize=1)


def _block_task(b: int) -> tuple[bytes, bytes]:
    docs, size = _STATE["docs"], _STATE["block_docs"]
    block = build_block(docs[b * size:(b + 1) * size])
    return block_stats_bytes(block), block_post_bytes(block)


def _member_task(indexes: Sequence[int]) -> list[bytes]:
    docs = _STATE["docs"]
    return [doc_record(docs[i]) for i in indexes]


def _encode_task(b: int) -> dict[int, bytes]:
    stats, post = _STATE["block_bytes"][b]
    block = block_from_bytes(stats, post)
    layout: Layout = _STATE["layout"]
    return encode_pieces(block, layout.slots(block.codes), _STATE["first_stale"] <= b)


def _compress_task(slots: Sequence[int]) -> list[list[Segment]]:
    out = []
    for s in slots:
        k = _STATE["first_stale"][s]
        raws = [_STATE["pieces"][b][s] for b in range(k, _STATE["n_blocks"])]
        prefix = _STATE["prefix"][s]
        # Only the new segments travel back from a worker.
        out.append(extend_segments(prefix, _STATE["chains"][s][k:], raws)[len(prefix):])
    return out


def _chunks(items: Sequence[int], n: int) -> list[list[int]]:
    size = max(1, math.ceil(len(items) / n))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def _worker_count(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)


# --- the build -----------------------------------------------------------------------------------

def text_hash(doc: SearchDoc) -> bytes:
    """Hash of everything a doc's postings depend on."""
    return _digest(doc.title.encode("utf-8", "surrogatepass"),
                   "\0".join(doc.headings).encode("utf-8", "surrogatepass"),
                   doc.body.encode("utf-8", "surrogatepass"))


def record_hash(doc: SearchDoc, text: bytes) -> bytes:
    """Hash of everything a doc's text member depends on (``text``: its :func:`text_hash`)."""
    meta = (doc.url, doc.county, doc.province, doc.year, doc.doc_type, doc.themes)
    return _digest(text, json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def _postings_files(ordered: Sequence[SearchDoc], doc_hashes: Sequence[bytes], cache: Cache,
                    workers: int) -> tuple[Layout, list[bytes]]:
    """Layout and the bytes of every postings file, recomputing only stale blocks and segments."""
    size = BLOCK_DOCS
    if not 0 < size <= 1 << 16:
        raise ValueError("BLOCK_DOCS must be in 1..65536 (doc ids in a block are uint16)")
    n_blocks = math.ceil(len(ordered) / size)
    block_hashes = [_digest(*doc_hashes[b * size:(b + 1) * size]) for b in range(n_blocks)]

    # Blocks: statistics for all, postings for the ones we will have to re-encode.
    _STATE.update(docs=ordered, block_docs=size)
    cached_stats = cache.get_many("stats", block_hashes)
    stats_bytes: dict[int, bytes] = {b: cached_stats[h] for b, h in enumerate(block_hashes) if h in cached_stats}
    stats: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for b, data in list(stats_bytes.items()):
        try:
            stats[b] = stats_from_bytes(data)
        except (ValueError, zlib.error, struct.error):
            del stats_bytes[b]
    block_bytes: dict[int, tuple[bytes, bytes]] = {}
    fresh = [b for b in range(n_blocks) if b not in stats]
    for b, pair in zip(fresh, _pmap(_block_task, fresh, workers, len(fresh) >= MIN_PARALLEL_BLOCKS)):
        block_bytes[b] = pair
        stats[b] = stats_from_bytes(pair[0])
    cache.put_many("stats", {block_hashes[b]: block_bytes[b][0] for b in fresh})
    cache.put_many("post", {block_hashes[b]: block_bytes[b][1] for b in fresh})

    codes, df = merge_stats([stats[b] for b in range(n_blocks)])
    layout = make_layout(heavy_keys(codes, df, len(ordered)), choose_shard_count(df))
    identities = layout.identities()
    chains = [chain_hashes(ident, block_hashes) for ident in identities]
    prefix: list[list[Segment]] = []
    first_stale = np.zeros(layout.n_slots, dtype=np.int64)
    cached_chains = cache.get_many("chain", [i.encode("utf-8", "surrogatepass") for i in identities])
    for s, ident in enumerate(identities):
        try:
            old = segments_from_bytes(cached_chains.get(ident.encode("utf-8", "surrogatepass"), b"\0\0\0\0"))
        except (ValueError, struct.error):
            old = []
        k = 0
        while k < min(len(old), n_blocks) and old[k].chain == chains[s][k]:
            k += 1
        prefix.append(old[:k])
        first_stale[s] = k

    # Pieces of every stale (file, block), block by block.
    needed = [b for b in range(n_blocks) if (first_stale <= b).any()]
    for b in needed:
        if b not in block_bytes:
            post = cache.get("post", block_hashes[b])
            try:
                if post is None:
                    raise ValueError("no cached postings")
                block_from_bytes(stats_bytes[b], post)
                block_bytes[b] = (stats_bytes[b], post)
            except (ValueError, zlib.error, struct.error):
                block_bytes[b] = _block_task(b)
                cache.put_many("stats", {block_hashes[b]: block_bytes[b][0]})
                cache.put_many("post", {block_hashes[b]: block_bytes[b][1]})
    _STATE.update(block_bytes=block_bytes, layout=layout, first_stale=first_stale)
    pieces = dict(zip(needed, _pmap(_encode_task, needed, workers, len(needed) >= MIN_PARALLEL_BLOCKS)))
    del block_bytes
    _STATE.pop("block_bytes")

    # Compress the stale tail of every file.
    stale = [s for s in range(layout.n_slots) if first_stale[s] < n_blocks]
    raw_bytes = sum(len(p) for piece in pieces.values() for p in piece.values())
    _STATE.update(pieces=pieces, n_blocks=n_blocks, prefix=prefix, chains=chains)
    groups = _chunks(stale, 4 * workers)
    done = _pmap(_compress_task, groups, workers, raw_bytes >= MIN_PARALLEL_RAW_BYTES)
    for group, segs in zip(groups, done):
        for s, seg in zip(group, segs):
            prefix[s] = prefix[s] + seg
    for key in ("pieces", "prefix", "chains", "first_stale", "layout"):
        _STATE.pop(key, None)
    cache.put_many("chain", {identities[s].encode("utf-8", "surrogatepass"): segments_to_bytes(prefix[s])
                             for s in stale})
    return layout, [gzip_file(segs) for segs in prefix]


def _members(ordered: Sequence[SearchDoc], doc_hashes: Sequence[bytes], cache: Cache,
             workers: int) -> list[bytes]:
    """Every doc's gzip text member, compressing only docs not in the cache."""
    keys = [record_hash(d, h) for d, h in zip(ordered, doc_hashes)]
    cached = cache.get_many("member", keys)
    missing = [i for i, k in enumerate(keys) if k not in cached]
    fresh: dict[bytes, bytes] = {}
    for group, members in zip(*_chunked_map(_member_task, missing, workers)):
        fresh.update({keys[i]: m for i, m in zip(group, members)})
    cache.put_many("member", fresh)
    return [cached.get(k) or fresh[k] for k in keys]


def _chunked_map(fn: Callable[[Sequence[int]], list[Any]], items: Sequence[int], workers: int
                 ) -> tuple[list[list[int]], list[list[Any]]]:
    groups = _chunks(items, 4 * workers)
    return groups, _pmap(fn, groups, workers, len(items) >= 512)


def build_search_index(docs: Sequence[SearchDoc], cache_dir: Path | None = None,
                       workers: int = 0) -> list[tuple[str, bytes]]:
    """All index files as (path relative to the docs dir, content); deterministic: the same docs
    give the same bytes whatever ``cache_dir`` holds (it only saves work). ``workers``: processes
    to use, 0 for one per core."""
    workers = _worker_count(workers)
    ordered = sorted(docs, key=doc_order_key)
    cache = Cache(cache_dir)
    try:
        _STATE.clear()
        doc_hashes = [text_hash(d) for d in ordered]
        layout, postings = _postings_files(ordered, doc_hashes, cache, workers)
        _STATE.update(docs=ordered)
        members = _members(ordered, doc_hashes, cache, workers)
    finally:
        _STATE.clear()
        cache.close()

    files: list[tuple[str, bytes]] = list(zip(layout.paths(), postings))
    packs = [0] if not ordered else list(range(0, len(ordered), PACK_DOCS))
    for n, first in enumerate(packs):
        chunk = members[first:first + PACK_DOCS]
        files.append((f"{INDEX_DIR}/t/{n}.bin", b"".join(chunk)))
        files.append((f"{INDEX_DIR}/t/{n}.len.bin", _gzip(encode_varints(len(m) for m in chunk))))

    provinces = _vocab(d.province for d in ordered)
    themes = _vocab(t for d in ordered for t in d.themes)
    years = sorted({d.year for d in ordered if d.year})
    files.append((f"{INDEX_DIR}/docs.bin", _gzip(encode_year_column(ordered, years))))
    files.append((f"{INDEX_DIR}/facets.bin", _gzip(encode_facet_columns(ordered, provinces, themes))))

    digest = hashlib.sha256()
    for path, content in files:
        digest.update(path.encode() + b"\0" + hashlib.sha256(content).digest())
    manifest = {
        "version": FORMAT_VERSION,
        "id": digest.hexdigest()[:16],
        "docs": len(ordered),
        "blockDocs": BLOCK_DOCS,
        "shards": layout.n_shards,
        "shardWidth": len(f"{layout.n_shards - 1:x}"),
        "packs": packs,
        "heavy": layout.heavy,
        "provinces": provinces,
        "themes": themes,
        "years": years,
    }
    files.append((f"{INDEX_DIR}/manifest.json",
                  json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    return sorted(files)

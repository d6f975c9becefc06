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
* Document texts are gzip members concatenated into a few large pack files and fetched with HTTP
  Range requests, so verifying and snippeting ten results costs ten small transfers, without one
  file per document (30,000 reports would otherwise mean 30,000 extra files).
* Docs are numbered in (province, year, county, url) order, so the per-doc facet columns are long
  runs that gzip to almost nothing.

Files (all paths relative to the docs dir):

``search-index/manifest.json``
    version, doc count, shard count, content id (cache buster), pack list, facet vocabularies.
``search-index/docs.bin`` (gzip)
    per-doc columns: province index (varint, 0 = none), then year (varint, 0 = none). Docs are
    in facet order, so both columns are long runs and the file stays tiny at 30,000 docs.
``search-index/themes.bin`` (gzip)
    per doc: varint theme count, then varint theme indexes. Loaded lazily (theme filter and
    counts), since theme sets do not form runs and would cost the first query ~20 KB.
``search-index/t/<n>.len.bin`` (gzip)
    varint byte length of each doc's member in pack ``n``: the reader's map for Range requests.
``search-index/h/<n>.bin`` (gzip)
    a shard holding only the n-th key of the manifest's ``heavy`` list (same format as below).
``search-index/s/<hex>.bin`` (gzip)
    one postings shard: varint key count; per key: varint utf-8 length, utf-8 key, varint df,
    varint length of the doc-id block; then per key its doc-id block (varint deltas, first
    delta from -1) followed by df score bytes (bit 7 title, bit 6 heading, bits 0-2 count
    class: bit length of the occurrence count, capped at 7).
``search-index/t/<n>.bin``
    concatenated gzip members, one per doc in doc order, each a UTF-8 JSON object
    ``{"u","t","c","p","y","k","th","h","b"}`` (url, title, county, province, year, doc type,
    themes, headings, body).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import operator
import re
from array import array
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

INDEX_DIR = "search-index"
FORMAT_VERSION = 1

COUNT_MASK = 0x07
HEADING_BIT = 0x40
TITLE_BIT = 0x80

# A shard of this many raw postings bytes gzips to ~10 KB; a query fetches one file per key it
# uses (at most six), which with ten ~7 KB texts keeps a first query well under 300 KB.
TARGET_SHARD_RAW_BYTES = 40_000
MAX_SHARDS = 4096
# Text packs are fetched by byte range; this size only matters for hosts that ignore Range
# (e.g. ``mkdocs serve``), where the reader falls back to fetching the whole pack once.
TARGET_PACK_BYTES = 4_000_000
# The most frequent keys get a file of their own ("heavy" keys). In a hash shard, a key found in
# most reports shares its file with others as heavy, and at 30,000 reports a common word such as
# 卫生 cost ~25 KB to fetch instead of its own ~11 KB; nearly every real query has such a key.
# Their list rides in the manifest (~5 KB gzip at 768 keys). 768 keeps the file count < ~5,000.
MAX_HEAVY = 768
HEAVY_MIN_DF_SHARE = 0.05
HEAVY_MIN_DF = 200


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
    """``Counter(iter_keys(normalized))``, computed in C: runs are joined by NUL separators and
    every key containing one is dropped (at 30,000 reports this is most of the build time)."""
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


def _gzip(data: bytes, level: int = 9) -> bytes:
    # mtime=0 and no file name keep the output byte-identical between builds.
    return gzip.compress(data, compresslevel=level, mtime=0)


def doc_order_key(doc: SearchDoc) -> tuple:
    """Doc ids follow this order, which groups facet values into runs."""
    return (doc.province or "\uffff", doc.year or 0, doc.county or "\uffff", doc.url)


# --- postings ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Postings:
    """All keys of a corpus: key -> (doc ids ascending, score bytes)."""

    docs: dict[str, array]
    scores: dict[str, bytearray]


def count_class(count: int) -> int:
    """1, 2-3, 4-7, ... 64+ -> 1..7: ranking uses log(count) anyway, and at 30,000 docs exact
    counts were half of every common key's postings after gzip; classes halve that."""
    return min(count.bit_length(), COUNT_MASK)


def score_byte(count: int, in_title: bool, in_heading: bool) -> int:
    """Pack an occurrence count class and field flags into one byte."""
    return count_class(count) | (TITLE_BIT if in_title else 0) | (HEADING_BIT if in_heading else 0)


def collect_postings(docs: Sequence[SearchDoc]) -> Postings:
    """Key statistics per doc; ``docs`` must already be in doc-id order."""
    post: dict[str, tuple[array, bytearray]] = {}
    classes = [count_class(c) for c in range(64)]
    for doc_id, doc in enumerate(docs):
        counts = count_keys(normalize(searchable_text(doc)))
        flags = dict.fromkeys(count_keys(normalize("\n".join(doc.headings))), HEADING_BIT)
        for key in count_keys(normalize(doc.title)):
            flags[key] = flags.get(key, 0) | TITLE_BIT
        # The hot loop of the build: one iteration per (key, doc), kept free of calls.
        for key, count in counts.items():
            entry = post.get(key)
            if entry is None:
                entry = post[key] = (array("I"), bytearray())
            entry[0].append(doc_id)
            entry[1].append((classes[count] if count < 64 else COUNT_MASK) | flags.get(key, 0))
    return Postings({k: v[0] for k, v in post.items()}, {k: v[1] for k, v in post.items()})


def encode_shard(keys: Sequence[str], postings: Postings) -> bytes:
    """One shard file before gzip (format in the module docstring)."""
    head = bytearray(encode_varints([len(keys)]))
    blobs = []
    for key in keys:
        ids = postings.docs[key]
        id_block = encode_varints([ids[0] + 1] + [b - a for a, b in zip(ids, ids[1:])])
        kb = key.encode("utf-8")
        head += encode_varints([len(kb)]) + kb + encode_varints([len(ids), len(id_block)])
        blobs.append(id_block)
        blobs.append(bytes(postings.scores[key]))
    return bytes(head) + b"".join(blobs)


def decode_shard(data: bytes) -> dict[str, list[tuple[int, int]]]:
    """Inverse of :func:`encode_shard` (for tests and tools): key -> [(doc id, score byte)]."""
    (n,), pos = decode_varints(data, 0, 1)
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
    return out


def heavy_keys(postings: Postings, n_docs: int) -> list[str]:
    """The keys that get their own file, sorted (the manifest's ``heavy`` list)."""
    floor = max(HEAVY_MIN_DF, HEAVY_MIN_DF_SHARE * n_docs)
    frequent = [k for k, ids in postings.docs.items() if len(ids) >= floor]
    frequent.sort(key=lambda k: (-len(postings.docs[k]), k))
    return sorted(frequent[:MAX_HEAVY])


def choose_shard_count(postings: Postings) -> int:
    """Smallest power of two that keeps shards near TARGET_SHARD_RAW_BYTES."""
    # ~2 bytes per posting (delta + score) plus the key header.
    raw = sum(2 * len(ids) + 8 for ids in postings.docs.values())
    n = 1
    while n < MAX_SHARDS and raw / n > TARGET_SHARD_RAW_BYTES:
        n *= 2
    return n


# --- docs, packs, manifest -----------------------------------------------------------------------

def doc_record(doc: SearchDoc) -> bytes:
    """The stored text of one doc: JSON (the reader parses it, never evaluates it)."""
    rec = {"u": doc.url, "t": doc.title, "c": doc.county, "p": doc.province, "y": doc.year,
           "k": doc.doc_type, "th": list(doc.themes), "h": list(doc.headings), "b": doc.body}
    return _gzip(json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def build_packs(members: Sequence[bytes]) -> list[tuple[int, bytes]]:
    """Group gzip members into packs: [(first doc id, pack bytes)]."""
    packs: list[tuple[int, bytes]] = []
    start, size = 0, 0
    for i, m in enumerate(members):
        if size and size + len(m) > TARGET_PACK_BYTES:
            packs.append((start, b"".join(members[start:i])))
            start, size = i, 0
        size += len(m)
    if start < len(members) or not packs:
        packs.append((start, b"".join(members[start:])))
    return packs


def _vocab(values: Iterable[str | None]) -> list[str]:
    return sorted({v for v in values if v})


def encode_doc_columns(docs: Sequence[SearchDoc], provinces: list[str]) -> bytes:
    """docs.bin before gzip: province column then year column."""
    p_index = {p: i + 1 for i, p in enumerate(provinces)}
    return (encode_varints([p_index.get(d.province or "", 0) for d in docs])
            + encode_varints([d.year or 0 for d in docs]))


def encode_theme_column(docs: Sequence[SearchDoc], themes: list[str]) -> bytes:
    """themes.bin before gzip: per doc a count then theme indexes."""
    t_index = {t: i for i, t in enumerate(themes)}
    col: list[int] = []
    for d in docs:
        ids = sorted({t_index[t] for t in d.themes})
        col += [len(ids), *ids]
    return encode_varints(col)


def build_search_index(docs: Sequence[SearchDoc]) -> list[tuple[str, bytes]]:
    """All index files as (path relative to the docs dir, content); deterministic and pure."""
    ordered = sorted(docs, key=doc_order_key)
    postings = collect_postings(ordered)
    n_shards = choose_shard_count(postings)
    heavy = heavy_keys(postings, len(ordered))
    files: list[tuple[str, bytes]] = []
    for n, key in enumerate(heavy):
        files.append((f"{INDEX_DIR}/h/{n}.bin", _gzip(encode_shard([key], postings), level=6)))

    # Every shard is written, empty ones too, so a key missing from the corpus is a small fetch of
    # an empty shard rather than a 404 the reader would have to tell apart from a broken site.
    by_shard: dict[int, list[str]] = {s: [] for s in range(n_shards)}
    heavy_set = set(heavy)
    for key in postings.docs:
        if key not in heavy_set:
            by_shard[shard_of(key, n_shards)].append(key)
    width = len(f"{n_shards - 1:x}")
    for s in range(n_shards):
        files.append((f"{INDEX_DIR}/s/{s:0{width}x}.bin",
                      # Level 9 is 6x slower than 6 on postings for 2% smaller files.
                      _gzip(encode_shard(sorted(by_shard[s]), postings), level=6)))

    members = [doc_record(d) for d in ordered]
    packs = build_packs(members)
    for n, (first, blob) in enumerate(packs):
        last = packs[n + 1][0] if n + 1 < len(packs) else len(members)
        files.append((f"{INDEX_DIR}/t/{n}.bin", blob))
        files.append((f"{INDEX_DIR}/t/{n}.len.bin",
                      _gzip(encode_varints(len(m) for m in members[first:last]))))

    provinces = _vocab(d.province for d in ordered)
    themes = _vocab(t for d in ordered for t in d.themes)
    files.append((f"{INDEX_DIR}/docs.bin", _gzip(encode_doc_columns(ordered, provinces))))
    files.append((f"{INDEX_DIR}/themes.bin", _gzip(encode_theme_column(ordered, themes))))

    digest = hashlib.sha256()
    for path, content in files:
        digest.update(path.encode() + b"\0" + hashlib.sha256(content).digest())
    manifest = {
        "version": FORMAT_VERSION,
        "id": digest.hexdigest()[:16],
        "docs": len(ordered),
        "shards": n_shards,
        "shardWidth": width,
        "packs": [first for first, _ in packs],
        "heavy": heavy,
        "provinces": provinces,
        "themes": themes,
    }
    files.append((f"{INDEX_DIR}/manifest.json",
                  json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")))
    return sorted(files)

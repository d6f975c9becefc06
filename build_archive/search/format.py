"""The search index's files: the shared contract with the browser reader
(``docs/assets/javascripts/archive-search.js``). The constants both sides read, the doc the index
is built from (``SearchDoc``), an output file (``IndexFile``), varint and gzip encodings, the doc
records and the facet columns.

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
    UTF-8 JSON object ``{"u","t","c","p","y","k","h"}`` (url, title, county, province,
    year, doc type, headings). The body is not stored: the reader fetches the doc's
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

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np


INDEX_DIR = "search-index"
FORMAT_VERSION = 2

COUNT_MASK = 0x07
HEADING_BIT = 0x40
TITLE_BIT = 0x80

# BLOCK_DOCS and PACK_DOCS are read as ``fmt.BLOCK_DOCS`` elsewhere, not imported by name, so that a
# test can shrink them for every module at once.
# Postings blocks: a rebuild after adding a report re-encodes the last block of every file, so
# this bounds its work (~1,000 docs: well under a second); each block costs every file a small
# header, so much smaller blocks would make the files a first query fetches grow. Doc ids inside
# a block are stored as uint16.
BLOCK_DOCS = 1024
# Docs per text pack (~5 MB at ~5 KB per doc). The size only matters for hosts that ignore Range
# (e.g. ``mkdocs serve``), where the reader falls back to fetching the whole pack once; a fixed
# count means changing one report rewrites only its own pack.
PACK_DOCS = 1024

# Level 9 is 6x slower than 6 on postings for 2% smaller files.
POSTINGS_LEVEL = 6
TEXT_LEVEL = 9
# Each block's deflate segment may refer back this far into the file's earlier blocks: it keeps
# the files within ~2% of one-piece gzip, and setting a larger dictionary costs more than it gains.
ZDICT_BYTES = 8192


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


def varint_lengths(values: np.ndarray) -> np.ndarray:
    return 1 + (values >= 1 << 7) + (values >= 1 << 14) + (values >= 1 << 21) + (values >= 1 << 28)


def gzipped(data: bytes, level: int = 9) -> bytes:
    # mtime=0 and no file name keep the output byte-identical between builds.
    return gzip.compress(data, compresslevel=level, mtime=0)


def hash_parts(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.digest()


def doc_order_key(doc: SearchDoc) -> tuple:
    """Doc ids follow this order: publication order, so new reports append."""
    return (doc.seq, doc.url)


# --- docs, packs, facet columns ------------------------------------------------------------------

def record_json(doc: SearchDoc) -> bytes:
    """The stored text of one doc: JSON (the reader parses it, never evaluates it)."""
    _require_text(doc)
    # No body: the reader takes it from the report's page (pagetext.py), which holds the same
    # text; a second copy here was 7 KB a report, 216 MB at 30,000.
    # Nor the themes: the reader has them in facets.bin, and a report's twenty theme names were
    # half of every record, 7 MB at 30,000 (issue 16).
    rec = {"u": doc.url, "t": doc.title, "c": doc.county, "p": doc.province, "y": doc.year,
           "k": doc.doc_type, "h": list(doc.headings)}
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def doc_record(doc: SearchDoc) -> bytes:
    """One doc's gzip member in its text pack."""
    return gzipped(record_json(doc), TEXT_LEVEL)


def vocab(values: Iterable[str | None]) -> list[str]:
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

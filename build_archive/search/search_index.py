"""Build the archive's own static Chinese search index.

The browser reader is ``docs/assets/javascripts/archive-search.js``; both sides must agree on
everything marked *shared contract*: the files (``format.py``), the normalisation and key
extraction (``keys.py``) and the shard hash (``codes.py``).

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

The package, by job: ``format`` (the files, their constants and encodings, ``SearchDoc``),
``keys`` (normalisation and keys), ``postings`` (blocks, pieces, compressed segments, the
layout of the files), ``writer`` (one build: ``Build``), ``parallel`` (its work in forked
workers), ``index_cache`` (the cache and the hashes it is keyed by), and this module, the entry
point, which makes the output files (``search_outputs``, ``build_search_index``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from dataclasses import replace
from typing import Callable, Sequence

from ..core import pagetext
from ..core.cache import Bodies
from ..core.model import OutputFile, Report, display_title
from ..core.readings import without_readings
from . import format as fmt
from .format import (FORMAT_VERSION, INDEX_DIR, IndexFile, SearchDoc, county_vocab, doc_order_key,
                     encode_facet_columns, encode_kind_columns, encode_varints, encode_year_column, gzipped, vocab)
from .keys import fold_file_text
from .postings import Layout, gzip_file
from .index_cache import Cache, Made, PackPlan, content_key, row_check
from .parallel import STATE, worker_count
from .writer import Build


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
                if row is not None and row_check(kind, key, row[0]) == row[1]:
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


def _make_postings(reader: _Reader, path: str, made: Made) -> bytes:
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
    return IndexFile(path, content_key(data).hex(), functools.partial(_constant, data))


def _pack_files(packs: Sequence[PackPlan], reader: _Reader) -> list[IndexFile]:
    files = []
    for p in packs:
        path = f"{INDEX_DIR}/t/{p.n}.bin"
        files.append(IndexFile(path, p.digest.hex(), functools.partial(_make_pack, reader, path, p.key)))
        files.append(_small_file(f"{INDEX_DIR}/t/{p.n}.len.bin", gzipped(encode_varints(p.lengths or ()))))
    return files


def _manifest(files: Sequence[IndexFile], docs: Sequence[SearchDoc], layout: Layout,
              packs: Sequence[PackPlan], provinces: list[str], themes: list[str], years: list[int],
              counties: list[tuple[str, str]], doc_types: list[str]) -> IndexFile:
    # The id busts the browser's caches: it changes whenever any file does, i.e. any key.
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.path):
        digest.update(f.path.encode() + b"\0" + f.key.encode() + b"\0")
    manifest = {
        "version": FORMAT_VERSION,
        "id": digest.hexdigest()[:16],
        "docs": len(docs),
        "blockDocs": fmt.BLOCK_DOCS,
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
    return _search_outputs(sorted(docs, key=doc_order_key), cache_dir, worker_count(workers), fill, 0)


def _search_outputs(ordered: Sequence[SearchDoc], cache_dir: Path | None, workers: int,
                    fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None, level: int) -> list[IndexFile]:
    held: dict[tuple[str, bytes], bytes] = {}
    cache = Cache(cache_dir, held)
    try:
        STATE.clear()
        build = Build(ordered, cache, workers, fill)
        fresh = build.blocks_from_cache()
        packs = build.plan_packs()
        build.make_texts(fresh, [i for p in packs for i in p.missing], packs)
        layout = build.layout()
        postings = build.postings(layout)
    finally:
        STATE.clear()
        cache.close()
    reader = _Reader(cache.path, held, ordered, workers, fill, level)
    files = [IndexFile(path, m.key.hex(), functools.partial(_make_postings, reader, path, m))
             for path, m in zip(layout.paths(), postings)]
    files += _pack_files(packs, reader)
    provinces = vocab(d.province for d in ordered)
    themes = vocab(t for d in ordered for t in d.themes)
    years = sorted({d.year for d in ordered if d.year})
    files.append(_small_file(f"{INDEX_DIR}/docs.bin", gzipped(encode_year_column(ordered, years))))
    files.append(_small_file(f"{INDEX_DIR}/facets.bin", gzipped(encode_facet_columns(ordered, provinces, themes))))
    counties = county_vocab(ordered)
    doc_types = vocab(d.doc_type for d in ordered)
    files.append(_small_file(f"{INDEX_DIR}/kinds.bin", gzipped(encode_kind_columns(ordered, counties, doc_types))))
    files.append(_small_file(f"{INDEX_DIR}/fold.txt", fold_file_text().encode("utf-8")))
    files.append(_manifest(files, ordered, layout, packs, provinces, themes, years, counties, doc_types))
    return sorted(files, key=lambda f: f.path)


def build_search_index(docs: Sequence[SearchDoc], cache_dir: Path | None = None, workers: int = 0,
                       fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None = None
                       ) -> list[tuple[str, bytes]]:
    """All index files as (path relative to the docs dir, content): :func:`search_outputs`, made."""
    return [(f.path, f.make()) for f in search_outputs(docs, cache_dir, workers, fill)]


def search_files(reports: Sequence[Report], seq: dict[str, int], bodies: Bodies, cache_dir: Path | None = None,
                 workers: int = 0) -> list[OutputFile]:
    """The archive's own search index (see search_index.py and archive-search.js).

    Documents are numbered in publication order (``seq``), so a new report only appends; the
    index caches its per-document work and compressed blocks in ``cache_dir``. A document's
    text stands as its parse key (``text_id``) and is loaded only when the index must read it
    (``fill``): adding one report to 30,000 loads one text, not 30,000."""
    by_url = {r.ident.path: r for r in reports if r.ident}
    docs = [SearchDoc(
        url=r.ident.path, title=without_readings(display_title(r.meta)), county=r.meta.county, province=r.meta.province,
        year=r.meta.year, doc_type=r.meta.doc_type, themes=tuple(t.theme for t in r.themes),
        seq=seq.get(r.ident.code, 0), text_id=r.key.encode("ascii"))
        for r in by_url.values() if r.ident]

    def fill(wanted: Sequence[SearchDoc]) -> list[SearchDoc]:
        full = bodies.load([by_url[d.url] for d in wanted])
        # The body as its page shows it: the browser verifies queries against the page itself.
        # Mirrors' pinyin readings split the words they stand in (readings.py), so title,
        # headings and body are indexed without them, and the browser reads the page so too.
        return [replace(d, headings=tuple(without_readings(h) for h in r.structured.headings),
                        body=without_readings(pagetext.paragraphs_text(r.structured.paragraphs)))
                for d, r in zip(wanted, full)]

    files = search_outputs(docs, cache_dir=cache_dir / "search" if cache_dir else None,
                          workers=workers, fill=fill)
    return [OutputFile(f.path, b"", key=f.key, make=f.make) for f in files]

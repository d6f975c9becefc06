"""The index's cache (``search.sqlite`` in the cache dir): content-addressed rows, what is known
of postings files and packs, the hashes rows are keyed by, and what a build plans to make of
them (``Made``, ``Job``, ``PackPlan``). The output never depends on it: every row is keyed by a
hash of everything it was made from, and a missing, stale or corrupt row is made again."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..core import tradsimp
from . import format as fmt
from .format import FORMAT_VERSION, POSTINGS_LEVEL, TEXT_LEVEL, ZDICT_BYTES, SearchDoc, hash_parts


CACHE_FILE = "search.sqlite"


def _source_hash() -> bytes:
    # Output keys must change when this code changes how bytes are made, even if no constant does:
    # the source of every module of the search package, sorted by path, and of the readings the
    # index leaves out of every text (core/readings.py), which is no search module.
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parent.parent / "core" / "readings.py"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()[:8]


def _fold_hash() -> str:
    # The search folds traditional characters by the table (keys.trad_pairs, fold.txt): a change
    # of the table changes keys, so it changes every output key.
    return hashlib.sha256(repr(sorted(tradsimp.table().items())).encode()).hexdigest()[:16]


SALT = repr((FORMAT_VERSION, POSTINGS_LEVEL, ZDICT_BYTES, TEXT_LEVEL, zlib.ZLIB_RUNTIME_VERSION,
              _source_hash().hex(), _fold_hash())).encode()


# --- the cache -----------------------------------------------------------------------------------

# The kinds of rows make() reads once the build has returned: without a usable SQLite file they
# are held in memory instead (other kinds only serve the next build, which has no use for them).
HELD_KINDS = ("run", "pack")
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
        """Rows of ``HELD_KINDS`` written while there is no usable SQLite file."""
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
        version = repr((cls.SCHEMA, SALT, fmt.BLOCK_DOCS, fmt.PACK_DOCS))
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
            for batch in batches(rest, _IN_BATCH):
                for key, data, chk in self.db.execute(
                        f"SELECT key, data, chk FROM blob WHERE kind=? AND key IN ({','.join('?' * len(batch))})",
                        (kind, *batch)):
                    if row_check(kind, key, data) == chk:
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
            for batch in batches(keys, _IN_BATCH):
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
                                    ((kind, k, v, row_check(kind, k, v)) for k, v in items.items()))
                return
            except sqlite3.Error:
                self._fail()
        if kind in HELD_KINDS:
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


def row_check(kind: str, key: bytes, data: bytes) -> bytes:
    # Covers kind and key too, so a blob can never be taken for another entry's.
    return hash_parts(kind.encode(), key, data)


def batches(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
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
        return cls(cut16(data, 4, n), cut16(data, 4 + 16 * n, n), nums[:n], nums[n:2 * n], nums[2 * n:])


def cut16(data: bytes, pos: int, n: int) -> tuple[bytes, ...]:
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
    return cut16(data, 4 + 4 * n, n), struct.unpack_from(f"<{n}I", data, 4), data[-16:]


def content_key(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


# --- hashes --------------------------------------------------------------------------------------

def text_hash(doc: SearchDoc) -> bytes:
    """Hash of everything a doc's postings depend on: its title and ``text_id`` (which stands for
    its text), or its title, headings and body."""
    title = doc.title.encode("utf-8", "surrogatepass")
    if doc.text_id is not None:
        return hash_parts(doc.text_id, title)  # two parts: never equal to a three-part text hash
    return hash_parts(title, "\0".join(doc.headings).encode("utf-8", "surrogatepass"),
                   doc.body.encode("utf-8", "surrogatepass"))


def record_hash(doc: SearchDoc, text: bytes) -> bytes:
    """Hash of everything a doc's text member depends on (``text``: its :func:`text_hash`)."""
    meta = (doc.url, doc.county, doc.province, doc.year, doc.doc_type, doc.themes)
    return hash_parts(text, json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def pack_key(docs: Sequence[SearchDoc], hashes: Sequence[bytes]) -> bytes:
    """Hash of everything a text pack depends on (``hashes``: its docs' text hashes); one JSON
    dump per pack rather than a record hash per doc, since every build needs every pack's key."""
    meta = [(d.url, d.county, d.province, d.year, d.doc_type, d.themes) for d in docs]
    return hash_parts(SALT, b"pack", json.dumps(meta, ensure_ascii=False).encode("utf-8", "surrogatepass"),
                   b"".join(hashes))


# --- what the build plans to make of cached rows -------------------------------------------------

@dataclass(frozen=True)
class Made:
    """What makes one postings file: its piece chain's last value and the rows of its runs."""

    slot: int
    key: bytes
    runs: tuple[bytes, ...]
    crc: int
    size: int


@dataclass
class Job:
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
class PackPlan:
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

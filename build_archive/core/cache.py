"""Cache of parsed reports, keyed by what a parse depends on.

A parse depends on the raw bytes, the file name (capture id), the correction file and the
code and data of the build itself. The key hashes all four, so editing a rule in
``data/chrome.yml`` or a line of ``metadata.py`` invalidates every entry, and adding one
report to 30,000 re-parses one. One SQLite file: 30,000 small files would be slower to scan.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Collection, Mapping, Sequence

from .model import Cleaned, Report, Source, Structured

PACKAGE_DIR = Path(__file__).resolve().parent.parent


# Files a parse never reads or runs, by path inside the package: editing them must not throw
# away 30,000 cached parses. (tests/core/test_cache.py checks that each one exists, so a module
# that moves is moved here too.)
NOT_PARSE = {
    "__main__.py", "build.py", "cli.py",
    # The corpus score (build-archive evaluate) runs parses; no parse runs it.
    "evaluate.py",
    "core/cache.py", "core/errors.py", "core/ids.py", "core/indicator_types.py", "core/linefile.py",
    "core/mdtext.py", "core/pagetext.py", "core/paths.py", "core/pool.py", "core/progress.py",
    "data/data_dictionary.yml", "data/indicators.yml", "data/make_divisions.py", "data/make_tradsimp.py",
    "read/rawpack.py",
    "parse/indicator_extraction.py", "parse/indicators.py",
    "pages/archive_index.py", "pages/browse.py", "pages/build_report.py", "pages/catalog.py", "pages/charts.py",
    "pages/cite.py", "pages/front_matter.py", "pages/indicator_pages.py", "pages/redirects.py",
    "pages/region_pages.py", "pages/render.py", "pages/report_pages.py", "pages/theme_pages.py",
    "pages/year_pages.py",
    "search/codes.py", "search/format.py", "search/index_cache.py", "search/keys.py", "search/parallel.py",
    "search/postings.py", "search/search_index.py", "search/trends.py", "search/writer.py",
    "publish/fastpages.py", "publish/htmlcompact.py", "publish/linkcheck.py", "publish/mkdocs_hooks.py",
    "publish/release.py", "publish/site.py", "publish/sitesize.py", "publish/unchanged.py", "publish/write.py",
}


def _package_hash(excluded: set[str]) -> str:
    """Hash of the package's source and data files, but for those ``excluded`` (paths inside
    the package)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml", ".yaml", ".csv", ".tsv", ".txt", ".json") \
                and "__pycache__" not in path.parts \
                and (rel := path.relative_to(PACKAGE_DIR).as_posix()) not in excluded:
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the source and data files a parse depends on."""
    return _package_hash(NOT_PARSE)


# Files no generated Markdown depends on (the search index, the site stage, the command
# line), by path inside the package: editing them must not re-render 30,000 pages.
NOT_MARKDOWN = {
    "__main__.py", "cli.py", "evaluate.py",
    "core/cache.py", "core/progress.py",
    "data/make_divisions.py", "data/make_tradsimp.py",
    "search/codes.py", "search/format.py", "search/index_cache.py", "search/keys.py", "search/parallel.py",
    "search/postings.py", "search/search_index.py", "search/writer.py",
    "publish/fastpages.py", "publish/htmlcompact.py", "publish/linkcheck.py", "publish/mkdocs_hooks.py",
    "publish/site.py", "publish/sitesize.py", "publish/write.py",
    # What these make is compared by its content or keyed by their own version (indicator pages
    # and the county pages' indicator section: indicator_pages.code_version; the home page's
    # chart, the count table): editing them must not re-render 30,000 report pages either.
    "core/indicator_types.py", "data/indicators.yml", "parse/indicators.py", "pages/charts.py",
    "pages/indicator_pages.py", "search/trends.py",
}


@functools.lru_cache(maxsize=1)
def build_version() -> str:
    """Hash of the source and data files of the build that generated Markdown depends on,
    besides its inputs."""
    return _package_hash(NOT_MARKDOWN)


def read_state(path: Path | None) -> dict:
    """A dict a build kept for the next one (``write_state``); missing or unreadable is empty,
    so the next build does the work again instead of failing."""
    if path is None:
        return {}
    try:
        data = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, IndexError,
            ImportError):
        # ImportError: a state pickled by a build whose modules have since moved (issue 18 moved
        # them all), such as the Pages workflow restores from an older cache.
        return {}
    return data if isinstance(data, dict) else {}


def write_state(path: Path, data: dict) -> None:
    """Keep ``data`` for the next build, replacing the file whole. Pickled, not JSON: the
    writer's state lists 140,000 files, and JSON took a second each way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, path)


def parse_key(source: Source, override: object) -> str:
    text = f"{code_version()}\0{source.sha256}\0{source.name}\0{override!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# A parse is stored in two parts, in two tables. The head (title, metadata, themes, terms,
# fingerprint, removed lines) is what most of a rebuild needs of every report; the body (the
# blocks) is two thirds of the bytes and half the loading time, and is read only for the pages
# and files being made. Apart, the heads of 30,000 reports are one compact scan.
_HEADS, _BODIES = "heads", "bodies"


class ParseCache:
    """Parsed reports by key; a missing or unreadable cache is an empty one."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open(path)
        except sqlite3.DatabaseError:
            # Not a database (a torn or foreign file): start an empty cache.
            path.unlink()
            self.db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path))
        # A cache needs no durability (a torn file is started again), and waiting for the
        # disk at every commit cost seconds per thousand reports.
        db.execute("PRAGMA synchronous = OFF")
        for old in ("parsed", "parse"):  # earlier formats
            db.execute(f"DROP TABLE IF EXISTS {old}")
        db.execute(f"CREATE TABLE IF NOT EXISTS {_HEADS} (key TEXT PRIMARY KEY, head BLOB)")
        db.execute(f"CREATE TABLE IF NOT EXISTS {_BODIES} (key TEXT PRIMARY KEY, body BLOB)")
        return db

    def heads(self, keys: Collection[str], sources: Mapping[str, Source]) -> dict[str, Report]:
        """The reports of ``keys`` found in the cache, as stubs (see ``Report.stub``), each with
        the source given for its key in ``sources``."""
        wanted = set(keys)
        found: dict[str, Report] = {}
        # One scan beats 30,000 lookups; a handful of keys are looked up one by one.
        rows = (self.db.execute(f"SELECT key, head FROM {_HEADS}") if len(wanted) > 100 else
                (row for k in wanted for row in self.db.execute(f"SELECT key, head FROM {_HEADS} WHERE key = ?", (k,))))
        for key, blob in rows:
            if key in wanted:
                head = _unpickle(blob)
                if head is not None:
                    found[key] = from_head(head, sources[key], key)
        return found

    def put_many(self, items: list[tuple[str, Report]]) -> None:
        heads, bodies = [], []
        for key, report in items:
            head, body = split(report)
            heads.append((key, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL)))
            bodies.append((key, pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)))
        self.db.executemany(f"INSERT OR REPLACE INTO {_HEADS} VALUES (?, ?)", heads)
        self.db.executemany(f"INSERT OR REPLACE INTO {_BODIES} VALUES (?, ?)", bodies)
        self.db.commit()

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no current report uses, so the cache does not grow without end."""
        for table in (_HEADS, _BODIES):
            stored = {k for (k,) in self.db.execute(f"SELECT key FROM {table}")}
            self.db.executemany(f"DELETE FROM {table} WHERE key = ?", [(k,) for k in stored - keys])
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def _unpickle(blob: bytes) -> object:
    try:
        return pickle.loads(blob)
    except (pickle.UnpicklingError, AttributeError, ModuleNotFoundError, EOFError, TypeError, ValueError):
        # A pickle from older code is a cache miss, not an error.
        return None


Head = tuple  # (title, meta, themes, terms, fingerprint, removed lines, has blocks)
Body = tuple  # blocks


def split(report: Report) -> tuple[Head, Body]:
    """A parse as its head and its body. The removed lines stay in the head: they are small,
    and whether a page links its removed lines must be known without the body."""
    head = (report.structured.title, report.meta, report.themes, report.terms, report.fingerprint,
            report.cleaned.removed, bool(report.structured.blocks))
    return head, report.structured.blocks


def from_head(head: Head, source: Source, key: str) -> Report:
    title, meta, themes, terms, fingerprint, removed, has_blocks = head
    # A report with no blocks (nothing but chrome) is whole without a body: not a stub.
    return Report(source, Cleaned((), removed), Structured(title, ()), meta, themes, terms, fingerprint, key,
                  stub=has_blocks)


def with_body(report: Report, blocks: Body) -> Report:
    return replace(report, structured=Structured(report.structured.title, blocks), stub=False)


def stub_of(report: Report) -> Report:
    """A parsed report without its body, which the cache holds (see ``from_head``)."""
    head, _body = split(report)
    return from_head(head, report.source, report.key)


class Bodies:
    """Gives stubs their bodies back from the parse cache, for the pages and files being made.

    Usable in forked workers: each process opens its own connection (SQLite connections must
    not cross a fork)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pid = 0

    def load(self, reports: Sequence[Report]) -> list[Report]:
        """``reports`` with their bodies, in order; reports that are not stubs are returned as they are."""
        keys = [r.key for r in reports if r.stub]
        if not keys:
            return list(reports)
        found: dict[str, Body] = {}
        db = self._connection()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in db.execute(f"SELECT key, body FROM {_BODIES} WHERE key IN ({marks})", chunk):
                body = _unpickle(blob)
                if body is not None:
                    found[key] = body
        missing = [r.source.name for r in reports if r.stub and r.key not in found]
        if missing:
            raise RuntimeError(f"the parse cache {self.path} lost the body of {', '.join(missing[:5])}; "
                               "delete the cache folder and build again")
        return [with_body(r, found[r.key]) if r.stub else r for r in reports]

    def _connection(self) -> sqlite3.Connection:
        if self.path is None:
            raise RuntimeError("a report stub has no parse cache to load its body from")
        if self._db is None or self._pid != os.getpid():
            self._db, self._pid = sqlite3.connect(str(self.path)), os.getpid()
        return self._db

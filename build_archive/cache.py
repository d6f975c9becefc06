"""Cache of parsed reports, keyed by what a parse depends on.

A parse depends on the raw bytes, the file name (capture id), the correction file and the
code and data of the build itself. The key hashes all four, so editing a rule in
``data/chrome.yml`` or a line of ``metadata.py`` invalidates every entry, and adding one
report to 30,000 re-parses one. One SQLite file: 30,000 small files would be slower to scan.
"""
from __future__ import annotations

import functools
import hashlib
import json
import pickle
import sqlite3
from pathlib import Path

from .model import Report, Source

PACKAGE_DIR = Path(__file__).resolve().parent


# Modules a parse never runs: editing them must not throw away 30,000 cached parses.
NOT_PARSE = {"browse.py", "cache.py", "catalog.py", "cite.py", "cli.py", "fastpages.py", "linkcheck.py",
             "paths.py", "progress.py", "render.py", "search_index.py", "site.py", "write.py", "__main__.py",
             "build.py", "ids.py", "redirects.py", "mdtext.py",
             "make_divisions.py", "make_tradsimp.py", "data_dictionary.yml"}


def _package_hash(excluded: set[str]) -> str:
    """Hash of the package's source and data files, but for ``excluded`` file names."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yml", ".yaml", ".csv", ".tsv", ".txt", ".json") \
                and "__pycache__" not in path.parts and path.name not in excluded:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the source and data files a parse depends on."""
    return _package_hash(NOT_PARSE)


# Modules no generated Markdown depends on (the search index, the site stage, the command
# line): editing them must not re-render 30,000 pages.
NOT_MARKDOWN = {"search_index.py", "site.py", "fastpages.py", "linkcheck.py", "cli.py", "progress.py",
                "write.py", "cache.py", "__main__.py", "make_divisions.py", "make_tradsimp.py"}


@functools.lru_cache(maxsize=1)
def build_version() -> str:
    """Hash of the source and data files of the build that generated Markdown depends on,
    besides its inputs."""
    return _package_hash(NOT_MARKDOWN)


def read_state(path: Path | None) -> dict:
    """A JSON object a build kept for the next one; missing or unreadable is empty, so the
    next build does the work again instead of failing."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def parse_key(source: Source, override: object) -> str:
    text = f"{code_version()}\0{source.sha256}\0{source.name}\0{override!r}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ParseCache:
    """Parsed reports by key; a missing or unreadable cache is an empty one."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path))
        self.db.execute("CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, report BLOB)")

    def get(self, key: str) -> Report | None:
        row = self.db.execute("SELECT report FROM parsed WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except (pickle.UnpicklingError, AttributeError, ModuleNotFoundError, EOFError, TypeError):
            # A pickle from older code is a cache miss, not an error.
            return None

    def put_many(self, items: list[tuple[str, Report]]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?)",
                            [(k, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)) for k, r in items])
        self.db.commit()

    def keep_only(self, keys: set[str]) -> None:
        """Drop entries no current report uses, so the cache does not grow without end."""
        stored = {k for (k,) in self.db.execute("SELECT key FROM parsed")}
        stale = stored - keys
        self.db.executemany("DELETE FROM parsed WHERE key = ?", [(k,) for k in stale])
        self.db.commit()

    def close(self) -> None:
        self.db.close()

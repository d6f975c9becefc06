"""The only module that writes into docs/: the files a build produces, and nothing else.

It owns a fixed set of paths under docs/ (``OWNED``): files there that the build no longer
produces are removed, so a report taken out of reports/ does not linger as a stale page.
Files whose bytes did not change are left alone, so mkdocs and the browser caches see no
change and the build stays fast on a large archive.

At 30,000 reports the site is ~140,000 files and 1 GB: reading each back to compare would
cost more than the rest of a one-report rebuild. The writer keeps a state file (path ->
content key, size, mtime) and trusts a file whose key, size and mtime match its last write;
an output whose ``key`` matches is not even made (see ``OutputFile.key``).
"""
from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

from ..core.cache import read_state, write_state
from ..core.model import OutputFile
from ..core.paths import PROJECT_DOCS
from .overwrite import overwrite

# Generated trees and files inside docs/. Everything else there is written by hand.
OWNED_DIRS = ("r", "raw", "browse", "county", "city", "province", "year", "theme", "indicator", "data",
              "search-index", "shell")
# build-report.tsv is no longer written (build-report.tsv.gz is): owned, a docs folder's old copy goes.
OWNED_FILES = ("index.md", "build-report.md", "build-report.tsv", "build-report.tsv.gz", "downloads.md", "sitemap.xml")
# The writer's state file, in the build's cache folder; the site stage reads it too.
STATE_FILE = "written.pickle"


@dataclass(frozen=True)
class WriteStats:
    """What the writer did."""

    written: int
    unchanged: int
    removed: int


class UnsafePath(ValueError):
    """An output path that would leave the docs folder or overwrite another output."""


def check_path(path: str, seen: set[str]) -> None:
    # Strings, not PurePosixPath: 140,000 outputs are checked on every build.
    if path.strip("/") in ("", ".") or path.startswith("/") or ".." in path.split("/"):
        raise UnsafePath(f"output path {path!r} would leave the docs folder")
    if path in seen:
        raise UnsafePath(f"two outputs would be written to {path}")


def check_paths(outputs: Iterable[OutputFile]) -> None:
    seen: set[str] = set()
    for out in outputs:
        check_path(out.path, seen)
        seen.add(out.path)


# Short-URL folders (CHR-<code>/) sit at the top of the site, one per report.
OWNED_PREFIX = "CHR-"


def is_owned(rel_path: str, extra: Sequence[str] = ()) -> bool:
    first = PurePosixPath(rel_path).parts[0]
    return (first in OWNED_DIRS or rel_path in OWNED_FILES or rel_path in extra
            or (first.startswith(OWNED_PREFIX) and "/" in rel_path))


def write_outputs(outputs: Iterable[OutputFile], docs_dir: Path, extra_owned: Sequence[str] = (),
                  state_path: Path | None = None, state: dict[str, list] | None = None) -> WriteStats:
    """Make the owned part of ``docs_dir`` hold exactly ``outputs``.

    ``outputs`` may be a generator: files are written as they come, so a 30,000-report build
    never holds every page in memory. The build runs every check before it starts writing.
    ``state_path`` is the writer's state file (see the module docstring); None for none.
    ``state``: its content when the caller has already loaded it (``load_state``).
    """
    if state is None:
        state = load_state(state_path)
    if state_path is not None and state:
        # Gone until this write completes: a build that dies half way leaves files the state
        # does not list, and the next build must then walk the folder to find them.
        state_path.unlink(missing_ok=True)
    new_state: dict[str, list] = {}
    wanted: set[str] = set()
    written = unchanged = removed = 0
    for out in outputs:
        check_path(out.path, wanted)
        wanted.add(out.path)
        if out.stream is not None or out.copy_from is not None:
            target = docs_dir / out.path
            # Large files are compared and copied in chunks, never held in memory.
            if out.stream is not None and not out.key:
                raise ValueError(f"{out.path}: a streamed output needs a key (nothing else tells its content)")
            key = out.key or _file_digest(out.copy_from)
            if is_current(state, docs_dir, out.path, key):
                new_state[out.path] = state[out.path]
                unchanged += 1
                continue
            if _put_large(out, target):
                written += 1
            else:
                unchanged += 1
            new_state[out.path] = [key, *_stat(target)]
            continue
        data = None
        key = out.key
        if not key:
            data = out.data
            key = hashlib.blake2b(data, digest_size=16).hexdigest()
        if is_current(state, docs_dir, out.path, key):
            new_state[out.path] = state[out.path]
            unchanged += 1
            continue
        if data is None:
            data = out.data
        target = f"{docs_dir}/{out.path}"
        if _holds(target, data):
            unchanged += 1
        else:
            try:
                overwrite(target, data)
            except FileNotFoundError:
                os.makedirs(os.path.dirname(target), exist_ok=True)
                overwrite(target, data)
            written += 1
        new_state[out.path] = [key, *_stat(target)]
    # With a state file, the files of the last write are known without walking 140,000 files.
    known = list(state) if state else [p.relative_to(docs_dir).as_posix() for p in _owned_files(docs_dir, extra_owned)]
    emptied: set[Path] = set()
    for rel in known:
        if rel in wanted:
            continue
        existing = docs_dir / rel
        if existing.is_file():
            existing.unlink()
            emptied.add(existing.parent)
            removed += 1
    _remove_empty_dirs(docs_dir, None if not state else emptied)
    if state_path is not None:
        write_state(state_path, new_state)
    return WriteStats(written, unchanged, removed)


def _holds(path: str, data: bytes) -> bool:
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


def _file_digest(path: Path | None) -> str:
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:  # type: ignore[arg-type]
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _put_large(out: OutputFile, target: Path) -> bool:
    """Write a streamed or copied output; False when the target already held its bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if out.stream is not None:
        with open(tmp, "wb") as f:
            out.stream(f)
    else:
        shutil.copyfile(out.copy_from, tmp)  # type: ignore[arg-type]
    if target.is_file() and filecmp.cmp(tmp, target, shallow=False):
        tmp.unlink()
        return False
    os.replace(tmp, target)
    return True


def _stat(path: Path | str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def is_current(state: dict[str, list], docs_dir: Path, path: str, key: str) -> bool:
    """The file at ``path`` was last written with ``key`` and has not changed since."""
    last = state.get(path)
    return isinstance(last, list) and len(last) == 3 and last[0] == key and _stat(f"{docs_dir}/{path}") == (last[1], last[2])


def load_state(path: Path | None) -> dict[str, list]:
    """The last write's state; missing or unreadable is empty (every file is compared)."""
    return read_state(path)


def written_files(path: Path | None) -> dict[str, tuple[int, int]]:
    """The files the last complete write left (see ``write_outputs``), each with the size and
    mtime it had then; empty without a state."""
    return {p: (e[1], e[2]) for p, e in load_state(path).items() if isinstance(e, list) and len(e) == 3}


def _owned_files(docs_dir: Path, extra: Sequence[str]) -> list[Path]:
    files = []
    for name in OWNED_DIRS:
        root = docs_dir / name
        if root.is_dir():
            files += [p for p in root.rglob("*") if p.is_file()]
    files += [p for d in docs_dir.glob(OWNED_PREFIX + "*") if d.is_dir() for p in d.rglob("*") if p.is_file()]
    files += [docs_dir / f for f in (*OWNED_FILES, *extra) if (docs_dir / f).is_file()]
    return sorted(files)


def _remove_empty_dirs(docs_dir: Path, emptied: set[Path] | None = None) -> None:
    """Remove empty generated folders: those in ``emptied`` and their parents, or all."""
    if emptied is not None:
        for d in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
            while d != docs_dir and docs_dir in d.parents and d.is_dir() and not any(d.iterdir()):
                d.rmdir()
                d = d.parent
        return
    for d in docs_dir.glob(OWNED_PREFIX + "*"):
        if d.is_dir() and not any(d.iterdir()):
            d.rmdir()
    for name in OWNED_DIRS:
        root = docs_dir / name
        if not root.is_dir():
            continue
        for d in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            if not any(d.iterdir()):
                d.rmdir()


def static_files(docs_dir: Path) -> list[OutputFile]:
    """Hand-written site files, copied when building into a docs folder other than the project's."""
    if docs_dir.resolve() == PROJECT_DOCS.resolve() or not PROJECT_DOCS.is_dir():
        return []
    files = []
    for path in sorted(PROJECT_DOCS.rglob("*")):
        rel = path.relative_to(PROJECT_DOCS).as_posix()
        if path.is_file() and not is_owned(rel) and not rel.endswith(".tmp"):
            files.append(OutputFile(rel, path.read_bytes()))
    return files

"""Skip the docs stage of a rebuild whose inputs are those of the last complete build."""
from __future__ import annotations

import hashlib
import os
from typing import Sequence

from . import release
from ..core.cache import _package_hash, read_state, write_state
from ..core.errors import BuildFailed
from ..core.model import BuildResult, Settings, Source
from ..core.paths import PROJECT_DOCS
from .write import STATE_FILE, is_owned, written_files


class NoChange:
    """A rebuild whose inputs are those of the last complete build skips the whole docs stage.

    Everything the docs stage reads goes into one digest: the build's code and data (the whole
    package), the settings, the ledger, every correction file, every raw file's name and SHA-256
    (``read_all`` takes them from its cache for files whose stat is unchanged) and what reading
    them found wrong, and the hand-written docs copied into another docs folder. With the same
    digest, and every file the writer left (its state) and every release file still as it was
    written, the docs folder is already what the build would write: loading 30,000 cached
    parses, keying 30,000 pages and checking 75,000 files only to write nothing took 15 s.
    The summary (counts, files not published, problems) is the last build's; under
    ``--strict`` its problems fail the build as they did then."""

    FILE = "last-build.pickle"

    @staticmethod
    def digest(settings: Settings, sources: Sequence[Source], result: BuildResult) -> str:
        h = hashlib.sha256()
        # Not ``strict``: it changes no output, and a strict rebuild must fail on the problems.
        parts: list[object] = [_package_hash(set()), str(settings.docs_dir), str(settings.ledger_path),
                               settings.site_url, str(settings.release_dir), settings.release_url,
                               settings.reports_label, [(s.name, s.sha256, s.encoding, s.size) for s in sources],
                               [str(p) for p in result.problems]]
        for path in sorted(settings.reports_dir.glob("*.y*ml")):
            parts.append((path.name, path.read_bytes()))
        if settings.docs_dir.resolve() != PROJECT_DOCS.resolve() and PROJECT_DOCS.is_dir():
            parts.append([(p.relative_to(PROJECT_DOCS).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                          for p in sorted(PROJECT_DOCS.rglob("*")) if p.is_file()
                          and not is_owned(p.relative_to(PROJECT_DOCS).as_posix())])
        h.update(repr(parts).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    @staticmethod
    def with_ledger(settings: Settings, digest: str) -> str:
        """The inputs' digest with the ledger as it is now: the build appends to it, so the
        record is made after, and the check before, the build's own changes to it."""
        ledger = settings.ledger_path.read_bytes() if settings.ledger_path and settings.ledger_path.is_file() else b""
        return hashlib.sha256(digest.encode("ascii") + b"\0" + ledger).hexdigest()

    @classmethod
    def check(cls, settings: Settings, sources: Sequence[Source], result: BuildResult) -> BuildResult | None:
        if settings.cache_dir is None:
            return None
        path = settings.cache_dir / cls.FILE
        last = read_state(path)
        path.unlink(missing_ok=True)  # until this build completes (see record)
        digest = cls.digest(settings, sources, result)
        result.inputs_digest = digest
        if last.get("digest") != cls.with_ledger(settings, digest):
            return None
        # Only now: the writer's state lists 68,000 files at 30,000 reports (0.3 s to load),
        # and a build with changed inputs has no use for it here.
        written = written_files(settings.cache_dir / STATE_FILE)
        if not written or any(
                _stat_of(f"{settings.docs_dir}/{rel}") != stamp for rel, stamp in written.items()):
            return None
        if settings.release_dir is not None and not release.is_current(
                settings.release_dir, settings.cache_dir / "release.pickle"):
            return None
        if settings.strict and last["problems"]:
            raise BuildFailed(f"--strict: {len(last['problems'])} problem(s) found; nothing was written",
                              last["problems"])
        done = BuildResult(skipped=last["skipped"], problems=last["problems"], unchanged=len(written),
                           timings=result.timings, counts=tuple(last["counts"]))
        write_state(path, last)
        return done

    @classmethod
    def record(cls, settings: Settings, result: BuildResult) -> None:
        digest = result.inputs_digest
        if settings.cache_dir is None or not digest:
            return
        counts = [len(result.reports), sum(1 for r in result.reports if r.meta.flags)]
        write_state(settings.cache_dir / cls.FILE, {"digest": cls.with_ledger(settings, digest), "counts": counts,
                                                    "skipped": result.skipped, "problems": result.problems})


def _stat_of(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)

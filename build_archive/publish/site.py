"""Turn a docs folder into the static site (the only module that calls mkdocs).

Two renderers produce the same pages:

* ``mkdocs``: ``mkdocs build --strict`` of everything. Simple and fully validated by mkdocs;
  the tests build the seeds this way and compare.
* ``fast`` (default): mkdocs renders the hand-written and navigation pages plus one page
  shell; ``fastpages`` renders the numerous generated pages into that shell, in parallel,
  skipping pages whose Markdown and shell did not change; bulk files are copied only when
  changed; and every link of the finished site is checked (``linkcheck``), since mkdocs no
  longer sees those pages.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, Mapping, NamedTuple

from . import fastpages, linkcheck
from .overwrite import copy_over, overwrite
from ..core.paths import page_file
from ..core.paths import OFF_SITE, PROJECT_DIR
from ..core.errors import BuildFailed
from ..core.cache import read_state, write_state
from .write import OWNED_DIRS, OWNED_PREFIX, written_files

CONFIG = PROJECT_DIR / "mkdocs.yml"
# Generated files that are served as they are (raw captures, data, search index shards).
COPY_DIRS = tuple(d for d in OWNED_DIRS if d not in (*fastpages.BULK_DIRS, "browse", "shell"))
PARALLEL_FROM = 200


@dataclass(frozen=True)
class SiteStats:
    """What a site build did."""

    rendered: int
    """Generated pages rendered into the shell this time."""
    reused: int
    """Generated pages whose Markdown and shell had not changed."""
    copied: int
    """Files copied or updated in the site folder."""
    removed: int
    """Files removed from the site folder because nothing produces them any more."""
    links: int
    """Links checked."""
    timings: tuple[tuple[str, float], ...] = ()
    """Seconds per step."""
    sizes: Mapping[str, int] | None = None
    """Every file of the site (path relative to it) with its size, when the build knows them
    (the fast renderer): what ``sitesize`` and ``check_ledger`` need, without walking the site."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _KnownPages:
    """A plugin (registered by ``_mkdocs``) telling mkdocs of pages it does not render: links
    to them from the pages it does render become page URLs, as they would with those pages
    in its docs folder and excluded."""

    def __init__(self, pages: list[str], docs_dir: Path):
        self.pages, self.docs_dir = pages, docs_dir

    def on_files(self, files, config):  # noqa: ANN001, ANN201 (mkdocs' event signature)
        from mkdocs.structure.files import File, InclusionLevel

        for uri in self.pages:
            files.append(File(uri, str(self.docs_dir), config.site_dir, config.use_directory_urls,
                              inclusion=InclusionLevel.EXCLUDED))
        return files


_LINK = re.compile(r"\]\(\s*<?([^)>\s]+)|^\s*\[[^\]]+\]:\s*<?([^>\s]+)|(?:href|src)=[\"']([^\"']+)", re.M)


def link_targets(sources: Path, docs_dir: Path) -> list[str]:
    """Files of ``docs_dir`` that the Markdown pages in ``sources`` link to and ``sources``
    lacks: the pages mkdocs must be told of (``_KnownPages``). Telling it of all 100,000 cost
    seconds; the navigation pages link to a few hundred. A link this misses stays a link to
    a .md file, which linkcheck then reports."""
    found: set[str] = set()
    for rel, _st in walk_files(sources, ".md"):
        text = (sources / rel).read_text(encoding="utf-8")
        for match in _LINK.finditer(text):
            href = next(g for g in match.groups() if g)
            target = href.split("#", 1)[0].split("?", 1)[0]
            if not target or "://" in target or target.startswith(("/", "mailto:")):
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            if not path.startswith("../") and not (sources / path).exists() and (docs_dir / path).is_file():
                found.add(path)
    return sorted(found)


def _mkdocs(docs_dir: Path, site_dir: Path, exclude: list[str], config_file: Path,
            known: list[str] | None = None, **overrides) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        from mkdocs.utils import yaml_load

        with open(config_file, encoding="utf-8") as f:
            base = yaml_load(f).get("exclude_docs") or ""
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True,
                             exclude_docs="\n".join([base, *exclude]), **overrides)
        if known:
            config.plugins["archive-known-pages"] = _KnownPages(known, docs_dir)  # type: ignore[assignment]
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildFailed(f"mkdocs build --strict failed for {docs_dir}: {details}") from exc
    finally:
        logger.removeHandler(collect)


def _base_path(config_file: Path) -> str:
    from urllib.parse import urlsplit

    from mkdocs.config import load_config

    return urlsplit(load_config(str(config_file))["site_url"] or "/").path or "/"


def build_site(docs_dir: Path, site_dir: Path, renderer: str = "fast", config_file: Path = CONFIG,
               cache_dir: Path | None = None, writer_state: Path | None = None) -> SiteStats:
    """Render ``docs_dir`` into ``site_dir``. ``writer_state``: the state file of the docs
    writer (see write.py) of the build that has just written ``docs_dir``, which lists its
    generated files; without it they are walked."""
    if renderer == "mkdocs":
        _mkdocs(docs_dir, site_dir, ["/shell/", *(f"/{p}" for p in OFF_SITE)], config_file)
        links = linkcheck.check_site(site_dir, _base_path(config_file))
        return SiteStats(0, 0, 0, 0, links)
    if renderer != "fast":
        raise ValueError(f"unknown renderer {renderer!r}; expected 'fast' or 'mkdocs'")
    cache = cache_dir or site_dir.with_name(f".{site_dir.name}-cache")
    stage = cache / "mkdocs"
    listing = cache / "site-files.pickle"
    last_files = _take_listing(listing)
    clock = _Clock()
    # mkdocs gets a folder of its own pages only: given docs/, it would list and match 140,000
    # files against its exclusions before rendering ten pages. Links from navigation pages to
    # the pages rendered here are checked by linkcheck below.
    sources = cache / "mkdocs-docs"
    _mirror(docs_dir, sources, skip=lambda top: top in (*fastpages.BULK_DIRS, *COPY_DIRS)
            or top.startswith(OWNED_PREFIX))
    _mkdocs(sources, stage, [], config_file, known=link_targets(sources, docs_dir),
            validation={"links": {"not_found": "info", "unrecognized_links": "info"}})
    shell = fastpages.load_shell((stage / fastpages.SHELL_URL / "index.html").read_text(encoding="utf-8"))
    clock.lap("mkdocs")
    # One listing of the generated folders serves the copying and the page rendering below.
    generated = generated_files(docs_dir, writer_state)
    # The bulk files go to the release (release.py), not onto the site.
    off_site = {path.split("/", 1)[1] for path in OFF_SITE}
    if "data" in generated:
        generated["data"] = [(rel, st) for rel, st in generated["data"] if rel not in off_site]
    wanted: dict[str, tuple[int, int] | None] = {}
    changed: set[str] = set()
    copied = _sync_tree(stage, site_dir, wanted, changed, skip_prefix=fastpages.SHELL_URL, by_stat=False)
    for d in sorted(generated):
        if d not in fastpages.BULK_DIRS:
            copied += _sync_tree(docs_dir / d, site_dir / d, wanted, changed, prefix=f"{d}/", files=generated[d],
                                 last=last_files)
    clock.lap("copy")
    rendered, reused = render_bulk(docs_dir, site_dir, shell, cache, wanted, changed, generated, last_files)
    clock.lap("pages")
    removed = _remove_orphans(site_dir, wanted, last_files, listing)
    only = None if removed else {p for p in changed if p.endswith(".html")}
    links = linkcheck.check_site(site_dir, _base_path(config_file), only)
    clock.lap("links")
    return SiteStats(rendered, reused, copied, removed, links, tuple(clock.laps), _sizes(site_dir, wanted))


def _sizes(site_dir: Path, wanted: dict[str, tuple[int, int] | None]) -> dict[str, int]:
    """The size of each file of the site: a file copied by size and mtime has its source's; the
    others (rendered pages, mkdocs' own) are looked up, and one that is not there (deleted by
    hand since the last build) is left out, so that ``check_ledger`` names it if it is published."""
    sizes = {}
    for rel, stamp in wanted.items():
        if stamp is not None:
            sizes[rel] = stamp[0]
            continue
        try:
            sizes[rel] = os.stat(f"{site_dir}/{rel}").st_size
        except FileNotFoundError:
            pass
    return sizes


class _Clock:
    def __init__(self) -> None:
        import time

        self._time = time.perf_counter
        self.last = self._time()
        self.laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = self._time()
        self.laps.append((name, round(now - self.last, 2)))
        self.last = now


# --- generated pages ---------------------------------------------------------------------------

def render_bulk(docs_dir: Path, site_dir: Path, shell: fastpages.Shell, cache: Path,
                wanted: dict[str, tuple[int, int] | None], changed: set[str],
                listing: dict[str, list[tuple[str, Stamp]]] | None = None,
                last_files: dict[str, tuple[int, int] | None] | None = None) -> tuple[int, int]:
    """Render the generated pages whose Markdown or shell changed.

    The manifest remembers each page's key with its Markdown file's size and mtime: the
    writer rewrites only changed files, so an unchanged stat means unchanged Markdown and
    30,000 pages need not be read back on every build. A page the last site build left
    (``last_files``) is not looked for on disk.
    """
    manifest_path = cache / "pages.pickle"
    manifest = read_state(manifest_path)
    # Gone until every page is written: pages are written in place (see overwrite.py), and
    # after a build that stopped half way, none is trusted.
    manifest_path.unlink(missing_ok=True)
    # A page whose Markdown is unchanged is reused without reading it, so a change of the shell
    # or of the renderer's code must drop the whole manifest, or such pages would stay as the
    # old renderer made them.
    if manifest.get("") != [fastpages.renderer_digest(shell)]:
        manifest = {}
    todo: list[tuple[str, str | None]] = []
    stats: dict[str, os.stat_result] = {}
    entries: dict[str, list] = {"": [fastpages.renderer_digest(shell)]}
    for d in fastpages.BULK_DIRS:
        root = docs_dir / d
        if not root.is_dir():
            continue
        files = listing[d] if listing is not None else walk_files(root)
        for rel, st in files:
            if not rel.endswith(".md"):
                continue
            doc = f"{d}/{rel}"
            out = page_file(doc)
            wanted[out] = None
            last = manifest.get(doc)
            if isinstance(last, list) and len(last) == 3 and last[1:] == [st.st_size, st.st_mtime_ns] \
                    and ((last_files is not None and out in last_files) or os.path.isfile(f"{site_dir}/{out}")):
                entries[doc] = last
                continue
            stats[doc] = st
            todo.append((doc, last[0] if isinstance(last, list) and last else None))
    # The workers read, key and render the pages whose Markdown may have changed: read and
    # keyed here, 38,000 pages of a full build took ten seconds on one core.
    made_count = 0
    for doc, key, made in _render_all(todo, shell, docs_dir, site_dir):
        entries[doc] = [key, stats[doc].st_size, stats[doc].st_mtime_ns]
        if made:
            changed.add(page_file(doc))
            made_count += 1
    cache.mkdir(parents=True, exist_ok=True)
    write_state(manifest_path, entries)
    return made_count, len(entries) - 1 - made_count


_WORKER: dict = {}


def _init_worker(extensions: list, configs: dict, shell: fastpages.Shell, docs_dir: str, site_dir: str) -> None:
    _WORKER.update(md=fastpages.make_markdown(extensions, configs), shell=shell, docs=Path(docs_dir),
                   site=Path(site_dir))


def _render_chunk(items: list[tuple[str, str | None]]) -> list[tuple[str, str, bool]]:
    """(doc, its page key, whether the page was made) for each (doc, the key of its last page):
    a page whose key is unchanged and whose file is there is left as it is."""
    md, shell, docs, site = _WORKER["md"], _WORKER["shell"], _WORKER["docs"], _WORKER["site"]
    done = []
    for doc, last_key in items:
        text = (docs / doc).read_text(encoding="utf-8")
        key = fastpages.page_key(shell, text)
        target = site / page_file(doc)
        if key == last_key and target.is_file():
            done.append((doc, key, False))
            continue
        page = fastpages.render_page(shell, md, doc, text)
        target.parent.mkdir(parents=True, exist_ok=True)
        overwrite(target, page.encode("utf-8"))
        done.append((doc, key, True))
    return done


def _render_all(todo: list[tuple[str, str | None]], shell: fastpages.Shell, docs_dir: Path,
                site_dir: Path) -> Iterator[tuple[str, str, bool]]:
    if not todo:
        return
    from mkdocs.config import load_config

    config = load_config(str(CONFIG))
    args = (config["markdown_extensions"], config["mdx_configs"], shell, str(docs_dir), str(site_dir))
    workers = min(os.cpu_count() or 1, 8)
    if len(todo) < PARALLEL_FROM or workers == 1:
        _init_worker(*args)
        yield from _render_chunk(todo)
        return
    size = max(50, len(todo) // (workers * 8))
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    # Forked: the site stage runs in the command's own process, which is small (the docs stage,
    # holding the archive, ran in a child of it: cli.py), and workers forked from it start with
    # mkdocs and the Markdown extensions loaded; a forkserver's workers imported the build again
    # (204 pages, a rebuild adding one report at 30,000: 0.7 s -> 0.5 s, 1.4 s in the bench).
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else "forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=args) as pool:
        for done in pool.map(_render_chunk, chunks):
            yield from done


# --- copying and cleaning up -------------------------------------------------------------------

def _sync_tree(src: Path, dst: Path, wanted: dict[str, tuple[int, int] | None], changed: set[str], prefix: str = "",
               skip_prefix: str = "", by_stat: bool = True, only: str = "",
               files: Iterable[tuple[str, Stamp]] | None = None,
               last: dict[str, tuple[int, int] | None] | None = None) -> int:
    """Copy files that differ from ``src`` into ``dst``; record every target in ``wanted``,
    with the source's size and mtime when compared by them.

    Copies keep their source's mtime, and the docs writer rewrites only changed files, so
    equal size and mtime mean an unchanged file: ~100,000 files at 30,000 reports are
    compared by ``stat`` alone, and not even that when the last site build (``last``)
    copied the file at that size and mtime. mkdocs rewrites every page it renders
    (``by_stat=False``): those are compared by content. ``only``: just this file name of
    ``src``; ``files``: the files of ``src`` when already listed."""
    copied = 0
    if files is None:
        files = walk_files(src) if not only else [(only, os.stat(src / only))]
    for rel, st in files:
        if skip_prefix and rel.startswith(skip_prefix):
            continue
        stamp = (st.st_size, st.st_mtime_ns) if by_stat else None  # a plain tuple: 135,000 are pickled
        wanted[prefix + rel] = stamp
        if stamp is not None and last is not None and last.get(prefix + rel) == stamp:
            continue
        target = f"{dst}/{rel}"
        try:
            tst = os.stat(target)
            if tst.st_size == st.st_size and (tst.st_mtime_ns == st.st_mtime_ns if by_stat
                                              else Path(target).read_bytes() == (src / rel).read_bytes()):
                continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(target), exist_ok=True)
        copy_over(src / rel, target)
        changed.add(prefix + rel)
        copied += 1
    return copied


class Stamp(NamedTuple):
    """What tells a file has changed: the writer and the copies keep it for unchanged files."""

    st_size: int
    st_mtime_ns: int


def generated_files(docs_dir: Path, writer_state: Path | None) -> dict[str, list[tuple[str, Stamp]]]:
    """The generated files of ``docs_dir`` by top folder, each with its size and mtime, in
    name order.

    The docs writer's state lists them (see write.py): it checked or wrote every one of them
    at the end of the build, so 135,000 files at 30,000 reports are not walked again. With
    no state (a build without cache, or one that stopped half way), the folders are walked."""
    written = written_files(writer_state)
    if not written:
        tops = [*fastpages.BULK_DIRS, *COPY_DIRS,
                *sorted(p.name for p in docs_dir.glob(OWNED_PREFIX + "*") if p.is_dir())]
        return {d: list(walk_files(docs_dir / d)) for d in tops if (docs_dir / d).is_dir()}
    found: dict[str, list[tuple[str, Stamp]]] = {}
    for path in sorted(written):
        top, sep, rel = path.partition("/")
        if sep and (top in fastpages.BULK_DIRS or top in COPY_DIRS or top.startswith(OWNED_PREFIX)):
            found.setdefault(top, []).append((rel, Stamp(*written[path])))
    return found


def walk_files(root: Path, suffix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to ``root``, stat) of every file under ``root`` ending in ``suffix``, in
    name order. os.scandir, not Path.rglob: 140,000 files are walked on every build, and the
    DirEntry already holds what ``stat`` would read again."""
    def walk(directory: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except FileNotFoundError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file() and entry.name.endswith(suffix):
                yield f"{prefix}{entry.name}", entry.stat()

    yield from walk(str(root), "")


def _mirror(src: Path, dst: Path, skip: Callable[[str], bool]) -> None:
    """Make ``dst`` hold the files of ``src`` whose top-level name ``skip`` refuses, copied by
    size and mtime, and nothing else."""
    wanted: dict[str, tuple[int, int] | None] = {}
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        if skip(entry.name):
            continue
        if entry.is_dir():
            _sync_tree(Path(entry.path), dst / entry.name, wanted, set(), prefix=f"{entry.name}/")
        elif entry.is_file():
            _sync_tree(src, dst, wanted, set(), only=entry.name)
    for rel, _st in list(walk_files(dst)):
        if rel not in wanted:
            (dst / rel).unlink()


def _take_listing(listing: Path) -> dict[str, tuple[int, int] | None] | None:
    """The files the last site build left (with the size and mtime of the file each was
    copied from, if copied by stamp), read and deleted until this build completes: a build
    that stops half way leaves files no listing knows, and the next walks the folder."""
    try:
        last = read_state(listing)["files"]
        listing.unlink()
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return last if isinstance(last, dict) else None


def _remove_orphans(site_dir: Path, wanted: dict[str, tuple[int, int] | None], last: dict[str, tuple[int, int] | None] | None,
                    listing: Path) -> int:
    """Remove files of ``site_dir`` no longer produced, and folders left empty.

    ``last`` lists the files of the last build, so a rebuild removes what is in it and not in
    ``wanted`` without walking 140,000 files; with None the whole folder is walked."""
    removed = 0
    if last is None:
        for path in sorted(site_dir.rglob("*"), reverse=True):
            rel = path.relative_to(site_dir).as_posix()
            if path.is_file() and rel not in wanted:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    else:
        for rel in sorted(last.keys() - wanted.keys(), reverse=True):
            path = site_dir / rel
            if path.is_file():
                path.unlink()
                removed += 1
                parent = path.parent
                while parent != site_dir and site_dir in parent.parents and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
    listing.parent.mkdir(parents=True, exist_ok=True)
    write_state(listing, {"files": wanted})
    return removed


def check_ledger(site_dir: Path, ledger_paths: list[str], files: Collection[str] | None = None) -> None:
    """Every URL ever published must still resolve: the build fails otherwise. ``files``: the
    site's files (paths relative to it) when known (``SiteStats.sizes``), else each is looked for."""
    from ..core.model import Problem

    if files is not None:
        missing = [p for p in ledger_paths if f"{p.strip('/')}/index.html" not in files]
    else:
        missing = [p for p in ledger_paths if not os.path.isfile(f"{site_dir}/{p}/index.html")]
    if missing:
        raise BuildFailed(f"{len(missing)} published URL(s) from the ledger do not resolve in {site_dir}",
                          [Problem("ledger.tsv", "ledger", f"{p} is in the ledger but not in the site") for p in missing])

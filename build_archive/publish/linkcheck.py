"""Check every link of a built site: each relative href/src must reach a file (and anchor).

mkdocs validates links of the pages it renders; pages rendered by ``fastpages`` and links in
raw HTML are checked here, on the finished site, so a broken link fails the build in both
renderers. Links to other hosts are not followed (the site must work without them) but a
``javascript:`` URL anywhere is an error: nothing in the site should ever produce one.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.errors import BuildFailed
from ..core.model import Problem

_ATTR = re.compile(r'<(?:a|link|script|img|iframe|source)\b[^>]*?\s(?:href|src)="([^"]*)"', re.I)
_ID = re.compile(r'\sid="([^"]+)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
MAX_REPORTED = 50
PARALLEL_FROM = 2000


def check_site(site_dir: Path, base_path: str = "/", only: set[str] | None = None) -> int:
    """Number of links checked; raises BuildFailed naming every broken link (up to 50).

    ``base_path`` is the path the site is served under (``/<repository>/`` on GitHub Pages);
    root-relative links, which mkdocs writes only on the 404 page, are resolved against it.
    ``only``: check just these pages (site-relative paths). A rebuild that removed no file
    can only break links on the pages it wrote, so it checks those.
    """
    pages = sorted(site_dir.rglob("*.html")) if only is None else [site_dir / p for p in sorted(only)]
    workers = min(os.cpu_count() or 1, 8)
    if len(pages) < PARALLEL_FROM or workers == 1:
        checked, broken = _check_pages(site_dir, base_path, pages)
    else:
        size = -(-len(pages) // (workers * 4))
        chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
        checked, broken = 0, []
        with ProcessPoolExecutor(workers) as pool:
            for n, found in pool.map(_check_pages, [site_dir] * len(chunks), [base_path] * len(chunks), chunks):
                checked += n
                broken += found
    if broken:
        shown = broken[:MAX_REPORTED]
        more = f" (and {len(broken) - MAX_REPORTED} more)" if len(broken) > MAX_REPORTED else ""
        raise BuildFailed(f"{len(broken)} broken link(s) in {site_dir}{more}",
                          [Problem(s.split(":", 1)[0], "links", s) for s in shown])
    return checked


def _check_pages(site_dir: Path, base_path: str, pages: list[Path]) -> tuple[int, list[str]]:
    """(links checked, broken links) of ``pages``; see ``check_site``."""
    ids: dict[str, set[str]] = {}
    # Every page links the same assets and browse pages: 5.7 million links at 30,000 reports
    # reach a few hundred thousand files, each looked up once (by string: a Path a lookup was
    # a fifth of the check).
    root = str(site_dir)
    is_dir: dict[str, bool] = {}
    is_file: dict[str, bool] = {}
    # A relative link resolved once for every page it leaves the same folder from: the
    # 30,000 report pages' links to the assets and to each other are the same few targets.
    resolved: dict[tuple[str, str], str] = {}
    broken: list[str] = []
    checked = 0
    for page in pages:
        rel_page = page.relative_to(site_dir).as_posix()
        folder = posixpath.dirname(rel_page)
        depth = folder.count("/") + 1 if folder else 0
        text = page.read_text(encoding="utf-8")
        for raw in _ATTR.findall(text):
            url = html.unescape(raw).strip()
            checked += 1
            if url.lower().startswith("javascript:"):
                broken.append(f"{rel_page}: javascript: URL {url[:60]!r}")
                continue
            if not url or _EXTERNAL.match(url):
                continue
            path, _, fragment = url.partition("#")
            path = path.split("?", 1)[0]
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{rel_page}: {url} is outside the site's base path {base_path}")
                    continue
                # Root-relative: resolve from the site root, below the base path.
                below = path[len(base_path):]
                target = posixpath.normpath(below) if below else "."
            elif not path:
                target = rel_page
            else:
                target = _resolve(folder, depth, path, resolved)
            if path:
                if target.startswith(".."):
                    broken.append(f"{rel_page}: {url} leaves the site")
                    continue
                if target not in is_dir:
                    is_dir[target] = os.path.isdir(f"{root}/{target}")
                if path.endswith("/") or is_dir[target]:
                    target = posixpath.join(target, "index.html") if target != "." else "index.html"
            if target not in is_file:
                is_file[target] = os.path.isfile(f"{root}/{target}")
            if not is_file[target]:
                broken.append(f"{rel_page}: {url} does not exist")
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = set(_ID.findall((site_dir / target).read_text(encoding="utf-8")))
                if html.unescape(fragment) not in ids[target] and fragment not in ids[target]:
                    broken.append(f"{rel_page}: {url} has no anchor #{fragment}")
    return checked, broken


def _resolve(folder: str, depth: int, path: str, memo: dict[tuple[str, str], str]) -> str:
    """``normpath(join(folder, path))``: the leading ``../`` of ``path`` (at most ``depth``, the
    parts of ``folder``, none of which is ``.`` or ``..``) taken off ``folder`` first, so that
    the result is remembered for every folder with that parent."""
    up = 0
    while up < depth and path.startswith("../", 3 * up):
        up += 1
    parent = folder.rsplit("/", up)[0] if up < depth else ""
    key = (parent, path[3 * up:])
    target = memo.get(key)
    if target is None:
        target = memo[key] = posixpath.normpath(posixpath.join(*key))
    return target

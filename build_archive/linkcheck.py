"""Check every link of a built site: each relative href/src must reach a file (and anchor).

mkdocs validates links of the pages it renders; pages rendered by ``fastpages`` and links in
raw HTML are checked here, on the finished site, so a broken link fails the build in both
renderers. Links to other hosts are not followed (the site must work without them) but a
``javascript:`` URL anywhere is an error: nothing in the site should ever produce one.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

from .build import BuildFailed
from .model import Problem

_ATTR = re.compile(r'<(?:a|link|script|img|iframe|source)\b[^>]*?\s(?:href|src)="([^"]*)"', re.I)
_ID = re.compile(r'\sid="([^"]+)"')
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
MAX_REPORTED = 50


def check_site(site_dir: Path, base_path: str = "/", only: set[str] | None = None) -> int:
    """Number of links checked; raises BuildFailed naming every broken link (up to 50).

    ``base_path`` is the path the site is served under (``/<repository>/`` on GitHub Pages);
    root-relative links, which mkdocs writes only on the 404 page, are resolved against it.
    ``only``: check just these pages (site-relative paths). A rebuild that removed no file
    can only break links on the pages it wrote, so it checks those.
    """
    pages = sorted(site_dir.rglob("*.html")) if only is None else [site_dir / p for p in sorted(only)]
    ids: dict[str, set[str]] = {}
    broken: list[str] = []
    checked = 0
    for page in pages:
        rel_page = page.relative_to(site_dir).as_posix()
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
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), path))
            if path:
                if target.startswith(".."):
                    broken.append(f"{rel_page}: {url} leaves the site")
                    continue
                if path.endswith("/") or (site_dir / target).is_dir():
                    target = posixpath.join(target, "index.html") if target != "." else "index.html"
            if not (site_dir / target).is_file():
                broken.append(f"{rel_page}: {url} does not exist")
                continue
            if fragment and target.endswith(".html"):
                if target not in ids:
                    ids[target] = set(_ID.findall((site_dir / target).read_text(encoding="utf-8")))
                if html.unescape(fragment) not in ids[target] and fragment not in ids[target]:
                    broken.append(f"{rel_page}: {url} has no anchor #{fragment}")
    if broken:
        shown = broken[:MAX_REPORTED]
        more = f" (and {len(broken) - MAX_REPORTED} more)" if len(broken) > MAX_REPORTED else ""
        raise BuildFailed(f"{len(broken)} broken link(s) in {site_dir}{more}",
                          [Problem(s.split(":", 1)[0], "links", s) for s in shown])
    return checked

"""Where each generated page lives inside docs/ (and so its URL on the site).

Every page that exists in numbers (reports, counties, years, themes) sits two folders deep
(``r/<code>.md`` serves at ``r/<code>/``), so all of them share one page shell with the same
relative links to the site's assets (see ``fastpages``). The names are part of the site's
public URLs: change them only together with redirects.
"""
from __future__ import annotations

import functools
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
"""The checkout the package runs from: its docs/, reports/, mkdocs.yml."""
PROJECT_DOCS = PROJECT_DIR / "docs"

HOME = "index.md"
REGIONS = "browse/regions.md"
YEARS = "browse/years.md"
THEMES = "browse/themes.md"
BUILD_REPORT = "build-report.md"
# Every input file with what became of it, gzipped (2.3 MB as text at 30,000 reports, 0.3 MB so).
BUILD_REPORT_TSV = "build-report.tsv.gz"
UNPLACED = "province/unknown.md"

# The bulk data files (pages/catalog.py makes them), relative to the site root.
CATALOG_CSV = "data/catalog.csv"
CATALOG_CSV_GZ = "data/catalog.csv.gz"
CATALOG_JSON = "data/catalog.json"
CORPUS_JSONL = "data/corpus.jsonl"
FEED_XML = "data/feed.xml"
SITEMAP = "sitemap.xml"
OFF_SITE = (CORPUS_JSONL, CATALOG_JSON, CATALOG_CSV)
"""Made in docs/ (the next build reuses their records) but not published as they are: the corpus
and catalog.json in the release, catalog.csv on the site gzipped (``CATALOG_CSV_GZ``: 24 MB as
text at 30,000 reports, 4 MB gzipped, on a site that must stay under 1 GB; issue 16)."""


def report_doc(code: str) -> str:
    return f"r/{code}.md"


SOURCE = "source.md"
"""The viewer of raw captures and removed lines (hand-written; see rawpack.py)."""


def raw_view(code: str) -> str:
    """The site URL showing a report's raw capture, its SHA-256 check and removed lines."""
    return f"source/?c={code}"


def county_doc(adcode: str) -> str:
    return f"county/{adcode}.md"


def city_code(adcode: str) -> str:
    """The prefecture (地级市) code of a county-level code: 431122 -> 431100."""
    return adcode[:4] + "00"


def city_doc(code: str) -> str:
    """``code``: the prefecture's six-digit division code (431100 for 永州市)."""
    return f"city/{code}.md"


def province_doc(prefix: str) -> str:
    """``prefix``: the first two digits of the division code (43 for 湖南省)."""
    return f"province/{prefix}.md"


def year_doc(year: int) -> str:
    return f"year/{year}.md"


def year_province_doc(year: int, prefix: str) -> str:
    return f"year/{year}-{prefix}.md"


def theme_doc(slug: str) -> str:
    return f"theme/{slug}.md"


def theme_province_doc(slug: str, prefix: str) -> str:
    return f"theme/{slug}-{prefix}.md"


def theme_province_year_doc(slug: str, prefix: str, year: int | None) -> str:
    return f"theme/{slug}-{prefix}-{year if year is not None else 'nd'}.md"


@functools.lru_cache(maxsize=4096)
def _dir_parts(doc: str) -> tuple[str, ...]:
    return tuple(doc.split("/")[:-1])


def rel(from_doc: str, to_doc: str) -> str:
    """Relative Markdown link between two docs/ paths, as mkdocs resolves them.

    Both are clean relative paths made by this module, so plain string work does what
    ``posixpath.relpath`` does without its calls to the file system (60,000 links a build).
    """
    here, there = _dir_parts(from_doc), to_doc.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def doc_url(doc: str) -> str:
    """The site URL (relative to the site root) that mkdocs gives a docs/ Markdown file."""
    if doc == "index.md":
        return ""
    if doc.endswith("/index.md"):
        return doc[: -len("index.md")]
    if doc.endswith(".md"):
        return doc[:-3] + "/"
    return doc


def site_href(from_doc: str, to_doc: str) -> str:
    """The href from the page of ``from_doc`` to the page or file ``to_doc`` (docs/ paths; a
    ``?query`` or ``#fragment`` after it is kept), as mkdocs writes a Markdown link between them:
    ``site_href("r/x.md", "county/431122.md")`` is ``../../county/431122/``. For HTML the build
    writes itself, which mkdocs passes through without rewriting its links."""
    cut = min((i for i in (to_doc.find("?"), to_doc.find("#")) if i >= 0), default=len(to_doc))
    path, tail = to_doc[:cut], to_doc[cut:]
    url = doc_url(path) if path.endswith(".md") else path
    here = doc_url(from_doc).rstrip("/")
    href = rel(f"{here}/x" if here else "x", url + "x" if url.endswith("/") or not url else url)
    if url.endswith("/") or not url:
        href = href[:-1]
    return (href or "./") + tail


def page_file(doc: str) -> str:
    """The HTML file that serves a docs/ Markdown file, e.g. ``r/x.md`` -> ``r/x/index.html``."""
    return doc_url(doc) + "index.html"

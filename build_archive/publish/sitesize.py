"""How big the built site is, by part: GitHub Pages refuses a site past 1 GB.

The parts are the ones a maintainer can act on (report pages, raw captures, search index,
data downloads, ...), named by the top folder each file sits in. The build warns past
``WARN_BYTES`` naming the largest parts, and fails under ``--strict`` past ``LIMIT_BYTES``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

WARN_BYTES = 900 * 1000 * 1000
"""Headroom under the limit: features to come add pages to every report."""
LIMIT_BYTES = 1000 * 1000 * 1000
"""GitHub Pages' published-site limit."""
FILE_WARN = 100_000
"""Files past which a site stops being practical to deploy (upload and unpack time)."""

PART_NAMES = ("report pages", "short URLs", "browse pages", "raw captures", "search", "data", "assets",
              "other pages")
_BY_TOP = {
    "r": "report pages",
    "raw": "raw captures",
    "county": "browse pages", "province": "browse pages", "year": "browse pages", "theme": "browse pages",
    "browse": "browse pages", "index.html": "browse pages",
    "search-index": "search",
    "data": "data", "sitemap.xml": "data", "build-report.tsv": "data", "build-report.tsv.gz": "data",
    "assets": "assets",
}


def part_of(rel_path: str) -> str:
    """The part a site file (path relative to the site root) belongs to."""
    top = rel_path.split("/", 1)[0]
    if top.startswith("CHR-"):
        return "short URLs"
    return _BY_TOP.get(top, "other pages")


@dataclass(frozen=True)
class Part:
    name: str
    bytes: int
    files: int


@dataclass(frozen=True)
class SiteSize:
    parts: tuple[Part, ...]
    """Every part, in ``PART_NAMES`` order (empty parts included)."""

    @property
    def bytes(self) -> int:
        return sum(p.bytes for p in self.parts)

    @property
    def files(self) -> int:
        return sum(p.files for p in self.parts)

    def largest(self, n: int = 3) -> tuple[Part, ...]:
        return tuple(sorted(self.parts, key=lambda p: -p.bytes)[:n])

    def describe(self, n: int = 3) -> str:
        """``812 MB in 61,000 files; largest: raw captures 420 MB, ...``"""
        parts = ", ".join(f"{p.name} {p.bytes / 1e6:.0f} MB ({p.files:,} files)" for p in self.largest(n))
        return f"{self.bytes / 1e6:.0f} MB in {self.files:,} files; largest: {parts}"


def measure(site_dir: Path) -> SiteSize:
    """Sizes as served (bytes of each file, as GitHub Pages counts them), by part."""
    sizes = {name: [0, 0] for name in PART_NAMES}

    def walk(directory: str, part: str | None) -> None:
        for entry in os.scandir(directory):
            name = part or part_of(entry.name)
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, name)
            elif entry.is_file(follow_symlinks=False):
                sizes[name][0] += entry.stat(follow_symlinks=False).st_size
                sizes[name][1] += 1

    walk(str(site_dir), None)
    return SiteSize(tuple(Part(name, b, f) for name, (b, f) in sizes.items()))


def of_files(sizes: Mapping[str, int]) -> SiteSize:
    """``measure`` from a listing of the site's files (path relative to the site root -> bytes),
    as the site build knows them: walking 62,000 folders of one page each at 30,000 reports
    took half a second of every rebuild."""
    parts = {name: [0, 0] for name in PART_NAMES}
    for rel, size in sizes.items():
        part = parts[part_of(rel)]
        part[0] += size
        part[1] += 1
    return SiteSize(tuple(Part(name, b, f) for name, (b, f) in parts.items()))


def problems(size: SiteSize) -> tuple[list[str], list[str]]:
    """(warnings, failures-under-strict) for a site of this size."""
    warnings, fatal = [], []
    if size.bytes > LIMIT_BYTES:
        fatal.append(f"the site is larger than GitHub Pages' 1 GB limit: {size.describe()}")
    elif size.bytes > WARN_BYTES:
        warnings.append(f"the site is past {WARN_BYTES // 10**6} MB (GitHub Pages' limit is 1 GB): {size.describe()}")
    if size.files > FILE_WARN:
        warnings.append(f"the site has more than {FILE_WARN:,} files: {size.describe()}")
    return warnings, fatal

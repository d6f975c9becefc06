"""The count table the search page's term trends divide by (``search-index/counts.json``).

A trend shows, per year, how many matching reports there are and what share of that year's
reports they are; per province, the same. The matching counts come from the search index the
browser already has; the denominators come from this table, a few hundred bytes at any scale
(per year, per province, and per province and year, so a chart filtered to one province still
divides by the right number). Read by ``docs/assets/javascripts/archive-research.js``.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from ..core.model import OutputFile, Report

COUNTS_FILE = "search-index/counts.json"
FORMAT = 1


def counts(reports: Sequence[Report]) -> dict:
    published = [r for r in reports if r.ident]
    years = Counter(r.meta.year for r in published if r.meta.year)
    provinces = Counter(r.meta.province for r in published if r.meta.province)
    both = Counter((r.meta.province, r.meta.year) for r in published if r.meta.province and r.meta.year)
    by_province: dict[str, dict[str, int]] = {}
    for (p, y), n in sorted(both.items()):
        by_province.setdefault(p, {})[str(y)] = n
    return {
        "version": FORMAT,
        "total": len(published),
        "years": {str(y): years[y] for y in sorted(years)},
        "provinces": {p: provinces[p] for p in sorted(provinces)},
        "provinceYears": by_province,
    }


def counts_file(reports: Sequence[Report]) -> OutputFile:
    data = json.dumps(counts(reports), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return OutputFile(COUNTS_FILE, data + "\n")

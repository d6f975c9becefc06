"""The reports grouped every way the browse pages need (``ArchiveIndex``, computed once), and the
pieces every browse page is made of: a report's entry in a list, a province's link, the page.

Sized for a national archive: no page lists every report. Index pages list provinces, years
or themes with counts; a county page lists only its own reports; year and theme pages are
split by province (``year/2020-43``, ``theme/<slug>-43``) when a single page would be long.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

from ..core import paths
from ..core.mdtext import md_text
from ..core.model import Report, display_title
from ..core.paths import rel
from ..core.theme_types import Vocabulary
from .cite import MAIN_THEMES
from .front_matter import dump_front_matter, page_title

UNKNOWN = "未能确定"
UNPLACED = "unknown"


def newest_first(report: Report) -> tuple:
    m = report.meta
    return (-(m.year or 0), m.adcode or "~", report.ident.code if report.ident else "")


def province_prefix(report: Report) -> str:
    return report.meta.adcode[:2] if report.meta.adcode else UNPLACED


def by_province_of(reports: Sequence[Report]) -> dict[str, list[Report]]:
    """Reports grouped by province prefix, provinces in code order, unplaced last."""
    groups: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        groups[province_prefix(r)].append(r)
    return _in_province_order(groups)


def _in_province_order(groups: dict[str, list[Report]]) -> dict[str, list[Report]]:
    return {p: groups[p] for p in sorted(groups, key=lambda p: (p == UNPLACED, p))}


@dataclass
class ArchiveIndex:
    """The reports grouped every way the browse pages need, computed once."""

    reports: list[Report]
    seq: dict[str, int]
    """Code -> position in the ledger (order of first publication)."""
    vocabulary: Vocabulary
    by_county: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_city: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    """Prefecture code (431100) -> its reports, for reports whose prefecture is known."""
    by_province: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_year: dict[int | None, list[Report]] = field(default_factory=lambda: defaultdict(list))
    by_theme: dict[str, list[Report]] = field(default_factory=lambda: defaultdict(list))
    province_names: dict[str, str] = field(default_factory=dict)
    year_provinces: dict[int | None, dict[str, list[Report]]] = field(default_factory=dict)
    """Year -> its reports by province (``by_province_of``)."""
    theme_provinces: dict[str, dict[str, list[Report]]] = field(default_factory=dict)
    """Theme -> the reports that have it as a main theme, by province (``by_province_of``)."""
    theme_province_years: dict[tuple[str, str], dict[int | None, list[Report]]] = field(default_factory=dict)
    """(theme, province) -> its reports by year (``by_year``)."""
    theme_province_tagged: dict[tuple[str, str], int] = field(default_factory=dict)
    """(theme, province) -> how many reports are tagged with the theme at all."""

    @classmethod
    def of(cls, reports: Sequence[Report], seq: dict[str, int], vocabulary: Vocabulary) -> "ArchiveIndex":
        # One pass groups every way the pages need: grouping the 550,000 theme entries again
        # per theme and province took seconds, most of it fetching each report from memory.
        index = cls(sorted(reports, key=newest_first), seq, vocabulary)
        year_provinces: dict = defaultdict(lambda: defaultdict(list))
        theme_provinces: dict = defaultdict(lambda: defaultdict(list))
        theme_province_years: dict = defaultdict(lambda: defaultdict(list))
        tagged: dict = defaultdict(int)
        for r in index.reports:
            prefix = province_prefix(r)
            year = r.meta.year
            index.by_province[prefix].append(r)
            index.by_year[year].append(r)
            year_provinces[year][prefix].append(r)
            if r.meta.adcode:
                index.by_county[r.meta.adcode].append(r)
                if r.meta.city:
                    index.by_city[paths.city_code(r.meta.adcode)].append(r)
                index.province_names.setdefault(prefix, r.meta.province or UNKNOWN)
            for rank, tag in enumerate(r.themes):
                index.by_theme[tag.theme].append(r)
                tagged[tag.theme, prefix] += 1
                if rank < MAIN_THEMES:
                    theme_provinces[tag.theme][prefix].append(r)
                    theme_province_years[tag.theme, prefix][year].append(r)
        index.province_names[UNPLACED] = "未能确定地区"
        index.year_provinces = {y: _in_province_order(g) for y, g in year_provinces.items()}
        index.theme_provinces = {t: _in_province_order(g) for t, g in theme_provinces.items()}
        index.theme_province_years = {k: _in_year_order(g) for k, g in theme_province_years.items()}
        index.theme_province_tagged = dict(tagged)
        return index

    def provinces(self) -> list[str]:
        return sorted(self.by_province, key=lambda p: (p == UNPLACED, p))

    def years(self) -> list[int]:
        return sorted((y for y in self.by_year if y is not None), reverse=True)


def by_year(reports: Sequence[Report]) -> dict[int | None, list[Report]]:
    """Reports by year, newest first, undated last."""
    groups: dict[int | None, list[Report]] = defaultdict(list)
    for r in reports:
        groups[r.meta.year].append(r)
    return _in_year_order(groups)


def _in_year_order(groups: dict[int | None, list[Report]]) -> dict[int | None, list[Report]]:
    return {y: groups[y] for y in sorted(groups, key=lambda y: (y is None, -(y or 0)))}


# --- what every browse page is made of ------------------------------------------------------

def report_link(report: Report, here: str) -> str:
    assert report.ident is not None
    return f"[{md_text(display_title(report.meta))}]({rel(here, paths.report_doc(report.ident.code))})"


def report_item(report: Report, here: str, county: bool = True) -> str:
    """A list line: the report's title, then its year, county and document type where the
    title does not already say them (正定县卫健委2025年工作计划 needs none; 关于召开全县卫生健康
    工作会议的报道 all three). Browse pages list 200,000 lines at 30,000 reports, and the
    repetition was a sixth of their bytes (issue 16). A year the title contradicts is still said."""
    m = report.meta
    title = display_title(m)
    bits = []
    if not (m.year and f"{m.year}年" in title):
        bits.append(str(m.year) if m.year else "年度未定")
    if county and not (m.county and m.county in title):
        bits.append(md_text(m.county) if m.county else UNKNOWN)
    if m.doc_type and m.doc_type not in title:
        bits.append(md_text(m.doc_type))
    return f"- {report_link(report, here)}（{' · '.join(bits)}）" if bits else f"- {report_link(report, here)}"


def markdown_page(title: str, body: list[str], **extra: object) -> str:
    return dump_front_matter({"title": page_title(title), **extra}) + "\n" + "\n".join(body).rstrip("\n") + "\n"


def province_link(index: ArchiveIndex, prefix: str, here: str) -> str:
    target = paths.UNPLACED if prefix == UNPLACED else paths.province_doc(prefix)
    return f"[{md_text(index.province_names[prefix])}]({rel(here, target)})"

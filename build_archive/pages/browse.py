"""Every page that leads readers to reports (home, regions, years, themes), each made only when
what it lists changed. The pages themselves: ``region_pages``, ``year_pages``, ``theme_pages``;
the reports grouped for them: ``archive_index``; the build report: ``build_report``."""
from __future__ import annotations

import functools
import hashlib
from typing import Callable, Sequence

from ..core import paths
from ..core.cache import build_version
from ..core.model import OutputFile, Report
from . import theme_pages
from .archive_index import UNPLACED, ArchiveIndex
from .region_pages import city_page, county_page, home_page, province_page, regions_page, unplaced_page
from .theme_pages import theme_page, theme_province_page, theme_province_year_page, themes_page
from .year_pages import year_page, year_province_page, years_page


def browse_pages(index: ArchiveIndex, county_extra: Callable[[str], str] | None = None,
                 extra_version: str = "") -> list[OutputFile]:
    """Every browse page. Pages of a county, province, year or theme are made only when one of
    their reports, a province name or the build changed (``OutputFile.key``): at 30,000 reports
    the theme pages alone list 550,000 report entries, seconds of work on every rebuild.

    ``county_extra(adcode)``: the Markdown a county page ends with (its indicators), made of the
    county's reports by code of version ``extra_version`` only, so made only with the page."""
    names = tuple(sorted(index.province_names.items()))
    version = build_version()
    # Each report's part of a page key, made once: a report is on some thirty pages.
    entry = {id(r): f"{r.key}\0{r.ident.code}\n".encode("utf-8") for r in index.reports if r.key and r.ident}

    def keyed(path: str, reports: Sequence[Report], make: Callable[[], str], salt: str = "") -> OutputFile:
        try:
            entries = b"".join([entry[id(r)] for r in reports])
        except KeyError:  # a report without parse key or identity: no key, the page is compared
            return OutputFile(path, make())
        digest = hashlib.sha256(repr((version, path, names, len(reports), salt)).encode("utf-8"))
        digest.update(entries)
        return OutputFile(path, "", key=digest.hexdigest(), make=make)

    out = [
        OutputFile(paths.HOME, home_page(index)),
        OutputFile(paths.REGIONS, regions_page(index)),
        OutputFile(paths.YEARS, years_page(index)),
        OutputFile(paths.THEMES, themes_page(index)),
    ]
    for prefix in index.provinces():
        if prefix == UNPLACED:
            out.append(OutputFile(paths.UNPLACED, unplaced_page(index)))
        else:
            out.append(keyed(paths.province_doc(prefix), index.by_province[prefix],
                             functools.partial(province_page, index, prefix)))
    def county(code: str) -> str:
        return county_page(index, code, county_extra(code) if county_extra else "")

    out += [keyed(paths.county_doc(code), index.by_county[code], functools.partial(county, code), extra_version)
            for code in sorted(index.by_county)]
    out += [keyed(paths.city_doc(code), index.by_city[code], functools.partial(city_page, index, code))
            for code in sorted(index.by_city)]
    for year in index.years():
        by_province = index.year_provinces[year]
        out.append(keyed(paths.year_doc(year), index.by_year[year],
                         functools.partial(year_page, index, year, by_province)))
        out += [keyed(paths.year_province_doc(year, p), items,
                      functools.partial(year_province_page, index, year, p, items))
                for p, items in by_province.items()]
    for theme in index.vocabulary.themes:
        reports = index.by_theme.get(theme.name, [])
        out.append(keyed(paths.theme_doc(theme.slug), reports,
                         lambda name=theme.name: theme_page(index, name)[0]))
        for p, items in index.theme_provinces.get(theme.name, {}).items():
            if len(items) <= theme_pages.THEME_PROVINCE_CAP:
                continue
            out.append(keyed(paths.theme_province_doc(theme.slug, p), items,
                             functools.partial(theme_province_page, index, theme.name, p, items),
                             str(index.theme_province_tagged.get((theme.name, p), 0))))
            if len(items) > theme_pages.THEME_PROVINCE_PAGE_MAX:
                out += [keyed(paths.theme_province_year_doc(theme.slug, p, year), of_year,
                              functools.partial(theme_province_year_page, index, theme.name, p, year, of_year))
                        for year, of_year in index.theme_province_years[theme.name, p].items()]
    return out

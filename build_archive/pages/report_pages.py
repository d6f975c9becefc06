"""The report pages: what each page lists of other reports, its key (what it is made of), and
its Markdown, made on every core."""
from __future__ import annotations

import hashlib
from typing import Iterator, Mapping, Sequence

from ..core import linefile
from ..core.cache import Bodies, build_version
from ..core.model import Report, display_title
from ..core.pool import RENDER_CHUNK, in_parallel
from .render import Related, render_report


def page_key(report: Report, links: Related, site_url: str, shown: dict[int, str] | None = None) -> str:
    """Everything ``render_report`` reads, as a digest: the parse (its key covers the raw
    bytes, the correction file and the parsing code), the identity, what the page shows of
    related reports, the site URL and the build's own code. ``shown`` memoises what a page
    shows of a related report (each is listed on some fifteen pages)."""
    shown = {} if shown is None else shown

    def short(o: Report) -> str:
        text = shown.get(id(o))
        if text is None:
            text = shown[id(o)] = repr((o.ident.code if o.ident else "", display_title(o.meta), o.meta.county,
                                        o.meta.year))
        return text

    # Joined, not the repr of one tuple: repr checks every character of the Chinese theme names
    # (0.55 -> 0.31 s for 30,000 pages). No part holds the separators: the reprs escape control
    # characters, codes and keys are hex, and the theme names and slugs are the vocabulary's.
    ident = report.ident
    text = "\0".join([build_version(), report.key, ident.code if ident else "", ident.path if ident else "",
                      repr(site_url), "\2".join([f"{name}\3{slug}" for name, slug in links.theme_slugs]),
                      "1" if links.more_in_county else "0", *map(short, links.same_county), "\1",
                      *map(short, links.similar)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# A county with a decade of reports has a hundred: each page lists two of them, from the years
# next to its own, and links the county page (which lists them all, by year), so that adding a
# report does not rewrite a hundred pages. Each entry is about 95 bytes of every report page,
# on a site that must stay under GitHub Pages' 1 GB at 30,000 reports (issue 16).
SAME_COUNTY_SHOWN = 2


def nearest_in_county(report: Report, county: Sequence[Report]) -> tuple[Report, ...]:
    """Up to ``SAME_COUNTY_SHOWN`` other reports of the county, newest first (``county`` is
    newest first): see ``NearestInCounty``."""
    return NearestInCounty()(report, county)


def county_rank(report: Report, other: Report, place_in_year: int) -> tuple:
    """The order of ``other`` among the reports a page of ``report`` may list: first one report
    of each other year, the nearest years first (the newer of two equally near), then a second
    of each, and so on; reports of the page's own year after the other years', undated ones
    last. ``place_in_year``: ``other``'s place among its year's reports, those of the page's
    document type first, then by citation code. So a 2019 工作总结 lists the 2020 and 2018
    工作总结 (the county's other years, issue 4), not two more of 2019."""
    year, theirs = report.meta.year, other.meta.year
    own = theirs == year
    gap = abs(theirs - year) if theirs is not None and year is not None else 10_000
    return (own, place_in_year, theirs is None, gap, -(theirs or 0))


class NearestInCounty:
    """``nearest_in_county`` for every report of an archive: the choice depends only on the
    county, the report's year and its document type, so it is made once per (county, year,
    document type), from the county's reports grouped by year."""

    def __init__(self) -> None:
        self._ranked: dict[tuple[int, int | None, str | None], list[Report]] = {}
        self._years: dict[int, dict[int | None, list[Report]]] = {}
        self._positions: dict[int, dict[int, int]] = {}
        self._ordered: dict[tuple[int, str | None], list[Report]] = {}

    def __call__(self, report: Report, county: Sequence[Report]) -> tuple[Report, ...]:
        if len(county) - 1 <= SAME_COUNTY_SHOWN:
            return tuple(o for o in county if o is not report)
        key = (id(county), report.meta.year, report.meta.doc_type)
        ranked = self._ranked.get(key)
        if ranked is None:
            years = self._years.get(id(county))
            if years is None:
                years = self._years[id(county)] = _by_year_and_code(county)
            candidates = []
            doc_type = report.meta.doc_type
            # With as many other years as places ranked, those places all go to the first
            # report of each other year (county_rank orders by own year, then place in year):
            # the rest need not be ranked (290,000 ranks at 30,000 reports, a third of them).
            limit = 2 * SAME_COUNTY_SHOWN + 1
            depth = 1 if sum(1 for y in years if y != report.meta.year) >= limit else None
            for items in years.values():
                candidates += [(county_rank(report, o, i), o.ident.code if o.ident else "", o)
                               for i, o in enumerate(self._first_of_type(items, doc_type)[:depth])]
            candidates.sort(key=lambda c: c[:2])
            ranked = self._ranked[key] = [o for *_k, o in candidates[:limit]]
        chosen = [o for o in ranked if o is not report][:SAME_COUNTY_SHOWN]
        position = self._positions.get(id(county))
        if position is None:
            position = self._positions[id(county)] = {id(o): i for i, o in enumerate(county)}
        return tuple(sorted(chosen, key=lambda o: position[id(o)]))

    def _first_of_type(self, items: list[Report], doc_type: str | None) -> list[Report]:
        """The first ``SAME_COUNTY_SHOWN + 1`` of one year's reports (the report itself may be
        one of them), those of ``doc_type`` first, then by code (``items``' order): made once
        per year and type, not for every year a page may have (a million sort keys at 30,000)."""
        key = (id(items), doc_type)
        ordered = self._ordered.get(key)
        if ordered is None:
            ordered = [o for o in items if o.meta.doc_type == doc_type][:SAME_COUNTY_SHOWN + 1]
            if len(ordered) <= SAME_COUNTY_SHOWN:
                ordered += [o for o in items if o.meta.doc_type != doc_type][:SAME_COUNTY_SHOWN + 1 - len(ordered)]
            self._ordered[key] = ordered
        return ordered


def county_lists(by_county: Mapping[str, Sequence[Report]], last: Mapping) -> tuple[dict[str, tuple[Report, ...]], dict]:
    """Citation code -> ``nearest_in_county`` of each report of ``by_county`` (adcode -> its
    reports, newest first), and what to keep for the next build (``last`` is what this kept the
    last time). A county whose reports are those of the last build, in the same order and with
    the same years and document types (all that the choice reads of them), takes the lists it
    had: adding one report ranks its county's reports, not 30,000 (1.2 s)."""
    version = build_version()
    known = last.get("counties") if last.get("version") == version else None
    known = known if isinstance(known, dict) else {}
    nearest = NearestInCounty()
    lists: dict[str, tuple[Report, ...]] = {}
    kept: dict[str, tuple[str, list[tuple[str, ...]]]] = {}
    for adcode, county in by_county.items():
        codes = [o.ident.code if o.ident else "" for o in county]
        signature = hashlib.blake2b(repr([(c, o.meta.year, o.meta.doc_type) for c, o in zip(codes, county)]
                                         ).encode("utf-8"), digest_size=16).hexdigest()
        hit = known.get(adcode)
        if isinstance(hit, tuple) and len(hit) == 2 and hit[0] == signature and len(hit[1]) == len(county):
            at = {c: o for c, o in zip(codes, county)}
            chosen = [tuple(at[c] for c in shown) for shown in hit[1]]
        else:
            chosen = [nearest(o, county) for o in county]
        kept[adcode] = (signature, [tuple(o.ident.code if o.ident else "" for o in shown) for shown in chosen])
        lists.update(zip(codes, chosen))
    return lists, {"version": version, "counties": kept}


def _by_year_and_code(reports: Sequence[Report]) -> dict[int | None, list[Report]]:
    groups: dict[int | None, list[Report]] = {}
    for r in reports:
        groups.setdefault(r.meta.year, []).append(r)
    for items in groups.values():
        items.sort(key=lambda o: o.ident.code if o.ident else "")
    return groups


def render_pages(jobs: list[tuple[Report, Related]], bodies: Bodies, site_url: str,
                 workers: int = 0) -> Iterator[str]:
    """The Markdown of each job's report page, in order, on every core (``in_parallel``: the
    workers share the parsed archive and load the bodies of their pages from the parse cache
    themselves)."""
    def texts(todo: Sequence[int]) -> Iterator[str]:
        for batch in linefile.batched(todo, RENDER_CHUNK):
            yield from _page_texts([jobs[i] for i in batch], bodies, site_url)

    return in_parallel(texts, workers)(range(len(jobs)))


def page_text(report: Report, links: Related, bodies: Bodies, site_url: str) -> str:
    return _page_texts([(report, links)], bodies, site_url)[0]


def _page_texts(jobs: Sequence[tuple[Report, Related]], bodies: Bodies, site_url: str) -> list[str]:
    reports = bodies.load([r for r, _links in jobs])
    return [render_report(r, links, site_url).content for r, (_r, links) in zip(reports, jobs)]  # type: ignore[misc]

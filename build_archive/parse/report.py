"""One report from its raw text to a ``Report``: clean, structure, metadata (``extract``: the
fields assembled from their extractors), corrections, themes, and the features later stages
compare reports by.

A pure function of the raw capture, its correction file and the build's parsing code and
data, so its result is cached (``cache.parse_key``). Kept apart from the orchestration in
``build.py`` so that editing the build does not throw away 30,000 cached parses.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import byline, dedup, related
from .agency import city_county_agency, extract_agency, self_city_agency
from .chrome_rules import ChromeRule
from .clean import clean
from .county import extract_county, extract_own_city, extract_province, site_code_check
from .divisions import DivisionTable
from .evidence import Found, full_agency_name
from .metadata import extract_publish_date, extract_source, extract_written_date, gather
from ..core.model import Cleaned, Flag, Meta, Report, Source, Structured
from .overrides import Override, apply_override
from .structure import structure
from .textflags import text_flags
from ..core.theme_types import Vocabulary
from .themes import tag_themes
from .year_kind import extract_doc_type, extract_period, extract_year


@dataclass(frozen=True)
class Context:
    """Data every report's parse needs, loaded once."""

    rules: tuple[ChromeRule, ...]
    divisions: DivisionTable
    vocabulary: Vocabulary
    overrides: dict[str, Override] = field(default_factory=dict)


def parse_report(src: Source, context: Context) -> Report:
    """Everything one report needs, from its text alone: a pure function of its inputs."""
    cleaned = clean(src.text, context.rules)
    structured = structure(cleaned)
    meta = extract(src, cleaned, structured, context.divisions)
    names = byline.reporters(src.text)
    if names:
        meta = replace(meta, reporter="、".join(names))
    override = context.overrides.get(src.name)
    if override is not None:
        meta = apply_override(meta, override, context.divisions)
    themes = tag_themes(structured.title or meta.title or "", structured.headings, structured.paragraphs,
                        context.vocabulary)
    text = "\n".join([structured.title or "", *(b.text for b in structured.blocks)])
    return Report(source=src, cleaned=cleaned, structured=structured, meta=meta, themes=themes,
                  terms=related.report_terms(text), fingerprint=dedup.fingerprint(text.lstrip("\n")))


def extract(source: Source, cleaned: Cleaned, structured: Structured, table: DivisionTable) -> Meta:
    """Every metadata field, strongest evidence first, never guessing: each extractor reads the
    evidence (``metadata.gather``); a field left unknown gets a flag the reader sees."""
    ev = gather(cleaned, structured)
    flags: list[Flag] = []
    evidence: list[tuple[str, str]] = []

    def note(field: str, found: Found | None) -> object:
        if found is None:
            return None
        evidence.append((field, found.evidence))
        return found.value

    if ev.title is None:
        flags.append(Flag("title-missing", "原文没有标题，页面标题由档案根据元数据拟定"))
    agency = extract_agency(ev, table)
    doc_type = extract_doc_type(ev)
    year, year_flags = extract_year(ev, doc_type.value if doc_type else None)  # type: ignore[arg-type]
    flags += year_flags
    if year is not None:
        evidence.append(("year", year.evidence))
    county = extract_county(ev, agency, year.year if year else None, table)
    division = county.division
    flags += county.flags
    if agency is None and division is not None:
        agency = city_county_agency(ev, division, table)
    if agency is None and division is None and county.shared is None:
        agency = self_city_agency(ev, table)
    # A page about several counties: a bureau its body names is one of theirs, not the page's.
    if county.shared is not None and agency is not None and agency.evidence.startswith("正文"):
        agency = None
    own_city = extract_own_city(ev, table) if division is None and county.shared is None else None
    province_only = extract_province(ev, table) if division is None and county.shared is None else None
    if division is not None or county.shared is not None:
        evidence.append(("county", county.where))
    elif own_city is not None:
        evidence.append(("county", own_city.evidence))
        province_only = own_city.value[0]
    flags += site_code_check(division, ev)
    period = extract_period(year)
    publish_date, date_flags = extract_publish_date(ev)
    flags += date_flags

    agency_value = note("agency", agency)
    if agency_value is None:
        flags.append(Flag("agency-unknown", "原文未写明发文机构"))
    if year is None and not year_flags:
        flags.append(Flag("year-unknown", "无法确定报告所属年度"))
    if doc_type is None:
        flags.append(Flag("doc-type-unknown", "无法确定文种（总结、计划或会议报道等）"))
    flags += text_flags(cleaned, structured)

    return Meta(
        title=structured.title or "",
        county=division.name if division else None,
        province=division.province if division else county.shared.province if county.shared else province_only,
        city=division.city if division else county.shared.city if county.shared else own_city.value[1] if own_city else None,
        adcode=division.code if division else None,
        year=year.year if year else None,
        period=note("period", period),  # type: ignore[arg-type]
        doc_type=note("doc_type", doc_type),  # type: ignore[arg-type]
        agency=agency_value,  # type: ignore[arg-type]
        agency_full=full_agency_name(agency_value, division),  # type: ignore[arg-type]
        publish_date=note("publish_date", publish_date),  # type: ignore[arg-type]
        written_date=note("written_date", extract_written_date(ev)),  # type: ignore[arg-type]
        source=note("source", extract_source(ev)),  # type: ignore[arg-type]
        flags=tuple(flags),
        evidence=tuple(evidence),
    )

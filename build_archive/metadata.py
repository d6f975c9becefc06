"""Extract a report's metadata from its text, strongest evidence first, never guessing.

Each field has its own extractor returning a ``Found`` value with the text it was read from,
or ``None``; a field left unknown gets a flag the reader sees. Which lines count as evidence
is decided by cleaning: lines it removed as header metadata (``来源:``, the date line) and
footers (``主办:``, ``网站标识码``) are read; breadcrumbs never are, because a news portal's
``首页 > 郑州 > 时政`` says where the portal filed the story, not who wrote the report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable

from .dates import read_date
from .divisions import Division, DivisionTable
from .model import Cleaned, Flag, Meta, Source, Structured

DOC_TYPES = ("工作总结", "工作计划", "总结和计划", "会议报道", "工作要点", "其他")

# The ways county health bureaus name themselves, longest first so that 卫生健康委员会 is not
# read as 卫生健康委.
AGENCY_WORDS = (
    "卫生和计划生育委员会", "卫生和计划生育局", "卫生健康委员会", "卫生计生委员会", "卫生健康局",
    "卫生计生局", "卫生计生委", "卫生健康委", "卫健局", "卫健委", "卫计局", "卫计委", "卫生局",
)
_AGENCY = re.compile("|".join(AGENCY_WORDS))
FULL_AGENCY = {
    "卫健委": "卫生健康委员会", "卫生健康委": "卫生健康委员会", "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会", "卫生计生委": "卫生和计划生育委员会",
    "卫计局": "卫生和计划生育局", "卫生计生局": "卫生和计划生育局",
}

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PERIODS = (
    ("上半年", re.compile(r"上半年")), ("下半年", re.compile(r"下半年")),
    ("前三季度", re.compile(r"前三季度")),
    ("第一季度", re.compile(r"(第一|一)季度")), ("第二季度", re.compile(r"(第二|二)季度")),
    ("第三季度", re.compile(r"(第三|三)季度")), ("第四季度", re.compile(r"(第四|四)季度")),
)
_MEETING = re.compile(r"(召开|举行|举办|部署|会议召开|工作会议|工作会$|大会)")
_SPEECH = re.compile(r"在.{0,30}会议?上的(讲话|报告|发言)")
_POINTS = re.compile(r"工作要点")
_SUMMARY = re.compile(r"(总结|述职|工作情况|工作报告|情况汇报|情况报告|回顾)")
_PLAN = re.compile(r"(计划|打算|安排|思路|谋划|设想)")

# Labels of header lines whose value names who published the page.
_LABELLED = re.compile(
    r"(?P<label>来源|信息来源|文章来源|稿件来源|发布机构|发布单位|主办单位|主办)\s*[:：]\s*"
    r"(?P<value>[^\s:：|｜]{2,40})")
_SITE_CODE = re.compile(r"网站(?:标识|识别)码\s*[:：]?\s*(\d{10})")
_LEAD_YEAR = re.compile(r"^(?:简述[:：])?\s*((?:19|20)\d{2})年[，,、]")

HEAD_RULES = {"header-meta", "header-date", "font-widget", "share-widget"}
FOOTER_RULES = {"site-footer", "site-registration"}


@dataclass(frozen=True)
class Found:
    """A value and the text it was read from."""

    value: object
    evidence: str


@dataclass(frozen=True)
class Evidence:
    """The parts of a page that may carry metadata, by strength."""

    title: str | None
    headings: tuple[str, ...]
    """Top-level headings only: they say what the parts of a report are (总结 / 计划)."""
    paragraphs: tuple[str, ...]
    signature: tuple[str, ...]
    header_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]


def gather(cleaned: Cleaned, structured: Structured) -> Evidence:
    sig = structured.signature
    return Evidence(
        title=structured.title,
        headings=tuple(b.text for b in structured.blocks if b.kind == "heading" and b.level == 1),
        paragraphs=structured.paragraphs,
        signature=tuple(sig.text.split("\n")) if sig else (),
        header_lines=tuple(r.text.strip() for r in cleaned.removed if r.rule in HEAD_RULES),
        footer_lines=tuple(r.text.strip() for r in cleaned.removed if r.rule in FOOTER_RULES),
    )


def labelled(lines: Iterable[str], labels: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) pairs such as ``来源:彰武县卫生健康局`` found in header or footer lines."""
    out = []
    for line in lines:
        for m in _LABELLED.finditer(line):
            if m.group("label") in labels:
                out.append((m.group("label"), m.group("value")))
    return out


# --- agency -----------------------------------------------------------------------------------

def find_agency(text: str, table: DivisionTable) -> str | None:
    """The agency name as written in ``text``: a place name (if any) plus a health-bureau word."""
    for m in _AGENCY.finditer(text):
        place = _place_before(text, m.start(), table)
        if place:
            return place + m.group(0)
        # "县卫健委", "我县卫健局": the county is implied, so the name is kept as written.
        if m.start() > 0 and text[m.start() - 1] in "县区旗市":
            return text[m.start() - 1] + m.group(0)
    return None


def _place_before(text: str, end: int, table: DivisionTable) -> str | None:
    names = table.names() | table.cities()
    for length in range(min(end, 16), 1, -1):
        candidate = text[end - length:end]
        if candidate in names:
            return candidate
    return None


def extract_agency(ev: Evidence, table: DivisionTable) -> Found | None:
    sources = [("标题", ev.title or "")]
    sources += [("落款", line) for line in ev.signature]
    sources += [(f"{label}行", value) for label, value in labelled(ev.header_lines, ("发布机构", "发布单位", "来源", "信息来源"))]
    for where, text in sources:
        agency = find_agency(text, table)
        if agency:
            return Found(agency, f"{where}: {text}")
    return None


# --- county -----------------------------------------------------------------------------------

def names_in(text: str, table: DivisionTable) -> list[str]:
    """County-level names in ``text``, longest match first at each position, left to right."""
    names = table.names()
    found = []
    i = 0
    while i < len(text):
        hit = None
        for length in range(min(16, len(text) - i), 1, -1):
            if text[i:i + length] in names:
                hit = text[i:i + length]
                break
        if hit and not _inside_city_name(text, i, hit, table):
            found.append(hit)
            i += len(hit)
        else:
            i += 1
    return found


def _inside_city_name(text: str, i: int, hit: str, table: DivisionTable) -> bool:
    """True when ``hit`` is the start of a longer prefecture name (a XX市 is not a XX县)."""
    for length in range(len(hit) + 1, min(16, len(text) - i) + 1):
        if text[i:i + length] in table.cities():
            return True
    return False


def extract_county(ev: Evidence, agency: Found | None, year: int | None,
                   table: DivisionTable) -> tuple[Division | None, str, list[Flag]]:
    """The county-level unit the report is about, with the evidence, or None and a flag."""
    tiers: list[tuple[str, list[str]]] = []
    if agency:
        tiers.append((f"机构名（{agency.evidence}）", names_in(str(agency.value), table)))
    if ev.title:
        tiers.append((f"标题: {ev.title}", names_in(ev.title, table)))
    tiers.append(("落款", [n for line in ev.signature for n in names_in(line, table)]))
    published = labelled(ev.header_lines, ("发布机构", "发布单位", "来源", "信息来源", "文章来源"))
    tiers.append(("来源/发布机构行", [n for _l, v in published for n in names_in(v, table)]))
    hosts = labelled(ev.footer_lines, ("主办", "主办单位"))
    tiers.append(("网站主办单位", [n for _l, v in hosts for n in names_in(v, table)]))

    context = " ".join(filter(None, [ev.title or "", *ev.paragraphs[:50], *ev.footer_lines]))
    for where, names in tiers:
        distinct = sorted(set(names))
        if not distinct:
            continue
        if len(distinct) > 1:
            return None, "", [Flag("county-ambiguous",
                                   f"无法确定县（区）：{where} 提到多个地方 {'、'.join(distinct)}")]
        units = _units_named(distinct[0], year, table)
        chosen = _disambiguate(units, context, ev.footer_lines)
        if chosen is None:
            places = "、".join(f"{u.province}{u.city or ''}{u.name}（{u.code}）" for u in units)
            return None, "", [Flag("county-ambiguous", f"无法确定县（区）：“{distinct[0]}”可指 {places}")]
        return chosen, f"{where}", []
    return None, "", [Flag("county-unknown", "原文未写明所属县（区）")]


def _units_named(name: str, year: int | None, table: DivisionTable) -> tuple[Division, ...]:
    units = table.in_year(name, year)
    return units or table.by_name(name)


def _disambiguate(units: tuple[Division, ...], context: str, footer: tuple[str, ...]) -> Division | None:
    """One unit, if the page's own words or its site code decide between same-named units."""
    if len({u.code for u in units}) == 1:
        return units[0]
    codes = {m.group(1)[:6] for line in footer for m in _SITE_CODE.finditer(line)}
    by_code = [u for u in units if u.code in codes]
    if len(by_code) == 1:
        return by_code[0]
    by_place = [u for u in units if (u.city and u.city in context) or (u.province and u.province in context)]
    if len({u.code for u in by_place}) == 1:
        return by_place[0]
    return None


def site_code_check(division: Division | None, ev: Evidence) -> list[Flag]:
    """The portal's site code starts with its own division code: a mismatch is worth a look."""
    if division is None:
        return []
    codes = {m.group(1)[:6] for line in ev.footer_lines for m in _SITE_CODE.finditer(line)}
    county_codes = {c for c in codes if not c.endswith("00")}
    if county_codes and division.code not in county_codes:
        return [Flag("site-code-mismatch",
                     f"网站标识码指向 {'、'.join(sorted(county_codes))}，与所定县（区）代码 {division.code} 不同")]
    return []


# --- year, period, kind -----------------------------------------------------------------------

def _kind_lines(ev: Evidence) -> list[tuple[str, str]]:
    """Where the report says what it is: its title, else its top-level headings."""
    if ev.title:
        return [("标题", ev.title)]
    return [("小标题", h) for h in ev.headings if _YEAR.search(h) or _SUMMARY.search(h) or _PLAN.search(h)]


def extract_year(ev: Evidence) -> Found | None:
    """The work year the report covers: the first year its title (or lead heading) names."""
    for where, text in _kind_lines(ev):
        m = _YEAR.search(text)
        if m:
            return Found(int(m.group(1)), f"{where}: {text}")
    for para in ev.paragraphs[:2]:
        m = _LEAD_YEAR.match(para)
        if m:
            return Found(int(m.group(1)), f"首段: {para[:40]}")
    return None


def extract_period(ev: Evidence, year: Found | None) -> Found | None:
    if year is None:
        return None
    text = str(year.evidence)
    for name, pattern in _PERIODS:
        if pattern.search(text):
            return Found(name, text)
    return Found("全年", text)


def extract_doc_type(ev: Evidence) -> Found | None:
    lines = _kind_lines(ev)
    if not lines:
        return None
    joined = " ".join(text for _w, text in lines)
    where = "；".join(f"{w}: {t}" for w, t in lines)
    if ev.title and _SPEECH.search(ev.title):
        return Found("其他", where)
    if ev.title and _MEETING.search(ev.title) and not _SUMMARY.search(ev.title):
        return Found("会议报道", where)
    if _POINTS.search(joined):
        return Found("工作要点", where)
    summary, plan = _SUMMARY.search(joined), _PLAN.search(joined)
    if summary and plan:
        return Found("总结和计划", where)
    if summary:
        return Found("工作总结", where)
    if plan:
        return Found("工作计划", where)
    return Found("其他", where) if ev.title else None


# --- dates and source -------------------------------------------------------------------------

def extract_publish_date(ev: Evidence) -> tuple[Found | None, list[Flag]]:
    for line in ev.header_lines:
        reading = read_date(line)
        if reading is None:
            continue
        if reading.ambiguous:
            return None, [Flag("publish-date-ambiguous", f"发布日期“{reading.text}”写法有歧义，未采用")]
        return Found(reading.value, line), []
    return None, []


def extract_written_date(ev: Evidence) -> Found | None:
    for line in reversed(ev.signature):
        reading = read_date(line)
        if reading and reading.value:
            return Found(reading.value, line)
    return None


def extract_source(ev: Evidence) -> Found | None:
    for label, value in labelled(ev.header_lines, ("来源", "信息来源", "文章来源", "稿件来源", "发布机构", "发布单位")):
        return Found(value, f"{label}: {value}")
    for label, value in labelled(ev.footer_lines, ("主办单位", "主办")):
        return Found(value, f"网站{label}: {value}")
    return None


# --- all fields -------------------------------------------------------------------------------

def extract(source: Source, cleaned: Cleaned, structured: Structured, table: DivisionTable) -> Meta:
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
    year = extract_year(ev)
    division, county_where, county_flags = extract_county(ev, agency, note("year", year), table)
    flags += county_flags
    if division is not None:
        evidence.append(("county", county_where))
    flags += site_code_check(division, ev)
    period = extract_period(ev, year)
    doc_type = extract_doc_type(ev)
    publish_date, date_flags = extract_publish_date(ev)
    flags += date_flags

    agency_value = note("agency", agency)
    if agency_value is None:
        flags.append(Flag("agency-unknown", "原文未写明发文机构"))
    if year is None:
        flags.append(Flag("year-unknown", "无法确定报告所属年度"))
    if doc_type is None:
        flags.append(Flag("doc-type-unknown", "无法确定文种（总结、计划或会议报道等）"))

    return Meta(
        title=structured.title or "",
        county=division.name if division else None,
        province=division.province if division else None,
        city=division.city if division else None,
        adcode=division.code if division else None,
        year=year.value if year else None,  # type: ignore[arg-type]
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


def full_agency_name(agency: str | None, division: Division | None) -> str | None:
    """``修武县卫健委`` -> ``修武县卫生健康委员会``; only when the county is known."""
    if not agency or division is None:
        return None
    m = _AGENCY.search(agency)
    if m is None:
        return None
    word = FULL_AGENCY.get(m.group(0), m.group(0))
    return division.name + word


def display_title(meta: Meta) -> str:
    """The page title: the report's own, else one composed from metadata and marked as such."""
    if meta.title:
        return meta.title
    who = meta.agency or meta.county or ""
    when = f"{meta.year}年" if meta.year else ""
    what = meta.doc_type if meta.doc_type and meta.doc_type != "其他" else "工作报告"
    return f"{who}{when}{meta.period if meta.period and meta.period != '全年' else ''}{what}（原文无标题）"


def with_fields(meta: Meta, **changes: object) -> Meta:
    return replace(meta, **changes)  # type: ignore[arg-type]

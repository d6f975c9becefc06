"""Citations of one report: GB/T 7714-2015, APA 7, BibTeX, RIS, the <head> tags reference
managers read, and the "引用本报告" box on the page.

Everything here is a pure function of a ``CitationRecord``; nothing reads the clock, so the
site stays byte-identical on rebuild. The access date a citation needs is the *reader's*
date: ``docs/assets/javascripts/archive-cite.js`` builds the four formats in the reader's
browser from the page's JSON-LD, with that date (text functions take an explicit
``access_date`` for tests and tools, and write 引用日期 without one).

Choices (and why):

- **Author** is the agency's full name when the archive knows it (``agency_full``), else its
  name as written: an institutional author is catalogued by its formal name (GB/T 7714 8.1.4),
  and 修武县卫生健康委员会 is what a library search finds, not 修武县卫健委.
  Unknown agency: GB/T 7714 8.1.1 lets a numeric-system reference start with the title (the
  alternative, 佚名, is for the author-year system); APA moves the title into the author slot;
  BibTeX/RIS/meta tags simply leave the author out. The archive is never named as author:
  it did not write the report.
- **News** (文种 会议报道): a reporter of an outlet wrote it, not the county bureau, so its authors
  are the reporters its byline names (``byline.py``), the outlet (``来源``) is where it appeared,
  and the outlet is the author only when no reporter is named; the bureau is never the author
  of a news report. APA and GB/T then cite it as news (author, date, title, outlet), RIS as NEWS,
  BibTeX as ``@misc`` with ``howpublished`` = outlet, JSON-LD as a ``NewsArticle``.
- **Date** (``publication_date``) is the page's publish date, else the report's own date
  (成文日期). Never the work ``year``: a 2020 summary is usually written in 2021, and the
  archive does not guess (the year goes into coverage fields instead).
- **URL** is ``site_url + path``. With no site URL (local builds) there is no absolute URL: the
  text functions give the site-relative path, the script cites the page's own address, and no
  canonical link / ``url`` is emitted rather than a relative one that would resolve wrongly.
- Every value is untrusted scraped text: one-line fields are stripped of control characters
  and newlines before any format sees them, then escaped for that format.
"""
from __future__ import annotations

import functools
import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Mapping

ARCHIVE_NAME = "县级卫生健康工作报告档案"
LANGUAGE = "zh-CN"
ACCESS_DATE_PLACEHOLDER = "引用日期"
"""What a copied citation says where the access date goes when the page's script did not run."""

FORMATS = ("gbt7714", "apa7", "bibtex", "ris")
FORMAT_LABELS = {"gbt7714": "GB/T 7714—2015", "apa7": "APA（第 7 版）", "bibtex": "BibTeX", "ris": "RIS"}

# Periods the metadata extractor produces, as ISO 8601 month intervals (for temporalCoverage).
PERIOD_MONTHS = {
    "全年": None, "上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9),
    "第一季度": (1, 3), "第二季度": (4, 6), "第三季度": (7, 9), "第四季度": (10, 12),
}
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

_CODE = re.compile(r"CHR-[0-9a-z]+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, kw_only=True)
class CitationRecord:
    """What a citation of one report needs; built by the caller from Meta/Ident/Source."""

    code: str
    """Citation code with prefix, e.g. ``CHR-2ac8209b``."""
    title: str
    """The display title (the report's own, else the archive's, ending in （原文无标题））."""
    path: str
    """Site-relative page path, e.g. ``r/2ac8209b/``."""
    site_url: str = ""
    """Absolute base URL of the site ending in ``/``; '' when unknown (local builds)."""
    agency: str | None = None
    agency_full: str | None = None
    county: str | None = None
    province: str | None = None
    city: str | None = None
    adcode: str | None = None
    year: int | None = None
    period: str | None = None
    doc_type: str | None = None
    publish_date: str | None = None
    written_date: str | None = None
    source: str | None = None
    source_url: str | None = None
    reporter: str | None = None
    """Reporters of a news report, 、-separated (``Meta.reporter``)."""
    language: str = LANGUAGE
    sha256: str | None = None
    themes: tuple[str, ...] = field(default=())
    """The report's themes, strongest first (``Report.themes``)."""

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise ValueError(f"citation code {self.code!r} is not of the form CHR-<hex>")
        if self.path.startswith("/") or ".." in self.path.split("/") or "://" in self.path:
            raise ValueError(f"page path {self.path!r} must be relative to the site root")
        # SITE_URL comes from the environment; mkdocs accepts it without the final slash too.
        if self.site_url and not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")
        object.__setattr__(self, "themes", tuple(self.themes))


def record_from_front_matter(fm: Mapping[str, object], site_url: str = "", *,
                             html_title: bool = True) -> CitationRecord:
    """A record from a report page's front matter (``render.front_matter``), which holds every field.

    ``html_title``: the front matter's title is HTML-escaped (``front_matter.page_title``, because
    mkdocs-material prints it unescaped); citations need the plain text back.
    """
    def text(key: str) -> str | None:
        value = fm.get(key)
        return None if value is None else str(value)

    year = fm.get("year")
    title = html.unescape(str(fm["title"])) if html_title else str(fm["title"])
    return CitationRecord(
        code=str(fm["code"]), title=title, path=str(fm["url"]), site_url=site_url,
        agency=text("agency"), agency_full=text("agency_full"), county=text("county"),
        province=text("province"), city=text("city"), adcode=text("adcode"),
        year=int(year) if isinstance(year, int) else None, period=text("period"),
        doc_type=text("doc_type"), publish_date=text("publish_date"), written_date=text("written_date"),
        source=text("source"), source_url=text("source_url"), reporter=text("reporter"), sha256=text("sha256"),
        themes=tuple(str(t) for t in (fm.get("tags") or ())),
    )


# ---------------------------------------------------------------- shared pieces

# A report's keywords in its citations are its main themes, as its page's metadata table names
# them: a long report is tagged with up to 34 themes, and every one of them repeated in four
# places on each of 30,000 pages was 2.4 KB a page (issue 16); the rest are on the page and in
# the catalog.
MAIN_THEMES = 5


def keywords(rec: CitationRecord) -> tuple[str, ...]:
    return tuple(t for t in rec.themes[:MAIN_THEMES] if clean(t))


def _noncharacter(c: str) -> bool:
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def clean(value: object) -> str:
    """A metadata value as one line of plain text: line breaks and other white space become
    single spaces; control and format characters (bidi overrides, zero-width) and Unicode
    noncharacters go. Private-use and unassigned code points stay: old GB18030 mappings put rare
    characters in the private-use area, and a CJK extension newer than this Python is still text."""
    return _clean(str(value))


# A page's title, agency and place are cleaned for each of its citation formats and meta tags
# (170 calls a page), one character at a time: remembered, a third of rendering a page goes.
@functools.lru_cache(maxsize=1 << 16)
def _clean(value: str) -> str:
    kept = []
    for c in value:
        if c.isspace():
            kept.append(" ")
        elif (unicodedata.category(c) not in ("Cc", "Cf", "Cs") or c == "\u200d") and not _noncharacter(c):
            kept.append(c)  # ZWJ stays: it holds emoji sequences together
    return " ".join("".join(kept).split())


NEWS_TYPES = frozenset({"会议报道"})


def is_news_type(doc_type: str | None) -> bool:
    return doc_type in NEWS_TYPES


def is_news(rec: CitationRecord) -> bool:
    return is_news_type(rec.doc_type)


def outlet(rec: CitationRecord) -> str | None:
    """Where a news report appeared (its 来源), None for other reports."""
    name = clean(rec.source or "") if is_news(rec) else ""
    return name or None


def reporters(rec: CitationRecord) -> list[str]:
    """Persons who wrote a news report, in byline order."""
    if not is_news(rec) or not rec.reporter:
        return []
    return [n for n in (clean(x) for x in re.split(r"[、,，;；]", rec.reporter)) if n]


def authors(rec: CitationRecord) -> list[str]:
    """The names in a citation's author position: a news report's reporters (else its outlet),
    a work report's agency; empty when unknown."""
    if is_news(rec):
        names = reporters(rec)
        if names:
            return names
        name = outlet(rec)
        return [name] if name else []
    name = clean(rec.agency_full or rec.agency or "")
    return [name] if name else []


def authors_are_persons(rec: CitationRecord) -> bool:
    return bool(reporters(rec))


def author_name(rec: CitationRecord) -> str | None:
    """The author position as one string (names joined by ", ")."""
    return ", ".join(authors(rec)) or None


def _container(rec: CitationRecord) -> str | None:
    """The outlet of a news report whose author position holds its reporters."""
    return outlet(rec) if authors_are_persons(rec) else None


def publication_date(rec: CitationRecord) -> str | None:
    """ISO date (YYYY, YYYY-MM or YYYY-MM-DD) the report was published or written; see module doc."""
    for value in (rec.publish_date, rec.written_date):
        if value and _DATE.fullmatch(value.strip()):
            return value.strip()
    return None


def canonical_url(rec: CitationRecord) -> str | None:
    return rec.site_url + rec.path if rec.site_url else None


def page_url(rec: CitationRecord) -> str:
    """The absolute URL when known, else the site-relative path (see module doc)."""
    return canonical_url(rec) or rec.path


def place_names(rec: CitationRecord) -> list[str]:
    return [clean(p) for p in (rec.province, rec.city, rec.county) if p and clean(p)]


def temporal_coverage(rec: CitationRecord) -> str | None:
    """The work year (and part of it) as ISO 8601: 2020, or 2016-01/2016-06 for 上半年."""
    if rec.year is None:
        return None
    months = PERIOD_MONTHS.get(rec.period or "全年")
    if months is None:
        return str(rec.year)
    return f"{rec.year}-{months[0]:02d}/{rec.year}-{months[1]:02d}"


def _date_parts(iso: str) -> tuple[int, int | None, int | None]:
    m = _DATE.fullmatch(iso)
    assert m is not None
    return int(m.group(1)), int(m.group(2)) if m.group(2) else None, int(m.group(3)) if m.group(3) else None


def _end(text: str, mark: str = ".") -> str:
    """Close a citation element with ``mark`` unless it already ends in a stop."""
    return text if text.endswith((".", "?", "!", "。", "？", "！")) else text + mark


# ---------------------------------------------------------------- GB/T 7714-2015

def gbt7714(rec: CitationRecord, access_date: str | None = None) -> str:
    """GB/T 7714-2015 电子资源: 主要责任者. 题名[EB/OL]. (发表日期)[引用日期]. 获取和访问路径.

    ``access_date`` (YYYY-MM-DD) is the reader's; None leaves the placeholder 引用日期.
    """
    return _gbt7714(rec, access_date or ACCESS_DATE_PLACEHOLDER, page_url(rec))


def _gbt7714(rec: CitationRecord, access: str, url: str) -> str:
    parts = []
    author = author_name(rec)
    if author:
        parts.append(_end(author) + " ")
    parts.append(f"{clean(rec.title)}[EB/OL]. ")
    container = _container(rec)
    if container:
        parts.append(f"{container}, ")
    date = publication_date(rec)
    if date:
        parts.append(f"({date})")
    parts.append(f"[{access}]. {url}.")
    return "".join(parts)


# ---------------------------------------------------------------- APA 7

def apa7(rec: CitationRecord, access_date: str | None = None) -> str:
    """APA 7 (report by a group author, in an online archive).

    The archive copy never changes, so APA 7 (9.16) wants no retrieval date; pass
    ``access_date`` only for a style guide that insists on one.
    """
    return _apa7(rec, page_url(rec), access_date)


def _apa_date(rec: CitationRecord) -> str:
    # Chinese-language APA (as Chinese journals apply APA 7 to Chinese sources): the date as
    # written in Chinese, 2021年9月22日, and 日期不详 for n.d.
    date = publication_date(rec)
    if not date:
        return "(日期不详)."
    year, month, day = _date_parts(date)
    if month is None:
        return f"({year})."
    return f"({year}年{month}月{f'{day}日' if day else ''})."


def _apa7(rec: CitationRecord, url: str, access_date: str | None) -> str:
    title = f"{clean(rec.title)} ({rec.code})."
    container = _container(rec)
    if container:
        title += f" {_end(container)}"
    author = author_name(rec)
    head = f"{_end(author)} {_apa_date(rec)} {title}" if author else f"{title} {_apa_date(rec)}"
    tail = url
    if access_date:
        year, month, day = _date_parts(access_date)
        when = f"{year}年{month}月{day}日" if month and day else f"{year}年"
        tail = f"{when}检索自 {url}"
    return f"{head} {ARCHIVE_NAME}. {tail}"


# ---------------------------------------------------------------- BibTeX

_BIBTEX_SPECIAL = {
    # BibTeX counts braces even after a backslash, so \{ would unbalance the field: use macros.
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}


def bibtex_escape(value: object) -> str:
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in clean(value))


def bibtex_key(rec: CitationRecord) -> str:
    return re.sub(r"[^A-Za-z0-9_:-]", "_", rec.code)


def _bibtex_url(url: str) -> str:
    # \url{} content is read verbatim-ish; braces, backslashes and spaces must not reach it.
    return "".join(c if c.isascii() and c not in "{}\\ \"<>" and c.isprintable() else
                   "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in url)


def bibtex(rec: CitationRecord) -> str:
    """``@techreport``: institution = agency, number = citation code, type = 文种."""
    return _bibtex(rec, _bibtex_url(page_url(rec)))


def _bibtex(rec: CitationRecord, url: str) -> str:
    fields: list[tuple[str, str]] = []
    names = authors(rec)
    news = is_news(rec)
    if names:
        # Braces: an institution, or a Chinese name, is one name, not "first last".
        fields.append(("author", " and ".join("{" + bibtex_escape(n) + "}" for n in names)))
    fields.append(("title", "{" + bibtex_escape(rec.title) + "}"))
    if news and outlet(rec):
        fields.append(("howpublished", bibtex_escape(outlet(rec))))
    elif names and not news:
        fields.append(("institution", bibtex_escape(names[0])))
    doc_type = rec.doc_type if rec.doc_type and rec.doc_type != "其他" else "报告"
    fields.append(("type", bibtex_escape(doc_type)))
    fields.append(("number", bibtex_escape(rec.code)))
    date = publication_date(rec)
    month = None
    if date:
        year, month, _day = _date_parts(date)
        fields.append(("year", str(year)))
    place = "".join(place_names(rec))
    if place:
        fields.append(("address", bibtex_escape(place)))
    fields.append(("url", url))
    # Chinese BibTeX styles (gbt7714.bst, biblatex-gb7714-2015) switch on language = chinese.
    fields.append(("language", "chinese"))
    if keywords(rec):
        fields.append(("keywords", ", ".join(bibtex_escape(t) for t in keywords(rec))))
    fields.append(("note", bibtex_escape(f"{ARCHIVE_NAME}，引用编号 {rec.code}")))
    lines = [f"@{'misc' if news else 'techreport'}{{{bibtex_key(rec)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    if month:
        lines.append(f"  month = {BIBTEX_MONTHS[month - 1]},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"


# ---------------------------------------------------------------- RIS

def ris(rec: CitationRecord, access_date: str | None = None) -> str:
    """RIS ``TY  - RPRT``: PB = agency (Zotero's institution), SN = citation code, DB = archive."""
    return _ris(rec, page_url(rec), access_date)


def _ris(rec: CitationRecord, url: str, access_date: str | None) -> str:
    news = is_news(rec)
    lines = [("TY", "NEWS" if news else "RPRT"), ("TI", clean(rec.title))]
    lines += [("AU", n) for n in authors(rec)]
    if news and outlet(rec):
        lines.append(("T2", outlet(rec)))
    date = publication_date(rec)
    if date:
        year, month, day = _date_parts(date)
        lines.append(("PY", str(year)))
        lines.append(("DA", f"{year}/{f'{month:02d}' if month else ''}/{f'{day:02d}' if day else ''}/"))
    publisher = outlet(rec) if news else author_name(rec)
    if publisher:
        lines.append(("PB", publisher))
    place = "".join(place_names(rec))
    if place:
        lines.append(("CY", place))
    if rec.doc_type and rec.doc_type != "其他":
        lines.append(("M3", clean(rec.doc_type)))
    lines += [("SN", rec.code), ("LA", rec.language), ("UR", url), ("DB", ARCHIVE_NAME)]
    if access_date:
        lines.append(("Y2", access_date.replace("-", "/")))
    lines += [("KW", clean(t)) for t in keywords(rec)]
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}" for tag, value in lines)


# ---------------------------------------------------------------- <head>

def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name, quote=True)}" content="{html.escape(clean(content), quote=True)}">'


def json_for_script(data: object) -> str:
    """JSON that cannot end its <script> element: < > & become \\u escapes (still valid JSON).
    Without spaces after separators: it is in every report page's head (issue 16)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    for c, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                   ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(c, esc)
    return text


def json_ld(rec: CitationRecord) -> dict[str, object]:
    """schema.org ``Report`` describing the report (not the archive page)."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle" if is_news(rec) else "Report",
        "name": clean(rec.title),
        "identifier": rec.code,
        "reportNumber": rec.code,
        "inLanguage": rec.language,
    }
    url = canonical_url(rec)
    if url:
        data["url"] = url
    if authors_are_persons(rec):
        data["author"] = [{"@type": "Person", "name": n} for n in reporters(rec)]
    elif authors(rec):
        kind = "NewsMediaOrganization" if is_news(rec) else "GovernmentOrganization"
        data["author"] = {"@type": kind, "name": authors(rec)[0]}
    if outlet(rec):
        data["publisher"] = {"@type": "NewsMediaOrganization", "name": outlet(rec)}
    date = publication_date(rec)
    if date:
        data["datePublished"] = date
    if rec.written_date and _DATE.fullmatch(rec.written_date):
        data["dateCreated"] = rec.written_date
    if rec.doc_type and rec.doc_type != "其他":
        data["genre"] = clean(rec.doc_type)
    names = place_names(rec)
    if names:
        place: dict[str, object] = {"@type": "AdministrativeArea", "name": names[-1] if rec.county else "".join(names)}
        if rec.adcode:
            place["identifier"] = {"@type": "PropertyValue", "propertyID": "GB/T 2260 行政区划代码",
                                   "value": clean(rec.adcode)}
        address = {"@type": "PostalAddress", "addressCountry": "CN"}
        if rec.province:
            address["addressRegion"] = clean(rec.province)
        if rec.county:
            address["addressLocality"] = clean(rec.county)
        place["address"] = address
        if rec.city and clean(rec.city):
            # The prefecture, which the citations name between province and county
            # (archive-cite.js builds APA, BibTeX and RIS from this record).
            place["containedInPlace"] = {"@type": "AdministrativeArea", "name": clean(rec.city)}
        data["spatialCoverage"] = place
    coverage = temporal_coverage(rec)
    if coverage:
        data["temporalCoverage"] = coverage
    if keywords(rec):
        data["keywords"] = [clean(t) for t in keywords(rec)]
    if rec.source_url and rec.source_url.startswith(("http://", "https://")):
        data["isBasedOn"] = clean(rec.source_url)
    part_of: dict[str, object] = {"@type": "Collection", "name": ARCHIVE_NAME}
    if rec.site_url:
        part_of["url"] = rec.site_url
    data["isPartOf"] = part_of
    return data


def head_tags(rec: CitationRecord, canonical: bool = True) -> str:
    """The tags for the page's <head>: canonical link, Highwire ``citation_*`` (Google Scholar,
    Zotero) and JSON-LD. No Dublin Core copy of them: Zotero reads the Highwire tags first, and
    DC.* repeated the title, agency, date and code on every page (450 B, 13 MB at 30,000
    reports, issue 16); the division code and place names are in the JSON-LD. ``canonical=False`` when the page shell already emits one
    (mkdocs-material's base.html does whenever site_url is set).
    """
    out: list[str] = []
    url = canonical_url(rec)
    if url and canonical:
        out.append(f'<link rel="canonical" href="{html.escape(url, quote=True)}">')
    names = authors(rec)
    news = is_news(rec)
    date = publication_date(rec)
    out.append(_meta("citation_title", rec.title))
    out += [_meta("citation_author", n) for n in names]
    if date:
        # Google Scholar wants slashes (2021/09/22, or the year alone).
        out.append(_meta("citation_publication_date", date.replace("-", "/")))
    if news:
        if outlet(rec):
            out.append(_meta("citation_publisher", outlet(rec)))
    else:
        if names:
            out.append(_meta("citation_technical_report_institution", names[0]))
        out.append(_meta("citation_technical_report_number", rec.code))
    out.append(_meta("citation_language", rec.language))
    # No citation_keywords: the themes are the JSON-LD's keywords, and five more tags were 300
    # bytes of every report page (9 MB at 30,000 reports, issue 16).
    if url:
        out.append(_meta("citation_public_url", url))
    out.append(f'<script type="application/ld+json">{json_for_script(json_ld(rec))}</script>')
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the box on the page

# Built in the reader's browser from the page's JSON-LD (archive-cite.js), which holds every
# field they use, with their copy buttons, the reader's date and the page's address: written
# out, the box was 1.3 KB of every report page (40 MB at 30,000 reports, issue 16).
# tests/test_browser.py checks the script's text against the functions above.
BUILT_IN_BROWSER = FORMATS
BOX_HEADING = "引用本报告"
"""The box's heading, which the script writes with the citation code beside it."""


def citation_box_html(rec: CitationRecord) -> str:
    """The "引用本报告" block, hidden and empty: archive-cite.js shows it, writes its heading and
    the citation code (from the JSON-LD's identifier) and builds every format as selectable text
    with a copy button, GB/T 7714 open and the others folded. Without JavaScript there is no box:
    the metadata table's 引用编号 row names the code, and the table and the Highwire tags hold
    every field a citation needs. The heading, the code and a note for readers without the
    script were 400 bytes of every report page (12 MB at 30,000 reports). The record is not
    read: the page is the same for every report, which the script fills from the page's own
    record. One raw-HTML line, so Markdown leaves it alone wherever it is placed.
    """
    return '<section class="archive-cite" id="cite" data-cite-box hidden></section>\n'


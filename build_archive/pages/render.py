"""Render one report as a Markdown page with YAML front matter.

The front matter is written by ``front_matter.py`` (safe YAML, the title HTML-escaped).
Every piece of report text goes through ``mdtext`` so that nothing in it becomes markup.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Sequence

from . import cite
from ..core import pagetext, paths
from ..core.mdtext import html_inline, html_text, md_heading_text, md_text
from ..core.model import Block, OutputFile, Report, display_title
from ..core.paths import site_href
from .front_matter import dump_front_matter, page_title

FIELD_LABELS = {
    "county": "县（区）", "province": "省份", "city": "地级市", "adcode": "区划代码", "year": "年度",
    "period": "时段", "doc_type": "文种", "agency": "发文机构", "agency_full": "机构全称",
    "publish_date": "发布日期", "written_date": "成文日期", "source": "来源", "source_url": "原始网址",
    "title": "标题", "reporter": "记者", "captured_date": "采集日期",
}
FRONT_MATTER_FIELDS = ("county", "province", "city", "adcode", "year", "period", "doc_type", "agency",
                       "agency_full", "publish_date", "written_date", "source", "source_url", "reporter",
                       "captured_date")


@dataclass(frozen=True)
class Related:
    """Other reports a report page links to."""

    same_county: tuple[Report, ...] = ()
    """Other reports of the same county, from the years next to this one's, newest first
    (``report_pages.county_rank``)."""
    more_in_county: bool = False
    """The county has more reports than ``same_county`` lists."""
    similar: tuple[Report, ...] = ()
    """Reports of other counties closest in content."""
    theme_slugs: tuple[tuple[str, str], ...] = ()
    """(theme name, slug) for the report's themes, in the report's order."""


def report_doc_path(report: Report) -> str:
    """Where the page's Markdown goes inside docs/: ``r/<code>.md`` serves at ``r/<code>/``."""
    assert report.ident is not None
    return paths.report_doc(report.ident.code)


def raw_doc_path(report: Report) -> str:
    """The site URL of the raw capture's viewer (catalog ``raw_url``)."""
    assert report.ident is not None
    return paths.raw_view(report.ident.code)


def front_matter(report: Report) -> dict[str, object]:
    meta, ident = report.meta, report.ident
    assert ident is not None
    data: dict[str, object] = {
        "title": page_title(display_title(meta)),
        "title_in_source": bool(meta.title),
        "code": ident.citation,
        "url": ident.path,
    }
    for field in FRONT_MATTER_FIELDS:
        data[field] = getattr(meta, field)
    data["source_file"] = report.source.name
    data["sha256"] = report.source.sha256
    data["encoding"] = report.source.encoding
    data["flags"] = [f.code for f in meta.flags]
    data["corrected"] = list(meta.corrected)
    if report.themes:
        data["tags"] = [t.theme for t in report.themes]
        # The chips of twenty themes would push the title off a phone screen: the tags stay
        # for the tags plugin's allow-list, the page shows the main themes in its header.
        data["hide"] = ["tags"]
    return data


def need_body(report: Report) -> None:
    """A stub (``Report.stub``) would render as a page without its text: fail loudly instead."""
    if report.stub:
        raise ValueError(f"{report.source.name}: the report's body was not loaded (a cached stub); "
                         "load it with cache.Bodies before rendering")


def render_report(report: Report, related: Related = Related(), site_url: str = "") -> OutputFile:
    need_body(report)
    here = report_doc_path(report)
    data = front_matter(report)
    record = cite.record_from_front_matter(data, site_url)
    # Citation meta tags for Zotero and search engines; overrides/main.html prints them in
    # <head> (fastpages does the same). They are HTML built and escaped by cite.head_tags.
    data["head"] = cite.head_tags(record, canonical=False)
    # The citation box is HTML the page template prints after the content (overrides/main.html):
    # as raw HTML inside the Markdown it cost a fifth of every page's Markdown conversion.
    data["cite"] = cite.citation_box_html(record)
    # The title's anchor is "top", not the title itself three times over (its id, its permalink
    # and the skip link: 270 bytes of every page, issue 16).
    parts = [dump_front_matter(data), "", f"# {md_heading_text(display_title(report.meta))} {{: #{TITLE_ID} }}", ""]
    parts += meta_table(report, here, dict(related.theme_slugs))
    parts += flag_notice(report)
    # The report's own text, apart from what the archive adds around it: the search and the
    # raw-capture page read its paragraphs back from here (pagetext.py).
    parts += [f'<div class="{pagetext.BODY_CLASS}" markdown>', ""]
    parts += render_blocks(report.structured.blocks)
    parts += ["</div>", ""]
    parts += related_section(report, related, here)
    parts += provenance(report, here)
    return OutputFile(here, "\n".join(parts).rstrip("\n") + "\n")


# The archive's own parts of a report page (metadata table, related reports, provenance) are
# written as the HTML Python-Markdown made of their Markdown, byte for byte: converting them was
# 2.5 ms of every report page's 4.5 (75 s of CPU at 30,000 reports, issue 16). mkdocs passes raw
# HTML through without rewriting its links, so each link is written as the site URL
# (paths.site_href) and fastpages leaves raw HTML alone as mkdocs does.

def _a(here: str, target: str, text_html: str) -> str:
    return f'<a href="{html.escape(site_href(here, target), quote=True)}">{text_html}</a>'


def _value(report: Report, field: str) -> str:
    value = getattr(report.meta, field)
    text = "未能确定" if value is None else html_inline(str(value))
    if field == "year" and value is not None:
        text = f"{value}年"
    if field in report.meta.corrected:
        text += "（人工更正）"
    return text


MAIN_THEMES = cite.MAIN_THEMES
TITLE_ID = "top"


def _source_url_cell(report: Report, here: str) -> str:
    if not report.meta.source_url:
        return f"未记录（知道原网址的读者请告知维护者，见{_a(here, 'about.md#更正', '更正')}）"
    # Shown, not linked: the site links to no other host (tests/test_hostile.py), and a reader
    # copying it gets it exactly.
    return _value(report, "source_url")


def meta_table(report: Report, here: str, slugs: dict[str, str] | None = None) -> list[str]:
    meta = report.meta
    slugs = slugs or {}
    place = [html_inline(meta.province)] if meta.province else []
    if meta.city and meta.adcode:  # its prefecture page (region_pages.city_page) exists
        place.append(_a(here, paths.city_doc(paths.city_code(meta.adcode)), html_inline(meta.city)))
    elif meta.city:
        place.append(html_inline(meta.city))
    if meta.county:
        place.append(f"{_a(here, paths.county_doc(meta.adcode or ''), html_inline(meta.county))}（{html_inline(meta.adcode or '')}）")
    place_text = " · ".join(place) if place else "未能确定"
    if any(f in meta.corrected for f in ("county", "adcode", "province", "city")):
        place_text += "（人工更正）"
    rows = [("地区", place_text)]
    year = _value(report, "year")
    if meta.year is not None:
        year = _a(here, paths.year_doc(meta.year), year)
        if meta.period and meta.period != "全年":
            year += f"（{html_inline(meta.period)}）"
    rows.append(("年度", year))
    rows.append(("文种", _value(report, "doc_type")))
    if report.themes:
        main = " · ".join(_a(here, paths.theme_doc(slugs[t.theme]), html_inline(t.theme))
                          for t in report.themes[:MAIN_THEMES] if t.theme in slugs)
        rows.append(("主要主题", main))
        if len(report.themes) > MAIN_THEMES:
            # Unlinked: a theme page lists the reports that have it as a main theme (theme_pages.py).
            rows.append(("其他主题", " · ".join(html_inline(t.theme) for t in report.themes[MAIN_THEMES:])))
    agency = _value(report, "agency")
    if meta.agency_full and meta.agency_full != meta.agency:
        agency += f"（{html_inline(meta.agency_full)}）"
    # A news report is about the bureau, written by a reporter: the bureau did not issue it.
    rows.append(("报道的机构" if cite.is_news_type(meta.doc_type) else "发文机构", agency))
    for field in ("publish_date", "written_date", "source"):
        if getattr(meta, field) is not None or field in meta.corrected:
            rows.append((FIELD_LABELS[field], _value(report, field)))
    if meta.reporter and cite.is_news_type(meta.doc_type):
        rows.append((FIELD_LABELS["reporter"], _value(report, "reporter")))
    rows.append((FIELD_LABELS["source_url"], _source_url_cell(report, here)))
    rows.append((FIELD_LABELS["captured_date"], _value(report, "captured_date") if meta.captured_date
                 else "未记录"))
    assert report.ident is not None
    rows.append(("引用编号", html_inline(report.ident.citation)))
    # No header row (its first column names each row) and a row to a line: the table is on
    # every report page, and its markup was a fifth of it (issue 16).
    lines = ['<div class="report-meta">', "<table>", "<tbody>"]
    lines += [f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in rows]
    return lines + ["</tbody>", "</table>", "</div>", ""]


def flag_notice(report: Report) -> list[str]:
    if not report.meta.flags:
        return []
    lines = ['!!! warning "档案提示：以下情况由程序发现，原文未作改动"', ""]
    lines += [f"    - {md_text(f.message)}" for f in report.meta.flags]
    return lines + [""]


def render_blocks(blocks: Sequence[Block]) -> list[str]:
    """The body's blocks; paragraph n gets the anchor ``#p<n>`` (``{: #p3 }``, attr_list), so a
    passage can be cited as ``CHR-2ac8209b#p3``, and heading n the anchor ``#s<n>``. Numbers
    follow the cleaned body's paragraphs and headings.

    A heading's anchor would otherwise be its text (the toc extension's slug), written twice
    (its id and its permalink) in three bytes a character: 250 bytes of every report page
    (issue 16)."""
    out, n, h = [], 0, 0
    for b in blocks:
        text = render_block(b)
        if b.kind == "paragraph":
            n += 1
            text += f"{{: #p{n} }}\n"
        elif b.kind == "heading":
            h += 1
            text = f"{text[:-1]} {{: #s{h} }}\n"
        out.append(text)
    return out


def render_block(block: Block) -> str:
    if block.kind == "heading":
        return f"{'#' * min(block.level + 1, 6)} {md_heading_text(block.text)}\n"
    if block.kind == "signature":
        inner = "<br>".join(html_text(line) for line in block.text.split("\n"))
        return f'<div class="report-signature">{inner}</div>\n'
    return md_text(block.text) + "\n"


def _short(report: Report, here: str, county: bool) -> str:
    """A listed report: its title, then its county and year where the title does not say them
    (as archive_index.report_item does)."""
    m = report.meta
    title = display_title(m)
    bits = []
    if county and not (m.county and m.county in title):
        bits.append(html_inline(m.county) if m.county else "地区未定")
    if not (m.year and f"{m.year}年" in title):
        bits.append(str(m.year) if m.year else "年度未定")
    link = _a(here, report_doc_path(report), html_inline(title))
    return f"{link}（{' · '.join(bits)}）" if bits else link


def related_section(report: Report, related: Related, here: str) -> list[str]:
    """Neighbouring reports, set apart from the report's own text."""
    lines: list[str] = []
    if related.same_county:
        lines.append(f"<p><strong>{html_inline(report.meta.county or '')}的其他报告</strong></p>")
        lines += ["<ul>", *(f"<li>{_short(r, here, county=False)}</li>" for r in related.same_county), "</ul>"]
        if related.more_in_county and report.meta.adcode:
            lines.append(f"<p>{_a(here, paths.county_doc(report.meta.adcode), html_inline(report.meta.county or '') + '的全部报告')}</p>")
    if related.similar:
        lines.append("<p><strong>其他县内容相近的报告</strong></p>")
        lines += ["<ul>", *(f"<li>{_short(r, here, county=True)}</li>" for r in related.similar), "</ul>"]
    if not lines:
        return []
    return ["", '<div class="report-related">', *lines, "</div>", ""]


def provenance(report: Report, here: str) -> list[str]:
    """Links that let anyone check the page against the capture it came from.

    The capture and the removed lines are shown by the viewer page (rawpack.py), not on the
    report page: a report page carries the report, and chrome shown on it would be indexed
    and read as the report."""
    src, removed = report.source, report.cleaned.removed
    assert report.ident is not None
    view = f"{paths.SOURCE}?c={report.ident.code}"
    # Said briefly: it is on every report page, and the viewer page explains the rest.
    items = [f"<li>原始文件：{_a(here, view, html_inline(src.name))}"
             f"（{src.size} 字节，{html_inline(src.encoding)} 编码，与采集时完全相同，可下载核验）</li>",
             f"<li>SHA-256：<code>{html_inline(src.sha256)}</code></li>"]
    if removed:
        items.append(f"<li>清洗记录：{_a(here, view, f'清洗时删除的 {len(removed)} 行')}（附行号和规则名）</li>")
    else:
        items.append("<li>清洗记录：清洗时没有删除任何行</li>")
    return ["", '<details class="info">', "<summary>来源与核验</summary>", "<ul>", *items, "</ul>", "</details>", ""]


def body_plain(report: Report) -> str:
    """The cleaned body as plain text (for search, the corpus and inspect)."""
    need_body(report)
    parts = [report.structured.title] if report.structured.title else []
    parts += [b.text for b in report.structured.blocks]
    return "\n".join(p for p in parts if p)


def body_markdown(report: Report) -> str:
    """The cleaned body as the Markdown the page shows (for ``inspect``)."""
    need_body(report)
    return "\n".join(render_block(b) for b in report.structured.blocks).rstrip("\n") + "\n"

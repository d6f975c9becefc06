"""The collection as data: catalog.csv / catalog.json / corpus.jsonl, their data dictionary,
sitemap.xml, the Atom feed of newly added reports and the downloads page (下载数据).

Every function is pure and deterministic: rows are sorted by citation code, keys follow the
data dictionary, newlines are ``\\n``, nothing reads the clock. The same input in any order
gives the same bytes, so a rebuild changes nothing and git diffs show real changes only.

The field list lives once, in ``data/data_dictionary.yml``: the catalogs have exactly its
fields in its order (a row with a field more or less is an error, not a silent column), and
the downloads page shows it as the data dictionary.

Formats (and why):

- **CSV** is UTF-8 *with* a BOM: Excel, which most Chinese readers will open it with, reads a
  CSV as GBK unless a BOM says UTF-8, and every Chinese character turns to mojibake. Python
  reads it with ``encoding="utf-8-sig"``, pandas and R skip the BOM. Lists are joined with
  ``;``. A cell that starts with ``= + - @`` (or tab/CR) gets a leading ``'`` so that Excel
  shows scraped text instead of running it as a formula; ``read_catalog_csv`` undoes it, and
  catalog.json always holds the exact values.
- **JSON** is an array of objects, one per report, keys in dictionary order.
- **JSON Lines** (corpus): one report per line, metadata plus cleaned text. U+2028, U+2029 and
  U+0085 are written as ``\\u`` escapes so that no line-splitting reader breaks a record.
- **Sitemap**: the protocol requires absolute URLs, so with no site URL there is no sitemap
  (``sitemap_xml`` returns None).
- **Atom feed**: "newly added" is the ledger order (``FeedEntry.seq``), newest first. Ids are
  ``urn:uuid`` values derived from the citation code, so they survive a move of the site.
"""
from __future__ import annotations

import csv
import functools
import html
import io
import json
import posixpath
import re
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape as _xml_escape

import yaml

from .cite import ARCHIVE_NAME, LANGUAGE, CitationRecord, author_name, clean, place_names, publication_date
from ..core.mdtext import md_text
from ..core.paths import CATALOG_CSV, CATALOG_CSV_GZ, FEED_XML, SITEMAP

DICTIONARY_PATH = Path(__file__).resolve().parent.parent / "data" / "data_dictionary.yml"
TYPES = ("string", "integer", "boolean", "date", "url", "string[]")
LIST_SEPARATOR = ";"
FEED_TITLE = "县级卫生健康工作报告档案：新增报告"
FEED_LIMIT = 50
SITEMAP_LIMIT = 50_000
"""URLs one sitemap file may hold (sitemaps.org protocol); beyond it a sitemap index is needed."""


# A fixed namespace for the feed's urn:uuid ids: changing it would make every feed reader show
# every report as new again.
_FEED_NS = uuid.uuid5(uuid.NAMESPACE_URL, "urn:x-county-health-reports-archive")
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))
NO_DATE = "1970-01-01T00:00:00Z"
"""Atom requires an ``updated`` instant; used only when no date at all is known."""


class CatalogError(ValueError):
    """A row that does not match the data dictionary (a wiring mistake, not bad report text)."""


@dataclass(frozen=True)
class Field:
    """One column of the bulk data, as described in ``data/data_dictionary.yml``."""

    name: str
    type: str
    nullable: bool
    description: str
    example: str
    only: str | None = None
    """``corpus`` for fields that are in corpus.jsonl only."""


@functools.lru_cache(maxsize=None)
def load_dictionary(path: Path = DICTIONARY_PATH) -> tuple[Field, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = []
    for i, item in enumerate(data["fields"], 1):
        f = Field(name=str(item["name"]), type=str(item["type"]), nullable=bool(item["nullable"]),
                  description=str(item["description"]), example=str(item.get("example", "")),
                  only=item.get("only"))
        if f.type not in TYPES:
            raise CatalogError(f"{path}: field {i} ({f.name}) has unknown type {f.type!r}; use one of {TYPES}")
        fields.append(f)
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise CatalogError(f"{path}: a field name is listed twice")
    return tuple(fields)


def catalog_fields() -> tuple[Field, ...]:
    return tuple(f for f in load_dictionary() if f.only is None)


def corpus_fields() -> tuple[Field, ...]:
    return tuple(f for f in load_dictionary() if f.only in (None, "corpus"))


# ---------------------------------------------------------------- rows

def absolute(site_url: str, path: str) -> str:
    """``site_url + path``, or the site-relative path when the site URL is unknown."""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return site_url + path if site_url else path


def row_from_front_matter(fm: Mapping[str, object], *, site_url: str, raw_path: str,
                          text: str | None = None, html_title: bool = True) -> dict[str, object]:
    """A catalog row from a report page's front matter (``render.front_matter``).

    The page and the catalog then cannot disagree. ``raw_path`` is where the raw capture is
    shown (``source/?c=<code>``, the raw capture's page); ``text`` (the cleaned body) makes it a corpus row.
    ``html_title``: the front matter's title is HTML-escaped (``front_matter.page_title``); the
    catalog holds the plain title.
    """
    row: dict[str, object] = {}
    for f in catalog_fields():
        if f.name == "title":
            row["title"] = html.unescape(str(fm["title"])) if html_title else fm["title"]
        elif f.name == "path":
            row["path"] = fm["url"]
        elif f.name == "url":
            row["url"] = absolute(site_url, str(fm["url"]))
        elif f.name == "raw_url":
            row["raw_url"] = absolute(site_url, raw_path)
        elif f.type == "string[]":
            row[f.name] = list(fm.get(f.name) or [])  # front matter omits an empty tag list
        else:
            row[f.name] = fm.get(f.name)
    if text is not None:
        row["text"] = text
    return row


def _check(row: Mapping[str, object], fields: Sequence[Field]) -> dict[str, object]:
    """The row with keys in dictionary order and values of the dictionary's types."""
    names = [f.name for f in fields]
    extra, missing = set(row) - set(names), set(names) - set(row)
    if extra or missing:
        raise CatalogError(f"row {row.get('code')!r}: fields not in the data dictionary: {sorted(extra)}; "
                           f"fields missing: {sorted(missing)} (edit build_archive/data/data_dictionary.yml "
                           "or the row builder)")
    out: dict[str, object] = {}
    for f in fields:
        value = row[f.name]
        if value == "" and f.nullable:
            value = None  # empty means unknown, in every format alike
        if value is None:
            if not f.nullable:
                raise CatalogError(f"row {row.get('code')!r}: {f.name} must not be null")
        elif f.type == "integer":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif f.type == "boolean":
            ok = isinstance(value, bool)
        elif f.type == "string[]":
            ok = isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)
            value = list(value) if ok else value
        else:
            ok = isinstance(value, str)
        if value is not None and not ok:
            raise CatalogError(f"row {row.get('code')!r}: {f.name} should be {f.type}, got {value!r}")
        out[f.name] = value
    return out


def _rows(rows: Iterable[Mapping[str, object]], fields: Sequence[Field]) -> list[dict[str, object]]:
    checked = [_check(r, fields) for r in rows]
    codes = [r["code"] for r in checked]
    if len(set(codes)) != len(codes):
        raise CatalogError(f"a citation code is listed twice: {sorted(c for c in set(codes) if codes.count(c) > 1)}")
    return sorted(checked, key=lambda r: str(r["code"]))


# ---------------------------------------------------------------- CSV / JSON / JSONL

def _csv_cell(value: object, f: Field) -> str:
    if value is None:
        return ""
    if f.type == "boolean":
        return "true" if value else "false"
    if f.type == "string[]":
        items = list(value)  # type: ignore[arg-type]
        bad = [v for v in items if LIST_SEPARATOR in v]
        if bad:
            raise CatalogError(f"{f.name} value {bad[0]!r} contains the CSV list separator {LIST_SEPARATOR!r}")
        value = LIST_SEPARATOR.join(items)
    text = str(value)
    return "'" + text if _FORMULA.match(text) else text


def catalog_csv(rows: Iterable[Mapping[str, object]]) -> str:
    """catalog.csv: UTF-8 with BOM, header row of field names, one row per report."""
    return csv_head() + "".join(csv_record(row) for row in _rows(rows, catalog_fields()))


# The catalog files are also made record by record (see build.bulk_data and linefile.py): a
# rebuild copies the unchanged records of the last file instead of making 30,000 again.

def csv_head() -> str:
    """catalog.csv up to its first record: the BOM and the header row."""
    return "\ufeff" + _csv_line([f.name for f in catalog_fields()])


def csv_record(row: Mapping[str, object]) -> str:
    """One report's line of catalog.csv (``row`` as ``check_row`` gives it)."""
    return _csv_line([_csv_cell(row[f.name], f) for f in catalog_fields()])


def _csv_line(cells: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return out.getvalue()


def check_row(row: Mapping[str, object], with_text: bool = False) -> dict[str, object]:
    """A catalog (or, ``with_text``, corpus) row checked against the data dictionary."""
    return _check(row, corpus_fields() if with_text else catalog_fields())


def read_catalog_csv(text: str) -> list[dict[str, object]]:
    """Parse catalog.csv back into typed rows (the exact inverse of ``catalog_csv``)."""
    by_name = {f.name: f for f in load_dictionary()}
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader)
    rows = []
    for cells in reader:
        row: dict[str, object] = {}
        for name, cell in zip(header, cells, strict=True):
            f = by_name[name]
            if _FORMULA.match(cell.removeprefix("'")) and cell.startswith("'"):
                cell = cell[1:]
            if f.type == "string[]":
                row[name] = cell.split(LIST_SEPARATOR) if cell else []
            elif cell == "" and f.nullable:
                row[name] = None
            elif f.type == "integer":
                row[name] = int(cell)
            elif f.type == "boolean":
                row[name] = cell == "true"
            else:
                row[name] = cell
        rows.append(row)
    return rows


def _json(data: object, indent: int | None) -> str:
    separators = (",", ":") if indent is None else (",", ": ")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    for c, esc in _LINE_BREAKS:
        text = text.replace(c, esc)
    # Scraped text may hold "</title><script>": escaped, the files stay data even if someone
    # serves or embeds them as HTML. They parse back to the same values.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def catalog_json(rows: Iterable[Mapping[str, object]]) -> str:
    """catalog.json: an array of report objects, keys in dictionary order."""
    records = [json_record(row, first=i == 0) for i, row in enumerate(_rows(rows, catalog_fields()))]
    return JSON_HEAD + "".join(records) + json_tail(bool(records))


# catalog.json is ``json.dumps(rows, indent=2)``, written record by record.
JSON_HEAD = "["


def json_record(row: Mapping[str, object], first: bool) -> str:
    """One report's object in catalog.json, with the separator before it."""
    indented = "\n".join("  " + line for line in _json(row, indent=2).split("\n"))
    return ("\n" if first else ",\n") + indented


def json_tail(any_records: bool) -> str:
    return "\n]\n" if any_records else "]\n"


def corpus_jsonl(rows_with_text: Iterable[Mapping[str, object]]) -> str:
    """corpus.jsonl: one JSON object per line, every catalog field plus ``text``."""
    return "".join(corpus_lines(_rows(rows_with_text, corpus_fields())))


def corpus_lines(rows_with_text: Iterable[Mapping[str, object]]) -> Iterator[str]:
    """The lines of ``corpus_jsonl`` one at a time, for rows already in code order: the whole
    corpus is 500 MB at 30,000 reports, and its rows are made and dropped one by one."""
    fields = corpus_fields()
    last = ""
    for given in rows_with_text:
        row = _check(given, fields)
        code = str(row["code"])
        if code <= last:
            raise CatalogError(f"corpus rows must come in code order without repeats; {code} came after {last}")
        last = code
        yield _json(row, indent=None) + "\n"


# ---------------------------------------------------------------- data dictionary

TYPE_LABELS = {"string": "文本", "integer": "整数", "boolean": "布尔（true/false）", "date": "日期（ISO 8601）",
               "url": "网址", "string[]": "文本列表"}


def data_dictionary_md() -> str:
    """The dictionary as a Markdown table for the downloads page."""
    lines = ["| 字段 | 类型 | 可为空 | 说明 | 示例 |", "| --- | --- | --- | --- | --- |"]
    for f in load_dictionary():
        where = "（仅 corpus.jsonl）" if f.only == "corpus" else ""
        lines.append(f"| `{f.name}` | {TYPE_LABELS[f.type]} | {'是' if f.nullable else '否'} | "
                     f"{md_text(f.description)}{where} | {md_text(f.example)} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- sitemap

def _url_path(path: str) -> str:
    if path.startswith("/") or "://" in path or ".." in path.split("/"):
        raise CatalogError(f"sitemap path {path!r} must be relative to the site root")
    return urllib.parse.quote(path, safe="/-._~!$&'()*+,;=:@%")


def sitemap_xml(paths: Iterable[str], site_url: str) -> str | None:
    """sitemap.xml for the given site-relative page paths ('' is the home page).

    None when ``site_url`` is unknown: the protocol allows absolute URLs only. No ``lastmod``:
    the archive has no honest modification date, and a build date would break reproducibility.
    """
    if not site_url:
        return None
    urls = sorted({absolute(site_url, _url_path(p)) for p in paths})
    if len(urls) > SITEMAP_LIMIT:
        raise CatalogError(f"{len(urls)} URLs exceed the {SITEMAP_LIMIT} a sitemap may hold; split it with a sitemap index")
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{xml_text(u)}</loc></url>" for u in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Atom feed

def xml_text(value: object) -> str:
    """Text for XML content or a double-quoted attribute: no characters XML 1.0 forbids."""
    text = "".join(c for c in str(value) if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff"
                                                                and not "\ud800" <= c <= "\udfff"))
    return _xml_escape(text, {'"': "&quot;"})


def _instant(date: str) -> str:
    """An ISO date as an RFC 3339 instant at the start of that day, China time."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00+08:00"


@dataclass(frozen=True)
class FeedEntry:
    """One report in the feed of newly added reports."""

    seq: int
    """Position of the report in the ledger (entries are appended as reports are added)."""
    rec: CitationRecord
    added_date: str | None = None
    """ISO date the report joined the archive, if the ledger ever records it; else the feed
    uses the report's own date (``cite.publication_date``)."""

    def date(self) -> str | None:
        return self.added_date or publication_date(self.rec)


def feed_id(code: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_FEED_NS, code)}"


def _summary(rec: CitationRecord) -> str:
    parts = [" ".join(place_names(rec)) or "地区未能确定"]
    parts.append(f"{rec.year}年" + (rec.period if rec.period and rec.period != "全年" else "") if rec.year else "年度未能确定")
    if rec.doc_type:
        parts.append(clean(rec.doc_type))
    parts.append(f"发文机构：{clean(rec.agency_full or rec.agency or '') or '未能确定'}")
    parts.append(f"引用编号 {rec.code}")
    return " · ".join(parts)


def atom_feed(entries: Iterable[FeedEntry], site_url: str, title: str = FEED_TITLE,
              limit: int = FEED_LIMIT, feed_path: str = FEED_XML) -> str:
    """Atom feed of the ``limit`` most recently added reports (highest ``seq`` first).

    Links are absolute when ``site_url`` is known, else relative to the feed's own location
    (``feed_path``), which Atom resolves against the feed document's URL.
    """
    chosen = sorted(entries, key=lambda e: (-e.seq, e.rec.code))[:limit]
    seqs = [e.seq for e in chosen]
    if len(set(seqs)) != len(seqs):
        raise CatalogError("two feed entries share a ledger position (seq)")

    def link(path: str) -> str:
        if site_url:
            return absolute(site_url, path)
        return posixpath.relpath(path or ".", posixpath.dirname(feed_path) or ".") + ("/" if path.endswith("/") or not path else "")

    dates = [e.date() for e in chosen if e.date()]
    updated = _instant(max(dates)) if dates else NO_DATE
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{LANGUAGE}">',
           f"  <id>{feed_id('feed')}</id>",
           f"  <title>{xml_text(clean(title))}</title>",
           f"  <subtitle>{xml_text(ARCHIVE_NAME)}最近收录的 {len(chosen)} 篇报告</subtitle>",
           f"  <updated>{updated}</updated>",
           f'  <link rel="self" type="application/atom+xml" href="{xml_text(link(feed_path))}"/>',
           f'  <link rel="alternate" type="text/html" href="{xml_text(link(""))}"/>',
           f"  <author><name>{xml_text(ARCHIVE_NAME)}</name></author>"]
    for e in chosen:
        rec, date = e.rec, e.date()
        out.append("  <entry>")
        out.append(f"    <id>{feed_id(rec.code)}</id>")
        out.append(f"    <title>{xml_text(clean(rec.title))}</title>")
        out.append(f'    <link rel="alternate" type="text/html" href="{xml_text(link(rec.path))}"/>')
        out.append(f"    <updated>{_instant(date) if date else updated}</updated>")
        if publication_date(rec):
            out.append(f"    <published>{_instant(publication_date(rec) or '')}</published>")
        author = author_name(rec)
        if author:
            out.append(f"    <author><name>{xml_text(author)}</name></author>")
        out += [f'    <category term="{xml_text(clean(t))}"/>' for t in rec.themes if clean(t)]
        out.append(f'    <summary type="text">{xml_text(_summary(rec))}</summary>')
        out.append("  </entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def feed_link_tag(site_url: str, here_to_root: str = "") -> str:
    """<link rel="alternate"> for a page's <head>, so browsers and readers find the feed.

    ``here_to_root``: relative path from the page to the site root (e.g. ``../../``) when
    ``site_url`` is unknown.
    """
    href = absolute(site_url, FEED_XML) if site_url else here_to_root + FEED_XML
    return (f'<link rel="alternate" type="application/atom+xml" title="{xml_text(FEED_TITLE)}" '
            f'href="{xml_text(href)}">')


# ---------------------------------------------------------------- downloads page

# Files the site itself serves. corpus.jsonl and catalog.json are too big for GitHub Pages
# (500 MB and 40 MB at 30,000 reports) and go to the release (release.py) compressed.
DOWNLOADS = (
    (CATALOG_CSV_GZ, "目录（CSV，gzip 压缩）", "每篇报告一行，包含全部元数据字段、主题标签、永久网址、引用编号和原始文件 SHA-256。"
                                         "解压后即 CSV，UTF-8 编码（带 BOM，Excel 可直接打开）；"
                                         "Windows 可用 7-Zip、Bandizip 等解压，pandas 和 R 可直接读取"),
    (FEED_XML, "新增报告订阅（Atom）", f"最近收录的 {FEED_LIMIT} 篇报告，可用 RSS 阅读器订阅"),
    (SITEMAP, "网站地图（sitemap.xml）", "全部页面的网址列表，供搜索引擎和归档工具使用"),
    ("data/indicators.csv.gz", "指标数值（CSV，gzip 压缩）", "从报告原文读出的卫生健康指标数值，每行一个，附原文句子和报告编号；"
                                                        "解压后即 CSV；字段说明见“按指标”页的数据字典"),
    ("data/indicators-skipped.csv.gz", "跳过的指标数值（CSV，gzip 压缩）",
     "点名了指标但读不准（目标值、约数、变化量等）而跳过的句子及原因；解压后即 CSV"),
)


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


# The licence of the archive's own work, and what holds for the reports' text (issue 19.4).
# CC BY 4.0 because researchers and journalists must be free to reuse and republish the
# catalogue, the corpus's arrangement and the cleaning records, commercially or not, and the
# one condition (say where it came from) is what keeps the evidence chain back to the archive;
# it is the licence Chinese open-data portals and journals most often use, with an official
# Chinese text. The reports' own wording is not the archive's to license.
LICENCE_MD = "\n".join([
    "- **档案自身的成果**：目录与元数据（catalog.csv、catalog.json 及 corpus.jsonl 中除 `text` 以外的字段）、"
    "清洗记录（删除行清单）、主题标注、本网站由档案撰写的页面文字，以"
    "知识共享 署名 4.0 国际许可协议（CC BY 4.0，协议全文见 creativecommons.org/licenses/by/4.0/deed.zh-hans）发布："
    "可以自由复制、分发、改编和商业使用，须注明出自“县级卫生健康工作报告档案”并给出引用编号或网址。",
    "- **报告原文**（报告页面正文、原始文件、corpus.jsonl 的 `text` 字段）不属于档案，档案不对其授予任何许可。"
    "县级卫生健康部门的工作总结、工作计划等属于国家机关具有行政性质的文件，依《中华人民共和国著作权法》第五条不适用该法；"
    "新闻媒体撰写的会议报道及转载网站加工的文字，著作权归原作者和原发布媒体所有。"
    "档案收录这些文字是为了保存和研究；引用时请注明原发布机构或媒体。",
    "- 权利人认为某篇报告不宜收录的，请联系维护者；撤下的报告在原网址留下说明，引用编号不再分配给其他报告。",
])


def downloads_page_md(report_count: int, sizes: Mapping[str, int], *, here: str = "downloads.md",
                      licence: str | None = None, assets: Sequence = (), release_url: str = "") -> str:
    """The 下载数据 page. ``sizes`` maps each published file's site path (``data/catalog.csv.gz`` ...)
    to its size in bytes; a file missing from ``sizes`` (e.g. the sitemap of a build without a
    site URL) is not listed. ``licence``: Markdown written by the maintainer, trusted.
    ``assets``: the release files (``release.Asset``), linked under ``release_url`` (the
    release's download address); without it (a local build) they are named, not linked.
    """
    def rel(path: str) -> str:
        return posixpath.relpath(path, posixpath.dirname(here) or ".")

    lines = ["---", "title: 下载数据", "---", "", "# 下载数据", "",
             f"档案的全部 {report_count} 篇报告可以整体下载，供研究和再利用。"
             "文件随每次构建重新生成；输入不变时，文件逐字节不变。", "",
             "| 文件 | 内容 | 大小 |", "| --- | --- | --- |"]
    for path, label, what in DOWNLOADS:
        if path in sizes:
            lines.append(f"| [{md_text(label)}]({rel(path)}) | {md_text(what)} | {human_size(sizes[path])} |")
    if assets:
        where = (f"在本档案的 GitHub Release（`archive-data`）中，随每次发布更新" if release_url else
                 "在构建目录 `dist/` 中（本地构建；正式网站发布时，Pages 工作流把它们附到 GitHub Release `archive-data`）")
        lines += ["", "## 全文语料与 JSON 目录", "",
                  "全文语料（每行一篇报告：全部元数据加清洗后的正文，JSON Lines，gzip 压缩）和 JSON 目录体积较大，"
                  f"不放在网站上，而{where}。可下载全国合集，也可只下载一个省份；全国合集由各省文件按区划代码顺序首尾相接而成"
                  "（`gunzip`、`zcat` 和 Python 的 `gzip` 模块都按一个文件读取），省内按引用编号排序。"
                  "`SHA256SUMS` 列出每个文件的 SHA-256。", "",
                  "| 文件 | 内容 | 大小 |", "| --- | --- | --- |"]
        for a in assets:
            name = md_text(a.name)
            link = f"[{name}]({release_url.rstrip('/')}/{a.name})" if release_url else f"`{a.name}`"
            lines.append(f"| {link} | {md_text(a.label)} | {human_size(a.size)} |")
    lines += [
        "",
        "## 使用说明",
        "",
        "- 每篇报告以引用编号（`code`，如 CHR-2ac8209b）为唯一标识，各文件均按引用编号排序。",
        "- 原文未写明、程序未能确定的字段为空（JSON 中为 `null`），不作猜测；`flags` 列出档案发现的问题。",
        "- CSV 中的列表字段（`tags`、`flags`、`corrected`）以英文分号 `;` 分隔；"
        "以 `=`、`+`、`-`、`@` 开头的单元格前加了一个英文单引号 `'`，防止 Excel 把网页文字当作公式执行，"
        "JSON 文件保留原值。用 Python 读取 CSV 时请指定 `encoding=\"utf-8-sig\"`。",
        "- `adcode`（行政区划代码）是文本，请勿转为数字。`year` 是报告所总结或计划的工作年度，不是发布日期。",
        "- 核验原文：`raw_url` 指向原始文件页，页面在浏览器中还原与采集时逐字节相同的原始文件并核对 SHA-256；"
        "下载后也可自行计算，应与 `sha256` 一致"
        "（例如 `sha256sum 文件名`）。",
        "- 引用单篇报告：请使用报告页面上的“引用本报告”（GB/T 7714、APA、BibTeX、RIS）。",
        "",
        "## 许可",
        "",
        licence or LICENCE_MD,
        "",
        "## 数据字典",
        "",
        "下表列出 catalog.csv、catalog.json 和 corpus.jsonl 的字段，顺序与文件中的列顺序一致。",
        "",
        '<div class="data-dictionary" markdown>',
        "",
        data_dictionary_md().rstrip("\n"),
        "",
        "</div>",
    ]
    return "\n".join(lines) + "\n"

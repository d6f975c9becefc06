"""What the archive publishes of its indicators: one page per indicator (a chart over the years
and a table by county and year), the indicator section of each county page, the 按指标 index
page with the data dictionary, and two CSV downloads (values, and the skipped mentions with
their reasons). Made from ``indicators.extract_report`` results; writes nothing itself.

Few files at any scale: one page per indicator (split by province past ``PROVINCE_SPLIT``
counties, which a national archive reaches), two CSVs, and a section on pages that exist anyway.
"""
from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import re
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from operator import attrgetter
from pathlib import Path
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from . import charts
from ..core import paths
from ..core.cache import build_version
from ..core.indicator_types import REASONS, Extraction, Field, Indicator, Skip, Value, Vocabulary
from ..core.mdtext import md_text
from ..core.model import OutputFile, Report
from ..core.paths import rel

INDEX_DOC = "browse/indicators.md"
# Both compressed: the values and the skipped mentions come with their sentences (16 MB and 37 MB
# at 30,000 reports, against 1 MB and 2.5 MB gzipped, on a site that must stay under 1 GB,
# issue 16). gzip, as the release's files are: pandas, R and zcat read it as it is.
VALUES_CSV = "data/indicators.csv.gz"
SKIPPED_CSV = "data/indicators-skipped.csv.gz"
# An indicator found in more counties than this gets a page per province, linked from its page:
# a table of 2,800 counties by 17 years would be a megabyte.
PROVINCE_SPLIT = 150
UNKNOWN_PROVINCE = "未能确定地区"


def indicator_doc(slug: str) -> str:
    return f"indicator/{slug}.md"


def indicator_province_doc(slug: str, prefix: str) -> str:
    return f"indicator/{slug}-{prefix}.md"


class Row(NamedTuple):
    """A value or a skip with the report it comes from. A named tuple: 142,000 are made on
    every build at 30,000 reports, in a third of the time of a frozen dataclass."""

    item: Value | Skip
    code: str
    county: str | None
    adcode: str | None
    province: str | None

    @property
    def prefix(self) -> str:
        return self.adcode[:2] if self.adcode else "unknown"


def rows_of(reports: Sequence[Report], extractions: Mapping[str, Extraction]) -> tuple[list[Row], list[Row]]:
    """Values and skips with their reports, in citation-code order (the CSVs' order)."""
    values, skips = [], []
    for r in sorted((r for r in reports if r.ident), key=lambda r: r.ident.code):  # type: ignore[union-attr]
        e = extractions.get(r.ident.code)  # type: ignore[union-attr]
        if e is None:
            continue
        m = r.meta
        values += [Row(v, r.ident.code, m.county, m.adcode, m.province) for v in e.values]  # type: ignore[union-attr]
        skips += [Row(s, r.ident.code, m.county, m.adcode, m.province) for s in e.skips]  # type: ignore[union-attr]
    return values, skips


# --- CSV -----------------------------------------------------------------------------------

_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    # Excel runs a cell starting with = + - @ as a formula: web text must never be one.
    return "'" + text if _FORMULA.match(text) else text


def _column(vocab: Vocabulary, name: str) -> Callable[[Row], object]:
    """The getter of one CSV column: chosen once per file, not once per cell (1.5 million
    cells at 30,000 reports, rewritten on every build that changes a report)."""
    if name == "indicator":
        return lambda row: row.item.indicator
    if name == "indicator_name":
        names = {i.slug: i.name for i in vocab.indicators}
        return lambda row: names[row.item.indicator]
    if name == "code":
        return lambda row: f"CHR-{row.code}"
    if name == "url":
        return lambda row: paths.doc_url(paths.report_doc(row.code)) + (
            f"#p{row.item.paragraph}" if row.item.paragraph else "")
    if name in ("county", "adcode", "province"):
        return attrgetter(name)
    return lambda row: getattr(row.item, name)


def csv_text(rows: Iterable[Row], vocab: Vocabulary, kind: str) -> str:
    """``kind``: values or skipped; the columns are the data dictionary's for that file."""
    return _csv_head(vocab, kind) + _csv_lines(rows, vocab, kind)


def _csv_fields(vocab: Vocabulary, kind: str) -> list[str]:
    return [f.name for f in vocab.fields if f.file in (kind, "both")]


def _csv_head(vocab: Vocabulary, kind: str) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, lineterminator="\n").writerow(_csv_fields(vocab, kind))
    return out.getvalue()


def _csv_lines(rows: Iterable[Row], vocab: Vocabulary, kind: str) -> str:
    """The CSV lines of ``rows``: each row's line is made of that row alone."""
    columns = [_column(vocab, f) for f in _csv_fields(vocab, kind)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([_cell(get(row)) for get in columns] for row in rows)
    return out.getvalue()


def csv_texts(vocab: Vocabulary, values: Sequence[Row], skips: Sequence[Row], report_keys: Mapping[str, str],
              version: str, last: Mapping) -> tuple[tuple[bytes, bytes], dict]:
    """The two CSVs (values, skipped) in UTF-8, each report's lines taken from ``last`` (what
    this returned the last time) when its key (``report_keys``) is the same: adding one report
    makes the lines of one, not 140,000 (0.9 s at 30,000 reports). A row's line depends on that
    row alone, and a report's rows on its parse, so the files are those of ``csv_text``; and
    what is kept for the next build (bytes: 53 MB of text pickle faster so)."""
    known = last.get("reports") if last.get("version") == version else None
    known = known if isinstance(known, dict) else {}
    values_of, skips_of = _by_code(values), _by_code(skips)
    kept: dict[str, tuple[str, bytes, bytes]] = {}
    for code in sorted(values_of.keys() | skips_of.keys()):  # rows_of's order: by citation code
        key = report_keys[code]
        hit = known.get(code)
        if not (isinstance(hit, tuple) and len(hit) == 3 and hit[0] == key and isinstance(hit[1], bytes)):
            hit = (key, _csv_lines(values_of.get(code, ()), vocab, "values").encode("utf-8"),
                   _csv_lines(skips_of.get(code, ()), vocab, "skipped").encode("utf-8"))
        kept[code] = hit
    texts = (_csv_head(vocab, "values").encode("utf-8") + b"".join(lines for _k, lines, _s in kept.values()),
             _csv_head(vocab, "skipped").encode("utf-8") + b"".join(lines for _k, _v, lines in kept.values()))
    return texts, {"version": version, "reports": kept}


def _by_code(rows: Sequence[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        grouped[r.code].append(r)
    return grouped


def dictionary_md(fields: Sequence[Field]) -> str:
    """A list, not a table: four columns of which one is long prose squeeze a phone's column until
    the field names break letter by letter."""
    label = {"values": "indicators.csv.gz", "skipped": "indicators-skipped.csv.gz", "both": "两个文件"}
    return "\n".join(f"- `{f.name}`（{label[f.file]}）：{md_text(f.description)}。示例：{md_text(f.example)}"
                     for f in fields)


# --- pages ---------------------------------------------------------------------------------

def _front(title: str) -> str:
    return f"---\ntitle: {title}\n---\n\n"


def _number(v: Value) -> float:
    return float(v.value)


def _cell_links(rows: Sequence[Row], here: str) -> str:
    """The values of one county and year, each linked to its report; distinct values are all
    shown (two reports may disagree), never averaged."""
    seen, parts = set(), []
    for row in rows:
        v = row.item
        assert isinstance(v, Value)
        if (v.value, row.code) in seen:
            continue
        seen.add((v.value, row.code))
        anchor = f"#p{v.paragraph}" if v.paragraph else ""  # straight to the sentence's paragraph
        parts.append(f"[{md_text(charts.value_text(_number(v)))}]({rel(here, paths.report_doc(row.code))}{anchor})")
    return " / ".join(parts)


def _skip_summary(skips: Sequence[Row]) -> str:
    by = Counter(s.item.reason for s in skips)  # type: ignore[union-attr]
    return "、".join(f"{r} {by[r]}" for r in REASONS if by[r])


def _chart(ind: Indicator, values: Sequence[Row], dots: bool = True) -> str:
    points = [charts.Point(r.item.year, _number(r.item), f"{r.county or '县名不详'} {r.item.year}年："  # type: ignore
                           f"{r.item.value_text}") for r in values if r.item.year is not None]
    if dots:
        svg = charts.year_values(points, f"{ind.name}：各县数值（圆点）与每年中位数（折线）", ind.unit)
        caption = "圆点为各县（区）报告中的数值，折线连接每年的中位数；鼠标悬停可见县名和数值。"
    else:
        svg = charts.year_values(points, f"{ind.name}：每年中位数", ind.unit, dots=False)
        caption = "折线连接全部县（区）数值每年的中位数；各县数值见各省页面。"
    return f'<figure class="chart-figure">{svg}<figcaption>{caption}</figcaption></figure>' if svg else ""


def _table(values: Sequence[Row], here: str, with_province: bool) -> list[str]:
    years = sorted({r.item.year for r in values if r.item.year is not None})  # type: ignore[union-attr]
    undated = any(r.item.year is None for r in values)  # type: ignore[union-attr]
    by_county: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in values:
        by_county[(r.adcode or "", r.county or "")].append(r)
    head = ["县（区）"] + (["省份"] if with_province else []) + [f"{y}" for y in years] + (["年度未定"] if undated else [])
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for (adcode, county), rows in sorted(by_county.items()):
        name = md_text(county or "县名不详")
        first = f"[{name}]({rel(here, paths.county_doc(adcode))})" if adcode else name
        cells = [first] + ([md_text(rows[0].province or UNKNOWN_PROVINCE)] if with_province else [])
        for y in years:
            cells.append(_cell_links([r for r in rows if r.item.year == y], here) or " ")  # type: ignore[union-attr]
        if undated:
            cells.append(_cell_links([r for r in rows if r.item.year is None], here) or " ")  # type: ignore[union-attr]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def indicator_page(ind: Indicator, values: Sequence[Row], skips: Sequence[Row]) -> tuple[str, list[tuple[str, list[Row]]]]:
    """The indicator's page, and the provinces that get pages of their own (when split)."""
    here = indicator_doc(ind.slug)
    counties = {r.adcode for r in values if r.adcode}
    reports = {r.code for r in values}
    body = [f"# {md_text(ind.name)}", "", md_text(ind.description), "",
            f"单位：{md_text(ind.unit)}。共 **{len(values)}** 个数值，来自 {len(counties)} 个县（区）的 "
            f"{len(reports)} 篇报告。"
            + (f"另有 {len(skips)} 处点名本指标的数值因读不准而跳过（{_skip_summary(skips)}）。" if skips else ""),
            "",
            f"[全部指标]({rel(here, INDEX_DOC)}) · [下载全部指标数据（CSV，gzip 压缩）]({rel(here, VALUES_CSV)}) · "
            f"[跳过的数值及原因（CSV，gzip 压缩）]({rel(here, SKIPPED_CSV)})", ""]
    if not values:
        body.append("暂无报告写明本指标的数值。")
        return _front(ind.name) + "\n".join(body) + "\n", []
    chart = _chart(ind, values, dots=len(counties) <= PROVINCE_SPLIT)
    if chart:
        body += [chart, ""]
    undated = sum(r.item.year is None for r in values)  # type: ignore[union-attr]
    if undated:
        body += [f"{undated} 个数值所指年度无法确定（如会议报道回顾的“过去一年”），不在图中，列在表的“年度未定”一栏。", ""]
    split: list[tuple[str, list[Row]]] = []
    body += ["## 各县（区）数值", "", "每个数值链接到它所在的报告；同一县同一年有不同数值时全部列出。", ""]
    if len(counties) > PROVINCE_SPLIT:
        body += ["| 省份 | 县（区）数 | 数值个数 |", "| --- | --- | --- |"]
        for prefix, rows in _province_rows(values):
            name = md_text(rows[0].province or UNKNOWN_PROVINCE)
            link = f"[{name}]({rel(here, indicator_province_doc(ind.slug, prefix))})"
            body.append(f"| {link} | {len({r.adcode for r in rows if r.adcode})} | {len(rows)} |")
            split.append((prefix, rows))
    else:
        body += _table(values, here, with_province=True)
    return _front(ind.name) + "\n".join(body) + "\n", split


def indicator_province_page(ind: Indicator, prefix: str, values: Sequence[Row]) -> str:
    here = indicator_province_doc(ind.slug, prefix)
    name = values[0].province or UNKNOWN_PROVINCE
    body = [f"# {md_text(ind.name)} · {md_text(name)}", "",
            f"[{md_text(ind.name)}：全部省份]({rel(here, indicator_doc(ind.slug))})", ""]
    chart = _chart(ind, values)
    if chart:
        body += [chart, ""]
    body += _table(values, here, with_province=False)
    return _front(f"{ind.name} · {name}") + "\n".join(body) + "\n"


def index_page(vocab: Vocabulary, values: Sequence[Row], skips: Sequence[Row]) -> str:
    here = INDEX_DOC
    n_values = Counter(r.item.indicator for r in values)
    n_skips = Counter(r.item.indicator for r in skips)
    # One pass over the rows (142,000 at 30,000 reports), not one per indicator.
    counties: dict[str, set[str]] = {i.slug: set() for i in vocab.indicators}
    for r in values:
        if r.adcode and r.item.indicator in counties:
            counties[r.item.indicator].add(r.adcode)
    n_counties = {slug: len(found) for slug, found in counties.items()}
    body = [
        "# 按指标浏览", "",
        "档案从报告原文中读出常用卫生健康指标的数值，供比较各县、各年的情况。规则："
        "只从写明指标名称的句子里取值，数值须紧跟名称、单位相符；目标值（力争、确保、计划中的数值）、"
        "约数和界限（以上、左右）、变化量（同比增长、提高几个百分点）、区间、特定人群的数值、"
        "其他层级（全省、全国）的数值、年份不明的数值一律跳过并计数，绝不猜测。"
        "每个数值都附有原文句子，可在下载的数据中核对。", "",
        f"共读出 **{len(values)}** 个数值，跳过 {len(skips)} 处（{_skip_summary(skips) or '无'}）。", "",
        "| 指标 | 单位 | 县（区）数 | 数值 | 跳过 |", "| --- | --- | --- | --- | --- |",
    ]
    for ind in vocab.indicators:
        body.append(f"| [{md_text(ind.name)}]({rel(here, indicator_doc(ind.slug))}) | {md_text(ind.unit)} | "
                    f"{n_counties[ind.slug]} | {n_values[ind.slug]} | {n_skips[ind.slug]} |")
    body += ["", "## 下载", "",
             f"- [indicators.csv.gz]({rel(here, VALUES_CSV)})：全部数值，每行一个，附原文句子和报告编号",
             f"- [indicators-skipped.csv.gz]({rel(here, SKIPPED_CSV)})：点名了指标但读不准而跳过的句子及原因", "",
             "两个文件均为 gzip 压缩的 CSV：pandas、R 可直接读取；解压后（Windows 可用 7-Zip、Bandizip 等）是 UTF-8（带 BOM）"
             "编码的 CSV，可直接用 Excel 打开。`adcode` 请按文本读取。", "",
             "## 数据字典", "", dictionary_md(vocab.fields)]
    return _front("按指标浏览") + "\n".join(body) + "\n"


def county_section(vocab: Vocabulary, values: Sequence[Row], here: str) -> str:
    """The county page's indicators over time: a table of indicator by year."""
    if not values:
        return ""
    years = sorted({r.item.year for r in values if r.item.year is not None})  # type: ignore[union-attr]
    undated = any(r.item.year is None for r in values)  # type: ignore[union-attr]
    head = ["指标", "单位"] + [str(y) for y in years] + (["年度未定"] if undated else [])
    lines = ["## 指标", "",
             "以下数值读自本县（区）报告中写明该指标的句子，链接到所在报告；"
             f"目标值、约数等读不准的已跳过。[全部指标]({rel(here, INDEX_DOC)})", "",
             "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for ind in vocab.indicators:
        rows = [r for r in values if r.item.indicator == ind.slug]
        if not rows:
            continue
        cells = [f"[{md_text(ind.name)}]({rel(here, indicator_doc(ind.slug))})", md_text(ind.unit)]
        cells += [_cell_links([r for r in rows if r.item.year == y], here) or " " for y in years]  # type: ignore[union-attr]
        if undated:
            cells.append(_cell_links([r for r in rows if r.item.year is None], here) or " ")  # type: ignore[union-attr]
        lines.append("| " + " | ".join(cells) + " |")
    # Over time: a chart for each indicator the county reported in two years or more.
    for ind in vocab.indicators:
        rows = [r for r in values if r.item.indicator == ind.slug and r.item.year is not None]  # type: ignore[union-attr]
        if len({r.item.year for r in rows}) >= 2:  # type: ignore[union-attr]
            points = [charts.Point(r.item.year, _number(r.item), f"{r.item.year}年：{r.item.value_text}")  # type: ignore
                      for r in rows]
            svg = charts.year_values(points, f"{values[0].county or ''}{ind.name}，按年度", ind.unit)
            lines += ["", f'<figure class="chart-figure">{svg}<figcaption>{md_text(ind.name)}（{md_text(ind.unit)}），'
                      "按年度；同一年有几个数值时都画出，折线连接每年的中位数。</figcaption></figure>"]
    return "\n".join(lines) + "\n"


def outputs(vocab: Vocabulary, values: Sequence[Row], skips: Sequence[Row],
            report_keys: Mapping[str, str] | None = None, version: str = "",
            texts: tuple[bytes, bytes] | None = None) -> list[OutputFile]:
    """The index page, the CSVs and each indicator's pages.

    With ``report_keys`` (citation code -> what a report's rows are made of: its parse key) and
    ``version`` (the extractor's and these pages' code), an indicator's page and its province
    pages are keyed by the reports their rows come from and made only when one of them
    changed: adding one report makes again the few indicators it names, not 430 pages.
    ``texts``: the CSVs' bytes when made already (``csv_texts``)."""
    if texts is None:
        texts = (csv_text(values, vocab, "values").encode("utf-8"), csv_text(skips, vocab, "skipped").encode("utf-8"))
    # Compressed on threads (zlib lets go of the GIL) while the pages are made and written: the
    # files are 16 and 37 MB at 30,000 reports. They come last, made when the writer gets there.
    pool = ThreadPoolExecutor(2)
    values_gz, skipped_gz = (pool.submit(gzip.compress, data, 6, mtime=0) for data in texts)
    pool.shutdown(wait=False)
    out = [OutputFile(INDEX_DOC, index_page(vocab, values, skips))]
    downloads = [OutputFile(VALUES_CSV, "", make=values_gz.result), OutputFile(SKIPPED_CSV, "", make=skipped_gz.result)]
    values_of, skips_of = _by_indicator(values), _by_indicator(skips)

    def keyed(path: str, rows: Sequence[Row], make: Callable[[], str], *salt: object) -> OutputFile:
        if report_keys is None:
            return OutputFile(path, make())
        digest = hashlib.sha256(repr((version, path, salt)).encode("utf-8"))
        digest.update("".join(f"{r.code}\0{report_keys[r.code]}\n" for r in rows).encode("utf-8"))
        return OutputFile(path, "", key=digest.hexdigest(), make=make)

    for ind in vocab.indicators:
        mine, skipped = values_of.get(ind.slug, []), skips_of.get(ind.slug, [])
        # The rows of a page, and so its key, in citation-code order (rows_of); the provinces
        # a page splits into, and their rows, follow from them.
        split = _province_rows(mine) if len({r.adcode for r in mine if r.adcode}) > PROVINCE_SPLIT else []
        out.append(keyed(indicator_doc(ind.slug), [*mine, *skipped],
                         functools.partial(lambda ind, mine, skipped: indicator_page(ind, mine, skipped)[0],
                                           ind, mine, skipped), len(mine), len(skipped)))
        out += [keyed(indicator_province_doc(ind.slug, p), rows,
                      functools.partial(indicator_province_page, ind, p, rows), len(rows))
                for p, rows in split]
    return out + downloads


def _by_indicator(rows: Sequence[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        grouped[r.item.indicator].append(r)
    return grouped


def _province_rows(values: Sequence[Row]) -> list[tuple[str, list[Row]]]:
    """An indicator's values by province, as its page lists (and links) them."""
    by_province: dict[str, list[Row]] = defaultdict(list)
    for r in values:
        by_province[r.prefix].append(r)
    return sorted(by_province.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))


def county_rows(values: Sequence[Row]) -> dict[str, list[Row]]:
    """adcode -> the values of its reports (what its county page's section is made of)."""
    by_county: dict[str, list[Row]] = defaultdict(list)
    for r in values:
        if r.adcode:
            by_county[r.adcode].append(r)
    return by_county


def code_version(extractor: str) -> str:
    """What the indicator files are made by besides their rows: ``extractor`` (the extractor's and
    its vocabulary's version), the build's Markdown code, and this module and the charts, which
    the build's version leaves out (``NOT_MARKDOWN``)."""
    here = Path(__file__).parent
    return hashlib.sha256(b"\0".join([extractor.encode(), build_version().encode(),
                                       (here / "indicator_pages.py").read_bytes(),
                                       (here / "charts.py").read_bytes()])).hexdigest()

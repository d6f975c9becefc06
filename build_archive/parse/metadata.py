"""The evidence a report's metadata is read from, and its dates and source.

Each field has its own extractor returning a ``Found`` value with the text it was read from,
or ``None``; a field left unknown gets a flag the reader sees. This module gathers the
evidence (``gather``) and reads the publishing and written dates and the source; the other
extractors are in ``agency`` (who), ``county`` (where) and ``year_kind`` (when, what kind), all
reading the types of ``evidence``; ``report.extract`` calls them and assembles the fields.

Which lines count as evidence is decided by cleaning: lines it removed as header metadata (``来源:``, the date line, the
政府信息公开 table, the e-paper masthead), tail metadata (``来源：`` after the article) and
footers (``主办:``, ``网站标识码``) are read by their rule names; breadcrumbs never are,
because a news portal's ``首页 > 郑州 > 时政`` says where the portal filed the story, not who
wrote the report.

Names are matched on a simplified reading of the text (``tradsimp``), so 東安縣衛生健康局 is
found as 东安县; values such as the agency are returned as written on the page.
"""
from __future__ import annotations

import re

from ..core.readings import without_readings
from .dates import YEAR, read_date
from .evidence import (AGENCY, HOST_LABELS, PUBLISHER_LABELS, SOURCE_LABELS, Evidence, Found, labelled,
                       reading)
from ..core.model import Cleaned, Flag, Removed, Structured
from ..core.tradsimp import to_simplified

_DATE_LABEL = re.compile(r"(发布日期|发布时间|成文日期|发文日期|生成日期|更新时间|日期|时间)\s*[:：|｜]*\s*")

# Lines removed by cleaning that carry metadata, by rule name (data/chrome.yml).
HEAD_RULES = {"header-meta", "header-date", "font-widget", "share-widget", "info-table", "epaper-masthead"}
TAIL_RULES = {"tail-meta"}
FOOTER_RULES = {"site-footer", "site-registration"}
SITE_RULES = {"above-title", "site-name", "site-banner"}


def gather(cleaned: Cleaned, structured: Structured) -> Evidence:
    """The evidence, read without the pinyin some traditional mirrors print after each character."""
    sig = structured.signature
    r = without_readings
    site_titles = [r(x.text.strip()) for x in cleaned.removed if x.rule == "site-title"]
    site_titles += [m.group(1) for x in cleaned.removed if x.rule == "doc-site"
                    for m in [_BLURB_TITLE.search(r(x.text))] if m]
    site_titles += [t for x in cleaned.removed if x.rule == "template-preface" for t in [preface_title(r(x.text))] if t]
    paragraphs = tuple(map(r, structured.paragraphs))
    header = tuple(map(r, _joined_labels(cleaned, HEAD_RULES)))
    # A forum post's or an account's line above the text, its author and the day (靖西网一大盘 2024-03-06), kept as
    # the body's first line: the page's date line, not the report's first sentence.
    if paragraphs and _POST_LINE.match(paragraphs[0]):
        header, paragraphs = header + paragraphs[:1], paragraphs[1:]
    # A 范文 site's preface that cleaning left in the body, as its first paragraph: still the site's title.
    site_titles += [t for p in paragraphs[:1] if _SITE_VOICE.search(p) for t in [preface_title(p)] if t]
    return Evidence(
        title=r(structured.title) if structured.title else None,
        headings=tuple(r(b.text) for b in structured.blocks if b.kind == "heading" and b.level == 1),
        paragraphs=paragraphs,
        signature=tuple(map(r, sig.text.split("\n"))) if sig else (),
        header_lines=header,
        footer_lines=tuple(r(x.text.strip()) for x in cleaned.removed if x.rule in FOOTER_RULES),
        tail_lines=tuple(map(r, _joined_labels(cleaned, TAIL_RULES))),
        under_title=tuple(map(r, under_title(structured))) if structured.title else (),
        page_title=site_titles[0] if site_titles else None,
        glued_title=glued_title(paragraphs[0]) if paragraphs and not structured.title else None,
        media_names=media_names(cleaned.removed),
        byline_lines=tuple(r(x.text.strip()) for x in cleaned.removed if x.rule == "byline"),
        closing_lines=tuple(map(r, closing_lines(cleaned))),
        site_lines=tuple(r(x.text.strip()) for x in cleaned.removed if x.rule in SITE_RULES),
    )


# A name (no sentence, no label) and a full date, with its time: "靖西网一大盘 2024-03-06", "张三  2023年5月6日 10:20".
_POST_LINE = re.compile(r"^\s*[^\s，,。；;:：、]{1,20}\s+(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
                        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_QUOTED = re.compile(r"[“\"「]([^”\"」]{2,16})[”\"」]")


CLOSING_LINES = 3


def closing_lines(cleaned: Cleaned) -> list[str]:
    """The first few lines removed after the body's last kept line, before any kept line or footer."""
    kept = [x.line_no for x in cleaned.lines if x.text.strip()]
    if not kept:
        return []
    after = [x for x in cleaned.removed if x.line_no > kept[-1]]
    out = []
    for x in after[:CLOSING_LINES]:
        if x.rule in FOOTER_RULES:
            break
        out.append(x.text.strip())
    return out


def media_names(removed: tuple[Removed, ...]) -> tuple[str, ...]:
    """Account names: a media-account line as it is, the name quoted in a follow prompt."""
    out = []
    for x in removed:
        text = without_readings(x.text.strip())
        if x.rule == "media-account":
            out.append(text)
        elif x.rule == "wechat":
            out += [m.group(1) for m in _QUOTED.finditer(text)]
    return tuple(out)


# A 范文 site's preface naming the one document it offers ("本站小编为你精心准备了2014年卫生局工作计划参考
# 范文,…", "下面是小编为大家整理的…工作总结【完整版】,供大家参考"), not a theme ("收集了丰富的…主题范文").
_PREFACE_TITLE = re.compile(r"(?:准备|整理|收集|推荐|分享)(?:了|的)\s*(?!丰富|多篇|一些|若干|相关|各种|各类|大量|优秀)"
                            r"([^，,。！!？?《》]{6,60}?)(?:【[^】]{0,10}】)?(?:参考范文|范文|范本|模板)?(?:[，,。！!？?]|$)")


# The words a 范文 site says its offer in ("…整理了这篇…范文,希望能给你…参考借鉴").
_SITE_VOICE = re.compile(r"范文|范本|模板|参考借鉴|供大家参考|仅供参考")


def preface_title(line: str) -> str | None:
    """The document a template preface names, if it names one with a year or a bureau and a kind."""
    simple = to_simplified(line)
    m = _PREFACE_TITLE.search(simple)
    if m is None:
        return None
    title = simple[m.start(1):m.end(1)]
    named = YEAR.search(title) is not None or AGENCY.search(title) is not None
    return line[m.start(1):m.end(1)] if named and _GLUED_KIND.search(title) else None


_BLURB_TITLE = re.compile(r"《([^《》]{6,80}?)(?:\.(?:docx?|pdf|wps))?》由会员分享")
# The title part of a first paragraph that starts with its title: up to the last kind-of-report
# word before the first comma, colon or full stop ("第1页共4页卫生局局长的供职报告各位主任、…").
_GLUED_HEAD = re.compile(r"^[^，,。：:；;、]{4,70}")
MIN_GLUED_REPEAT = 8
_GLUED_KIND = re.compile(r"(总结|计划|打算|安排|要点|思路|报告|汇报)")
# What a 文库 page prints before the glued title: its page count, its document number.
_PAGE_MARK = re.compile(r"^(第\d+页共\d+页|编号\s*[:：]\s*\d+)")
# A year a template masks ("XX年区卫生工作总结报告", "20xx年", "201X年"): still a title's year slot.
_MASKED_YEAR = re.compile(r"(?<![A-Za-z])(XX|xx|ＸＸ|20[Xx]{2}|20[0-2][Xx*]|\*\*)\s*年")


def glued_title(paragraph: str) -> str | None:
    """The title a first paragraph starts with, if it names a year or an agency and a kind."""
    text = _PAGE_MARK.sub("", paragraph)
    head = _GLUED_HEAD.match(text)
    if head is None or head.end() == len(text):
        return None
    ends = [k.end() for k in _GLUED_KIND.finditer(to_simplified(head.group(0)))]
    # The title printed twice with its date between ("…总结汇报201X/X/XX…总结汇报2018年上半年,…"): the first copy.
    again = text.find(text[:MIN_GLUED_REPEAT], 1, head.end()) if head.end() > 2 * MIN_GLUED_REPEAT else -1
    if again > 0:
        ends = [e for e in ends if e <= again]
    if not ends:
        return None
    title = text[: ends[-1]]
    if _NOT_GLUED.search(to_simplified(title)):
        return None  # a sentence ("在…召开的…考核总结表彰大会上"), not a title
    named = (YEAR.search(reading(title)) is not None or AGENCY.search(to_simplified(title)) is not None
             or _MASKED_YEAR.search(title) is not None or _DATE_AFTER.match(text, len(title)) is not None)
    return title if len(title) >= 6 and named else None


# "…届满复验汇报材料(202223年2023月2023日)XX县区卫生局…": a title's date set in brackets right after it (after the
# 材料 of its kind word) names when, as a year in the title does.
_DATE_AFTER = re.compile(r"(?:材料|稿)?\s*[(（][^()（）]{0,24}年[^()（）]{0,12}日\s*[)）]")
_NOT_GLUED = re.compile(r"^(在|根据|按照|为了|为)|召开|举行|\d{1,2}月\d{1,2}日")


MAX_UNDER_TITLE = 3
MAX_UNDER_TITLE_LEN = 40
_SENTENCE = re.compile(r"[。！？!?；;]")


def under_title(structured: Structured) -> list[str]:
    """The short lines right under the title, before the first sentence (衡山县卫生健康局 / 2019年12月)."""
    out = []
    for block in structured.blocks[:MAX_UNDER_TITLE]:
        if block.kind != "paragraph" or len(block.text) > MAX_UNDER_TITLE_LEN or _SENTENCE.search(block.text):
            break
        out.append(block.text)
    return out


_LABEL_ONLY = re.compile(r"^[|｜]?\s*[^:：|｜]{1,8}\s*[:：|｜][\s:：|｜]*$")


def _joined_labels(cleaned: Cleaned, rules: set[str]) -> tuple[str, ...]:
    """Removed lines of ``rules``, a label alone on its line joined with its value below it."""
    out: list[str] = []
    label: Removed | None = None
    for r in cleaned.removed:
        if r.rule not in rules:
            label = None
            continue
        text = r.text.strip()
        # Cleaning removed the value with its label's rule (value_next in chrome.yml).
        if label is not None and out and r.rule == label.rule and r.line_no == label.line_no + 1:
            out[-1] = out[-1].rstrip(" |｜:：") + "：" + text.strip(" |｜")
            label = None
            continue
        out.append(text)
        label = r if _LABEL_ONLY.match(text) else None
    return tuple(out)


PUBLISH_LABELS = ("发布日期", "发布时间", "日期", "时间", "更新时间")
# A header line that starts with a date is the page's date line ("• 2021-09-22 10:08",
# "2021-02-03 来源：…", "平江日报 2021年01月08日 星期五").
_LEADING_DATE = re.compile(r"^[•●【\[\s]*(?:.{0,14}(?:日报|晚报|时报|周报|报社|电子报|数字报)\s*.{0,6})?\d{4}\s*[-/.年]")
WRITTEN_LABELS = ("成文日期", "发文日期")


def _labelled_dates(line: str) -> list[tuple[str, str]]:
    """(label, the text after it) for each date label in ``line``."""
    return [(m.group(1), line[m.end():]) for m in _DATE_LABEL.finditer(line)]


def extract_publish_date(ev: Evidence) -> tuple[Found | None, list[Flag]]:
    """The date printed on the page as its publish date: a labelled one (发布日期/发布时间/日期)
    first, else an unlabelled date line in the page header. 成文日期 is the written date."""
    labelled_dates: list[tuple[str, str]] = []
    leading: list[tuple[str, str]] = []
    # The page header first; some portals print 发布日期 under the article instead.
    for line in ev.header_lines + ev.tail_lines:
        simple = to_simplified(line)
        for label, rest in _labelled_dates(simple):
            if label in PUBLISH_LABELS:
                labelled_dates.append((line, rest))
        if _LEADING_DATE.match(simple):
            leading.append((line, simple))
    candidates = labelled_dates + leading
    for line, rest in candidates:
        reading = read_date(rest)
        if reading is None:
            continue
        if reading.ambiguous:
            return None, [Flag("publish-date-ambiguous", f"发布日期“{reading.text}”写法有歧义，未采用")]
        return Found(reading.value, line), []
    return None, []


def extract_written_date(ev: Evidence) -> Found | None:
    """The date of the closing signature, else the 成文日期 of the info table."""
    for line in reversed(ev.signature):
        reading = read_date(line)
        if reading and reading.value:
            return Found(reading.value, line)
    for line in ev.header_lines:
        for label, rest in _labelled_dates(line):
            if label in WRITTEN_LABELS:
                reading = read_date(rest)
                if reading and reading.value:
                    return Found(reading.value, line)
    return None


def extract_source(ev: Evidence) -> Found | None:
    lines = ev.header_lines + ev.tail_lines
    for label, value in labelled(lines, SOURCE_LABELS + PUBLISHER_LABELS):
        return Found(value, f"{label}: {value}")
    for label, value in labelled(ev.footer_lines, HOST_LABELS):
        return Found(value, f"网站{label}: {value}")
    return None

"""Extract a report's metadata from its text, strongest evidence first, never guessing.

Each field has its own extractor returning a ``Found`` value with the text it was read from,
or ``None``; a field left unknown gets a flag the reader sees. Which lines count as evidence
is decided by cleaning: lines it removed as header metadata (``来源:``, the date line, the
政府信息公开 table, the e-paper masthead), tail metadata (``来源：`` after the article) and
footers (``主办:``, ``网站标识码``) are read by their rule names; breadcrumbs never are,
because a news portal's ``首页 > 郑州 > 时政`` says where the portal filed the story, not who
wrote the report.

Names are matched on a simplified reading of the text (``tradsimp``), so 東安縣衛生健康局 is
found as 东安县; values such as the agency are returned as written on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from .clean import without_ruby
from .dates import read_date
from .divisions import Division, DivisionTable
from ..core.model import Cleaned, Flag, Meta, Removed, Source, Structured
from .places import GENERIC_NAMES, Place, city_stems, province_stems, scanner_for
from .textflags import text_flags
from ..core.tradsimp import to_simplified

DOC_TYPES = ("工作总结", "工作计划", "总结和计划", "会议报道", "工作要点", "其他")

# The ways county health bureaus name themselves, longest first so that 卫生健康委员会 is not
# read as 卫生健康委.
AGENCY_WORDS = (
    "卫生和计划生育委员会", "卫生和计划生育局", "卫生健康和体育局", "卫生健康委员会", "卫生计生委员会",
    "卫生健康体育局", "卫生健康局", "卫生计生局", "卫生计生委", "卫生健康委", "卫健局", "卫健委", "卫计局",
    "卫计委", "卫生局",
)
_AGENCY = re.compile("|".join(AGENCY_WORDS))
FULL_AGENCY = {
    "卫健委": "卫生健康委员会", "卫生健康委": "卫生健康委员会", "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会", "卫生计生委": "卫生和计划生育委员会", "卫生计生委员会": "卫生和计划生育委员会",
    "卫计局": "卫生和计划生育局", "卫生计生局": "卫生和计划生育局",
}

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# Named periods, read right after the year (2016年上半年, 2020年1-9月, 2021年度).
_PERIOD_AFTER_YEAR = re.compile(
    r"^\s*(?:度)?\s*(?:(?P<p>上半年|下半年|前三季度|第[一二三四]季度|[一二三四]季度|年中)"
    r"|(?P<m1>1|一)\s*(?:-|—|－|–|~|～|至|到)\s*(?P<m2>\d{1,2}|[二三四五六七八九十]|十[一二])\s*月)")
_PERIOD_ANYWHERE = re.compile(r"(上半年|下半年|前三季度|第[一二三四]季度)")
_HAN_MONTH = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}

# Kinds of report, by the words of the title (see extract_doc_type for the order).
_POINTS = re.compile(r"工作要点")
_SPEECH = re.compile(r"(在.{0,40}(会议?|大会|座谈会|推进会)上的(讲话|报告|发言|总结讲话|工作报告)|讲话稿|讲话$|致辞|主持词)")
_NOTICE = re.compile(r"(通知|通报|公告|公示|批复|请示|函)$")
_MEETING_WORD = re.compile(r"(会议|大会|工作会|推进会|部署会|座谈会|动员会|表彰会|调度会|培训会|例会|年会)")
_MEETING_ACT = re.compile(r"(召开|举行|举办|开幕|闭幕|胜利召开|隆重召开|顺利召开)")
_SUMMARY = re.compile(r"(总结|述职|供职报告|工作情况|工作报告|情况汇报|工作汇报|汇报材料|情况报告|汇报|回顾|工作成效|主要成效|"
                      r"情况介绍|开展情况|落实情况|进展情况|完成情况|自查报告)")
# "县卫健委2021年政府工作报告任务分解": the year's tasks, shared out: a plan.
_BREAKDOWN = re.compile(r"(任务|责任|目标)分解|分工方案")
_PLAN = re.compile(r"(计划|打算|安排|思路|谋划|设想|工作部署)")
# "2022年重点工作任务" is a plan, but "重点工作开展情况" is a summary of them.
_PLAN_WEAK = re.compile(r"(重点工作|工作任务|工作重点)")
_ATTENDED = re.compile(r"(参加|收看|列席)[^，,。]{0,30}(会议|大会|视频会|电视电话会)")
_HEADLINE_VERB = re.compile(r"(谋划|狠抓|部署|总结表彰|扎实推进|全力推进|聚焦)(?!.*(计划|打算|要点|总结$))")
_INSPECTION = re.compile(r"(督查|督导|调研|视察|检查|慰问|考察)")

# Labels of lines whose value names who published the page. The separator may be a colon, a
# table bar or both: "来源：X", "发布机构 | X", "| 发布机构: | X |".
_LABELLED = re.compile(
    r"(?P<label>信息来源|文章来源|稿件来源|来源|发布机构|发布单位|发文机关|发文机构|供稿单位|供稿|主办单位|主办)"
    r"\s*(?:[:：]\s*[|｜]?|[|｜]\s*[:：]?)\s*(?P<value>[^\s:：|｜]{2,40})")
_DATE_LABEL = re.compile(r"(发布日期|发布时间|成文日期|发文日期|生成日期|更新时间|日期|时间)\s*[:：|｜]*\s*")
_SITE_CODE = re.compile(r"网站(?:标识|识别)码\s*[:：]?\s*(\d{10})")

# Lines removed by cleaning that carry metadata, by rule name (data/chrome.yml).
HEAD_RULES = {"header-meta", "header-date", "font-widget", "share-widget", "info-table", "epaper-masthead"}
TAIL_RULES = {"tail-meta"}
FOOTER_RULES = {"site-footer", "site-registration"}

MIN_LEAD_LEN = 20
# The first sentence of the body; a dateline ("本报讯（记者…）6月11日，…") is part of it.
_SENTENCE_END = re.compile(r"[。！？!?]")
# "2020年，…", "简述:2024年,…", "2021年上半年，…", "2020年以来，…": a summary opening on its year.
_LEAD_YEAR = re.compile(r"^(?:简述[:：])?\s*((?:19|20)\d{2})\s*年(?:度)?(?:上半年|下半年|前三季度|1-\d{1,2}月)?(?:以来|来)?(?:[，,、]|是)")
# "…召开2023年全县卫生健康工作会议": the year a meeting is named by.
_MEETING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?[^，,。；;]{0,30}?(会议|大会|工作会)")


@dataclass(frozen=True)
class Found:
    """A value and the text it was read from."""

    value: object
    evidence: str


@dataclass(frozen=True)
class Evidence:
    """The parts of a page that may carry metadata, by strength (all as written)."""

    title: str | None
    headings: tuple[str, ...]
    """Top-level headings only: they say what the parts of a report are (总结 / 计划)."""
    paragraphs: tuple[str, ...]
    signature: tuple[str, ...]
    header_lines: tuple[str, ...]
    """Removed header lines: 来源/发布机构/日期 lines, the info table, the e-paper masthead."""
    footer_lines: tuple[str, ...]
    tail_lines: tuple[str, ...] = ()
    """Removed lines after the article: 来源、供稿、责任编辑."""
    under_title: tuple[str, ...] = ()
    """Short lines right under the title that belong to it: the agency, the date, the speaker."""
    page_title: str | None = None
    """The title a 范文/文库 site gave the page (removed as ``site-title`` or named in its 《…》由会员分享
    blurb): weaker than the report's own."""
    glued_title: str | None = None
    """A title run together with the first paragraph ("2023年XX区卫生健康工作总结及2024年工作计划2023年，…")."""

    @property
    def lead(self) -> str:
        """The first sentence of the body (a dateline included)."""
        paragraphs = self.paragraphs
        # A copy of the title set as the body's first line is not its first sentence.
        if len(paragraphs) > 1 and self.title and paragraphs[0].strip() == self.title.strip():
            paragraphs = paragraphs[1:]
        if not paragraphs:
            return ""
        first = paragraphs[0]
        m = _SENTENCE_END.search(first)
        if m and m.end() < MIN_LEAD_LEN and not re.search(r"\d", first[: m.end()]):
            # "岁末年初总回首，凝心聚力启新程。12月29日，…召开…": a motto opens the item.
            n = _SENTENCE_END.search(first, m.end())
            return first[: n.end()] if n else first
        return first[: m.end()] if m else first


def gather(cleaned: Cleaned, structured: Structured) -> Evidence:
    """The evidence, read without the pinyin some traditional mirrors print after each character."""
    sig = structured.signature
    r = without_ruby
    site_titles = [r(x.text.strip()) for x in cleaned.removed if x.rule == "site-title"]
    site_titles += [m.group(1) for x in cleaned.removed if x.rule == "doc-site"
                    for m in [_BLURB_TITLE.search(r(x.text))] if m]
    paragraphs = tuple(map(r, structured.paragraphs))
    return Evidence(
        title=r(structured.title) if structured.title else None,
        headings=tuple(r(b.text) for b in structured.blocks if b.kind == "heading" and b.level == 1),
        paragraphs=paragraphs,
        signature=tuple(map(r, sig.text.split("\n"))) if sig else (),
        header_lines=tuple(map(r, _joined_labels(cleaned, HEAD_RULES))),
        footer_lines=tuple(r(x.text.strip()) for x in cleaned.removed if x.rule in FOOTER_RULES),
        tail_lines=tuple(map(r, _joined_labels(cleaned, TAIL_RULES))),
        under_title=tuple(map(r, under_title(structured))) if structured.title else (),
        page_title=site_titles[0] if site_titles else None,
        glued_title=glued_title(paragraphs[0]) if paragraphs and not structured.title else None,
    )


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
    named = (_YEAR.search(reading(title)) is not None or _AGENCY.search(to_simplified(title)) is not None
             or _MASKED_YEAR.search(title) is not None)
    return title if len(title) >= 6 and named else None


_NOT_GLUED = re.compile(r"^(在|根据|按照|为了|为)|召开|举行|\d{1,2}月\d{1,2}日")


def _fallback_titles(ev: Evidence) -> list[tuple[str, str]]:
    """Where a page without a title of its own states one: the site's title, a title glued to the body."""
    out = []
    if ev.page_title:
        out.append(("网站所拟标题", ev.page_title))
    if ev.glued_title:
        out.append(("正文开头的标题", ev.glued_title))
    return out


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


def labelled(lines: Iterable[str], labels: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) pairs such as ``来源:彰武县卫生健康局`` found in header or footer lines.

    Labels are read on the simplified reading (發佈機構 is 发布机构); values are as written.
    """
    out = []
    for line in lines:
        for m in _LABELLED.finditer(to_simplified(line)):
            if m.group("label") in labels:
                out.append((m.group("label"), line[m.start("value"):m.end("value")]))
    return out


PUBLISHER_LABELS = ("发布机构", "发布单位", "发文机关", "发文机构")
SOURCE_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "供稿", "供稿单位")
HOST_LABELS = ("主办", "主办单位")


# --- places -----------------------------------------------------------------------------------

def places_in(text: str, table: DivisionTable) -> list[Place]:
    """Places named in ``text``, read through its simplified form (offsets are the same)."""
    return list(scanner_for(table).scan(to_simplified(text)))


def counties_in(text: str, table: DivisionTable) -> list[Place]:
    return [p for p in places_in(text, table) if p.kind == "county"]


# --- agency -----------------------------------------------------------------------------------

def find_agency(text: str, table: DivisionTable, county_only: bool = False, title: bool = False,
                lead: bool = False) -> str | None:
    """The agency name as written in ``text``: a place name (if any) plus a health-bureau word.

    With ``county_only`` (the first sentence of the body), only a county's own bureau counts:
    "在市卫健委的指导下" names the supervising city bureau, not the author. With ``title`` or
    ``lead`` (the report's title or first sentence), a template's masked county ("xx县卫生健康局在
    县委…的领导下") still names the kind of bureau that wrote it: 县卫生健康局.
    """
    simple = to_simplified(text)
    places = {p.end: p for p in scanner_for(table).scan(simple)}
    for m in _AGENCY.finditer(simple):
        place = places.get(m.start())
        if place is not None and (place.kind == "county" or not county_only):
            return text[place.start:m.end()]
        # A report's own title opening on its bureau without the place ("卫生局8月份工作总结").
        if title and (m.start() == 0 or _YEAR_ONLY.match(simple[: m.start()])):
            return text[m.start(): m.end()]
        # "县卫健委", "我县卫健局": the county is implied, so the name is kept as written.
        # "宁夏回族自治区卫生健康委员会", "自治区卫计委副主任": a province's commission.
        if simple[max(0, m.start() - 3):m.start()] == "自治区":
            continue
        if m.start() > 0 and simple[m.start() - 1] in ("县区旗" if county_only else "县区旗市"):
            # "XX县卫生健康局", "**区卫健委": a 范文 site's placeholder, not a bureau's name.
            if m.start() > 1 and simple[m.start() - 2] in _PLACEHOLDER and not (title or lead):
                continue
            return text[m.start() - 1:m.end()]
    return None


# Government bureaus listed together (县卫生局、计生局主要负责人参加会议): departments attending, none the author.
_BUREAUS_LISTED = re.compile(r"[局委][、和及与][^、，,。；;]{1,10}[局委](?!员)")
_PLACEHOLDER = set("XxＸｘ×*＊某")
_LISTED = re.compile("(" + "|".join(AGENCY_WORDS) + ")(、|等)")
# Only a year before the bureau's name: "2021年度卫计局工作总结", "xx年卫生局上半年工作总结".
_YEAR_ONLY = re.compile(r"^\s*(?:(?:19|20)[\dXx×*]{2}|[Xx×*]{2,4})\s*年(?:度)?\s*$")
_OFFICIALS = re.compile("(?:^|[、，,])(" + "|".join(AGENCY_WORDS) + ")(局长|党组|党委|主任|副局长|副主任|班子|主要负责人|负责人|负责同志|机关|在.{0,16}(?:领导|指导)下)")


def body_agency(paragraphs: tuple[str, ...], table: DivisionTable) -> tuple[str, str] | None:
    """The county bureau the body names, when it names only one (封丘县卫健委 in "《封丘县卫健委关于
    表扬…》"; 县卫计局 in "会上，县卫计局与…"): (name as written, the paragraph's start)."""
    found: dict[str, tuple[str, str]] = {}
    for para in paragraphs:
        text = _OVERSIGHT.sub("", para)
        for sentence in re.split(r"[。！？!?；;]", text):
            # "呼和浩特市卫计委、赤峰市松山区卫计局等5个地区作经验交流": bureaus listed among others
            # (the county's bureau listed with its hospitals, 县卫计局、县人民医院, still counts).
            simple = to_simplified(sentence)
            if _LISTED.search(simple) and (len(_AGENCY.findall(simple)) > 1 or _BUREAUS_LISTED.search(simple)):
                continue
            agency = find_agency(sentence, table, county_only=True)
            # "卫生局局长宋碧宏在会上…": a sentence opening on the bureau's officials names the
            # report's own bureau (其 place is the report's county).
            m = _OFFICIALS.search(to_simplified(sentence))
            if agency is None and m:
                agency = sentence[m.start(1): m.end(1)]
            if agency:
                key = "".join(p.surface for p in counties_in(agency, table)) or "县"
                found.setdefault(key, (agency, sentence[:60]))
    named = {k: v for k, v in found.items() if k != "县"}
    if len(named) == 1:
        return next(iter(named.values()))
    if not named and found:
        return found["县"]
    return None


def extract_agency(ev: Evidence, table: DivisionTable) -> Found | None:
    """The agency, strongest evidence first: the title, the lines right under it, the signature,
    the page's 发布机构/来源 lines, the first sentence of the body, the site's title for the page,
    and last a county bureau the body names (only when it names one)."""
    if ev.title:
        agency = find_agency(ev.title, table, title=not _TEMPLATE_TITLE.search(to_simplified(ev.title)))
        if agency:
            return _with_its_place(Found(agency, f"标题: {ev.title}"), ev)
    sources = [("标题下", line) for line in ev.under_title]
    sources += [("落款", line) for line in ev.signature]
    for where, text in sources:
        agency = find_agency(text, table)
        if agency:
            return Found(agency, f"{where}: {text}")
    # A page's 来源/发布机构 line may name the city's or province's commission that reposted it
    # (来源：邯郸市卫生和计划生育委员会): only a county's own bureau there is the report's.
    lines = ev.header_lines + ev.tail_lines
    for label, value in labelled(lines, PUBLISHER_LABELS + SOURCE_LABELS):
        agency = find_agency(value, table, county_only=True)
        if agency:
            return Found(agency, f"{label}行: {value}")
    agency = find_agency(_OVERSIGHT.sub("", ev.lead), table, county_only=True, lead=True)
    if agency:
        return Found(agency, f"正文首句: {ev.lead[:60]}")
    if not ev.title:
        for where, text in _fallback_titles(ev):
            own = where != "网站所拟标题" and not _TEMPLATE_TITLE.search(to_simplified(text))
            agency = find_agency(text, table, title=own)
            if agency:
                return _with_its_place(Found(agency, f"{where}: {text}"), ev)
    named = body_agency(ev.paragraphs, table)
    if named:
        return Found(named[0], f"正文: {named[1]}")
    return None


def _with_its_place(found: Found, ev: Evidence) -> Found:
    """A title's bare bureau (卫生局上半年工作总结) as the body writes it with its kind of place
    (设在了区卫生局): 区卫生局."""
    name = to_simplified(str(found.value))
    if name not in AGENCY_WORDS:
        return found
    for para in ev.paragraphs:
        m = re.search(f"(?<![市省州])([县区旗]){name}", to_simplified(para))
        if m and not _OVERSIGHT.search(para[max(0, m.start() - 20):m.end() + 8]):
            return Found(para[m.start():m.end()], f"{found.evidence}；正文: {para[max(0, m.start() - 10):m.end()]}")
    return found


def city_county_agency(ev: Evidence, division: Division) -> Found | None:
    """For a county-level city (临湘市, 宜都市), "市卫生健康局" in its own report is its own bureau."""
    if division.kind != "县级市":
        return None
    for para in (ev.title or "", *ev.under_title, *ev.signature, *ev.paragraphs):
        text = _OVERSIGHT.sub("", para)
        m = re.search(r"(?<![省州])市(" + "|".join(AGENCY_WORDS) + ")", to_simplified(text))
        if m:
            return Found(text[m.start():m.end()], f"正文: {text[max(0, m.start() - 20):m.end() + 10]}")
    return None


# A 范文 site's template ("卫生健康局2019年工作总结范文（通用5篇）") is nobody's report: its bare
# 卫生健康局 names no bureau.
_TEMPLATE_TITLE = re.compile(r"(范文|范本|模板|[(（][^()（）]{0,4}\d+篇[)）]|\.docx?$)")

# "我院在县卫健局的正确领导下": the bureau named as the one leading is not the author.
_OVERSIGHT = re.compile(r"在[^，,。]{0,20}?的[^，,。]{0,6}?(领导|指导|支持|关心|帮助)下?")


# --- county -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CountyResult:
    """The county decided from the evidence, or why not."""

    division: Division | None
    where: str
    flags: tuple[Flag, ...] = ()
    shared: Division | None = None
    """When several counties are named, one of them, if they all share its prefecture: the
    report's province and city are known though its county is not."""


def county_tiers(ev: Evidence, agency: Found | None, table: DivisionTable) -> Iterator[tuple[str, list[Place]]]:
    """Evidence for the county, strongest first; the first tier naming a county decides (so a
    tier is read only when the ones before it named none: the body's tiers are the slowest)."""
    if agency:
        yield f"机构名（{agency.evidence}）", counties_in(str(agency.value), table)
    if ev.title:
        yield f"标题: {ev.title}", counties_in(ev.title, table)
    yield "标题下", [p for line in ev.under_title for p in counties_in(line, table)]
    lines = ev.header_lines + ev.tail_lines
    published = labelled(lines, PUBLISHER_LABELS)
    yield "发布机构行", [p for _l, v in published for p in counties_in(v, table)]
    yield "落款", [p for line in ev.signature for p in counties_in(line, table)]
    sources = labelled(lines, SOURCE_LABELS)
    yield "来源行", [p for _l, v in sources for p in counties_in(v, table) or media_counties(v, table)]
    hosts = labelled(ev.footer_lines, HOST_LABELS)
    yield "网站主办单位", [p for _l, v in hosts for p in counties_in(v, table)]
    if ev.lead:
        yield f"正文首句: {ev.lead[:60]}", counties_in(ev.lead, table)
    # The page header of a "我县…" news item names the county's own media (阳新县融媒体中心).
    yield "页首", [p for line in ev.header_lines for p in counties_in(line, table)]
    if not ev.title:
        for where, text in _fallback_titles(ev):
            yield f"{where}: {text}", counties_in(text, table)
    # A county's health campaign is named after it: 健康唐河建设, 健康临湘, 以健康宝山行动为引领.
    campaigns = [p for para in ev.paragraphs for p in campaign_counties(para, table)]
    yield "正文“健康+县名”", campaigns if len({p.surface for p in campaigns}) == 1 else []
    # Last, the one county the body names (巫溪卫生健康事业, 五年来，铁东区的社区卫生服务…), if it names one.
    # A county named as another one (与宝坻区…, 赴X县学习) does not count.
    named = [p for para in ev.paragraphs for p in counties_in(para, table)
             if not (p.start and to_simplified(para)[p.start - 1] in _OTHER_PLACE)
             and not _LISTED.match(to_simplified(para), p.end)]
    yield "正文", named if len({frozenset(u.code for u in p.units) for p in named}) == 1 else []


_OTHER_PLACE = set("与赴到和同向比往援帮对")
_CAMPAIGN = re.compile(r"(?:健康|实力|生态|文化|美丽|平安|幸福|活力|魅力|智慧|数字)([\u4e00-\u9fff]{2,4}?)(?=建设|行动|工程|城市|县城|新局面|事业|战略|和|[”\"」，,。、；;])")


_MEDIA = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(发布|融媒|融媒体中心|新闻|新闻网|日报|在线|电视台|广播电视台|之声|手机台|客户端|卫健|卫生健康)$")


def media_counties(value: str, table: DivisionTable) -> list[Place]:
    """A county's own media named by its short name (来源：五华发布, 来源：健康滦南 is a campaign)."""
    m = _MEDIA.match(to_simplified(value.strip()))
    if m is None:
        return []
    scanner = scanner_for(table)
    units = scanner.counties.get(m.group(1)) or scanner.stems.get(m.group(1))
    return [Place(m.group(1), 0, len(m.group(1)), "county", units)] if units else []


def campaign_counties(text: str, table: DivisionTable) -> list[Place]:
    """Counties named as "健康X" (X a county's name or short name), read on the simplified text."""
    scanner = scanner_for(table)
    simple = to_simplified(text)
    out = []
    for m in _CAMPAIGN.finditer(simple):
        name = m.group(1)
        units = scanner.counties.get(name) or scanner.stems.get(name)
        if units and name not in scanner.cities and name not in scanner.provinces:
            out.append(Place(name, m.start(1), m.end(1), "county", units))
    return out


def extract_county(ev: Evidence, agency: Found | None, year: int | None, table: DivisionTable) -> CountyResult:
    """The county-level unit the report is about, with the evidence, or None and a flag."""
    context = _context(ev, table)
    codes = site_codes(ev)
    body_text: list[str] = []

    def body() -> str:
        if not body_text:
            body_text.append(to_simplified(" ".join(ev.paragraphs)))
        return body_text[0]

    for where, places in county_tiers(ev, agency, table):
        if not places:
            continue
        surfaces = list(dict.fromkeys(p.surface for p in places))
        options: dict[str, tuple[Division, ...]] = {}
        for p in places:
            options[p.surface] = _in_year(p.units, year)
        chosen_by_surface = {s: _disambiguate(u, context, codes) or _disambiguate(u, body(), set())
                             for s, u in options.items()}
        decided = {d.code: d for d in chosen_by_surface.values() if d is not None}
        if len(surfaces) == 1 and len(decided) == 1:
            return CountyResult(next(iter(decided.values())), where)
        if len(surfaces) > 1:
            # Two names in one line: the same unit written twice (围场县 … 围场满族蒙古族自治县) decides.
            if len(decided) == 1 and all(chosen_by_surface.values()):
                return CountyResult(next(iter(decided.values())), where)
            names = "、".join(surfaces)
            chosen = [d for d in chosen_by_surface.values() if d is not None]
            shared = chosen[0] if (len(chosen) == len(surfaces) and len({(d.province, d.city) for d in chosen}) == 1) \
                else None
            return CountyResult(None, where if shared else "",
                                (Flag("county-ambiguous", f"无法确定县（区）：{where} 提到多个地方 {names}"),), shared)
        units = options[surfaces[0]]
        places_text = "、".join(f"{u.province}{u.city or ''}{u.name}（{u.code}）" for u in units)
        return CountyResult(None, "", (Flag("county-ambiguous",
                                            f"无法确定县（区）：“{surfaces[0]}”可指 {places_text}"),))
    return CountyResult(None, "", (Flag("county-unknown", "原文未写明所属县（区）"),))


def _in_year(units: tuple[Division, ...], year: int | None) -> tuple[Division, ...]:
    """Units valid in ``year`` (all of them when none was, or when the year is unknown: current first)."""
    if year is not None:
        valid = tuple(u for u in units if u.valid_in(year))
        if valid:
            return valid
    current = tuple(u for u in units if u.is_current)
    codes = {u.code for u in current}
    # A renamed unit keeps its code: its retired rows are the same place, not another candidate.
    return current + tuple(u for u in units if not u.is_current and u.code not in codes and u.successor not in codes) \
        if current else units


def _context(ev: Evidence, table: DivisionTable) -> str:
    """Text that may name the province or prefecture: title, labelled lines, first paragraphs."""
    parts = [ev.title or "", *ev.header_lines, *ev.tail_lines, *ev.signature, *ev.paragraphs[:3], *ev.footer_lines]
    return to_simplified(" ".join(parts))


def extract_province(ev: Evidence, table: DivisionTable) -> str | None:
    """The province of a page whose county is unknown, when the page names one province only
    (对我县健康扶贫工作…农工党河南省委). A prefecture's name is not enough: a 市 report names its
    city, and the archive files it under no county and no province (see tests/fixtures/pages)."""
    scanner = scanner_for(table)
    found: set[str] = set()
    texts = [ev.title or "", *ev.header_lines, *ev.signature, *ev.paragraphs, *ev.footer_lines]
    for text in texts:
        simple = to_simplified(text)
        for p in scanner.scan(simple):
            if p.kind == "province":
                found.add(scanner.provinces[p.surface])
        # A province's short name of three or more characters, or of two before what only follows
        # a province (助力河北第一经济增长极, 全面推进健康广西建设, 安徽省 written 安徽).
        for stem, province in _province_short_names(table).items():
            if re.search(re.escape(stem) + _AFTER_PROVINCE, simple):
                found.add(province)
    return next(iter(found)) if len(found) == 1 else None


_AFTER_PROVINCE = r"(?=第一|建设|省委|省政府|全省|卫生健康委|卫健委|卫生厅|高质量|[”\"」])"


@lru_cache(maxsize=4)
def _province_short_names(table: DivisionTable) -> dict[str, str]:
    return {stem: p for p in table.provinces() for stem in province_stems(p)[1:] if len(stem) >= 2}


def site_codes(ev: Evidence) -> set[str]:
    return {m.group(1)[:6] for line in ev.footer_lines for m in _SITE_CODE.finditer(line)}


def _disambiguate(units: tuple[Division, ...], context: str, codes: set[str]) -> Division | None:
    """One unit, if the page's own words or its site code decide between same-named units."""
    if len({u.code for u in units}) == 1:
        return units[0]
    by_code = [u for u in units if u.code in codes]
    if len({u.code for u in by_code}) == 1:
        return by_code[0]
    by_city = [u for u in units if u.city and any(s in context for s in city_stems(u.city))]
    if len({u.code for u in by_city}) == 1:
        return by_city[0]
    by_province = [u for u in units if any(s in context for s in province_stems(u.province))]
    if len({u.code for u in by_province}) == 1:
        return by_province[0]
    # "全县卫生健康系统…" with 五华 (五华县, 五华区): the page says which kind of unit it is about.
    kinds = {kind for word, kind in _SELF_KIND.items() if word in context}
    if len(kinds) == 1:
        wanted = _KIND_OF[next(iter(kinds))]
        by_kind = [u for u in units if u.kind in wanted]
        if len({u.code for u in by_kind}) == 1:
            return by_kind[0]
    return None


_SELF_KIND = {"全县": "县", "我县": "县", "县委": "县", "县政府": "县", "全区": "区", "我区": "区", "区委": "区",
              "区政府": "区", "全旗": "旗", "我旗": "旗", "旗委": "旗"}
_KIND_OF = {"县": ("县", "自治县"), "区": ("区",), "旗": ("旗", "自治旗")}


def site_code_check(division: Division | None, ev: Evidence) -> list[Flag]:
    """The portal's site code starts with its own division code: a mismatch is worth a look."""
    if division is None:
        return []
    county_codes = {c for c in site_codes(ev) if not c.endswith("00")}
    if county_codes and division.code not in county_codes:
        return [Flag("site-code-mismatch",
                     f"网站标识码指向 {'、'.join(sorted(county_codes))}，与所定县（区）代码 {division.code} 不同")]
    return []


# --- year, period, kind -----------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_HAN_YEAR = re.compile("[〇零○Ｏ一二三四五六七八九]{4}(?=年)")
_HAN_DIGIT = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def reading(text: str) -> str:
    """``text`` as the extractors read it: simplified characters, ASCII digits, and years
    written in Chinese numerals (二〇二〇年) as digits. Same length as ``text``."""
    text = to_simplified(text).translate(_FULL_WIDTH_DIGITS)
    return _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGIT), text)


def _kind_lines(ev: Evidence) -> list[tuple[str, str]]:
    """Where the report says what it is: its title, else its top-level headings."""
    if ev.title:
        return [("标题", reading(ev.title))]
    return [("小标题", h) for h in map(reading, ev.headings)
            if _YEAR.search(h) or _SUMMARY.search(h) or _PLAN.search(h)]


@dataclass(frozen=True)
class YearFound:
    """The work year and the text right after it (where a period such as 上半年 is named)."""

    year: int
    evidence: str
    after: str
    before_next_year: str


def extract_year(ev: Evidence, doc_type: str | None) -> tuple[YearFound | None, list[Flag]]:
    """The work year the report covers (rule, in order):

    1. the first year its title names (2020年工作总结及2021年工作打算 -> 2020; a meeting's
       title names the meeting's year, 2023年卫生健康工作会议 -> 2023, whatever it reviews),
       checked against the body: a summary whose body opens on another year (2011年，… under a
       title re-dated 2023) takes the body's year, flagged; a title that covers "2022年以来"
       up to a later date names no single year (null, flagged);
    2. without a title, the first year its top-level headings name (一、2016年上半年工作总结),
       else the year of the title a 范文/文库 site gave the page;
    3. a report opening on its year (2020年，… / 简述:2024年,…);
    4. for a meeting report, the meeting's year from its first paragraph: the year it plans
       (安排部署2012年工作, 2018年工作部署会), else the year the meeting is named by (召开2023年全县
       卫生健康工作会议), else the year after the one it reviews (总结回顾2015年…), else the year
       of the page's date line (news of a meeting is dated within days of it).
    Never a dateline's date or a year in site chrome.
    """
    lead_year = _lead_year(ev)
    titles = [t for _w, t in _kind_lines(ev)[:1]] + [t for _w, t in _fallback_titles(ev)] if not ev.title else \
        [reading(ev.title)]
    for text in titles:
        span = _YEAR_RANGE.search(reading(text))
        if span:
            return None, [Flag("year-span", f"标题所述为 {span.group(0)} 的多年规划或工作，无单一年度")]
    opening = reading(ev.paragraphs[0]) if ev.paragraphs else ""
    if ev.glued_title and opening.startswith(reading(ev.glued_title)):
        opening = opening[len(ev.glued_title):]
    if _PLACEHOLDER_YEAR.match(opening) and any(_YEAR.search(reading(t)) for t in titles):
        return None, [Flag("year-conflict", "正文开头的年份被隐去（20XX年），标题所写年份可能是转载网站所加，未采用")]
    announced = _announcement(ev) if not ev.title else None
    m = _YEAR.search(announced) if announced else None
    if m:
        # "按照区政府2007年工作总结和2008年工作安排的通知要求，现就卫生工作的情况总结如下", "现将2022年度
        # 工作开展情况及2023年工作谋划报告如下": the sentence that announces a report without a
        # title names its year first, ahead of a later section's plan year (三、2023年工作计划).
        return _year_found(m, announced, f"开头: …{announced[-50:]}", whole_line=False), []
    for where, text in _kind_lines(ev):
        m = _YEAR.search(text)
        blank = _BLANK_SUMMARY_YEAR.search(text)
        if m and blank and blank.start() < m.start() and doc_type == "总结和计划":
            # "XX县卫生健康局202x年工作总结和2021年工作打算": the summary is of the year before the plan's.
            return YearFound(int(m.group(1)) - 1, f"{where}（计划之前一年）: {text}", "", ""), []
        if m and doc_type == "总结和计划" and where == "标题" and _SUMMARY.search(_without_agency(text[: m.start()])):
            # "区卫健局工作总结暨2024年工作部署": the year named is the plan's, the summary's is not said.
            return None, []
        if m:
            if re.match(r"\s*(?:度)?以来", text[m.end():]) and _YEAR.search(text, m.end()):
                return None, [Flag("year-span", f"标题所述为“{m.group(0)}以来”的多年工作，无单一年度")]
            found = _year_found(m, text, f"{where}: {text}")
            second = _YEAR.search(text, m.end())
            if (second and second.group(1) == m.group(1) and doc_type == "总结和计划"
                    and _SUMMARY.search(_without_agency(text[m.end():second.start()]))
                    and _PLAN.search(_without_agency(text[second.end():]))):
                # "县卫生局2024年工作总结及2024年工作打算": a summary and a plan of one year is a
                # template re-dated by the site that shows it.
                return None, [Flag("year-conflict", f"标题中总结与计划同为 {m.group(1)} 年，疑为转载网站改动的年份，未采用")]
            if (lead_year is not None and lead_year.year != found.year and where == "标题"
                    and doc_type in ("工作总结", "总结和计划")):
                return lead_year, [Flag("year-conflict", f"标题年份 {found.year} 与正文开头的 {lead_year.year} 年不符，"
                                                         "采用正文")]
            return found, []
    if not ev.title:
        for where, title in _fallback_titles(ev):
            text = reading(title)
            m = _YEAR.search(text)
            if m:
                return _year_found(m, text, f"{where}: {title}"), []
    # News (a meeting, a visit) is of the year it happened: its plan or meeting year, else its date.
    if doc_type in ("会议报道", "其他") and not ev.title or doc_type == "会议报道" or _news_title(ev):
        meeting = _meeting_year(ev)
        if meeting is not None:
            return meeting, []
    if lead_year is not None:
        return lead_year, []
    # "卫生局8月份工作总结": a month's or half-year's report names no year; its page's date does.
    if ev.title and _PART_OF_YEAR.search(ev.title):
        # "2022 上半年 卫生 健康 工作总结" over "2022年上半年，全系统…": the year the title or the
        # opening names for the half comes before the page's date (a 文库 upload, months later).
        for where, text in (("标题", reading(ev.title)), *(("首段", reading(p)) for p in ev.paragraphs[:1])):
            m = _HALF_YEAR.search(text)
            if m:
                return YearFound(int(m.group(1)), f"{where}: {text[:40]}", m.group(2), m.group(2)), []
        for line in ev.header_lines:
            date = read_date(line)
            if date and date.value:
                return YearFound(int(date.value[:4]), f"页首日期（{ev.title}）: {line}", "", ""), []
    return None, []


_HALF_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(上半年|下半年|前三季度|第[一二三四]季度)")
_PART_OF_YEAR = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})月份?(工作)?(总结|计划|小结|汇报)|上半年|下半年|第[一二三四]季度")


def _news_title(ev: Evidence) -> bool:
    """A title that reports an event: a meeting held, a visit, an inspection."""
    return bool(ev.title) and _EVENT.search(to_simplified(ev.title)) is not None


_EVENT = re.compile(r"(召开|举行|举办|调研|视察|督导|检查|慰问|走访|考察|会议?$)")


def _lead_year(ev: Evidence) -> YearFound | None:
    for k, para in enumerate(map(reading, ev.paragraphs[:3])):
        glued = reading(ev.glued_title) if k == 0 and ev.glued_title else ""
        if glued and para.startswith(glued):
            # "XX年区卫生工作总结报告2014年，在区委…": the body opens after the title run into it.
            para = para[len(glued):]
        m = _LEAD_YEAR.match(para)
        if m:
            # The period is read right after the year ("2022年上半年,…"), not after the whole lead.
            year = _YEAR.match(para, m.start(1))
            return _year_found(year or m, para, f"首段: {para[:40]}", whole_line=False)
    return None


_BLANK_SUMMARY_YEAR = re.compile(r"(?:19|20)(?:[Xx×*]{2}|\d[Xx×*])\s*年(?:度)?[^\d]{0,8}总结")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年")
# A body opening on a year a 范文 site blanked out: "201X年，是…", "20XX年，", "xx年，".
_PLACEHOLDER_YEAR = re.compile(r"^\s*(?:(?:19|20)(?:[Xx×＊*]{2}|\d[Xx×＊*])|[Xx×＊*]{2,4})\s*年(?:度)?[，,、是]")
_DATED_LEAD = re.compile(r"^[^，,。]{0,20}?((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PLAN_YEAR = re.compile(r"(?:部署|安排|谋划)[^，,。；;、]{0,6}?((?:19|20)\d{2})\s*年|(?:部署|安排|谋划)[^，,。；;]{0,14}?((?:19|20)\d{2})\s*年(?:重点|主要)?(?:工作|任务)|((?:19|20)\d{2})\s*年(?:度)?[^，,。；;\d]{0,12}?(?:部署会|工作部署|安排部署)")
_REVIEW_YEAR = re.compile(r"(?:总结|回顾|表彰|表扬)[^，,。；;]{0,8}?((?:19|20)\d{2})\s*年")


MEETING_PARAGRAPHS = 3


def _meeting_year(ev: Evidence) -> YearFound | None:
    lead = reading(ev.lead)
    first = reading(ev.paragraphs[0]) if ev.paragraphs else ""
    # A dateline with its year ("2017年3月8日上午，中牟县在县政府召开…").
    m = _DATED_LEAD.match(first)
    if m:
        return YearFound(int(m.group(1)), f"首句日期: {first[:40]}", "", "")
    second = reading(ev.paragraphs[1]) if len(ev.paragraphs) > 1 else ""
    for text, where in ((lead, "正文首句"), (first, "首段"), (second, "第二段")):
        m = _PLAN_YEAR.search(text)
        if m:
            year = int(next(g for g in m.groups() if g))
            return YearFound(year, f"{where}（部署之年）: {text[:60]}", "", "")
        m = _MEETING_YEAR.search(text) if where != "第二段" else None
        if m:
            return _year_found(m, text, f"{where}: {text[:60]}", whole_line=False)
    m = _REVIEW_YEAR.search(first)
    if m:
        return YearFound(int(m.group(1)) + 1, f"首段（总结上一年）: {first[:60]}", "", "")
    for line in ev.header_lines:
        date = read_date(line)
        if date and date.value:
            return YearFound(int(date.value[:4]), f"页首日期: {line}", "", "")
    # Undated: the year after the one the meeting reviews or commends, said further on
    # ("会议总结回顾了2015年…", "通报表扬了2023年度…先进单位").
    for k, para in enumerate(ev.paragraphs[1:MEETING_PARAGRAPHS], 2):
        m = _REVIEW_YEAR.search(reading(para))
        if m:
            return YearFound(int(m.group(1)) + 1, f"第{k}段（总结上一年）: {para[:60]}", "", "")
    # Undated news naming one year only ("…听取了局长对2019年卫生健康工作的汇报"): that year.
    years = {m.group(1) for m in _YEAR.finditer(first)}
    if len(years) == 1:
        return YearFound(int(years.pop()), f"首段所述年份: {first[:60]}", "", "")
    return None


def _year_found(m: re.Match[str], text: str, evidence: str, whole_line: bool = True) -> YearFound:
    """``whole_line``: the text is a title or heading, so a period it names anywhere before the
    next year is the report's ("东安县卫健局上半年工作总结"); in a paragraph only the words right
    after the year count ("2020年，…下半年将…" is not a 下半年 report)."""
    after = text[m.end():]
    nxt = _YEAR.search(text, m.end())
    before_next = (text[: nxt.start()] if nxt else text) if whole_line else ""
    return YearFound(int(m.group(1)), evidence, after, before_next)


def extract_period(year: YearFound | None) -> Found | None:
    """全年 unless a period is named right after the year (or before the next year named)."""
    if year is None:
        return None
    m = _PERIOD_AFTER_YEAR.match(year.after)
    if m:
        if m.group("p"):
            name = m.group("p")
            name = {"一季度": "第一季度", "二季度": "第二季度", "三季度": "第三季度", "四季度": "第四季度",
                    "年中": "上半年"}.get(name, name)
            return Found(name, year.evidence)
        end = m.group("m2")
        month = int(end) if end.isdigit() else _HAN_MONTH.get(end, 0)
        if month == 6:
            return Found("上半年", year.evidence)
        if month == 9:
            return Found("前三季度", year.evidence)
        if month == 12:
            return Found("全年", year.evidence)
        if 1 < month < 12:
            return Found(f"1-{month}月", year.evidence)
    # "东安县卫健局上半年工作总结" with the year from elsewhere; never a period of a later year
    # ("2020年工作总结及2021年上半年工作打算" is 全年).
    m = _PERIOD_ANYWHERE.search(year.before_next_year)
    if m:
        return Found(m.group(1), year.evidence)
    return Found("全年", year.evidence)


# 计划 inside 卫生和计划生育局 or 计划生育工作 is not a plan.
_NOT_KIND_WORDS = re.compile("|".join(AGENCY_WORDS) + "|计划生育|计生")


def _without_agency(text: str) -> str:
    return _NOT_KIND_WORDS.sub("□", text)


def kind_of_title(title: str) -> str | None:
    """The doc_type a title states, or None when it states none. Order matters:

    工作要点 first (关于印发2021年工作要点的通知); a speech (在…会议上的讲话) is 其他; a notice
    that does not 印发 a document is 其他; a title that reports a meeting (召开/举行 … 会议, or
    ending in 会议) is 会议报道, even if the meeting was a 总结大会; then 述职报告 and briefings
    (情况汇报) are summaries; summary and plan words together are 总结和计划.
    """
    if _POINTS.search(title):
        return "工作要点"
    if _SPEECH.search(title):
        return "其他"
    if _NOTICE.search(title) and "印发" not in title:
        return "其他"
    # "我县参加全区妇幼健康工作视频会议": a meeting of others the county only attended is news.
    if _ATTENDED.search(title) and not _MEETING_ACT.search(title):
        return "其他"
    if _MEETING_WORD.search(title) and (_MEETING_ACT.search(title) or re.search(r"(会议|大会|工作会)$", title)):
        return "会议报道"
    # A headline cut off after its subject ("忠县卫生健康委召开2025年度全县卫生健康工作暨").
    if _MEETING_ACT.search(title) and _WORK_MEETING_SUBJECT.search(title):
        return "会议报道"
    if _BREAKDOWN.search(title):
        return "工作计划"
    summary, plan = _SUMMARY.search(title), _PLAN.search(title)
    # "2024年工作总结及2025年工作重点": the second year's 重点 is a plan.
    if summary and not plan and re.search(r"\d{4}\s*年[^\d]{0,6}(工作重点|重点工作|工作任务)", title[summary.end():]):
        return "总结和计划"
    if summary and plan:
        return "总结和计划"
    if summary:
        return "工作总结"
    if plan:
        return "工作计划"
    # "市督查组督查卫健重点工作时指出…": news of an inspection, not a plan of 重点工作.
    if _PLAN_WEAK.search(title) and not _INSPECTION.search(title):
        return "工作计划"
    return None


def extract_doc_type(ev: Evidence) -> Found | None:
    """What kind of report it is: from the title, else the top-level headings, else the lead.

    A report without a title whose first sentence says a meeting was held (…召开…会议) is a
    会议报道; a titled report that states no kind anywhere is 其他.
    """
    if ev.title:
        title = _without_agency(to_simplified(ev.title))
        kind = kind_of_title(title)
        # A news headline about the work ("延吉市卫生健康局谋划2023年重点工作", "凤凰县总结表彰2016年度
        # 卫计工作") over a first sentence that reports a meeting is the meeting's report.
        if kind in ("工作计划", "工作总结") and _HEADLINE_VERB.search(title) and _LEAD_MEETING.search(to_simplified(ev.lead)):
            return Found("会议报道", f"标题: {ev.title}；正文首句: {ev.lead[:40]}")
        if kind is not None:
            return Found(kind, f"标题: {ev.title}")
    else:
        for where, text in _fallback_titles(ev):
            kind = kind_of_title(_without_agency(to_simplified(text)))
            if kind is not None:
                return Found(kind, f"{where}: {text}")
    headings = [_without_agency(to_simplified(h)) for h in ev.headings]
    summary = any(_SUMMARY.search(h) for h in headings)
    plan = any(_PLAN.search(h) for h in headings)
    where = "小标题: " + "；".join(ev.headings[:4])
    if any(_POINTS.search(h) for h in headings) and not summary:
        return Found("工作要点", where)
    if summary and plan:
        return Found("总结和计划", where)
    if summary or plan:
        # Only headings that name a year or the whole report's kind count (一、2016年上半年工作总结);
        # a section "三、存在问题及下步打算" inside a titled page is not the page's kind.
        if not ev.title and any(_YEAR.search(h) for h in headings):
            return Found("工作总结" if summary else "工作计划", where)
    # A news title that names no kind ("我县全面部署今年卫生健康工作") over a first sentence that
    # reports a meeting held ("2月28日，五华县召开2020年卫生健康工作会议") is meeting news.
    lead = to_simplified(ev.lead)
    if _LEAD_MEETING.search(lead):
        first = reading(ev.paragraphs[0]) if ev.paragraphs else ""
        reviews_and_plans = _REVIEW_YEAR.search(first) is not None and _PLAN_YEAR.search(first) is not None
        # A meeting named by its year ("召开2022年医政医管暨中医药工作会议") or one that set the
        # system's work ("对卫健系统年重点工作进行了安排部署", "对2022年度工作进行谋划") is the
        # bureau's work meeting, not a one-off (an emergency call, relaying a congress).
        opening = " ".join(reading(p) for p in ev.paragraphs[:2])
        work = ((_WORK_MEETING.search(lead) is not None or reviews_and_plans or _YEAR_WORK_MEETING.search(lead) is not None
                 or _SETS_WORK.search(opening) is not None) and not _AT_MEETING.search(lead))
        kind = "会议报道" if work else "其他"
        return Found(kind, f"正文首句: {lead[:60]}")
    # A page without a title whose opening announces what follows as its account ("现将有关工作情况总结
    # 如下", "现就卫生工作的情况报告如下") is a summary: only a report to its superiors says so.
    announced = _announcement(ev)
    if not ev.title and announced is not None and _ANNOUNCED_KIND.search(announced) and not _LEAD_MEETING.search(lead):
        return Found("工作总结", f"开头: …{announced[-40:]}")
    # A page without a title whose first sentence is a dated news lead ("6月13日上午，县委书记…到县
    # 卫生健康局调研。") is a news item.
    if not ev.title and _NEWS_LEAD.match(lead):
        return Found("其他", f"正文首句: {lead[:60]}")
    # A page without a title whose body opens on its year ("2022年，…") and whose first section
    # reviews the work done ("一、主要工作") is a summary.
    if not ev.title and headings and _DONE.search(headings[0]) and ev.paragraphs and _LEAD_YEAR.match(reading(ev.paragraphs[0])):
        return Found("工作总结", f"首段与小标题: {ev.paragraphs[0][:20]}…；{ev.headings[0]}")
    return Found("其他", f"标题: {ev.title}") if ev.title else None


def _announcement(ev: Evidence) -> str | None:
    """The sentence in the first paragraphs that announces the report ("现将2022年度工作开展情况及
    2023年工作谋划报告如下"), read simplified, or None."""
    for para in ev.paragraphs[:ANNOUNCE_PARAGRAPHS]:
        m = _ANNOUNCE.search(reading(para))
        if m:
            return m.group(0)
    return None


ANNOUNCE_PARAGRAPHS = 3
_ANNOUNCE = re.compile(r"[^。；;！!？?]{0,80}?(?:现将|现就|特将|兹将)[^。；;！!？?]{0,60}?(?:总结|汇报|报告)如下")
_ANNOUNCED_KIND = re.compile(r"(总结|汇报|报告)如下$")
_NEWS_LEAD = re.compile(r"^(本报讯|[^，,。]{0,12}讯|[(（][^()（）]{2,12}[)）])?\s*(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日")
_MEETING_NAME = r"(会议|大会|工作会|推进会|部署会|总结会|座谈会|动员会|表彰会|调度会)"
_WORK_MEETING_SUBJECT = re.compile(r"(召开|举行)[^，,。；;]{0,16}(卫生|卫计|卫健)[^，,。；;]{0,10}工作")
# The meetings the archive files as 会议报道, as the corpus' labels do: a county's health work
# meeting (卫生健康工作会议, 卫生计生工作会, …暨…工作会议), its year's 总结/部署 meeting, the bureau's
# all-staff meeting, or any meeting that reviews one year's work and plans the next; a meeting on
# one matter (an epidemic, a party congress, 妇幼健康) reported in the body is news (其他).
_WORK_MEETING = re.compile(r"((?<!公共)(卫生|卫健|卫计|计生)[^，,。；;]{0,12}工作[^，,。；;]{0,16}(会议|会|大会)"
                           r"|干部职工大会|全体干部大会|工作总结会|工作部署会)")
_YEAR_WORK_MEETING = re.compile(r"(召开|举行)了?\s*(?:19|20)\d{2}\s*年(?:度)?[^，,。；;]{0,30}?(?<!公共卫生)工作(会议|会|大会)")
_SETS_WORK = re.compile(r"对[^。；;，,]{0,20}工作(?:进行了?|作了?|作出了?)(?:全面|具体|详细|周密)?(安排部署|部署|安排|谋划)")
# "在8月17日召开的全县目标责任考核总结表彰大会上，旬阳卫计局被授予…": news of what happened at a
# meeting (an award), not a report of the meeting.
_AT_MEETING = re.compile(rf"^在[^，,。；;]{{0,40}}召开的[^，,。；;]{{0,40}}{_MEETING_NAME}上")
_LEAD_MEETING = re.compile(rf"(召开|举行|举办)[^，,。；;]{{0,40}}{_MEETING_NAME}|{_MEETING_NAME}[^，,。；;]{{0,20}}(召开|举行)")
_DONE = re.compile(r"(主要工作|工作开展情况|工作完成情况|主要成效|工作成效|取得的成效|取得的成绩|工作回顾)")


# --- dates and source -------------------------------------------------------------------------

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
    doc_type = extract_doc_type(ev)
    year, year_flags = extract_year(ev, doc_type.value if doc_type else None)  # type: ignore[arg-type]
    flags += year_flags
    if year is not None:
        evidence.append(("year", year.evidence))
    county = extract_county(ev, agency, year.year if year else None, table)
    division = county.division
    flags += county.flags
    if agency is None and division is not None:
        agency = city_county_agency(ev, division)
    # A page about several counties: a bureau its body names is one of theirs, not the page's.
    if county.shared is not None and agency is not None and agency.evidence.startswith("正文"):
        agency = None
    province_only = extract_province(ev, table) if division is None and county.shared is None else None
    if division is not None or county.shared is not None:
        evidence.append(("county", county.where))
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
        city=division.city if division else county.shared.city if county.shared else None,
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


def full_agency_name(agency: str | None, division: Division | None) -> str | None:
    """``修武县卫健委`` -> ``修武县卫生健康委员会``; only when the county is known."""
    if not agency or division is None:
        return None
    m = _AGENCY.search(to_simplified(agency))
    if m is None:
        return None
    word = FULL_AGENCY.get(m.group(0), m.group(0))
    # 城区, 郊区: the bureau's name carries its prefecture (晋城市城区卫生健康局).
    place = (division.city or "") + division.name if division.name in GENERIC_NAMES else division.name
    return place + word


def display_title(meta: Meta) -> str:
    """The page title: the report's own, else one composed from metadata and marked as such."""
    if meta.title:
        return meta.title
    who = meta.agency or meta.county or ""
    when = f"{meta.year}年" if meta.year else ""
    what = meta.doc_type if meta.doc_type and meta.doc_type != "其他" else "工作报告"
    return f"{who}{when}{meta.period if meta.period and meta.period != '全年' else ''}{what}（原文无标题）"


"""What the field extractors read: the parts of a page that may carry metadata (``Evidence``),
the value each extractor returns with the text it was read from (``Found``), and the readings
and word lists the extractors share; and a bureau's full name, which hand corrections read too.

Names are matched on a simplified reading of the text (``tradsimp``), so 東安縣衛生健康局 is
found as 东安县; values are returned as written on the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from ..core.tradsimp import to_simplified
from .divisions import GENERIC_NAMES, Division

# The ways county health bureaus name themselves, longest first so that 卫生健康委员会 is not
# read as 卫生健康委.
AGENCY_WORDS = (
    "卫生和计划生育委员会", "卫生和计划生育局", "卫生健康和体育局", "卫生健康委员会", "卫生计生委员会",
    "卫生健康体育局", "卫生健康局", "卫生计生局", "卫生计生委", "卫生健康委", "卫健体局", "卫健局", "卫健委", "卫计局",
    "卫计委", "卫生局",
    # The 人口和计划生育 commission (计生委), a county's bureau for 计生 work before it merged into the 卫计委.
    "人口和计划生育委员会", "人口计生委", "计生委",
)
AGENCY = re.compile("|".join(AGENCY_WORDS))
# The full form of each short bureau word, for a bureau's full name (卫健委 -> 卫生健康委员会).
FULL_AGENCY = {
    "卫健委": "卫生健康委员会", "卫生健康委": "卫生健康委员会", "卫健局": "卫生健康局",
    "卫计委": "卫生和计划生育委员会", "卫生计生委": "卫生和计划生育委员会", "卫生计生委员会": "卫生和计划生育委员会",
    "卫计局": "卫生和计划生育局", "卫生计生局": "卫生和计划生育局", "卫健体局": "卫生健康和体育局",
    "人口计生委": "人口和计划生育委员会", "计生委": "人口和计划生育委员会",
}

# The kinds of report (doc_type), as extraction returns them and corrections may give them.
DOC_TYPES = ("工作总结", "工作计划", "总结和计划", "会议报道", "工作要点", "其他")

# A bureau's name in a list (卫健委、…; 卫生局等): one of several named, not the author.
LISTED = re.compile("(" + "|".join(AGENCY_WORDS) + ")(、|等)")

# Labels of lines whose value names who published the page. The separator may be a colon, a
# table bar or both: "来源：X", "发布机构 | X", "| 发布机构: | X |".
_LABELLED = re.compile(
    r"(?P<label>信息来源|文章来源|稿件来源|来源|发布机构|发布单位|发文机关|发文机构|供稿单位|供稿|主办单位|主办)"
    r"\s*(?:[:：]\s*[|｜]?|[|｜]\s*[:：]?)\s*(?P<value>[^\s:：|｜]{2,40})")
_SITE_CODE = re.compile(r"网站(?:标识|识别)码\s*[:：]?\s*(\d{10})")

# A site's name: a place, its government, the bureau, a section ("汉川市人民政府-卫生健康局",
# "岳塘区卫生健康局 - 工作动态"), as a line of its own.
_SITE_NAME = re.compile(r"^\s*(?P<place>[\u4e00-\u9fff]{2,12}?)(?:人民政府|政府)?(?:门户网站|网站)?\s*[-—－|｜·]?\s*"
                        r"(?P<bureau>" + "|".join(AGENCY_WORDS) + r")(?:\s*[-—－|｜>]\s*[\u4e00-\u9fff]{2,8})?\s*$")


def site_bureau(line: str) -> tuple[str, str] | None:
    """(the place, the bureau as written) of a site name that names a bureau, or None."""
    m = _SITE_NAME.match(to_simplified(line))
    return (line[m.start("place"):m.end("place")], line[m.start("bureau"):m.end("bureau")]) if m else None


MIN_LEAD_LEN = 20
# An addressee line: the bodies a notice or letter is sent to, alone on a line ending in a colon
# (各镇人民政府、相关医疗机构:, 各乡镇卫生院,县直各医疗卫生单位：, 王红兰代表:), no sentence in it.
_ADDRESSEE = re.compile(r"^(?![一二三四五六七八九十(（\d])(?!.*(如下|以下|\d))[^。！？!?；;:：]{0,38}"
                        r"(政府|单位|机构|医院|卫生院|中心|部门|科室|股室|代表|委员|领导|同志们?|局|委|办|所|站|街道|社区|乡镇)\s*[:：]$")
# The first sentence of the body; a dateline ("本报讯（记者…）6月11日，…") is part of it.
_SENTENCE_END = re.compile(r"[。！？!?]")


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
    site_lines: tuple[str, ...] = ()
    """Lines above the title that cleaning removed as the site's (above-title, site-name): the site's name
    among them (汉川市人民政府-卫生健康局, 岳塘区卫生健康局 - 工作动态)."""
    closing_lines: tuple[str, ...] = ()
    """The lines cleaning removed right after the body's last line (a credit standing alone, 合江县卫计局:王蓉)."""
    byline_lines: tuple[str, ...] = ()
    """Reporters' bylines removed as chrome (大众网记者 赵袁祎 日照报道): the place a reporter reports from."""
    media_names: tuple[str, ...] = ()
    """The page's own media accounts, removed as chrome: 多伦县卫生计生平台 under the title, 蓟州卫生健康
    in 点击上方“蓟州卫生健康”订阅."""
    """A title run together with the first paragraph ("2023年XX区卫生健康工作总结及2024年工作计划2023年，…")."""

    @property
    def lead(self) -> str:
        """The first sentence of the body (a dateline included)."""
        paragraphs = self.paragraphs
        # A copy of the title set as the body's first line is not its first sentence.
        if len(paragraphs) > 1 and self.title and paragraphs[0].strip() == self.title.strip():
            paragraphs = paragraphs[1:]
        # Nor is a notice's or letter's addressee line (各镇人民政府、相关医疗机构:), over its first sentence.
        if len(paragraphs) > 1 and _ADDRESSEE.match(paragraphs[0].strip()):
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


def fallback_titles(ev: Evidence) -> list[tuple[str, str]]:
    """Where a page without a title of its own states one: the site's title, a title glued to the body."""
    out = []
    if ev.page_title:
        out.append(("网站所拟标题", ev.page_title))
    if ev.glued_title:
        out.append(("正文开头的标题", ev.glued_title))
    return out


# A page's info line runs its fields together, and an empty one gives the next field's label as
# its value: "来源: 作者:", "來源: 點擊:", "来源:字号:[ ]", "來源:涪陵區融媒體中心編輯:唐霞". A value ending
# right before a colon in one of these labels ends before it.
_NEXT_LABEL = re.compile(r"(作者|撰稿|撰文|责任编辑|值班编辑|编辑|责编|审核|审校|校对|摄影|记者|通讯员|浏览次数|浏览量|"
                         r"浏览|点击数|点击量|点击率|点击|阅读次数|阅读量|阅读数|阅读|访问量|访问次数|人气|字号|字体|"
                         r"发布时间|发布日期|更新时间|日期|时间|录入|发布者|发布人|栏目|分享)$")
# A value the line had in brackets, "(来源:健康泸州)": the bracket closes the line's, not the value's.
_CLOSERS = {")": "(", "）": "（", "】": "【", "]": "[", "」": "「", "〗": "〖"}


def _value(simple: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a labelled value in the simplified line without what is not the value, or None."""
    if end < len(simple) and simple[end] in ":：":
        m = _NEXT_LABEL.search(simple, start, end)
        if m:
            end = m.start()
    while end > start and simple[end - 1] in _CLOSERS and _CLOSERS[simple[end - 1]] not in simple[start:end]:
        end -= 1
    return (start, end) if end - start >= 2 else None


def labelled(lines: Iterable[str], labels: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) pairs such as ``来源:彰武县卫生健康局`` found in header or footer lines.

    Labels are read on the simplified reading (發佈機構 is 发布机构); values are as written. A field
    left empty on the page (its value is the next field's label) gives no pair.
    """
    out = []
    for line in lines:
        simple = to_simplified(line)
        for m in _LABELLED.finditer(simple):
            if m.group("label") in labels:
                span = _value(simple, m.start("value"), m.end("value"))
                if span:
                    out.append((m.group("label"), line[span[0]:span[1]]))
    return out


PUBLISHER_LABELS = ("发布机构", "发布单位", "发文机关", "发文机构")
SOURCE_LABELS = ("来源", "信息来源", "文章来源", "稿件来源", "供稿", "供稿单位")
HOST_LABELS = ("主办", "主办单位")


def site_codes(ev: Evidence) -> set[str]:
    return {m.group(1)[:6] for line in ev.footer_lines for m in _SITE_CODE.finditer(line)}


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A year in Chinese numerals, or mixing them with Arabic ones as typed (二0一0年, 二○1二年): of 19xx or 20xx,
# with at least one Chinese numeral, not inside a longer run of digits.
_HAN_YEAR = re.compile("(?<![0-9〇零○Ｏ一二三四五六七八九十])(?=[0-9〇零○Ｏ]*[〇零○Ｏ一二三四五六七八九])"
                       "(?:[一1][九9]|[二2][〇零○Ｏ0])[0-9〇零○Ｏ一二三四五六七八九]{2}(?=年)")
_HAN_DIGIT = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def reading(text: str) -> str:
    """``text`` as the extractors read it: simplified characters, ASCII digits, and years
    written in Chinese numerals (二〇二〇年) as digits. Same length as ``text``."""
    text = to_simplified(text).translate(_FULL_WIDTH_DIGITS)
    return _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGIT), text)


# --- a bureau's full name: the extracted agency's and a corrected one's alike ---------------------

def full_agency_name(agency: str | None, division: Division | None) -> str | None:
    """``修武县卫健委`` -> ``修武县卫生健康委员会``; only when the county is known."""
    if not agency or division is None:
        return None
    m = AGENCY.search(to_simplified(agency))
    if m is None:
        return None
    word = FULL_AGENCY.get(m.group(0), m.group(0))
    # 城区, 郊区: the bureau's name carries its prefecture (晋城市城区卫生健康局).
    place = (division.city or "") + division.name if division.name in GENERIC_NAMES else division.name
    return place + word


# A text opening on a 人大/政协 body as its subject that evaluates the bureau, the bureau the object of 对 (对县卫生健康局
# 四年来的工作进行了专题调查), is that body's opinion of the bureau (其他): no bureau in its body is its author. (A bureau's
# own report of the evaluation it underwent, 我局接受了县人大常委会评议, opens on the bureau and speaks as 我局.)
_EVALUATOR_OPENS = re.compile(r"^[^，,。；;]{0,16}?(?:人大常委会|人大|政协)[^。]{0,200}?(?:评议|测评|审议|视察)")
_EVALUATED = re.compile(r"对(?:[\u4e00-\u9fff]{0,8}?[县区旗]|[县区旗])(?:" + AGENCY.pattern + r")[^。，,；;]{0,10}?(?:工作|情况)")
_SPEAKS_AS_BUREAU = re.compile(r"我局|我委|本局|本委")


def evaluates_bureau(paragraphs: tuple[str, ...], title: str | None = None) -> bool:
    """Whether the text is a 人大/政协 body's evaluation of a bureau (see above); its title, or the line its title
    wrapped onto (…工作情 / 况的评议意见), may come before the opening."""
    if not any(_EVALUATOR_OPENS.search(to_simplified(t)) for t in (title or "", *paragraphs[:2])):
        return False
    text = to_simplified(" ".join(paragraphs))
    return _EVALUATED.search(text) is not None and not _SPEAKS_AS_BUREAU.search(text)

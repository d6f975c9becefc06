"""What a page without a title says it is (paragraphs and headings given as ``evidence.reading`` reads them) by the shape of its sentences, beyond its lead (year_kind reads
its title, headings and lead): the sentence announcing the report (现将…总结如下), a summary's opening under
whose direction the work was done or with the bureau as subject, a news item's closing credit or observance,
a letter or a 政府信息公开 annual report, a list of items by its tense."""
from __future__ import annotations

import re

from typing import Sequence

from ..core.tradsimp import to_simplified

LED_BY = re.compile(r"在[^。；;]{0,40}?(?:的)?(?:坚强|正确|有力|亲切)?(?:领导|指导)(?:下|和)")
FUTURE = re.compile(r"将|要|计划|力争|打算|拟|争取|确保")
DATELINE = re.compile(r"^[^，,。]{0,16}讯")
ABSTRACT = re.compile(r"^\s*(?:简述|摘要|内容摘要|导读)\s*[:：]")


def announcement(paragraphs: Sequence[str]) -> str | None:
    """The sentence in the first paragraphs that announces the report ("现将2022年度工作开展情况及
    2023年工作谋划报告如下"), read simplified, or None."""
    for para in paragraphs[:ANNOUNCE_PARAGRAPHS]:
        m = ANNOUNCE.search(para)
        if m:
            return m.group(0)
    return None


ANNOUNCE_PARAGRAPHS = 3
ANNOUNCE = re.compile(r"[^。；;！!？?]{0,80}?(?:现将|现就|特将|兹将)[^。；;！!？?]{0,60}?(?:总结|汇报|报告)如下")
PLAN_ANNOUNCED = re.compile(r"(?:现将|现就|特将|兹将)[^。；;！!？?]{0,60}?(?:计划|安排|打算|思路|要点)如下"
                             r"|提出[^，,。；;]{0,4}(?:(?:19|20)\d{2}|20[Xx×*]{2}|[Xx×*]{2,4})\s*年(?:度)?[^，,。；;]{0,12}?"
                             r"工作(?:任务|要点|计划|思路|安排)。?$")
NOT_A_WORK_REPORT = re.compile(r"致以[^。！!？?]{0,12}(?:新年|新春|春节|节日)[^。！!？?]{0,6}(?:祝福|问候)"
                                r"|政府信息公开(?:工作)?年度报告|本年度报告根据《[^》]{0,20}政府信息公开")
DISCLOSURE_SECTION = re.compile(r"依申请公开|收到和处理政府信息公开申请")
ANNOUNCE_VERB = re.compile(r"现将|现就|特将|兹将")
ANNOUNCED_KIND = re.compile(r"(总结|汇报|报告)如下$")


# A numbered item or section: "一、", "(二)", "1、", "2.", "一是", "01 " (a heading or an item's paragraph).
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}[、是]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}\s*[、.．](?!\d)|0\d\s)")
MIN_SECTIONS = 2
MIN_TENSE_PARAGRAPHS = 2
_DONE_ITEM = re.compile(r"完成了|已完成|已全部完成|已经|截至目前|截止目前|截至\d|截止\d|至\d{1,2}月底|累计|"
                        r"共(?:计)?(?:检测|建立|投入|培训|发放|开展|举办|接种|签约|筛查|救治|查处|办理|组织|完成|监测|检查|出动|下发)|"
                        r"(?:进行|召开|举办|制定下发|下发|印发|出台|草拟|取得)了")
_TARGET_ITEM = re.compile(r"力争|争取(?:解决|实现|达到|完成)|确保(?:完成|实现|达到)|(?:到|至)\s*(?:19|20)[\dXx×*]{2}\s*年"
                          r"|继续(?:做好|抓好)|计划(?:于|在)|拟于")
# A writer's name in brackets closing the text ("。(鲁云)", "。 (時艷) |"): not a bracket of the document's own.
_WRITER_CREDIT = re.compile(r"[。！!]\s*[(（]\s*([\u4e00-\u9fff]{2,3}(?:[\s、,，]+[\u4e00-\u9fff]{2,3}){0,2})\s*[)）]\s*[|｜]?\s*$")
_NOT_A_WRITER = re.compile(r"试行|草案|暂行|讨论稿|意见稿|修订|待续|完|附件|节选|摘要|全文|图片|下同|续|略|原文|转载|来源|供稿")
# An observance in the opening: "…是我国第四个老年健康宣传周", "2022年世界卫生日…".
_OBSERVANCE = re.compile(r"是[^，,。；;]{0,8}第[一二三四五六七八九十\d]{1,4}个[^，,。；;]{2,14}(?:日|周|月)"
                         r"|^\s*(?:19|20)\d{2}\s*年\s*(?:世界|全国|国际|中国)[^，,。；;]{1,12}(?:日|周|月)")


# A five-year plan's preamble closing on the plan it draws up ("…现结合我县实际,特制定磐安县卫生事业发展“十一五”
# (2006-2010年)规划。"): the page is that plan (其他 by the convention), not a year's work plan; a report that
# says the plan is to be drawn up ("要科学制定卫生健康“十四五”规划") does not announce itself so.
_FIVE_YEAR_DRAWN_UP = re.compile(r"现结合[^。；;！!？?]{0,40}?[，,]\s*(?:特)?(?:制定|制订|编制)[^。；;！!？?]{0,40}?"
                                 r"[“\"]?十[一二三四五六七八九]五[”\"]?[^。；;！!？?]{0,30}?规划\s*。?$")


def five_year_plan_preamble(paragraphs: Sequence[str]) -> str | None:
    """The sentence of the first paragraph that says the text is the five-year plan it draws up, or None."""
    if not paragraphs:
        return None
    for sentence in re.split(r"(?<=[。！!？?])", paragraphs[0]):
        m = _FIVE_YEAR_DRAWN_UP.search(sentence.strip())
        if m:
            return m.group(0)
    return None


# A yearbook's (年鉴's) entry: its heading in 【】 run into its text, which opens on its year and tells the county's work in the
# third person ("【医疗重点项目建设】2020年，陵水县投资1.37亿元…"). A report's own section so headed speaks as 我局/我县.
ALMANAC_ENTRY = re.compile(r"^\s*【[^【】]{2,20}】\s*((?:19|20)\d{2})\s*年(?:度)?[，,]")
_FIRST_PERSON = re.compile(r"我(?:局|委|县|区|市|旗|院|们)|本(?:局|委)")


def almanac_entry(paragraphs: Sequence[str]) -> str | None:
    """The text's first paragraph (the first with a sentence: the yearbook's catalogue lines, 书名: / 一级目:…, may stand
    above it) when the page is a yearbook's entry (above), or None."""
    first = next((p for p in paragraphs if "。" in p), None)
    if first is not None and ALMANAC_ENTRY.match(first) and not any(_FIRST_PERSON.search(p) for p in paragraphs):
        return first
    return None


def writer_credit(last: str) -> bool:
    m = _WRITER_CREDIT.search(to_simplified(last))
    return m is not None and not _NOT_A_WRITER.search(m.group(1))


def observance_opening(paragraphs: Sequence[str]) -> str | None:
    """The first sentence of the first or second paragraph, when it dates the text to an observance and its
    paragraph tells what was done for it (开展, 组织, 要求…): a mention of the day alone tells nothing."""
    for para in paragraphs[:2]:
        sentence = re.split(r"[。！!？?]", para, maxsplit=1)[0]
        m = _OBSERVANCE.search(sentence)
        if m and _OBSERVED.search(para, m.end()):
            return sentence
    return None


_OBSERVED = re.compile(r"开展|组织|举办|要求|启动|举行")


def sections(headings: Sequence[str], paragraphs: Sequence[str]) -> int:
    """How many top-level headings and numbered paragraphs the body has."""
    return len(headings) + sum(1 for p in paragraphs if _SECTION.match(p))


def kind_by_tense(headings: Sequence[str], paragraphs: Sequence[str]) -> tuple[str, str] | None:
    """A page cut from the middle of a report (a 范文 site's page 3 of 5), a list of items (一、… (二)… 1、…):
    the items' tense tells a summary (完成了, 截至目前, 共建立…) from a plan (力争, 到20xx年, 继续做好…), when
    they say one and never the other."""
    if sections(headings, paragraphs) < MIN_SECTIONS:
        return None
    done = sum(1 for p in paragraphs if _DONE_ITEM.search(p))
    target = sum(1 for p in paragraphs if _TARGET_ITEM.search(p))
    if done >= MIN_TENSE_PARAGRAPHS and not target:
        return "工作总结", f"各项所述已做的工作（{done} 段）"
    if target >= MIN_TENSE_PARAGRAPHS and not done:
        return "工作计划", f"各项所述目标（{target} 段）"
    return None


# A short line crediting the page's editor (责任编辑:葛振青, run into the writer's: 赵我行-文/图责任编辑:张晓泉) right after
# the body, as a news site prints under each item: an untitled page closed by one is a news item.
_EDITOR_CREDIT = re.compile(r"责任编辑\s*[:：]\s*[\u4e00-\u9fff]{2,4}")
EDITOR_LINE_MAX = 60
EDITOR_LINES = 4


def editor_credit(closing: Sequence[str], paragraphs: Sequence[str]) -> str | None:
    """The editor's credit line among the first lines removed after the body or the body's last short lines."""
    for line in [*closing[:EDITOR_LINES], *paragraphs[-EDITOR_LINES:]]:
        if len(line) <= EDITOR_LINE_MAX and _EDITOR_CREDIT.search(to_simplified(line)):
            return line
    return None


"""Sentences that say whether a year a text names is its work year (year_kind reads them; each function takes
paragraphs as ``evidence.reading`` reads them): the year a meeting looks ahead to, a meeting's text that reviews
last year and sets this one, a five-year plan's notice, the year of the funds the work draws on, a year said only
as a comparison's base, an inspection's year checked, several years' work, a document's own title at its top."""
from __future__ import annotations

import itertools
import re
from typing import Iterable, Sequence

from .dates import YEAR

# "…人民政府关于印发…卫生健康事业发展“十四五”规划等11个专项规划的通知(6.卫生健康篇)": a five-year plan's notice.
_FIVE_YEAR_PLAN = re.compile(r"^[^。；;！!？?]{0,60}?(?:印发|关于)[^。；;！!？?]{0,60}?[“\"]?十[一二三四五六七八九]五[”\"]?[^。；;！!？?]{0,30}?"
                             r"规划[^。；;！!？?]{0,20}?(?:通知|规划)(?:\s*[(（][^()（）]{0,20}[)）])?$")
# A year said only as the base of a comparison: "较2008年同期", "比2008年", "与2008年相比", "同比2008年".
COMPARED_YEAR = re.compile(r"(?:较|比|与|同比)\s*((?:19|20)\d{2})\s*年(?:同期|底|末)?")
# News of an inspection is of the year checked: "对2020年度…重点工作任务完成情况进行年终督查", or the inspection first,
# then the year's work it checks: "督查组现场检查了我县2015年各项重点检查计划进展落实情况".
CHECKED_YEAR = re.compile(r"对\s*((?:19|20)\d{2})\s*年(?:度)?[^。；;]{0,40}?(?:工作|任务)[^。；;]{0,20}?(?:督查|督导|检查|考核|验收|评估|考评)"
                          r"|(?:督查|督导|检查|考核|验收|评估|考评)了[^，,。；;]{0,6}?((?:19|20)\d{2})\s*年(?:度)?(?!以来)"
                          r"[^。；;]{0,30}?(?:工作|任务|计划)")
# "近年来，隆回县卫健局聚焦…": news of several years' work is of no one year, whatever its page's date.
SPAN_OF_YEARS = re.compile(r"近年来|近几年|近年|多年来|几年来|这些年")
# The document's own title where its text starts: a year, then the kind of report before any sentence ends.
OWN_TITLE_SPAN = 120
_OWN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年[^，,。；;！!？?]{0,24}?(总结|计划|打算|要点|汇报|方案)")
# "依托2018年东西部扶贫协作资金新建的…": the year of the funds the work draws on.
_FUNDS_YEAR = re.compile(r"(?:依托|利用|使用|下达|安排|争取|拨付|整合)\s*(?:19|20)\d{2}\s*年(?:度)?[^，,。；;]{0,14}?资金")
# "会议强调,2025年是“十四五”规划全面收官之年。全县卫健系统要…": the meeting speaking of the year ahead and its tasks.
_YEAR_AHEAD = re.compile(r"(?:^|[。；;！!])\s*(?:会议|会上)[^，,。；;]{0,4}?(?:强调|要求|提出|指出|号召)[，,：:]?\s*((?:19|20)\d{2})\s*年是"
                         r"[^。；;]{0,60}?[。；;][^。；;]{0,30}?要")
# "这次会议的主要任务是总结去年全县卫生…工作,…安排部署今年工作".
_LAST_AND_THIS = re.compile(r"(?:总结|回顾)[^。；;]{0,6}?去年[^。；;]{0,80}?(?:安排|部署)[^。；;]{0,6}?今年")


def five_year_plan(titles: Sequence[str], paragraphs: Sequence[str]) -> str | None:
    """A title, or a line of its own above the text's first sentence, that names a five-year plan it issues or is:
    a span of years, whatever the page's date line says."""
    heads = itertools.takewhile(lambda p: "。" not in p, paragraphs)
    return next((t.strip() for t in itertools.chain(titles, heads) if _FIVE_YEAR_PLAN.match(t.strip())), None)


def reviews_last_year(paragraphs: Sequence[str]) -> bool:
    """Whether the opening says the meeting reviews last year's work and sets this year's (总结去年…部署今年)."""
    return any(_LAST_AND_THIS.search(para) for para in paragraphs)


def year_ahead(opening: Sequence[str]) -> tuple[int, str] | None:
    """("会议指出,2024年,…" then "会议强调,2025年是…收官之年。…要…") the year the meeting speaks of as the one ahead,
    when the only other year the opening names is the one before: (year, its sentence)."""
    ahead = next((m for para in opening for m in [_YEAR_AHEAD.search(para)] if m), None)
    if ahead is None:
        return None
    year = int(ahead.group(1))
    named = {int(y.group(1)) for para in opening for y in YEAR.finditer(para)}
    return (year, ahead.group(0)) if named <= {year - 1, year} else None


def one_opening_year(paragraphs: Sequence[str], compared: re.Pattern[str]) -> tuple[int, str] | None:
    """The one year a body names (besides the years of funds and those ``compared`` matches) when a sentence opens
    on it ("2019年,新建61个…"): (year, its paragraph)."""
    own = {y.group(1) for para in paragraphs for y in YEAR.finditer(_FUNDS_YEAR.sub("", compared.sub("", para)))}
    if len(own) != 1:
        return None
    year = next(iter(own))
    opens = next((p for p in paragraphs if re.search(rf"(?:^|[。；;！!])\s*{year}\s*年(?:度)?[，,]", p)), None)
    return (int(year), opens) if opens is not None else None


def compared_only_year(paragraphs: Sequence[str]) -> int | None:
    """One year named, and the year before only as its comparison ("2009年,…", "较2008年同期…"): that year."""
    compared = {m.group(1) for para in paragraphs for m in COMPARED_YEAR.finditer(para)}
    own = {m.group(1) for para in paragraphs for m in YEAR.finditer(COMPARED_YEAR.sub("", para))}
    if len(own) == 1 and compared and {int(c) + 1 for c in compared} == {int(y) for y in own}:
        return int(own.pop())
    return None


def own_title(paragraph: str) -> tuple[re.Match[str], str, str] | None:
    """The title a document's text opens on ("1、…县卫生局二0一0年上半年平安生产工作总结和…"): (its year's match, the
    title up to its kind, the words around them), or None."""
    opening = paragraph[:OWN_TITLE_SPAN]
    m = _OWN_TITLE.search(opening)
    year = YEAR.match(opening, m.start()) if m else None
    return (year, opening[: m.end()], opening[max(0, m.start() - 10): m.end()]) if m and year else None


def body_names_year(paragraphs: Iterable[str], year: str) -> bool:
    return any(year in m.group(1) for para in paragraphs for m in YEAR.finditer(para))

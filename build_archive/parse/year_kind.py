"""When and what a report is: its work year, the period of the year, and its kind (doc_type).

The three are read together from the same words (the title, the top-level headings, the first
paragraphs): a title's kind decides which of its years is the work year, and a meeting's year
is read the way a meeting report is recognised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import YEAR, anniversary_year, period_named, read_date
from .evidence import AGENCY_WORDS, Evidence, Found, evaluates_bureau, fallback_titles, reading
from .compilations import is_compilation, years_only_in_titles
from .year_shapes import (CHECKED_YEAR, COMPARED_YEAR, SPAN_OF_YEARS, body_names_year, compared_only_year,
                          five_year_plan, one_opening_year, own_title, reviews_last_year, year_ahead)
from .untitled import (editor_credit, ABSTRACT, ANNOUNCE_PARAGRAPHS, ANNOUNCE_VERB, ANNOUNCED_KIND, DATELINE, DISCLOSURE_SECTION, FUTURE, LED_BY,
                       MIN_SECTIONS, NOT_A_WORK_REPORT, PLAN_ANNOUNCED, announcement, kind_by_tense,
                       ALMANAC_ENTRY, almanac_entry, five_year_plan_preamble, observance_opening, sections, writer_credit)
from .news_leads import CREDITED_DATELINE, LEAD_DAY, NEWS_LEAD, VISIT_LEAD, WIRE_DATELINE, event_year, news_after_background, news_after_purpose
from .notices import announced_notice, notice_year
from .meetings import (attended_other_level, LEAD_MEETING, MEETING_SUBJECT, MEETING_YEAR, PLAN_YEAR,
                       REVIEW_YEAR, is_work_meeting, lead_reports_work_meeting, meeting_names)
from .title_kinds import _HEADLINE_VERB, _PLAN, _POINTS, _SUMMARY, kind_of_title
from ..core.model import Flag
from ..core.tradsimp import to_simplified


# "2020年，…", "简述:2024年,…", "2021年上半年，…", "2020年以来，…": a summary opening on its year.
_LEAD_YEAR = re.compile(r"^(?:简述[:：]|(?:本报讯|[^，,。“”\"]{0,12}讯)?\s*(?:[(（][^()（）]{2,30}[)）])?\s*[“\"]?)?\s*((?:19|20)\d{2})\s*年(?:度)?(?:上半年|下半年|前三季度|1-\d{1,2}月)?(?:以来|来)?(?:[，,、]|是)")


def _kind_lines(ev: Evidence) -> list[tuple[str, str]]:
    """Where the report says what it is: its title, else its top-level headings."""
    if ev.title:
        return [("标题", reading(ev.title))]
    return [("小标题", h) for h in map(reading, ev.headings)
            if YEAR.search(h) or _SUMMARY.search(h) or _PLAN.search(h)]


@dataclass(frozen=True)
class YearFound:
    """The work year and the text right after it (where a period such as 上半年 is named)."""

    year: int
    evidence: str
    after: str
    before_next_year: str


def extract_year(ev: Evidence, doc_type: str | None) -> tuple[YearFound | None, list[Flag]]:
    """The work year (see _work_year), unless it is a 范文 compilation's: a year its titles name
    ("2023年卫生局上半年工作总结(十五篇)", "第1篇 2023年…工作总结 1850字") and its reports' own text never does
    is the year the site re-dated it to (b004's body is 2011's, e019's 2014's): none, flagged."""
    found, flags = _work_year(ev, doc_type)
    if found is not None and found.year in _compilation_years(ev):
        return None, [Flag("year-conflict", f"合集标题中的 {found.year} 年在正文中未见，疑为转载网站改动的年份，未采用")]
    return found, flags


def _compilation_years(ev: Evidence) -> set[int]:
    titles = [reading(t) for t in ([ev.title] if ev.title else []) + [t for _w, t in fallback_titles(ev)]]
    if not is_compilation(titles, reading(ev.paragraphs[0]) if ev.paragraphs else ""):
        return set()
    return years_only_in_titles(titles, [reading(p) for p in (*ev.paragraphs, *ev.headings)])


def _work_year(ev: Evidence, doc_type: str | None) -> tuple[YearFound | None, list[Flag]]:
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
    titles = [t for _w, t in _kind_lines(ev)[:1]] + [t for _w, t in fallback_titles(ev)] if not ev.title else \
        [reading(ev.title)]
    for text in titles:
        span = _YEAR_RANGE.search(reading(text))
        if span:
            return None, [Flag("year-span", f"标题所述为 {span.group(0)} 的多年规划或工作，无单一年度")]
    plan = five_year_plan(list(map(reading, titles)), list(map(reading, ev.paragraphs)))
    if not plan and not ev.title:
        plan = five_year_plan_preamble(tuple(map(reading, ev.paragraphs)))
    if plan:
        return None, [Flag("year-span", f"所载为五年规划（{plan[:40]}），无单一年度")]
    opening = reading(ev.paragraphs[0]) if ev.paragraphs else ""
    if ev.glued_title and opening.startswith(reading(ev.glued_title)):
        opening = opening[len(ev.glued_title):]
    if _PLACEHOLDER_YEAR.match(opening) and any(YEAR.search(reading(t)) for t in titles):
        return None, [Flag("year-conflict", "正文开头的年份被隐去（20XX年），标题所写年份可能是转载网站所加，未采用")]
    announced = announcement(tuple(map(reading, ev.paragraphs))) if not ev.title else None
    m = YEAR.search(announced) if announced else None
    if m and _summary_and_plan_of_one_year(announced, m):
        # "现将2023年工作总结和2023年工作安排汇报如下": as in a title (below), a re-dated template.
        return None, [Flag("year-conflict", f"开头所述总结与计划同为 {m.group(1)} 年，疑为转载网站改动的年份，未采用")]
    if m:
        # "按照区政府2007年工作总结和2008年工作安排的通知要求，现就卫生工作的情况总结如下", "现将2022年度
        # 工作开展情况及2023年工作谋划报告如下": the sentence that announces a report without a
        # title names its year first, ahead of a later section's plan year (三、2023年工作计划).
        return _year_found(m, announced, f"开头: …{announced[-50:]}", whole_line=False), []
    for where, text in _kind_lines(ev):
        m = YEAR.search(text)
        blank = _BLANK_SUMMARY_YEAR.search(text)
        if m and blank and blank.start() < m.start() and doc_type == "总结和计划":
            # "XX县卫生健康局202x年工作总结和2021年工作打算": the summary is of the year before the plan's.
            return YearFound(int(m.group(1)) - 1, f"{where}（计划之前一年）: {text}", "", ""), []
        if m and doc_type == "总结和计划" and where == "标题" and _SUMMARY.search(_without_agency(text[: m.start()])):
            # "区卫健局工作总结暨2024年工作部署": the year named is the plan's, the summary's is not said.
            return None, []
        if m:
            if re.match(r"\s*(?:度)?以来", text[m.end():]) and YEAR.search(text, m.end()):
                return None, [Flag("year-span", f"标题所述为“{m.group(0)}以来”的多年工作，无单一年度")]
            found = _year_found(m, text, f"{where}: {text}")
            if doc_type == "总结和计划" and _summary_and_plan_of_one_year(text, m):
                # "县卫生局2024年工作总结及2024年工作打算": a summary and a plan of one year is a
                # template re-dated by the site that shows it.
                return None, [Flag("year-conflict", f"标题中总结与计划同为 {m.group(1)} 年，疑为转载网站改动的年份，未采用")]
            if (lead_year is not None and lead_year.year != found.year and where == "标题"
                    and doc_type in ("工作总结", "总结和计划")):
                return lead_year, [Flag("year-conflict", f"标题年份 {found.year} 与正文开头的 {lead_year.year} 年不符，"
                                                         "采用正文")]
            body_year = _only_body_year(ev) if where == "标题" and doc_type in ("会议报道", "其他") else None
            if body_year is not None and body_year != found.year:
                # "区卫健局组织收看2023年广西卫生健康工作视频会" over a body that says 2021 five times
                # and 2023 never: the news was re-dated by the site that copied it.
                return YearFound(body_year, f"正文所述年份（标题 {found.year} 年正文未见）", "", ""), [
                    Flag("year-conflict", f"标题年份 {found.year} 正文未见，正文只写 {body_year} 年，采用正文")]
            return found, []
    # A title that states neither a year nor a kind ("【概述】", a widget's "收藏 分享") tells less than the
    # title a 范文/文库 site gave the page.
    if not ev.title or (not YEAR.search(reading(ev.title)) and kind_of_title(_without_agency(reading(ev.title))) is None):
        for where, title in fallback_titles(ev):
            text = reading(title)
            m = YEAR.search(text)
            if m:
                own = _own_title_year(ev) if title == ev.page_title else None
                if own is not None and own.year != int(m.group(1)) and not body_names_year(map(reading, ev.paragraphs), m.group(1)):
                    # A 文库 file named "2023年卫生局上半年…工作总结" over a document whose own title, at the start
                    # of its text, says 二0一0年 and whose text never says 2023: the site re-dated it.
                    return own, [Flag("year-conflict", f"网站所拟标题的 {m.group(1)} 年正文未见，采用正文开头文件标题的 "
                                                       f"{own.year} 年")]
                return _year_found(m, text, f"{where}: {title}"), []
    if doc_type == "其他" and (dated := notice_year(ev.title and reading(ev.title), [*map(reading, ev.paragraphs)], (*ev.header_lines, *ev.signature))):
        return YearFound(*dated, "", ""), []
    # News (a meeting, a visit) is of the year it happened: its plan or meeting year, else its date.
    # (A New-Year letter is no news: "在2020年到来之际…2019年，我们…" reviews the year it opens on.)
    # (Nor is a 人大/政协 body's evaluation of the bureau: its page's upload date is no day of an event.)
    letter = not ev.title and bool(ev.paragraphs) and (NOT_A_WORK_REPORT.search(reading(ev.paragraphs[0])) is not None
                                                       or evaluates_bureau(tuple(map(reading, ev.paragraphs))))
    if doc_type in ("会议报道", "其他") and not letter or _news_title(ev):
        meeting = _meeting_year(ev, news_only=doc_type != "会议报道", news=doc_type in ("会议报道", "其他"))
        if meeting is not None:
            return meeting, []
    if lead_year is not None:
        # "这次会议的主要任务是总结去年…工作,…安排部署今年工作" over "2008年,是我县…极不平凡的一年": a meeting's text whose
        # year said is the one it reviews (去年), its work year (今年) said in no digits: none.
        if reviews_last_year(list(map(reading, ev.paragraphs[:MEETING_PARAGRAPHS]))):
            return None, [Flag("year-conflict", f"会议总结去年、部署今年，正文所写 {lead_year.year} 年是所总结之年，"
                                                "今年未写明")]
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
    return _year_said_otherwise(ev, doc_type), []


def _own_title_year(ev: Evidence) -> YearFound | None:
    """The year of the title a document's text opens on ("1、…县卫生局二0一0年上半年平安生产工作总结和…"), if any."""
    found = own_title(reading(ev.paragraphs[0])) if ev.paragraphs else None
    return _year_found(found[0], found[1], f"正文开头的文件标题: {found[2]}") if found else None


# The sentence whose subject, right after the year, is a bureau: "2025年,特克斯县卫生健康委员会紧扣…".
YEAR_BUREAU_SUBJECT = re.compile(r"^\s*(?:19|20)\d{2}\s*年(?:度)?[，,]\s*[\u4e00-\u9fff]{0,10}?(?:"
                                  + "|".join(AGENCY_WORDS) + r")(?!局长|主任|党组|党委|的|和|、|与)")


def _year_said_otherwise(ev: Evidence, doc_type: str | None) -> YearFound | None:
    """The last resort, for a text that names its year in neither the title nor a lead: a body
    that opens on a year and names no other; one year named and the year before only as its comparison;
    news (not a summary or plan) that celebrates an anniversary of a known year (建党100周年 = 2021) and names no year."""
    read = list(map(reading, ev.paragraphs))
    named = {m.group(1) for para in read for m in YEAR.finditer(para)}
    m = _OPENING_YEAR.match(read[0]) if read else None
    if m and named == {m.group(1)}:
        return YearFound(int(m.group(1)), f"首段开头: {read[0][:40]}", "", "")
    compared = compared_only_year(read)
    if compared is not None:
        return YearFound(compared, f"正文所述年份 {compared}（另只写作比较的 {compared - 1} 年）", "", "")
    if named or doc_type not in ("其他", "会议报道", None):
        return None
    said = next((a for a in map(anniversary_year, read[:MEETING_PARAGRAPHS]) if a), None)
    return YearFound(said[0], f"正文所述周年: {said[1]}", "", "") if said else None


# "2022年世界卫生日…": a body that opens on a year, even not as a lead ("2022年，…").
_OPENING_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*年")
_HALF_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(上半年|下半年|前三季度|第[一二三四]季度)")
_PART_OF_YEAR = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})月份?(工作)?(总结|计划|小结|汇报)|上半年|下半年|第[一二三四]季度")


def _news_title(ev: Evidence) -> bool:
    """A title that reports an event: a meeting held, a visit, an inspection."""
    return bool(ev.title) and _EVENT.search(to_simplified(ev.title)) is not None


_EVENT = re.compile(r"(召开|举行|举办|调研|视察|督查|督导|检查|慰问|走访|考察|会议?$)")


def _lead_year(ev: Evidence) -> YearFound | None:
    for k, para in enumerate(map(reading, ev.paragraphs[:3])):
        glued = reading(ev.glued_title) if k == 0 and ev.glued_title else ""
        if glued and para.startswith(glued):
            # "XX年区卫生工作总结报告2014年，在区委…": the body opens after the title run into it.
            para = para[len(glued):]
        m = _LEAD_YEAR.match(para)
        if m:
            # The period is read right after the year ("2022年上半年,…"), not after the whole lead.
            year = YEAR.match(para, m.start(1))
            return _year_found(year or m, para, f"首段: {para[:40]}", whole_line=False)
    # A yearbook's entry is of the year it opens on ("【医疗重点项目建设】2020年，…").
    entry = almanac_entry(tuple(map(reading, ev.paragraphs))) if not ev.title else None
    if entry is not None:
        m = ALMANAC_ENTRY.match(entry)
        return _year_found(YEAR.match(entry, m.start(1)) or m, entry, f"年鉴条目: {entry[:40]}", whole_line=False)
    return None


_BLANK_SUMMARY_YEAR = re.compile(r"(?:19|20)(?:[Xx×*]{2}|\d[Xx×*])\s*年(?:度)?[^\d]{0,8}总结")
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年")
# A body opening on a year a 范文 site blanked out: "201X年，是…", "20XX年，", "xx年，".
_PLACEHOLDER_YEAR = re.compile(r"^\s*(?:(?:19|20)(?:[Xx×＊*]{2}|\d[Xx×＊*])|[Xx×＊*]{2,4})\s*年(?:度)?[，,、是]")
_DATED_LEAD = re.compile(r"^[^，,。]{0,20}?((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_PART_REVIEWED = re.compile(r"\s*(?:度)?\s*(?:上半年|前三季度|第?[一二三]季度|1\s*[-—~至到]\s*\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月份?)")


MEETING_PARAGRAPHS = 3
_NAMED_YEAR_OF = re.compile(r"((?:19|20)\d{2})\s*年度")


def _meeting_year(ev: Evidence, news_only: bool = False, news: bool = True) -> YearFound | None:
    """``news_only``: news that is not a meeting's report (an award, a campaign, a visit): its page's
    date gives its year only when the body names that year or none (a page dated 2014 about an award
    for 2013's work says 2013; a meeting dated 2017 that reviews 2016 is of 2017) and its first
    paragraph does not review several years (近年来，…)."""
    lead = reading(ev.lead)
    first = reading(ev.paragraphs[0]) if ev.paragraphs else ""
    # A meeting named by the one year it reviews ("1月13日…召开2022年度总结暨表彰大会", "2023年1月30日,…召开2022年度
    # 党组织书记抓党建工作述职评议大会") is that year's, as its title would be, whenever it is held.
    for name in meeting_names(lead):
        # The whole combined name (…2017年度工作总结会暨2018年工作部署会), to the end of its clause.
        start = lead.find(name)
        whole = re.split(r"[，,。；;]", lead[start:], maxsplit=1)[0]
        m = _NAMED_YEAR_OF.search(name)
        if m and set(YEAR.findall(whole)) == {m.group(1)}:
            return YearFound(int(m.group(1)), f"会议名所述年度: {whole}", "", "")
    # A dateline with its year ("2017年3月8日上午，中牟县在县政府召开…").
    m = _DATED_LEAD.match(first)
    if m:
        return YearFound(int(m.group(1)), f"首句日期: {first[:40]}", "", "")
    second = reading(ev.paragraphs[1]) if len(ev.paragraphs) > 1 else ""
    for text, where in ((lead, "正文首句"), (first, "首段"), (second, "第二段")):
        m = PLAN_YEAR.search(text)
        if m:
            year = int(next(g for g in m.groups() if g))
            return YearFound(year, f"{where}（部署之年）: {text[:60]}", "", "")
        m = MEETING_YEAR.search(text) if where != "第二段" else None
        if m:
            return _year_found(m, text, f"{where}: {text[:60]}", whole_line=False)
    m = REVIEW_YEAR.search(first)
    if m:
        return _after_review(m, "首段", first)
    # "会议指出,2024年,全县卫健系统…" then "会议强调,2025年是…收官之年…全县卫健系统要…": the year the meeting speaks of as
    # the one ahead is the one it sets, when the only other year its first paragraphs name is the one before.
    ahead = year_ahead([reading(p) for p in ev.paragraphs[:MEETING_PARAGRAPHS + 1]]) if not news_only else None
    if ahead is not None:
        return YearFound(ahead[0], f"会议所说的来年: {ahead[1][:40]}", "", "")
    # News of an inspection is of the year whose work was inspected ("对2020年度涪陵区卫生健康重点工作任务
    # 完成情况进行年终督查", written up in January 2021).
    for where, text in zip(("首段", "第二段", "第三段"), map(reading, ev.paragraphs[:MEETING_PARAGRAPHS])):
        m = CHECKED_YEAR.search(text)
        if m:
            return YearFound(int(m.group(1) or m.group(2)), f"{where}（督查之年）: {text[:60]}", "", "")
    # The page's date line, at its head or closing a news item ("…安全度汛工作。" / "2022年7月29日"); a report's
    # closing date (泾县卫生健康委员会 / 2021年4月2日 under a briefing) is when it was written, not its work year.
    for line in (*ev.header_lines, *(ev.signature if news else ())):
        date = read_date(line)
        if date and date.value:
            year = event_year(date.value, lead)
            # A lead dated days before the page ("5月24日,…复评检查", page of 2016-05-26) reports that event:
            # a year only a later paragraph names is its background (2009年,宁县被评为…), not its year.
            dated = year is not None and LEAD_DAY.search(lead) is not None
            named = {m.group(1) for para in (ev.paragraphs[:1] if dated else ev.paragraphs)  # (2017-2020年): no year
                     for m in YEAR.finditer(_YEAR_RANGE.sub("", reading(para)))}
            if news_only and (named and str(year) not in named or SPAN_OF_YEARS.search(first)):
                break
            if year is not None:
                return YearFound(year, f"页首日期: {line}", "", "")
            break
    # Undated: the year after the one the meeting reviews or commends, said further on
    # ("会议总结回顾了2015年…", "通报表扬了2023年度…先进单位").
    for k, para in enumerate(ev.paragraphs[1:MEETING_PARAGRAPHS], 2):
        m = REVIEW_YEAR.search(reading(para))
        if m:
            return _after_review(m, f"第{k}段", para)
    # Undated news naming one year only ("…听取了局长对2019年卫生健康工作的汇报"): that year (not one it only
    # compares with: "较2008年同期有提升").
    years = {m.group(1) for m in YEAR.finditer(COMPARED_YEAR.sub("", first))}
    if len(years) == 1:
        return YearFound(int(years.pop()), f"首段所述年份: {first[:60]}", "", "")
    # Undated news whose lead names no year but whose body names one, again and again and no other
    # ("会议通报了…2017年“两癌”筛查…、全县2017年儿童营养包…、2017年度爱婴医院复审…"): that year.
    only = _only_body_year(ev) if not years else None
    if only is not None:
        return YearFound(only, f"正文所述年份（{MIN_BODY_YEAR_MENTIONS} 次以上，别无他年）", "", "")
    # Undated news naming one year in a sentence that opens on it ("2019年,新建61个…"), and no other but the year of the
    # funds the work draws on ("依托2018年东西部扶贫协作资金新建的…") or of a comparison: that year.
    read = list(map(reading, ev.paragraphs))
    opening_year = None if years or reviews_last_year(read[:MEETING_PARAGRAPHS]) else one_opening_year(read, COMPARED_YEAR)
    if opening_year is not None:
        return YearFound(opening_year[0], f"正文以该年开头的句子（别无他年，资金或比较之年除外）: {opening_year[1][:40]}", "", "")
    # Undated news after a background lead (近年来,…), its next paragraph opening on the date, the only year named.
    if not years and second:
        m = _DATED_LEAD.match(second)
        named = {y.group(1) for para in ev.paragraphs for y in YEAR.finditer(reading(para))}
        if m and named == {m.group(1)}:
            return YearFound(int(m.group(1)), f"第二段日期: {second[:40]}", "", "")
    return None


MIN_BODY_YEAR_MENTIONS = 3


def _only_body_year(ev: Evidence) -> int | None:
    """The one year a body names, when it names it at least three times and no other year."""
    years = [m.group(1) for para in ev.paragraphs for m in YEAR.finditer(reading(para))]
    if len(years) >= MIN_BODY_YEAR_MENTIONS and len(set(years)) == 1:
        return int(years[0])
    return None


def _after_review(m: re.Match[str], where: str, text: str) -> YearFound:
    """The meeting's year from the year it reviews: the next one, unless only part of that year is
    reviewed ("总结2016年上半年工作实绩" is a mid-year meeting of 2016)."""
    if _PART_REVIEWED.match(m.string, m.end()):
        return YearFound(int(m.group(1)), f"{where}（总结本年部分时段）: {text[:60]}", "", "")
    return YearFound(int(m.group(1)) + 1, f"{where}（总结上一年）: {text[:60]}", "", "")


def _year_found(m: re.Match[str], text: str, evidence: str, whole_line: bool = True) -> YearFound:
    """``whole_line``: the text is a title or heading, so a period it names anywhere before the
    next year is the report's ("东安县卫健局上半年工作总结"); in a paragraph only the words right
    after the year count ("2020年，…下半年将…" is not a 下半年 report)."""
    after = text[m.end():]
    nxt = YEAR.search(text, m.end())
    before_next = (text[: nxt.start()] if nxt else text) if whole_line else ""
    return YearFound(int(m.group(1)), evidence, after, before_next)


def extract_period(year: YearFound | None) -> Found | None:
    """The period of the year the work year's words name (dates.period_named), with their evidence."""
    return Found(period_named(year.after, year.before_next_year), year.evidence) if year is not None else None


# 计划 inside 卫生和计划生育局 or 计划生育工作 is not a plan.
_NOT_KIND_WORDS = re.compile("|".join(AGENCY_WORDS) + "|计划生育|计生")


def _without_agency(text: str) -> str:
    return _NOT_KIND_WORDS.sub("□", text)


def _summary_and_plan_of_one_year(text: str, m: re.Match[str]) -> bool:
    """Whether ``text`` names, after the year ``m``, a summary and then a plan of that same year
    ("2024年工作总结及2024年工作打算")."""
    second = YEAR.search(text, m.end())
    return (second is not None and second.group(1) == m.group(1)
            and _SUMMARY.search(_without_agency(text[m.end():second.start()])) is not None
            and _PLAN.search(_without_agency(text[second.end():])) is not None)


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
        if kind in ("工作计划", "工作总结") and _HEADLINE_VERB.search(title):
            if LEAD_MEETING.search(to_simplified(ev.lead)):
                return Found("会议报道", f"标题: {ev.title}；正文首句: {ev.lead[:40]}")
            # The meeting named further on: "在不久前召开的内乡县卫生健康业务工作会上，…" after a quote,
            # or the meeting as the subject ("会议还对2009年度…进行了表彰") in a page cut before its lead.
            for k, para in enumerate(map(to_simplified, ev.paragraphs[:2]), 1):
                m = LEAD_MEETING.search(para) or MEETING_SUBJECT.search(para)
                if m:
                    return Found("会议报道", f"标题: {ev.title}；第{k}段: {para[max(0, m.start() - 10):m.end() + 10]}")
            # No meeting: a headline whose kind is its verb alone ("兴仁积极谋划新年人口计生重点工作") over a dated news
            # lead ("近日，兴仁县卫计系统积极谋划2018年度…") is a reporter's item about the work (其他), not the plan.
            if NEWS_LEAD.match(to_simplified(ev.lead)):
                return Found("其他", f"标题: {ev.title}；正文首句: {ev.lead[:40]}")
        if kind is not None:
            return Found(_one_matter(kind, ev.title, ev), f"标题: {ev.title}")
        # A title that states no kind ("【概述】", a motto) under the title a 范文/文库 site gave the page.
        if ev.page_title:
            kind = kind_of_title(_without_agency(to_simplified(ev.page_title)))
            if kind is not None:
                return Found(_one_matter(kind, ev.page_title, ev), f"网站所拟标题: {ev.page_title}")
    else:
        for where, text in fallback_titles(ev):
            kind = kind_of_title(_without_agency(to_simplified(text)))
            if kind is not None:
                return Found(_one_matter(kind, text, ev), f"{where}: {text}")
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
        if not ev.title and any(YEAR.search(h) for h in headings):
            return Found("工作总结" if summary else "工作计划", where)
    # A news title that names no kind ("我县全面部署今年卫生健康工作") over a first sentence that
    # reports a meeting held ("2月28日，五华县召开2020年卫生健康工作会议") is meeting news.
    lead = to_simplified(ev.lead)
    if LEAD_MEETING.search(lead):
        first = reading(ev.paragraphs[0]) if ev.paragraphs else ""
        opening = " ".join(reading(p) for p in ev.paragraphs[:2])
        work = lead_reports_work_meeting(lead, reading(ev.lead), first, opening, _opening(ev))
        if work and attended_other_level(reading(ev.lead), " ".join(map(reading, ev.paragraphs))):
            return Found("其他", f"正文首句与本县参会: {lead[:60]}")
        kind = "会议报道" if work else "其他"
        return Found(kind, f"正文首句: {lead[:60]}")
    # A page without a title whose opening announces what follows as its account ("现将有关工作情况总结
    # 如下", "现就卫生工作的情况报告如下") is a summary: only a report to its superiors says so.
    read = tuple(map(reading, ev.paragraphs))
    announced = announcement(read)
    if not ev.title and announced is not None and ANNOUNCED_KIND.search(announced) and not LEAD_MEETING.search(lead):
        # "现将202x年工作开展情况及202x年工作谋划报告如下": the work done and the plan, announced together.
        # (Only what follows 现将: "按照…2007年工作总结和2008年工作安排的通知要求，现就…总结如下" announces a summary.)
        what = _without_agency(announced[ANNOUNCE_VERB.search(announced).start():ANNOUNCED_KIND.search(announced).start()])
        if _SUMMARY.search(what) and _PLAN.search(what):
            return Found("总结和计划", f"开头: …{announced[-40:]}")
        return Found("工作总结", f"开头: …{announced[-40:]}")
    if not ev.title and (notice := announced_notice(read)) is not None:  # 现将有关事项公告如下: a notice (其他)
        return Found("其他", f"开头: …{notice[-40:]}")
    # Likewise a plan: "现将2015年工作安排如下", "…为…，提出2012年卫生工作任务。" closing its preamble.
    if not ev.title and not LEAD_MEETING.search(lead):
        for para in ev.paragraphs[:ANNOUNCE_PARAGRAPHS]:
            m = PLAN_ANNOUNCED.search(reading(para))
            if m:
                return Found("工作计划", f"开头: …{m.group(0)[-40:]}")
    # A page without a title that opens on New-Year greetings ("向全区卫生健康工作者致以新年的美好祝福") is a
    # letter, one that says it is the 政府信息公开 annual report is that report: neither is a work report
    # of the kinds above, whatever year it reviews.
    if not ev.title and ev.paragraphs:
        m = NOT_A_WORK_REPORT.search(reading(ev.paragraphs[0]))
        if m:
            return Found("其他", f"首段: …{ev.paragraphs[0][max(0, m.start() - 20):m.end()]}")
        # The 政府信息公开 annual report without its title: it opens on that work and has the section every
        # such report has (依申请公开情况, 收到和处理政府信息公开申请情况); a work summary's 政务公开 item does not
        # open the report.
        section = next((p for p in ev.paragraphs[1:ANNOUNCE_PARAGRAPHS * 2] if DISCLOSURE_SECTION.search(reading(p))),
                       None)
        if section is not None and "政府信息公开" in reading(ev.paragraphs[0]):
            return Found("其他", f"首段与政府信息公开年报的栏目: {section[:30]}")
    # A page without a title whose preamble says it draws up a five-year plan ("现结合我县实际,制定…“十三五”发展规划") is
    # that plan (其他), whatever its sections review or set.
    if not ev.title and (drawn := five_year_plan_preamble(read)) is not None:
        return Found("其他", f"首段所述五年规划: …{drawn[-40:]}")
    if not ev.title and (entry := almanac_entry(read)) is not None:  # a yearbook's entry (其他)
        return Found("其他", f"年鉴条目: {entry[:30]}")
    # A page without a title whose first sentence is a dated news lead ("6月13日上午，县委书记…到县
    # 卫生健康局调研。"), or opens on an outlet's dateline with its credit, is a news item (whatever
    # results it reports: the labels' convention files news about the work as 其他).
    first_para = to_simplified(ev.paragraphs[0]) if ev.paragraphs else ""
    if not ev.title and (NEWS_LEAD.match(lead) or CREDITED_DATELINE.match(lead) or WIRE_DATELINE.match(lead)
                         or news_after_purpose(lead) or news_after_purpose(first_para) or news_after_background(first_para)
                         or (VISIT_LEAD.search(lead) and not _LEAD_YEAR.match(lead))):
        return Found("其他", f"正文首句: {lead[:60]}")
    # A page without a title closing on its writer's name in brackets ("…高质量发展。(鲁云)"), as a reporter's credit
    # closes news, or whose opening is dated to an observance it acts on (…是我国第四个老年健康宣传周) is news.
    if not ev.title and ev.paragraphs:
        if writer_credit(ev.paragraphs[-1]):
            return Found("其他", f"正文末的作者署名: …{ev.paragraphs[-1][-30:]}")
        observance = observance_opening(read)
        if observance:
            return Found("其他", f"开头所述纪念日: {observance[:50]}")
        if evaluates_bureau(read):
            return Found("其他", f"首段所述人大/政协的评议: {ev.paragraphs[0][:40]}")
    # A page without a title whose body opens on its year ("2022年，…") and whose first section
    # reviews the work done ("一、主要工作") is a summary.
    if not ev.title and headings and _DONE.search(headings[0]) and ev.paragraphs and _LEAD_YEAR.match(reading(ev.paragraphs[0])):
        return Found("工作总结", f"首段与小标题: {ev.paragraphs[0][:20]}…；{ev.headings[0]}")
    # A page without a title whose first sentence opens on its year and says under whose direction the
    # work was done ("2021年，县卫健局在县委县政府的坚强领导和上级主管部门的悉心指导下，紧扣…") is a
    # summary: a plan's opening says what will be done (将, 要, 力争), news opens on its day. (A portal's
    # abstract, "简述:2024年,…", is the site's line about the page, not the report's own opening.)
    if not ev.title and ev.paragraphs and not ABSTRACT.match(ev.paragraphs[0]):
        sentence = re.split(r"[。！!？?]", reading(ev.paragraphs[0]), maxsplit=1)[0]
        if (_LEAD_YEAR.match(sentence) and LED_BY.search(sentence) and not FUTURE.search(sentence)
                and not NEWS_LEAD.match(sentence) and not DATELINE.match(sentence)):
            return Found("工作总结", f"首句: {sentence[:50]}")
        # Its year, then the bureau as subject ("2025年,X县卫生健康委员会紧扣…"), over numbered sections ("01 以…").
        if YEAR_BUREAU_SUBJECT.match(sentence) and not FUTURE.search(sentence) and sections(ev.headings, read) >= MIN_SECTIONS:
            return Found("工作总结", f"首句与分节: {sentence[:50]}")
    # A list of items cut from a report (一、… (二)… 1、…): its items' tense may tell a summary from a plan.
    told = kind_by_tense(tuple(map(reading, ev.headings)), read) if not ev.title and not fallback_titles(ev) else None
    if told is not None:
        return Found(*told)
    # Last, an untitled page closed by its editor's credit (责任编辑:葛振青) is a news item.
    editor = editor_credit(ev.closing_lines, ev.paragraphs) if not ev.title else None
    if editor is not None:
        return Found("其他", f"正文后的责任编辑署名: {editor[:40]}")
    return Found("其他", f"标题: {ev.title}") if ev.title else None


def _opening(ev: Evidence) -> str:
    return " ".join(map(reading, ev.paragraphs[:MEETING_PARAGRAPHS]))


def _one_matter(kind: str, headline: str, ev: Evidence) -> str:
    """A headline's 会议报道 is news (其他) when the meeting it names is on one field or task
    ("岐山县召开2022年卫生健康宣传工作会议") or another level's (全市…推进会在我区召开), and the report
    does not say it reviewed or set the year's work as a whole (meetings.py)."""
    if kind == "会议报道" and is_work_meeting(reading(headline), _opening(ev)) is False:
        return "其他"
    return kind


_DONE = re.compile(r"(主要工作|工作开展情况|工作完成情况|主要成效|工作成效|取得的成效|取得的成绩|工作回顾)")

"""The shapes of a news item's first sentence, which tell news from a report without a title."""
from __future__ import annotations

import datetime as dt
import re

# "6月13日上午，…", "近日，…", "本报讯 (记者…) 5日，…": a dated news lead.
# (A span of days too: "7月15-16日，…".)
NEWS_LEAD = re.compile(r"^(本报讯|[^，,。]{0,16}讯)?\s*([(（][^()（）]{2,20}[)）])?\s*(((\d{1,2}|[一二三四五六七八九十]{1,3})月)?(\d{1,2}|[一二三四五六七八九十]{1,3})(?:\s*[-—–至]\s*\d{1,2})?日"
                        r"|(近日|日前|昨日|昨天|今日|今天|前不久)(上午|下午|晚上)?[，,])")
# "中宏网内蒙古9月1日电 今年以来,…": a wire dateline (an outlet, a place, the day, 电/讯) is news, whatever follows.
WIRE_DATELINE = re.compile(r"^[^，,。；;\s]{2,16}?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:电|讯)")
# "本网讯 (通讯员 姜丽芳 何恒)2014年,我县将继续…", "…通渭讯 (甘肃经济日报记者 刘 峰 通讯员 马亚江)": an outlet's dateline with
# its credit (a paper's name may come before 记者) is news, whatever follows.
CREDITED_DATELINE = re.compile(r"^(本报讯|本网讯|[^，,。]{0,16}讯)\s*[(（][^()（）]{0,10}(记者|通讯员|报道|融媒)[^()（）]{0,20}[)）]")
# A lead that opens on its purpose ("为认真学习贯彻…,切实做好…工作,近日,县卫生健康局组织召开…") or a short
# caption ("医改调研 11月30日上午,…") before its day is a news lead too; a report's opening purpose is
# followed by its year or its work, not by a day.
_PURPOSE = re.compile(r"^(?:为|按照|根据|围绕)[^。；;！!？?]{2,120}?[，,]")
_CAPTION = re.compile(r"^[\u4e00-\u9fff]{2,8}\s+(?=\d)")


# "…主任吴洪波…等一行到我区南王店镇宗庄中医卫生室调研", "考核组一行8人莅临我县检查": a delegation's visit told
# as it happens is news, however its day is written (在7.1日建党节来临之际) or left out; a summary that opens on its
# year (2020年,…迎接了考核组一行到我县检查) tells of the visit within its work (year_kind checks that).
# (The party may be accompanied first: "…主任一行8人在维西县卫生健康局局长等的陪同下到我县进行…调研".)
VISIT_LEAD = re.compile(r"一行(?:\d{1,3}|[一二三四五六七八九十]{1,3})?人?[，,]?\s*(?:在[^。；;！!？?]{0,60}?(?:陪同|带领)下[，,]?)?"
                        r"\s*(?:先后)?(?:到|来|莅临|赴|深入|走进)"
                        r"[^。；;！!？?]{0,40}?(?:调研|视察|检查|督导|督查|考察|考核|考评|指导|慰问|暗访|走访)")


def news_after_purpose(lead: str) -> bool:
    """Whether a lead reaches its day after its purpose or a caption (see above)."""
    m = _CAPTION.match(lead)
    if m:
        return NEWS_LEAD.match(lead[m.end():]) is not None
    if not _PURPOSE.match(lead):
        return False
    # (Given the first paragraph, the day may open the sentence after the purpose's: "为响应…号召,弘扬…精神。2月21日,…".)
    # (A copy that dropped the year's digits leaves its 年 before the day: "根据…要求,年10月27日至11月4日,…".)
    return any(NEWS_LEAD.match(_DROPPED_YEAR.sub("", lead[c.end():].lstrip(), count=1)) for c in re.finditer(r"[，,。]", lead))


_DROPPED_YEAR = re.compile(r"^年(?=\d{1,2}\s*月)")


def news_after_background(paragraph: str) -> bool:
    """Whether a first paragraph's second sentence is a news lead after its purpose ("包虫病属于…疾病。根据…方案要求,
    10月27日至11月4日,区疾控中心在…完成…"): a sentence of background opens the item."""
    sentences = re.split(r"(?<=[。！!？?])", paragraph, maxsplit=2)
    return len(sentences) > 1 and news_after_purpose(sentences[1].lstrip())


REPOST_GAP_DAYS = 45
LEAD_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def event_year(page_date: str, lead: str) -> int | None:
    """The year of a news item's event from its page's date: that year, or the one before for an
    event late in December dated early January; None when the day the lead names ("2月10日19点") lies
    weeks before the page's date (a repost on 2022/6/10 of news from some earlier year)."""
    published = dt.date.fromisoformat(page_date)
    m = LEAD_DAY.search(lead)
    if m is None:
        return published.year
    for year in (published.year, published.year - 1):
        try:
            event = dt.date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            return published.year
        if 0 <= (published - event).days <= REPOST_GAP_DAYS:
            return year
    return None

"""Read printed dates into ISO form, refusing the ambiguous ones."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HAN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}

# A year as printed: "2020年", "2020 年".
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
# 2021-09-22, 2016/3/9, 2020.06.12, 2020年11月3日 (time of day may follow and is ignored).
ISO_LIKE = re.compile(r"(?<!\d)(\d{4})\s*([-/.年])\s*(\d{1,2})\s*([-/.月])\s*(\d{1,2})(?!\d)\s*日?")
# Two-digit years and day-first forms cannot be read without guessing.
AMBIGUOUS = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?!\d)")
HAN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([十一二三四五六七八九]{1,3})月([十一二三四五六七八九]{1,3})日")


@dataclass(frozen=True)
class DateReading:
    """A date found in a line of text."""

    value: str | None
    """ISO date (YYYY-MM-DD), or None when the printed form is ambiguous or impossible."""
    text: str
    """The characters it was read from."""
    ambiguous: bool = False


# Portals often print dates in full-width characters ("２０２１－０１－０５"); read them as ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")


def read_date(text: str) -> DateReading | None:
    """The first date printed in ``text``; ``None`` if there is none."""
    text = text.translate(_FULL_WIDTH)
    m = ISO_LIKE.search(text)
    if m:
        sep1, sep2 = m.group(2), m.group(4)
        if (sep1 == "年") != (sep2 == "月") or (sep1 not in "年" and sep1 != sep2):
            return DateReading(None, m.group(0), ambiguous=True)
        return _checked(int(m.group(1)), int(m.group(3)), int(m.group(5)), m.group(0))
    m = HAN_DATE.search(text)
    if m:
        year = int("".join(str(_HAN_DIGITS[c]) for c in m.group(1)))
        return _checked(year, han_number(m.group(2)), han_number(m.group(3)), m.group(0))
    m = AMBIGUOUS.search(text)
    if m:
        first, second, year = int(m.group(1)), int(m.group(2)), m.group(3)
        # "18.03.2015": a first number over 12 can only be the day (European order, news sites).
        if len(year) == 4 and first > 12 and second <= 12:
            return _checked(int(year), second, first, m.group(0))
        return DateReading(None, m.group(0), ambiguous=True)
    return None


def han_number(text: str) -> int:
    """一 .. 三十一, as used for months and days."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)
    return _HAN_DIGITS[text]


def _checked(year: int, month: int, day: int, text: str) -> DateReading:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return DateReading(None, text, ambiguous=True)
    if not 1949 <= year <= 2100:
        return DateReading(None, text, ambiguous=True)
    return DateReading(date.isoformat(), text)


# --- the period of a year a report covers ---------------------------------------------------------

# Named periods, read right after the year (2016年上半年, 2020年1-9月, 2021年度).
_PERIOD_AFTER_YEAR = re.compile(
    r"^\s*(?:度)?\s*(?:(?P<p>上半年|下半年|前三季度|第[一二三四]季度|[一二三四]季度|年中)"
    r"|(?P<m1>1|一)\s*(?:-|—|－|–|~|～|至|到)\s*(?P<m2>\d{1,2}|[二三四五六七八九十]|十[一二])\s*月)")
_PERIOD_ANYWHERE = re.compile(r"(上半年|下半年|前三季度|第[一二三四]季度)")
_HAN_MONTH = {"二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}


def period_named(after: str, before_next_year: str) -> str:
    """全年 unless a period is named right after the year (``after``: 2016年上半年, 2020年1-9月, 2021年度) or,
    in a title, before the next year named (``before_next_year``: "东安县卫健局上半年工作总结" with the year
    from elsewhere; never a period of a later year: "2020年工作总结及2021年上半年工作打算" is 全年)."""
    m = _PERIOD_AFTER_YEAR.match(after)
    if m:
        if m.group("p"):
            name = m.group("p")
            return {"一季度": "第一季度", "二季度": "第二季度", "三季度": "第三季度", "四季度": "第四季度",
                    "年中": "上半年"}.get(name, name)
        end = m.group("m2")
        month = int(end) if end.isdigit() else _HAN_MONTH.get(end, 0)
        if month in _MONTH_PERIODS:
            return _MONTH_PERIODS[month]
        if 1 < month < 12:
            return f"1-{month}月"
    m = _PERIOD_ANYWHERE.search(before_next_year)
    return m.group(1) if m else "全年"


_MONTH_PERIODS = {6: "上半年", 9: "前三季度", 12: "全年"}


# A year said as an anniversary: the Party's founding (1921), the People's Republic's (1949).
_ANNIVERSARY = re.compile(r"(?:建党|中国共产党成立|新中国成立|中华人民共和国成立|建国)\s*(\d{2,3}|一百|百)\s*周年")
_ANNIVERSARY_BASE = (("建国", 1949), ("新中国", 1949), ("人民共和国", 1949))


def anniversary_year(text: str) -> tuple[int, str] | None:
    """The year an anniversary names (建党100周年 = 2021, 新中国成立70周年 = 2019) and the words saying it."""
    m = _ANNIVERSARY.search(text)
    if m is None:
        return None
    base = next((y for word, y in _ANNIVERSARY_BASE if word in m.group(0)), 1921)
    count = 100 if m.group(1) in ("一百", "百") else int(m.group(1))
    return base + count, text[max(0, m.start() - 10):m.end()]

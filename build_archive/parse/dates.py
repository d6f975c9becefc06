"""Read printed dates into ISO form, refusing the ambiguous ones."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HAN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}

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

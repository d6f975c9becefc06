"""The pinyin readings some traditional-script mirrors print after characters: 會(huì )議, 來(lái)源.

Such a mirror renders each character's reading (an HTML ``<ruby>`` annotation) as text in
parentheses, so a captured line reads 總結回顧了2019年全縣衛生健康工作成效,客觀(guān)分析…. The
archive keeps the capture's characters as they are on the report page, but a reading splits the
word it stands in (客觀(guān)分析 holds no 客观分析), so rules match and the search indexes
and verifies the text without them. ``READING`` is part of the search's contract with the
browser (archive-search.js ``stripReadings`` has the same pattern, written without look-behind,
which older Safari lacks): a reading is a parenthesised run of 1-12 Latin letters and spaces
holding at least one tone-marked vowel, right after a Han character.
"""
from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
READING = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[^()]*[{_TONED}])[a-zA-Z{_TONED} ]{{1,12}}\)")


def without_readings(text: str) -> str:
    """``text`` with every reading left out."""
    return READING.sub("", text) if "(" in text else text

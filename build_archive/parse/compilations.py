"""What a 范文 site's compilation adds to its reports: titles, markers and the year it re-dates them to.

A compilation ("2023年卫生局上半年工作总结(十五篇)", "卫健局2022年卫生健康工作总结【3篇】", a "第1篇 …
1850字" marker over each report) is often re-titled by its site with the current year to be found
by searches: a year its titles name and its reports' own text never does is the site's, not the
reports' (b004's body is of 2011, e019's of 2014). Every function takes text as the extractors read
it (evidence.reading: simplified, ASCII digits).
"""
from __future__ import annotations

import re

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_COUNT = r"(?:\d+|[一二三四五六七八九十]+)"
# "(十五篇)", "十篇" ending a title, "第1篇" opening a line, "…工作总结篇1" gluing a report to its title.
_COMPILATION = re.compile(rf"{_COUNT}\s*篇(?:[)）】]|$)|^第\s*{_COUNT}\s*篇|篇\s*[1-9一二三四五](?![\d〇一二三四五六七八九十])")
# What a compilation adds to a report's title: "(十五篇)", "【3篇】", ".docx", "范文".
_SUFFIX = re.compile(rf"\s*(?:[(（【][^()（）【】]{{0,6}}篇[)）】]|{_COUNT}篇|\.docx?|范文)+\s*$")
# "第1篇 2023年卫生局上半年工作总结 1850字": the marker over one of its reports.
_MARKER = re.compile(rf"^第\s*{_COUNT}\s*篇.*?\d+\s*字$")


def is_compilation(titles: list[str], first: str) -> bool:
    """Whether the page's titles (its own, its site's) or its first line mark a compilation."""
    return any(_COMPILATION.search(t) for t in titles) or _COMPILATION.search(first[:60]) is not None


def years_only_in_titles(titles: list[str], texts: list[str]) -> set[int]:
    """The years a compilation's ``titles`` name that its reports' ``texts`` (paragraphs, headings)
    never name, once the copies of the titles and the markers are taken out of them."""
    stems = {_SUFFIX.sub("", t) for t in titles} - {""}
    text = " ".join(t for t in texts if not _MARKER.match(t))
    for stem in sorted(stems, key=len, reverse=True):
        text = text.replace(stem, "□")
    named = {int(m.group(1)) for m in _YEAR.finditer(text)}
    return {int(m.group(1)) for t in titles for m in _YEAR.finditer(t)} - named

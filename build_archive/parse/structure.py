"""Recover a report's structure from its cleaned lines: title, headings, paragraphs, signature.

Chinese official documents number their sections by convention, outermost first:
``一、`` > ``（一）`` > ``一是`` > ``1.``/``1、`` > ``（1）`` > ``①``. A document may skip
levels, so heading levels are the ranks of the numbering kinds it actually uses.
"""
from __future__ import annotations

import re

from ..core.model import Block, Cleaned, Structured
from .lines import (HAN_NUM, heading_rank, is_agency_line, is_date_line, is_prose, is_report_title,
                    is_title_line, numbering_rank)


# The info table's 名称/标题 row (removed by cleaning as rule ``info-title``): the title of a
# page whose body does not repeat it.
_INFO_TITLE = re.compile(r"^[|｜]?\s*(?:信息名称|文件名称|名\s*称|标\s*题)\s*[:：|｜]+\s*(.+?)[\s|｜]*$")


_NEXT_CELL_LABEL = re.compile(r"\s*[|｜]\s*[^|｜:：]{1,6}\s*[:：].*$")
_INFO_LABEL_ONLY = re.compile(r"^[|｜]?\s*(?:信息名称|文件名称|名\s*称|标\s*题)\s*[:：|｜\s]*$")


def info_title(cleaned: Cleaned) -> str | None:
    """The value of the 名称 row, on the label's line or (``名称：`` alone) on the next one."""
    rows = [r.text.strip() for r in cleaned.removed if r.rule == "info-title"]
    for i, row in enumerate(rows):
        if _INFO_LABEL_ONLY.match(row):
            value = rows[i + 1].strip(" |｜") if i + 1 < len(rows) else ""
        else:
            m = _INFO_TITLE.match(row)
            value = m.group(1) if m else ""
            # "名称: | 县卫健委2023年工作总结及2024年工作安排 | 文号: | |": a table flattened to pipe
            # rows holds the next cell's label after the title; the title is its own cell.
            if value and _NEXT_CELL_LABEL.search(value):
                value = _NEXT_CELL_LABEL.sub("", value).strip(" |｜")
        if value and is_title_line(value):
            return value
    return None


def split_title(lines: list[str]) -> tuple[str | None, int]:
    """The title and how many leading lines it used.

    A title set on two lines, the issuing agency above the subject (seed 003:
    ``阳山县卫生健康局`` / ``2020年工作总结和2021年工作计划``), is joined without a space,
    as the agency name and the subject form one title on the source page.
    """
    if not lines or not is_title_line(lines[0]):
        return None, 0
    if len(lines) > 1 and is_agency_line(lines[0]) and is_title_line(lines[1]) and "年" in lines[1]:
        return lines[0] + lines[1], 2
    # A headline broken after its year ("郸城县2012年" / "卫生工作目标敲定"): a year cannot end a title.
    if (len(lines) > 1 and _ENDS_ON_YEAR.search(lines[0]) and len(lines[0]) <= MAX_BROKEN_HEAD
            and is_title_line(lines[1])):
        return lines[0] + lines[1], 2
    # A news headline with its subtitle on the next line ("凝心聚力谱新篇" / "——东安县2020年卫生
    # 健康工作综述") is one title on the page; the subtitle keeps its dash.
    if len(lines) > 1 and _SUBTITLE.match(lines[1]) and is_title_line(lines[1]):
        return lines[0] + lines[1], 2
    return lines[0], 1


_ENDS_ON_YEAR = re.compile(r"(?:19|20)\d{2}\s*年$")
MAX_BROKEN_HEAD = 14
_SUBTITLE = re.compile(r"^(——|—|－－|--)\s*\S")


# Spam mirrors put an advertising line above the article ("最新亚洲AV在线视频"): it stays in the
# body (flagged by textflags.injected_phrase) but is not the report's title.
MAX_AD_LINE_LEN = 40
_REPORT_WORDS = re.compile(r"(\d{4}年|总结|计划|打算|会议|报告|要点|汇报|卫生|卫健|卫计)")


def leading_ads(lines: list[str]) -> int:
    """How many of the first lines (at most two) are short advertising lines."""
    from .textflags import has_injected

    count = 0
    for text in lines[:2]:
        # "东安县卫生健康局2020年工作总结-澳门银河娱乐" is the title, spam suffix and all.
        if len(text) > MAX_AD_LINE_LEN or not has_injected(text) or _REPORT_WORDS.search(text):
            break
        count += 1
    return count if count < len(lines) else 0


def split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off the closing signature: an agency line and/or a date line at the very end."""
    if not lines or not is_date_line(lines[-1]):
        return lines, []
    if len(lines) >= 2 and is_agency_line(lines[-2]):
        return lines[:-2], lines[-2:]
    return lines[:-1], lines[-1:]


_HAN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九", 0)} | {"〇": 0}
_NUMBER = re.compile(rf"^[(（]?(\d{{1,2}}|[{HAN_NUM}]+|[①-⑳])")


def item_number(text: str) -> int | None:
    """The number an item line carries: 3 for ``3.``, ``（三）``, ``三是`` or ``③``."""
    m = _NUMBER.match(text)
    if not m:
        return None
    n = m.group(1)
    if n.isdigit() and n.isascii():
        return int(n)
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    if n in ("十",):
        return 10
    if any(c not in _HAN_VALUE and c != "十" for c in n):
        return None  # 百 and beyond: no list runs that long
    tens, _, ones = n.partition("十")
    if "十" not in n:
        return int("".join(str(_HAN_VALUE[c]) for c in n)) if len(n) == 1 else None
    return (_HAN_VALUE.get(tens, 1) if tens else 1) * 10 + (_HAN_VALUE[ones] if ones else 0)


def sibling_runs(body: list[str]) -> list[list[int]]:
    """Lists of items numbered alike: each a run of lines of one numbering kind whose numbers
    go up (1, 2, 3 …), whatever lies between them; a number that does not go up starts a new
    list. Runs are told by their numbers, not by the lines of other kinds around them: a
    report may number items 1. and set 一是 … under them (seed 004), which by convention would
    rank 一是 above 1. and cut the list of 1. items into pieces."""
    runs: list[list[int]] = []
    open_runs: dict[int, tuple[list[int], int]] = {}
    for i, text in enumerate(body):
        rank = numbering_rank(text)
        if rank is None:
            continue
        n = item_number(text)
        current = open_runs.get(rank)
        if current is not None and n is not None and n > current[1]:
            current[0].append(i)
            open_runs[rank] = (current[0], n)
        else:
            run = [i]
            runs.append(run)
            open_runs[rank] = (run, n if n is not None else 0)
    return runs


def heading_ranks(body: list[str]) -> list[int | None]:
    """Heading rank of each line, deciding siblings together.

    Items of one list (``sibling_runs``) are all headings or all paragraphs: headings only when
    every one of them is heading-shaped (short, no sentence inside). A list where some items
    run on into sentences ("1.全面推进分级诊疗制度。进一步…") is a list of numbered paragraphs,
    and its short items are list items too, not headings (seed 003 "（一）…（十五）"). A trailing
    。 does not count as a sentence inside: "一、工作开展情况。" is a heading, its 。 kept as written.
    """
    result = [heading_rank(t) for t in body]
    for run in sibling_runs(body):
        if any(result[i] is None for i in run):
            for i in run:
                result[i] = None
    return result


# A page captured from an HTML table keeps the cell's bar after the headline ("内乡县狠抓十项重点工作 |",
# "菏澤市牡丹區衛生健康(中醫藥)工作會議召開 |", with lines of a lone "|" around it): layout, not the
# title's words. The line itself stays as captured in the raw file.
_CELL_BAR = re.compile(r"\s+[|｜]+\s*$")


def without_cell_bar(title: str | None) -> str | None:
    """The title without a table cell's bar at its end."""
    return _CELL_BAR.sub("", title) if title and _CELL_BAR.search(title) else title


def _blurb_over_title(first: str, second: str) -> bool:
    return is_prose(first) and is_report_title(second)


def structure(cleaned: Cleaned) -> Structured:
    lines = [line.text for line in cleaned.lines if line.text]
    ads = leading_ads(lines)
    title, used = split_title(lines[ads:])
    lead: list[str] = []
    if title is None and len(lines) > ads + 1 and _blurb_over_title(lines[ads], lines[ads + 1]):
        # A site's sentence kept above the report's title ("封丘县地处河南省东北部，…"): the title
        # is the line under it; the sentence stays in the body, first.
        lead = [lines[ads]]
        title, used = split_title(lines[ads + 1:])
        used += 1
    if title is None:
        title = info_title(cleaned)
    title = without_cell_bar(title)
    body, signature = split_signature(lines[:ads] + lead + lines[ads + used:])
    ranks_of = heading_ranks(body)
    level_of = {rank: i + 1 for i, rank in enumerate(sorted({r for r in ranks_of if r is not None}))}
    blocks: list[Block] = []
    for text, rank in zip(body, ranks_of):
        if rank is None:
            blocks.append(Block("paragraph", text))
        else:
            blocks.append(Block("heading", text, level_of[rank]))
    if signature:
        blocks.append(Block("signature", "\n".join(signature)))
    return Structured(title=title, blocks=tuple(blocks))

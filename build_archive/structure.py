"""Recover a report's structure from its cleaned lines: title, headings, paragraphs, signature.

Chinese official documents number their sections by convention, outermost first:
``一、`` > ``（一）`` > ``一是`` > ``1.``/``1、`` > ``（1）`` > ``①``. A document may skip
levels, so heading levels are the ranks of the numbering kinds it actually uses.
"""
from __future__ import annotations

import re

from .model import Block, Cleaned, Structured

_HAN_NUM = "一二三四五六七八九十百零〇"

# (rank, pattern) in conventional nesting order.
HEADING_KINDS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^[{_HAN_NUM}]+[、.．]")),
    (1, re.compile(rf"^[(（][{_HAN_NUM}]+[)）]")),
    (2, re.compile(rf"^[{_HAN_NUM}]+是")),
    (3, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (4, re.compile(r"^[(（]\d{1,2}[)）]")),
    (5, re.compile(r"^[①-⑳]")),
)

# A heading is a short line; a numbered line that goes on into sentences is a paragraph
# whose first sentence happens to be numbered (seed 004 "1.全面推进分级诊疗制度。进一步…").
MAX_HEADING_LEN = 45
_LIST_ITEM_END = re.compile(r"[；;，,：:]$")
_INNER_STOP = re.compile(r"[。！？!?；;]")

MAX_TITLE_LEN = 80
_AGENCY_END = re.compile(r"(局|委|委员会|卫健委|政府|办公室|中心|医院|卫生院|领导小组)$")
_TITLE_BAD_END = re.compile(r"[。；;：:，,]$")

_DATE_LINE = re.compile(
    rf"^(\d{{4}}|[{_HAN_NUM}]{{4}})\s*年\s*[\d{_HAN_NUM}]{{1,2}}\s*月\s*[\d{_HAN_NUM}]{{1,3}}\s*日$")
MAX_SIGNATURE_AGENCY_LEN = 30


def heading_rank(text: str) -> int | None:
    """The numbering rank of a heading line, or ``None`` if the line is not a heading."""
    if len(text) > MAX_HEADING_LEN or _LIST_ITEM_END.search(text):
        return None
    if _INNER_STOP.search(text[:-1]):
        return None
    for rank, pattern in HEADING_KINDS:
        if pattern.match(text):
            return rank
    return None


def is_title_line(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_LEN
        and not _TITLE_BAD_END.search(text)
        and heading_rank(text) is None
        and not _DATE_LINE.match(text)
        and "。" not in text
    )


def is_agency_line(text: str) -> bool:
    return len(text) <= MAX_SIGNATURE_AGENCY_LEN and _AGENCY_END.search(text) is not None


def is_date_line(text: str) -> bool:
    return _DATE_LINE.match(text) is not None


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
    return lines[0], 1


def split_signature(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split off the closing signature: an agency line and/or a date line at the very end."""
    if not lines or not is_date_line(lines[-1]):
        return lines, []
    if len(lines) >= 2 and is_agency_line(lines[-2]):
        return lines[:-2], lines[-2:]
    return lines[:-1], lines[-1:]


def numbering_rank(text: str) -> int | None:
    """The numbering kind a line starts with, whatever its length."""
    return next((rank for rank, pattern in HEADING_KINDS if pattern.match(text)), None)


def heading_ranks(body: list[str]) -> list[int | None]:
    """Heading rank of each line, deciding siblings together.

    Items numbered alike under one parent are all headings or all paragraphs: in a list of
    plans (seed 003 "（一）…（十五）") where most items run on into sentences, the few short
    ones are list items too, not headings. A run of siblings ends at a line numbered with an
    outer kind.
    """
    numbered = [numbering_rank(t) for t in body]
    result = [heading_rank(t) for t in body]
    for rank in sorted({r for r in numbered if r is not None}):
        run: list[int] = []
        for i, r in enumerate([*numbered, -1]):
            if r is not None and r < rank:
                _settle(run, result)
                run = []
            elif r == rank:
                run.append(i)
        _settle(run, result)
    return result


def _settle(run: list[int], result: list[int | None]) -> None:
    if run and sum(1 for i in run if result[i] is None) * 2 > len(run):
        for i in run:
            result[i] = None


def structure(cleaned: Cleaned) -> Structured:
    lines = [line.text for line in cleaned.lines if line.text]
    title, used = split_title(lines)
    body, signature = split_signature(lines[used:])
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

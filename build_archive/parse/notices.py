"""Letters and notices (…建议答复的函, …的通知, a page announcing 现将有关事项公告如下): whether a page is
one, by its title or, untitled, by the sentence announcing it, and the year it is of: the year it is
dated, by its page or its signature, whatever earlier years its background names."""
from __future__ import annotations

import re
from typing import Sequence

from .dates import read_date

ANNOUNCE_PARAGRAPHS = 3
"""As untitled.py's: the paragraphs where a page announces what it is."""

# A title naming a letter or notice of its own (one that 印发 a report is the report's).
NOTICE_TITLE = re.compile(r"(通知|通报|公告|公示|批复|请示|函)$")
# A notice's own announcement: "现将会议有关事项通知如下", "现将有关事项公告如下".
NOTICE_ANNOUNCED = re.compile(r"(?:现将|现就|特将|兹将)[^。；;！!？?]{0,60}?(?:通知|公告|公示|通报|告知)如下")


def announced_notice(paragraphs: Sequence[str]) -> str | None:
    """The sentence in the first paragraphs (read simplified) announcing the page as a notice, or None."""
    for para in paragraphs[:ANNOUNCE_PARAGRAPHS]:
        m = NOTICE_ANNOUNCED.search(para)
        if m:
            return m.group(0)
    return None


def is_notice(title: str | None, paragraphs: Sequence[str]) -> bool:
    """Title and paragraphs read simplified (evidence.reading)."""
    if title:
        return NOTICE_TITLE.search(title) is not None and "印发" not in title
    return announced_notice(paragraphs) is not None


def notice_year(title: str | None, paragraphs: Sequence[str], dated_lines: Sequence[str]) -> tuple[int, str] | None:
    """A letter's or notice's year and where it was read: the first date of its page's header lines, else of
    its signature (``dated_lines`` in that order)."""
    if not is_notice(title, paragraphs):
        return None
    for line in dated_lines:
        date = read_date(line)
        if date and date.value:
            return int(date.value[:4]), f"函件、通知的日期: {line}"
    return None

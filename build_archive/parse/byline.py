"""The reporters a news report names in its byline (记者 高新科), for citing it as news.

A news report about a county's health work (会议报道) is written by a reporter of an outlet,
not by the county bureau, so its citation's author is the reporter (and its outlet the
container): see ``cite.py``. Correspondents (通讯员, often the bureau's own staff) are not
reporters. Only a name the capture itself prints after 记者 counts, and
only when it stands as a name: followed by a separator (space, 、, a closing bracket, 通讯员,
报道 …), never by more text, so "记者从县卫健委获悉" gives nothing rather than "从县卫".
"""
from __future__ import annotations

import re

from ..core.tradsimp import to_simplified

# The byline is at the head of a news page; a name further down is someone quoted.
HEAD_CHARS = 3000
_NAME = r"[\u4e00-\u9fff]{2,4}?(?:·[\u4e00-\u9fff]{2,6})?"
_END = r"(?=[\s、，,)）\]】/]|通讯员|实习生|报道|摄影?|$)"
# 记者 opens a byline at a line or sentence start or after an outlet's name (新周口客户端记者).
_BYLINE = re.compile(rf"(?:(?<![\u4e00-\u9fff])|(?<=[端台网报社站]))(?:本报|本台|融媒体|全媒体|见习|特约)?记者[\s:：]*"
                     rf"((?:(?!通讯员|实习生){_NAME}{_END}[\s、，,]*)+)")
_ONE = re.compile(rf"{_NAME}{_END}")
# Words that follow 记者 in running text and look like two- or three-character names.
_NOT_NAMES = frozenset({"获悉", "了解", "采访", "看到", "注意", "发现", "走进", "来到", "一行", "报道", "通讯员",
                        "实习生", "从县", "在县", "日前", "近日", "今天", "昨天", "现场"})


def reporters(text: str) -> tuple[str, ...]:
    """Reporter names in the byline of ``text`` (a raw capture), in order, each once."""
    head = to_simplified(text[:HEAD_CHARS])
    out: list[str] = []
    for m in _BYLINE.finditer(head):
        for name in _ONE.findall(m.group(1)):
            if name not in _NOT_NAMES and name not in out:
                out.append(name)
        if out:
            break  # the first byline is the report's; later ones belong to quoted reports
    return tuple(out)

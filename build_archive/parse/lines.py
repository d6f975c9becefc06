"""What a line looks like, read alike by cleaning and by structure: a heading's numbering rank,
a title-shaped line, a report's title (a title shape naming a kind of report and who or when),
an agency or date line of a signature, a line of running text."""
from __future__ import annotations

import re

HAN_NUM = "一二三四五六七八九十百零〇"

# (rank, pattern) in conventional nesting order.
HEADING_KINDS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^[{HAN_NUM}]+[、.．]")),
    (1, re.compile(rf"^[(（][{HAN_NUM}]+[)）]")),
    (2, re.compile(rf"^[{HAN_NUM}]+是")),
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
    rf"^(\d{{4}}|[{HAN_NUM}]{{4}})\s*年\s*[\d{HAN_NUM}]{{1,2}}\s*月\s*[\d{HAN_NUM}]{{1,3}}\s*日$")
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


# A news dateline opens the body, it is not a title: "本报讯（记者 张三）", "新华网长沙1月5日电".
_DATELINE = re.compile(r"^(本报讯|本报|[^，。]{0,14}\d{1,2}月\d{1,2}日(电|讯)|[^，。]{0,10}讯\s*[(（])")


def is_title_line(text: str) -> bool:
    return (
        len(text) <= MAX_TITLE_LEN
        and not _TITLE_BAD_END.search(text)
        and heading_rank(text) is None
        and not _DATE_LINE.match(text)
        and not _DATELINE.match(text)
        and "。" not in text
    )


def is_agency_line(text: str) -> bool:
    return len(text) <= MAX_SIGNATURE_AGENCY_LEN and _AGENCY_END.search(text) is not None


def is_date_line(text: str) -> bool:
    return _DATE_LINE.match(text) is not None


def numbering_rank(text: str) -> int | None:
    """The numbering kind a line starts with, whatever its length."""
    return next((rank for rank, pattern in HEADING_KINDS if pattern.match(text)), None)


_PROSE_PUNCT = re.compile(r"[。，,；;：:！？!?]")
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")


def is_prose(text: str) -> bool:
    """A line that reads like running text rather than a label, link or title.

    A colon alone does not make prose: "您所在的位置:东南网 > 集美区 > …" is a label and a link
    trail; a colon with a sentence mark (or a long line ending in one) does."""
    if len(text) < 30 or _PROSE_PUNCT.search(text) is None:
        return False
    return _SENTENCE_PUNCT.search(text) is not None or text[-1] in "：:"


_KIND_WORDS = re.compile(r"(总结|计划|打算|要点|思路|述职|汇报|报告|会议|工作会|大会|召开|举行|举办|部署会)")
_WHO_OR_WHEN = re.compile(r"((?:19|20)\d{2}\s*年|卫生|卫健|卫计|我县|全县|全区|全市|全旗|[县区旗])")
_NOT_TITLE = re.compile(r"(\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|[|｜]|^.{0,8}[:：])")
MIN_TITLE_LEN = 8


# Widget separators a page sets at a line's edges ("…工作會議召開 |"): not part of the line's shape.
_EDGE_SEPARATORS = re.compile(r"^[\s|｜]+|[\s|｜]+$")


# A room or hall a meeting is held in (区卫健局四楼小会议室, a notice's 会议地点): its 会议 names no meeting.
_VENUE = re.compile(r"(会议室|会议厅|会议中心|报告厅)")


def is_report_title(text: str) -> bool:
    """A title-shaped line that names a kind of report and who or when (cf. is_title_line); a
    venue's name (四楼小会议室) is no kind of report."""
    text = _EDGE_SEPARATORS.sub("", text)
    return (MIN_TITLE_LEN <= len(text) and is_title_line(text) and _KIND_WORDS.search(_VENUE.sub("", text)) is not None
            and _WHO_OR_WHEN.search(text) is not None and _NOT_TITLE.search(text) is None)


# A document's title (公文标题) reads "<who>关于<what>的<kind of document>": "…关于对县卫生健康局工作情况的评议意见".
_DOCUMENT_TITLE = re.compile(r"关于.{2,}的[\u4e00-\u9fff]{0,8}(意见|通知|通报|报告|决定|方案|办法|规定|总结|计划|要点|批复|"
                             r"请示|函|讲话|公告|纪要|细则|规划|汇报|决议|实施意见)$")
_OPENING = "《“（(【「"
_CLOSING = "》”）)】」"


def runs_on(first: str, second: str) -> bool:
    """Whether ``first`` is a title cut off at the line's end that ``second`` finishes (a title wrapped
    mid-word: "…关于对县卫生健康局工作情" / "况的评议意见"): together they are one title-shaped line, and
    either ``first`` leaves a bracket open that ``second`` closes, or ``first`` opens a document's
    "关于…" that only ``second`` ends on its kind of document (…的评议意见)."""
    joined = first + second
    if is_prose(first) or is_prose(second) or len(joined) > MAX_TITLE_LEN or not is_title_line(joined):
        return False
    opened = any(first.count(o) > first.count(c) for o, c in zip(_OPENING, _CLOSING))
    closed = any(second.count(c) > second.count(o) for o, c in zip(_OPENING, _CLOSING))
    if opened and closed:
        return True
    return ("关于" in first and _DOCUMENT_TITLE.search(first) is None and _DOCUMENT_TITLE.search(joined) is not None
            and _DOCUMENT_TITLE.search(joined).start() < len(first))

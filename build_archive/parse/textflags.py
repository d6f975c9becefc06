"""What the archive notices about a report's text itself: pure functions, flags only.

Each check reads the cleaned and structured body and returns a ``Flag`` (code + Chinese message
for readers) or nothing; none of them changes the text. ``text_flags`` runs them all in a fixed
order, so a report's flags are stable from build to build.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..core.model import Cleaned, Flag, Structured
from ..core.tradsimp import script_of

DATA_DIR = Path(__file__).parent.parent / "data"
INJECTED_PATH = DATA_DIR / "injected.yml"

# --- truncated ----------------------------------------------------------------------------------

# A paragraph that ends in one of these ended its sentence. Closing quotes and brackets count
# (……”。 and （完）), as do the ellipsis and the em dash of a list that trails off on purpose.
_SENTENCE_END = set("。！？!?…”’」』）)】]》>—.；;")
# A body that ends like this was cut mid-sentence: a character or digit (…全县共有医疗卫生机构293),
# or a comma/enumeration comma/colon, which always announce more.
_CUT_END = re.compile(r"[\u3400-\u9fffA-Za-z0-9%，,、：:（(“‘《]$")


def truncated(structured: Structured) -> Flag | None:
    """``truncated``: the last paragraph stops mid-sentence and no signature closes the report.

    A capture of only the first part of a page (``…各乡镇卫生院负责人参加``) has no footer and
    no closing punctuation. A report that ends on a signature, or whose last paragraph ends a
    sentence (。！？”) or a list item (；), is not flagged.
    """
    if structured.signature is not None or not structured.blocks:
        return None
    last = structured.blocks[-1]
    text = last.text.rstrip()
    if last.kind != "paragraph" or not text or text[-1] in _SENTENCE_END:
        return None
    if not _CUT_END.search(text):
        return None
    return Flag("truncated", f"原文疑似不完整：正文在句子中间中断（结尾为“…{text[-15:]}”），可能只抓取了网页的前一部分")


# --- lost characters ----------------------------------------------------------------------------

# 000: "48日至13日,57日至11日" for 4月8日至13日, 5月7日至11日: a date range whose first day is
# over 31 and reads as month + day once a 月 is put back. Quantities such as "共计45日" are not a
# range and are not flagged.
# (The "not after a digit, 月 or ." condition is checked in code: a lookbehind at the start of a
# pattern switches off the regex engine's fast scan for the first character.)
_DAY_RANGE = re.compile(r"(\d{2,4})日(?:至|到|—|－|-|~|～)(\d{1,2})日")
# "2020年1015日": a 月 lost between year and day.
_YEAR_DAY = re.compile(r"年(\d{3,4})日")
# 000: "同比2019136375人", "较201915279万元": a comparison with a year whose 年 and the figure
# after it ran together. Only after a comparison word, only a plausible year, only when at least
# three digits follow (a 7+ digit run): "较2019年" has its 年 and "同比20195人" stays.
_YEAR_GLUED = re.compile(r"(?:同比|较|比|相比|对比)((?:200[5-9]|20[1-3]\d)\d{3,}(?:\.\d+)?)(?=[\u4e00-\u9fff%])")


def _month_day(digits: str) -> bool:
    for cut in range(1, len(digits)):
        month, day = digits[:cut], digits[cut:]
        if month[0] != "0" and day[0] != "0" and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return True
    return False


def lost_characters(text: str) -> Flag | None:
    """``lost-characters``: figures that only make sense with a character put back (see patterns)."""
    found: list[str] = []
    for m in _DAY_RANGE.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if before not in "0123456789.月" or not before:
            if int(m.group(1)) > 31 and _month_day(m.group(1)):
                found.append(m.group(0))
    for m in _YEAR_DAY.finditer(text):
        year = text[max(0, m.start() - 4):m.start()]
        if re.fullmatch(r"(?:19|20)\d{2}", year) and _month_day(m.group(1)):
            found.append(year + m.group(0))
    for m in _YEAR_GLUED.finditer(text):
        if m.group(1)[4:].strip("0."):
            found.append(m.group(0))
    if not found:
        return None
    shown = "、".join(f"“{s}”" for s in found[:3]) + ("等" if len(found) > 3 else "")
    return Flag("lost-characters", f"原文疑似在提取时丢失了字符（如“月”“年”）：{shown}；档案未改动原文")


# --- repeated paragraph -------------------------------------------------------------------------

# Short lines repeat legitimately (a refrain, "一是加强领导"); a long paragraph twice word for
# word is a capture or copy-paste error.
MIN_REPEAT_LEN = 20


def repeated_paragraph(structured: Structured) -> Flag | None:
    """``repeated-paragraph``: a paragraph of at least 20 characters occurs twice word for word."""
    seen: set[str] = set()
    for text in structured.paragraphs:
        if len(text) < MIN_REPEAT_LEN:
            continue
        if text in seen:
            return Flag("repeated-paragraph", f"同一段落在原文中重复出现：“{text[:20]}…”")
        seen.add(text)
    return None


# --- traditional characters ---------------------------------------------------------------------

def traditional(text: str) -> Flag | None:
    """``traditional``: the page is written in traditional characters (it is shown as written)."""
    script = script_of(text)
    if not script.is_traditional:
        return None
    return Flag("traditional", "原文为繁体字，档案按原文照录，未作简繁转换")


# --- injected phrases ---------------------------------------------------------------------------

@dataclass(frozen=True)
class InjectedRule:
    """One kind of advertising phrase that spam mirrors inject into report text."""

    name: str
    pattern: re.Pattern[str]


_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


class InjectedRulesError(ValueError):
    """The injected-phrase file is malformed; the message names the file and the rule."""


@lru_cache(maxsize=4)
def load_injected(path_str: str = str(INJECTED_PATH)) -> tuple[InjectedRule, ...]:
    path = Path(path_str)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InjectedRulesError(f"{path}: expected a mapping with a list under 'rules'")
    rules = []
    for i, item in enumerate(data["rules"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not isinstance(item.get("pattern"), str):
            raise InjectedRulesError(f"{path}: rule {i}: expected a mapping with string 'name' and 'pattern'")
        try:
            # Matched against the lower-cased text: re.IGNORECASE would switch off the regex
            # engine's first-character prefilter and make the scan several times slower.
            # Groups are made non-capturing for the same reason (only the whole match is used).
            pattern = _CAPTURING.sub("(?:", item["pattern"].lower())
            rules.append(InjectedRule(item["name"], re.compile(pattern)))
        except re.error as exc:
            raise InjectedRulesError(f"{path}: rule {i} ({item['name']}): bad regular expression: {exc}") from exc
    return tuple(rules)


def has_injected(text: str) -> bool:
    """True when ``text`` contains an advertising phrase of ``data/injected.yml``."""
    lowered = text.lower()
    return any(rule.pattern.search(lowered) for rule in load_injected())


def injected_phrase(text: str, rules: tuple[InjectedRule, ...] | None = None) -> Flag | None:
    """``injected-phrase``: gambling/porn advertising found in the text (flagged, never removed)."""
    rules = load_injected() if rules is None else rules
    found: list[str] = []
    lowered = text.lower()
    for rule in rules:
        for m in rule.pattern.finditer(lowered):
            if m.group(0) not in found:
                found.append(m.group(0))
    if not found:
        return None
    shown = "、".join(f"“{s}”" for s in found[:3]) + ("等" if len(found) > 3 else "")
    return Flag("injected-phrase", f"原文疑似被注入了广告短语（如博彩、色情广告）：{shown}；档案照录原文，请读者留意")


# --- all ------------------------------------------------------------------------------------------

TEXT_FLAG_ORDER = ("truncated", "lost-characters", "repeated-paragraph", "traditional", "injected-phrase")


def full_text(structured: Structured) -> str:
    """Title and every block, one per line: what the reader sees as the report."""
    return "\n".join(filter(None, [structured.title or "", *(b.text for b in structured.blocks)]))


def text_flags(cleaned: Cleaned, structured: Structured) -> tuple[Flag, ...]:
    """Every text flag, in the order of ``TEXT_FLAG_ORDER``."""
    text = full_text(structured)
    found = (truncated(structured), lost_characters(text), repeated_paragraph(structured),
             traditional(text), injected_phrase(text))
    return tuple(f for f in found if f is not None)

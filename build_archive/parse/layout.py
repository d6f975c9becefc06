"""Layout normalisation, never wording: white space inside a line (``LAYOUT_RULES``) and the hard
line breaks of text copied out of a PDF or Word file. (The pinyin readings some traditional
mirrors print after characters are matched around by the rules: ``core/readings.py``.)"""
from __future__ import annotations

import re
from typing import Callable

from ..core.model import Line
from .lines import heading_rank, is_agency_line, is_date_line, numbering_rank

# --- layout rules: each rewrites white space only ------------------------------------------

# U+3000 ideographic space, U+00A0 no-break space and the typographic spaces: portals use them
# for indentation and alignment (seed 003 indents with U+3000; seed 000 pads with U+00A0).
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
# Zero-width characters are invisible in the source page and only break search.
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
# List bullets rendered from <li> by the capture (seed 000 "  • 2021-09-22", seed 002 body).
_BULLET = re.compile(r"^[•●▪]\s+")
_RUNS = re.compile(r" {2,}")
# Titles letter-spaced for display: seed 003 "阳 山 县 卫 生 健 康 局".
_LETTER_SPACED = re.compile(r"^(?:[\u3400-\u9fff] ){2,}[\u3400-\u9fff]$")


def _spaces(text: str) -> str:
    return _ZERO_WIDTH.sub("", _SPACES.sub(" ", text))


def _strip(text: str) -> str:
    return text.strip()


def _bullet(text: str) -> str:
    return _BULLET.sub("", text)


def _runs(text: str) -> str:
    return _RUNS.sub(" ", text)


def _letter_spacing(text: str) -> str:
    return text.replace(" ", "") if _LETTER_SPACED.match(text) else text


LAYOUT_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("spaces", _spaces),
    ("strip", _strip),
    ("bullet", _bullet),
    ("strip-again", _strip),
    ("space-runs", _runs),
    ("letter-spacing", _letter_spacing),
)


def normalise_line(text: str) -> str:
    for _name, rule in LAYOUT_RULES:
        text = rule(text)
    return text


# --- hard line breaks of PDF/Word text ------------------------------------------------------

# Text copied out of a PDF breaks every line at the page width (typically 30-40 CJK
# characters), in the middle of sentences:
#     全县共有各级各类医疗卫生机构293间，其中县直属医疗卫生机构5间，乡镇卫生
#     院13间，村卫生站159间。
# Joining such continuation lines into one paragraph is layout normalisation. It is done only
# when the page as a whole shows a fixed width (many lines of the same display width), only for
# a line that fills that width and does not end a sentence, and never into a heading, an
# indented line (a new paragraph), or across a blank line.
MIN_WRAP_WIDTH = 16
MAX_WRAP_WIDTH = 60
MIN_WRAPPED_LINES = 4
MIN_WRAPPED_SHARE = 0.25
_WRAP_STOP = set("。！？!?；;：:…”’」』")
_INDENTED = re.compile("^(\u3000|\u00a0| {2,}|\t)")


_NARROW = re.compile("[\u0000-\u2e7f]+")


def display_width(text: str) -> float:
    """Width in CJK cells: half-width letters, digits and punctuation count a half."""
    wide = len(_NARROW.sub("", text))
    return wide + (len(text) - wide) / 2


def wrap_width(lines: list[Line]) -> float | None:
    """The fixed line width of hard-wrapped text, or None when the text is not hard-wrapped."""
    widths = [round(display_width(line.text)) for line in lines if line.text]
    if len(widths) < MIN_WRAPPED_LINES:
        return None
    counts: dict[int, int] = {}
    for w in widths:
        if MIN_WRAP_WIDTH <= w <= MAX_WRAP_WIDTH:
            for near in (w - 1, w, w + 1):
                counts[near] = counts.get(near, 0) + 1
    if not counts:
        return None
    width, count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    if count < MIN_WRAPPED_LINES or count < MIN_WRAPPED_SHARE * len(widths):
        return None
    return float(width + 1)


def join_hard_wraps(lines: list[Line], raw_lines: list[str], chrome_like: set[int] = frozenset()) -> tuple[Line, ...]:  # type: ignore[assignment]
    """Join the lines of a paragraph that a PDF extraction broke at a fixed width.

    Lines that look like chrome but were kept (``chrome_like``: a footer line above the body,
    say) are never joined: glued together they would read as prose on a second pass and
    cleaning would no longer be idempotent.
    """
    width = wrap_width(lines)
    if width is None:
        return tuple(lines)
    # Imported here: structure depends on clean's output, not the other way round.
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.text and line.text
                and prev.line_no not in chrome_like and line.line_no not in chrome_like
                and display_width(prev.text) >= width - 2.5
                and prev.text[-1] not in _WRAP_STOP
                and numbering_rank(line.text) is None
                and heading_rank(prev.text) is None
                and not is_date_line(line.text) and not is_agency_line(line.text)):
            if _INDENTED.match(raw_lines[line.line_no - 1]):
                # An indented line starts a new paragraph. The cleaned line loses its indentation, so the
                # paragraph break is written as a blank line: a second pass must not join what the first kept
                # apart (cleaning stays idempotent).
                out.append(Line(line.line_no, ""))
                out.append(line)
                continue
            sep = " " if prev.text[-1].isascii() and prev.text[-1].isalpha() and line.text[0].isascii() and line.text[0].isalpha() else ""
            out[-1] = Line(prev.line_no, prev.text + sep + line.text)
            continue
        out.append(line)
    return tuple(out)

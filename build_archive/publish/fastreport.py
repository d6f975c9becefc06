"""A report page's Markdown as the HTML Python-Markdown makes of it, without Python-Markdown.

A report page (render.py) is always the same few shapes: the title, the archive's blocks of raw
HTML (metadata table, related reports, provenance), the flag notice (an admonition holding a
list) and the body's headings, paragraphs and signature, each line of text written by
``mdtext.md_text``. Python-Markdown spent about 6 ms on each of them (its HTML parser over the
whole page for md_in_html, twenty block processors tried on every block, the inline patterns
over every escaped line): five sixths of the site stage's page rendering at 30,000 reports.
``convert`` makes the same HTML directly from those shapes; it gives None for anything else
(a line of another shape, text with syntax ``md_text`` never writes), and the page then goes
through Python-Markdown as before. ``tests/test_fastpages.py`` compares the two on every
report page of the seeds and on pages made to hold every escape.
"""
from __future__ import annotations

import html
import re
from typing import Collection

# What Python-Markdown does with md_text's output, inline: a backslash escape gives the
# character, an entity stays as written; any other markup-like character is not md_text's.
_INLINE_TOKEN = re.compile(r"\\(.)|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);|[\\&<>\x00-\x1f\x7f]", re.S)
_HEADING = re.compile(r"(#{1,6}) (\S(?:.*\S)?) \{: #([A-Za-z][A-Za-z0-9_-]*) \}")
_PARAGRAPH_ID = re.compile(r"\{: #(p\d+) \}")
_SIGNATURE = re.compile(r'<div class="report-signature">(?:[^<>]|<br>)*</div>')
_ADMONITION = re.compile(r'!!! (warning|note|info) "([^"\\`*_{}\[\]|<>&!]+)"')
_TAG = re.compile(r"<(/?)(div|details)\b")

META_OPEN = '<div class="report-meta">'
BODY_OPEN = '<div class="report-body" markdown>'
RAW_BLOCKS = {META_OPEN: "</div>", '<div class="report-related">': "</div>", '<details class="info">': "</details>"}


def inline(text: str, escaped: Collection[str]) -> str | None:
    """``text`` (one line as md_text writes it) as Python-Markdown renders it inline, or None."""
    if "\\" not in text and "&" not in text and not _INLINE_TOKEN.search(text):
        return text
    out, last = [], 0
    for m in _INLINE_TOKEN.finditer(text):
        token = m.group(0)
        if m.group(1) is not None:
            if m.group(1) not in escaped or m.group(1) in "&<>":
                return None
            out.append(text[last:m.start()])
            out.append(m.group(1))
        elif token[0] == "&" and len(token) > 1:
            continue  # kept as it is, with the text around it
        else:
            return None
        last = m.end()
    out.append(text[last:])
    return "".join(out)


class _Lines:
    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.i = 0

    def peek(self) -> str | None:
        return self.lines[self.i] if self.i < len(self.lines) else None

    def take(self) -> str | None:
        line = self.peek()
        self.i += 1
        return line

    def blank(self) -> bool:
        if self.peek() == "":
            self.i += 1
            return True
        return False


def convert(body: str, escaped: Collection[str], headerlink: str) -> str | None:
    """The HTML of a report page's Markdown (front matter removed), or None when the page is
    not made only of the shapes render.py writes. ``headerlink`` is the permalink anchor after
    each heading's text, with ``{id}`` where the heading's id goes."""
    lines = _Lines(body)
    title = _heading(lines.take() or "", escaped, headerlink)
    if title is None or not lines.blank():
        return None
    pieces = [title]
    meta = _raw(lines, META_OPEN)
    if meta is None or not lines.blank():
        return None
    pieces.append(meta + "\n")
    if (lines.peek() or "").startswith("!!! "):
        notice = _admonition(lines, escaped)
        if notice is None:
            return None
        pieces.append(notice)
    report_body = _body(lines, escaped, headerlink)
    if report_body is None:
        return None
    pieces.append(report_body)
    while True:
        while lines.blank():
            pass
        line = lines.peek()
        if line is None:
            break
        raw = _raw(lines, line)
        if raw is None:
            return None
        pieces.append(raw + "\n")
    return "\n".join(pieces).strip()


def _heading(line: str, escaped: Collection[str], headerlink: str, top: bool = True) -> str | None:
    m = _HEADING.fullmatch(line)
    if m is None or (len(m.group(1)) == 1) != top:
        return None
    text = inline(m.group(2), escaped)
    # Python-Markdown takes a heading's closing hashes off even before its attribute list.
    if text is None or text != text.strip() or m.group(2).endswith("#"):
        return None
    level, ident = len(m.group(1)), m.group(3)
    return f'<h{level} id="{ident}">{text}{headerlink.format(id=ident)}</h{level}>'


def _raw(lines: _Lines, first: str) -> str | None:
    """One of the archive's raw HTML blocks, from its opening line to its closing one, as it is."""
    closing = RAW_BLOCKS.get(first)
    if closing is None or lines.peek() != first:
        return None
    tag = first[1:first.index(" ")]
    start = lines.i
    lines.take()
    while True:
        line = lines.take()
        if line is None or line == "":
            return None
        if line == closing:
            return "\n".join(lines.lines[start:lines.i])
        # Nothing nested of the same kind, no Markdown inside, nothing md_in_html would cut.
        if any(m.group(2) == tag for m in _TAG.finditer(line)) or "markdown" in line or "<!--" in line:
            return None


def _admonition(lines: _Lines, escaped: Collection[str]) -> str | None:
    m = _ADMONITION.fullmatch(lines.take() or "")
    if m is None or not lines.blank():
        return None
    items = []
    while (lines.peek() or "").startswith("    - "):
        text = inline(lines.take()[6:], escaped)  # type: ignore[index]
        if text is None or not text or text != text.strip():
            return None
        items.append(f"<li>{text}</li>")
    if not items or not lines.blank():
        return None
    return (f'<div class="admonition {m.group(1)}">\n<p class="admonition-title">{m.group(2)}</p>\n'
            + "<ul>\n" + "\n".join(items) + "\n</ul>\n</div>")


def _body(lines: _Lines, escaped: Collection[str], headerlink: str) -> str | None:
    if lines.take() != BODY_OPEN or not lines.blank():
        return None
    children: list[str] = []
    signed = False
    while True:
        line = lines.take()
        if line is None:
            return None
        if line == "</div>":
            break
        if signed:
            return None  # only a last signature is known to come out as it is
        if line.startswith("#"):
            child = _heading(line, escaped, headerlink, top=False)
        elif line.startswith("<"):
            child = line if _SIGNATURE.fullmatch(line) else None
            signed = True
        else:
            anchor = _PARAGRAPH_ID.fullmatch(lines.take() or "")
            text = inline(line, escaped) if anchor else None
            child = None if text is None or not text or text != text.strip() \
                else f'<p id="{anchor.group(1)}">{text}</p>'  # type: ignore[union-attr]
        if child is None or not lines.blank():
            return None
        children.append(child)
    if not children:
        return None
    return '<div class="report-body">\n' + "\n".join(children) + "\n</div>"


# Extensions that leave md_text's escaped text as convert renders it (and give the page's
# shapes the HTML it writes); with any other (smarty, emoji...) pages go through Python-Markdown.
KNOWN_EXTENSIONS = frozenset({"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition",
                              "pymdownx.details"})
NEEDED_EXTENSIONS = frozenset({"toc", "attr_list", "md_in_html", "admonition"})


def usable(extensions: Collection, configs: dict) -> str | None:
    """The permalink anchor ``convert`` writes for this Markdown configuration, or None when
    ``convert`` would not make what it makes."""
    names = {e for e in extensions if isinstance(e, str)}
    if len(names) != len(list(extensions)) or not names <= KNOWN_EXTENSIONS or not NEEDED_EXTENSIONS <= names:
        return None
    return headerlink_html(configs.get("toc") or {})


def headerlink_html(toc_config: dict) -> str | None:
    """The toc extension's permalink after a heading's text, or None for a configuration this
    module does not reproduce."""
    known = {"permalink", "permalink_title", "slugify"}
    link = toc_config.get("permalink", False)
    if set(toc_config) - known:
        return None
    if link is False:
        return ""  # no permalink (the site's: archive-search.js adds the signs in the browser)
    if not isinstance(link, str) or not link:
        return None
    title = toc_config.get("permalink_title", "Permanent link")
    return (f'<a class="headerlink" href="#{{id}}" title="{html.escape(title, quote=True).replace("{", "{{").replace("}", "}}")}">'
            f'{link.replace("{", "{{").replace("}", "}}")}</a>')

"""Put untrusted text into Markdown so that it renders as exactly the characters it holds.

Report texts are scraped web pages: a ``<script>``, a ``[link](javascript:…)``, a ``{: onclick}``
attribute list or a ``#`` at a line start must show as literal text, never become markup.
Every character Python-Markdown (with this site's extensions) could read as syntax is escaped:
``< > &`` become entities, the inline syntax characters get a backslash everywhere, and the
block syntax characters get one at the start of the line, where they would open a block.
"""
from __future__ import annotations

import functools
import html
import re

# Inline syntax anywhere in a line: emphasis, code, links/images, attribute lists, tables,
# and the backslash itself. Each is in Python-Markdown's ESCAPED_CHARS ('|' via tables).
_INLINE = re.compile(r"([\\`*_{}\[\]|])")
# Line breaks as Python-Markdown reads them.
_LINE_BREAK = re.compile(r"\r\n?|\n")
# Block syntax at a line start: headings, quotes, lists, rules, setext underlines,
# admonitions ('!!!'), details ('???' is covered by '?'), ordered lists ('1.' / '1)').
_BLOCK_START = re.compile(r"^([#>+\-=!:?~]|\d+(?=[.)]))")


@functools.lru_cache(maxsize=65536)
def md_text(text: str) -> str:
    """One line of untrusted text as Markdown that renders to the same characters."""
    # Python-Markdown splits lines at "\r" as well as "\n" ("a\r# b" would open a heading):
    # one line of text must stay one line. Leading white space would open a code block.
    text = _LINE_BREAK.sub(" ", text).strip()
    escaped = html.escape(text, quote=False)
    escaped = _INLINE.sub(r"\\\1", escaped)
    m = _BLOCK_START.match(escaped)
    if m:
        if m.group(1)[0].isdigit():
            # '1. text' -> '1\. text': escape the list marker after the number.
            n = len(m.group(1))
            escaped = escaped[:n] + "\\" + escaped[n:]
        elif m.group(1) in "?:~=":
            # Not in ESCAPED_CHARS: a backslash would show. Use the character reference.
            escaped = f"&#{ord(m.group(1))};" + escaped[1:]
        else:
            escaped = "\\" + escaped
    return escaped


def md_heading_text(text: str) -> str:
    """One line of untrusted text as the text of a Markdown heading (``## …``): as ``md_text``,
    and the ``#`` at its end escaped too, which Python-Markdown would otherwise take for the
    heading's closing hashes and drop (a heading 学习C# would show as 学习C)."""
    escaped = md_text(text)
    tail: list[str] = []
    end = len(escaped)
    while end and escaped[end - 1] == "#":
        start = end - 1
        while start and escaped[start - 1] == "\\":
            start -= 1
        if (end - 1 - start) % 2:  # already escaped ("\#"): keep the pair, look before it
            tail.append(escaped[end - 2:end])
            end -= 2
        else:
            tail.append("\\#")
            end -= 1
    return escaped[:end] + "".join(reversed(tail))


def shown_text(text: str) -> str:
    """The characters ``md_text(text)`` renders to: its line breaks as spaces, stripped. The
    search and the raw-capture page read a report's paragraphs back from its page
    (``pagetext.py``), so they index and compare exactly this."""
    return _LINE_BREAK.sub(" ", text).strip()


def html_inline(text: str) -> str:
    """One line of untrusted text as the HTML Python-Markdown renders ``md_text(text)`` to, for
    HTML the build writes in place of Markdown (render.py): the same characters, escaped."""
    return html.escape(_LINE_BREAK.sub(" ", text).strip(), quote=False)


def html_text(text: str) -> str:
    """Untrusted text inside HTML the build writes itself."""
    return html.escape(text, quote=True)

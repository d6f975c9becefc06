"""A report's paragraphs, read back from its page: the text the search verifies and the raw
captures are stored against.

The site holds each report's text once, in its page (``render.py`` puts the blocks inside
``<div class="report-body">``). The search (archive-search.js) fetches a candidate's page and
checks the query against its paragraphs, and the raw-capture page (archive-source.js) inflates
the capture with them as dictionary (``rawpack.py``); a second copy of every report in the
search index was 7 KB a report. The contract, kept by ``body_text`` here and ``pageBody`` in
archive-search.js alike: the ``<p>`` elements that are children of the report body, each one's
text (elements of class ``headerlink``, permalink signs, left out), joined by line breaks. It
equals ``"\\n".join(mdtext.shown_text(p) for p in paragraphs)`` (``tests/test_pagetext.py``).
"""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Sequence

from .mdtext import shown_text

BODY_CLASS = "report-body"
SKIP_CLASS = "headerlink"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def paragraphs_text(paragraphs: Sequence[str]) -> str:
    """What ``body_text`` reads from the page of a report with these paragraphs."""
    return "\n".join(shown_text(p) for p in paragraphs)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.body_depth = -1
        self.skip_depth = -1
        self.paragraphs: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append(tag)
        depth = len(self.stack)
        if self.body_depth < 0 and tag == "div" and BODY_CLASS in classes:
            self.body_depth = depth
        elif self.body_depth > 0 and depth == self.body_depth + 1 and tag == "p":
            self.current = []
        if self.current is not None and self.skip_depth < 0 and SKIP_CLASS in classes:
            self.skip_depth = depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.stack:
            return
        depth = len(self.stack)
        self.stack.pop()
        if depth == self.skip_depth:
            self.skip_depth = -1
        if self.current is not None and depth == self.body_depth + 1:
            self.paragraphs.append("".join(self.current))
            self.current = None
        if depth == self.body_depth:
            self.body_depth = 0  # done: later report bodies (none) are not read

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.skip_depth < 0:
            self.current.append(data)


def body_text(page_html: str) -> str:
    """The report's paragraphs as its page shows them, joined by line breaks."""
    reader = _Reader()
    reader.feed(page_html)
    reader.close()
    return "\n".join(reader.paragraphs)

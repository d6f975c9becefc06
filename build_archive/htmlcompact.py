"""Drop the indentation mkdocs-material's templates leave in every page.

A page is a third whitespace before this: runs of blank lines and indentation between tags,
repeated on 30,000 report pages. Every run of white space that holds a line break becomes one
line break, which renders the same (HTML collapses white space) except where white space is
kept: ``<pre>`` (citations, code), ``<textarea>``, and ``<script>``/``<style>`` bodies are left
as they are. mkdocs applies it to the pages it renders (``mkdocs_hooks.py``, configured in
mkdocs.yml) and fastpages to the pages it renders, so both give the same bytes.
"""
from __future__ import annotations

import re

_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_RUN = re.compile(r"[ \t\r\f\v]*\n\s*")


def compact(html: str) -> str:
    out: list[str] = []
    last = 0
    for m in _KEEP.finditer(html):
        out.append(_RUN.sub("\n", html[last:m.start()]))
        out.append(m.group(0))
        last = m.end()
    out.append(_RUN.sub("\n", html[last:]))
    return "".join(out)

"""Render the archive's numerous pages into a page shell that mkdocs renders once.

mkdocs renders every page through Python-Markdown and mkdocs-material's templates, about
11 ms a page and always all of them: 30,000 reports would take minutes on every build, even
after correcting one county. The numerous pages (reports, counties, provinces, years,
themes) all sit two folders deep, so they share every relative link to the site's assets and
differ only in title, table of contents and content. mkdocs renders one shell page at that
depth; this module converts each page's Markdown with the same Python-Markdown extensions
mkdocs is configured with, puts it into the shell, and skips pages whose Markdown and shell
did not change. ``tests/test_fastpages.py`` checks the result against mkdocs' own rendering.
"""
from __future__ import annotations

import functools
import hashlib
import html
import posixpath
import re
from pathlib import Path
from dataclasses import dataclass
from typing import Sequence

from ..core import paths
from . import fastreport
from .htmlcompact import compact

SHELL_DOC = "shell/page.md"
SHELL_URL = "shell/page/"
BULK_DIRS = ("r", "county", "city", "province", "year", "theme", "indicator")
TITLE_MARK = "ARCHIVESHELLTITLE"
BODY_MARK = "ARCHIVESHELLBODY"
TOC_MARK = "ARCHIVESHELLTOC"
HEAD_MARK = "<!--ARCHIVESHELLHEAD-->"
CITE_MARK = "<!--ARCHIVESHELLCITE-->"
# Bump when the rendering below changes, so cached pages are rendered again.
RENDERER_VERSION = "9"

SHELL_MARKDOWN = f"""---
title: {TITLE_MARK}
head: '{HEAD_MARK}'
cite: '{CITE_MARK}'
---

# {TITLE_MARK}

{BODY_MARK}

## {TOC_MARK}
"""


class ShellError(RuntimeError):
    """The rendered shell page does not have the expected markers (the theme changed)."""


@dataclass(frozen=True)
class Shell:
    """The shell page cut around the parts that differ between pages.

    The lean shell of the numerous pages (overrides/main.html) has neither the header's page
    title nor the table-of-contents sidebar: the parts around them are then empty."""

    before_title: str
    between_titles: str
    before_toc: str
    before_content: str
    after_content: str
    skip_link: str
    """The skip-to-content link, whose anchor is the page's first heading."""
    digest: str
    """sha256 of the shell HTML: a page rendered into another shell must be rendered again."""
    header_title: bool = True
    """Whether the header repeats the page title (Material's header does, the lean one not)."""
    toc: bool = True
    """Whether the shell has the table-of-contents sidebar."""


def is_bulk(doc: str) -> bool:
    return doc.split("/", 1)[0] in BULK_DIRS and doc.endswith(".md")


def load_shell(page_html: str) -> Shell:
    """Cut mkdocs' rendering of ``SHELL_MARKDOWN`` into the parts around title, toc and content."""
    def find(needle: str, start: int = 0, end: int | None = None) -> int:
        i = page_html.find(needle, start, len(page_html) if end is None else end)
        if i < 0:
            raise ShellError(f"the shell page has no {needle!r}; did the theme's templates change?")
        return i

    title_slug = TITLE_MARK.lower()
    skip = f'<a href="#{title_slug}" class="md-skip">'
    t1 = find(f"<title>{TITLE_MARK}")
    t1_end = t1 + len("<title>") + len(TITLE_MARK)
    c1 = find(f'<h1 id="{title_slug}">', t1_end)
    t2 = page_html.find(TITLE_MARK, t1_end, c1)  # the header's page title, if the shell has one
    after_titles = t1_end if t2 < 0 else t2 + len(TITLE_MARK)
    toc_start = page_html.find('<label class="md-nav__title" for="__toc">', after_titles, c1)
    if toc_start >= 0:
        toc_end = find("</ul>", toc_start) + len("</ul>")
    else:
        toc_start = toc_end = after_titles
    c2 = find("</h2>", find(f'id="{TOC_MARK.lower()}"', c1)) + len("</h2>")
    find(CITE_MARK, c2)
    return Shell(
        before_title=page_html[:t1 + len("<title>")],
        between_titles=page_html[t1_end:t2] if t2 >= 0 else "",
        before_toc=page_html[after_titles:toc_start],
        before_content=page_html[toc_end:c1],
        after_content=page_html[c2:],
        skip_link=skip,
        digest=hashlib.sha256(page_html.encode("utf-8")).hexdigest(),
        header_title=t2 >= 0,
        toc=toc_start != toc_end,
    )


def page_key(shell: Shell, markdown_text: str) -> str:
    return hashlib.sha256(f"{RENDERER_VERSION}\0{_COMPACT}\0{shell.digest}\0{markdown_text}".encode("utf-8")).hexdigest()


# Pages are compacted after rendering (htmlcompact.py), report pages converted by fastreport.py:
# a change in either is a change of renderer.
_COMPACT = hashlib.sha256(b"".join(Path(__file__).with_name(name).read_bytes()
                                   for name in ("htmlcompact.py", "fastreport.py"))).hexdigest()


def renderer_digest(shell: Shell) -> str:
    """What every page depends on besides its own Markdown: the shell and the renderer's code."""
    return f"{shell.digest}\0{RENDERER_VERSION}\0{_COMPACT}"


# --- Markdown ----------------------------------------------------------------------------------

def split_front_matter(text: str) -> tuple[dict, str]:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(text)
    return meta, body


def make_markdown(extensions: Sequence, configs: dict):
    import markdown

    md = markdown.Markdown(extensions=list(extensions), extension_configs=configs)
    # Just above the paragraph processor (10): every other block kind is tried first.
    md.parser.blockprocessors.register(_plain_paragraphs()(md.parser), "archive_plain_paragraph", 10.5)
    # Where mkdocs rewrites links (its "relpath" treeprocessor, priority 0): in the tree, so raw
    # HTML, which the build writes with site URLs already (render.py), is left alone as mkdocs does.
    md.treeprocessors.register(_link_rewriter()(md), "archive_relpath", 0)
    md.archive_doc = ""
    # Report pages are converted without Python-Markdown where fastreport knows their shapes.
    link = fastreport.usable(extensions, configs)
    md.archive_fast = (frozenset(md.ESCAPED_CHARS), link) if link is not None else None
    return md


@functools.cache
def _link_rewriter():
    from markdown.treeprocessors import Treeprocessor

    class LinkRewriter(Treeprocessor):
        """``rewrite_url`` on every a[href] and img[src] of the page (``md.archive_doc``)."""

        def run(self, root):
            doc = self.md.archive_doc
            for element in root.iter():
                key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
                if key is None:
                    continue
                url = element.get(key)
                if url is not None:
                    element.set(key, rewrite_url(url, doc))
            return root

    return LinkRewriter


# A report paragraph as render.py writes it: one line of escaped text, then its anchor.
_PLAIN_PARAGRAPH = re.compile(r"([^\n]+)\n\{: #(p\d+) \}")
# Characters that may start inline syntax (mdtext.py escapes each of them with a backslash or
# an entity, so escaped text holds \\ or &): a line without any renders as itself.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]{}|<>&!]")


@functools.cache
def _plain_paragraphs():
    # Python-Markdown is imported here, not at the top: the docs stage imports this module
    # and never renders.
    from xml.etree import ElementTree as etree

    from markdown.blockprocessors import BlockProcessor
    from markdown.util import AtomicString

    class PlainParagraphs(BlockProcessor):
        """Most of a report page is paragraphs of plain text, and Python-Markdown runs each of
        its twenty-odd inline patterns over every one of them (half the rendering time at
        30,000 reports). A paragraph in which no character can start inline syntax renders as
        its own text: it becomes the ``<p id>`` the paragraph processor and attr_list would
        make, its text marked atomic so the inline patterns skip it. Anything else goes the
        ordinary way; ``tests/test_fastpages.py`` checks the pages against mkdocs' own."""

        def test(self, parent, block: str) -> bool:
            if self.parser.state.isstate("list"):
                return False
            m = _PLAIN_PARAGRAPH.fullmatch(block)
            return m is not None and not m.group(1)[:1].isspace() and _INLINE_SYNTAX.search(m.group(1)) is None

        def run(self, parent, blocks: list[str]) -> None:
            m = _PLAIN_PARAGRAPH.fullmatch(blocks.pop(0))
            p = etree.SubElement(parent, "p")
            p.text = AtomicString(m.group(1))
            p.set("id", m.group(2))

    return PlainParagraphs



_LINK = re.compile(r'(<a\s[^>]*?href=")([^"#?:]+?)((?:[?#][^"]*)?)(")')


def rewrite_url(url: str, doc: str) -> str:
    """A link written in docs file ``doc`` as the site URL mkdocs makes of it: written in
    ``r/x.md``, ``../county/431122.md`` points from the page URL ``r/x/`` to
    ``county/431122/``, so it becomes ``../../county/431122/``; ``r/x.md#p3`` becomes
    ``r/x/#p3``. Absolute, external and fragment-only links stay as they are."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    href = url[:cut]
    if not href or href.startswith("/") or ":" in href:
        return url
    return paths.site_href(doc, posixpath.normpath(posixpath.join(posixpath.dirname(doc), href)) + url[cut:])


def rewrite_links(body_html: str, doc: str) -> str:
    """``rewrite_url`` on each ``<a href="...">`` of an HTML string (tests compare it with mkdocs)."""
    def fix(m: re.Match[str]) -> str:
        url = rewrite_url(html.unescape(m.group(2) + m.group(3)), doc)
        return m.group(1) + html.escape(url, quote=True) + m.group(4)

    return _LINK.sub(fix, body_html)


# --- table of contents and tags, in mkdocs-material's markup ------------------------------------

def toc_html(tokens: list[dict]) -> str:
    """The secondary navigation list, as ``partials/toc.html`` renders it."""
    if tokens and tokens[0]["level"] == 1:
        tokens = tokens[0]["children"]
    if not tokens:
        return ""
    items = "".join(_toc_item(t) for t in tokens)
    return ('<label class="md-nav__title" for="__toc">\n      <span class="md-nav__icon md-icon"></span>\n'
            '      目录\n    </label>\n'
            f'    <ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>{items}</ul>')


def _toc_item(token: dict) -> str:
    # Python-Markdown gives the heading's text as escaped HTML in token["name"].
    out = (f'<li class="md-nav__item">\n  <a href="#{token["id"]}" class="md-nav__link">\n'
           f'    <span class="md-ellipsis">\n      \n        {token["name"]}\n      \n    </span>\n  </a>\n  ')
    if token["children"]:
        label = html.escape(html.unescape(re.sub(r"<[^>]+>", "", token["name"])), quote=True)
        out += (f'\n    <nav class="md-nav" aria-label="{label}">\n      <ul class="md-nav__list">'
                + "".join(_toc_item(c) for c in token["children"]) + "</ul>\n    </nav>\n  ")
    return out + "\n</li>"


def tags_html(tags: Sequence[str], hidden: bool = False) -> str:
    """Tag chips, as ``partials/tags.html`` (overrides/) renders them when tags have no listing page:
    nothing for a page that hides its tags (a hidden list is bytes no reader sees)."""
    if not tags or hidden:
        return ""
    # The tags plugin sorts by name (tags_sort_by: tag_name); do the same.
    chips = "".join(f'<span class="md-tag">{html.escape(t)}</span>' for t in sorted(set(tags)))
    return f'<nav class="md-tags" >{chips}</nav>'


# --- one page ----------------------------------------------------------------------------------

def render_page(shell: Shell, md, doc: str, text: str) -> str:
    """The complete HTML page for one docs/ Markdown file."""
    meta, body = split_front_matter(text)
    fast = getattr(md, "archive_fast", None)
    content = None
    if fast is not None and not shell.toc and meta.get("title") and doc.startswith("r/"):
        content = fastreport.convert(body, *fast)
    if content is not None:
        # The page's first heading is its title's (fastreport.convert starts with it).
        first_id = content[content.index(' id="') + 5:content.index('"', content.index(' id="') + 5)]
        title, tokens = str(meta["title"]), []
    else:
        md.reset()
        md.archive_doc = doc
        content = md.convert(body)
        tokens = getattr(md, "toc_tokens", [])
        # Front matter titles are HTML already (see front_matter.page_title): mkdocs-material prints
        # page.meta.title unescaped, so the build escapes it when writing the front matter.
        title = str(meta.get("title") or (tokens[0]["name"] if tokens else ""))
        first_id = tokens[0]["id"] if tokens else ""
    url = paths.doc_url(doc)
    skip = f'<a href="#{first_id}" class="md-skip">'
    head = str(meta.get("head") or "")

    def fill(part: str) -> str:
        # The skip link and the head's citation tags follow the <title> in whichever part that is.
        return part.replace(shell.skip_link, skip).replace(HEAD_MARK, head).replace(SHELL_URL, url)

    if "<h1" not in content:
        content = f"<h1>{title}</h1>" + content
    tags = meta.get("tags") or []
    hidden = "tags" in (meta.get("hide") or [])
    top = shell.before_title.replace(SHELL_URL, url) + title + fill(shell.between_titles)
    if shell.header_title:
        top += title
    return compact(top + fill(shell.before_toc) + (toc_html(tokens) if shell.toc else "")
                   + fill(shell.before_content) + tags_html(tags, hidden) + content
                   + shell.after_content.replace(CITE_MARK, str(meta.get("cite") or "")))

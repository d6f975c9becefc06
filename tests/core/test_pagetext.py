"""A report's paragraphs read back from its page equal the text the search and the raw
captures were built from (pagetext.py; archive-search.js pageBody follows the same contract)."""
from __future__ import annotations

from build_archive.core import pagetext


def check_pages(result, site) -> int:
    """Every report page of ``site`` against its report (built without a cache: full reports)."""
    reports = [r for r in result.reports if r.ident]
    for r in reports:
        page = (site / "r" / r.ident.code / "index.html").read_text(encoding="utf-8")
        assert pagetext.body_text(page) == pagetext.paragraphs_text(r.structured.paragraphs), r.source.name
    return len(reports)


def test_seed_pages_give_back_their_paragraphs(seed_build):
    result, _settings, site = seed_build
    assert check_pages(result, site) == 5


def test_permalink_signs_and_markup_outside_the_body_are_not_text():
    page = ('<p>前</p><div class="report-body"><h2 id="a">一、标题<a class="headerlink" href="#a">¶</a></h2>'
            '<p>第一段 &lt;b&gt; &amp; “引”<a class="headerlink" href="#x">¶</a></p>'
            '<div class="report-signature">署名<br>日期</div><p>第二段</p></div><p>后</p>')
    assert pagetext.body_text(page) == "第一段 <b> & “引”\n第二段"

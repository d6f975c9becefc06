"""Links between docs/ files as the site URLs mkdocs gives them (paths.site_href)."""
import pytest

from build_archive.core.paths import site_href
from build_archive.publish.fastpages import rewrite_url


@pytest.mark.parametrize("here, target, expected", [
    ("r/x.md", "county/431122.md", "../../county/431122/"),
    ("r/x.md", "r/y.md", "../y/"),
    ("r/x.md", "about.md#更正", "../../about/#更正"),
    ("r/x.md", "source.md?c=ab", "../../source/?c=ab"),
    ("r/x.md", "index.md", "../../"),
    ("r/x.md", "raw/x.txt", "../../raw/x.txt"),
    ("index.md", "browse/regions.md", "browse/regions/"),
    ("index.md", "index.md", "./"),
    ("browse/themes.md", "theme/a.md", "../../theme/a/"),
])
def test_site_href_is_the_link_mkdocs_writes(here, target, expected):
    assert site_href(here, target) == expected


@pytest.mark.parametrize("doc, href, expected", [
    ("index.md", "browse/regions.md", "browse/regions/"),
    ("r/x.md", "../county/431122.md#p3", "../../county/431122/#p3"),
    ("r/x.md", "#p3", "#p3"),
    ("r/x.md", "https://example.org/a.md", "https://example.org/a.md"),
])
def test_fastpages_rewrites_a_markdown_link_through_site_href(doc, href, expected):
    assert rewrite_url(href, doc) == expected

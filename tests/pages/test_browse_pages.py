"""Browse pages of the seeds' build (issue 19.12): gaps in coverage, reports on year pages,
prefecture pages linked from counties and reports."""
import re

from build_archive.core.paths import PROJECT_DIR


def docs(seed_build):
    return seed_build[1].docs_dir


def test_coverage_table_has_every_year_of_the_range_and_marks_the_gaps(seed_build):
    home = (docs(seed_build) / "index.md").read_text(encoding="utf-8")
    table = home[home.index('<table class="coverage-table">'):home.index("</table>")]
    head = re.findall(r"<th[^>]*>(\d{4})</th>", table)
    assert head == [str(y) for y in range(2016, 2025)]
    gaps = re.findall(r'<th class="gap"[^>]*>(\d{4})</th>', table)
    assert gaps == [str(y) for y in range(2017, 2024) if y != 2020]
    assert "2017、2018、2019、2021、2022、2023" in home


def test_home_links_every_part_of_the_site_and_keeps_the_menu(seed_build):
    home = (docs(seed_build) / "index.md").read_text(encoding="utf-8")
    for target in ("browse/regions.md", "browse/years.md", "browse/themes.md", "search.md", "downloads.md", "about.md"):
        assert f"]({target})" in home, target
    assert "navigation" not in home.split("---")[1]  # the menu is not hidden on the home page


def test_year_page_lists_the_reports_themselves(seed_build):
    page = (docs(seed_build) / "year" / "2020.md").read_text(encoding="utf-8")
    assert "东安县卫生健康局2020年工作总结及2021年工作打算](../r/2ac8209b.md)" in page
    assert "## [湖南省](2020-43.md)（1 篇）" in page


def test_prefecture_page_lists_its_counties_reports_and_counties_and_reports_link_to_it(seed_build):
    city = (docs(seed_build) / "city" / "431100.md").read_text(encoding="utf-8")
    assert city.split("\n---\n", 1)[1].lstrip().startswith("# 永州市")
    assert "## [东安县](../county/431122.md)（1 篇）" in city
    assert "(../r/2ac8209b.md)" in city and "(../province/43.md)" in city
    county = (docs(seed_build) / "county" / "431122.md").read_text(encoding="utf-8")
    assert "[永州市](../city/431100.md)" in county
    report = (docs(seed_build) / "r" / "2ac8209b.md").read_text(encoding="utf-8")
    # The metadata table is HTML the build writes with site URLs (render.py).
    assert '<a href="../../city/431100/">永州市</a>' in report
    province = (docs(seed_build) / "province" / "43.md").read_text(encoding="utf-8")
    assert "## [永州市](../city/431100.md)" in province
    assert (seed_build[2] / "city" / "431100" / "index.html").exists()


def test_no_english_where_a_reader_looks(seed_build):
    """Issue 19.7: heading anchors, the build report's flag table, APA dates."""
    site = seed_build[2]
    page = (site / "r" / "2ac8209b" / "index.html").read_text(encoding="utf-8")
    # The permalink signs are archive-search.js's (test_browser.py), titled in Chinese there.
    assert "Permanent link" not in page and 'class="headerlink"' not in page
    assert "title: '本节链接'" in (PROJECT_DIR / "docs/assets/javascripts/archive-search.js").read_text(encoding="utf-8")
    # APA's Chinese date (2021年9月22日) is built in the browser: test_browser.py compares it with cite.py's.
    assert "September" not in page and '"datePublished":"2021-09-22"' in page
    report = (site / "build-report" / "index.html").read_text(encoding="utf-8")
    table = report[report.index("提示统计"):]
    assert "agency-unknown" not in table and "-unknown" not in table
    assert "原文没有标题" in table or "原文未写明" in table

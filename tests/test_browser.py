"""The built seed site in headless Chromium, as a reader uses it."""
import sys

import pytest

from build_archive.build import PROJECT_DIR


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], errors


def heading(page) -> str:
    # Every heading ends in its permalink sign (toc permalink), which is not part of the title.
    return page.locator("article h1").inner_text().removesuffix("¶")


def test_open_home_then_a_report_and_find_its_title(page, site_url):
    page.goto(site_url)
    assert heading(page) == "县级卫生健康工作报告档案"
    page.get_by_role("link", name="阳山县卫生健康局2020年工作总结和2021年工作计划").click()
    page.wait_for_url("**/r/aa5b70b4/")
    assert heading(page) == "阳山县卫生健康局2020年工作总结和2021年工作计划"
    assert "CHR-aa5b70b4" in page.locator(".report-meta").inner_text()


def test_home_to_theme_to_report_and_back_to_its_county(page, site_url):
    page.goto(site_url)
    page.locator("article").get_by_role("link", name="按主题浏览").click()
    page.wait_for_url("**/browse/themes/")
    page.get_by_role("link", name="医共体/医联体", exact=True).click()
    page.wait_for_url("**/theme/yigongti/")
    assert heading(page) == "医共体/医联体"
    page.get_by_role("link", name="东安县卫生健康局2020年工作总结及2021年工作打算").click()
    page.wait_for_url("**/r/2ac8209b/")
    page.locator(".report-meta").get_by_role("link", name="东安县").click()
    page.wait_for_url("**/county/431122/")
    assert heading(page) == "东安县"
    assert page.get_by_role("link", name="东安县卫生健康局2020年工作总结及2021年工作打算").is_visible()


def test_coverage_table_leads_to_the_reports_of_a_province_and_year(page, site_url):
    page.goto(site_url)
    page.locator(".coverage-table").get_by_role("link", name="1").first.click()
    page.wait_for_url("**/year/*-*/")
    assert page.locator("article li a").count() >= 1


@pytest.mark.parametrize("path", ["", "r/2ac8209b/", "r/6463a654/", "browse/regions/", "theme/yigongti/", "county/431122/"])
def test_pages_fit_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.goto(site_url + path)
    overflow = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} is {overflow}px wider than a phone screen"
    assert p.locator("article h1").is_visible()
    context.close()


# Typing as an input method does (composition events, then the committed text): the same
# helper the search tests and benchmark use.
sys.path.insert(0, str(PROJECT_DIR / "bench"))
from search_support import IME_TYPE_JS  # noqa: E402


def _expected(seed_build, query: str) -> set[str]:
    """Ground truth: the reports whose searchable text contains every term."""
    from build_archive.render import body_plain

    result = seed_build[0]
    return {r.ident.code for r in result.reports
            if all(term in body_plain(r) + "\n".join(t for t in [r.meta.county or ""]) for term in query.split())}


@pytest.mark.parametrize("query", ["医改", "卫健委", "医生", "家庭医生签约", "两癌筛查6060人", "2020年",
                                   "医共体 2020", "持续深化医药卫生体制改革", "不存在的词语组合"])
def test_search_on_the_built_site_finds_exactly_the_reports_containing_the_query(page, site_url, seed_build, query):
    page.goto(site_url + "search/")
    page.wait_for_selector("#as-q")
    page.evaluate(IME_TYPE_JS, ["#as-q", query])
    page.wait_for_function("document.querySelector('.as-status') && /篇|没有/.test(document.querySelector('.as-status').textContent)")
    page.wait_for_timeout(300)
    found = set(page.eval_on_selector_all(
        "#as-results .as-title a", "els => els.map(a => a.getAttribute('href').match(/r\\/([0-9a-f]+)\\//)[1])"))
    assert found == _expected(seed_build, query), query
    assert "q=" in page.url  # the URL can be shared


def test_search_result_opens_the_report_with_the_match_highlighted(page, site_url):
    page.goto(site_url + "search/?q=" + "两癌筛查")
    page.wait_for_selector("#as-results .as-title a")
    page.locator("#as-results .as-title a").first.click()
    page.wait_for_url("**/r/*/**")
    page.wait_for_selector("mark")
    assert "两癌筛查" in page.locator("mark").first.inner_text()


def test_site_works_under_a_repository_sub_path(browser, seed_build, tmp_path):
    """GitHub Pages serves a project site under /<repository>/: links, short URLs and search."""
    from tests.conftest import serve

    (tmp_path / "chr").symlink_to(seed_build[2], target_is_directory=True)
    base, server = serve(tmp_path)
    try:
        page = browser.new_page()
        page.goto(base + "chr/CHR-aa5b70b4#%E4%B8%89")  # the citation code as a URL, anchor kept
        page.wait_for_url("**/chr/r/aa5b70b4/#*")
        assert heading(page) == "阳山县卫生健康局2020年工作总结和2021年工作计划"
        page.locator(".report-meta").get_by_role("link", name="阳山县").click()
        page.wait_for_url("**/chr/county/441823/")
        page.goto(base + "chr/search/?q=" + "医共体")
        page.wait_for_selector("#as-results .as-title a")
        assert page.locator("#as-results .as-title a").count() >= 1
        page.close()
    finally:
        server.shutdown()


def test_raw_capture_is_one_click_from_the_report_and_verified_in_the_browser(page, site_url, seeds_dir):
    """The capture is rebuilt from its pack (rawpack.py) by archive-source.js: SHA-256 checked
    in the browser, removed lines listed with their line numbers and rules, exact bytes offered."""
    page.goto(site_url + "r/2ac8209b/")
    page.locator("details.info summary").click()
    page.get_by_role("link", name="000_2ac8209b6c6491b0.txt").click()
    page.wait_for_url("**/source/?c=2ac8209b")
    page.wait_for_selector("[data-source-verified]")
    assert page.get_attribute("#archive-source", "data-source-verified") == "yes"
    assert "一致" in page.locator(".archive-source__ok").inner_text()
    raw = next(seeds_dir.glob("000_2ac8209b*.txt")).read_bytes()
    rows = page.locator(".archive-source__removed tbody tr")
    assert rows.count() == 21
    assert rows.first.inner_text().split("\t")[:2] == ["1", "breadcrumb"]
    assert "您现在所在的位置" in rows.first.inner_text()
    assert page.locator("[data-source-text] .archive-source__line").count() == len(raw.decode("utf-8").split("\n"))
    with page.expect_download() as download:
        page.locator("[data-source-download]").click()
    assert download.value.suggested_filename == "000_2ac8209b6c6491b0.txt"
    assert open(download.value.path(), "rb").read() == raw


def test_raw_viewer_says_what_is_wrong_with_a_bad_code(page, site_url):
    page.goto(site_url + "source/?c=ffffffff")
    page.wait_for_function("document.querySelector('[data-source-status]').textContent.includes('没有')")
    page.goto(site_url + "source/")
    assert "缺少引用编号" in page.locator("[data-source-status]").inner_text()

"""The built seed site in headless Chromium, as a reader uses it."""
import re
import sys

import pytest

from build_archive.core.paths import PROJECT_DIR


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
    # 东安县's report has the theme, but not among its main themes: the theme page sends the
    # reader to the search, filtered by theme and province (issue 16).
    page.get_by_role("link", name="在检索中查看全部 1 篇").click()
    # Either order of the filters: once mounted, the search writes them in its own order
    # (replaceState), which can come before the wait looks at the address.
    page.wait_for_url(re.compile(r".*/search/\?(.*&)?theme="))
    page.wait_for_selector("#archive-search[data-settled]")
    assert "共 1 篇报告" in page.locator(".as-status").inner_text()
    page.locator("#as-results").get_by_role("link", name="东安县卫生健康局2020年工作总结及2021年工作打算").click()
    page.wait_for_url("**/r/2ac8209b/**")
    page.locator(".report-meta").get_by_role("link", name="东安县").click()
    page.wait_for_url("**/county/431122/")
    assert heading(page) == "东安县"
    assert page.get_by_role("link", name="东安县卫生健康局2020年工作总结及2021年工作打算").is_visible()


def test_coverage_table_leads_to_the_reports_of_a_province_and_year(page, site_url):
    page.goto(site_url)
    page.locator(".coverage-table").get_by_role("link", name="1").first.click()
    page.wait_for_url("**/year/*-*/")
    assert page.locator("article li a").count() >= 1


@pytest.mark.parametrize("path", ["", "r/2ac8209b/", "r/6463a654/", "browse/regions/", "theme/yigongti/", "county/431122/",
                                  "city/431100/", "year/2020/", "province/43/", "downloads/", "build-report/",
                                  "search/?q=家庭医生", "about/"])
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
    from build_archive.pages.render import body_plain

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


def test_a_heading_link_made_with_its_old_text_anchor_still_finds_it(page, site_url):
    """Headings are anchored #s1, #s2, ... (issue 16); a link made when the anchor was the
    heading's text (the toc slug) still scrolls to that heading."""
    from pymdownx.slugs import slugify

    page.goto(site_url + "r/2ac8209b/")
    texts = page.eval_on_selector_all(".report-body h2", "hs => hs.map(h => [h.id, h.textContent.replace('¶', '')])")
    assert len(texts) >= 3 and all(re.fullmatch(r"s\d+", i) for i, _t in texts)
    target_id, text = texts[-1]
    old = slugify(case="lower")(text, "-")
    near = f"Math.abs(document.getElementById('{target_id}').getBoundingClientRect().top) < 120"
    page.goto(site_url)  # opened with the old anchor ...
    page.goto(site_url + "r/2ac8209b/#" + old)
    page.wait_for_function(near)
    page.evaluate("window.scrollTo(0, 0)")  # ... and followed on the page
    page.goto(site_url + "r/2ac8209b/#" + slugify(case="lower")(texts[0][1], "-"))
    page.wait_for_function(f"Math.abs(document.getElementById('{texts[0][0]}').getBoundingClientRect().top) < 120")


def test_the_lean_pages_take_the_readers_colour_scheme(browser, site_url):
    """Reports, counties and themes have no palette toggle (overrides/lean-base.html): they
    take the scheme the reader chose on the site's other pages, else their device's."""
    dark = browser.new_context(color_scheme="dark")
    try:
        page = dark.new_page()
        page.goto(site_url + "r/2ac8209b/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        # Chosen with the toggle on the home page (Material's palette component stores it).
        page.goto(site_url)
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        page.goto(site_url + "county/431122/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    finally:
        dark.close()
    light = browser.new_context(color_scheme="light")
    try:
        page = light.new_page()
        page.goto(site_url + "r/2ac8209b/")
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    finally:
        light.close()


def test_search_announces_its_results_and_takes_a_filter_from_another_script(page, site_url, seed_build):
    """The hook other page scripts (charts, concordance, export) build on."""
    page.add_init_script("""
        window.__results = [];
        document.addEventListener('archive:results', e => window.__results.push(e.detail));
    """)
    page.goto(site_url + "search/?q=" + "医共体")
    page.wait_for_function("window.__results.length > 0")
    detail = page.evaluate("window.__results[window.__results.length - 1]")
    assert detail["query"] == "医共体"
    assert {r["code"] for r in detail["results"]} == _expected(seed_build, "医共体")
    first = detail["results"][0]
    assert set(first) >= {"code", "title", "county", "province", "year", "url", "doc_type"}
    year = str(first["year"])
    page.evaluate("y => { window.__results = []; window.archiveSearch.setFilter('year', y); }", year)
    page.wait_for_function("window.__results.length > 0")
    detail = page.evaluate("window.__results[window.__results.length - 1]")
    assert detail["filtered"] and all(str(r["year"]) == year for r in detail["filtered"])
    assert {r["code"] for r in detail["results"]} == _expected(seed_build, "医共体")  # unfiltered
    assert detail["complete"] and detail["counts"]["exact"]
    assert page.locator("select[name=year]").input_value() == year
    assert "year=" + year in page.url


def _facet_options(page) -> dict[str, dict[str, str]]:
    """Every filter's options as {value: label}, the "all" option left out."""
    return page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('.as-filters select'))
        .filter(s => s.name !== 'sort')
        .map(s => [s.name, Object.fromEntries(Array.from(s.options).filter(o => o.value).map(o => [o.value, o.textContent]))]))""")


def _settled(page) -> None:
    page.wait_for_selector("#archive-search[data-settled]")


@pytest.mark.parametrize("query", ["疫情防控", "新冠疫苗接种", "医共体", "家庭医生签约", "东安"])
def test_filter_counts_count_exactly_the_results(page, site_url, seed_build, query):
    """Issue 19.1: a count beside a filter value is the number of results choosing it gives."""
    page.goto(site_url + "search/?q=" + query)
    _settled(page)
    found = _expected(seed_build, query)
    reports = [r for r in seed_build[0].reports if r.ident and r.ident.code in found]
    want: dict[str, dict[str, str]] = {k: {} for k in ("province", "county", "year", "type", "theme")}

    def add(facet: str, value) -> None:
        if value:
            n = sum(1 for r in reports if value in values(r)[facet])
            want[facet][str(value)] = n

    def values(r) -> dict[str, set]:
        return {"province": {r.meta.province}, "year": {r.meta.year}, "type": {r.meta.doc_type},
                "county": {f"{r.meta.province or ''}/{r.meta.county}"} if r.meta.county else set(),
                "theme": {t.theme for t in r.themes}}
    for r in reports:
        for facet, vs in values(r).items():
            for v in vs:
                add(facet, v)
    got = {facet: {v: int(label.rsplit("（", 1)[1].rstrip("）")) for v, label in opts.items()}
           for facet, opts in _facet_options(page).items()}
    assert got == {k: {str(v): n for v, n in d.items()} for k, d in want.items()}, query
    assert all("（约" not in label for opts in _facet_options(page).values() for label in opts.values())


def test_an_empty_filtered_result_says_the_filter_caused_it_and_clears_it(page, site_url, seed_build):
    found = _expected(seed_build, "家庭医生签约")
    years = {r.meta.year for r in seed_build[0].reports if r.ident and r.ident.code in found}
    other = next(r.meta.year for r in seed_build[0].reports if r.meta.year and r.meta.year not in years)
    page.goto(site_url + f"search/?q=家庭医生签约&year={other}")
    _settled(page)
    assert page.locator("#as-results li").count() == 0
    message = page.locator(".as-empty")
    assert message.is_visible()
    assert f"{other}年" in message.inner_text() and f"不加筛选有 {len(found)} 篇" in message.inner_text()
    assert "没有找到" not in page.locator(".as-status").inner_text()
    message.get_by_role("button", name="清除筛选").click()
    page.wait_for_function(f"document.querySelectorAll('#as-results li').length === {len(found)}")
    assert "year=" not in page.url
    assert page.locator(".as-empty").is_hidden()


def test_nothing_found_at_all_is_not_blamed_on_a_filter(page, site_url):
    page.goto(site_url + "search/?q=不存在的词语组合")
    _settled(page)
    assert "没有找到含有“不存在的词语组合”的报告" in page.locator(".as-status").inner_text()
    assert _facet_options(page)["theme"] == {}


@pytest.mark.parametrize("query,simplified", [("東安", "东安"), ("東安縣 衛生", "东安县 卫生"), ("醫共體", "医共体")])
def test_a_traditional_query_finds_what_its_simplified_form_finds(page, site_url, seed_build, query, simplified):
    """Issue 19.13: queries and the index are read alike, traditional characters as simplified."""
    page.goto(site_url + "search/?q=" + query)
    _settled(page)
    found = set(page.eval_on_selector_all(
        "#as-results .as-title a", "els => els.map(a => a.getAttribute('href').match(/r\\/([0-9a-f]+)\\//)[1])"))
    assert found and found == _expected(seed_build, simplified)
    marks = page.locator("#as-results .as-result").first.locator(".as-snippet mark").all_inner_texts()
    assert set(marks) & set(simplified.split()), marks  # the snippet marks the text as written
    page.locator("#as-results .as-title a").first.click()
    page.wait_for_selector("mark.as-hit")
    assert page.locator("mark.as-hit").first.inner_text() in simplified.split()


def test_arriving_from_a_result_jumps_to_the_first_visible_match_and_steps_through_them(page, site_url):
    """Issue 19.3: the first highlight is in the report's text, on screen; 上一处/下一处 with a count."""
    page.goto(site_url + "search/?q=" + "家庭医生")
    _settled(page)
    page.locator("#as-results .as-title a").first.click()
    page.wait_for_selector(".as-hitnav")
    assert page.locator(".md-tags mark").count() == 0  # the hidden tag list is not marked
    marks = page.locator("mark.as-hit")
    n = marks.count()
    assert n >= 2
    count = page.locator(".as-hitnav-count")
    assert count.inner_text().endswith(f"共 {n} 处")

    def current_on_screen() -> bool:
        box = page.locator("mark.as-hit-current").bounding_box()
        return box is not None and 0 <= box["y"] <= 900 - box["height"]
    assert page.evaluate("window.scrollY") > 0 and current_on_screen()
    first = count.inner_text()
    page.get_by_role("button", name="下一处").click()
    assert count.inner_text() != first and current_on_screen()
    page.get_by_role("button", name="上一处").click()
    assert count.inner_text() == first
    page.get_by_role("button", name="上一处").click()
    page.get_by_role("button", name="上一处").click()
    assert current_on_screen()
    assert page.locator("mark.as-hit-current").count() == 1


def test_the_404_page_is_chinese_offers_search_and_works_under_a_sub_path(browser, seed_build, tmp_path):
    """Issue 19.2, served as GitHub Pages serves a project site: its 404.html for any missing path."""
    import functools
    import http.server
    import threading

    from tests.conftest import _QuietHandler

    site = seed_build[2]
    (tmp_path / "chr").symlink_to(site, target_is_directory=True)

    class Pages(_QuietHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Pages, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda r: r.status >= 400 and r.request.resource_type != "document"
                and "manifest.json" not in r.url and failed.append(r.url))
        response = page.goto(base + "chr/r/deadbeef/no/such/page/")
        assert response.status == 404
        assert page.locator("html").get_attribute("lang").startswith("zh")
        assert page.locator("h1").inner_text() == "页面不存在"
        assert "Not found" not in page.content()
        assert "CHR-deadbeef" in page.locator("#nf-code").inner_text()
        page.wait_for_function("document.querySelector('main a').getAttribute('href') === '/chr/'")
        assert failed == []
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.get_by_role("link", name="按地区浏览").click()
        page.wait_for_url("**/chr/browse/regions/")
        assert heading(page) == "按地区浏览"
        page.go_back()
        page.wait_for_function("document.querySelector('form').getAttribute('action') === '/chr/search/'")
        page.locator("#nf-q").fill("医共体")
        page.keyboard.press("Enter")
        page.wait_for_url("**/chr/search/?q=*")
        page.wait_for_selector("#as-results .as-title a")
        assert page.locator("#as-results .as-title a").count() >= 1
        context.close()
    finally:
        server.shutdown()


def test_on_a_phone_the_site_name_is_whole_tables_fit_and_text_is_not_stretched(browser, site_url):
    """Issue 19.10 at 390 px."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.goto(site_url)
    title = p.locator(".md-header__topic").first
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the site name is cut off"
    # The numerous pages' lean bar: the name whole, every section on screen or a swipe away.
    p.goto(site_url + "province/43/")
    title = p.locator(".archive-bar__home")
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth"), "the site name is cut off"
    assert title.evaluate("e => e.getBoundingClientRect().right <= window.innerWidth")
    links = p.locator(".archive-bar__links a")
    assert links.count() == 8 and links.first.is_visible()
    table = p.locator("article table").first
    assert table.evaluate("t => t.getBoundingClientRect().right <= window.innerWidth"), "the table is clipped"
    p.goto(site_url + "r/2ac8209b/")
    assert p.locator("article p").first.evaluate("e => getComputedStyle(e).textAlign") in ("start", "left")
    context.close()


def test_every_paragraph_has_an_anchor_to_cite_it_by(page, site_url):
    """Issue 19.13: CHR-<code>#p<n> reaches one passage."""
    page.goto(site_url + "r/2ac8209b/#p3")
    target = page.locator("article p#p3")
    assert target.is_visible()
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    link = target.locator(".para-link")
    assert link.get_attribute("href") == "#p3" and link.inner_text() == "§3"
    assert page.locator("article p[id^=p]").count() == page.locator("article .para-link").count() > 10


@pytest.mark.parametrize("query", ["家庭医生", "医共体", "疫情防控 2020"])
def test_a_snippet_is_the_sentence_with_the_match(page, site_url, seed_build, query):
    """Issue 19.5: not a run of headings, but the sentence (or a window of it) holding the match."""
    page.goto(site_url + "search/?q=" + query)
    _settled(page)
    headings = {h for r in seed_build[0].reports for h in r.structured.headings}
    bodies = {r.ident.code: "\n".join(b.text for b in r.structured.blocks) for r in seed_build[0].reports}
    snippets = page.eval_on_selector_all("#as-results .as-result", """els => els.map(e => [
        e.querySelector('.as-title a').getAttribute('href').match(/r\\/([0-9a-f]+)\\//)[1],
        e.querySelector('.as-snippet').textContent])""")
    assert snippets
    for code, text in snippets:
        inner = text.strip("…")
        assert any(t in inner for t in query.split())
        # Several terms: where one sentence of the body holds them all, the snippet is such a one.
        sentences = re.split(r"[。！？；!?;\n]", bodies[code])
        if any(all(t in x for t in query.split()) for x in sentences):
            assert all(t in inner for t in query.split()), text
        assert len(text) <= 170
        assert inner in bodies[code].replace("\n", " ") or inner in bodies[code], (code, text)
        # no more than one line: never several headings run together
        assert sum(1 for h in headings if h in inner) <= 1, text


def test_results_sort_by_year_or_region_and_filter_by_county_and_doc_type(page, site_url, seed_build):
    """Issue 19.13: sorting, and the 县 and 文种 filters."""
    reports = {r.ident.code: r for r in seed_build[0].reports}

    def codes() -> list[str]:
        return page.eval_on_selector_all(
            "#as-results .as-title a", "els => els.map(a => a.getAttribute('href').match(/r\\/([0-9a-f]+)\\//)[1])")
    page.goto(site_url + "search/?q=卫生&sort=old")
    _settled(page)
    years = [reports[c].meta.year or 9999 for c in codes()]
    assert len(years) == 5 and years == sorted(years)
    page.select_option("select[name=sort]", "new")
    page.wait_for_function("location.search.includes('sort=new')")
    _settled(page)
    years = [reports[c].meta.year or 0 for c in codes()]
    assert years == sorted(years, reverse=True)
    page.select_option("select[name=sort]", "region")
    page.wait_for_function("location.search.includes('sort=region')")
    _settled(page)
    provinces = [reports[c].meta.province for c in codes() if reports[c].meta.province]
    assert provinces == page.evaluate("ps => ps.slice().sort((a, b) => a.localeCompare(b, 'zh'))", provinces)
    assert not reports[codes()[-1]].meta.province  # the report without a place comes last
    page.select_option("select[name=county]", "湖南省/东安县")
    page.wait_for_function("location.search.includes('county=')")
    _settled(page)
    assert codes() == ["2ac8209b"]
    page.get_by_role("button", name="清除筛选").first.click()
    page.wait_for_function("!location.search.includes('county=')")
    _settled(page)
    page.select_option("select[name=type]", "会议报道")
    page.wait_for_function("location.search.includes('type=')")
    _settled(page)
    assert codes() == ["9245598f"]


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


def _built_citations(page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('pre[data-cite-build]')]
        .map(p => [p.dataset.citeFormat, p.textContent]))""")


def test_the_citations_the_browser_builds_are_cite_pys_on_every_report_page(page, site_url, seed_build):
    """Issue 16: GB/T 7714, APA, BibTeX and RIS are built by archive-cite.js from the page's
    JSON-LD; the text must be exactly what cite.py's functions write for the report."""
    from mkdocs.utils.meta import get_data

    from build_archive.pages import cite

    _result, settings, _site = seed_build
    pages = sorted((settings.docs_dir / "r").glob("*.md"))
    assert len(pages) == 5
    for md in pages:
        _body, fm = get_data(md.read_text(encoding="utf-8"))
        rec = cite.record_from_front_matter(fm)
        page.goto(site_url + f"r/{md.stem}/")
        page.wait_for_selector("[data-cite-ready]", state="attached")
        url = page.evaluate("new URL('./', location.href).href")
        today = page.evaluate("(() => { const d = new Date(), p = n => String(n).padStart(2, '0');"
                              " return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); })()")
        assert _built_citations(page) == {"gbt7714": cite._gbt7714(rec, today, url),
                                          "apa7": cite._apa7(rec, url, None),
                                          "bibtex": cite._bibtex(rec, cite._bibtex_url(url)),
                                          "ris": cite._ris(rec, url, None)}, md.stem


def test_the_browsers_citation_builder_agrees_with_cite_py_on_hard_records(page, site_url):
    """News with reporters, an outlet without reporters, no date, no place, a year-only date,
    a site URL, and a title full of BibTeX and HTML specials."""
    import dataclasses
    import json

    from build_archive.pages import cite

    base = cite.CitationRecord(
        code="CHR-9245598f", title="修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议", path="r/9245598f/",
        site_url="https://archive.example.org/chr/", agency="修武县卫健委", agency_full="修武县卫生健康委员会",
        county="修武县", province="河南省", city="焦作市", adcode="410821", year=2020, doc_type="会议报道",
        publish_date="2020-06-12", source="中新社河南分社", reporter="高新科、李 明",
        themes=("疫情防控", "妇幼健康", "中医药", "托育", "人才队伍", "精神卫生"))
    records = [
        base,
        dataclasses.replace(base, reporter=None),
        dataclasses.replace(base, doc_type="工作总结", publish_date=None, written_date="2019"),
        dataclasses.replace(base, doc_type="其他", county=None, city=None, adcode=None, site_url=""),
        dataclasses.replace(base, doc_type=None, province=None, county=None, city=None, agency=None,
                            agency_full=None, publish_date="2020-06", themes=()),
        dataclasses.replace(base, doc_type="工作计划", title='x</script>"><img src=x> & {a}}\\% #_^~$ 卫生。',
                            agency_full="某县卫生局 {x}", publish_date="2021-09-02"),
    ]
    page.goto(site_url + "r/2ac8209b/")
    page.wait_for_selector("[data-cite-ready]", state="attached")
    for rec in records:
        url = cite.page_url(rec)
        built = page.evaluate("([ld, url]) => window.archiveCite.formats(ld, url)", [cite.json_ld(rec), url])
        assert built == {"gbt7714": cite.gbt7714(rec),
                         "apa7": cite._apa7(rec, url, None), "bibtex": cite._bibtex(rec, cite._bibtex_url(url)),
                         "ris": cite._ris(rec, url, None)}, json.dumps(cite.json_ld(rec), ensure_ascii=False)


def test_headings_get_their_permalink_sign_and_the_page_its_citation_box_from_the_scripts(page, site_url, seed_build):
    """The page carries neither (they were 700 bytes of every report page): archive-search.js
    adds each heading's permalink sign, archive-cite.js shows and fills the citation box."""
    raw = (seed_build[2] / "r" / "2ac8209b" / "index.html").read_text(encoding="utf-8")
    assert 'class="headerlink"' not in raw and '<h2 id="s1">' in raw
    assert '<section class="archive-cite" id="cite" data-cite-box hidden></section>' in raw
    page.goto(site_url + "r/2ac8209b/")
    page.wait_for_selector("[data-cite-ready]", state="attached")
    links = page.eval_on_selector_all("article :is(h1, h2, h3, h4, h5, h6)[id]", """hs => hs.map(h => {
        const a = h.querySelectorAll('a.headerlink');
        return [h.id, a.length, a.length && a[0].getAttribute('href'), a.length && a[0].title, a.length && a[0].textContent];
    })""")
    assert len(links) > 3 and links[0][0] == "top"
    assert all(n == 1 and href == "#" + ident and title == "本节链接" and sign == "¶"
               for ident, n, href, title, sign in links), links
    assert heading(page) == "东安县卫生健康局2020年工作总结及2021年工作打算"
    box = page.locator("#cite")
    assert box.is_visible() and box.get_attribute("aria-labelledby") == "cite-heading"
    assert page.locator("#cite-heading").inner_text().replace("\n", "").startswith("引用本报告")
    assert "CHR-2ac8209b" in page.locator("#cite-heading").inner_text()
    # A link to a heading reaches it without the script too: the id is in the page.
    page.goto(site_url + "r/2ac8209b/#s2")
    assert page.evaluate("document.querySelector(':target').id") == "s2"

"""The search page's research views in headless Chromium on the built seed site: term trends
(per year as count and share, per province with click-to-filter, reproduced by ?q=), the 上下文
concordance and the CSV export, checked against the seeds themselves."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from urllib.parse import quote

import pytest

from build_archive.core.model import display_title
from build_archive.search.keys import normalize


def searchable(r) -> str:
    """The text the search index holds for a report (search_index.search_files)."""
    return "\n".join((display_title(r.meta), *r.structured.headings, "\n".join(r.structured.paragraphs)))


def matching(seed_build, query: str):
    return [r for r in seed_build[0].reports if normalize(query) in normalize(searchable(r))]


def open_search(page, site_url, query: str, **filters: str) -> None:
    params = "&".join([f"q={quote(query)}"] + [f"{k}={quote(v)}" for k, v in filters.items()])
    page.goto(site_url + "search/?" + params)
    page.wait_for_selector("#archive-research[data-state=done]")


def bar_label(page, year: int) -> str:
    return page.locator(f".ar-chart-count .ar-bar[data-year='{year}']").get_attribute("aria-label")


def test_trend_counts_each_year_and_its_share_of_that_years_reports(page, site_url, seed_build):
    hits = matching(seed_build, "医共体")
    assert hits, "the seeds must contain the query"
    per_year = Counter(r.meta.year for r in hits if r.meta.year)
    all_year = Counter(r.meta.year for r in seed_build[0].reports if r.meta.year)
    open_search(page, site_url, "医共体")
    for year in range(min(all_year), max(all_year) + 1):  # empty years are drawn too
        label = bar_label(page, year)
        assert label.startswith(f"{year}年：{per_year.get(year, 0)} 篇"), label
        if per_year.get(year):
            share = per_year[year] / all_year[year] * 100
            assert f"占当年 {all_year[year]} 篇的 {share:.0f}%" in label or f"{share:.1f}%" in label, label
    # Both charts, count and share, are there.
    assert page.locator("svg.ar-chart-count").count() == 1 and page.locator("svg.ar-chart-share").count() == 1


def test_clicking_a_province_bar_filters_and_the_url_reproduces_the_view(page, site_url, seed_build):
    hits = matching(seed_build, "医共体")
    province = sorted({r.meta.province for r in hits if r.meta.province})[0]
    open_search(page, site_url, "医共体")
    page.locator(f".ar-pbar[data-province='{province}']").click()
    page.wait_for_function("p => new URLSearchParams(location.search).get('province') === p", arg=province)
    page.wait_for_selector(f".ar-pbar[data-province='{province}'][aria-pressed=true]")
    shown = page.eval_on_selector_all("#as-results .as-meta", "els => els.map(e => e.textContent)")
    assert shown and all(province in m for m in shown)
    url = page.url
    # The shared URL gives the same view on a fresh page.
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector("#archive-research[data-state=done]")
    assert page.locator(f".ar-pbar[data-province='{province}']").get_attribute("aria-pressed") == "true"
    in_province = Counter(r.meta.year for r in hits if r.meta.province == province and r.meta.year)
    for year, n in in_province.items():
        assert bar_label(page, year).startswith(f"{year}年：{n} 篇")
    # Clicking the chosen bar again clears the filter.
    page.locator(f".ar-pbar[data-province='{province}']").click()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('province')")


def test_clicking_a_year_bar_filters_by_year(page, site_url, seed_build):
    open_search(page, site_url, "医共体")
    page.locator(".ar-chart-count .ar-bar[data-year='2020']").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2020'")
    page.wait_for_selector("#archive-research[data-state=done]")
    assert page.locator("select[name=year]").input_value() == "2020"
    assert page.locator(".ar-chart-count .ar-bar[data-year='2020']").get_attribute("aria-pressed") == "true"
    expected = {r.ident.code for r in matching(seed_build, "医共体") if r.meta.year == 2020}
    found = set(page.eval_on_selector_all(
        "#as-results .as-title a", "els => els.map(a => a.getAttribute('href').match(/r\\/([0-9a-f]+)\\//)[1])"))
    assert found == expected


@pytest.mark.parametrize("query", ["医共体", "家庭医生", "2020年"])
def test_concordance_lists_every_hit_grouped_by_report_and_each_line_contains_the_query(page, site_url, seed_build, query):
    open_search(page, site_url, query)
    page.click(".ar-tab[data-view=kwic]")
    page.wait_for_selector(".ar-kwic")
    groups = page.eval_on_selector_all(".ar-kwic-report", """els => els.map(s => ({
        href: s.querySelector('.ar-kwic-title a').getAttribute('href'),
        lines: Array.from(s.querySelectorAll('.ar-line')).map(l => l.textContent),
        hits: Array.from(s.querySelectorAll('.ar-line mark')).map(m => m.textContent)}))""")
    shown = page.eval_on_selector_all("#as-results .as-title a", "els => els.map(a => a.getAttribute('href'))")
    # One group per result, the results shown first and in their order (the seeds' results are
    # few, so the search has checked them all and the view lists every one).
    assert [g["href"] for g in groups][:len(shown)] == shown
    codes = {g["href"].split("/r/")[1].split("/")[0] for g in groups}
    assert codes == {r.ident.code for r in matching(seed_build, query)}
    by_code = {r.ident.code: r for r in seed_build[0].reports}
    for g in groups:
        code = g["href"].split("/r/")[1].split("/")[0]
        want = normalize(searchable(by_code[code])).count(normalize(query))
        assert len(g["lines"]) == want  # every occurrence (these queries do not overlap themselves)
        for line, hit in zip(g["lines"], g["hits"]):
            assert normalize(query) in normalize(line) and normalize(hit) == normalize(query)


def test_export_gives_every_result_with_its_first_matched_sentence(page, site_url, seed_build):
    open_search(page, site_url, "医共体")
    with page.expect_download() as download:
        page.click(".ar-export")
    page.wait_for_selector("#archive-research[data-export=done]")
    name = download.value.suggested_filename
    assert name.endswith(".csv") and "医共体" in name
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["code", "title", "county", "province", "year", "url", "first_matched_sentence"]
    expected = {f"CHR-{r.ident.code}": r for r in matching(seed_build, "医共体")}
    assert {row["code"] for row in rows} == set(expected)
    for row in rows:
        r = expected[row["code"]]
        assert row["title"] == display_title(r.meta) and row["county"] == (r.meta.county or "")
        assert row["url"].startswith(site_url) and f"r/{r.ident.code}/" in row["url"]
        assert "医共体" in row["first_matched_sentence"]


def test_trends_cost_only_the_count_table_beyond_the_search(browser, site_url):
    """What the research views fetch on top of the search itself: counts.json, no index file."""
    context = browser.new_context()
    p = context.new_page()
    fetched: list[str] = []
    p.on("request", lambda req: fetched.append(req.url))
    p.goto(site_url + "search/?q=" + quote("医共体"))
    p.wait_for_selector("#archive-research[data-state=done]")
    research = [u for u in fetched if "counts.json" in u]
    assert len(research) == 1
    table = json.loads(p.evaluate("fetch('../search-index/counts.json').then(r => r.text())"))
    assert set(table) == {"version", "total", "years", "provinces", "provinceYears"}
    context.close()


def test_research_views_fit_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.goto(site_url + "search/?q=" + quote("医共体"))
    p.wait_for_selector("#archive-research[data-state=done]")
    assert p.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    p.click(".ar-tab[data-view=kwic]")
    assert p.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    context.close()


def test_concordance_of_many_results_lists_the_shown_ones_then_all_on_request(page, site_url, seed_build):
    """Past the search's verification limit only the shown results' texts are at hand; the view
    says so and fetches the rest when asked. (The seeds have few results: the limit is faked.)"""
    open_search(page, site_url, "医共体")
    page.evaluate("""() => {
        const cur = window.archiveSearch.current();
        cur.session.exactIds = () => null;
        cur.session.results = cur.session.results.slice(0, 1);
        cur.session.cursor = 1;
        document.dispatchEvent(new CustomEvent('archive:results', {detail: {query: '医共体'}}));
    }""")
    page.click(".ar-tab[data-view=kwic]")
    page.wait_for_selector(".ar-kwic .ar-more")
    assert page.locator(".ar-kwic-report").count() == 1
    page.click(".ar-kwic .ar-more")
    page.wait_for_selector("#archive-research[data-export=done]")
    page.wait_for_function("document.querySelectorAll('.ar-kwic-report').length > 1")
    codes = {h.split("/r/")[1].split("/")[0] for h in page.eval_on_selector_all(
        ".ar-kwic-title a", "els => els.map(a => a.getAttribute('href'))")}
    assert codes == {r.ident.code for r in matching(seed_build, "医共体")}
    assert page.locator(".ar-kwic .ar-more").count() == 0


def test_a_share_divides_by_the_reports_within_the_same_filters(page, site_url, seed_build):
    """With a county chosen, a year's share is of that county's reports that year, not the nation's."""
    hits = [r for r in matching(seed_build, "医共体") if r.meta.county and r.meta.year]
    r = hits[0]
    county = r.meta.county
    in_county = Counter(o.meta.year for o in seed_build[0].reports if o.meta.county == county and o.meta.year)
    matched = Counter(o.meta.year for o in hits if o.meta.county == county)
    open_search(page, site_url, "医共体", county=f"{r.meta.province}/{county}")  # the filter's value is 省/县
    label = bar_label(page, r.meta.year)
    share = matched[r.meta.year] / in_county[r.meta.year] * 100
    assert label.startswith(f"{r.meta.year}年：{matched[r.meta.year]} 篇，占当年 {in_county[r.meta.year]} 篇的 {share:.0f}%"), label
    assert county in page.locator(".ar-trends .ar-note").first.inner_text()


def test_markup_in_reports_stays_text_in_the_research_views(browser, tmp_path):
    """A report whose text holds <script>, <img onerror> and a title that closes </title>: its
    trend, 上下文 lines and CSV cells show it as text and run nothing."""
    import shutil

    from build_archive.build import Settings, build
    from build_archive.core.paths import PROJECT_DIR
    from build_archive.publish.site import build_site
    from tests.conftest import SEEDS, serve

    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    shutil.copy(PROJECT_DIR / "tests" / "hostile" / "inject_临武县 script.txt", reports / "inject_临武县 script.txt")
    settings = Settings(reports_dir=reports, docs_dir=tmp_path / "docs", ledger_path=tmp_path / "ledger.tsv")
    build(settings)
    build_site(settings.docs_dir, tmp_path / "site")
    base, server = serve(tmp_path / "site")
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for q in ("alert", "script", "临武县"):
            page.goto(base + "search/?q=" + quote(q))
            page.wait_for_selector("#archive-research[data-state=done]")
            page.click(".ar-tab[data-view=kwic]")
            page.wait_for_selector(".ar-kwic")
            assert page.locator("#archive-research img, #archive-research iframe, #archive-research script").count() == 0
            assert page.evaluate("typeof window.__pwned") == "undefined", q
        page.goto(base + "search/?q=" + quote("alert"))
        page.wait_for_selector("#archive-research[data-state=done]")
        page.click(".ar-tab[data-view=kwic]")
        lines = page.eval_on_selector_all(".ar-line", "els => els.map(e => e.textContent)")
        assert any("<script>alert(1)</script>" in line for line in lines)  # shown, as text
        assert "</title><script>" in page.locator(".ar-kwic-title").first.inner_text()
        with page.expect_download() as download:
            page.click(".ar-export")
        rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
        assert any("</title><script>" in r["title"] for r in rows)
        assert dialogs == [] and page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        context.close()
        server.shutdown()


def test_the_url_keeps_the_concordance_view(page, site_url):
    open_search(page, site_url, "医共体")
    page.click(".ar-tab[data-view=kwic]")
    page.wait_for_function("new URLSearchParams(location.search).get('view') === 'kwic'")
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector(".ar-kwic")
    assert page.locator(".ar-tab[data-view=kwic]").get_attribute("aria-selected") == "true"
    # Choosing a filter keeps the view in the URL.
    page.locator(".ar-kwic-title a").first.wait_for()
    page.evaluate("window.archiveSearch.setFilter('year', '2020')")
    page.wait_for_function("new URLSearchParams(location.search).get('year') === '2020'")
    page.wait_for_function("new URLSearchParams(location.search).get('view') === 'kwic'")

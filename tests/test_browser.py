"""The built seed site in headless Chromium, as a reader uses it."""
import pytest


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


def test_report_from_the_region_page_and_back(page, site_url):
    page.goto(site_url + "browse/regions/")
    page.get_by_role("link", name="东安县卫生健康局2020年工作总结及2021年工作打算").click()
    page.wait_for_url("**/r/2ac8209b/")
    page.locator(".report-meta").get_by_role("link", name="东安县").click()
    page.wait_for_url("**/browse/regions/#x-431122")
    assert page.locator("#x-431122").is_visible()


@pytest.mark.parametrize("path", ["", "r/2ac8209b/", "r/6463a654/", "browse/regions/"])
def test_pages_fit_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    p = context.new_page()
    p.goto(site_url + path)
    overflow = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} is {overflow}px wider than a phone screen"
    assert p.locator("article h1").is_visible()
    context.close()

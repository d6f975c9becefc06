"""A real `mkdocs build --strict` of the seeds, checked as built HTML."""
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from build_archive.read import rawpack

import pytest

DISTINCTIVE = {
    "2ac8209b": "在全省整县推进、全市率先启动紧密型乡村卫生服务一体化管理改革",
    "bef659f4": "连续13年孕产妇死亡为0",
    "9245598f": "在委机关打造高标准党建阵地",
    "aa5b70b4": "阳山的集中隔离观察点（阳山县慈航医院）在全市率先投入使用",
    "6463a654": "投入8000元对三清寺村结对帮扶群众进行了慰问",
}
CHROME = ["您现在所在的位置", "分享到:", "【字体:", "文字大小: 大 中 小", "扫一扫在手机打开当前页", "一审:", "相关政策",
          "友情链接", "推荐阅读", "湘ICP备16008386号", "湘公网安备", "网站标识码:4311220001", "网站地图",
          "建议使用1440*768分辨率", "网站监督举报热线", "本站小编为你收集了", "当前位置 > 首页 > 郑州",
          "责任编辑:辛帅", "浏览量:129", "参会人员详细纪录工作会议精神", "三湘e监督"]


class ArticleText(HTMLParser):
    """The visible text inside <article>, where Material puts the page content."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = ArticleText()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.fixture(scope="module")
def site(seed_build) -> Path:
    return seed_build[2]


def report_pages(site: Path) -> dict[str, str]:
    return {p.parent.name: p.read_text(encoding="utf-8") for p in sorted((site / "r").glob("*/index.html"))}


def test_every_report_has_its_permanent_page(site):
    assert sorted(report_pages(site)) == sorted(DISTINCTIVE)


def test_distinctive_sentence_appears_on_exactly_one_report_page(site):
    pages = {code: article_text(html) for code, html in report_pages(site).items()}
    for code, sentence in DISTINCTIVE.items():
        assert [c for c, text in pages.items() if sentence in text] == [code], sentence


def test_chrome_lines_appear_on_no_report_page(site):
    for code, html in report_pages(site).items():
        text = article_text(html)
        for line in CHROME:
            assert line not in text, f"r/{code}/ shows chrome {line!r}"


def test_removed_lines_are_inspectable(site, seeds_dir):
    """The viewer's data (rawpack.py): the capture byte for byte, and which of its lines
    cleaning removed, by which rule (archive-source.js shows them; test_browser checks it)."""
    raw, entry = rawpack.read_capture(site, "2ac8209b")
    assert raw == next(seeds_dir.glob("000_2ac8209b*.txt")).read_bytes()
    lines = raw.decode("utf-8").split("\n")
    removed = {n: (rule, lines[n - 1]) for n, rule in entry[7]}
    # exactly as captured, no-break spaces included
    assert removed[1] == ("breadcrumb", "您现在所在的位置 : 首页\xa0>\xa0政务公开\xa0>\xa0规划计划及解读\xa0>\xa0工作计划")
    assert any("湘ICP备16008386号" in text for _rule, text in removed.values())
    assert "source/?c=2ac8209b" in report_pages(site)["2ac8209b"].replace("../../", "")


def test_reports_are_not_in_the_navigation(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('md-sidebar--primary'):home.index('md-sidebar--secondary')]
    assert "r/2ac8209b" not in nav
    assert "按地区" in nav and "按年份" in nav


def test_home_lists_every_report_with_county_year_title(site):
    text = article_text((site / "index.html").read_text(encoding="utf-8"))
    for needle in ("东安县", "2020", "东安县卫生健康局2020年工作总结及2021年工作打算", "彰武县卫生健康局2024年工作报告（原文无标题）"):
        assert needle in text
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('href="r/') == 5


def test_no_request_leaves_the_site(site):
    """Nothing may be loaded from other hosts: Google Fonts and CDNs are blocked in mainland China."""
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<(?:link|script|img|iframe)[^>]+(?:href|src)="([^"]+)"', html):
            url = m.group(1)
            assert not re.match(r"^(https?:)?//", url), f"{page}: loads {url}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_interface_is_chinese(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html
    assert "检索" in html  # the archive search page in the navigation


def test_report_page_shows_metadata_and_signature(site):
    text = article_text(report_pages(site)["aa5b70b4"])
    for needle in ("广东省", "清远市", "阳山县", "441823", "总结和计划", "成文日期", "2020-11-03", "CHR-aa5b70b4"):
        assert needle in text
    html = report_pages(site)["aa5b70b4"]
    assert '<div class="report-signature">阳山县卫生健康局<br>2020年11月3日</div>' in html


def test_report_page_has_no_hidden_tag_list_but_still_names_and_links_its_themes(site):
    """Issue 16: the hidden <nav class="md-tags"> was bytes no reader saw; the themes stay in the
    metadata table, linked, and in the JSON-LD's keywords."""
    for html in report_pages(site).values():
        assert 'class="md-tags"' not in html
        assert re.search(r'<a href="\.\./\.\./theme/[^/"]+/">', html)
        assert '"keywords":[' in html
    # The five main themes are linked in the table; the others are named in the next row,
    # unlinked (their theme pages do not list this report: theme pages list main-theme reports).
    html = report_pages(site)["2ac8209b"]
    table = html[html.index('class="report-meta"'):html.index('class="report-body"')]
    assert len(re.findall(r'href="\.\./\.\./theme/', table)) == 5
    assert len(json.loads(re.search(r'"keywords":(\[[^\]]*\])', html).group(1))) == 5
    others = re.search(r"<tr><td>其他主题</td><td>([^<]+)</td></tr>", table)
    assert others and len(others.group(1).split(" · ")) >= 5
    assert "其他主题" not in html[html.index('class="report-body"'):]


def test_untitled_and_placeless_report_says_so(site):
    text = article_text(report_pages(site)["6463a654"])
    assert "原文无标题" in text and "原文未写明所属县（区）" in text and "未能确定" in text


def test_browse_pages_reach_every_report(site):
    """From the index pages through province/county and year/province pages to each report."""
    reached = set()
    for page in list(site.glob("county/*/index.html")) + list(site.glob("year/*-*/index.html")):
        html = page.read_text(encoding="utf-8")
        reached |= {code for code in DISTINCTIVE if f"r/{code}/" in html}
    assert reached == set(DISTINCTIVE)
    unplaced = (site / "province/unknown/index.html").read_text(encoding="utf-8")
    assert "r/6463a654/" in unplaced
    regions = (site / "browse/regions/index.html").read_text(encoding="utf-8")
    assert 'href="../../province/43/"' in regions
    county = article_text((site / "county/431122/index.html").read_text(encoding="utf-8"))
    assert "湖南省 · 永州市 · 行政区划代码 431122" in county


def test_theme_pages_list_main_theme_reports_with_evidence_and_the_rest_in_the_search(site):
    """Issue 16: a theme page lists the reports with the theme among their five main themes;
    the others tagged with it are counted per province and reached by a filtered search."""
    html = (site / "theme/yigongti/index.html").read_text(encoding="utf-8")
    text = article_text(html)
    assert "共 4 篇报告标注了这一主题，其中 2 篇以它为主要主题" in text
    assert "阳山县卫生健康局2020年工作总结和2021年工作计划" in text and "依据：“（二）建设阳山县医疗卫生共同体”" in text
    # 东安县's report is tagged with it, but not as a main theme: counted under 湖南省, linked to the search.
    assert "东安县卫生健康局2020年工作总结及2021年工作打算" not in text
    assert "1 篇湖南省的报告标注了这一主题，都不是其主要主题：在检索中查看全部 1 篇" in text
    theme, hunan = "%E5%8C%BB%E5%85%B1%E4%BD%93%2F%E5%8C%BB%E8%81%94%E4%BD%93", "%E6%B9%96%E5%8D%97%E7%9C%81"
    assert f'href="../../search/?theme={theme}&amp;province={hunan}"' in html
    assert f'href="../../search/?theme={theme}"' in html


def test_tag_allow_list_is_the_theme_vocabulary():
    from mkdocs.config import load_config

    from build_archive.core.paths import PROJECT_DIR
    from build_archive.parse.themes import load_vocabulary

    config = load_config(str(PROJECT_DIR / "mkdocs.yml"))
    allowed = config["plugins"]["material/tags"].config.tags_allowed
    assert sorted(tag.name for tag in allowed) == sorted(load_vocabulary().names())


def test_report_page_links_its_county_other_years_and_similar_reports(site):
    html = report_pages(site)["2ac8209b"]
    assert 'href="../../county/431122/"' in html
    assert "其他县内容相近的报告" in html
    # 医共体/医联体 is one of its themes but not a main one: named, and its theme page does not list it.
    assert re.search(r"<td>其他主题</td><td>[^<]*医共体/医联体", html)
    assert 'href="../../theme/yigongti/"' not in html


def test_the_numerous_pages_have_the_lean_shell_and_the_hand_written_pages_materials(site):
    import material

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    material_css = re.findall(r"'(assets/stylesheets/[a-z]+\.[0-9a-f]+\.min\.css)'", base)
    assert len(material_css) == 2
    """Issue 16: reports, counties, provinces, years and themes carry one bar with the site's
    sections, not Material's header, drawer, sidebars and footer (9 KB a page)."""
    lean = [site / "r" / "2ac8209b" / "index.html", site / "county" / "431122" / "index.html",
            site / "province" / "43" / "index.html"]
    for page in lean:
        html = page.read_text(encoding="utf-8")
        bar = html[html.index('class="archive-bar__links"'):html.index("</nav>", html.index("archive-bar__links"))]
        assert re.findall(r'href="([^"]+)"', bar) == [
            "../../search/", "../../browse/regions/", "../../browse/years/", "../../browse/themes/",
            "../../browse/indicators/", "../../downloads/", "../../build-report/", "../../about/"], page
        for material in ("md-sidebar", "name=\"__palette\"", "md-footer", "md-header__topic",
                         "bundle.", 'id="__config"', "md-top", 'data-md-toggle="drawer"', "md-dialog"):
            assert material not in html, (page, material)
        # Material's stylesheets, by the names its own base.html gives them (lean-base.html repeats them).
        assert re.findall(r'href="\.\./\.\./(assets/stylesheets/[a-z]+\.[0-9a-f]+\.min\.css)"', html) == material_css
    for page in (site / "index.html", site / "about" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "md-sidebar--primary" in html and "archive-bar" not in html, page


def test_the_lean_frames_palette_script_knows_the_sites_palettes():
    """archive-palette.js picks the device's scheme as Material would, from mkdocs.yml's list."""
    import yaml

    from build_archive.core.paths import PROJECT_DIR

    class Loader(yaml.SafeLoader):
        pass
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    script = (PROJECT_DIR / "docs" / "assets" / "javascripts" / "archive-palette.js").read_text(encoding="utf-8")
    listed = re.findall(r"\{ media: '([^']+)', scheme: '([^']+)', primary: '([^']+)', accent: '([^']+)' \}", script)
    assert listed == [(p["media"], p["scheme"], p["primary"], p["accent"]) for p in config["theme"]["palette"]]


def test_with_a_site_url_each_lean_page_has_one_canonical_link(seed_build, tmp_path, monkeypatch):
    """The lean pages' <head> (overrides/main.html site_meta) keeps mkdocs' canonical link."""
    import dataclasses
    import shutil

    from build_archive.build import build
    from build_archive.publish.site import build_site

    _result, settings, _site = seed_build
    reports = tmp_path / "reports"
    shutil.copytree(settings.reports_dir, reports)
    local = dataclasses.replace(settings, reports_dir=reports, docs_dir=tmp_path / "docs",
                                ledger_path=tmp_path / "ledger.tsv", site_url="https://archive.example.org/chr/")
    build(local)
    monkeypatch.setenv("SITE_URL", "https://archive.example.org/chr/")
    build_site(local.docs_dir, tmp_path / "site", cache_dir=tmp_path / "cache")
    for page, url in (("r/2ac8209b", "r/2ac8209b/"), ("county/431122", "county/431122/")):
        html = (tmp_path / "site" / page / "index.html").read_text(encoding="utf-8")
        assert html.count('rel="canonical"') == 1, page
        assert f'<link rel="canonical" href="https://archive.example.org/chr/{url}">' in html, page
        assert 'name="generator"' not in html and 'name="description"' not in html

"""Citations: hand-checked strings for the seeds, the <head> tags as Zotero reads them, hostile
text in every format, and the citation box's script in a real browser."""
from __future__ import annotations

import dataclasses
import datetime
import json
import re
import shutil
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import markdown
import pytest
from mkdocs.config import load_config

from build_archive.pages import cite
from build_archive.core.paths import PROJECT_DIR
from build_archive.pages.cite import CitationRecord, apa7, bibtex, citation_box_html, gbt7714, head_tags, ris

SITE = "https://archive.example.org/chr/"
ACCESS = "2026-03-15"

# The seeds' metadata written out by hand (not read from the extractor, whose output others
# are improving), as the archive publishes it.
DONGAN = CitationRecord(
    code="CHR-2ac8209b", title="东安县卫生健康局2020年工作总结及2021年工作打算", path="r/2ac8209b/", site_url=SITE,
    agency="东安县卫生健康局", agency_full="东安县卫生健康局", county="东安县", province="湖南省", city="永州市",
    adcode="431122", year=2020, period="全年", doc_type="总结和计划", publish_date="2021-09-22",
    source="东安县人民政府办公室",
    sha256="9c817e6affe6f83e20e580b0f4ced318629a003f56b1280f31b8881b169ab28d", themes=("疫情防控", "妇幼健康"))
XIUWU = CitationRecord(
    code="CHR-9245598f", title="修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议", path="r/9245598f/",
    site_url=SITE, agency="修武县卫健委", agency_full="修武县卫生健康委员会", county="修武县", province="河南省",
    city="焦作市", adcode="410821", year=2020, period="全年", doc_type="会议报道", publish_date="2020-06-12",
    source="中新社河南分社", reporter="高新科")
YANGSHAN = CitationRecord(
    code="CHR-aa5b70b4", title="阳山县卫生健康局2020年工作总结和2021年工作计划", path="r/aa5b70b4/", site_url=SITE,
    agency="阳山县卫生健康局", agency_full="阳山县卫生健康局", county="阳山县", province="广东省", city="清远市",
    adcode="441823", year=2020, period="全年", doc_type="总结和计划", written_date="2020-11-03")
UNPLACED = CitationRecord(
    code="CHR-6463a654", title="2016年上半年总结和计划（原文无标题）", path="r/6463a654/", site_url=SITE,
    year=2016, period="上半年", doc_type="总结和计划")

HOSTILE_TITLE = 'x</script><script>alert(1)</script>"><img src=x onerror=alert(2)> & {a}}\\% #_^~$ \'--'


# ---------------------------------------------------------------- the formats, by hand

@pytest.mark.parametrize("rec, expected", [
    (DONGAN, "东安县卫生健康局. 东安县卫生健康局2020年工作总结及2021年工作打算[EB/OL]. (2021-09-22)[2026-03-15]. "
             "https://archive.example.org/chr/r/2ac8209b/."),
    # A news report: its reporter is the author and its outlet where it appeared, not the bureau.
    (XIUWU, "高新科. 修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议[EB/OL]. 中新社河南分社, (2020-06-12)[2026-03-15]. "
            "https://archive.example.org/chr/r/9245598f/."),
    # No publish date printed: the date in the report's signature.
    (YANGSHAN, "阳山县卫生健康局. 阳山县卫生健康局2020年工作总结和2021年工作计划[EB/OL]. (2020-11-03)[2026-03-15]. "
               "https://archive.example.org/chr/r/aa5b70b4/."),
    # No author (numeric system: start with the title) and no date (not the work year).
    (UNPLACED, "2016年上半年总结和计划（原文无标题）[EB/OL]. [2026-03-15]. https://archive.example.org/chr/r/6463a654/."),
])
def test_gbt7714(rec, expected):
    assert gbt7714(rec, ACCESS) == expected


def test_gbt7714_without_access_date_leaves_the_placeholder():
    assert gbt7714(DONGAN) == gbt7714(DONGAN, ACCESS).replace("[2026-03-15]", "[引用日期]")


@pytest.mark.parametrize("rec, expected", [
    (DONGAN, "东安县卫生健康局. (2021年9月22日). 东安县卫生健康局2020年工作总结及2021年工作打算 (CHR-2ac8209b). "
             "县级卫生健康工作报告档案. https://archive.example.org/chr/r/2ac8209b/"),
    (XIUWU, "高新科. (2020年6月12日). 修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议 (CHR-9245598f). 中新社河南分社. "
            "县级卫生健康工作报告档案. https://archive.example.org/chr/r/9245598f/"),
    (YANGSHAN, "阳山县卫生健康局. (2020年11月3日). 阳山县卫生健康局2020年工作总结和2021年工作计划 (CHR-aa5b70b4). "
               "县级卫生健康工作报告档案. https://archive.example.org/chr/r/aa5b70b4/"),
    # No author: the title moves to the author position (APA 9.12).
    (UNPLACED, "2016年上半年总结和计划（原文无标题） (CHR-6463a654). (日期不详). 县级卫生健康工作报告档案. "
               "https://archive.example.org/chr/r/6463a654/"),
])
def test_apa7(rec, expected):
    assert apa7(rec) == expected


def test_apa7_retrieval_date_only_on_request():
    assert apa7(YANGSHAN, ACCESS).endswith("2026年3月15日检索自 https://archive.example.org/chr/r/aa5b70b4/")


def test_bibtex_seeds():
    assert bibtex(DONGAN) == """@techreport{CHR-2ac8209b,
  author = {{东安县卫生健康局}},
  title = {{东安县卫生健康局2020年工作总结及2021年工作打算}},
  institution = {东安县卫生健康局},
  type = {总结和计划},
  number = {CHR-2ac8209b},
  year = {2021},
  address = {湖南省永州市东安县},
  url = {https://archive.example.org/chr/r/2ac8209b/},
  language = {chinese},
  keywords = {疫情防控, 妇幼健康},
  note = {县级卫生健康工作报告档案，引用编号 CHR-2ac8209b},
  month = sep
}"""
    assert bibtex(UNPLACED) == """@techreport{CHR-6463a654,
  title = {{2016年上半年总结和计划（原文无标题）}},
  type = {总结和计划},
  number = {CHR-6463a654},
  url = {https://archive.example.org/chr/r/6463a654/},
  language = {chinese},
  note = {县级卫生健康工作报告档案，引用编号 CHR-6463a654}
}"""


def test_ris_seeds():
    assert ris(DONGAN) == """TY  - RPRT
TI  - 东安县卫生健康局2020年工作总结及2021年工作打算
AU  - 东安县卫生健康局
PY  - 2021
DA  - 2021/09/22/
PB  - 东安县卫生健康局
CY  - 湖南省永州市东安县
M3  - 总结和计划
SN  - CHR-2ac8209b
LA  - zh-CN
UR  - https://archive.example.org/chr/r/2ac8209b/
DB  - 县级卫生健康工作报告档案
KW  - 疫情防控
KW  - 妇幼健康
ER  - """
    assert ris(YANGSHAN, ACCESS) == """TY  - RPRT
TI  - 阳山县卫生健康局2020年工作总结和2021年工作计划
AU  - 阳山县卫生健康局
PY  - 2020
DA  - 2020/11/03/
PB  - 阳山县卫生健康局
CY  - 广东省清远市阳山县
M3  - 总结和计划
SN  - CHR-aa5b70b4
LA  - zh-CN
UR  - https://archive.example.org/chr/r/aa5b70b4/
DB  - 县级卫生健康工作报告档案
Y2  - 2026/03/15
ER  - """


def test_without_site_url_citations_use_the_site_path_and_no_canonical():
    local = dataclasses.replace(DONGAN, site_url="")
    assert gbt7714(local, ACCESS).endswith("[2026-03-15]. r/2ac8209b/.")
    tags = parse_head(head_tags(local))
    assert "canonical" not in tags.links and "citation_public_url" not in tags.meta
    assert "url" not in tags.json_ld


def test_record_normalises_site_url_and_rejects_bad_input():
    assert dataclasses.replace(DONGAN, site_url="https://x.org/a").site_url == "https://x.org/a/"
    with pytest.raises(ValueError):
        dataclasses.replace(DONGAN, code="2ac8209b")
    with pytest.raises(ValueError):
        dataclasses.replace(DONGAN, path="/r/2ac8209b/")


def test_record_from_front_matter():
    fm = {"title": DONGAN.title, "title_in_source": True, "code": "CHR-2ac8209b", "url": "r/2ac8209b/",
          "county": "东安县", "province": "湖南省", "city": "永州市", "adcode": "431122", "year": 2020,
          "period": "全年", "doc_type": "总结和计划", "agency": "东安县卫生健康局", "agency_full": "东安县卫生健康局",
          "publish_date": "2021-09-22", "written_date": None, "source": "东安县人民政府办公室", "source_url": None,
          "source_file": "000_2ac8209b6c6491b0.txt", "sha256": DONGAN.sha256, "encoding": "utf-8",
          "flags": [], "corrected": [], "tags": ["疫情防控", "妇幼健康"]}
    assert cite.record_from_front_matter(fm, SITE) == DONGAN
    # front_matter.page_title stores the title HTML-escaped; the citation needs it plain.
    fm["title"] = "A &amp; B &lt;i&gt;"
    assert cite.record_from_front_matter(fm, SITE).title == "A & B <i>"
    assert cite.record_from_front_matter(fm, SITE, html_title=False).title == "A &amp; B &lt;i&gt;"


def test_temporal_coverage():
    assert cite.temporal_coverage(DONGAN) == "2020"
    assert cite.temporal_coverage(UNPLACED) == "2016-01/2016-06"
    assert cite.temporal_coverage(dataclasses.replace(UNPLACED, year=None)) is None


# ---------------------------------------------------------------- <head>, as Zotero reads it

class HeadTags(HTMLParser):
    """Collects what a reference manager reads from a page head."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "meta":
            self.meta.setdefault(a["name"], []).append(a["content"])
        elif tag == "link":
            self.links[a["rel"]] = a["href"]
        elif tag == "script":
            assert a == {"type": "application/ld+json"}
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data

    @property
    def json_ld(self) -> dict:
        assert len(self.scripts) == 1
        return json.loads(self.scripts[0])


def parse_head(text: str) -> HeadTags:
    parser = HeadTags()
    parser.feed(text)
    parser.close()
    return parser


def zotero_item(tags: HeadTags) -> dict:
    """What Zotero's Embedded Metadata translator makes of Highwire tags (simplified):
    technical-report tags make a 'report'; one creator per citation_author; a single word with
    no comma is an institutional (single-field) name."""
    first = {k: v[0] for k, v in tags.meta.items()}
    item = {
        "itemType": "report" if "citation_technical_report_institution" in first else "webpage",
        "title": first.get("citation_title"),
        "creators": [{"lastName": a, "fieldMode": 1} if "," not in a and " " not in a.strip() else a
                     for a in tags.meta.get("citation_author", [])],
        "date": first.get("citation_publication_date"),
        "institution": first.get("citation_technical_report_institution"),
        "reportNumber": first.get("citation_technical_report_number"),
        "language": first.get("citation_language"),
        "url": first.get("citation_public_url") or tags.links.get("canonical"),
    }
    return item


def test_head_tags_give_zotero_a_correct_report():
    tags = parse_head(head_tags(DONGAN))
    assert zotero_item(tags) == {
        "itemType": "report",
        "title": "东安县卫生健康局2020年工作总结及2021年工作打算",
        "creators": [{"lastName": "东安县卫生健康局", "fieldMode": 1}],
        "date": "2021/09/22",
        "institution": "东安县卫生健康局",
        "reportNumber": "CHR-2ac8209b",
        "language": "zh-CN",
        "url": "https://archive.example.org/chr/r/2ac8209b/",
    }
    assert tags.links["canonical"] == "https://archive.example.org/chr/r/2ac8209b/"
    # Nothing in the head points at another host (the site's rule; see test_site).
    assert all(v.startswith(SITE) for v in tags.links.values())


def test_head_tags_have_no_dublin_core_copy_of_the_highwire_tags():
    """Issue 16: DC.* repeated citation_* (Zotero reads citation_* first) on every page."""
    tags = parse_head(head_tags(DONGAN))
    assert not [name for name in tags.meta if name.startswith("DC.")]
    assert tags.meta["citation_title"] == [DONGAN.title]
    # Nor citation_keywords: the themes are the JSON-LD's keywords (300 bytes a page, issue 16).
    assert "citation_keywords" not in tags.meta
    assert parse_head(head_tags(DONGAN)).json_ld["keywords"] == ["疫情防控", "妇幼健康"]


def test_head_tags_json_ld_report():
    data = parse_head(head_tags(DONGAN)).json_ld
    assert data["@context"] == "https://schema.org" and data["@type"] == "Report"
    assert data["name"] == DONGAN.title
    assert data["author"] == {"@type": "GovernmentOrganization", "name": "东安县卫生健康局"}
    assert data["datePublished"] == "2021-09-22"
    assert data["identifier"] == data["reportNumber"] == "CHR-2ac8209b"
    assert data["inLanguage"] == "zh-CN"
    assert data["url"] == "https://archive.example.org/chr/r/2ac8209b/"
    place = data["spatialCoverage"]
    assert place["@type"] == "AdministrativeArea" and place["name"] == "东安县"
    assert place["identifier"]["value"] == "431122"
    assert place["address"] == {"@type": "PostalAddress", "addressCountry": "CN", "addressRegion": "湖南省",
                                "addressLocality": "东安县"}
    assert data["temporalCoverage"] == "2020"


def test_head_tags_leave_out_what_is_unknown():
    tags = parse_head(head_tags(UNPLACED))
    assert not {"citation_author", "citation_publication_date", "citation_technical_report_institution",
                "DC.creator", "DC.date", "DC.coverage"} & set(tags.meta)
    assert tags.meta["citation_technical_report_number"] == ["CHR-6463a654"]
    data = tags.json_ld
    assert not {"author", "datePublished", "spatialCoverage"} & set(data)
    assert data["temporalCoverage"] == "2016-01/2016-06"


def test_hostile_title_stays_text_in_the_head():
    rec = dataclasses.replace(DONGAN, title=HOSTILE_TITLE, agency_full='局"><script>alert(3)</script>',
                              themes=("</script>",))
    tags = parse_head(head_tags(rec))
    # Only the elements head_tags writes: nothing the title smuggled in.
    assert set(tags.tags) == {"link", "meta", "script"} and tags.tags.count("script") == 1
    assert tags.meta["citation_title"] == [HOSTILE_TITLE]
    assert tags.meta["citation_author"] == ['局"><script>alert(3)</script>']
    data = tags.json_ld
    assert data["name"] == HOSTILE_TITLE
    assert data["keywords"] == ["</script>"]
    assert "<" not in tags.scripts[0] and ">" not in tags.scripts[0] and "&" not in tags.scripts[0]


def test_control_characters_and_newlines_never_reach_a_citation():
    # U+E5E5: old GB18030 decoders put rare characters in the private-use area; they stay.
    rec = dataclasses.replace(DONGAN, title="第一行\n第二行\r\u2028第三\x00行\u202e\ue5e5")
    for text in (gbt7714(rec, ACCESS), apa7(rec)):
        assert "\n" not in text and "\r" not in text and "\x00" not in text and "\u202e" not in text
        assert "第一行 第二行 第三行\ue5e5" in text
    assert parse_head(head_tags(rec)).meta["citation_title"] == ["第一行 第二行 第三行\ue5e5"]


# ---------------------------------------------------------------- hostile text in BibTeX and RIS

def bibtex_fields(entry: str) -> dict[str, str]:
    """A brace-counting BibTeX reader (as bibtex and biber count braces: a backslash does not
    protect one)."""
    m = re.match(r"@(\w+)\{([^,]+),\n", entry)
    assert m, entry
    fields, i = {}, m.end()
    while True:
        m = re.compile(r"\s*(\w+) = ").match(entry, i)
        if not m:
            break
        name, i = m.group(1), m.end()
        if entry[i] == "{":
            depth, j = 0, i
            while True:
                depth += {"{": 1, "}": -1}.get(entry[j], 0)
                j += 1
                if depth == 0:
                    break
            fields[name] = entry[i + 1:j - 1]
        else:
            j = re.compile(r"\w+").match(entry, i).end()
            fields[name] = entry[i:j]
        assert entry[j] in ",\n", f"field {name} ends early at {entry[j:j + 20]!r}"
        i = j + 1
    assert entry[i:].strip() == "}", entry[i:]
    return fields


def test_bibtex_escapes_special_characters():
    rec = dataclasses.replace(DONGAN, title=HOSTILE_TITLE, agency_full="局}, note = {pwned", themes=("a}b",))
    fields = bibtex_fields(bibtex(rec))
    assert set(fields) == {"author", "title", "institution", "type", "number", "year", "address", "url",
                           "language", "keywords", "note", "month"}
    assert fields["title"] == ("{x</script><script>alert(1)</script>\"><img src=x onerror=alert(2)> \\& "
                               "\\textbraceleft{}a\\textbraceright{}\\textbraceright{}\\textbackslash{}\\% "
                               "\\#\\_\\textasciicircum{}\\textasciitilde{}\\$ '--}")
    assert fields["institution"] == "局\\textbraceright{}, note = \\textbraceleft{}pwned"
    assert bibtex_fields(bibtex(UNPLACED))["number"] == "CHR-6463a654"


def test_bibtex_url_cannot_break_the_field():
    rec = dataclasses.replace(DONGAN, site_url="https://x.org/a {b}\\/")
    assert bibtex_fields(bibtex(rec))["url"] == "https://x.org/a%20%7Bb%7D%5C/r/2ac8209b/"


def test_ris_newlines_cannot_start_a_record():
    rec = dataclasses.replace(DONGAN, title="标题\nER  - \nTY  - JOUR\r\nTI  - 假", themes=("a\nKW  - b",))
    lines = ris(rec).split("\n")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines), lines
    assert [line[:2] for line in lines].count("TY") == 1 and lines[-1] == "ER  - "
    assert lines[1] == "TI  - 标题 ER - TY - JOUR TI - 假"


# ---------------------------------------------------------------- the citation box

class BoxParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pres: dict[str, str] = {}
        self.buttons: dict[str, dict] = {}
        self.tags: list[str] = []
        self._pre: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "pre":
            self._pre = a["data-cite-format"]
            self.pres[self._pre] = ""
        if tag == "button":
            self.buttons[a["data-cite-copy"]] = a

    def handle_endtag(self, tag):
        if tag == "pre":
            self._pre = None

    def handle_data(self, data):
        if self._pre:
            self.pres[self._pre] += data


def parse_box(text: str) -> BoxParser:
    parser = BoxParser()
    parser.feed(text)
    parser.close()
    return parser


def test_box_is_hidden_and_empty_without_javascript():
    # archive-cite.js shows the box and builds its heading, code and every format from the
    # JSON-LD (tests/test_browser.py checks its text against these functions); without it there
    # is no box, and the metadata table's 引用编号 row names the code.
    html = citation_box_html(DONGAN)
    box = parse_box(html)
    assert box.pres == {} and box.buttons == {}
    assert html == '<section class="archive-cite" id="cite" data-cite-box hidden></section>\n'
    assert html == citation_box_html(UNPLACED)  # the same on every page: no field of the record


def test_box_hostile_title_adds_no_markup():
    rec = dataclasses.replace(DONGAN, title=HOSTILE_TITLE + "\ufdd0\ufdd1\ue000")
    box = parse_box(citation_box_html(rec))
    assert box.tags.count("b") == 0 and "img" not in box.tags and box.tags.count("script") == 0


def test_box_survives_the_sites_markdown():
    """Placed in a report's Markdown, the box comes out of Python-Markdown unchanged."""
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    box = citation_box_html(DONGAN)
    assert box.rstrip("\n") in md.convert("# 标题\n\n正文。\n\n" + box)


# ---------------------------------------------------------------- the script, in Chromium

SCRIPT = PROJECT_DIR / "docs" / "assets" / "javascripts" / "archive-cite.js"
STYLE = PROJECT_DIR / "docs" / "assets" / "stylesheets" / "archive.css"


def test_script_fills_the_date_and_copies(tmp_path, browser):
    from tests.conftest import serve

    local = dataclasses.replace(UNPLACED, site_url="")
    page_dir = tmp_path / "r" / "6463a654"
    page_dir.mkdir(parents=True)
    shutil.copy(SCRIPT, tmp_path / "archive-cite.js")
    shutil.copy(STYLE, tmp_path / "archive.css")
    (page_dir / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<link rel="stylesheet" href="../../archive.css">'
        # The script builds APA, BibTeX and RIS from the page's JSON-LD, as on a report page.
        f'<script type="application/ld+json">{cite.json_for_script(cite.json_ld(local))}</script></head><body>'
        + citation_box_html(local) + '<script src="../../archive-cite.js"></script></body></html>',
        encoding="utf-8")
    base, server = serve(tmp_path)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 375, "height": 740})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        before = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        page.goto(base + "r/6463a654/")
        page.wait_for_selector("[data-cite-ready]", state="attached")
        after = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()
        absolute = dataclasses.replace(UNPLACED, site_url=base)
        # The reader's date and, built without a site URL, the page's own address.
        written = page.locator('pre[data-cite-format="gbt7714"][data-cite-build]').text_content()
        shown = next(d.isoformat() for d in (before, after) if written == gbt7714(absolute, d.isoformat()))
        # GB/T 7714 open, the others folded, in cite.py's order.
        assert page.evaluate("[...document.querySelectorAll('[data-cite-block]')].map(b => b.tagName + ':' + b.dataset.citeBlock)") == [
            "DIV:gbt7714", "DETAILS:apa7", "DETAILS:bibtex", "DETAILS:ris"]
        assert page.locator("pre[data-cite-format]:visible").count() == 1
        # The script shows the box and writes its heading with the code from the JSON-LD.
        assert page.locator("#cite").is_visible()
        assert page.locator("#cite-heading").text_content() == f"{cite.BOX_HEADING}引用编号 {local.code}"
        assert page.locator("#cite").get_attribute("aria-labelledby") == "cite-heading"

        page.locator('button[data-cite-copy="gbt7714"]').click()
        page.wait_for_function("document.querySelector('[data-cite-status]').textContent !== ''")
        assert page.evaluate("navigator.clipboard.readText()") == gbt7714(absolute, shown)
        assert "已复制" in page.locator("[data-cite-status]").text_content()

        # A copy button inside a folded <summary> copies without unfolding it.
        page.locator('button[data-cite-copy="bibtex"]').click()
        page.wait_for_function("navigator.clipboard.readText().then(t => t.startsWith('@techreport'))")
        assert page.evaluate("navigator.clipboard.readText()") == bibtex(absolute)
        assert page.evaluate("document.querySelector('details[data-cite-block=bibtex]').open") is False
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert errors == []
    finally:
        context.close()
        server.shutdown()


# ---------------------------------------------------------------- news: the reporter and the outlet

def test_a_news_report_is_cited_by_its_reporter_and_outlet_never_the_bureau():
    """Issue 19.11: the author follows the document type."""
    tags = parse_head(head_tags(XIUWU))
    assert tags.meta["citation_author"] == ["高新科"]
    assert tags.meta["citation_publisher"] == ["中新社河南分社"]
    assert "citation_technical_report_institution" not in tags.meta
    ld = tags.json_ld
    assert ld["@type"] == "NewsArticle"
    assert ld["author"] == [{"@type": "Person", "name": "高新科"}]
    assert ld["publisher"] == {"@type": "NewsMediaOrganization", "name": "中新社河南分社"}
    ris_text = ris(XIUWU)
    assert "TY  - NEWS" in ris_text and "AU  - 高新科" in ris_text and "T2  - 中新社河南分社" in ris_text
    bib = bibtex(XIUWU)
    assert bib.startswith("@misc{") and "author = {{高新科}}" in bib and "howpublished = {中新社河南分社}" in bib
    for text in (gbt7714(XIUWU), apa7(XIUWU), ris_text, bib, head_tags(XIUWU)):
        assert "修武县卫生健康委员会" not in text


def test_a_news_report_without_a_named_reporter_is_cited_by_its_outlet():
    rec = dataclasses.replace(XIUWU, reporter=None)
    assert gbt7714(rec, ACCESS).startswith("中新社河南分社. 修武县卫健委召开")
    assert apa7(rec).startswith("中新社河南分社. (2020年6月12日). ")
    nobody = dataclasses.replace(XIUWU, reporter=None, source=None)
    assert gbt7714(nobody, ACCESS).startswith("修武县卫健委召开")  # the title first, never the bureau
    # Several reporters: each is an author.
    two = dataclasses.replace(XIUWU, reporter="高新科、李峰")
    assert gbt7714(two, ACCESS).startswith("高新科, 李峰. ")
    assert parse_head(head_tags(two)).meta["citation_author"] == ["高新科", "李峰"]

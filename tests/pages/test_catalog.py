"""Bulk data: the catalogs match the data dictionary and the pages' front matter, survive hostile
text, parse back to the same rows, and come out byte-identical whatever the input order."""
from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import random
import xml.etree.ElementTree as ET

import markdown
import pytest
import yaml

from build_archive.core import paths
from build_archive.pages import catalog, cite
from build_archive.pages.catalog import CatalogError, FeedEntry
from tests.pages.test_cite import DONGAN, SITE, UNPLACED, XIUWU, YANGSHAN

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def front_matter(rec: cite.CitationRecord, **extra) -> dict:
    """Front matter as render.front_matter writes it for a report page (the title HTML-escaped,
    as front_matter.page_title does for mkdocs-material)."""
    fm = {"title": html.escape(rec.title, quote=False), "title_in_source": not rec.title.endswith("（原文无标题）"), "code": rec.code,
          "url": rec.path, "county": rec.county, "province": rec.province, "city": rec.city, "adcode": rec.adcode,
          "year": rec.year, "period": rec.period, "doc_type": rec.doc_type, "agency": rec.agency,
          "agency_full": rec.agency_full, "publish_date": rec.publish_date, "written_date": rec.written_date,
          "source": rec.source, "source_url": rec.source_url, "source_file": f"{rec.code[4:]}.txt",
          "sha256": (rec.sha256 or rec.code[4:] * 8)[:64], "encoding": "utf-8", "flags": [], "corrected": []}
    if rec.themes:
        fm["tags"] = list(rec.themes)
    fm.update(extra)
    return fm


SEED_FMS = [front_matter(DONGAN), front_matter(XIUWU, corrected=["county"]), front_matter(YANGSHAN),
            front_matter(UNPLACED, flags=["title-missing", "county-unknown", "agency-unknown"]),
            front_matter(dataclasses.replace(DONGAN, code="CHR-ffffffff", path="r/ffffffff/",
                                             title="</title><script>x</script> &amp; 卫健委 <b>"))]


def row(fm: dict, site_url: str = SITE, text: str | None = None) -> dict:
    return catalog.row_from_front_matter(fm, site_url=site_url, raw_path=f"source/?c={fm['code'][4:]}", text=text)


def hostile_rows() -> list[dict]:
    nasty = front_matter(dataclasses.replace(
        DONGAN, code="CHR-00000000", path="r/00000000/",
        title='=HYPERLINK("http://evil","点我"), "引号", 逗号\n换行\r\n回车\u2028行分隔\x85下一行\t制表',
        agency="@SUM(1+1)", agency_full="+cmd", source="-2+3", source_url="'=already quoted",
        themes=("健康扶贫/乡村振兴", "=x")))
    return [row(fm) for fm in SEED_FMS] + [row(nasty)]


# ---------------------------------------------------------------- the dictionary

def test_dictionary_is_complete_and_well_formed():
    fields = catalog.load_dictionary()
    assert [f.name for f in fields][:2] == ["code", "title"]
    for f in fields:
        assert f.type in catalog.TYPES and f.description and f.example, f
    assert [f.name for f in catalog.corpus_fields()] == [f.name for f in catalog.catalog_fields()] + ["text"]


def test_catalog_columns_are_the_dictionary_fields():
    names = [f.name for f in catalog.catalog_fields()]
    header = next(csv.reader(io.StringIO(catalog.catalog_csv(hostile_rows()).removeprefix("\ufeff"))))
    assert header == names
    assert list(json.loads(catalog.catalog_json(hostile_rows()))[0]) == names
    assert list(json.loads(catalog.corpus_jsonl([row(SEED_FMS[0], text="正文")]))) == names + ["text"]
    assert list(row(SEED_FMS[0])) == names


def test_data_dictionary_table_has_a_row_per_field():
    table = catalog.data_dictionary_md().splitlines()
    assert len(table) == 2 + len(catalog.load_dictionary())
    html = markdown.markdown(catalog.data_dictionary_md(), extensions=["tables"])
    assert html.count("<tr>") == 1 + len(catalog.load_dictionary())
    assert "<code>source_url</code>" in html


# ---------------------------------------------------------------- round trips

def test_catalog_round_trips_the_front_matter():
    rows = [row(fm) for fm in SEED_FMS]
    assert rows[-1]["title"] == "</title><script>x</script> &amp; 卫健委 <b>"
    for parsed in (catalog.read_catalog_csv(catalog.catalog_csv(rows)), json.loads(catalog.catalog_json(rows))):
        by_code = {r["code"]: r for r in parsed}
        for fm in SEED_FMS:
            r = by_code[fm["code"]]
            for key, value in fm.items():
                if key == "url":
                    assert r["path"] == value and r["url"] == SITE + value
                elif key == "title":
                    assert r["title"] == html.unescape(value)
                else:
                    assert r[key] == value, key
            assert r["tags"] == fm.get("tags", [])
            assert r["raw_url"] == f"{SITE}source/?c={fm['code'][4:]}"


def test_hostile_text_round_trips_in_csv_and_json():
    rows = hostile_rows()
    expected = sorted(rows, key=lambda r: r["code"])
    text = catalog.catalog_csv(rows)
    assert text.startswith("\ufeff")
    assert catalog.read_catalog_csv(text) == expected
    assert json.loads(catalog.catalog_json(rows)) == expected


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    text = catalog.catalog_csv(hostile_rows())
    cells = [c for r in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")) for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'@SUM(1+1)" in cells and "''=already quoted" in cells


def test_csv_is_excel_friendly_utf8_with_bom():
    data = catalog.catalog_csv([row(SEED_FMS[0])]).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" not in data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["county"] == "东安县" and rows[0]["adcode"] == "431122"


def test_corpus_jsonl_has_one_record_per_line():
    rows = [dict(r, text=f"{r['title']}\n第二段\u2028\x85") for r in hostile_rows()]
    text = catalog.corpus_jsonl(rows)
    assert text.endswith("\n") and len(text.splitlines()) == len(rows)
    parsed = [json.loads(line) for line in text.splitlines()]
    assert parsed == sorted(rows, key=lambda r: r["code"])


def test_output_is_identical_whatever_the_input_order():
    rows = hostile_rows()
    entries = [FeedEntry(i, cite.record_from_front_matter(fm, SITE)) for i, fm in enumerate(SEED_FMS)]
    paths = ["", "r/2ac8209b/", "browse/regions/", "r/6463a654/"]

    def outputs(rows, entries, paths):
        return (catalog.catalog_csv(rows), catalog.catalog_json(rows),
                catalog.corpus_jsonl([dict(r, text="x") for r in rows]),
                catalog.atom_feed(entries, SITE), catalog.sitemap_xml(paths, SITE))

    first = outputs(rows, entries, paths)
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(rows), rng.shuffle(entries), rng.shuffle(paths)
        assert outputs(rows, entries, paths) == first


# ---------------------------------------------------------------- wiring mistakes fail loudly

def test_rows_that_do_not_match_the_dictionary_are_errors():
    good = row(SEED_FMS[0])
    with pytest.raises(CatalogError, match="not in the data dictionary"):
        catalog.catalog_csv([dict(good, extra=1)])
    with pytest.raises(CatalogError, match="missing"):
        catalog.catalog_json([{k: v for k, v in good.items() if k != "sha256"}])
    with pytest.raises(CatalogError, match="should be integer"):
        catalog.catalog_json([dict(good, year="2020")])
    with pytest.raises(CatalogError, match="twice"):
        catalog.catalog_json([good, dict(good)])
    with pytest.raises(CatalogError, match="separator"):
        catalog.catalog_csv([dict(good, tags=["a;b"])])
    with pytest.raises(CatalogError, match="text"):
        catalog.corpus_jsonl([good])


# ---------------------------------------------------------------- sitemap and feed

def test_sitemap():
    assert catalog.sitemap_xml(["r/2ac8209b/"], "") is None
    text = catalog.sitemap_xml(["r/2ac8209b/", "", "r/2ac8209b/", "theme/a&b 主题/"], "https://x.org/a")
    locs = [e.text for e in ET.fromstring(text).iter(SITEMAP_NS + "loc")]
    assert locs == ["https://x.org/a/", "https://x.org/a/r/2ac8209b/",
                    "https://x.org/a/theme/a&b%20%E4%B8%BB%E9%A2%98/"]
    with pytest.raises(CatalogError):
        catalog.sitemap_xml(["/etc/"], SITE)


def feed_entries():
    recs = [DONGAN, XIUWU, YANGSHAN, UNPLACED]
    return [FeedEntry(seq, rec) for seq, rec in enumerate(recs)]


def test_feed_lists_the_newest_additions_first():
    root = ET.fromstring(catalog.atom_feed(feed_entries(), SITE, limit=3))
    entries = root.findall(ATOM + "entry")
    assert [e.find(ATOM + "title").text for e in entries] == [UNPLACED.title, YANGSHAN.title, XIUWU.title]
    assert entries[0].find(ATOM + "link").get("href") == SITE + "r/6463a654/"
    # Deterministic dates: the newest date known among the entries, never the clock.
    assert root.find(ATOM + "updated").text == "2020-11-03T00:00:00+08:00"
    assert entries[1].find(ATOM + "updated").text == "2020-11-03T00:00:00+08:00"
    assert entries[0].find(ATOM + "updated").text == root.find(ATOM + "updated").text  # undated report
    assert entries[0].find(ATOM + "author") is None
    assert entries[2].find(ATOM + "author/" + ATOM + "name").text == "高新科"  # news: its reporter
    assert entries[0].find(ATOM + "id").text == catalog.feed_id("CHR-6463a654")


def test_feed_ids_never_change():
    # Readers remember entries by id: a changed id shows every report as new again. These values
    # are part of the archive's public contract, whatever site URL it is published under.
    assert catalog.feed_id("CHR-2ac8209b") == "urn:uuid:2105457d-33c7-5949-870f-3ec6c1646411"
    root = ET.fromstring(catalog.atom_feed(feed_entries(), "https://elsewhere.example/"))
    assert root.find(ATOM + "id").text == "urn:uuid:c2f61e01-bb28-5c19-9cbf-b08f71653db8"
    assert len({catalog.feed_id(r.code) for r in (DONGAN, XIUWU, YANGSHAN, UNPLACED)}) == 4


def test_feed_without_site_url_links_relative_to_the_feed():
    root = ET.fromstring(catalog.atom_feed(feed_entries(), ""))
    assert root.find(ATOM + "entry/" + ATOM + "link").get("href") == "../r/6463a654/"
    links = {l.get("rel"): l.get("href") for l in root.findall(ATOM + "link")}
    assert links == {"self": "feed.xml", "alternate": "../"}


def test_feed_escapes_hostile_text():
    rec = dataclasses.replace(DONGAN, title="<b>粗体</b> & \x01\x0b控制\ufffe字符 ]]>", agency_full='"局"<',
                              themes=('"&<',))
    root = ET.fromstring(catalog.atom_feed([FeedEntry(1, rec)], SITE))
    entry = root.find(ATOM + "entry")
    assert entry.find(ATOM + "title").text == "<b>粗体</b> & 控制字符 ]]>"
    assert entry.find(ATOM + "author/" + ATOM + "name").text == '"局"<'
    assert entry.find(ATOM + "category").get("term") == '"&<'


# ---------------------------------------------------------------- the downloads page

def test_downloads_page_links_and_sizes():
    sizes = {paths.CATALOG_CSV_GZ: 2048, paths.FEED_XML: 5 * 1024 * 1024, paths.CORPUS_JSONL: 10}
    page = catalog.downloads_page_md(4, sizes)
    assert page.startswith("---\ntitle: 下载数据\n---\n")
    body = markdown.markdown(page.split("---\n", 2)[2], extensions=["tables"])
    # catalog.csv gzipped (24 MB as text at 30,000 reports, 4 MB gzipped; issue 16).
    assert '<a href="data/catalog.csv.gz">' in body and '<a href="data/feed.xml">' in body
    assert "sitemap.xml" not in body.split("<h2")[0]  # not published in this build, not listed
    assert "2.0 KB" in body and "5.0 MB" in body
    assert "corpus.jsonl" not in body.split("<h2")[0]  # made for the release, not on the site
    assert "<code>sha256</code>" in body  # the data dictionary is on the page
    nested = catalog.downloads_page_md(4, {paths.SITEMAP: 10}, here="data/index.md")
    assert "](../sitemap.xml)" in nested


# ---------------------------------------------------------------- against a real build

def test_catalog_round_trips_the_built_pages_front_matter(seed_build):
    """The seeds' real front matter (whatever the extractor now says) goes through the catalog intact."""
    _result, settings, site = seed_build
    fms = []
    for path in sorted((settings.docs_dir / "r").glob("*.md")):
        fm = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
        if not fm.get("withdrawn"):
            fms.append(fm)
    assert fms
    rows = [row(fm, text="正文") for fm in fms]
    parsed = catalog.read_catalog_csv(catalog.catalog_csv([{k: v for k, v in r.items() if k != "text"} for r in rows]))
    for fm, back in zip(sorted(fms, key=lambda f: f["code"]), parsed):
        for key in catalog.catalog_fields():
            name = key.name
            if name == "title":
                assert back[name] == html.unescape(fm[name])
            elif name in fm and name != "url":
                assert back[name] == fm[name], (fm["code"], name)
        assert back["path"] == fm["url"]
        assert cite.record_from_front_matter(fm, SITE).code == fm["code"]


def test_built_report_pages_carry_the_citation_tags(seed_build):
    _result, settings, site = seed_build
    pages = sorted((site / "r").glob("*/index.html"))
    text = pages[0].read_text(encoding="utf-8")
    assert "citation_title" in text
    for page in pages:
        code = page.parent.name
        fm = yaml.safe_load((settings.docs_dir / "r" / f"{code}.md").read_text(encoding="utf-8").split("---\n")[1])
        text = page.read_text(encoding="utf-8")
        head = text[text.index("<head>"):text.index("</head>")]
        tags = parse_head_fragment(head)
        assert tags["citation_title"] == [html.unescape(fm["title"])]
        if fm["doc_type"] == "会议报道":  # news: reporter and outlet, no report number (issue 19.11)
            assert "citation_technical_report_number" not in tags and tags["citation_publisher"] == [fm["source"]]
            assert tags["citation_author"] == [fm["reporter"]] and fm["reporter"] == "高新科"
        else:
            assert tags["citation_technical_report_number"] == [fm["code"]]
        assert f'"identifier":"{fm["code"]}"' in head


def parse_head_fragment(head: str) -> dict[str, list[str]]:
    from html.parser import HTMLParser

    found: dict[str, list[str]] = {}

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta" and a.get("name"):
                found.setdefault(a["name"], []).append(a.get("content") or "")

    P(convert_charrefs=True).feed(head)
    return found


def test_catalog_json_made_record_by_record_is_the_json_of_the_rows():
    """catalog.json is written one record at a time (so a rebuild can copy unchanged ones):
    byte for byte what ``json.dumps(rows, indent=2)`` gives, for no, one and many rows."""
    rows = [row(fm) for fm in SEED_FMS]
    for some in ([], rows[:1], rows):
        checked = catalog._rows(some, catalog.catalog_fields())
        assert catalog.catalog_json(some) == catalog._json(checked, indent=2) + "\n"
        assert json.loads(catalog.catalog_json(some)) == json.loads(catalog._json(checked, indent=2))


def test_a_news_reports_reporter_and_a_corrected_capture_date_reach_the_catalog():
    fm = front_matter(XIUWU, reporter="高新科", captured_date="2021-10-05")
    parsed = catalog.read_catalog_csv(catalog.catalog_csv([row(fm)]))[0]
    assert parsed["reporter"] == "高新科" and parsed["captured_date"] == "2021-10-05"
    assert json.loads(catalog.catalog_json([row(front_matter(DONGAN))]))[0]["reporter"] is None

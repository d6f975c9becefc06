"""Indicator extraction on labelled real sentences (tests/fixtures/indicator_sentences.yml)."""
from pathlib import Path

import pytest
import yaml

from build_archive.core import indicator_types
from build_archive.parse import indicators
from build_archive.core.paths import PROJECT_DIR
from build_archive.parse.indicators import Context, extract_report, extract_sentence, load_vocabulary, sentences

FIXTURE = Path(__file__).parent.parent / "fixtures" / "indicator_sentences.yml"
CASES = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
REASON = {"target": indicator_types.TARGET, "bound": indicator_types.BOUND, "change": indicator_types.CHANGE,
          "range": indicator_types.RANGE, "unit": indicator_types.UNIT, "year": indicator_types.YEAR,
          "level": indicator_types.LEVEL, "subgroup": indicator_types.SUBGROUP, "ambiguous": indicator_types.AMBIGUOUS,
          "total": indicator_types.TOTAL, "list": indicator_types.LIST}


def run(case):
    vocab = load_vocabulary()
    ctx = Context(case["year"], case.get("county"), bool(case.get("plan")),
                  case["year"] if case.get("plan") else None, case.get("doc_type") != "会议报道")
    values, skips = [], []
    for s in sentences(case["text"]):
        got = extract_sentence(s, vocab, ctx)
        values += got.values
        skips += got.skips
    return values, skips


def test_fixture_sentences_are_real_and_labels_name_known_indicators():
    slugs = {i.slug for i in load_vocabulary().indicators}
    for case in CASES:
        if case["source"].startswith("reports/"):
            assert case["text"] in (PROJECT_DIR / case["source"]).read_text(encoding="utf-8"), case["text"]
        for slug, *_ in case.get("values", []) + case.get("missed", []) + case.get("skips", []):
            assert slug in slugs, slug
        for _, reason in case.get("skips", []):
            assert reason in REASON, reason


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:24] for c in CASES])
def test_every_value_read_is_a_labelled_value_and_every_trap_is_skipped(case):
    values, skips = run(case)
    got = sorted((v.indicator, v.value, v.year) for v in values)
    assert got == sorted(tuple(v) for v in case.get("values", [])), case.get("note")
    expected_skips = sorted((slug, REASON[reason]) for slug, reason in case.get("skips", []))
    assert sorted((s.indicator, s.reason) for s in skips) == expected_skips, case.get("note")
    for v in values:  # the sentence is the one written, a value's text is in it
        assert v.sentence in case["text"] and v.value_text in v.sentence


def test_precision_on_the_labelled_sentences_is_exact():
    read = correct = 0
    for case in CASES:
        values, _ = run(case)
        labelled = {tuple(v) for v in case.get("values", [])}
        read += len(values)
        correct += sum((v.indicator, v.value, v.year) in labelled for v in values)
    assert read >= 20 and correct == read


def test_a_plan_part_makes_values_targets_unless_their_year_is_earlier():
    vocab = load_vocabulary()
    text = "2020年，全县家庭医生签约率为60%。"  # shape of the real sentences above
    blocks = [("heading", "一、2020年工作总结"), ("paragraph", text),
              ("heading", "二、2021年工作计划"), ("paragraph", "全县家庭医生签约率达到70%。"),
              ("paragraph", text)]
    got = extract_report(blocks, vocab, year=2020, doc_type="总结和计划", county="东安县")
    assert [(v.value, v.year) for v in got.values] == [("60", 2020)]  # the repeat is one row
    assert [s.reason for s in got.skips] == [indicator_types.TARGET]


def test_a_heading_about_family_planning_does_not_open_the_plan_part():
    vocab = load_vocabulary()
    text = "全县家庭医生签约率为60%。"
    blocks = [("heading", "（七）调整完善计划生育政策。"), ("paragraph", text),  # a heading of the real 2016 seed
              ("heading", "二、2016年下半年工作安排"), ("paragraph", "全县家庭医生签约率为65%。")]
    got = extract_report(blocks, vocab, year=2016, doc_type="总结和计划", county="东安县")
    assert [v.value for v in got.values] == ["60"] and [s.reason for s in got.skips] == [indicator_types.TARGET]


def test_a_county_level_city_owns_its_quanshi_figures_and_a_county_does_not():
    vocab = load_vocabulary()
    s = "2020年末,全市居民人均预期寿命提高到82.25岁。"
    assert extract_sentence(s, vocab, Context(2020, "扬中市")).values[0].value == "82.25"
    assert extract_sentence(s, vocab, Context(2020, "东安县")).skips[0].reason == indicator_types.LEVEL


def test_the_vocabulary_is_validated_with_messages_naming_the_entry(tmp_path):
    bad = tmp_path / "indicators.yml"
    bad.write_text("indicators:\n  - slug: x\n    name: 某率\n    unit: 斤\n    names: [某率]\n    description: d\n",
                   encoding="utf-8")
    with pytest.raises(indicators.IndicatorError, match=r"indicator 1 \(某率\).*unit '斤'"):
        load_vocabulary(bad)
    bad.write_text("indicators:\n  - slug: x\n    name: 某率\n    unit: '%'\n    names: [某率]\n"
                   "    short_names: [率]\n    description: d\n", encoding="utf-8")
    with pytest.raises(indicators.IndicatorError, match="context"):
        load_vocabulary(bad)


def test_the_vocabulary_has_what_the_issue_lists():
    names = {i.name for i in load_vocabulary().indicators}
    for want in ("家庭医生签约率", "家庭医生签约人数", "居民电子健康档案建档率", "孕产妇死亡率", "婴儿死亡率",
                 "5岁以下儿童死亡率", "免疫规划疫苗接种率", "65岁及以上老年人健康管理人数",
                 "65岁及以上老年人健康管理率", "高血压患者规范管理率", "糖尿病患者规范管理率", "床位数",
                 "卫生技术人员数"):
        assert want in names


def test_charts_are_deterministic_svg_with_every_label_escaped():
    from build_archive.pages import charts

    points = [charts.Point(2019, 61.5, "<script>alert(1)</script>县 2019年：61.5%"), charts.Point(2020, 70, "乙县"),
              charts.Point(2020, 70, "丙县"), charts.Point(2021, 82.25, "丁县")]
    a = charts.year_values(points, "家庭医生签约率 & <b>", "%")
    assert a == charts.year_values(list(reversed(points)), "家庭医生签约率 & <b>", "%")
    assert "<script" not in a and "&lt;script&gt;" in a and "&amp; &lt;b&gt;" in a
    assert a.startswith("<svg ") and a.count("<circle") == 4 + 3  # values and yearly medians
    bars = charts.year_bars({2016: 1, 2020: 3, 2024: 1}, "各年度收录报告篇数")
    assert bars.count('class="chart-bar"') == 9  # 2016 to 2024, empty years included


def test_the_seed_build_publishes_indicator_pages_county_sections_csv_and_count_table(seed_build, tmp_path):
    import csv
    import gzip
    import io
    import json
    import shutil

    from build_archive.build import Settings, build

    _, settings, site = seed_build
    docs = settings.docs_dir
    beds = (site / "indicator" / "beds" / "index.html").read_text(encoding="utf-8")
    assert "1584" in beds and "<svg" in beds and "阳山县" in beds
    county = (site / "county" / "441823" / "index.html").read_text(encoding="utf-8")
    assert "床位数" in county and "../../indicator/beds/" in county
    assert '<svg class="chart chart-years"' in (site / "index.html").read_text(encoding="utf-8")
    index = (site / "browse" / "indicators" / "index.html").read_text(encoding="utf-8")
    assert "数据字典" in index and "indicators-skipped.csv.gz" in index
    rows = list(csv.DictReader(io.StringIO(gzip.decompress((docs / "data" / "indicators.csv.gz").read_bytes()).decode("utf-8-sig"))))
    assert ("beds", "1584", "2020", "CHR-aa5b70b4") in {(r["indicator"], r["value"], r["year"], r["code"]) for r in rows}
    assert all(r["sentence"] and r["value_text"] in r["sentence"] for r in rows)
    skipped = list(csv.DictReader(io.StringIO(gzip.decompress((docs / "data" / "indicators-skipped.csv.gz").read_bytes()).decode("utf-8-sig"))))
    assert skipped and all(r["reason"] in indicator_types.REASONS for r in skipped)
    table = json.loads((docs / "search-index" / "counts.json").read_text(encoding="utf-8"))
    assert table["total"] == 5 and table["years"]["2020"] == 3
    # Byte-identical: the same reports built again give the same pages, charts and data.
    reports = tmp_path / "reports"
    shutil.copytree(settings.reports_dir, reports)
    again = Settings(reports_dir=reports, docs_dir=tmp_path / "docs", ledger_path=tmp_path / "ledger.tsv")
    build(again)
    for rel in ["index.md", "browse/indicators.md", "data/indicators.csv.gz", "data/indicators-skipped.csv.gz",
                "search-index/counts.json", "county/441823.md", *[f"indicator/{p.name}" for p in (docs / "indicator").iterdir()]]:
        assert (docs / rel).read_bytes() == (again.docs_dir / rel).read_bytes(), rel


def test_csv_cells_never_become_spreadsheet_formulas_and_sentences_stay_exact():
    import csv
    import io

    from build_archive.pages.indicator_pages import Row, csv_text

    vocab = load_vocabulary()
    hostile = "=HYPERLINK(\"http://x\")全县家庭医生签约率为60%,\"引号\"\n第二行"
    v = indicator_types.Value("family-doctor-signing-rate", "60", "%", "60%", 2020, "sentence", hostile)
    text = csv_text([Row(v, "2ac8209b", "东安县", "431122", "湖南省")], vocab, "values")
    assert text.startswith("\ufeff")
    row = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert row["sentence"] == "'" + hostile and row["adcode"] == "431122" and row["code"] == "CHR-2ac8209b"


def test_an_indicator_in_many_counties_gets_a_page_per_province():
    from build_archive.pages import indicator_pages
    from build_archive.pages.indicator_pages import Row, outputs

    vocab = load_vocabulary()
    rows = []
    for i in range(indicator_pages.PROVINCE_SPLIT + 10):
        prefix, province = ("43", "湖南省") if i % 2 else ("44", "广东省")
        v = indicator_types.Value("beds", str(1000 + i), "张", f"{1000 + i}张", 2020, "report", f"全县床位数合计{1000 + i}张。")
        rows.append(Row(v, f"{i:08x}", f"测试{i}县", f"{prefix}{i:04d}", province))
    files = {f.path: f.content for f in outputs(vocab, rows, [])}
    main = files[indicator_pages.indicator_doc("beds")]
    assert "| 省份 | 县（区）数 | 数值个数 |" in main and "测试1县" not in main
    hunan = files[indicator_pages.indicator_province_doc("beds", "43")]
    assert "测试1县" in hunan and "测试2县" not in hunan and "<svg" in hunan


def test_ranges_are_skipped():
    # No real sentence with a range next to an indicator turned up in the pages searched or the
    # corpus (see the fixture); this one is constructed, in the shape of the real ones above.
    vocab = load_vocabulary()
    for s in ("全县家庭医生签约率为35%-40%。", "全县家庭医生签约率为35%～40%。", "全县家庭医生签约率为35至40%。"):
        got = extract_sentence(s, vocab, Context(2020, "东安县"))
        assert not got.values and [k.reason for k in got.skips] == [indicator_types.RANGE], s


def test_every_value_links_to_the_paragraph_that_holds_its_sentence(seed_build):
    import csv
    import gzip
    import html as htmlmod
    import io
    import re

    _, settings, site = seed_build
    rows = list(csv.DictReader(io.StringIO(gzip.decompress((settings.docs_dir / "data" / "indicators.csv.gz").read_bytes()).decode("utf-8-sig"))))
    assert rows
    for row in rows:
        path, _, anchor = row["url"].partition("#")
        page = (site / path / "index.html").read_text(encoding="utf-8")
        m = re.search(rf'<p id="{anchor}"[^>]*>(.*?)</p>', page, re.S)
        assert m, row["url"]
        text = htmlmod.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
        assert row["value_text"] in text and row["sentence"][:20] in text, row["url"]
    beds = (site / "indicator" / "beds" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../r/aa5b70b4/#p' in beds


def test_an_elided_list_is_read_only_with_fenbie_and_a_value_for_every_item():
    # Constructed in the shape of the real 番禺区 sentence in the fixture.
    vocab = load_vocabulary()
    got = extract_sentence("孕产妇、婴儿死亡率分别为10.5/10万、3.2‰。", vocab, Context(2020, "东安县"))
    assert [(v.indicator, v.value) for v in got.values] == [("maternal-mortality", "10.5"), ("infant-mortality", "3.2")]
    got = extract_sentence("新生儿、婴儿死亡率为3‰。", vocab, Context(2020, "东安县"))  # whose is 3‰?
    assert not got.values and [s.reason for s in got.skips] == [indicator_types.LIST]
    got = extract_sentence("新生儿、婴儿死亡率分别为2‰。", vocab, Context(2020, "东安县"))  # one value, two items
    assert not got.values and [s.reason for s in got.skips] == [indicator_types.LIST]


def test_a_county_page_charts_an_indicator_reported_in_two_years():
    from build_archive.pages.indicator_pages import Row, county_section

    vocab = load_vocabulary()
    rows = [Row(indicator_types.Value("beds", str(n), "张", f"{n}张", y, "sentence", f"{y}年，全县床位数合计{n}张。", 3),
                f"{k:08x}", "东安县", "431122", "湖南省") for k, (y, n) in enumerate([(2019, 1500), (2020, 1584)])]
    md = county_section(vocab, rows, "county/431122.md")
    assert md.count("<svg") == 1 and "| [床位数](../indicator/beds.md) | 张 |" in md
    assert "[1584](../r/00000001.md#p3)" in md

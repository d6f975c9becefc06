"""``build-archive evaluate``: scoring on labelled pages, and the real corpus above its floors.

The real corpus (tests/fixtures/real/) holds pages of county health-bureau reports from many
kinds of site, as captured, labelled by hand in labels.yml; floors.yml holds the lowest figures
the rules may score on it, per split. Floors are only ever raised.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from build_archive.cli import main
from build_archive.evaluate import FIGURES, LabelsError, load_floors, load_labels

REAL = Path(__file__).parent / "fixtures" / "real"
LABELS = REAL / "labels.yml"
FLOORS = REAL / "floors.yml"

PAGE = """\
首页 > 政务公开 > 工作计划
东安县卫生健康局2020年工作总结
发布时间：2021-01-05 来源：东安县卫生健康局
分享到：
2020年，全县卫生健康系统坚持以人民健康为中心，扎实推进各项工作，取得明显成效。
一、主要工作
全县共有医疗卫生机构293个，其中县直医疗卫生单位5个，乡镇卫生院13个。
相关链接
主办：东安县人民政府办公室
"""


def _corpus(tmp_path: Path, label: dict, text: str = PAGE) -> Path:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "x001.txt").write_text(text, encoding="utf-8")
    labels = tmp_path / "labels.yml"
    labels.write_text(yaml.safe_dump({"x001": label}, allow_unicode=True), encoding="utf-8")
    return labels


GOOD = {"split": "dev", "county": "东安县", "province": "湖南省", "city": "永州市", "year": 2020,
        "doc_type": "工作总结", "agency": "东安县卫生健康局",
        "chrome": ["首页 > 政务公开 > 工作计划", "发布时间：2021-01-05 来源：东安县卫生健康局", "分享到：",
                   "主办：东安县人民政府办公室"],
        "unsure": ["相关链接"]}


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["evaluate", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_a_page_read_right_scores_every_figure_full(tmp_path, capsys):
    code, out = run_json(capsys, "--labels", str(_corpus(tmp_path, GOOD)))
    assert code == 0
    figures = out["figures"]
    assert {f: figures[f]["ratio"] for f in FIGURES} == {f: 1.0 for f in FIGURES}
    # Four chrome lines, three body lines (title, two paragraphs, the heading); 相关链接 is unsure.
    assert figures["chrome_removed"]["of"] == 4 and figures["body_kept"]["of"] == 4
    assert out["misses"] == [] and out["unmatched_label_lines"] == []


def test_misses_name_page_field_expected_got_and_evidence(tmp_path, capsys):
    label = GOOD | {"county": "宁远县", "year": None, "chrome": [*GOOD["chrome"], "一、主要工作"],
                    "unsure": ["不在页面上的一行"]}
    code, out = run_json(capsys, "--labels", str(_corpus(tmp_path, label)))
    assert code == 0
    misses = {(m["field"], str(m["expected"]), str(m["got"])): m for m in out["misses"]}
    county = misses[("county", "宁远县", "东安县")]
    assert county["page"] == "x001" and "东安县卫生健康局" in county["evidence"]
    # A value where the label says null is a miss too.
    assert ("year", "None", "2020") in misses
    assert ("chrome", "removed", "kept") in misses
    assert out["unmatched_label_lines"] == [{"page": "x001", "line": "不在页面上的一行"}]


def test_a_null_where_the_label_has_a_value_is_a_miss_and_null_for_null_is_right(tmp_path, capsys):
    text = "工作总结\n今年以来，我们坚持以人民健康为中心，扎实推进各项工作，取得明显成效，群众满意度不断提升。\n"
    label = {"split": "dev", "county": None, "province": None, "city": None, "year": 2021,
             "doc_type": "工作总结", "agency": None}
    code, out = run_json(capsys, "--labels", str(_corpus(tmp_path, label, text)))
    fields = {m["field"] for m in out["misses"]}
    assert fields == {"year"}
    assert out["figures"]["county"]["ratio"] == 1.0


def test_a_removed_body_line_is_a_miss_naming_the_rule(tmp_path, capsys):
    label = GOOD | {"chrome": GOOD["chrome"][1:]}
    code, out = run_json(capsys, "--labels", str(_corpus(tmp_path, label)))
    body = [m for m in out["misses"] if m["field"] == "body"]
    assert body and body[0]["got"] == "removed by breadcrumb" and "首页 > 政务公开" in body[0]["evidence"]
    assert out["figures"]["body_kept"]["right"] == out["figures"]["body_kept"]["of"] - 1


def test_all_is_the_tuned_pages_and_every_counts_the_fresh_ones_too(tmp_path, capsys):
    labels = _corpus(tmp_path, GOOD)
    (tmp_path / "pages" / "f001.txt").write_text(PAGE, encoding="utf-8")
    labels.write_text(yaml.safe_dump({"x001": GOOD, "f001": GOOD | {"split": "fresh", "county": "宁远县"}},
                                     allow_unicode=True), encoding="utf-8")
    counts = {}
    for split in ("all", "fresh", "every"):
        code, out = run_json(capsys, "--labels", str(labels), "--split", split)
        counts[split] = (out["pages"], out["figures"]["county"]["right"])
    assert counts == {"all": (1, 1), "fresh": (1, 0), "every": (2, 1)}
    # A page named on the command line is scored whatever its split.
    code, out = run_json(capsys, "--labels", str(labels), "f001")
    assert out["pages"] == 1 and out["misses"][0]["page"] == "f001"


def test_floors_decide_the_exit_code(tmp_path, capsys):
    labels = _corpus(tmp_path, GOOD | {"county": "宁远县"})
    floors = tmp_path / "floors.yml"
    floors.write_text("floors:\n  all:\n    county: 0.5\n    year: 1.0\n", encoding="utf-8")
    code, out = run_json(capsys, "--labels", str(labels), "--floors", str(floors))
    assert code == 1 and out["below_floors"] == ["county: 0.0000 is below its floor 0.5000"]


def test_text_report_lists_figures_and_misses(tmp_path, capsys):
    assert main(["evaluate", "--labels", str(_corpus(tmp_path, GOOD | {"year": 2019}))]) == 0
    out = capsys.readouterr().out
    assert "chrome lines removed" in out and "x001.txt year: 2019 | 2020 | 标题: 东安县卫生健康局2020年工作总结" in out


@pytest.mark.parametrize("change, message", [
    ({"split": "test"}, "split must be one of dev, heldout, fresh, fresh2, fresh3, fresh4, fresh5, fresh6, fresh7, fresh8, fresh9"),
    ({"year": "2020年"}, "year must be a year"),
    ({"doc_type": "总结"}, "doc_type must be one of"),
    ({"chrome": "分享到"}, "chrome must be a list"),
    ({"countty": "东安县"}, "unknown key(s) ['countty']"),
])
def test_bad_labels_are_named_with_file_and_entry(tmp_path, capsys, change, message):
    labels = _corpus(tmp_path, GOOD | change)
    with pytest.raises(LabelsError, match=r"labels\.yml: entry x001: .*" + message.split("(")[0]):
        load_labels(labels)
    assert main(["evaluate", "--labels", str(labels)]) == 2
    assert message in capsys.readouterr().err


def test_a_label_without_its_page_is_an_error(tmp_path, capsys):
    labels = _corpus(tmp_path, GOOD)
    (tmp_path / "pages" / "x001.txt").unlink()
    assert main(["evaluate", "--labels", str(labels)]) == 2
    assert "no page x001.txt" in capsys.readouterr().err


# --- the real corpus ------------------------------------------------------------------------

def test_every_real_page_has_a_label_and_every_label_its_page():
    labels = load_labels(LABELS)
    pages = {p.stem for p in (REAL / "pages").glob("*.txt")}
    assert pages == set(labels)
    assert len(labels) >= 3


def test_every_labelled_line_occurs_in_its_page(capsys):
    code, out = run_json(capsys, "--labels", str(LABELS), "--split", "every")
    assert out["unmatched_label_lines"] == []


def test_floors_are_well_formed_and_cover_every_figure():
    floors = load_floors(FLOORS)
    assert set(floors) == {"all", "dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"}
    for split, figures in floors.items():
        assert set(figures) == set(FIGURES), split


@pytest.mark.parametrize("split", ["all", "dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9"])
def test_real_corpus_scores_at_least_its_floors(capsys, split):
    labels = load_labels(LABELS)
    if not any(label.split == split for label in labels.values()) and split != "all":
        pytest.skip(f"no {split} pages imported yet")
    code, out = run_json(capsys, "--labels", str(LABELS), "--split", split, "--floors", str(FLOORS))
    assert out["below_floors"] == [], "\n".join(
        [*out["below_floors"], *(f"{m['page']} {m['field']}: {m['expected']} | {m['got']} | {m['evidence']}"
                                 for m in out["misses"])])
    assert code == 0

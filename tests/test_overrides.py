import pytest

from build_archive.divisions import load_divisions
from build_archive.model import Flag, Meta
from build_archive.overrides import OverrideError, apply_override, load_override

TABLE = load_divisions()


def load(tmp_path, text):
    path = tmp_path / "000_x.yml"
    path.write_text(text, encoding="utf-8")
    return load_override(path, "reports/000_x.yml", TABLE)


def test_correction_wins_and_fills_place_fields(tmp_path):
    meta = Meta(title="", agency="县卫健委", flags=(Flag("county-unknown", "原文未写明所属县（区）"),))
    fixed = apply_override(meta, load(tmp_path, "county: 修武县\nyear: 2020\npublish_date: 2020-06-12\n"), TABLE)
    assert (fixed.county, fixed.province, fixed.city, fixed.adcode) == ("修武县", "河南省", "焦作市", "410821")
    assert fixed.year == 2020 and fixed.publish_date == "2020-06-12"
    assert fixed.agency_full == "修武县卫生健康委员会"
    assert fixed.corrected == ("county", "publish_date", "year")
    assert fixed.flags == ()


@pytest.mark.parametrize("text, message", [
    ("contry: 东安县\n", r"reports/000_x.yml:1: unknown field 'contry'"),
    ("year: 2020\ncounty: 不存在县\n", r"reports/000_x.yml:2: unknown county '不存在县'"),
    ("year: '二〇二〇'\n", r"reports/000_x.yml:1: 'year' must be a year such as 2020"),
    ("doc_type: 报告\n", r"reports/000_x.yml:1: 'doc_type' must be one of"),
    ("publish_date: 2020/6/12\n", r"reports/000_x.yml:1: 'publish_date' must be a date written YYYY-MM-DD"),
    ("county: [东安县\n", r"reports/000_x.yml:\d+: not valid YAML"),
    ("- county\n", r"reports/000_x.yml:1: expected field: value lines"),
    ("year: 2020\nyear: 2021\n", r"reports/000_x.yml:2: field 'year' is given twice"),
    ("county: 朝阳区\n", r"'朝阳区' names \d+ units .* add 'adcode:'"),
])
def test_bad_override_files_name_the_file_and_line(tmp_path, text, message):
    with pytest.raises(OverrideError, match=message):
        load(tmp_path, text)


def test_null_marks_a_field_unknown(tmp_path):
    fixed = apply_override(Meta(title="t", source="某网站"), load(tmp_path, "source: null\n"), TABLE)
    assert fixed.source is None and fixed.corrected == ("source",)

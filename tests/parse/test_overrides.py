import pytest

from build_archive.parse.divisions import load_divisions
from build_archive.core.model import Flag, Meta
from build_archive.parse.overrides import OverrideError, apply_override, load_override

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


@pytest.mark.parametrize("text, message", [
    # An unclosed bracket or quote is noticed at the end of the file: name the line that opened it.
    ("county: 临澧县\nyear: [2021\n", r"^reports/000_x.yml:2: not valid YAML"),
    ("year: 2021\ntitle: \"临澧县卫生健康局\n\nsource: x\n", r"^reports/000_x.yml:2: not valid YAML"),
    ("county: 东安县\n  year: 2020\n", r"^reports/000_x.yml:2: not valid YAML"),
    ("county: !!python/object/apply:os.system [\"echo pwned\"]\n", r"^reports/000_x.yml:1: 'county' has a value"),
    ("? [county, year]\n: 2020\n", r"^reports/000_x.yml:1: unknown field"),
    ("county: 123\n", r"^reports/000_x.yml:1: 'county' must be text, not 123"),
    ("year: 2020.5\n", r"^reports/000_x.yml:1: 'year' must be a year"),
    ("year: true\n", r"^reports/000_x.yml:1: 'year' must be a year"),
    ("title: [a, b]\n", r"^reports/000_x.yml:1: 'title' must be text"),
    ("adcode: 999999\n", r"^reports/000_x.yml:1: 'adcode' must be text|unknown division code"),
    ("period: 全年度\n", r"^reports/000_x.yml:1: 'period' must be one of"),
    ("year: 2020\n---\nyear: 2021\n", r"^reports/000_x.yml:\d+: not valid YAML"),
    # Nothing that a page could turn into a link a reader did not mean.
    ("source_url: javascript:alert(1)\n", r"^reports/000_x.yml:1: 'source_url' must be a web address"),
    ("year: 2020\nsource_url: ' JAVASCRIPT:alert(1)'\n", r"^reports/000_x.yml:2: 'source_url' must be a web address"),
    ("source_url: data:text/html,<script>alert(1)</script>\n", r"'source_url' must be a web address"),
    ("source_url: 'https://x.gov.cn/\"><script>'\n", r"'source_url' must be a web address"),
    ("title: \"东安县\\n# 标题\"\n", r"^reports/000_x.yml:1: 'title' must be one line of text"),
    ("agency: \"东安县\\u2028卫健局\"\n", r"'agency' must be one line of text"),
])
def test_more_bad_override_files(tmp_path, text, message):
    with pytest.raises(OverrideError, match=message):
        load(tmp_path, text)


def test_override_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "000_x.yml"
    path.write_bytes(b"\xef\xbb\xbfcounty: \xe4\xb8\x9c\xe5\xae\x89\xe5\x8e\xbf\n")
    assert load_override(path, "reports/000_x.yml", TABLE).values == (("county", "东安县"),)


def test_override_not_in_utf8_names_the_file(tmp_path):
    path = tmp_path / "000_x.yml"
    path.write_bytes("county: 东安县\n".encode("gbk"))
    with pytest.raises(OverrideError, match=r"^reports/000_x.yml: cannot read the file as UTF-8"):
        load_override(path, "reports/000_x.yml", TABLE)


def test_empty_override_corrects_nothing(tmp_path):
    assert load(tmp_path, "# 暂无更正\n").values == ()


def test_markup_in_a_correction_is_kept_as_text(tmp_path):
    """Corrections are text like any other: the page escapes them (tests/test_hostile.py)."""
    override = load(tmp_path, "title: '<script>alert(1)</script>'\nsource_url: https://www.dongan.gov.cn/a?b=1&c=2\n")
    assert dict(override.values) == {"title": "<script>alert(1)</script>",
                                     "source_url": "https://www.dongan.gov.cn/a?b=1&c=2"}


def test_symbolic_link_is_refused(tmp_path):
    target = tmp_path / "elsewhere.yml"
    target.write_text("county: 东安县\n", encoding="utf-8")
    link = tmp_path / "000_x.yml"
    try:
        link.symlink_to(target)
    except OSError:
        pytest.skip("no symbolic links here")
    with pytest.raises(OverrideError, match=r"^reports/000_x.yml: this is a symbolic link"):
        load_override(link, "reports/000_x.yml", TABLE)

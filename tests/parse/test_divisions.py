"""Tests for the archive's own table of county-level divisions."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_archive.parse.divisions import (
    DEFAULT_PATH,
    Division,
    DivisionDataError,
    DivisionTable,
    load_divisions,
    stem_of,
)

HEADER = "code,name,kind,province,city,valid_from,valid_to,successor\n"


@pytest.fixture(scope="module")
def table() -> DivisionTable:
    return load_divisions()


def only(rows: tuple[Division, ...]) -> Division:
    assert len(rows) == 1, rows
    return rows[0]


def test_table_loads_and_is_cached(table: DivisionTable) -> None:
    assert len(table) > 2800
    assert load_divisions() is table


def test_current_count_is_sane(table: DivisionTable) -> None:
    # MCA counted 2,846 county-level units at the end of 2024; later
    # changes move the number by a handful at most.
    assert 2830 <= len(table.current()) <= 2870


def test_current_codes_are_unique_six_digit(table: DivisionTable) -> None:
    codes = [d.code for d in table.current()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)


def test_kinds_cover_all_types(table: DivisionTable) -> None:
    kinds = {d.kind for d in table.current()}
    assert kinds == {"县", "县级市", "区", "旗", "自治县", "自治旗", "特区", "林区"}
    assert only(table.by_name("六枝特区")).kind == "特区"
    assert only(table.by_name("神农架林区")).kind == "林区"
    assert only(table.by_name("金林区")).kind == "区"  # a district named 金林


@pytest.mark.parametrize(
    "name, code, province, city",
    [
        ("东安县", "431122", "湖南省", "永州市"),
        ("彰武县", "210922", "辽宁省", "阜新市"),
        ("修武县", "410821", "河南省", "焦作市"),
        ("阳山县", "441823", "广东省", "清远市"),
    ],
)
def test_known_counties(table: DivisionTable, name: str, code: str, province: str, city: str) -> None:
    d = only(table.by_name(name))
    assert (d.code, d.province, d.city, d.kind) == (code, province, city, "县")
    assert d.valid_to is None
    assert table.by_code(code) == d


def test_dongan_district_is_not_dongan_county(table: DivisionTable) -> None:
    district = only(table.by_name("东安区"))
    assert (district.code, district.province, district.city) == ("231002", "黑龙江省", "牡丹江市")
    county = only(table.by_name("东安县"))
    assert district != county
    assert {d.code for d in table.by_stem("东安")} == {"231002", "431122"}


def test_banners_and_autonomous_units(table: DivisionTable) -> None:
    d = only(table.by_name("鄂温克族自治旗"))
    assert (d.code, d.kind, d.province, d.city) == ("150724", "自治旗", "内蒙古自治区", "呼伦贝尔市")
    assert d.stem == "鄂温克"
    d = only(table.by_name("巴林左旗"))
    assert (d.code, d.kind, d.city) == ("150422", "旗", "赤峰市")
    d = only(table.by_name("围场满族蒙古族自治县"))
    assert (d.code, d.kind, d.province, d.city) == ("130828", "自治县", "河北省", "承德市")
    assert d.stem == "围场"
    d = only(table.by_name("三江侗族自治县"))
    assert (d.code, d.province, d.city) == ("450226", "广西壮族自治区", "柳州市")
    assert sum(1 for d in table.current() if d.kind == "旗") >= 45
    assert sum(1 for d in table.current() if d.kind == "自治县") >= 115


def test_city_of_municipalities_and_direct_units(table: DivisionTable) -> None:
    assert only(table.by_name("海淀区")).city == "北京市"
    assert only(table.by_name("城口县")).city == "重庆市"
    assert only(table.by_name("仙桃市")).city is None
    assert only(table.by_name("济源市")).city is None
    assert only(table.by_name("琼海市")).city is None
    assert only(table.by_name("儋州市")).valid_to is not None  # now a prefecture


def test_cities_are_prefectures(table: DivisionTable) -> None:
    cities = table.cities()
    assert {"永州市", "阜新市", "阿克苏地区", "恩施土家族苗族自治州", "锡林郭勒盟"} <= cities
    assert "北京市" not in cities  # a province-level municipality
    assert "东安县" not in cities
    assert "莱芜市" in cities  # merged into 济南 in 2019, still named in old reports
    # 'XX市' as prefecture versus county-level city
    assert "浏阳市" not in cities and "浏阳市" in table.names()


def test_provinces(table: DivisionTable) -> None:
    provinces = table.provinces()
    assert len(provinces) == 31
    assert provinces[0] == "北京市"
    assert "广西壮族自治区" in provinces and "新疆维吾尔自治区" in provinces


def test_renamed_county_keeps_old_code_in_old_year(table: DivisionTable) -> None:
    # 新津县 became 新津区 of 成都 in 2020 with a new code.
    old = only(table.in_year("新津县", 2016))
    assert (old.code, old.kind, old.valid_to, old.successor) == ("510132", "县", 2020, "510118")
    assert table.in_year("新津区", 2016) == ()
    new = only(table.in_year("新津区", 2022))
    assert (new.code, new.kind, new.valid_from) == ("510118", "区", 2020)
    assert table.in_year("新津县", 2022) == ()
    assert [d.code for d in table.successor_chain(old)] == ["510132", "510118"]


def test_county_upgraded_to_city_keeps_old_code(table: DivisionTable) -> None:
    old = only(table.in_year("祁阳县", 2018))
    assert (old.code, old.successor) == ("431121", "431181")
    assert only(table.in_year("祁阳市", 2023)).code == "431181"


def test_rename_with_same_code(table: DivisionTable) -> None:
    # 邢台's 桥东区 was renamed 襄都区 in 2020 and kept its code.
    rows = table.history("130502")
    assert [d.name for d in rows] == ["桥东区", "襄都区"]
    assert table.by_code("130502").name == "襄都区"
    old = next(d for d in table.in_year("桥东区", 2017) if d.code == "130502")
    assert old.successor == "130502"
    assert [d.name for d in table.successor_chain(old)] == ["桥东区", "襄都区"]


def test_in_year_none_prefers_current(table: DivisionTable) -> None:
    assert only(table.in_year("新津区", None)).code == "510118"
    # Only a retired unit has this name: fall back to it.
    assert only(table.in_year("新津县", None)).code == "510132"


def test_shared_names_return_several(table: DivisionTable) -> None:
    assert len(table.by_name("朝阳区")) >= 2
    assert len(table.by_name("鼓楼区")) >= 4
    assert len([d for d in table.by_name("城区") if d.valid_to is None]) >= 3
    assert len(table.in_year("鼓楼区", 2020)) >= 4


def test_names_include_retired(table: DivisionTable) -> None:
    names = table.names()
    assert {"东安县", "郫县", "新津县", "郫都区"} <= names


def test_successors_point_to_known_codes(table: DivisionTable) -> None:
    retired = [d for d in table if d.valid_to is not None]
    assert len(retired) >= 150
    for d in retired:
        if d.successor is not None:
            assert table.by_code(d.successor) is not None, d


@pytest.mark.parametrize(
    "name, stem",
    [
        ("东安县", "东安"),
        ("涉县", "涉"),
        ("围场满族蒙古族自治县", "围场"),
        ("鄂温克族自治旗", "鄂温克"),
        ("东乡族自治县", "东乡"),
        ("和布克赛尔蒙古自治县", "和布克赛尔"),
        ("管城回族区", "管城"),
        ("浦东新区", "浦东"),
        ("清新区", "清新"),
        ("神农架林区", "神农架"),
        ("金林区", "金林"),
        ("六枝特区", "六枝"),
        ("仙桃市", "仙桃"),
        ("阿拉善左旗", "阿拉善左"),
    ],
)
def test_stem_rule(name: str, stem: str) -> None:
    assert stem_of(name) == stem


def test_explicit_path_reads_sibling_prefectures(tmp_path: Path) -> None:
    csv_path = tmp_path / "divisions.csv"
    csv_path.write_text(
        HEADER + "431122,东安县,县,湖南省,永州市,,,\n"
        "510132,新津县,县,四川省,成都市,,2020,510118\n"
        "510118,新津区,区,四川省,成都市,2020,,\n",
        encoding="utf-8",
    )
    t = load_divisions(csv_path)
    assert len(t) == 3 and len(t.current()) == 2
    assert t.cities() == frozenset({"永州市", "成都市"})  # no prefectures.csv: from the city column
    (tmp_path / "prefectures.csv").write_text(
        "code,name,province,valid_from,valid_to\n431100,永州市,湖南省,,\n", encoding="utf-8"
    )
    assert load_divisions(csv_path).cities() == frozenset({"永州市"})


@pytest.mark.parametrize(
    "body, expected",
    [
        ("431122,东安县,县,湖南省,永州市,,\n", "expected 8 fields"),
        ("43112,东安县,县,湖南省,永州市,,,\n", "6-digit code"),
        ("431122,东安县,郡,湖南省,永州市,,,\n", "expected kind"),
        ("431122,东安县,县,湖南省,永州市,2O15,,\n", "4-digit year"),
        ("431122,东安县,县,湖南省,永州市,,,4311\n", "6-digit code"),
    ],
)
def test_malformed_line_names_file_and_line(tmp_path: Path, body: str, expected: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "231002,东安区,区,黑龙江省,牡丹江市,,,\n" + body, encoding="utf-8")
    with pytest.raises(DivisionDataError) as exc:
        load_divisions(bad)
    message = str(exc.value)
    assert str(bad) in message
    assert "line 3" in message
    assert expected in message


def test_bad_header_and_duplicate_current_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n431122,东安县\n", encoding="utf-8")
    with pytest.raises(DivisionDataError, match=r"line 1: expected header"):
        load_divisions(bad)
    bad.write_text(HEADER + "431122,东安县,县,湖南省,永州市,,,\n" * 2, encoding="utf-8")
    with pytest.raises(DivisionDataError, match=r"line 3: expected current codes to be unique"):
        load_divisions(bad)


def test_data_file_stays_small() -> None:
    assert DEFAULT_PATH.stat().st_size < 1_000_000

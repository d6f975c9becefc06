import pytest

from build_archive.parse.dates import read_date


@pytest.mark.parametrize("text, iso", [
    ("  • 2021-09-22 10:08", "2021-09-22"),
    ("日期: 2025-10-10 浏览量:129", "2025-10-10"),
    ("发布日期: 2023-11-07", "2023-11-07"),
    ("2016/3/9", "2016-03-09"),
    ("2020年11月3日", "2020-11-03"),
    ("二〇二〇年十一月三日", "2020-11-03"),
    ("二〇二一年十二月三十一日", "2021-12-31"),
    ("18.03.2015  18:04", "2015-03-18"),  # a day over 12 cannot be a month
])
def test_printed_dates(text, iso):
    assert read_date(text).value == iso


@pytest.mark.parametrize("text", ["09/10/21", "10-09-2021", "2021-13-01", "2021-02-30", "2021-09/22"])
def test_ambiguous_or_impossible_dates_are_not_guessed(text):
    reading = read_date(text)
    assert reading is not None and reading.value is None and reading.ambiguous


def test_no_date():
    assert read_date("全县共有医疗卫生机构293间") is None

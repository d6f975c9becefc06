"""Reporters named in a news report's byline (issue 19.11), and the fields only corrections give."""
import re
import shutil

import pytest

from build_archive.build import Settings, build
from build_archive.parse.byline import reporters


@pytest.mark.parametrize("text, names", [
    ("豫体网6月12日电(记者 高新科 通讯员 李峰)6月11日,修武县召开", ("高新科",)),
    ("周口日報·新周口客戶端記者 徐松 通訊員 劉志剛", ("徐松",)),  # traditional, after the outlet
    ("本报记者 张三、李四报道 近日", ("张三", "李四")),
    ("（记者 欧阳娜娜 摄）", ("欧阳娜娜",)),
    ("记者：赵六 通讯员 孙七", ("赵六",)),
    # Running text, not a byline: nothing rather than a wrong name.
    ("记者从县卫健委获悉，全县", ()),
    ("他向记者介绍说，今年", ()),
    ("接受记者 采访时表示", ()),
    ("记者近日从县卫健委了解到", ()),
    ("县卫健局2020年工作总结", ()),
])
def test_reporters_are_read_from_the_byline_only(text, names):
    assert reporters(text) == names


def test_a_news_seed_names_its_reporter_and_unknown_source_url_and_capture_date_are_said(tmp_path, seeds_dir):
    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    (reports / "000_2ac8209b6c6491b0.yml").write_text(
        "source_url: https://www.dongan.gov.cn/art/2021/9/22/art_1.html\ncaptured_date: 2021-10-05\n", encoding="utf-8")
    result = build(Settings(reports_dir=reports, docs_dir=tmp_path / "docs", ledger_path=tmp_path / "ledger.tsv"))
    news = next(r for r in result.reports if r.ident.code == "9245598f")
    assert news.meta.reporter == "高新科"
    page = (tmp_path / "docs" / "r" / "9245598f.md").read_text(encoding="utf-8")
    # The metadata table, as the HTML rows render.py writes.
    row = lambda text, label: (re.search(rf"<tr><td>{label}</td><td>(.*?)</td>", text) or [None, None])[1]
    assert row(page, "记者") == "高新科" and row(page, "报道的机构").startswith("修武县卫健委")
    assert row(page, "发文机构") is None
    assert row(page, "原始网址").startswith("未记录（") and row(page, "采集日期") == "未记录"
    fixed = (tmp_path / "docs" / "r" / "2ac8209b.md").read_text(encoding="utf-8")
    assert row(fixed, "原始网址") == "https://www.dongan.gov.cn/art/2021/9/22/art_1.html（人工更正）"
    assert row(fixed, "采集日期") == "2021-10-05（人工更正）"
    assert row(fixed, "记者") is None  # a work report has no reporter

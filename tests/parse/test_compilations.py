"""parse/compilations.py: a 范文 compilation's titles and the year its site re-dates it to."""
from __future__ import annotations

from build_archive.parse.compilations import is_compilation, years_only_in_titles


def test_a_compilation_is_marked_by_its_titles_or_its_first_line():
    assert is_compilation(["2023年卫生局上半年工作总结(十五篇)"], "")
    assert is_compilation(["卫健局2022年卫生健康工作总结【3篇】.docx"], "")
    assert is_compilation(["卫生局2023年上半年工作总结十篇"], "")
    assert is_compilation(["卫生局2023年上半年工作总结"], "第一篇 卫生局2023年上半年工作总结 5150字")
    assert not is_compilation(["县卫生健康局2023年工作总结"], "2023年，县卫生健康局在县委县政府的坚强领导下，…")
    # 篇章 in a report's words is no compilation
    assert not is_compilation(["奋力谱写卫生健康高质量发展新篇章"], "")


def test_a_year_only_its_titles_name_is_the_site_s():
    titles = ["卫健局2022年卫生健康工作总结【3篇】.docx"]
    texts = ["1、卫健局2022年卫生健康工作总结【3篇】卫健局2022年卫生健康工作总结篇1今年以来，卫生健康系统紧紧围绕…"]
    assert years_only_in_titles(titles, texts) == {2022}
    # a marker line over a report does not count as its text
    assert years_only_in_titles(["2023年卫生局上半年工作总结"],
                                ["第1篇 2023年卫生局上半年工作总结 1850字", "今年是深入推进新医改的关键之年。"]) == {2023}


def test_a_year_the_reports_name_is_theirs():
    titles = ["卫生健康局2023年工作总结汇编(5篇)"]
    texts = ["目录 1. 区卫生健康局2023年工作总结和2024年工作计划", "2023年，我局深入学习贯彻党的二十大精神。"]
    assert years_only_in_titles(titles, texts) == set()

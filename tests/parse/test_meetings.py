"""parse/meetings.py: a meeting on the county's health work as a whole, or on one matter."""
from __future__ import annotations

import pytest

from build_archive.parse.meetings import is_work_meeting, meeting_names, names_no_field, other_level, says_whole_work


@pytest.mark.parametrize("name", [
    "2023年全县卫生健康工作会议",
    "武宁县2025年全县卫生健康工作会议",
    "阳东区卫生健康系统2024年上半年工作总结及下半年工作部署会议",
    "卫生健康系统2024年度科级干部述职大会",
    "2025年第三次季度例会",
    "2023年工作谋划座谈会",
    "2025年工作务虚会",
    "牡丹区卫生健康(中医药)工作会议",
    # a combined meeting: one part names the work as a whole
    "卫生健康、春季传染病防控暨预防和减少严重精神障碍患者肇事肇祸专项行动工作会议",
    "2024年磴口县卫生健康工作会议暨党风廉政工作会议",
])
def test_a_name_that_names_no_field_is_the_work_meeting(name):
    assert names_no_field(name)


@pytest.mark.parametrize("name", [
    "2022年卫生健康宣传工作会议",
    "妇幼健康工作大会",
    "新冠病毒疫苗接种工作阶段总结部署会议",
    "全县新农合门诊统筹试点动员大会",
    "2017年全区公共卫生工作会议",
    "2022年医政医管暨中医药工作会议",
    "创建省级健康县迎检工作协调会",
    "传达贯彻区第五次党代会精神会议",
    # a field the vocabulary has never seen is a field too
    "2024年全县托育服务工作推进会",
])
def test_a_name_with_a_field_is_a_meeting_on_one_matter(name):
    assert not names_no_field(name)


def test_the_names_are_read_after_the_verb_or_before_it():
    assert meeting_names("3月5日，岐山县召开2022年卫生健康宣传工作会议。") == ["2022年卫生健康宣传工作会议"]
    assert meeting_names("2025年全县卫生健康工作会议召开") == ["2025年全县卫生健康工作会议"]
    # not cut at 工作会 before 议, nor taken from the room the meeting was held in
    assert meeting_names("卫健委在周口饭店二楼会议室召开2021年全区卫生健康工作会。") == ["2021年全区卫生健康工作会"]
    assert meeting_names("县卫生局召开的会战取得成效") == []


def test_what_the_report_says_of_the_year_s_work_decides_a_named_field():
    # 健康莫力达瓦行动推进会议, but the director reviewed the year and set the next one's work
    assert says_whole_work("张为民同志对2022年工作进行了总结，并对2023年重点工作进行了安排部署。")
    assert not says_whole_work("全面回顾2016年工作，安排部署2017年妇幼健康工作任务。")
    assert not says_whole_work("会议要求，各单位提高认识。")


def test_another_level_s_meeting_held_in_the_county():
    assert other_level("全市卫生工作推进会在我区召开")
    assert other_level("6月21日，区卫生局承办的全市卫生工作推进会在天域花园酒店召开。")
    assert not other_level("3月17日，我市召开2015年全市卫生工作会议。")


def test_is_work_meeting_reads_the_name_then_the_report():
    assert is_work_meeting("我县召开2024年卫生健康工作会议", "") is True
    assert is_work_meeting("我县召开新冠病毒疫苗接种工作阶段总结部署会议", "会议通报了接种情况。") is False
    assert is_work_meeting("莫旗召开健康莫力达瓦行动推进会议",
                           "旗卫生健康委主任对2022年工作进行了总结，并对2023年重点工作进行了安排部署。") is True
    assert is_work_meeting("全市卫生工作推进会在我区召开", "对2013年工作进行了部署") is False
    assert is_work_meeting("县卫健局开展爱国卫生月宣传活动", "") is None


# fresh4 (issue 15): 计生 is a field alone and the bureau's remit beside 卫生; a 述职 meeting's other 述 items.
@pytest.mark.parametrize("name, whole", [
    ("计划生育工作会", False),
    ("2018年全县计生工作推进会", False),
    ("全市计划生育和卫生健康工作会议", True),
    ("2016年卫生和计划生育工作会议", True),
    ("2017年卫生健康和计划生育工作会议", True),
    ("卫生计生工作会议", True),
    ("2018年度领导班子和领导干部述职述廉述法述意识形态会议", True),
    ("领导班子述责述廉述职会", True),
    # without 述职 the 述 items are a field's own meeting
    ("领导干部述法会议", False),
    ("党风廉政建设述廉会议", False),
])
def test_family_planning_and_duty_reports_in_a_meeting_s_name(name, whole):
    assert names_no_field(name) is whole

"""Text flags: each heuristic on the pattern it is for, and on the look-alikes it must leave alone."""
import pytest

from build_archive.parse.clean import clean
from build_archive.parse.structure import structure
from build_archive.parse.textflags import (injected_phrase, lost_characters, repeated_paragraph, text_flags, traditional,
                                     truncated)

BODY = "全县卫生健康系统坚持以人民健康为中心，持续深化医药卫生体制改革，各项工作取得明显成效。"


def s(text):
    return structure(clean(text))


@pytest.mark.parametrize("text, flagged", [
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n二、医疗服务。全县共有乡镇卫生院23个，村卫生室", True),
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n二、医疗服务。全县门诊人次同比增长5.6%，", True),
    ("东安县卫生健康局2020年工作总结\n" + BODY, False),
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n（四）抓实基层基础工作，做好计划生育服务管理；", False),
    # a closing quote may close the sentence too: conservative, not flagged
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n会议要求，各单位“抓落实、见实效”", False),
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n会议要求，各单位要“抓落实、见实效”。", False),
    ("东安县卫生健康局2020年工作总结\n" + BODY + "\n东安县卫生健康局\n2020年12月5日", False),
])
def test_truncated(text, flagged):
    assert (truncated(s(text)) is not None) == flagged


@pytest.mark.parametrize("text", [
    "48日至13日,57日至11日,由县领导带队", "2020年1015日至20日开展督查", "门诊人次133236人,同比2019136375人减少3139余人",
    "住院收入1583.18万元同比20192728.4万元下降",
])
def test_lost_characters_found(text):
    assert lost_characters(text) is not None


@pytest.mark.parametrize("text", [
    "4月8日至13日开展督查", "共计45日", "工期120日", "较2019年增长5%", "同比20195人次", "较2000000元",
    "12月31日至1月5日", "2020年10月15日",
])
def test_lost_characters_not_found(text):
    assert lost_characters(text) is None


def test_repeated_paragraph():
    para = "一是健康扶贫成效明显。全县建档立卡贫困人口住院报销比例达到90%。"
    assert repeated_paragraph(s(f"标题2020年工作总结\n{para}\n{BODY}\n{para}")) is not None
    assert repeated_paragraph(s(f"标题2020年工作总结\n{para}\n{BODY}")) is None
    assert repeated_paragraph(s("标题2020年工作总结\n会议强调：\n" + BODY + "\n会议强调：")) is None


def test_traditional():
    assert traditional("鳳凰縣衛生健康局2019年工作總結。全縣衛生健康系統堅持以人民健康為中心。") is not None
    assert traditional(BODY) is None
    # a simplified report quoting a few traditional characters (a signboard, 乾隆年間) is not traditional
    assert traditional(BODY * 5 + "牌匾上写着“濟世堂”三個字。") is None


@pytest.mark.parametrize("text", [
    "住院报销比例达到90%，澳门新葡京娱乐城真人百家乐在线开户，县域内就诊率达到92.3%。",
    "签约率达100%，日韩无码高清在线观看，住院报销比例达到90%。",
    "全县门诊人次bet365体育投注同比增长", "开展爱国卫生运动菠菜平台开户送彩金",
])
def test_injected_phrase_found(text):
    flag = injected_phrase(text)
    assert flag is not None and flag.code == "injected-phrase"


@pytest.mark.parametrize("text", [
    "争取体育彩票公益金200万元用于养老服务", "在棋牌室、网吧等公共场所开展控烟检查", "严厉打击非法代孕行为",
    "为新入职人员办理工资卡开户", "开展真人真事宣传", "澳门同胞来我县参观",
])
def test_injected_phrase_not_found(text):
    assert injected_phrase(text) is None


def test_text_flags_come_in_a_stable_order():
    text = ("東安縣衛生健康局2020年工作總結\n全縣衛生健康系統堅持以人民健康為中心，澳门新葡京娱乐城，48日至13日開展督查。\n"
            "全縣衛生健康系統堅持以人民健康為中心，澳门新葡京娱乐城，48日至13日開展督查。\n全縣共有衛生院")
    cleaned = clean(text)
    codes = [f.code for f in text_flags(cleaned, structure(cleaned))]
    assert codes == ["truncated", "lost-characters", "repeated-paragraph", "traditional", "injected-phrase"]

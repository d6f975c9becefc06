from build_archive.parse.clean import clean
from build_archive.read.ingest import read_source
import pytest

from build_archive.parse.lines import heading_rank
from build_archive.parse.structure import item_number, sibling_runs, split_signature, split_title, structure


def seed(seeds_dir, prefix):
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return structure(clean(read_source(path).text))


def test_titles_of_the_seeds(seeds_dir):
    assert seed(seeds_dir, "000").title == "东安县卫生健康局2020年工作总结及2021年工作打算"
    assert seed(seeds_dir, "001").title is None  # the capture starts with 简述:, no title line
    assert seed(seeds_dir, "002").title == "修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议"
    assert seed(seeds_dir, "003").title == "阳山县卫生健康局2020年工作总结和2021年工作计划"
    assert seed(seeds_dir, "004").title is None  # starts with the heading 一、2016年上半年工作总结


def test_heading_levels_follow_the_numbering_kinds(seeds_dir):
    s = seed(seeds_dir, "000")
    headings = [(b.level, b.text) for b in s.blocks if b.kind == "heading"]
    assert headings[:3] == [(1, "一、工作开展情况。"), (2, "(一)医药卫生体制改革持续深化"), (2, "(二)重点项目建设稳步推进")]
    assert (1, "四、下阶段工作打算") in headings
    s = seed(seeds_dir, "004")
    headings = [(b.level, b.text) for b in s.blocks if b.kind == "heading"]
    assert headings[0] == (1, "一、2016年上半年工作总结")
    # 1. items run on into sentences throughout, so the two short ones are numbered paragraphs
    # like their siblings (issue 19.9), not headings.
    assert all(not text[0].isdigit() for _level, text in headings)
    assert "1.计划生育基层基础工作。" in s.paragraphs and "2.传染病和慢病防控工作进一步加强。" in s.paragraphs
    assert headings[-1] == (1, "二、2016年下半年工作安排")


def test_a_document_that_uses_only_yishi_gets_them_at_the_top_level(seeds_dir):
    headings = [(b.level, b.text) for b in seed(seeds_dir, "002").blocks if b.kind == "heading"]
    assert headings[0] == (1, "一是凝心聚力,党的建设全面加强")
    assert len(headings) == 8


def test_numbered_sentences_stay_paragraphs(seeds_dir):
    s = seed(seeds_dir, "004")
    para = next(p for p in s.paragraphs if p.startswith("1.全面推进分级诊疗制度。"))
    assert para.endswith("医师多点执业较2015年增长50%。")
    # list items of a plan, ending in ；, are not headings
    assert "(四)抓实基层基础工作,做好计划生育服务管理;" in s.paragraphs


def test_siblings_are_headings_or_paragraphs_together(seeds_dir):
    s = seed(seeds_dir, "003")
    # "(十三)切实做好党建…。" is short, but its siblings in the plan list run on into sentences.
    assert "(十三)切实做好党建和党风廉政建设工作，实行全面从严治党，形成清风气正的政治生态。" in s.paragraphs


def test_signature_of_the_yangshan_report(seeds_dir):
    sig = seed(seeds_dir, "003").signature
    assert sig is not None and sig.text == "阳山县卫生健康局\n2020年11月3日"


def test_split_helpers():
    assert split_title(["阳山县卫生健康局", "2020年工作总结和2021年工作计划", "正文"]) == (
        "阳山县卫生健康局2020年工作总结和2021年工作计划", 2)
    assert split_title(["一、基本情况"]) == (None, 0)
    assert split_signature(["正文。", "某县卫生健康局", "二〇二〇年十一月三日"]) == (
        ["正文。"], ["某县卫生健康局", "二〇二〇年十一月三日"])
    assert heading_rank("（1）加强培训") is not None
    assert heading_rank("1.5万元用于设备采购") is None


def test_title_from_the_info_table_when_the_body_does_not_repeat_it():
    body = "今年上半年，县卫健委在县委、县政府的正确领导下，各项工作取得明显成效，群众满意度不断提高。"
    assert structure(clean(f"名称：县卫健委2023年上半年工作总结\n索引号：210123-2023-00067\n{body}")).title == \
        "县卫健委2023年上半年工作总结"
    assert structure(clean(f"信息名称：\n县卫健委2023年上半年工作总结\n{body}")).title == "县卫健委2023年上半年工作总结"


def test_a_dateline_is_not_a_title():
    s = structure(clean("本报讯（记者 王磊）\n1月7日，平江县卫生健康局召开2021年全县卫生健康工作会议，安排部署2021年工作。"))
    assert s.title is None


def test_an_advertising_line_above_the_article_is_not_its_title():
    s = structure(clean("最新亚洲AV在线视频\n蓝山县卫生健康局2018年工作总结\n"
                        "2018年，全县卫生健康系统坚持以人民健康为中心，各项工作取得明显成效，群众满意度不断提高。"))
    assert s.title == "蓝山县卫生健康局2018年工作总结"
    assert s.paragraphs[0] == "最新亚洲AV在线视频"  # kept in the body, flagged by textflags


def test_a_headline_and_its_subtitle_are_one_title():
    s = structure(clean("凝心聚力谱新篇\n——东安县2020年卫生健康工作综述\n"
                        "2020年，全县卫生健康系统坚持以人民健康为中心，各项工作取得明显成效，群众满意度不断提高。"))
    assert s.title == "凝心聚力谱新篇——东安县2020年卫生健康工作综述"


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_list_of_the_seeds_is_all_headings_or_all_paragraphs(seeds_dir, prefix):
    blocks = [b for b in seed(seeds_dir, prefix).blocks if b.kind != "signature"]
    texts = [b.text for b in blocks]
    for run in sibling_runs(texts):
        assert len({blocks[i].kind for i in run}) == 1, [texts[i][:20] for i in run]


def test_a_list_is_told_by_its_numbers_not_cut_by_items_set_under_it():
    body = ["一、工作总结", "1.加强培训。", "一是培训医生三百人次。覆盖全县乡镇。", "二是培训护士两百人次。覆盖全县村卫生室。",
            "2.改善设施", "3.完善制度", "二、工作计划", "1.抓好基层", "2.抓好疫情防控。全年开展演练四次，检查医院十家。"]
    s = structure(clean("\n".join(body)))
    heads = [b.text for b in s.blocks if b.kind == "heading"]
    assert heads == ["一、工作总结", "1.加强培训。", "2.改善设施", "3.完善制度", "二、工作计划"]
    # The second list has an item that runs on into sentences: both its items are paragraphs.
    assert "1.抓好基层" in s.paragraphs
    # A heading keeps the 。 it was written with: the archive never changes wording.
    assert "1.加强培训。" in heads


def test_item_numbers():
    assert [item_number(t) for t in ["1.a", "12、b", "（三）c", "三是d", "十是", "十一、", "二十三、", "③x", "(10)y"]] == \
        [1, 12, 3, 3, 10, 11, 23, 3, 10]


def test_a_headline_broken_after_its_year_is_one_title():
    from build_archive.parse.structure import split_title

    assert split_title(["郸城县2012年", "卫生工作目标敲定", "本报讯 2月13日,郸城县召开全县卫生工作会议。"]) == (
        "郸城县2012年卫生工作目标敲定", 2)


@pytest.mark.parametrize("headline, title", [
    ("内乡县狠抓十项重点工作 |", "内乡县狠抓十项重点工作"),
    ("菏澤市牡丹區衛生健康(中醫藥)工作會議召開 |", "菏澤市牡丹區衛生健康(中醫藥)工作會議召開"),
    ("某县卫生健康局2023年工作总结 ｜ ", "某县卫生健康局2023年工作总结"),
    # near misses: a bar inside the title is the title's; one glued to a word is no cell's bar
    ("卫计要闻 | 某县卫计局召开2018年工作会议", "卫计要闻 | 某县卫计局召开2018年工作会议"),
    ("某县卫生健康局2023年工作总结|", "某县卫生健康局2023年工作总结|"),
])
def test_a_table_cell_s_bar_after_the_headline_is_not_the_title_s(headline, title):
    """Pages captured from an HTML table keep the cell's bar after the headline, with lone bars around it."""
    text = "|\n|\n" + headline + "\n|\n全县卫生健康系统认真贯彻落实上级决策部署，各项工作取得新进展。\n"
    assert structure(clean(text)).title == title

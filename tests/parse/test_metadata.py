"""Metadata of the five seeds, field by field, and the rules behind it on short pages."""
import pytest

from build_archive.parse.clean import clean
from build_archive.parse.divisions import load_divisions
from build_archive.read.ingest import decode_source, read_source
from build_archive.core.model import display_title
from build_archive.parse.report import extract
from build_archive.parse.structure import structure

FIELDS = ("title", "county", "province", "city", "adcode", "year", "period", "doc_type", "agency",
          "agency_full", "publish_date", "written_date", "source")

EXPECTED = {
    "000": dict(title="东安县卫生健康局2020年工作总结及2021年工作打算", county="东安县", province="湖南省",
                city="永州市", adcode="431122", year=2020, period="全年", doc_type="总结和计划",
                agency="东安县卫生健康局", agency_full="东安县卫生健康局", publish_date="2021-09-22",
                # 000 lost characters in extraction: "48日至13日" (4月8日), "同比2019136375人".
                written_date=None, source="东安县人民政府办公室", flags=["lost-characters"]),
    "001": dict(title="", county="彰武县", province="辽宁省", city="阜新市", adcode="210922", year=2024,
                period="全年", doc_type=None, agency="彰武县卫生健康局", agency_full="彰武县卫生健康局",
                publish_date="2025-10-10", written_date=None, source="彰武县卫生健康局",
                flags=["title-missing", "doc-type-unknown"]),
    "002": dict(title="修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议", county="修武县", province="河南省",
                city="焦作市", adcode="410821", year=2020, period="全年", doc_type="会议报道",
                agency="修武县卫健委", agency_full="修武县卫生健康委员会", publish_date="2020-06-12",
                written_date=None, source="中新社河南分社", flags=[]),
    "003": dict(title="阳山县卫生健康局2020年工作总结和2021年工作计划", county="阳山县", province="广东省",
                city="清远市", adcode="441823", year=2020, period="全年", doc_type="总结和计划",
                agency="阳山县卫生健康局", agency_full="阳山县卫生健康局", publish_date=None,
                written_date="2020-11-03", source=None, flags=[]),
    "004": dict(title="", county=None, province=None, city=None, adcode=None, year=2016, period="上半年",
                doc_type="总结和计划", agency=None, agency_full=None, publish_date=None, written_date=None,
                source=None, flags=["title-missing", "county-unknown", "agency-unknown"]),
}


def meta_of_text(text: str):
    src = decode_source(text.encode("utf-8"), __import__("pathlib").Path("x.txt"), "x.txt")
    cleaned = clean(src.text)
    return extract(src, cleaned, structure(cleaned), load_divisions())


def meta_of_seed(seeds_dir, prefix):
    src = read_source(next(seeds_dir.glob(f"{prefix}_*.txt")))
    cleaned = clean(src.text)
    return extract(src, cleaned, structure(cleaned), load_divisions())


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
@pytest.mark.parametrize("field", FIELDS + ("flags",))
def test_seed_field(seeds_dir, prefix, field):
    meta = meta_of_seed(seeds_dir, prefix)
    value = [f.code for f in meta.flags] if field == "flags" else getattr(meta, field)
    assert value == EXPECTED[prefix][field], f"seed {prefix}, field {field}"


def test_untitled_pages_get_a_composed_title_that_says_so(seeds_dir):
    assert display_title(meta_of_seed(seeds_dir, "001")) == "彰武县卫生健康局2024年工作报告（原文无标题）"
    assert display_title(meta_of_seed(seeds_dir, "004")) == "2016年上半年总结和计划（原文无标题）"


BODY = "全县卫生健康系统坚持以人民健康为中心，持续深化医药卫生体制改革，各项工作取得明显成效。\n"


def test_breadcrumbs_are_not_evidence_of_place():
    meta = meta_of_text("当前位置 > 首页 > 东安县 > 时政 >\n全县卫生健康工作会议召开\n" + BODY)
    assert meta.county is None
    assert [f.code for f in meta.flags][:1] == ["county-unknown"]


def test_agency_is_kept_as_written_and_county_comes_from_the_source_line():
    meta = meta_of_text("县卫健委2021年上半年工作总结\n来源：修武县卫生健康委员会\n" + BODY)
    assert meta.agency == "县卫健委"
    assert meta.county == "修武县" and meta.adcode == "410821"
    assert meta.period == "上半年" and meta.doc_type == "工作总结"


def test_a_year_named_only_in_chrome_is_not_the_work_year():
    meta = meta_of_text("全县卫生健康工作总结\n发布时间：2021-03-02\n" + BODY)
    assert meta.year is None and meta.publish_date == "2021-03-02"
    assert "year-unknown" in [f.code for f in meta.flags]


def test_meeting_year_is_the_meeting_not_the_year_reviewed():
    meta = meta_of_text("东安县召开2023年卫生健康工作会议\n会议总结了2022年全县卫生健康工作，部署2023年重点任务，各乡镇卫生院负责人参加会议。\n")
    assert (meta.year, meta.doc_type, meta.county) == (2023, "会议报道", "东安县")


def test_prefecture_city_is_not_read_as_a_county_of_similar_name():
    # 永州市 is a prefecture; no county-level unit is named in this title.
    meta = meta_of_text("永州市卫生健康委员会2020年工作总结\n" + BODY)
    assert meta.county is None


def test_ambiguous_publish_date_is_flagged_not_guessed():
    meta = meta_of_text("东安县卫生健康局2020年工作总结\n发布日期：09/10/21\n" + BODY)
    assert meta.publish_date is None
    assert "publish-date-ambiguous" in [f.code for f in meta.flags]


@pytest.mark.parametrize("title, kind", [
    ("东安县卫生健康局2020年工作总结及2021年工作打算", "总结和计划"),
    ("2016年上半年工作总结", "工作总结"),
    ("寿县卫生健康委员会主任2020年度述职述廉报告", "工作总结"),
    ("关于全县卫生健康工作情况的汇报", "工作总结"),
    ("在省卫健委调研座谈会上的汇报", "工作总结"),
    ("在2021年全县卫生健康工作会议上的讲话", "其他"),
    ("全县卫生健康工作会议召开", "会议报道"),
    ("东安县2020年度工作总结暨表彰大会召开", "会议报道"),
    ("关于召开2021年全县卫生健康工作会议的通知", "其他"),
    ("关于印发2021年卫生健康工作要点的通知", "工作要点"),
    ("宜宾县卫生和计划生育局2016年工作总结", "工作总结"),  # 计划 of 计划生育 is not a plan
    ("2023年工作计划", "工作计划"),
    ("凝心聚力 砥砺前行", "其他"),
    ("东安县卫生健康局2021年重点工作开展情况", "工作总结"),
    ("东安县卫生健康工作情况介绍", "工作总结"),
    # A plan of one task is a plan (the labels' convention: "plans likewise"); a multi-year 规划 is not.
    ("东安县卫生健康局2022年疫情防控工作实施方案", "工作计划"),
    ("2014年卫生三下乡活动实施方案", "工作计划"),
    ("关于印发2023年爱国卫生运动工作方案的通知", "工作计划"),
    ("房山区“十四五”时期健康房山发展建设规划方案(2021-2025年)", "其他"),
    # The bureau's account of one field's work done is a summary; the 政府信息公开 annual report and
    # news of an inspection of that work are not.
    ("海丰县卫生健康局2025年法治政府建设年度报告", "工作总结"),
    ("商河县卫生健康局2025年人大代表建议和政协委员提案办理总体情况", "工作总结"),
    ("关于2020年人大建议与政协提案办理情况的报告", "工作总结"),
    ("关于2023年度安全生产工作的报告", "工作总结"),
    ("代县卫生健康局2024年政府信息公开工作年度报告", "其他"),
    ("2018年度宣州区卫健委信息公开工作年度报告", "其他"),  # without 政府: the same report
    ("宣州区卫健委2018年度工作报告", "工作总结"),  # near miss: the year's work report
    ("关于申请拨付经费的报告", "其他"),
    ("县人大常委会视察县卫健局建议办理情况", "其他"),
    # A meeting held on one field, whatever its kind of meeting (述职评议会, 面商会), is news (其他).
    ("区卫体局党委召开2025年度基层党组织书记抓党建工作述职评议会", "其他"),
    ("县卫健局召开政协提案办理集体面商会", "其他"),
    ("县卫健局召开2025年度述职评议会", "会议报道"),
    ("东安县卫健局召开2023年度领导班子述职评议会议", "会议报道"),
])
def test_doc_type_of_titles(title, kind):
    assert meta_of_text(title + "\n" + BODY).doc_type == kind


@pytest.mark.parametrize("title, period", [
    ("东安县卫健局2016年上半年工作总结", "上半年"),
    ("浏阳市卫健局2021年1-9月工作总结", "前三季度"),
    ("双牌县卫健局2021年一季度工作总结", "第一季度"),
    ("东安县卫健局2021年1-6月工作总结", "上半年"),
    ("东安县卫生健康局2020年工作总结及2021年上半年工作打算", "全年"),
])
def test_period(title, period):
    assert meta_of_text(title + "\n" + BODY).period == period


def test_traditional_title_is_read_through_simplified_and_kept_as_written():
    meta = meta_of_text("東安縣衛生健康局2020年工作總結\n" + BODY)
    assert (meta.county, meta.agency, meta.agency_full) == ("东安县", "東安縣衛生健康局", "东安县卫生健康局")


def test_site_code_confirms_but_never_decides_alone():
    page = "县卫健委2020年工作总结\n" + BODY + "湘ICP备16001234号 网站标识码：4311220001\n"
    assert meta_of_text(page).county is None
    mismatch = meta_of_text("东安县卫健委2020年工作总结\n" + BODY + "网站标识码：4311240001\n")
    assert "site-code-mismatch" in [f.code for f in mismatch.flags]


def test_two_character_county_names_inside_words_are_not_places():
    # "完成县卫生健康局…": 成县 (甘肃) is not named here; the lead sentence names no county.
    meta = meta_of_text("全县卫生健康工作稳步推进\n今年以来，已完成县卫生健康局与18个乡镇卫生院视频会议系统建设，各项工作取得明显成效。\n")
    assert meta.county is None


def test_years_in_full_width_digits_or_chinese_numerals():
    assert meta_of_text("东安县卫生健康局２０２０年工作总结\n" + BODY).year == 2020
    assert meta_of_text("东安县卫生健康局二〇二〇年工作总结\n" + BODY).year == 2020
    # Chinese and Arabic numerals mixed as typed.
    assert meta_of_text("县卫生局二0一0年上半年安全生产工作总结\n" + BODY).year == 2010
    # Not a year: digits inside a longer number, a count of years.
    assert meta_of_text("卫生局工作总结\n三二一〇年" + PARA).year is None
    assert meta_of_text("东安县卫生健康局2020年工作总结\n发布日期：２０２１－０１－０５\n" + BODY).publish_date == "2021-01-05"


def test_banner_short_names():
    meta = meta_of_text("2020年工作总结\n来源：科右前旗卫健委\n" + BODY)
    assert (meta.county, meta.city) == ("科尔沁右翼前旗", "兴安盟")


def test_a_period_named_later_in_the_opening_paragraph_is_not_the_reports():
    meta = meta_of_text("简述:2020年,全县卫生健康系统稳步推进各项工作，下半年将重点推进医共体建设，各项工作取得明显成效。\n")
    assert (meta.year, meta.period) == (2020, "全年")


# --- issue 15: where real pages name their county, agency and year ---------------------------

PARA = "全县卫生健康系统坚持以人民健康为中心，扎实推进各项重点工作，取得明显成效，群众满意度不断提升。"


def codes(meta):
    return [f.code for f in meta.flags]


def test_agency_and_county_from_the_lines_under_the_title():
    m = meta_of_text("2019年工作总结及2020年工作计划\n衡山县卫生健康局\n2019年12月\n2019年，" + PARA)
    assert (m.county, m.agency, m.year, m.doc_type) == ("衡山县", "衡山县卫生健康局", 2019, "总结和计划")


def test_agency_from_the_body_when_it_names_one_bureau_only():
    m = meta_of_text("2025年全县卫生健康工作会议召开\n3月5日，2025年全县卫生健康工作会议在县妇幼保健院召开。\n"
                     "会议宣读了《封丘县卫健委关于表扬2024年度卫生健康工作先进单位的通知》。")
    assert (m.county, m.agency_full, m.year, m.doc_type) == ("封丘县", "封丘县卫生健康委员会", 2025, "会议报道")
    m = meta_of_text("我县召开2016年卫生和计划生育工作会议\n3月29日上午，我县召开2016年卫生和计划生育工作会议。\n"
                     "会上，县卫计局与县内各医疗卫生单位签订了责任书。")
    assert m.agency == "县卫计局" and m.county is None
    m = meta_of_text("我县召开2012年全县卫生工作会议\n近日，我县召开2012年全县卫生工作会议。\n卫生局局长宋碧宏在会上传达了会议精神。")
    assert m.agency == "卫生局"


def test_a_template_or_placeholder_names_no_county_but_the_kind_of_bureau():
    # A 范文's masked county (XX县卫生健康局) in its first sentence: the kind of bureau, no county.
    meta = meta_of_text("卫生健康局2019年工作总结范文（通用5篇）\n2019年，XX县卫生健康局" + PARA)
    assert (meta.agency, meta.county) == ("县卫生健康局", None)
    assert meta_of_text("卫生局8月份工作总结\n一、8月份工作情况\n" + PARA).agency == "卫生局"


def test_county_from_its_health_campaign_its_media_or_the_only_county_the_body_names():
    assert meta_of_text("3月15日上午，召开会议。" + PARA + "\n会议强调，要扎实推进健康临湘建设。").county == "临湘市"
    m = meta_of_text("全县卫生健康系统学习贯彻县“两会”精神暨2022年开春工作会议召开\n"
                     "2022-03-03 来源:五华发布 浏览次数:12\n3月2日，" + PARA)
    assert (m.county, m.province) == ("五华县", "广东省")  # 全县: 五华县, not 昆明市五华区
    m = meta_of_text("卫生局工作总结\n" + PARA + "制定下发了《黟县促进基本公共卫生服务逐步均等化实施方案》。")
    assert m.county == "黟县"
    # Known from the body alone: the reader is told so; a county the title names is not flagged.
    assert "county-from-body" in codes(m)
    assert "county-from-body" not in codes(meta_of_text("黟县卫生局工作总结\n" + PARA))
    # A county named as another one's is not the page's.
    assert meta_of_text("区卫生健康委召开会议\n2月10日，" + PARA + "开展与宝坻区疫情相关人员再排查。").county is None


def test_a_provinces_or_prefectures_health_campaign_names_no_county():
    # 健康龙江 is 黑龙江省's campaign (龙江县 shares the short name), 健康湖北 a province's, 健康中国 the country's.
    for campaign in ("健康龙江行", "健康湖北建设", "健康中国行动", "健康永州建设"):
        m = meta_of_text("我县卫计局开展活动\n10月24日,卫计局开展“" + campaign + "”活动。" + PARA)
        assert m.county is None, campaign
    # Near miss: a county's own campaign still names it.
    assert meta_of_text("10月24日,卫计局开展活动。" + PARA + "\n扎实推进健康临湘建设。").county == "临湘市"


def test_county_from_a_footer_naming_the_host_before_the_word():
    m = meta_of_text("我县卫计局开展活动\n时间:2017-10-25 来源:\n10月24日,县卫计局开展活动。" + PARA
                     + "\n\n克东县人民政府主办 电子政务办承办 地址 : 中国黑龙江省克东县 黑ICP备05005603号-1\n")
    assert (m.county, m.agency_full) == ("克东县", "克东县卫生和计划生育局")
    # Near miss: 主办 inside a sentence of the body is no host line.
    m = meta_of_text("我县卫计局开展活动\n10月24日,县卫计局开展活动。" + PARA + "\n\n本次活动由克东县人民政府主办。\n")
    assert m.county != "克东县" or "county-from-body" in codes(m)


def test_several_counties_of_one_prefecture_give_its_province_and_city():
    m = meta_of_text("王益区、宜君县、印台区相继召开2010年卫生工作会议\n" + PARA)
    assert (m.county, m.city, m.province) == (None, "铜川市", "陕西省")
    assert "county-ambiguous" in codes(m)


def test_province_alone_when_the_page_names_one_province_only():
    m = meta_of_text("卫生局8月份工作总结\n迎接省政协、农工党河南省委对我县健康扶贫工作的调研。" + PARA)
    assert (m.county, m.province) == (None, "河南省")


def test_year_of_a_meeting_report_from_what_it_plans_reviews_or_its_date():
    m = meta_of_text("2月2日，汶川县卫计系统2017年度工作总结会暨2018年工作部署会在县卫计局召开。" + PARA)
    assert (m.year, m.doc_type) == (2018, "会议报道")
    m = meta_of_text("全县卫生工作会议召开\n2月20日，全县卫生工作会议召开，会议总结回顾了2011年全县卫生工作，安排部署2012年全县卫生工作。")
    assert m.year == 2012
    m = meta_of_text("3月18日，武山县召开卫生计生工作会议。总结回顾2015年全县卫生计生工作，表彰先进。")
    assert m.year == 2016
    m = meta_of_text("我县召开卫生健康工作会议\n©原创   2023-04-03 13:10   阳新县融媒体中心\n3日上午，" + PARA)
    assert (m.year, m.county) == (2023, "阳新县")


def test_a_health_work_meeting_is_a_meeting_report_a_meeting_on_one_matter_is_news():
    m = meta_of_text("2月10日19点，区卫生健康委召开全系统新冠肺炎防控紧急视频会议。" + PARA)
    assert m.doc_type == "其他"
    m = meta_of_text("3月15日上午，市卫健系统召开会议，总结2019年全市卫生健康工作，安排部署2020年工作。")
    assert m.doc_type == "会议报道"
    m = meta_of_text("在8月17日召开的全县2017年度目标责任考核总结表彰大会上，旬阳卫计局被县委、县政府授予优秀单位。")
    assert m.doc_type == "其他"
    assert meta_of_text("6月13日上午，县委书记一行到县卫生健康局调研。" + PARA).doc_type == "其他"


def test_year_checked_against_the_body():
    m = meta_of_text("县卫生局2023年工作总结\n2011年，" + PARA)
    assert m.year == 2011 and "year-conflict" in codes(m)
    m = meta_of_text("2021年度卫计局工作总结\n201X年，是卫生计生事业发展的关键之年。" + PARA)
    assert m.year is None and "year-conflict" in codes(m)
    m = meta_of_text("朝阳区卫生健康委员会关于2022年以来工作情况的自查报告——2024年11月21日在区人大常委会会议上\n" + PARA)
    assert m.year is None and "year-span" in codes(m)
    m = meta_of_text("房山区“十四五”时期健康房山发展建设规划(2021-2025年)\n" + PARA)
    assert m.year is None and "year-span" in codes(m)
    assert meta_of_text("区卫健局工作总结暨2024年工作部署\n" + PARA).year is None


def test_titles_run_into_the_body_or_given_by_the_site():
    m = meta_of_text("2023年XX区卫生健康工作总结及2024年工作计划2023年，在区委、区政府的正确领导下，" + PARA)
    assert (m.year, m.doc_type) == (2023, "总结和计划")
    m = meta_of_text("《区卫生健康局2021年度工作总结及2022年度工作计划范文.doc》由会员分享,可在线阅读,更多相关《区卫生健康局》\n"
                     "1、" + PARA)
    assert (m.year, m.doc_type) == (2021, "总结和计划")


def test_traditional_mirror_with_pinyin_readings():
    m = meta_of_text("來(lái)源:新周口客戶(hù)端\n5月28日上午,鄲城縣2020年衛生健康工作會(huì )議暨提高婦女兒童健康保障水平工作推進(jìn)會(huì )召開(kāi)。"
                     "會(huì )議全面貫徹落實(shí)全國、全省衛生健康工作會議精神。")
    assert (m.county, m.year, m.doc_type) == ("郸城县", 2020, "会议报道")


def test_county_level_city_names_its_bureau_市卫生健康局():
    m = meta_of_text("【创卫在行动】全市卫生健康工作会议召开\n2019-03-25 10:33   宜都市融媒体中心\n3月22日，"
                     "全市卫生健康工作会议召开。市卫生健康局就2019年工作进行了部署。")
    assert (m.county, m.agency_full) == ("宜都市", "宜都市卫生健康局")


def test_more_shapes_of_real_pages():
    # A bureau named among officials, and a report opening on its bureau.
    m = meta_of_text("全县卫生健康系统学习贯彻县“两会”精神暨2022年开春工作会议召开\n3月2日，" + PARA
                     + "\n县政协副主席、卫生健康局党组书记张三出席会议并讲话，对今年的卫生健康工作作了全面部署。")
    assert m.agency == "卫生健康局"
    # A county's slogans name it (实力肇东、生态肇东).
    assert meta_of_text("3月17日，我市召开卫生工作会议。" + PARA + "建设幸福和谐的“实力肇东、生态肇东”。").county == "肇东市"
    # A placeholder place in the report's own title leaves the bureau word.
    assert meta_of_text("X区卫生健康委员会2024年上半年工作总结\n" + PARA).agency == "区卫生健康委员会"
    # A summary and a plan of one and the same year: re-dated by a site.
    m = meta_of_text("县卫生局2024年工作总结及2024年工作打算\n" + PARA)
    assert m.year is None and "year-conflict" in codes(m)
    # News of a visit takes the year of its date line.
    assert meta_of_text("王卫调研奉节县卫生计生工作\n\n18.03.2015  18:04\n\n3月11日，" + PARA).year == 2015


def test_news_year_from_the_year_it_plans_or_the_one_year_it_names():
    m = meta_of_text("1月9日，黔江区卫生健康委召开传达贯彻区第五次党代会精神会议。\n会议指出，无论是对过去五年工作回顾，"
                     "还是谋划部署今年五年主要任务和2022年重点工作，都对卫生健康工作提出了要求。")
    assert m.year == 2022
    m = meta_of_text("6月13日上午，县委书记一行到县卫生健康局调研。首先听取了局长对2019年卫生健康工作的汇报。")
    assert m.year == 2019


def test_a_titles_bare_bureau_takes_the_place_the_body_gives_it():
    m = meta_of_text("2023年卫生局上半年工作总结\n今年以来，" + PARA + "领导小组办公室设在了区卫生局。")
    assert m.agency == "区卫生局"


def test_rules_added_after_the_held_out_score():
    # A county's short autonomous name (秀山自治县).
    assert meta_of_text("本报讯 近日，秀山自治县召开卫生健康工作会议。" + PARA).county == "秀山土家族苗族自治县"
    # A city's commission on the 来源 line is not the county report's agency.
    m = meta_of_text("广平县召开2016年卫生计生工作会议\n来源：邯郸市卫生和计划生育委员会\n3月2日，" + PARA)
    assert (m.county, m.agency) == ("广平县", None)
    # Bureaus listed among others are not the page's.
    m = meta_of_text("我县参加全区妇幼健康工作视频会议\n3月2日，" + PARA + "\n会上，呼和浩特市卫计委、赤峰市松山区卫计局等5个地区作经验交流发言。")
    assert m.county is None and m.agency is None
    # A summary's blanked year under the plan's year; 工作重点 of the next year is a plan.
    m = meta_of_text("XX县卫生健康局202x年工作总结和2021年工作打算\n" + PARA)
    assert (m.year, m.doc_type) == (2020, "总结和计划")
    assert meta_of_text("2024年工作总结及2025年工作重点\n" + PARA).doc_type == "总结和计划"


def test_a_province_commission_and_an_inspection_title():
    m = meta_of_text("踔厉奋发开新局\n来源：宁夏回族自治区卫生健康委员会\n3月2日，西吉县召开2023年卫生健康工作会议。" + PARA)
    assert m.agency is None or "自治区" not in m.agency
    assert meta_of_text("市督查组督查卫健重点工作时指出 发现问题改进工作\n" + PARA).doc_type == "其他"


def test_a_province_by_its_short_name_where_only_a_province_can_stand():
    m = meta_of_text("卫生局召开全区卫生工作会议\n8月27日，" + PARA + "向“创树一流卫生环境品牌，助力河北第一经济增长极”聚焦。")
    assert (m.county, m.province) == (None, "河北省")


def test_a_headline_about_the_work_over_a_meeting_is_its_report():
    m = meta_of_text("延吉市卫生健康局谋划2023年重点工作\n1月5日，延吉市卫生健康局召开2023年卫生健康工作会议。" + PARA)
    assert m.doc_type == "会议报道"
    assert meta_of_text("延吉市卫生健康局2023年重点工作\n" + PARA).doc_type == "工作计划"


def test_a_headline_s_meeting_on_one_matter_is_news():
    # The headline names a field (宣传, 疫苗接种) and the report sets no year's work as a whole.
    assert meta_of_text("岐山县召开2022年卫生健康宣传工作会议\n2月8日，岐山县召开系统卫生健康宣传工作会议。" + PARA).doc_type == "其他"
    assert meta_of_text("我县召开新冠病毒疫苗接种工作阶段总结部署会议\n7月8日，我县召开会议。" + PARA).doc_type == "其他"
    # Another level's meeting the district hosted.
    assert meta_of_text("全市卫生工作推进会在我区召开\n6月21日，区卫生局承办的全市卫生工作推进会召开。" + PARA).doc_type == "其他"
    # A field in the name, but the report says the year's work was reviewed and set: the work meeting.
    m = meta_of_text("莫旗召开健康莫力达瓦行动推进会议\n4月3日，莫旗召开健康莫力达瓦行动推进会议。\n"
                     "旗卫生健康委主任对2022年工作进行了总结，并对2023年重点工作进行了安排部署。")
    assert m.doc_type == "会议报道"
    # An untitled lead: 妇幼健康 is one field, though the meeting reviews one year and plans the next.
    m = meta_of_text("4月21日,丰都县召开妇幼健康工作大会。会议全面回顾2016年工作，安排部署2017年妇幼健康工作任务。\n" + PARA)
    assert m.doc_type == "其他"


def test_an_untitled_page_opening_on_its_year_and_the_direction_it_worked_under_is_a_summary():
    m = meta_of_text("2021年,县卫健局在县委县政府的坚强领导和上级主管部门的悉心指导下,紧扣健康服务主题,更新观念转作风。\n"
                     "一、聚焦疫情防控，筑牢群众健康防线。全年累计规范收治发热患者44202人。")
    assert m.doc_type == "工作总结"
    # What will be done is no summary; a news item's dateline is news.
    m = meta_of_text("2022年,县卫健局将在县委县政府的坚强领导下,紧扣健康服务主题,持续推进各项工作。\n" + PARA)
    assert m.doc_type != "工作总结"
    m = meta_of_text("本网讯 2021年,在县委县政府的坚强领导下,我县卫生健康工作取得新成效。\n" + PARA)
    assert m.doc_type != "工作总结"


def test_a_compilation_s_year_its_reports_never_name_is_the_site_s():
    # A 范文 compilation re-dated by its site: 2023 only in its titles and markers, never in the text.
    m = meta_of_text("2023年卫生局上半年工作总结\n第1篇 2023年卫生局上半年工作总结 1850字\n"
                     "今年是深入推进新医改的关键之年。半年来，xx卫生工作紧紧围绕区委、区政府的总体要求。\n" + PARA)
    assert m.year is None and "year-conflict" in codes(m)
    # The same compilation whose report says its year keeps it.
    m = meta_of_text("2023年卫生局上半年工作总结\n第1篇 2023年卫生局上半年工作总结 1850字\n"
                     "2023年上半年，xx卫生工作紧紧围绕区委、区政府的总体要求。\n" + PARA)
    assert m.year == 2023
    # A single report is no compilation, whatever its body says.
    m = meta_of_text("2023年卫生局上半年工作总结\n今年是深入推进新医改的关键之年。半年来，全区卫生工作稳步推进。\n" + PARA)
    assert m.year == 2023


def test_a_province_named_by_the_part_of_it_a_county_guards():
    m = meta_of_text("3月1日,我市召开卫健系统高质量发展暨2023年重点工作部署会议。\n"
                     "过去的一年,全市卫生健康工作者众志成城,守住广东“北大门”;实施适龄女生HPV疫苗接种。")
    assert (m.county, m.province) == (None, "广东省")


def test_an_untitled_page_under_an_outlet_s_credited_dateline_is_news():
    m = meta_of_text("本网讯 (通讯员 姜丽芳 何恒)2014年,我县将继续加强民生改善,提高公共服务水平。\n"
                     "基本公共卫生服务项目全面开展。全县累计建立居民健康档案137330份,建档率为91.1%。")
    assert (m.doc_type, m.year) == ("其他", 2014)


def test_news_discussing_a_year_s_work_is_of_that_year():
    # An assessment of 2022 done while discussing 2023's work (in February): 2023.
    m = meta_of_text("2月21日上午,区卫生健康局局长带队赴街道办事处开展2022年度计划生育目标管理责任制考核,"
                     "并与街道办事处领导研究探讨2023年卫生健康重点工作。")
    assert m.year == 2023


def test_a_meeting_the_county_only_attended_is_news():
    assert meta_of_text("我县参加全区妇幼健康工作视频会议\n3月2日，" + PARA).doc_type == "其他"
    assert meta_of_text("我县召开2016年卫生和计划生育工作会议\n3月2日，" + PARA).doc_type == "会议报道"


def test_a_title_run_into_the_first_paragraph_with_a_masked_year_a_number_or_printed_twice():
    # A masked year (XX年) still makes it a title; the body's own year opens after it.
    meta = meta_of_text("XX年区卫生工作总结报告2014年,在区委区政府的正确领导下,区卫生局认真落实各项工作任务,取得了明显成效。")
    assert (meta.doc_type, meta.year) == ("工作总结", 2014)
    # A document number before it, the title printed twice around its date: the first copy.
    meta = meta_of_text("编号:682553579区卫计局2018年上半年重点工作完成情况总结汇报201X/X/XX区卫计局2018年上半年"
                        "重点工作完成情况总结汇报2018年上半年,区卫计局深入贯彻党的十九大精神,扎实推进各项工作。")
    assert (meta.doc_type, meta.year) == ("工作总结", 2018)
    # 今年工作总结明年工作安排: a summary and a plan.
    meta = meta_of_text("2021年区卫计局今年工作总结明年工作安排文稿今年以来,区卫计局围绕区委、区政府中心工作,扎实推进各项工作。")
    assert meta.doc_type == "总结和计划"


def test_a_templates_masked_county_in_the_first_sentence_names_the_kind_of_bureau():
    meta = meta_of_text("近年来,xx县卫生健康局在县委、县政府的坚强领导下,我们认真贯彻落实各项决策部署,取得了明显成效。\n"
                        "一、基本情况\nxx县卫生健康局下设xx个直属单位,全县卫生健康从业人员xx人。")
    assert (meta.agency, meta.county) == ("县卫生健康局", None)
    # The title's copy as the first line is not the first sentence.
    meta = meta_of_text("县卫生工作总结开头结尾模板范文\n\n县卫生工作总结开头结尾模板范文\n\n"
                        "*年以来,*县卫生局坚持以党的十八大精神为指导,在县委、县政府的坚强领导下,认真开展各项工作。")
    assert (meta.agency, meta.county) == ("县卫生局", None)


def test_the_bureau_the_body_names_by_its_officials_or_staff_but_not_among_other_departments():
    m = meta_of_text("宜川县组织召开全县2021年卫生健康工作会议\n3月15日,宜川县在卫健局6楼会议室组织召开会议。\n"
                     "会上,卫健局主要负责人回顾总结了2020年全县卫生健康工作,安排部署了2021年工作。")
    assert m.agency_full == "宜川县卫生健康局"
    m = meta_of_text("文县召开2015年度卫生计生工作考核汇报会议\n会议在县政府召开,听取了各单位的汇报。\n"
                     "县统筹解决人口问题领导小组成员单位负责人,县卫生局、计生局主要负责人参加会议。")
    assert m.agency is None


def test_an_undated_meeting_takes_the_year_after_the_one_it_reviews_further_on():
    m = meta_of_text("今日竹山网消息 3月7日,全县卫生健康工作会议召开。\n\n会议要求各单位抓好落实,加强政治建设。\n\n"
                     "会议通报表扬了2023年度全县卫生健康工作先进单位和先进个人。")
    assert (m.doc_type, m.year) == ("会议报道", 2024)


def test_a_page_without_a_title_announces_its_report_and_its_year():
    m = meta_of_text("今年以来,在县委、县政府的领导下,我局认真开展各项工作。现将2022年度工作开展情况及2023年工作谋划报告如下:\n\n"
                     "一、工作开展情况\n\n全年完成各项任务。\n\n三、2023年工作计划\n\n继续抓好落实。")
    assert m.year == 2022
    m = meta_of_text("按照区政府2007年工作总结和2008年工作安排的通知要求,现就卫生工作的情况总结如下:\n\n"
                     "一、主要工作\n\n全年完成各项任务。")
    assert (m.doc_type, m.year) == ("工作总结", 2007)


def test_a_half_year_in_the_title_over_the_pages_later_date():
    m = meta_of_text("2022 上半年 卫生 健康 工作总结\n时间:2023-05-02\n\n2022年上半年,全系统认真开展各项工作,取得较好成效。")
    assert (m.year, m.period) == (2022, "上半年")


def test_a_meeting_named_by_its_year_or_setting_the_years_work_is_the_bureaus_work_meeting():
    m = meta_of_text("5月30日下午,内乡县卫生健康委在县人民医院五楼会议室召开2022年卫生健康工作会议。\n"
                     "各乡镇卫生院、委属各单位负责人参加了会议。")
    assert m.doc_type == "会议报道"
    # A year's meeting on two fields is not the work meeting (the labels' convention: a043).
    m = meta_of_text("5月30日下午,内乡县卫生健康委在县人民医院五楼会议室召开2022年医政医管暨中医药工作会议。\n"
                     "各乡镇卫生院、委属各单位负责人参加了会议。")
    assert m.doc_type == "其他"
    m = meta_of_text("1月5日下午,县卫健局召开专题会议传达学习贯彻县委十三届二次全会精神。\n"
                     "会议对全会报告进行了解读,并对卫健系统年重点工作进行了安排部署。")
    assert m.doc_type == "会议报道"
    # Relaying a congress whose report the meeting praises is news, not the bureau's work meeting.
    m = meta_of_text("1月9日,黔江区卫生健康委召开传达贯彻区第五次党代会精神会议,全面系统解读党代会工作报告。\n"
                     "会议指出,报告对保障人民健康等方面工作作了肯定和重点安排。")
    assert m.doc_type == "其他"


def test_the_title_in_an_info_table_row_flattened_to_pipes_stops_at_the_next_cell():
    m = meta_of_text("索引号: | 11341823MB1566401C/202311-00052 | 组配分类: | 规划计划 |\n"
                     "发布机构: | 青阳县卫生健康委员会 | 主题分类: | 卫生、体育 |\n"
                     "名称: | 县卫健委2023年工作总结及2024年工作安排 | 文号: | |\n"
                     "成文日期: | 发布日期: | 2023-11-07 | |\n"
                     "2023年,县卫生健康委坚持以习近平新时代中国特色社会主义思想为指导,认真贯彻落实各项决策部署。\n"
                     "一、工作开展情况\n(一)扎实开展党的建设工作\n一是加强党性学习教育,不断提高政治能力。")
    assert (m.title, m.doc_type) == ("县卫健委2023年工作总结及2024年工作安排", "总结和计划")


def test_a_bare_stem_is_a_county_only_before_the_bureaus_words_or_its_cause():
    # "平安卫生": an ordinary word before 卫生, not 平安县 (issue 15, e014).
    m = meta_of_text("区卫生工作总结\n2014年，区卫生局认真开展创建平安卫生工作。" + PARA)
    assert (m.county, m.province, m.agency) == (None, None, "区卫生局")
    # "莱阳卫生事业", "修武卫健委" still name their county.
    assert meta_of_text("卫生局局长述职报告\n" + PARA + "保证和促进了莱阳卫生事业的持续发展。").county == "莱阳市"


def test_one_bureau_named_twice_in_a_sentence_is_not_a_list_of_bureaus():
    m = meta_of_text("我县参加全区妇幼健康工作视频会议\n多伦县卫生计生平台\n全区妇幼健康工作视频会于2月17日下午召开，"
                     "县卫生和计划生育局、县人民医院分管领导在县卫计局三楼视频会议分会场参加了会议。")
    assert (m.county, m.agency_full) == ("多伦县", "多伦县卫生和计划生育局")


def test_a_titles_masked_bureau_takes_the_county_the_body_names():
    m = meta_of_text("某卫生局工作计划—抓好两个重点\n20xx年是新医改方案的实施年，还是船山区统筹城乡综合配套改革试点的第一年。" + PARA)
    assert (m.county, m.agency_full) == ("船山区", "船山区卫生局")


def test_another_citys_commission_is_not_a_county_level_citys_own_bureau():
    m = meta_of_text("本网讯 5月23日上午，邵武市卫生健康工作会议召开。会议传达了全国、福建省、南平市卫生健康工作会议精神。"
                     "全市卫生健康系统要按照全国、全省、南平市卫健委工作部署，落实市委、市政府工作要求。")
    assert (m.county, m.agency) == ("邵武市", None)


def test_a_mid_year_meeting_reviews_its_own_year():
    m = meta_of_text("今日湖北网讯(记者 王成高)为确保各项工作顺利推进,7月29日,赤壁市卫生计生局组织召开全系统半年工作总结暨"
                     "防汛救灾推进会,总结2016年上半年工作实绩,安排部署下半年各项工作。\n会议指出," + PARA)
    assert m.year == 2016
    # A whole year reviewed is the meeting's year before.
    assert meta_of_text("3月18日，武山县召开卫生计生工作会议。总结回顾2015年全县卫生计生工作，表彰先进。").year == 2016


def test_news_of_an_inspection_is_of_the_year_inspected_not_its_date():
    m = meta_of_text("市督查组督查卫健重点工作时指出 发现问题改进工作\n2021-01-04 10:15:48来源:涪陵区融媒体中心\n"
                     "巴渝传媒网讯(记者 夏林)日前,重庆市卫生健康委派出督查组来涪,对2020年度涪陵区卫生健康重点工作任务完成情况进行年终督查。")
    assert (m.year, m.doc_type, m.county) == (2020, "其他", "涪陵区")


def test_a_headline_about_the_work_over_a_meeting_named_further_on():
    m = meta_of_text("内乡县狠抓十项重点工作\n本报讯 (记者乔晓娜 通讯员谢成国)“2019年,全县卫生健康工作要紧紧围绕抓重点、补短板。"
                     "在不久前召开的内乡县卫生健康业务工作会上,县卫生健康委员会主任向全县卫生健康系统发出动员令。")
    assert (m.year, m.doc_type) == (2019, "会议报道")
    # A page cut before its lead: the meeting is the subject further on.
    m = meta_of_text("宁化安排部署今年卫生工作\n许丽华对今年卫生工作提出三点要求。\n"
                     "县卫生局局长回顾总结了2009年全县卫生工作,安排部署了今年的工作任务。会议还对2009年度先进集体进行了表彰。")
    assert (m.year, m.doc_type) == (2010, "会议报道")


def test_an_untitled_news_lead_of_recent_days_and_an_untitled_plan_that_says_so():
    m = meta_of_text("甘孜日报 2018年05月23日\n本网讯 近日,州卫计委督查组一行深入德格县,就该县的卫生计生重点工作进行调研督查。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2018)
    assert meta_of_text("昨日下午,晋江市卫生和计划生育局局长接听市长专线,公布了今年该局的工作重点。").doc_type == "其他"
    m = meta_of_text("2012年是新医改方案的实施年,为加快推进城乡卫生事业协调发展,提出2012年卫生工作任务。\n"
                     "一、指导思想、工作思路和目标\n" + PARA)
    assert (m.doc_type, m.year) == ("工作计划", 2012)


def test_a_single_templates_or_a_wenku_files_bare_bureau_is_the_kind_that_wrote_it():
    m = meta_of_text("卫健委2021年上半年工作总结和下半年工作谋划(四页).docx\n上传人:啊飒飒 文档编号:13203093 上传时间:2021-12-18\n"
                     "1、" + PARA)
    assert m.agency == "卫健委"
    # A compilation of several reports names no one bureau.
    assert meta_of_text("卫健局2022年卫生健康工作总结【3篇】.docx\n1、" + PARA).agency is None


def test_a_template_preface_names_the_document_a_fanwen_page_offers():
    m = meta_of_text("本站小编为你精心准备了2014年卫生局工作计划参考范文,愿这些范文能点燃您思维的火花。欢迎深入阅读并收藏。\n"
                     "一、继续深化医药卫生体制改革\n" + PARA)
    assert (m.year, m.doc_type, m.agency) == (2014, "工作计划", "卫生局")
    # A theme is not a document's title.
    m = meta_of_text("前言:本站小编为你收集了丰富的乡镇外宣工作总结主题范文,仅供参考,欢迎阅读并收藏。\n" + PARA)
    assert (m.year, m.doc_type) == (None, None)


def test_a_repost_dated_months_after_the_day_its_lead_names_gives_no_year():
    m = meta_of_text("众志成城抗击疫情区卫生健康委召开紧\n2022/6/10 来源:不详_\n"
                     "2月10日19点,区卫生健康委召开全系统新冠肺炎防控紧急视频会议。\n委党委书记主持会议。")
    assert m.year is None
    # Dated within days of the day it names, or early in January for a day in late December.
    assert meta_of_text("我县召开卫生健康工作会议\n2023-04-03 13:10 阳新县融媒体中心\n3月31日上午，" + PARA).year == 2023
    assert meta_of_text("我县召开卫生健康工作会议\n2023-01-03 13:10 阳新县融媒体中心\n12月29日上午，" + PARA).year == 2022


def test_a_news_title_re_dated_against_a_body_that_names_one_other_year():
    m = meta_of_text("区卫健局组织收看2023年广西卫生健康工作视频会\n3月12日上午,我区组织收看广西卫生健康工作视频会。会议总结2021年"
                     "广西卫生健康工作,研究部署2021年工作。\n2021年全区卫生健康系统全力以赴。" + PARA)
    assert m.year == 2021 and "year-conflict" in codes(m)


def test_a_new_year_letter_and_an_information_disclosure_report_are_no_work_reports():
    m = meta_of_text("岁月不居,时节如流。在2020年到来之际,璧山区卫生健康委党委向全区卫生健康工作者致以新年的美好祝福!\n"
                     "2019年,我们过得很充实、走得很坚定。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2019)
    m = meta_of_text("本年度报告根据《中华人民共和国政府信息公开条例》要求,汇总2018年度临邑县卫生健康局的政府信息公开情况编制而成。\n" + PARA)
    assert m.doc_type == "其他"


def test_a_functional_zones_bureau_and_a_province_named_by_what_was_said_there():
    m = meta_of_text("示范区卫生健康局2021年工作总结及2022年工作计划\n" + PARA)
    assert (m.county, m.agency) == (None, "示范区卫生健康局")
    m = meta_of_text("县卫健委2023年度工作总结及2024年工作计划\n今年以来,县卫健委深入学习贯彻习近平总书记考察江西重要讲话精神。" + PARA)
    assert (m.county, m.province) == (None, "江西省")


def test_the_pages_own_media_account_names_its_county_and_is_chrome():
    m = meta_of_text("众志成城抗击疫情区卫生健康委召开紧\n2022/6/10 来源:不详_\n点击上方“蓟州卫生健康”订阅!\n"
                     "2月10日19点,区卫生健康委召开全系统新冠肺炎防控紧急视频会议。\n委党委书记主持会议。")
    assert (m.county, m.province, m.agency_full) == ("蓟州区", "天津市", "蓟州区卫生健康委员会")
    src = "我县参加全区妇幼健康工作视频会议\n\n多伦县卫生计生平台\n\n全区妇幼健康工作视频会于2月17日下午召开。" + PARA
    cleaned = clean(src)
    assert [(x.rule, x.text) for x in cleaned.removed] == [("media-account", "多伦县卫生计生平台")]
    assert meta_of_text(src).county == "多伦县"
    # A bureau's name under the title is the report's, not chrome.
    assert clean("2019年工作总结及2020年工作计划\n衡山县卫生健康局\n2019年12月\n2019年，" + PARA).removed == ()


def test_a_page_that_speaks_of_itself_as_a_city_names_its_own_city_bureau():
    m = meta_of_text("3月1日,我市召开卫健系统高质量发展暨2023年重点工作部署会议。\n会议要求,全市卫生健康系统要扎实工作。\n"
                     "各镇卫生院院长、市卫生健康局领导班子及干部职工参加了会议。")
    assert (m.county, m.agency) == (None, "市卫生健康局")
    # Not when it also speaks of itself as a county, nor for a city's commission it is guided by.
    m = meta_of_text("3月1日,我县召开卫生健康工作会议。\n全市卫生健康系统要扎实工作,市卫生健康局领导出席。")
    assert m.agency is None
    assert meta_of_text("3月1日,我市召开会议。\n在市卫健委的指导下,全市卫生健康工作取得成效。").agency is None


def test_news_that_is_no_meeting_takes_its_page_date_unless_the_body_names_another_year():
    # A campaign's news under a headline that names no event verb: the date line under it gives
    # the year when the text states none.
    m = meta_of_text("我县开展爱国卫生月暨爱国卫生日宣传活动\n发布时间:2025-04-09 信息来源:泽州县融媒体中心\n"
                     "4月7日,县卫健局组织开展爱国卫生月宣传活动,向群众发放宣传资料。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2025)
    # News of an award, dated the next spring, for work of the year its body names.
    m = meta_of_text("区卫生局荣获全市卫生工作绩效评估先进单位\n发布时间:2014-03-17 15:33:31\n"
                     "近日,市卫生局通报了2013年度全市卫生工作绩效评估结果,区卫生局荣获先进单位。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2013)
    # Undated: the one year the first paragraph names.
    m = meta_of_text("某某区启动省级健康县(区)建设\n近日,区健康县建设启动仪式举行。该项目是2025年全市唯一入选的建设项目。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2025)


def test_a_news_lead_with_its_dateline_and_credit_then_the_year_it_opens_on():
    m = meta_of_text("本网讯 (通讯员 姜丽芳 何恒)2014年,我县将继续加强民生改善,加快公共卫生服务体系建设,各项工作取得明显成效。\n" + PARA)
    assert m.year == 2014


def test_a_year_said_by_the_bodys_opening_or_by_an_anniversary_when_nothing_else_says_it():
    m = meta_of_text("2022年世界卫生日我国的宣传主题为“健康家园 健康中国”。县卫健委要求全县各医疗卫生机构广泛开展宣传。\n" + PARA)
    assert m.year == 2022
    m = meta_of_text("建党百年,精彩有我。6月29日晚,为庆祝中国共产党建党100周年,某某县卫健系统举办表彰大会。\n" + PARA)
    assert m.year == 2021
    # An opening year among others in the body decides nothing here.
    assert meta_of_text("2022年世界卫生日的主题已经发布。\n全县截至2021年底共建成健康村50个。\n" + PARA).year is None
    # The anniversary may be said in the meeting's third paragraph (its requirements), as the meeting
    # paragraphs are read elsewhere; not further down, where a report's history may name one.
    opening = ("3月29日下午,卫健局党委召开全系统党史学习教育动员大会。\n大会组织学习了县委有关精神和实施方案。\n"
               "会议要求,各基层党组织要开展庆祝建党100周年系列活动。\n")
    assert meta_of_text(opening + PARA).year == 2021
    assert meta_of_text(opening.replace("会议要求,各基层党组织要开展庆祝建党100周年系列活动。", "会议还部署了其他工作。")
                        + PARA + "\n各单位要开展庆祝建党100周年系列活动。\n").year is None



def test_agency_kinds_seen_on_the_never_tuned_pages():
    # A 卫生健康和体育局 writing itself 卫健体局 (in traditional script too).
    m = meta_of_text("介休市衛健體局科學推進第二階段疫苗接種工作\n介休市衛健體局認真落實推進疫苗接種工作主體責任,組織召開推進會。\n" + PARA)
    assert (m.agency, m.agency_full) == ("介休市衛健體局", "介休市卫生健康和体育局")
    # A news lead whose subject is the bare bureau, acting: the bureau as written.
    m = meta_of_text("13日上午,卫计局召开创建国家卫生城市专题会,组建创建国家卫生城市卫计系统指挥部。\n" + PARA)
    assert m.agency == "卫计局"
    # The bureau named in the lead's oversight clause or in passing is not the subject.
    assert meta_of_text("13日上午,在卫计局的指导下,镇卫生院召开专题会。\n" + PARA).agency is None
    # Bureaus whose heads attend as invited guests did not write the news.
    m = meta_of_text("9月2日,全县新农合门诊统筹试点动员大会在三溪乡政府会议室举行。\n"
                     "县政府副县长亲临大会指导工作,县卫生局局长、县农医局局长应邀出席会议并分别讲话。\n" + PARA)
    assert m.agency is None


def test_a_bureau_that_only_accompanies_a_visit_or_attends_a_hospitals_meeting_is_not_the_author():
    visit = "7月1日,省政府研究室一行到我区南王店镇中医卫生室调研。区政府副区长刘刚,区卫健局党组书记、局长赵中同志等陪同。"
    assert meta_of_text(visit + "\n" + PARA).agency is None
    # Near miss: an accompanying official who then reports the bureau's work makes it the text's subject.
    m = meta_of_text("3月11日,市卫生计生委副主任王卫到奉节县调研。县卫生计生委主任、党委书记胡云清等陪同调研。\n"
                     "在座谈会上,胡云清主任就2014年度的卫生计生机构建设情况作了汇报。\n" + PARA)
    assert m.agency_full == "奉节县卫生和计划生育委员会"
    # A hospital's own text (来我院视察) names the bureau only among those attending.
    hospital = ("11月30日上午,省卫健委医改处调研员毛新一行来我院视察指导医改工作,副县长胡晓琴、县卫计局局长纪建军及"
                "副院长范宜民等参加座谈会。\n")
    assert meta_of_text(hospital + PARA).agency is None
    # Near miss: a bureau's text that also names its hospital (我院 quoted) still speaks as 我局.
    assert meta_of_text("11月30日上午,县卫计局召开会议。我局要求各院做好我院自查。\n" + PARA).agency == "县卫计局"


def test_two_kinds_of_unit_at_once_name_no_bureau():
    # "XX县区卫生局" (a template's either kind), "各县区卫生局" (each one's): the body's own 县卫生局 decides.
    m = meta_of_text("汇报材料XX县区卫生局2023年被命名为文明单位。几年来,县卫生局精神文明创建工作扎实开展。\n" + PARA)
    assert m.agency == "县卫生局"
    assert meta_of_text("3月5日,市卫健委召开会议,各县区卫生局局长参加。\n" + PARA).agency is None


def test_a_work_retreat_is_a_meeting_and_news_leads_with_credit_or_a_bare_day():
    # 务虚会 (the system's retreat planning the year) is a meeting, not a plan, whatever the title plans.
    m = meta_of_text("岳塘区卫计系统召开务虚会谋划2017年工作\n1月5日,区卫计系统召开务虚会,谋划2017年卫生计生工作。\n" + PARA)
    assert m.doc_type == "会议报道"
    # A dateline and a credit before the day; a day without its month: a news item.
    m = meta_of_text("红网时刻武陵源6月29日讯(通讯员 张丁天)6月29日上午,区卫生健康局举行迁址揭牌仪式。\n" + PARA)
    assert m.doc_type == "其他"
    assert meta_of_text("13日上午,卫计局组建创建国家卫生城市卫计系统指挥部,明确职责分工。\n" + PARA).doc_type == "其他"


def test_an_untitled_report_announcing_the_work_done_and_the_plan_is_both():
    m = meta_of_text("202x年以来,县卫生健康局紧紧围绕县委、县政府总体工作部署,扎实推进各项工作,现将202x年工作开展情况及202x年工作谋划报告如下:\n"
                     "一、202x年工作开展情况\n" + PARA)
    assert m.doc_type == "总结和计划"
    # The plan named in what the report answers (按照…工作安排的通知要求) is not announced.
    m = meta_of_text("按照区政府2007年工作总结和2008年工作安排的通知要求,现就卫生工作的情况总结如下:\n一、主要工作\n" + PARA)
    assert m.doc_type == "工作总结"


def test_an_untitled_disclosure_annual_report_is_other_and_a_summary_with_a_disclosure_item_is_not():
    opening = ("2022年,县卫健局认真贯彻落实《中华人民共和国政府信息公开条例》,及时发布卫生健康领域重要政策文件等政府信息。\n"
               "(一)安排部署。我局进一步明确了负责人和具体经办人,细化责任分工。\n")
    m = meta_of_text(opening + "(三)依申请公开情况。2022年,我局未收到依申请公开政府信息的申请。\n" + PARA)
    assert m.doc_type == "其他"
    # A work summary whose opening does not report on 政府信息公开 is not that report, whatever item follows.
    m = meta_of_text("2022年,县卫健局在县委县政府的坚强领导下,扎实推进各项工作。\n"
                     "(三)政务公开。2022年,我局未收到依申请公开政府信息的申请。\n" + PARA)
    assert m.doc_type == "工作总结"


WENKU_HEAD = ("收藏 分享(赏)\n2023年卫生局上半年安全生产工作总结和下半年工作计划.docx\n"
              "上传人:sc****y 文档编号:2128739 上传时间:2023-04-25\n")


def test_a_wenku_file_name_re_dated_by_the_site_gives_way_to_the_documents_own_title():
    own = "1、卫生局上半年安全生产工作总结和下半年工作方案 县卫生局二0一0年上半年安全生产工作总结和二0一0年下半年工作方案 "
    m = meta_of_text(WENKU_HEAD + own + PARA)
    assert (m.year, m.period, m.doc_type) == (2010, "上半年", "总结和计划")
    assert "year-conflict" in codes(m)
    # The site's year stands when the text says it too, or when the text opens on no title of its own.
    assert meta_of_text(WENKU_HEAD + own.replace("二0一0年上半年安全", "2023年上半年安全") + PARA).year == 2023
    assert meta_of_text(WENKU_HEAD + PARA).year == 2023


def test_a_year_right_after_a_summary_and_a_conjunction_is_the_plans_not_one_reviewed():
    m = meta_of_text("卫生局半年工作\n为你整理了这篇2021年卫健委工作总结和2022年工作计划范文,希望能给你的学习带来参考借鉴作用。\n"
                     "2021年是十四五的开局之年,区卫健委坚持新时代卫生健康工作方针。\n" + PARA)
    assert (m.year, m.doc_type) == (2021, "总结和计划")
    # A meeting that reviews a year still dates itself after it.
    assert meta_of_text("2月2日，县卫健局召开会议，总结2016年卫生计生工作。\n" + PARA).year == 2017


def test_a_meeting_named_by_the_year_it_reviews_is_of_that_year_whenever_held():
    m = meta_of_text("1月13日上午,云安区卫生健康系统召开2022年度总结暨表彰大会,全面总结2022年度卫生健康工作,部署2023年工作任务。\n" + PARA)
    assert (m.year, m.doc_type) == (2022, "会议报道")
    m = meta_of_text("2023年1月30日,万源市卫生健康局组织召开2022年度党组织书记抓党建工作述职评议大会。\n" + PARA)
    assert (m.year, m.doc_type) == (2022, "其他")
    # A name with two years (the year reviewed and the year planned) keeps the plan's year.
    m = meta_of_text("2月2日，汶川县卫计系统召开2017年度工作总结会暨2018年工作部署会。\n" + PARA)
    assert m.year == 2018


def test_a_news_items_closing_date_line_dates_it():
    lead = "7月29日下午,赤城县卫生健康局召开了安全生产暨信访稳定工作会议,各医疗卫生机构主要负责人参加会议。\n"
    body = "会上,各医疗卫生机构递交了《2022年安全生产目标责任书》。\n"
    assert meta_of_text(lead + body + PARA + "\n2022年7月29日\n").year == 2022
    # A date line months after the day the lead names is a repost's, not the event's.
    assert meta_of_text(lead + body + PARA + "\n2022年12月29日\n").year is None


FILLER = "各项重点工作扎实推进，取得明显成效，群众满意度不断提升。"


def test_the_bureaus_kind_of_unit_decides_between_same_named_units():
    # (A filler that says nothing of the unit's kind: PARA says 全县.)
    # 东乡: 抚州市东乡区 (a 区 since 2016) or 临夏州东乡族自治县; "区卫健委" says which.
    m = meta_of_text("2021年是十四五的开局之年,区卫健委坚持新时代卫生健康工作方针,围绕健康东乡建设主线,扎实推进各项工作。\n" + FILLER)
    assert (m.county, m.city, m.agency_full) == ("东乡区", "抚州市", "东乡区卫生健康委员会")
    m = meta_of_text("2021年,县卫健局坚持新时代卫生健康工作方针,围绕健康东乡建设主线,扎实推进各项工作。\n" + FILLER)
    assert m.county == "东乡族自治县"
    # A region's commission (自治区卫健委) or a 社区卫生服务中心 says nothing of the unit's kind.
    m = meta_of_text("2021年,自治区卫健委表扬了健康东乡建设,社区卫生服务中心扎实推进各项工作。\n" + FILLER)
    assert m.county is None and "county-ambiguous" in codes(m)


def test_county_from_the_sites_name_its_copyright_line_or_its_outlets_dateline():
    m = meta_of_text("汉川市人民政府-卫生健康局\n政府信息公开\n关于2020年人大建议与政协提案办理情况的报告\n"
                     "发布日期:2021-06-17 浏览次数:125\n根据市政府安排,今年由我局承办的建议提案共18件。" + PARA)
    assert (m.county, m.city, m.agency_full) == ("汉川市", "孝感市", "汉川市卫生健康局")
    # A city's commission as the site's name names no county.
    m = meta_of_text("铜川市卫健委\n本站支持IPv6\n三个区县召开2010年卫生工作会议\n" + PARA)
    assert (m.county, m.agency) == (None, None)
    m = meta_of_text("县卫健局召开政协提案办理集体面商会\n时间:2025-08-13 16:26:44 来源:秘书科\n7月25日,县卫健局召开会议。"
                     + PARA + "\n\n©政协苍南县委员会版权所有\n浙ICP备 10053579号 浙公网安备 33032702000123号\n")
    assert (m.county, m.agency_full) == ("苍南县", "苍南县卫生健康局")
    m = meta_of_text("秀山网讯 1月29日,我县召开2026年防治重大疾病工作联席会议。\n会上,县卫生健康委汇报了传染病防控工作情况。\n" + PARA)
    assert (m.county, m.agency_full) == ("秀山土家族苗族自治县", "秀山土家族苗族自治县卫生健康委员会")
    assert meta_of_text("秀山融媒体中心讯 1月29日,我县召开卫生健康工作会议。\n" + PARA).county == "秀山土家族苗族自治县"
    # A portal named like a county (凤凰网, 凤凰县) over a text that calls itself a 区 is no county's outlet.
    assert meta_of_text("凤凰网讯 1月29日,我区召开卫生健康工作会议。\n" + PARA).county is None


def test_a_county_named_only_late_in_the_body_as_its_own_health_system_is_flagged():
    lead = "1月10日,县卫健局联合县消防救援大队开展为期一周的安全生产专项督查。"
    m = meta_of_text(lead + PARA + "当天,市安委会对安化县卫健系统的安全生产工作开展情况给予充分肯定。\n")
    assert (m.county, m.agency_full) == ("安化县", "安化县卫生健康局")
    assert "county-from-body" in codes(m)
    # Another county named too, or a county bureau named in a list of others: no county.
    assert meta_of_text(lead + PARA + "当天,与桃江县卫健局交流经验,市安委会对安化县卫健系统给予充分肯定。\n").county is None
    m = meta_of_text("3月2日,县卫健局召开会议。" + PARA + "\n会上,呼和浩特市卫计委、赤峰市松山区卫计局等5个地区作经验交流发言。")
    assert m.county is None


def test_a_county_page_that_names_only_its_city_as_the_whole_it_is_part_of():
    m = meta_of_text("我县参加全市健康扶贫暨医改工作电视电话会议\n10月30日,临沧市人民政府召开全市健康扶贫暨医改工作电视电话会议。"
                     "县人民政府副县长王应森,县卫计局、县扶贫办和县直有关单位负责人聆听会议。\n" + PARA)
    assert (m.county, m.province, m.city, m.agency) == (None, "云南省", "临沧市", None)
    # A city named as another one (桂林市学习我县经验) is not the county's own whole.
    m = meta_of_text("县卫生局新年致辞\n我县的防治措施得到肯定,桂林市学习我县防治工作经验。\n" + PARA)
    assert (m.province, m.city) == (None, None)


def test_a_bare_bureau_named_by_the_work_of_its_own_bodies_is_the_pages():
    lead = "5月13日,2021年全县卫生健康系统全面从严治党暨党风廉政建设工作电视电话会召开。\n"
    m = meta_of_text(lead + "会议安排部署了2021年卫生健康委纪检监察重点工作、党建工作重点任务。\n" + PARA)
    assert m.agency == "卫生健康委"
    # The city's commission, or the bureau named by a document of the year, is not.
    assert meta_of_text(lead + "会议安排部署了2021年市卫健委纪检监察重点工作。\n" + PARA).agency is None
    assert meta_of_text(lead + "会议学习了2021年卫健委工作要点。\n" + PARA).agency is None


def test_an_untitled_lead_that_opens_on_its_purpose_or_a_caption_before_its_day_is_news():
    m = meta_of_text("为认真学习贯彻习近平总书记重要指示精神,切实做好职业病防治工作,近日,县卫生健康局组织召开"
                     "2021年职业病防治工作联席会,10家成员单位参加会议。\n" + PARA)
    assert (m.doc_type, m.year) == ("其他", 2021)
    m = meta_of_text("为巩固拓展落实中央八项规定精神成果,4月29日-5月1日,县卫计委派出两个检查组开展明查暗访。\n" + PARA)
    assert m.doc_type == "其他"
    assert meta_of_text("医改调研 11月30日上午,省卫健委医改处一行来我院视察指导医改工作。\n" + PARA).doc_type == "其他"
    # Near miss: a report's opening purpose followed by its year, not a day, is no news lead.
    m = meta_of_text("为切实做好卫生健康工作,2020年,我局紧紧围绕县委县政府中心工作,扎实推进各项工作。\n" + PARA)
    assert m.doc_type != "其他"


def test_undated_news_takes_the_one_year_its_body_names_again_and_again():
    text = ("6月23日下午,金寨县卫计委召开全县妇幼健康工作推进会,各乡镇分管负责人参加。\n"
            "会议通报了2017年“两癌”筛查工作进展情况、全县2017年儿童营养包发放情况、2017年度爱婴医院复审情况。\n")
    assert meta_of_text(text + PARA).year == 2017
    # Near miss: a body naming two years gives none.
    two = text.replace("2017年度爱婴", "2016年度爱婴")
    assert meta_of_text(two + PARA).year is None


def test_a_dated_news_item_is_of_its_pages_year_whatever_background_year_a_later_paragraph_names():
    page = ("宁县接受全国基层中医药工作先进单位复评\n来源:宁县卫生局 发布时间:2016-05-26 09:04:02\n"
            "5月24日,全国基层中医药工作先进单位复核检查组专家对宁县进行复评检查。\n"
            "检查组专家对县财政局等8个部门进行了专题访谈。\n2009年,宁县被国家中医药管理局评为全国农村中医工作先进县。\n")
    assert meta_of_text(page + PARA).year == 2016
    # Near miss: the year the lead itself names (an award for 2015's work) still wins over the page's.
    award = page.replace("对宁县进行复评检查", "宁县被评为2015年度先进单位")
    assert meta_of_text(award + PARA).year == 2015


def test_a_report_that_names_its_compiler_by_full_name_takes_it_over_the_titles_later_short_name():
    body = ("本年度报告根据《中华人民共和国政府信息公开条例》要求,由宣州区卫生和计划生育委员会编制。\n" + PARA)
    m = meta_of_text("2018年度宣州区卫健委信息公开工作年度报告\n" + body)
    assert m.agency_full == "宣州区卫生和计划生育委员会"
    # Near miss: without the compiler's sentence the title's bureau stands; another place's compiler does not count.
    assert meta_of_text("2018年度宣州区卫健委信息公开工作年度报告\n" + PARA).agency_full == "宣州区卫生健康委员会"
    other = body.replace("宣州区卫生和计划生育委员会", "宁国市卫生和计划生育委员会")
    assert meta_of_text("2018年度宣州区卫健委信息公开工作年度报告\n" + other).agency_full == "宣州区卫生健康委员会"


def test_county_from_its_paper_named_today_and_its_short_name():
    m = meta_of_text("建议提案答复率100%\n来源:今日宁乡 作者:刘淑兰 2013-09-03 10:08:04\n"
                     "8月29日,县政协副主席来到县卫生局,就2013年建议提案办理工作进行视察。\n" + PARA)
    assert (m.county, m.agency_full) == ("宁乡县", "宁乡县卫生局")
    # Near miss: 今日头条 is no county's paper.
    m = meta_of_text("建议提案答复率100%\n来源:今日头条\n8月29日,县政协副主席来到县卫生局视察。\n" + PARA)
    assert m.county is None


def test_county_from_its_station_credited_in_a_news_app_s_header():
    page = ("县卫计局召开计划生育工作会\n©原创   06-07 10:31   云梦广播电视台\n"
            "6月6日,县卫计局召开计划生育工作会,会议通报了计划生育工作半年考核情况。\n" + PARA)
    m = meta_of_text(page)
    assert (m.county, m.city, m.province, m.agency_full) == ("云梦县", "孝感市", "湖北省", "云梦县卫生和计划生育局")
    assert meta_of_text(page.replace("云梦广播电视台", "云梦县融媒体中心")).county == "云梦县"
    # Near misses: a city's or a province's station names no county; nor a station of a text that speaks of
    # itself as no one kind of unit.
    assert meta_of_text(page.replace("云梦广播电视台", "孝感广播电视台")).county is None
    assert meta_of_text(page.replace("云梦广播电视台", "湖北广播电视台")).county is None
    other = ("医院召开安全生产工作会\n©原创   06-07 10:31   云梦广播电视台\n"
             "6月6日,县人民医院召开安全生产工作会,区分管领导出席会议并讲话,要求各科室落实责任。\n")
    assert meta_of_text(other).county is None


# A page's info line whose 来源 is left empty: its value is the next field's label, not a source.
_BODY = "全县卫生健康系统认真贯彻落实上级决策部署，各项工作取得新进展。\n下一步，我们将继续推进各项重点工作。\n"


@pytest.mark.parametrize("info, source", [
    ("添加日期:2017-09-07 11:53:25 来源: 作者:", None),
    ("日期:2013-06-24 16:23:15 來源: 點擊:", None),
    ("2017-11-21浏览次数: 来源:字号:[ ]", None),
    ("2021-01-04 10:15:48來源:涪陵區融媒體中心編輯:唐霞", "涪陵區融媒體中心"),
    ("(来源:健康泸州)", "健康泸州"),
    # near misses: a source that merely ends like a label, brackets of its own, an ordinary value
    ("来源:县卫生健康局 作者:张三", "县卫生健康局"),
    ("来源:县融媒体中心(县广播电视台)", "县融媒体中心(县广播电视台)"),
    ("来源:某某日报社编辑部", "某某日报社编辑部"),
    ("来源：人民网-河南频道", "人民网-河南频道"),
])
def test_an_empty_source_field_is_no_source(info, source):
    meta = meta_of_text("某县召开卫生健康工作会议\n" + info + "\n" + _BODY)
    assert meta.source == source


def test_a_county_page_that_names_only_the_city_whose_body_comes_to_assess_it():
    lead = "1月15日,以南宁市卫健委四级调研员韦盛树为组长的考核组一行8人,到我县考评2023年健康南宁建设工作。\n"
    m = meta_of_text(lead + PARA)
    assert (m.county, m.province, m.city) == (None, "广西壮族自治区", "南宁市")
    # Near misses: a city's visit to learn or to help may come from anywhere; a province named too decides nothing.
    assert meta_of_text(lead.replace("考评", "考察学习") + PARA).city is None
    assert meta_of_text("1月15日,深圳市卫健委对口帮扶工作组到我县督导检查。\n" + PARA).city is None
    assert meta_of_text(lead.replace("南宁市卫健委", "南宁市卫健委、广东省卫健委") + PARA).city is None


def test_in_the_body_a_bureau_only_visited_is_no_author():
    lead = "1月15日,南宁市卫健委考核组到我县考评2023年健康南宁建设工作。\n"
    visit = "考核组现场抽取考核点,随后分组分别到县卫健局查看工作档案材料,以及深入县直卫生医疗机构。\n"
    assert meta_of_text(lead + visit + PARA).agency is None
    # Near miss: the bureau that then acts in the body is its author.
    acts = "会上,县卫健局汇报了2023年健康南宁建设工作情况。\n"
    assert meta_of_text(lead + visit + acts + PARA).agency == "县卫健局"


def test_at_another_level_s_meeting_held_in_the_county_a_bureau_attending_is_a_guest():
    page = ("全市妇幼健康服务工作会议在我县召开\n近日,全市妇幼健康服务工作会议在我县召开,市卫健委一级调研员蒋玲萍、"
            "县委常委、副县长张国栋、县卫健局主要负责人及全市各县区妇幼机构参加会议。\n" + PARA)
    assert meta_of_text(page).agency is None
    # Near misses: the bureau that hosts it (承办) is its author; at the county's own meeting, its bureau attending still is.
    hosted = page.replace("近日,全市", "近日,由县卫健局承办的全市")
    assert meta_of_text(hosted).agency == "县卫健局"
    own = ("近日,全县妇幼健康服务工作会议召开,副县长张国栋、县卫健局主要负责人及各乡镇卫生院院长参加会议。\n" + PARA)
    assert meta_of_text(own).agency == "县卫健局"


def test_a_bracketed_credit_glued_to_the_end_of_the_text_names_its_bureau():
    text = ("4月22日,省卫计委巡视员一行来卢氏县督导调研人口和计划生育工作。县人口计生委主任李锦屏等陪同调研。\n"
            "督导组对卢氏县计生工作给予了充分肯定,努力推动人口计生工作再上新台阶。 (卢氏县计生委李金萍 李晓玲)\n")
    m = meta_of_text(text)
    assert (m.county, m.agency, m.agency_full) == ("卢氏县", "卢氏县计生委", "卢氏县人口和计划生育委员会")
    # Near misses: a city's commission credited names no county bureau; a bracketed note that is no credit neither.
    assert meta_of_text(text.replace("(卢氏县计生委李金萍 李晓玲)", "(三门峡市计生委李金萍)")).agency is None
    assert meta_of_text(text.replace(" (卢氏县计生委李金萍 李晓玲)", "(见附件)")).agency is None


def test_an_untitled_lead_telling_a_delegation_s_visit_is_news():
    visit = ("在7.1日建党节来临之际,省政府研究室党组成员、副主任赵昌军等一行到我区南王店镇宗庄中医卫生室调研。"
             "区政府副区长刘刚,区卫健局局长赵中同志等陪同。\n")
    assert meta_of_text(visit + PARA).doc_type == "其他"
    assert meta_of_text("市卫健委考核组一行8人莅临我县检查健康扶贫工作。\n" + PARA).doc_type == "其他"
    # Near miss: a summary's opening on its year, which tells of a visit within its work, is no news lead.
    summary = ("2020年,县卫健局在县委县政府的坚强领导下,扎实推进各项工作,迎接了省市考核组一行到我县检查指导。\n" + PARA)
    assert meta_of_text(summary).doc_type == "工作总结"


def test_a_glued_title_dated_in_brackets_right_after_it_names_its_kind():
    page = ("第1页共11页地区级文明单位届满复验汇报材料(2023年5月10日)XX县区卫生局2023年被地区文明委命名为地区级文明单位,"
            "几年来,县卫生局精神文明创建工作扎实开展,不断提高干部职工的思想道德素质。\n" + PARA)
    assert meta_of_text(page).doc_type == "工作总结"
    # Near miss: a bracket that dates nothing ((草案)) leaves a title naming no year or bureau unread.
    assert meta_of_text(page.replace("(2023年5月10日)", "(草案)")).doc_type is None


def test_untitled_news_leads_seen_on_fresh5():
    # A purpose in a sentence of its own, then the day; a span of days; a wire dateline with no day in its sentence.
    assert meta_of_text("为响应市卫健委无偿献血志愿服务活动号召,弘扬大爱无疆精神。2月21日,县卫健系统开展无偿献血活动。\n"
                        + PARA).doc_type == "其他"
    assert meta_of_text("7月15-16日,区卫生局组织相关人员对我区16家医疗卫生单位进行了安全生产专项检查。\n" + PARA).doc_type == "其他"
    assert meta_of_text("中宏网内蒙古9月1日电 今年以来,锡林浩特市卫健委在全市卫健系统广泛开展优化营商环境工作。\n"
                        + PARA).doc_type == "其他"
    # Near misses: a report's purpose followed by its year's work, and a plan's span of months, are no news.
    m = meta_of_text("为切实做好卫生健康工作,推动事业发展。2020年,我局紧紧围绕县委县政府中心工作,扎实推进各项工作。\n" + PARA)
    assert m.doc_type != "其他"
    m = meta_of_text("2020年,县卫健局在县委县政府的坚强领导下,7-8月开展专项检查,扎实推进各项工作。\n" + PARA)
    assert m.doc_type == "工作总结"


def test_a_headline_naming_a_duty_report_appraisal_is_told_by_its_lead():
    lead = "红网湘乡市分站1月10日讯(通讯员:赵薇)9日,湘乡市卫生和计划生育局组织召开2017年度述职评议大会。\n"
    m = meta_of_text("卫计局:开展述职评议 助推卫计事业发展\n" + lead + PARA)
    assert (m.doc_type, m.year) == ("会议报道", 2017)
    # Near miss: a 述职报告 is the leader's own account.
    assert meta_of_text("县卫计局局长2017年度述职报告\n" + PARA).doc_type == "工作总结"


def test_a_unit_under_the_bureau_and_an_explanatory_report():
    m = meta_of_text("县卫生局卫生监督所2005年卫生监督工作总结\n2005年,我所认真贯彻全国卫生监督工作会议精神,扎实开展各项工作。\n" + PARA)
    assert (m.agency, m.doc_type) == (None, "工作总结")
    # Near misses: the bureau that then organises its unit is still the author; a 说明 of a draft is no report.
    m = meta_of_text("县卫生局2005年工作总结\n2005年,县卫生局组织卫生监督所开展专项检查,扎实推进各项工作。\n" + PARA)
    assert m.agency == "县卫生局"
    assert meta_of_text("县卫计委结对帮扶农村说明报告\n自结对帮扶工作开展以来,我单位共派出4名驻村工作队员。\n" + PARA).doc_type == "工作总结"
    assert meta_of_text("关于《县卫生健康事业发展规划》的说明\n" + PARA).doc_type != "工作总结"


# --- fresh6's round (issue 15): untitled pages by the shape of their sentences, dates, credits and visits ---

def test_untitled_news_closed_by_a_writer_credit_or_dated_to_an_observance():
    # A writer's name in brackets closing the text, as a reporter's credit closes a news item.
    m = meta_of_text("今年以来,县疾控中心持续做好传染病监测工作,各项任务稳步推进。\n下一步,该中心将继续加大工作力度。(张明)\n")
    assert m.doc_type == "其他"
    # An observance in the opening sentence of the first or second paragraph.
    m = meta_of_text("近年来,区卫健局持续推进医养结合工作。\n2023年9月1日至7日,是我国第五个全民健康生活方式宣传周,"
                     "区卫健局组织开展义诊活动。\n")
    assert (m.doc_type, m.year) == ("其他", 2023)
    assert meta_of_text("2021年世界无烟日,县卫健委组织各医疗机构开展控烟宣传。\n" + PARA).doc_type == "其他"
    # Near misses: a bracket of the document's own ((试行)) closes no news; an observance named in a later
    # paragraph of a summary does not make it news.
    assert meta_of_text("今年以来,县疾控中心持续做好传染病监测工作。\n本办法自发布之日起施行。(试行)\n").doc_type is None
    m = meta_of_text("2021年,县卫健局在县委县政府的坚强领导下,扎实推进各项工作。\n" + PARA
                     + "\n在第34个世界艾滋病日期间开展宣传活动,发放资料3000份。\n")
    assert m.doc_type == "工作总结"


def test_untitled_summary_opening_on_its_year_with_the_bureau_as_subject_over_numbered_sections():
    text = ("2024年,某某县卫生健康委员会紧扣高质量发展主线,推动卫生健康事业稳步发展。\n\n"
            "01 以党建引领发展,筑牢健康根基\n\n全年完成理论学习16场。\n\n02 以改革驱动融合,深化医改\n\n组建医共体2个。\n")
    assert meta_of_text(text).doc_type == "工作总结"
    # Near misses: the bureau saying what it will do is no summary; without sections the sentence alone decides nothing.
    assert meta_of_text(text.replace("紧扣", "将紧扣")).doc_type != "工作总结"
    assert meta_of_text("2024年,某某县卫生健康委员会紧扣高质量发展主线,推动卫生健康事业稳步发展。\n").doc_type is None


def test_untitled_list_of_items_told_by_its_tense():
    more = "按照上级要求,各乡镇卫生院统一制定了工作制度,对辖区内的重点人群逐户开展摸底登记和随访服务。"
    done = (f"(一)疾病防控工作扎实开展\n\n一是完成了碘盐监测任务,共检测碘盐108份,合格率100%。{more}\n\n"
            f"二是截至目前全县共建立居民健康档案15927份。{more}\n\n(二)妇幼保健工作稳步推进\n\n"
            f"三是制定下发了实施方案。{more}\n")
    plan = (f"(一)抓好卫生民生工程建设\n\n1、完善新农合制度。参合率力争达93%。{more}\n\n"
            f"2、继续做好重大传染病救治工作。{more}\n\n(二)推进医改\n\n3、力争到20xx年全县村卫生室纳入一体化管理。{more}\n")
    assert meta_of_text(done).doc_type == "工作总结"
    assert meta_of_text(plan).doc_type == "工作计划"
    # Near miss: items that say both what was done and what is aimed at tell neither.
    assert meta_of_text(done + f"\n四是力争年底前完成验收。{more}\n\n五是继续做好宣传。{more}\n").doc_type is None


def test_an_outlet_dateline_whose_credit_names_the_paper_before_its_reporter():
    m = meta_of_text("中国某某在线某某讯 (某某经济日报记者 刘峰 通讯员 马亚江)雪润大地辞旧岁。近日,县卫健系统举办联欢晚会。\n"
                     + PARA)
    assert m.doc_type == "其他"
    # Near miss: a bracket that credits no one is no dateline credit.
    assert meta_of_text("某某讯 (某某经济日报某某栏目某某专题)雪润大地辞旧岁。\n" + PARA).doc_type is None


def test_news_of_an_inspection_is_of_the_year_whose_work_it_checked_the_verb_first():
    text = "县卫生监督工作接受督查\n本报讯 8月27日,省督查组到我县检查指导。\n{}\n" + PARA
    assert meta_of_text(text.format("督查组现场检查了我县2015年各项重点检查计划进展落实情况。")).year == 2015
    # Near miss: work of several years (2015年以来) is no one year's.
    assert meta_of_text(text.format("督查组现场检查了我县2015年以来各项重点检查计划落实情况。")).year is None


def test_a_span_a_plan_runs_over_is_no_year_the_body_names():
    text = "关于《某某市健康行动实施意见》的政策解读\n发布:2021-04-25 10:34:00\n依据《健康某某行动 ({})》编制本意见。\n" + PARA
    assert meta_of_text(text.format("2017-2020年")).year == 2021
    # Near miss: a single other year the body names still keeps the page's date from giving the year.
    assert meta_of_text(text.format("2020年")).year != 2021


def test_a_post_line_with_its_author_and_day_is_the_page_s_date_line():
    text = "某省卫生健康代表团到某某市开展调研\n某某网友一号 2024-03-06\n3月4日,某省卫生健康委率代表团到某某市开展调研。\n{}\n"
    assert meta_of_text(text.format("市人民医院就2023年工作重点作汇报。")).year == 2024
    # Near miss: a sentence holding a date is the body's first sentence, not a post line.
    m = meta_of_text("某某网友一号 于2024-03-06 发帖称,县卫健局召开会议。\n" + PARA)
    assert m.publish_date is None


def test_a_year_and_the_year_before_only_as_its_comparison():
    text = "第3章 卫生\n\n【妇幼保健】 住院分娩率为97%,较{}年同期有提升。\n\n【新型农村合作医疗】 2009年,全县参合率达95%。\n"
    assert meta_of_text(text.format(2008)).year == 2009
    # Near miss: a comparison with a year that is not the one before tells nothing.
    assert meta_of_text(text.format(2005)).year is None


def test_a_credit_standing_alone_after_the_body_names_the_bureau():
    body = "某某县卫生城市建设推进会召开\n近日,某某县全县卫生城市建设推进会召开。市爱卫办副主任出席会议并讲话。\n{}\n"
    m = meta_of_text(body.format("(合江县卫计局:王蓉)"))
    assert m.agency == "合江县卫计局"
    # Near miss: a city's commission credited is not the county's bureau.
    assert meta_of_text(body.format("(泸州市卫计委:王蓉)")).agency is None


def test_a_bureau_visited_among_other_departments_or_visiting_a_county_is_not_the_author():
    m = meta_of_text("区领导深入区卫健委区医保局区体育局调研\n11月1日,区委书记深入区卫生健康委、区医疗保障局、区体育局调研。\n" + PARA)
    assert m.agency is None
    m = meta_of_text("市卫生健康委主任带队赴河东区调研卫生健康工作\n10月31日,市卫生健康委主任到河东区走访调研。\n"
                     "调研组与河东区副区长、区卫生健康委党委书记等进行了深入交流。\n")
    assert m.agency is None
    # Near misses: a visit to the bureau alone, and the bureau going to a township, leave the bureau the author.
    assert meta_of_text("县政协副主席来到县卫生局视察\n9月2日,县政协副主席来到县卫生局视察提案办理工作。\n" + PARA).agency == "县卫生局"
    m = meta_of_text("区卫生健康局局长带队赴街道办事处开展考核\n2月21日上午,区卫生健康局局长带队赴街道办事处开展考核。\n" + PARA)
    assert m.agency == "区卫生健康局"


def test_a_notices_addressee_line_is_not_its_first_sentence():
    # An untitled meeting notice: its lead is the sentence after the addressees (其他, dated by its signature).
    meta = meta_of_text("各镇人民政府、相关医疗机构:\n为做好计划生育特殊家庭扶助关怀工作,经研究,决定召开2024年人口监测与"
                        "家庭发展工作推进会,现将会议有关事项通知如下:\n一、会议时间\n2024年8月29日14:00。\n"
                        "某区卫生健康局\n2024年8月28日\n")
    assert (meta.year, meta.doc_type) == (2024, "其他")
    # Near miss: a heading that ends in a colon (主要做法:) opens the report; it is not an addressee.
    from build_archive.parse.evidence import _ADDRESSEE
    assert _ADDRESSEE.match("各乡镇卫生院,县直各医疗卫生单位:") and _ADDRESSEE.match("尊敬的各位领导:")
    for heading in ("主要做法:", "一、工作开展情况:", "现将有关情况报告如下:", "全县卫生健康工作取得了以下成效:"):
        assert not _ADDRESSEE.match(heading), heading


def test_a_letter_or_notice_is_of_the_year_it_is_dated():
    # A reply letter dated by its page, whose background names an earlier year: the letter's year.
    page = ("某县卫生健康局关于县第十七届人大第四次会议第37号建议答复的函\n发布日期: 2020-11-10 15:33\n"
            "陈某代表:\n您提出的建议收悉。2017年健康扶贫工作开展以来,县委、县政府投入大量资金对村卫生室进行整治、重建、改造。\n")
    meta = meta_of_text(page)
    assert (meta.year, meta.doc_type) == (2020, "其他")
    # An untitled page announcing itself as a notice is 其他, of the year its page is dated.
    page = ("发布日期: 2023-04-26 08:32\n为推动我县国家卫生城镇巩固工作顺利开展,畅通群众参与爱国卫生运动的渠道,"
            "现将有关事项公告如下:\n一、受理范围\n对我县爱国卫生工作的意见和建议。\n")
    meta = meta_of_text(page)
    assert (meta.year, meta.doc_type) == (2023, "其他")
    # Near miss: a notice that 印发 a summary is the summary's, of the year its title names.
    meta = meta_of_text("关于印发某县卫生健康局2022年工作总结的通知\n发布日期: 2023-02-01\n" + BODY)
    assert meta.year == 2022


def test_the_disclosure_annual_report_said_as_the_work_of_its_report_is_other():
    # "…2022年度政府信息公开工作的报告" glued to its first sentence: the 政府信息公开 annual report (其他), of 2022.
    meta = meta_of_text("某县卫生健康局 2022年度政府信息公开工作的报告 根据《中华人民共和国政府信息公开条例》要求,"
                        "编制了本年报。本年度报告中所列数据的统计期限自2022年1月1日起至12月31日止。\n" + BODY)
    assert (meta.doc_type, meta.year) == ("其他", 2022)
    # Near miss: the report on a year's work is a summary.
    meta = meta_of_text("某县卫生健康局关于2022年卫生健康工作情况的报告\n" + BODY)
    assert meta.doc_type == "工作总结"


def test_an_official_accompanying_visitors_named_again_only_in_an_editor_credit_is_no_author():
    text = ("10月24日上午,在副县长王某、卫生局党委书记张晓明陪同下,专家组被安排到六个乡的卫生院。\n"
            "专家组与各乡卫生院医护人员共同开展健康体检工作,确保按期完成。\n{}\n")
    assert meta_of_text(text.format("文/图:李某 责任编辑:张晓明")).agency is None
    # Near miss: the official acting again in the text (he reports the work) leaves his bureau the author.
    assert meta_of_text(text.format("张晓明介绍了全县健康体检工作的进展情况。")).agency == "卫生局"


def test_a_bureau_joining_the_host_of_another_body_s_meeting_is_no_author():
    text = ("为全面总结年度援疆工作,2025年1月5日,某某援疆工作指挥部举行2024年度卫生援疆工作总结暨述职考评会议。\n"
            "会上,38名医疗卫生援疆人才依次进行发言,展示了工作成效。\n{}相关负责人进行了总结,赞扬了援疆人才的卓越表现。\n")
    assert meta_of_text(text.format("岳普湖县卫健委和某某援疆工作指挥部")).agency is None
    # Near miss: the bureau summing up on its own is still read as before.
    assert meta_of_text(text.format("岳普湖县卫健委")).agency == "岳普湖县卫健委"


def test_a_city_bureau_s_head_listed_among_those_attending_is_no_author():
    text = ("3月30日,全市建设中医药强市工作推进会召开。副市长李某出席并讲话,县委书记靳某,{}\n"
            "李某指出,要推动我市中医药产业高质量发展,全市各成员单位要主动作为。\n")
    assert meta_of_text(text.format("市卫健委主任高某,副县长孙某参加。")).agency is None
    # Near miss: the city's bureau acting (its head sets the work) is the 市 page's bureau.
    assert meta_of_text(text.format("副县长孙某参加。市卫健委主任高某就各项工作进行具体安排部署。")).agency == "市卫健委"


def test_a_people_s_congress_evaluation_of_the_bureau_is_not_the_bureau_s():
    text = ("某某县人大常委会根据评议工作办法的规定,组织人大代表对县卫生健康局的工作进行了评议。\n"
            "调查组认为,近年来,县卫生健康局坚持党的领导,认真贯彻执行县人民代表大会的决定。\n")
    m = meta_of_text(text)
    assert (m.agency, m.doc_type) == (None, "其他")
    m = meta_of_text("某某县人大常委会关于对县卫生健康局工作情况的评议意见\n" + text)
    assert m.agency is None
    # Near miss: the bureau's own account of the evaluation it underwent (我局) is the bureau's.
    m = meta_of_text("县卫生健康局关于县人大常委会评议意见的整改报告\n" + text + "我局高度重视,逐条整改。\n")
    assert m.agency == "县卫生健康局"


def test_an_untitled_page_closed_by_its_editor_s_credit_is_news():
    text = ("2012年—2015年,某某市派出由市中心医院近80名医务人员组成的援藏团队,派驻某某县人民医院。"
            "4年来,先后筛查门诊病人1263例,深受当地群众欢迎。\n{}")
    assert meta_of_text(text.format("责任编辑:葛某青\n")).doc_type == "其他"
    # Near miss: without the credit the page says nothing of its kind.
    assert meta_of_text(text.format("")).doc_type is None


def test_another_level_s_meeting_the_county_s_people_attended_is_news():
    text = ("2017年2月28日,在市委会议室召开了{}卫生与健康大会,参加会议的有市委书记、市长、副市长等200多人。\n"
            "市长做了工作部署,并将工作分工明确到多个部门抓紧落实。\n{}\n")
    assert meta_of_text(text.format("哈尔滨市", "我县某县长、某副县长、某局长参加了会议。")).doc_type == "其他"
    # Near miss: the county's own work meeting, which its townships' heads attend, is its meeting's report.
    assert meta_of_text(text.format("2017年全县", "全县各乡镇卫生院院长参加了会议。")).doc_type == "会议报道"


def test_the_county_another_level_s_meeting_is_held_in_by_its_short_name():
    text = "3月30日,某某市建设中医药强市工作推进会暨现场会在{}召开。副市长出席并讲话,县委书记参加。\n" + PARA
    assert meta_of_text(text.format("稷山")).county == "稷山县"
    # Near miss: a meeting held in a city or a province names no county.
    assert meta_of_text(text.format("北京")).county is None


def test_the_county_visitors_go_to_when_the_text_says_they_came_to_us():
    text = ("10月24日,某某地区组织30多名队员,携带检查设备{}协助我县完成全民健康体检工程。\n"
            "6个体检医疗组已于今天下午分别赴疏附县6个乡镇卫生院,共同开展体检工作。\n")
    m = meta_of_text(text.format("到达我县,"))
    assert (m.county, m.city) == ("疏附县", "喀什地区")
    # Near miss: a county visitors go to, the text never saying they came to it, may be any county.
    assert meta_of_text(text.format("")).county is None


def test_a_lead_s_bureau_by_its_kind_of_unit_named_in_full_further_on():
    text = ("2019年的余额已不足,区卫生健康委对口帮扶工作却依然行进在路上。在即将过去的2019年,{}卫生健康委认真贯彻"
            "落实脱贫攻坚的决策部署,承担了对当雄县、易县等8个贫困地区的对口支援。\n")
    m = meta_of_text(text.format("丰台区"))
    assert (m.agency, m.county, m.province) == ("丰台区卫生健康委", "丰台区", "北京市")
    # Near miss: two districts' commissions named in full leave the lead's bureau as written.
    assert meta_of_text(text.format("丰台区卫生健康委牵头,房山区")).agency == "区卫生健康委"
    # Nor is another district's commission its object names (与房山区卫生健康委交流) the lead's.
    assert meta_of_text(text.format("该委与房山区")).agency == "区卫生健康委"


def test_a_city_outlet_s_dateline_over_a_district_s_text_that_names_no_place():
    text = ("{}讯 5月17日,区委统战部、区卫健局分管负责人组成督导组,对全区5处新农村卫生室建设情况进行督导。\n"
            "督导组先后到各镇卫生室建设现场进行实地查看,提出整改意见。\n")
    m = meta_of_text(text.format("聊城新闻网"))
    assert (m.county, m.province, m.city) == (None, "山东省", "聊城市")
    # Near miss: a national outlet's dateline names no city.
    assert meta_of_text(text.format("中国新闻网")).city is None


def test_a_reporter_s_byline_naming_the_city_reported_from():
    text = ("{}\n4月27日,某某度假区2023年全区卫生健康工作会议召开。各街道卫生计生主任参加会议。\n"
            "会议对全区卫生系统党风廉政工作提出明确要求。\n")
    m = meta_of_text(text.format("大众网记者 赵某某 日照报道"))
    assert (m.county, m.province, m.city) == (None, "山东省", "日照市")
    # Near miss: a byline that reports from no place names no city.
    assert meta_of_text(text.format("大众网记者 赵某某 报道")).city is None


def test_a_meeting_speech_reviewing_last_year_and_setting_this_year_names_neither_in_digits():
    text = ("县卫生工作会议上的讲话\n同志们:\n这次会议的主要任务是{},全面推动我县卫生事业再上新台阶。\n"
            "2008年,是我县经济社会发展极不平凡的一年。全县卫生系统团结一致,创造性地开展工作。\n")
    assert meta_of_text(text.format("总结去年全县卫生工作情况,传达贯彻省、市会议精神,安排部署今年工作")).year is None
    # Near miss: a speech that says nothing of which year it reviews keeps the year its body opens on.
    assert meta_of_text(text.format("传达贯彻省、市卫生工作会议精神")).year == 2008


def test_a_meeting_s_year_ahead_said_after_the_year_it_reviews():
    text = ("某某县召开卫生健康暨深化综合医改工作会议\n会议指出,2024年,全县卫健系统在县委、县政府的坚强领导下,"
            "锐意进取、砥砺前行。\n会议强调,{}年是“十四五”规划全面收官之年。全县卫健系统要坚持党建引领,深化综合医改。\n")
    assert meta_of_text(text.format(2025)).year == 2025
    # Near miss: a year ahead that is not the one after the year reviewed is not taken (the year reviewed is, as before).
    assert meta_of_text(text.format(2027)).year == 2024


def test_a_five_year_plan_s_notice_above_the_text_has_no_one_year():
    text = ("招商政策\n某某市某某区人民政府关于印发某某区卫生健康事业发展{}规划的通知\n发布时间:2021年12月02日\n"
            "各乡镇人民政府、街道办事处:现将《某某区卫生健康事业发展规划》印发给你们,请认真贯彻执行。\n")
    assert meta_of_text(text.format("“十四五”")).year is None
    # Near miss: a plan of one year named so is that year's.
    assert meta_of_text(text.format("2022年度")).year == 2022


def test_undated_news_naming_one_year_besides_the_year_of_its_funds():
    text = ("10月16日,记者在某某镇村级卫生室建设现场看到,新建的村卫生室已完成室内外粉刷。\n"
            "村级标准化卫生室建设作为健康扶贫的一项重要内容,今年年底前将实现全覆盖。2019年,新建61个、维修75个。\n"
            "目前,{}2018年东西部扶贫协作资金新建的61个村卫生室预计本月底将完工53个。\n")
    assert meta_of_text(text.format("依托")).year == 2019
    # Near miss: a second year said as the work's own is no funds' year.
    assert meta_of_text(text.format("于")).year is None


def test_an_untitled_news_item_whose_dated_lead_follows_a_sentence_of_background():
    text = ("包虫病属于人畜共患寄生虫病,严重危害居民身体健康。{}区疾控中心在某某小学顺利完成小学生B超筛查工作。\n"
            "在开展现场筛查工作的同时,疾控中心工作人员对小学生讲解了防治知识。\n")
    assert meta_of_text(text.format("根据自治区监测方案要求,年10月27日至11月4日,")).doc_type == "其他"
    # Near miss: background with no day of an event tells nothing.
    assert meta_of_text(text.format("根据自治区监测方案要求,")).doc_type is None


def test_a_people_s_congress_evaluation_whose_title_wrapped_mid_word():
    m = meta_of_text("某某县人大常委会关于对县卫生健康局工作情\n况的评议意见\n"
                     "某某县人大常委会根据评议工作办法的规定,组织人大代表对县卫生健康局的工作进行了评议。\n"
                     "调查组认为,近年来,县卫生健康局坚持党的领导,认真贯彻执行县人民代表大会的决定。\n")
    assert m.agency is None


def test_an_untitled_five_year_plan_said_in_its_preamble():
    from build_archive.parse.untitled import five_year_plan_preamble
    m = meta_of_text("为不断提高全县居民的健康水平,现结合我县实际,特制定修武县卫生事业发展“十二五”(2011-2015年)规划。\n"
                     "一、“十一五”期间卫生事业简要回顾\n“十一五”期间,全县卫生事业经费投入大幅增长,2010年达1500万元。\n")
    assert m.doc_type == "其他" and m.year is None and "year-span" in codes(m)
    # Near miss: a report saying the plan is yet to be drawn up is not the plan.
    assert five_year_plan_preamble(("会议要求,要高点定位,科学制定卫生健康“十四五”规划。",)) is None


def test_an_untitled_visit_whose_party_is_accompanied_first():
    from build_archive.parse.news_leads import VISIT_LEAD
    m = meta_of_text("2019年5月6日至5月8日,某某州卫生健康委主任一行6人在修武县卫生健康局局长等的陪同下到我县进行健康扶贫"
                     "工作调研。\n调研组认真查看了健康扶贫工作档案资料,询问了工作中存在的困难。\n")
    assert m.doc_type == "其他"
    # Near miss: a party that meets where it is, going nowhere, is no visit.
    assert VISIT_LEAD.search("主任一行6人在县卫生健康局召开座谈会,听取工作汇报。") is None


def test_a_cadres_meeting_that_names_no_field_is_the_work_meeting():
    from build_archive.parse.meetings import names_no_field
    assert names_no_field("干部大会")
    # Near miss: a cadres' meeting on one matter still names its field.
    assert not names_no_field("党员干部警示教育大会")
    assert meta_of_text("3月30日,市卫健委召开干部大会。市长出席会议并讲话。\n他希望全体工作人员自觉增强大局观念。\n"
                        ).doc_type == "会议报道"


def test_a_publisher_row_giving_the_bureau_bare_names_the_county_s_bureau():
    text = ("索引号: | 11330727350242958L/2021-51398 | 公开形式: | 主动公开 |\n"
            "发布机构: | {} | 生成日期: | 2014-11-28 |\n"
            "为了加快修武县卫生改革与发展的步伐,不断提高城乡居民的健康水平,全县卫生系统狠抓机遇。\n"
            "全县共有医疗卫生机构149家,拥有病床数425张。\n")
    m = meta_of_text(text.format("卫健局"))
    assert m.agency == "卫健局" and m.agency_full == "修武县卫生健康局"
    # Near miss: a city's commission in that row is not the county's bureau.
    assert meta_of_text(text.format("焦作市卫健委")).agency is None


def test_a_unit_acting_jointly_with_the_bureau_is_the_author():
    text = ("2025年4月25日-5月1日是第23个《职业病防治法》宣传周。为守护劳动者健康,{}等多部门开展系列宣传活动。\n"
            "4月28日,30余名工作人员在步行街向群众普及职业病防治知识。\n")
    assert meta_of_text(text.format("修武县卫生健康监督所联合修武县卫生健康局相关股室、县疾病预防控制中心")).agency is None
    # Near miss: the bureau acting jointly with its unit is the author.
    assert meta_of_text(text.format("修武县卫生健康局联合修武县卫生健康监督所、县疾病预防控制中心")).agency == "修武县卫生健康局"


def test_a_headline_whose_kind_is_its_verb_over_a_dated_news_lead_is_news():
    text = ("修武积极谋划新年妇幼健康重点工作\n{}修武县卫健局积极谋划2019年度全县妇幼健康重点工作。\n"
            "优化妇幼健康服务质量管理,确保母婴安全。\n")
    m = meta_of_text(text.format("近日,"))
    assert m.doc_type == "其他" and m.year == 2019
    # Near miss: without a news lead the headline still reads as the plan.
    assert meta_of_text(text.format("")).doc_type == "工作计划"


def test_an_announced_summary_and_plan_of_one_year_is_re_dated():
    text = ("2022年,我县卫生健康工作在县委、县政府的坚强领导下,统筹推进各项工作。现将2022年工作总结和{}年工作安排汇报如下:\n"
            "一、2022年工作总结\n(一)坚持党建引领。\n")
    m = meta_of_text(text.format(2022))
    assert m.year is None and "year-conflict" in codes(m)
    # Near miss: the plan of the next year makes the summary's year the report's.
    assert meta_of_text(text.format(2023)).year == 2022


def test_a_yearbook_s_entry_under_its_catalogue_lines():
    text = ("书名:\n一级目:科教•文体•卫生\n二级目:医疗卫生\n"
            "【基层卫生建设】2021年,修武县{}新建和改造5家乡镇卫生院和12家村卫生室,村卫生室标准化率达97%。\n")
    m = meta_of_text(text.format("投资1.2亿元,"))
    assert m.doc_type == "其他" and m.year == 2021
    # Near miss: a report's own section so headed speaks as the bureau (我局), and is no yearbook's entry.
    from build_archive.parse.untitled import almanac_entry
    assert almanac_entry(("【基层卫生建设】2021年,我局新建和改造5家乡镇卫生院。",)) is None

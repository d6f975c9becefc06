from pathlib import Path

import pytest
import yaml

from build_archive.parse.chrome_rules import RulesError, load_rules
from build_archive.parse.clean import clean
from build_archive.parse.layout import normalise_line
from build_archive.parse.lines import is_prose

CASES = yaml.safe_load((Path(__file__).parent.parent / "fixtures" / "clean_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_golden_case(case):
    cleaned = clean(case["input"])
    assert [line.text for line in cleaned.lines if line.text] == case["kept"]
    assert [[r.rule, r.text] for r in cleaned.removed] == case["removed"]


def test_removed_lines_keep_their_source_line_numbers():
    text = "分享到:\n东安县卫生健康局2020年工作总结\n\n" + "全县卫健系统坚持以人民健康为中心，各项工作稳步推进，取得了明显成效。\n"
    cleaned = clean(text)
    assert [(r.line_no, r.rule) for r in cleaned.removed] == [(1, "share-widget")]
    assert [line.line_no for line in cleaned.lines if line.text] == [2, 4]


@pytest.mark.parametrize("raw, expected", [
    ("\u3000\u3000全县共有医疗卫生机构293间", "全县共有医疗卫生机构293间"),
    ("阳 山 县 卫 生 健 康 局", "阳山县卫生健康局"),
    ("  • 豫体网6月12日电", "豫体网6月12日电"),
    ("床位\u00a0\u00a01584张", "床位 1584张"),
    ("“四医联动” ,统筹推进", "“四医联动” ,统筹推进"),  # punctuation inside sentences is untouched
    ("县\u200b卫健委", "县卫健委"),
])
def test_layout_normalisation(raw, expected):
    assert normalise_line(raw) == expected


def test_words_between_latin_letters_keep_their_spaces():
    assert normalise_line("IE9.0 及以上 版本") == "IE9.0 及以上 版本"


def test_blank_line_runs_collapse_to_one_paragraph_break():
    body = "第一段内容，全县各项工作稳步推进，成效明显，群众满意度不断提高。"
    cleaned = clean(body + "\n\n\n\n" + body.replace("第一", "第二"))
    assert [line.text for line in cleaned.lines] == [body, "", body.replace("第一", "第二")]


def test_prose_detection():
    assert is_prose("今年以来,全县卫健系统以习近平新时代中国特色社会主义思想为指导,全面贯彻落实。")
    assert not is_prose("东安县卫生健康局2020年工作总结及2021年工作打算")


def test_seed_chrome_never_survives(seeds_dir):
    chrome = ["您现在所在的位置", "分享到", "【字体", "文字大小", "扫一扫在手机打开当前页", "一审:", "相关政策",
              "友情链接", "推荐阅读", "Document", "ICP备", "公网安备", "网站标识码", "网站地图", "建议使用",
              "举报热线", "本站小编", "当前位置", "责任编辑", "浏览量"]
    for path in sorted(seeds_dir.glob("*.txt")):
        body = "\n".join(line.text for line in clean(path.read_text(encoding="utf-8")).lines)
        for marker in chrome:
            assert marker not in body, f"{path.name}: chrome '{marker}' survived cleaning"


def test_rules_file_errors_name_the_file_and_rule(tmp_path):
    bad = tmp_path / "chrome.yml"
    bad.write_text("rules:\n  - name: x\n    pattern: '('\n    where: anywhere\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"chrome.yml: rule 1 \(x\): bad regular expression"):
        load_rules(bad)
    bad.write_text("rules:\n  - name: x\n    pattern: 'a'\n    where: middle\n", encoding="utf-8")
    with pytest.raises(RulesError, match="'where' must be anywhere, head, tail or edges"):
        load_rules(bad)
    bad.write_text("rules:\n  - name: x\n    pattern: 'a'\n    where: head\n    colour: red\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"unknown key\(s\) \['colour'\]"):
        load_rules(bad)


# --- hard line breaks (PDF/Word text) --------------------------------------------------------

WRAPPED = (
    "　　2021年，在县委、县政府的坚强领导下，全县卫生健康系统\n"
    "坚持以人民健康为中心，持续深化医药卫生体制改革，公共卫生\n"
    "服务能力不断增强，各项工作取得明显成效。现将有关情况总结\n"
    "如下：\n"
    "一、2021年工作开展情况\n"
    "　　（一）疫情防控有力有效。全年累计完成核酸检测86.5万人\n"
    "次，新冠疫苗接种率达到95.2%，实现了疫情零发生的目标，为\n"
    "全县经济社会发展提供了坚实保障。\n"
)


def test_hard_wrapped_lines_are_joined_but_not_across_headings_or_indents():
    kept = [line.text for line in clean(WRAPPED).lines if line.text]
    assert kept == [
        "2021年，在县委、县政府的坚强领导下，全县卫生健康系统坚持以人民健康为中心，持续深化医药卫生体制改革，"
        "公共卫生服务能力不断增强，各项工作取得明显成效。现将有关情况总结如下：",
        "一、2021年工作开展情况",
        "（一）疫情防控有力有效。全年累计完成核酸检测86.5万人次，新冠疫苗接种率达到95.2%，实现了疫情零发生的目标，"
        "为全县经济社会发展提供了坚实保障。",
    ]
    # a joined line keeps the number of its first source line
    assert [line.line_no for line in clean(WRAPPED).lines if line.text] == [1, 5, 6]


def test_lines_that_end_sentences_or_vary_in_width_are_not_joined():
    text = ("全县卫生健康系统坚持以人民健康为中心，持续深化医药卫生体制改革。\n"
            "各项工作取得明显成效，群众满意度不断提高\n"
            "县人民医院牵头组建紧密型医共体，实现了人员、财务、药品、信息的统一管理，县域内就诊率达到91.6%\n"
            "全年共完成家庭医生签约服务12.6万人\n")
    assert len([line for line in clean(text).lines if line.text]) == 4


def test_traditional_chrome_is_matched_through_its_simplified_reading():
    cleaned = clean("發佈日期：2020-01-15 來源：鳳凰縣衛生健康局\n鳳凰縣衛生健康局2019年工作總結\n"
                    "2019年，鳳凰縣衛生健康系統在縣委、縣政府的堅強領導下，堅持以人民健康為中心，各項工作取得明顯成效。")
    assert [r.rule for r in cleaned.removed] == ["header-meta"]
    assert cleaned.removed[0].text.startswith("發佈日期")  # recorded as written


def test_a_label_alone_on_its_line_takes_its_value_with_it():
    cleaned = clean("发布机构：\n康平县卫生健康委员会\n县卫健委2023年上半年工作总结\n"
                    "今年上半年，县卫健委在县委、县政府的正确领导下，各项工作取得明显成效，群众满意度不断提高。")
    assert [(r.rule, r.text) for r in cleaned.removed] == [("header-meta", "发布机构："), ("header-meta", "康平县卫生健康委员会")]


def test_every_character_is_kept_or_listed_as_removed():
    """Nothing disappears silently: each Han character is in a kept line or a removed line."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from([
        "您当前的位置：首页 > 政务公开", "索引号：431122/2021-00012", "发布机构：", "东安县卫生健康局", "第1页 共3页",
        "下载文档", "　　全县卫生健康系统坚持以人民健康为中心，持续深化医药卫生体制改革，", "各项工作取得明显成效。",
        "一、工作开展情况", "主办：东安县人民政府办公室", "", "（一）医改持续深化", "2021-01-20 10:08",
    ])

    @settings(max_examples=30, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=14))
    def check(lines):
        text = "\n".join(lines)
        cleaned = clean(text)
        han = lambda s: sorted(ch for ch in s if "\u4e00" <= ch <= "\u9fff")  # noqa: E731
        assert han("".join(line.text for line in cleaned.lines) + "".join(r.text for r in cleaned.removed)) == han(text)

    check()


# --- issue 15: chrome by position and shape (real pages in tests/fixtures/real/) -------------

BODY = "2020年，全县卫生健康系统坚持以人民健康为中心，扎实推进各项重点工作，取得明显成效，群众满意度不断提升。"


def rules_of(text: str) -> dict[str, str]:
    return {r.text.strip(): r.rule for r in clean(text).removed}


def kept_of(text: str) -> list[str]:
    return [line.text for line in clean(text).lines if line.text]


def test_short_lines_above_the_report_title_are_the_sites():
    text = "电脑桌面\n添加大秘书到电脑桌面\n安装后可以在桌面快捷访问\n\n综合热点\n东安县卫生健康局2020年工作总结\n" + BODY
    assert rules_of(text) == {"电脑桌面": "above-title", "添加大秘书到电脑桌面": "above-title",
                              "安装后可以在桌面快捷访问": "above-title", "综合热点": "above-title"}


def test_above_the_title_a_two_line_title_a_kicker_a_copy_and_a_sentence_are_kept():
    two_line = kept_of("阳山县卫生健康局\n2020年工作总结和2021年工作计划\n" + BODY)
    assert two_line[:2] == ["阳山县卫生健康局", "2020年工作总结和2021年工作计划"]
    kicker = kept_of("统筹兼顾 推进健康集美建设\n集美区召开2020年全区卫生健康工作会议\n" + BODY)
    assert kicker[0] == "统筹兼顾 推进健康集美建设"
    copy = kept_of("县卫生健康局2020年工作总结\n\n栏目:年终总结发布:2020-10-31浏览:2208\n\n县卫生健康局2020年工作总结\n" + BODY)
    assert copy[:2] == ["县卫生健康局2020年工作总结"] * 2
    lead = "3月23日上午，郾城区卫计委组织召开了2017年全区卫生计生工作会。会议总结回顾了2016年工作。"
    assert kept_of(lead + "\n区卫计委党组书记、主任闫志红作工作总结报告\n" + BODY)[0] == lead


def test_a_page_without_a_title_loses_nothing_to_the_position_rule():
    text = BODY + "\n一、主要工作\n2021年工作计划\n" + BODY
    assert clean(text).removed == ()


def test_widget_shapes_and_vocabularies():
    text = ("区卫生健康局2022年工作总结和2023年工作计划\nVIP专免\n999+\n18KB\n10 页\n海报\n侵权投诉\n"
            "2024-05-24 999+ 12.16KB 6 页 海报\n|\n>\n" + BODY + "\n立即赞助VIP\n")
    rules = rules_of(text)
    assert set(rules) == {"VIP专免", "999+", "18KB", "10 页", "海报", "侵权投诉", "2024-05-24 999+ 12.16KB 6 页 海报",
                          "|", ">", "立即赞助VIP"}
    assert rules["18KB"] == "widget-count" and rules["|"] == "separator"


def test_info_table_rows_without_colons_and_after_the_body():
    text = ("索引号 640522017/2022-00027 文号 生成日期 2022-07-05 16:35:00\n海原县卫生健康局2022年上半年工作总结\n"
            + BODY + "\n主題詞:2023年唐河縣衛生健康工作會議召開 - 點擊收起詳細信息\n發布機構 | 唐河縣政\n")
    rules = rules_of(text)
    assert rules["索引号 640522017/2022-00027 文号 生成日期 2022-07-05 16:35:00"] == "info-table"
    assert rules["發布機構 | 唐河縣政"] == "info-table"


def test_info_table_rows_with_an_empty_value_or_a_spaced_label_go_in_one_pass():
    # Each row alone holds two labels; kept, two rows met across a removed date line and were
    # joined, and only a second cleaning removed them: the rows must go in the first pass.
    text = ("某县卫生健康局2023年工作总结\n2024-01-11 15:10 某县人民政府\n索 引 号 000000000/2024-00001 分  类 其他\n"
            "发布机构 某县卫生健康局 发文日期 2024-01-11\n文  号 效力状态 有效\n" + BODY + "\n")
    rules = rules_of(text)
    assert rules["索 引 号 000000000/2024-00001 分  类 其他"] == "info-table"
    assert rules["文  号 效力状态 有效"] == "info-table"
    # A sentence opening on 文号 is no table row.
    assert "文号管理规范,分类存档" not in rules_of("某县卫生健康局2023年工作总结\n" + BODY + "\n文号管理规范,分类存档。\n")


def test_pinyin_readings_of_traditional_mirrors_do_not_hide_chrome():
    assert rules_of("來(lái)源:新周口客戶(hù)端\n" + BODY) == {"來(lái)源:新周口客戶(hù)端": "header-meta"}


def test_a_news_article_ends_at_its_closing_line():
    text = (BODY + "\n" + BODY + "\n原标题:补齐卫生健康短板\n责任编辑:凌芹莉\n石狮:秋风起,紫菜香,市民纷纷赶海,一派丰收景象,游客络绎不绝。\n"
            "精彩视频\n")
    rules = rules_of(text)
    assert rules["原标题:补齐卫生健康短板"] == "repost-title"
    assert rules["石狮:秋风起,紫菜香,市民纷纷赶海,一派丰收景象,游客络绎不绝。"] == "after-article"
    assert kept_of(text) == [BODY, BODY]


def test_a_teaser_repeating_the_next_paragraph_is_removed():
    teaser = BODY[:40]
    assert rules_of("海兴县卫生健康局2018年工作总结\n" + teaser + "\n" + BODY + BODY) == {teaser: "teaser"}


def test_bare_photo_captions_of_meeting_news_but_not_a_speech_title():
    text = BODY + "\n副县长谢恩莲讲话\n会议现场。\n" + BODY
    assert rules_of(text) == {"副县长谢恩莲讲话": "photo-caption", "会议现场。": "photo-caption"}
    assert kept_of("在2021年全县卫生健康工作会议上的讲话\n" + BODY)[0] == "在2021年全县卫生健康工作会议上的讲话"


def test_a_label_takes_no_title_salutation_or_non_date_as_its_value():
    text = "发布机构：东安县卫生健康局\n废止日期:\n2023年卫健委重点工作责任清单进展情况汇总表(第四季度)\n" + BODY
    assert "2023年卫健委重点工作责任清单进展情况汇总表(第四季度)" in kept_of(text)
    text = "文件状态:\n各医疗卫生单位:\n" + BODY
    assert "各医疗卫生单位:" in kept_of(text)


def test_anti_scraping_noise_but_not_markup_written_as_text():
    text = BODY + "\n1 a# ]% M6 |1 ^0 o\n<img src=x onerror=\"alert('img')\">\n" + BODY
    assert rules_of(text) == {"1 a# ]% M6 |1 ^0 o": "noise"}


def test_a_short_sentence_about_who_attended_is_not_a_caption():
    text = BODY + "\n副县长李四出席会议并讲话。\n" + BODY
    assert clean(text).removed == ()


def test_a_headline_over_the_date_line_marks_where_the_site_ends():
    text = "晋江新闻网\n今日晋江\n补齐卫生健康短板 推进“健康晋江”建设\n来源:晋江经济报 2019-04-10 15:22\n" + BODY
    assert rules_of(text) == {"晋江新闻网": "above-title", "今日晋江": "above-title",
                              "来源:晋江经济报 2019-04-10 15:22": "header-meta"}


def test_rules_added_after_the_held_out_score():
    # A lone number after the body is a table's cell, not a widget.
    text = "代县卫生健康局2024年政府信息公开工作年度报告\n" + BODY + "\n规章\n0\n行政许可\n2\n"
    assert clean(text).removed == ()
    # A 范文 site's outline between the title and the title's copy.
    text = ("县2023年卫生健康工作总结\n目录/提纲:……\n(一)以学促干\n一是县人民医院新院区建设项目\n……\n"
            "县2023年卫生健康工作总结\n" + BODY)
    assert rules_of(text) == {"目录/提纲:……": "outline", "(一)以学促干": "outline", "一是县人民医院新院区建设项目": "outline",
                              "……": "separator"}
    # Related news after the article.
    text = BODY + "\n最新信息\n- 关于翁源县2024年度河道河砂禁采区的通...[10-08]\n2016-01-21 16:22阅读\n"
    assert set(rules_of(text)) == {"最新信息", "- 关于翁源县2024年度河道河砂禁采区的通...[10-08]", "2016-01-21 16:22阅读"}
    # A headline longer than a short line, between two entries of the list, is one of them (issue 15, c036).
    long = "未央区召开2015年度食品安全目标责任考核暨春节期间食品安全专项整治工作安排部署会"
    text = (BODY + "\n" + BODY + f"\n\n全站热点\n\n秦陵街办“三个注重”丰富为民服务内涵\n\n2016-01-21 16:22阅读\n\n{long}\n\n"
            "2016-01-20 10:13阅读\n\n高陵区委召开全面深化改革领导小组会议\n\n2016-01-18 17:39阅读\n")
    assert set(rules_of(text).values()) == {"link-list"} and rules_of(text)[long] == "link-list"


def test_a_title_with_a_widget_separator_at_its_end_is_the_title_not_the_sites():
    # The separator is the page's, the line is still the report's title (and kept: when unsure,
    # keep). A bracketed widget label under it is no headline for the date line below.
    text = ("|\n|\n菏澤市牡丹區衛生健康(中醫藥)工作會議召開 |\n【歷史上的今天】\n發布時間:2025-02-19 21:14\n" + BODY)
    removed = rules_of(text)
    assert "菏澤市牡丹區衛生健康(中醫藥)工作會議召開 |" not in removed
    assert removed["|"] == "separator"


def test_widget_lines_by_shape_seen_on_fresh_pages():
    # Related-topic headings, a lone brace or bar, an anonymous byline, list-item header labels,
    # a page head's split date and time, a media centre's name, a 范文 title counting its pieces.
    text = "卫生局2021年度工作计划\n佚名\n" + BODY + "\n|\n" + BODY + "\n相关话题\n}\n"
    assert rules_of(text) == {"佚名": "byline", "|": "separator", "相关话题": "link-list", "}": "separator"}
    text = "景洪市召开2022年全市卫生健康工作会议\n- 来源 :景洪市卫生健康局\n- 访问次数 :\n03/13\n07:00\n宁化县新闻中心\n" + BODY
    assert set(rules_of(text).values()) == {"header-meta", "header-date"}
    text = BODY + "\n- 上一篇:宁化县劳动社会保障局慰问挂点村受灾群众[ 03-13 ]\n下一篇 4\n"
    assert set(rules_of(text).values()) == {"prev-next"}
    assert rules_of("卫生局2023年上半年工作总结十篇\n卫生局2023年上半年工作总结\n" + BODY) == {
        "卫生局2023年上半年工作总结十篇": "site-title"}


def test_the_footer_is_a_zone_after_the_body():
    # After ICP/主办, the footer's lines go even where a colon at the end reads like prose.
    text = (BODY + "\n" + BODY + "\nICP备案号:鄂ICP备17005283号-1    鄂公网安备 42070402000191号\n"
            "主办单位:鄂城区人民政府    承办:鄂城区人民政府办公室    网站地图    系统管理入口\n"
            "网站技术支持电话:027-60896105    地址:鄂州市鄂城区凤凰街道办明塘路70号    点击总量:\n")
    assert len(rules_of(text)) == 3 and kept_of(text) == [BODY, BODY]


def test_teasers_a_few_lines_above_their_paragraph_and_in_traditional_script():
    first = "北京時間2025年2月19日(農歷2025年1月22日),星期三訊:牡丹區衛生健康(中醫藥)工作會議召開。"
    second = "2月18日,牡丹區衛生健康(中醫藥)工作會議召開。會議的主要任務是,回顧總結2024年全區衛生健康工作,表揚先進"
    text = f"摘要:{first}\n{second[:60]}…\n|\n{first}\n{second},安排部署2025年衛生健康工作任務。\n"
    assert set(rules_of(text)) == {f"摘要:{first}", f"{second[:60]}…", "|"}


def test_a_related_news_heading_ends_the_article():
    text = BODY + "\n" + BODY + "\n新闻推荐\n(记者吴晓龙)资中县在党的群众路线教育实践活动中,认真贯彻落实省委要求,着力开展法律援助服务...\n"
    assert set(rules_of(text).values()) == {"link-list", "after-article"}


def test_an_outline_above_the_title_goes_whole_when_most_entries_head_the_body():
    text = ("一、2025年工作总结\n1.筑牢党建基点\n2.提升能力支点\n3.做优服务亮点\n4.筑牢作风防线\n二、2026年工作计划\n"
            "XX区卫生健康局2025年工作总结及2026年工作计划\n" + BODY + "\n一、2025年工作总结\n1.筑牢党建基点,彰显卫健担当。\n"
            "2.提升能力支点,诠释卫健作为。\n3.做优服务亮点,体现卫健温度。\n")
    assert set(rules_of(text)) == {"一、2025年工作总结", "1.筑牢党建基点", "2.提升能力支点", "3.做优服务亮点",
                                   "4.筑牢作风防线", "二、2026年工作计划"}


def test_widget_and_credit_lines_by_shape_seen_on_the_never_tuned_pages():
    # A portal's own 首页 opening a breadcrumb; a counted comment widget and a font-size widget
    # under the headline (with the list bullets a repost keeps); a company's name above the
    # headline (the repost site's, not the report's title).
    text = ("网易首页 > 网易号 > 正文 申请入驻\n实硕医疗科技有限公司\n岐山县召开2022年卫生健康宣传工作会议\n• 来源:互联网\n"
            "• 0 条评论\n• T小字 T大字\n" + BODY)
    assert rules_of(text) == {"网易首页 > 网易号 > 正文 申请入驻": "breadcrumb", "实硕医疗科技有限公司": "site-name",
                              "• 来源:互联网": "header-meta", "• 0 条评论": "widget-count",
                              "• T小字 T大字": "font-widget"}
    # A repost statement closing the article is the site's: the credit lines above it are then
    # after the body, where 来源/作者/编辑 are the site's too.
    text = (BODY + "\n" + BODY + "\n来源:红网某某站\n作者:张三\n编辑:王五\n"
            "本文为某某新闻网原创文章,转载请附上原文出处链接和本声明。\n")
    assert set(rules_of(text).values()) == {"tail-meta", "repost-notice"} and kept_of(text) == [BODY, BODY]
    # A sentence about the body's own company keeps its line.
    assert rules_of("县卫生健康局2021年工作总结\n" + BODY + "\n与某某医疗科技有限公司签订协议,共建远程会诊中心。\n") == {}


def test_a_trail_of_sections_ending_in_the_page_s_title_is_a_breadcrumb():
    text = ("在2024年全县卫生健康工作会议上的讲话\n同志们:\n"
            "今天，我们在这里召开2024年全县卫生健康工作会议，回顾总结2023年工作情况，安排部署2024年重点工作。\n"
            "讲话致辞 >在2024年全县卫生健康工作会议上的讲话\n")
    cleaned = clean(text)
    assert [(r.line_no, r.rule) for r in cleaned.removed] == [(4, "breadcrumb")]
    # a line ending in other words than the title's is kept
    kept = clean(text.replace(">在2024年全县卫生健康工作会议上的讲话\n", ">今年的重点工作要抓实抓细\n"))
    assert kept.removed == ()


def test_an_outline_the_site_closes_with_an_ellipsis_ends_there():
    text = ("示范区卫生健康局2021年工作总结及2022年工作计划\n目录/提纲:……\n一、2021年工作开展情况\n(一)疫情防控工作\n"
            "四是加快推动示范区医保经办中心建立,为进一步深化医药卫生改革打好基础\n(三)加快推进区级公立医院党委的建设\n……\n"
            "示范区卫生健康局2021年工作总结及2022年工作计划\n一、2021年工作开展情况\n"
            "(一)疫情防控工作。一是全力做好全区常态化疫情防控指导工作，承担联防联控的各项任务，取得了明显成效。\n")
    cleaned = clean(text)
    assert [r.line_no for r in cleaned.removed] == [2, 3, 4, 5, 6, 7]
    assert {r.rule for r in cleaned.removed} == {"outline"}
    assert [line.line_no for line in cleaned.lines if line.text] == [1, 8, 9, 10]


def test_a_wechat_account_s_block_after_the_body_goes_with_its_id():
    text = ("近日，县卫生计生局召开了2018年惠东县卫生计生系统业务工作会议，部署了2018年重点工作任务，取得了明显成效。\n"
            "健康惠东\n微信:jkhdapp\n关注健康惠东,伴你健康成长\n长按二维码关注\n")
    cleaned = clean(text)
    assert [(r.line_no, r.rule) for r in cleaned.removed] == [(2, "wechat"), (3, "wechat"), (4, "wechat"), (5, "wechat")]
    assert clean("\n".join(line.text for line in cleaned.lines)).removed == ()
    # a short line over the body's last sentence, not over a WeChat id, stays
    kept = clean("健康惠东\n" + text.split("\n")[0] + "\n")
    assert [line.text for line in kept.lines if line.text][0] == "健康惠东"


# --- kinds of chrome seen on the second never-tuned split (fresh2, g*) ---------------------------
# Each rule by shape, position or vocabulary, with a near miss that stays body. Cleaning its own
# output removes nothing more (idempotent).

def _idempotent(text: str) -> None:
    once = "\n".join(line.text for line in clean(text).lines)
    assert clean(once).removed == ()


@pytest.mark.parametrize("chrome, rule", [
    ('您访问的链接即将离开"云浮市云安区人民政府"门户网站 是否继续?', "exit-prompt"),
    ("您即将离开本站,是否继续访问?", "exit-prompt"),
    ("请先登录", "login-prompt"),
    ("您还未登录!", "login-prompt"),
    ("登录后查看全文", "login-prompt"),
    ("收藏 分享(赏)", "page-tools"),
    ("点赞(12) 评论(3)", "page-tools"),
])
def test_pop_ups_login_prompts_and_counted_tools_anywhere(chrome, rule):
    text = "县卫生健康局2021年工作总结\n" + BODY + "\n" + chrome + "\n" + BODY + "\n" + chrome + "\n"
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


@pytest.mark.parametrize("body", [
    "患者即将离开医院时,医护人员要做好健康宣教,确保出院随访工作落实到位,群众满意。",
    "请先登录国家免疫规划信息系统核对儿童接种记录,再开具接种证明。",
    "登录系统使用情况",
    "分享(经验交流)",
])
def test_near_misses_of_pop_ups_and_tools_are_body(body):
    assert body in kept_of("县卫生健康局2021年工作总结\n" + BODY + "\n" + body + "\n" + BODY)


def test_a_fanwen_site_s_markers_and_blurb_before_the_body():
    text = ("【概述】\n结合当前工作需要,的会员“竹炭制品”为你整理了这篇2021年卫健委工作总结和2022年工作计划范文,"
            "希望能给你的学习、工作带来参考借鉴作用。\n【正文】\n" + BODY)
    assert set(rules_of(text).values()) == {"separator", "template-preface"} and kept_of(text) == [BODY]
    _idempotent(text)
    # A marker opening a line of the report's words, and a bureau that compiled a handbook, stay.
    near = "【概述】全县共有医疗卫生机构293个,其中县级医院3个,乡镇卫生院13个。\n县卫健局为大家整理了健康知识手册,免费发放到各村卫生室。\n"
    assert kept_of(near + BODY) == near.split("\n")[:2] + [BODY]


def test_a_font_size_widget_alone_under_its_label():
    text = "商河县卫生健康局2025年工作总结\n字号:\n大 中 小\n" + BODY
    assert rules_of(text) == {"字号:": "font-widget", "大 中 小": "font-widget"}
    _idempotent(text)
    assert "大、中、小型医院同步推进" in kept_of(text + "\n大、中、小型医院同步推进\n")


def test_credit_lines_in_bullet_and_pipe_form():
    text = ("随州市曾都区卫生健康局2022年政府信息公开工作年度报告\n  • 发布时间:2023-01-05 14:26\n  • 审核人:张艳艳\n" + BODY
            + "\n" + BODY + "\n(天水在線編輯:馬文潔) |\n")
    assert rules_of(text) == {"• 发布时间:2023-01-05 14:26": "header-meta", "• 审核人:张艳艳": "review-chain",
                              "(天水在線編輯:馬文潔) |": "tail-meta"}
    _idempotent(text)
    # Between two paragraphs an outlet's editor line is not after the body; a sentence on reviewers is body.
    near = BODY + "\n天水在线编辑:马文洁\n审核人员要严格把关,确保公开信息准确无误。\n" + BODY
    assert kept_of(near) == near.split("\n")


def test_a_header_zone_s_site_date_outlet_and_time_lines():
    text = "湘潭縣衛生健康局2025年法治政府建設年度工作報告\n湘潭縣人民政府門戶網站 www.yqfq.com.cn 發布時間:2025-12-31 16:33\n" + BODY
    assert rules_of(text) == {"湘潭縣人民政府門戶網站 www.yqfq.com.cn 發布時間:2025-12-31 16:33": "header-meta"}
    text = "武冈市卫生局集中回复6件建议、1件提案\n红网武冈站\n \n08-14 10:47\n\n" + BODY
    assert rules_of(text) == {"红网武冈站": "header-meta", "08-14 10:47": "header-date"}
    _idempotent(text)
    # A service station (网格站) under the headline, a deadline said in a clause, a time after the body stay.
    assert rules_of("武冈市卫生局集中回复6件建议、1件提案\n健康网格服务站\n08-14 10:47\n" + BODY) == {
        "08-14 10:47": "header-date"}
    assert rules_of("县卫生健康局2025年工作要点\n各单位报送材料,截止时间:2025年12月31日\n" + BODY) == {}
    assert rules_of("县卫生健康局2025年工作要点\n" + BODY + "\n" + BODY + "\n08-14 10:47\n") == {}


def test_a_paywall_notice_goes_alone_but_not_with_the_report_s_words_before_it():
    notice = "……(新文秘网https://www.wm114.cn省略452字,正式会员可完整阅读)……"
    glued = "二是基层卫生体系重塑升级。我们将 ……(快文网http://www.fanwy.cn省略852字,正式会员可完整阅读)……"
    text = "县卫生健康局2021年工作总结\n" + BODY + "\n" + notice + "\n" + BODY + "\n" + glued + "\n"
    assert rules_of(text) == {notice: "doc-site"} and glued in kept_of(text)


def test_a_more_related_articles_heading_ends_the_article():
    text = (BODY + "\n" + BODY + "\n  更多相关文章:在全区2026年卫生健康工作\n  • 区2026年全区卫生健康工作暨廉政建设工作会议讲话稿\n\n"
            "  • 区卫生健康局2025年度文明创建工作情况报告\n")
    assert set(rules_of(text).values()) == {"link-list", "after-article"} and kept_of(text) == [BODY, BODY]
    _idempotent(text)
    near = BODY + "\n更多相关内容请登录县卫健局网站查询。\n" + BODY
    assert rules_of(near) == {}


def test_above_the_title_a_copy_of_it_stays_and_a_tail_rule_s_line_goes_by_position():
    # The headline over the date line is the title: an identical line above it is its copy (body),
    # whatever its shape; a section's name that only a tail rule matches (信息发布) is the site's.
    text = "返回\n2014年卫生三下乡活动实施方案\n\n2014年卫生三下乡活动实施方案\n时间:2014-2-14 15:39:12\n" + BODY
    assert kept_of(text)[:2] == ["2014年卫生三下乡活动实施方案"] * 2
    text = "信息发布\n<\n陈观汉带队督查“创文巩卫”工作\n2023-03-15\n\n" + BODY
    assert rules_of(text) == {"信息发布": "above-title", "<": "separator", "2023-03-15": "header-date"}
    _idempotent(text)


@pytest.mark.parametrize("chrome, rule", [
    ("即将跳转到第三方网站", "exit-prompt"),
    ("您访问的是第三方网站", "exit-prompt"),
    ("[大] [中] [小]", "font-widget"),
    ("小 | 中 | 大", "font-widget"),
    ("[正文]", "separator"),
    ("华声在线武冈频道", "header-meta"),
    ("人民网湖南频道", "header-meta"),
    ("8月14日 10:47", "header-date"),
])
def test_other_sites_forms_of_the_same_kinds_under_the_headline(chrome, rule):
    text = "武冈市卫生局集中回复6件建议、1件提案\n" + chrome + "\n" + BODY
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


def test_near_misses_of_the_other_sites_forms_are_body():
    for body in ("大中型医院", "县人民医院门户网站即将上线运行", "大、中、小型医疗机构"):
        assert rules_of("武冈市卫生局集中回复6件建议、1件提案\n" + BODY + "\n" + body + "\n" + BODY) == {}


# fresh3's kinds of chrome (issue 15), each in another site's form too.
@pytest.mark.parametrize("chrome, rule", [
    ("字体: 【    】", "font-widget"),
    ("字号:[ ]", "font-widget"),
    ("正在阅读: 市卫生健康局:重视人大建议和政协提案办理", "now-reading"),
    ("您正在浏览:县卫健局召开安全生产会", "now-reading"),
    ("【返回顶部】【打印本稿】【关闭窗口】", "page-tools"),
    ("红网君山站7月20日讯(分站记者 王琼 戴丽萍)", "byline"),
    ("本报讯（记者 张三 通讯员 李四）", "byline"),
])
def test_fresh3_widgets_and_datelines_under_the_headline(chrome, rule):
    text = "武冈市卫生局集中回复6件建议、1件提案\n" + chrome + "\n" + BODY
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


@pytest.mark.parametrize("chrome, rule", [
    ("(黎赞)", "byline"),
    ("（张三 李四）", "byline"),
    ("浏览次数:-", "widget-count"),
    ("阅读量: 12", "widget-count"),
    ("扫描二维码随身看资讯", "qr-code"),
    ("扫码在手机上阅读本文", "qr-code"),
    ("账号+密码登录", "login-prompt"),
    ("还没有账号?", "login-prompt"),
    ("立即注册", "login-prompt"),
    ("金寨县妇计中心供稿", "byline"),
    ("（县疾控中心供图）", "byline"),
    ("红网君山站7月20日讯(分站记者 王琼 戴丽萍)", "byline"),
    ("Produced By 大汉网络 大汉版通发布系统", "site-footer"),
    ("Powered by 某某CMS", "site-footer"),
])
def test_fresh3_lines_after_the_body(chrome, rule):
    text = BODY + "\n" + chrome
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


def test_a_footer_licence_opens_the_footer_block():
    text = (BODY + "\n网上传播视听节目许可证 编号:2304068\n发证机关:国家广播电影电视总局\n"
            "经营许可证 编号:川B2-20100027\n四川新闻网版权所有 蜀ICP备09013264号-3")
    assert set(rules_of(text).values()) == {"site-registration"}
    assert kept_of(text) == [BODY]
    text = BODY + "\n经营许可证 编号:浙B2-20080224"
    assert rules_of(text) == {"经营许可证 编号:浙B2-20080224": "site-registration"}


@pytest.mark.parametrize("body", [
    "（草案）", "（盖章）", "（完）", "（一）",
    "点击量:120万次",
    "阅读量:全年开展健康讲座86场",
    "群众扫描二维码即可预约挂号",
    "群众可通过手机登录平台查询",
    "欢迎各单位积极供稿",
    "本报讯(记者 张三)5月3日,全县卫生健康工作会议召开",
    "加强通讯(网络)建设",
    "医疗机构执业许可证 编号:PDY12345",
    "县疾控中心上线疫情信息发布系统",
    "字体字号规范培训",
])
def test_near_misses_of_fresh3_kinds_are_body(body):
    assert rules_of(BODY + "\n" + body) == {}
    assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}


# fresh4's kinds of chrome (issue 15), each in another site's form too.
@pytest.mark.parametrize("chrome, rule", [
    ("本文共5248字,仅供站内会员学习参考(会员可免费打开排版规范的全部文档)", "doc-site"),
    ("全文共3200字,登录后可下载全文", "doc-site"),
    ("初到新人请【点此注", "login-prompt"),
    ("[点击登录]", "login-prompt"),
    ("关注川南在线网微信公众号", "wechat"),
    ("欢迎关注健康东安公众号", "wechat"),
    ("长按或扫描二维码 ,获取更多最新资讯", "qr-code"),
    ("扫描下方二维码,了解更多精彩内容", "qr-code"),
    ("打开江华融媒,参与评论", "app-prompt"),
    ("下载新湖南客户端 参与讨论", "app-prompt"),
])
def test_fresh4_lines_after_the_body(chrome, rule):
    text = BODY + "\n" + chrome
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


def test_a_credit_with_a_space_inside_its_word_under_the_headline():
    for chrome in ("记 者 徐配配", "通 讯 员 李四"):
        text = "县卫计局召开计划生育工作会\n" + chrome + "\n" + BODY
        assert rules_of(text) == {chrome: "byline"}
    # The word alone with one character after it names no one.
    assert rules_of("县卫计局召开计划生育工作会\n记 者 节\n" + BODY) == {}


@pytest.mark.parametrize("body", [
    "本文共分三个部分,分别总结了全年工作",
    "全文共3000字,分为工作回顾和下步打算两部分",
    "全县共有会员单位120家",
    "群众可点此注册健康档案",
    "各单位要关注微信公众号的运营和管理",
    "关注群众身边的健康问题",
    "群众扫描二维码即可预约挂号",
    "打开绿色通道,参与救治",
])
def test_near_misses_of_fresh4_kinds_are_body(body):
    assert rules_of(BODY + "\n" + body) == {}
    assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}


OUTLINE_PAGE = ["县2022年爱国卫生工作总结及2023年工作计划",
                "【提纲】一、2022年工作情况。一是加强组织领导。二是加强爱卫宣教。二、2023年工作打算。",
                "今年以来,我县爱卫工作重点围绕卫生创建和新冠疫情防控,深入宣传,广泛动员,扎实开展了一系列工作。",
                "一、2022年工作情况", "一是加强组织领导。根据工作需要,年初调整充实了县爱卫会成员单位。",
                "二是加强爱卫宣教。", "二、2023年工作打算"]


def test_a_one_line_outline_goes_when_its_entries_head_the_body():
    text = "\n".join(OUTLINE_PAGE)
    assert rules_of(text) == {OUTLINE_PAGE[1]: "outline"}
    _idempotent(text)
    # The same label over entries that head nothing below is the report's own line: kept.
    text = "\n".join(OUTLINE_PAGE[:1] + ["【提纲】一、加强组织领导。二、加强宣传教育。三、开展病媒防制。"] + OUTLINE_PAGE[2:3])
    assert rules_of(text) == {}
    # Entries repeated below without the label: a paragraph's first sentences, kept.
    text = "\n".join(OUTLINE_PAGE[:1] + [OUTLINE_PAGE[1][len("【提纲】"):]] + OUTLINE_PAGE[2:])
    assert rules_of(text) == {}


def test_a_category_word_alone_at_the_page_s_end_is_a_widget():
    text = BODY + "\n编辑:邱果\n关注川南在线网微信公众号\n其他"
    assert rules_of(text)["其他"] == "category-widget"
    _idempotent(text)
    assert rules_of(BODY + "\n其它\n")["其它"] == "category-widget"
    # Followed by a line of the report (a heading's items, a signature), it is the report's heading.
    for after in ("加强队伍建设", "东安县卫生健康局"):
        assert "其他" not in rules_of(BODY + "\n其他\n" + after)
    # Inside the body it is a heading.
    assert "其他" not in rules_of(BODY + "\n其他\n" + BODY)


# fresh5's kinds of chrome (issue 15), each in another site's form too.
def test_a_breadcrumb_split_over_lines_under_its_label():
    text = "当前页面:\n首页\n> 政务公开\n> 卫生健康局\n» 工作动态\n" + BODY
    assert set(rules_of(text).values()) == {"breadcrumb"} and len(rules_of(text)) == 5
    _idempotent(text)
    # Near miss: after the body a line opening on ">" is the report's (a quoted step, a list), kept.
    assert rules_of(BODY + "\n> 加强组织领导\n" + BODY) == {}


@pytest.mark.parametrize("chrome, rule", [
    ("扫一扫,在手机打开当前页", "qr-code"),
    ("长按「上方二维码」进入汶上卫生计生便民服务平台", "qr-code"),
    ("- 附件:", "page-tools"),
    ("2019-08-15 1 1 周口日报 content_75592.html 1 郸城疾控工作全省领先 /enpproperty-->", "noise"),
    ("读完这篇文章后写点感想吧 你还可以 收藏 留以后再看", "comment-prompt"),
])
def test_fresh5_lines_after_the_body(chrome, rule):
    text = BODY + "\n" + chrome
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


def test_a_follow_button_under_the_headline():
    text = "郑州市卫健委督导检查中牟县老年健康管理中心工作\n2022-08-09 16:39:15 来源: 大河网\n关注河南热线\n" + BODY
    assert rules_of(text)["关注河南热线"] == "wechat"
    # Near miss: after the body the same shape is the report's words.
    assert rules_of(BODY + "\n关注健康热线\n" + BODY) == {}


def test_a_header_line_with_its_source_and_font_widget():
    chrome = "365bet线上娱乐 2018-01-11 来源:中国湘乡网 字体: 【】【】【"
    text = "卫计局:开展述职评议 助推卫计事业发展\n" + chrome + "\n" + BODY
    assert rules_of(text) == {chrome: "header-meta"}


@pytest.mark.parametrize("body", [
    "附件:",
    "附件:1.全县卫生健康工作目标考核细则",
    "群众扫描二维码即可进入预约平台",
    "关注群众身边的健康热线",
    "审批流程由原来的5个环节精简为3个环节-->",
    "读完这篇文章,大家深受教育",
])
def test_near_misses_of_fresh5_kinds_are_body(body):
    assert rules_of(BODY + "\n" + body) == {}
    assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}


def test_a_trail_without_home_is_a_breadcrumb_but_arrows_are_steps_of_the_report():
    assert rules_of("闽南网 > 晋江 > 晋江新闻 > 正文\n" + BODY) == {"闽南网 > 晋江 > 晋江新闻 > 正文": "breadcrumb"}
    # Near misses at the page's edges: a process told with arrows is the report's words.
    for steps in ("流程为:登记-->审核-->发证", "办理流程:申请->受理->审核->办结", "预约=>就诊=>取药"):
        assert rules_of(BODY + "\n" + steps) == {}, steps
        assert rules_of(steps + "\n" + BODY) == {}, steps


def test_a_line_that_is_only_a_url_is_chrome_but_one_that_runs_on_into_the_report_is_kept():
    for url in ("https://www.cjyun.org/a/10104/202304/13c9bfc07683e00a63e2dc5981c2c17a.shtml?id=1&p=2",
                "原文链接：http://www.dongan.gov.cn/art/2021/1/5/art_1.html", "www.example.gov.cn/news/…"):
        assert rules_of(BODY + "\n" + url + "\n" + BODY) == {url: "url-line"}, url
    # Near miss: a picture's address glued to the first sentence (the capture lost the line break).
    glued = "http://qn.jwshq.cn/rUWw_nzQFa9q.1080.810.0.JPEG/24月13日,固安县召开国家卫生县城创建暨爱国卫生月活动推进会议。"
    assert rules_of(BODY + "\n" + glued + "\n" + BODY) == {}
    assert glued in kept_of(BODY + "\n" + glued + "\n" + BODY)


# --- fresh6 kinds of chrome (issue 15): synthetic pages, each with near misses that are body ---

def test_a_mailbox_letters_form_fields_go_but_the_letter_and_reply_stay():
    page = ("信件详情\n\n标题: 关于乡镇卫生院夜间值班的问题\n写信人: 李某\n来信时间: 2021-03-02 10:11:12\n内容:\n\n"
            "我家住在某镇,晚上孩子发烧去卫生院,没有医生值班,希望有关部门能够重视这个问题,谢谢!\n\n受理回复\n\n"
            "回复部门: 某县卫生健康局\n回复时间: 2021-03-05 16:00:00\n回复内容:\n\n李某:您好,来信收悉。经核实,该院已安排"
            "夜间值班医生,并在门口公示值班电话,感谢您对卫生健康工作的关心和支持!\n\n某县卫生健康局\n2021年3月5日")
    removed = rules_of(page)
    for line in ("信件详情", "写信人: 李某", "内容:", "受理回复", "回复部门: 某县卫生健康局", "回复时间: 2021-03-05 16:00:00",
                 "回复内容:"):
        assert line in removed, line
    kept = kept_of(page)
    assert "某县卫生健康局" in kept and "2021年3月5日" in kept
    assert any(t.startswith("李某:您好") for t in kept)
    # Near misses: without the form, a report's own "内容:" or "办理结果" line is body.
    for body in ("内容:", "办理结果", "回复时间: 三个工作日内"):
        assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}, body


def test_a_mailbox_replys_rating_widgets_go_after_the_body():
    page = BODY + "\n\n某县卫生健康局\n\n留言回复 满意度评价 查看评价结果 >>\n\n办理结果评价:\n\n(满意)\n\n回复速度评价:\n\n(满意)"
    removed = rules_of(page)
    assert removed["留言回复 满意度评价 查看评价结果 >>"] == "rating-widget"
    assert removed["办理结果评价:"] == removed["回复速度评价:"] == "rating-widget"
    assert "某县卫生健康局" in kept_of(page)
    # Near miss: a report's heading on the public's rating is kept.
    for body in ("群众满意度调查", "社会评价:"):
        assert rules_of(BODY + "\n" + body) == {}, body


def test_a_forum_threads_widgets_and_author_date_line_go():
    page = ("某县开展健康义诊进社区活动\n\n小城论坛网友 2023-05-06\n\n" + BODY + "\n\n查看: 523 | 回复: 3\n举报\n"
            "[回复] 发表回复:说两句……\n\n+\n提交回复")
    removed = rules_of(page)
    assert removed["小城论坛网友 2023-05-06"] == "header-date"
    assert removed["查看: 523 | 回复: 3"] == "widget-count"
    assert removed["[回复] 发表回复:说两句……"] == "forum-widget"
    assert removed["+"] == removed["提交回复"] == "forum-widget"
    # Near misses: a signature dated in words, counts in a sentence, a report's line on reports.
    assert rules_of("某县开展健康义诊进社区活动\n\n张三 2023年5月6日\n\n" + BODY) == {}
    for body in ("全年门户网站浏览量12万次,回复群众留言300条。", "举报投诉件全部办结"):
        assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}, body


def test_a_login_bar_misspelt_and_a_page_id_at_the_head_go():
    page = "会员登陆 注册\n1234567890123\n\n第5章 卫生\n\n" + BODY
    assert rules_of(page) == {"会员登陆 注册": "site-welcome", "1234567890123": "page-id"}
    # Near miss: digits after the body (a table's cell) are kept.
    assert rules_of(BODY + "\n1234567890123") == {}


def test_an_attachment_link_after_the_body_and_a_pager_go():
    page = (BODY + "\n联系人:张三,0731-1234567\n文件下载:某县关于推进健康某县行动的实施意见\n"
            "文件下载:某县关于推进健康某县行动的实施意见\n页:\n[1] [2]")
    removed = rules_of(page)
    assert removed["文件下载:某县关于推进健康某县行动的实施意见"] == "attachment-link"
    assert removed["页:"] == removed["[1] [2]"] == "pager"
    assert "联系人:张三,0731-1234567" in kept_of(page)
    # Near misses: the document's own attachment list and a reference mark inside the body are kept.
    for body in ("附件:1.某县健康行动实施方案", "附件:"):
        assert rules_of(BODY + "\n" + body) == {}, body
    assert rules_of(BODY + "\n[1]\n" + BODY) == {}


def test_a_caption_marked_with_a_triangle_goes_but_a_bulleted_heading_stays():
    for caption in ("△正在召开疫情防控工作会", "▲图为义诊活动现场", "↑县卫健委主任讲话"):
        assert rules_of(BODY + "\n" + caption + "\n" + BODY) == {caption: "photo-caption"}, caption
    for heading in ("▲加强组织领导", "△完善医疗服务体系"):
        assert rules_of(BODY + "\n" + heading + "\n" + BODY) == {}, heading


def test_a_photo_caption_split_over_two_lines_goes_but_a_speakers_line_stays():
    page = BODY + "\n某县卫生健康局党组书记、局长王某某\n主持会议\n" + BODY
    assert rules_of(page) == {"某县卫生健康局党组书记、局长王某某": "photo-caption", "主持会议": "photo-caption"}
    # Near miss: a name over the speech it gave is the report's.
    page = "在全县卫生健康工作会议上的讲话\n县卫生健康局局长王某某\n" + BODY
    assert "县卫生健康局局长王某某" in kept_of(page)


def test_a_labelled_blurb_that_runs_the_opening_paragraphs_together_is_a_teaser():
    first = "今天上午,某区卫生健康委员会正式挂牌成立。"
    second = "根据某区机构改革实施方案,将原区卫生计生委的职责、区安全生产监督管理局的职业安全健康监督管理职责整合。"
    blurb = "摘要:" + first + second[:30]
    page = "某区卫生健康委员会揭牌\n\n" + blurb + "\n\n" + first + "\n\n" + second + "\n\n" + BODY
    assert rules_of(page) == {blurb: "teaser"}
    # Near miss: a 摘要 of its own words (not a copy of the opening) is kept.
    own = "摘要:本文总结了某区卫生健康委员会一年来的主要工作,提出了下一步的工作思路。"
    assert own in kept_of("某区卫生健康委员会揭牌\n\n" + own + "\n\n" + first + "\n\n" + second)


def test_a_credit_line_naming_where_the_text_came_from_goes_after_the_body():
    assert rules_of(BODY + "\n本文来源:某某官方网站-www.example.com") == {"本文来源:某某官方网站-www.example.com": "tail-meta"}
    # Near miss: a sentence on the source of a figure is the report's.
    line = "本文来源数据均由县统计局提供,经核实无误。"
    assert rules_of(BODY + "\n" + line + "\n" + BODY) == {}


# --- fresh7 kinds (issue 15): synthetic pages, each with near misses that are body ---

def test_a_title_wrapped_mid_word_above_the_title_is_part_of_the_title():
    wrapped = ["某县卫生健康局关于印发2024年全县卫生", "健康工作要点的通知"]
    page = "电脑桌面\n" + "\n".join(wrapped) + "\n2024年全县卫生健康工作要点\n" + BODY
    assert rules_of(page) == {"电脑桌面": "above-title"}
    assert kept_of(page)[:2] == wrapped
    # A bracket left open on one line and closed on the next runs on too.
    page = "电脑桌面\n关于《某县卫生健康事业发展\n规划》的说明\n某县卫生健康局2024年工作总结\n" + BODY
    assert rules_of(page) == {"电脑桌面": "above-title"}
    # Near miss: a site's menu items above the title do not run on into each other: the site's.
    page = "关于我们\n办事公告\n某县卫生健康局2024年工作总结\n" + BODY
    assert rules_of(page) == {"关于我们": "above-title", "办事公告": "above-title"}


def test_markup_debris_goes_but_a_comparison_in_the_text_stays():
    for debris in ('1. <del id="a1"></del>', '<th id="a1"><input id="a1"></input></th>', '<b class="x"></b>'):
        assert rules_of(BODY + "\n" + debris + "\n" + BODY) == {debris: "markup"}, debris
    # Near misses: comparisons in the text, and code written as text (shown as it is, escaped).
    for body in ("高血压患者血压控制在<140/90mmHg", "<5岁儿童死亡率下降到3‰", "<img src=x onerror=\"alert('img')\">",
                 "<script>alert(1)</script>", "<br/>"):
        assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}, body


@pytest.mark.parametrize("chrome, rule", [
    ("打开某某新闻 查看精彩图片", "app-prompt"),
    ("下载某某APP,查看更多内容", "app-prompt"),
])
def test_an_app_prompt_between_paragraphs(chrome, rule):
    text = BODY + "\n\n" + chrome + "\n\n" + BODY
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


@pytest.mark.parametrize("chrome, rule", [
    ("附件下载", "page-tools"),
    ("有话要说...", "comment-prompt"),
    ("赞赏", "page-tools"),
    ("推荐文章", "link-list"),
    ("热点文章", "link-list"),
    ("张某-文/图责任编辑:李某编辑:王某赵某", "tail-meta"),
])
def test_fresh7_widgets_and_credits_after_the_body(chrome, rule):
    text = BODY + "\n" + chrome
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


@pytest.mark.parametrize("body", [
    "附件",
    "群众有话要说、有事好办,满意度明显提升。",
    "打开家庭医生签约服务APP查看签约信息",
    "县融媒体中心责任编辑:负责审核稿件,确保内容准确。",
    "赞赏有加",
])
def test_near_misses_of_fresh7_kinds_are_body(body):
    assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}


def test_a_follow_slogan_and_the_account_name_above_it_go_after_the_body():
    page = BODY + "\n某县中医医院\n期待您的关注"
    assert rules_of(page) == {"某县中医医院": "media-account", "期待您的关注": "follow-slogan"}
    _idempotent(page)
    # Near misses: a signature dated under it is the report's; so is a sentence asking for attention.
    page = BODY + "\n某县卫生健康局\n2021年1月5日"
    assert rules_of(page) == {}
    assert rules_of(BODY + "\n期待您的关注和支持,我们将继续努力,为群众提供更好的服务。") == {}


def test_other_articles_teasers_after_a_read_more_link_go():
    first = "某市特色农产品进入超市 10月19日,某州的群众在向顾客介绍工艺品,五大类200余种产品深受消费者喜爱…【详细】"
    cut = "某省召开企业选聘工作座谈会 10月15日,省委组织部组织召开企业选聘工作座谈会,有关负责人参加了座"
    page = BODY + "\n" + first + "\n" + cut
    assert rules_of(page) == {first: "related-teaser", cut: "related-teaser"}
    _idempotent(page)
    # Near miss: a paragraph of the same shape with no read-more teaser before it (a title run into its lead).
    lead = "全县召开卫生健康工作会议 3月5日,县卫健局召开全县卫生健康工作会议,总结2020年工作,部署2021年任务。"
    assert rules_of(BODY + "\n" + lead) == {}


def test_a_column_name_and_a_publishing_department_under_the_headline():
    page = "某区人民政府关于印发某区卫生健康事业发展规划的通知\n政策\n发布部门:某区人民政府\n发布时间:2021年12月02日\n" + BODY
    removed = rules_of(page)
    assert removed["政策"] == "column-name" and removed["发布部门:某区人民政府"] == "header-meta"
    # Near miss: after the body a heading 政策 is the report's.
    assert rules_of(BODY + "\n政策\n" + BODY) == {}


MENU_HEAD = ["某区产业园区", "-", "甲镇食品产业园区", "某市-某区", "-", "乙镇物流产业园区", "某市-某区",
             "某区招商引资", "招商政策", "投资流程", "厂房租赁", "注册公司", "优惠政策"]


def test_a_run_of_menu_items_one_a_line_at_the_head_goes():
    page = "\n".join(MENU_HEAD) + "\n\n\n某区人民政府关于印发某区卫生健康事业发展规划的通知\n" + BODY
    removed = rules_of(page)
    assert set(removed) == set(MENU_HEAD)
    assert {removed[t] for t in MENU_HEAD if t != "-"} == {"nav-menu"}
    assert "某区人民政府关于印发某区卫生健康事业发展规划的通知" in kept_of(page)
    _idempotent(page)
    # Near misses: a report's own lines above its body (agency, title, date, headings) and a short run.
    page = "某县卫生健康局\n2020年工作总结\n(2021年1月5日)\n一、主要工作\n(一)加强组织领导\n" + BODY
    assert kept_of(page)[:5] == ["某县卫生健康局", "2020年工作总结", "(2021年1月5日)", "一、主要工作", "(一)加强组织领导"]
    page = "招商政策\n投资流程\n厂房租赁\n注册公司\n某区卫生健康工作动态\n" + BODY
    assert rules_of(page) == {}
    # A page with no sentence (a narrow column of short lines) has no head to find a menu in.
    column = ["某县卫生健康局", "坚持预防为主", "推进健康某县", "加强基层建设", "提升服务能力", "深化医药改革",
              "完善公共卫生", "发展中医药业", "守护群众健康"]
    assert kept_of("\n".join(column)) == column


def test_a_journal_database_s_record_fields_go_but_a_journal_named_alone_stays():
    record = ["出处", "《某某卫生管理》", "2021年第3期12-14,共3页", "Journal of Some Health Management", "关键词"]
    page = BODY + "\n" + "\n".join(record)
    assert rules_of(page) == {t: "record-field" for t in record}
    _idempotent(page)
    # Near misses: without a source label over it a journal's name is the report's line; so is a 摘要 heading.
    assert rules_of(BODY + "\n《某某卫生管理》\n" + BODY) == {}
    assert rules_of("摘要\n" + BODY + "\n出处:本报告数据来自县统计局。") == {}


def test_a_date_among_a_document_site_s_counts_is_the_widget_s():
    page = "某县卫生健康局2020年工作总结\nVIP专免\n2024-06-04\n999+\n13.03KB\n" + BODY
    assert rules_of(page)["2024-06-04"] == "widget-count"
    # Near miss: a date alone under the title is the page's date line.
    assert rules_of("某县卫生健康局2020年工作总结\n2024-06-04\n" + BODY)["2024-06-04"] == "header-date"


def test_a_venue_line_is_no_report_title_and_the_lines_above_it_stay():
    # A meeting notice's 会议地点 value (区卫健局四楼小会议室) names a room, not a meeting: the
    # notice's addressee line above it is the notice's own.
    page = ("各镇人民政府、相关医疗机构:\n为做好某项工作,经研究,决定召开某工作推进会,现将会议有关事项通知如下:\n"
            "一、会议时间\n2024年8月29日14:00报到。\n二、会议地点\n区卫健局四楼小会议室\n三、参会人员\n各镇负责人。")
    assert rules_of(page) == {}
    # Near miss: a title naming its meeting and the room it was held in is still a title, and a
    # banner above it goes.
    page = "某某网\n县卫健局在四楼会议室召开2024年卫生健康工作会议\n" + BODY
    assert rules_of(page) == {"某某网": "above-title"}


def test_a_forum_threads_next_post_after_the_news_it_quotes_is_kept():
    # A thread quoting a news item (closed by 原标题:) and a second post answering it: the second
    # post's header and edit note go, its words stay; the widgets between the posts go.
    page = ("某县论坛 某县网\n找回密码\n某县开展应急演练\n[复制链接]\n发表于 2013-5-21 13:22:38 | 显示全部楼层 |阅读模式\n"
            "某县开展应急演练\n2013年5月21日06:54某某网–某某都市报评论\n" + BODY + "\n原标题:某县开展应急演练\n\n回复\n\n"
            "使用道具 举报\n\n发表于 2013-5-22 19:54:45 | 显示全部楼层\n本帖最后由 某县卫生局 于 2013-5-22 19:58 编辑\n\n"
            "各位网友:\n" + BODY)
    removed = rules_of(page)
    assert removed["[复制链接]"] == "forum-widget" and removed["使用道具 举报"] == "after-article"
    assert removed["发表于 2013-5-22 19:54:45 | 显示全部楼层"] == "forum-post-meta"
    assert removed["本帖最后由 某县卫生局 于 2013-5-22 19:58 编辑"] == "forum-post-meta"
    assert removed["2013年5月21日06:54某某网–某某都市报评论"] == "header-date"
    assert "各位网友:" in kept_of(page) and kept_of(page).count(BODY) == 2
    # Near misses: without a second post's header, what follows the news's end is the site's; a
    # sentence on where an article appeared and a dated sentence citing an outlet are the report's.
    page = "某县开展应急演练\n\n" + BODY + "\n原标题:某县开展应急演练\n\n各位网友:\n" + BODY
    assert rules_of(page)["各位网友:"] == "after-article"
    for body in ("该文章发表于2013年5月《健康报》,引起广泛关注。", "2013年5月21日06:54,某某网报道了这一消息。"):
        assert rules_of(body + "\n" + BODY) == {}, body


def test_an_accounts_name_ending_in_its_kind_of_feed_and_its_maker_line_go():
    # A WeChat account's name under the headline (长春卫生计生信息) and the account's closing credits.
    page = ("简报|某区卫计局召开提案面复会\n\n某市卫生计生信息\n\n" + BODY + "\n\n信息来源:某区卫生计生局\n\n"
            "制        作:某市卫生计生委宣传处\n\n出品:某市卫健委")
    removed = rules_of(page)
    assert removed["某市卫生计生信息"] == "media-account"
    assert removed["制        作:某市卫生计生委宣传处"] == removed["出品:某市卫健委"] == "tail-meta"
    # Near misses: a heading on the information work, a sentence on what was made, kept.
    for body in ("卫生计生信息化建设", "制作宣传展板200块,发放宣传资料1000份。"):
        assert body in kept_of("某区卫计局召开提案面复会\n\n" + body + "\n\n" + BODY + "\n" + body), body


def test_an_epapers_reader_widgets_edition_headlines_and_name_go():
    page = ("某某周刊电子报\n\n2023年9月29星期五\n\n某某周刊二版 打好“绿色生态牌” 我县荣获“省级卫生县城”称号 上海专家回乡义诊 公     告\n\n"
            "按日期检索\n\n12 2017\n\n某某周刊\n\n电子报刊阅读器\n\n我县荣获“省级卫生县城”称号\n\n" + BODY +
            "\n\n关于我们 |\n在线订报\n| 在线投稿")
    removed = rules_of(page)
    for line in ("某某周刊二版 打好“绿色生态牌” 我县荣获“省级卫生县城”称号 上海专家回乡义诊 公     告", "按日期检索",
                 "12 2017", "电子报刊阅读器", "在线订报", "| 在线投稿"):
        assert removed[line] == "epaper", line
    assert removed["关于我们 |"] == "site-footer"
    assert removed["某某周刊"] == "site-name"
    assert kept_of(page)[0] == "我县荣获“省级卫生县城”称号"
    # Near misses: a sentence naming an edition, a body line starting with a widget's word, a lone
    # month and year inside the body, and the paper's name in the body are kept.
    for body in ("某某周刊二版刊发了我县创卫工作的报道,引起广泛关注。", "在线投稿渠道已开通,欢迎各单位踊跃投稿。", "12 2017", "某某周刊"):
        assert body in kept_of(BODY + "\n" + body + "\n" + BODY), body


def test_a_header_line_ending_in_a_run_of_empty_cells_is_read_without_them():
    cells = " | " + "|" * 40
    page = "时间:2023-02-01 作者: 点击数:" + cells + "\n|\n" + "|" * 40 + "\n" + BODY
    removed = rules_of(page)
    assert removed["时间:2023-02-01 作者: 点击数:" + cells] == "header-meta"
    # Near miss: a table row of the report with empty cells at its end is kept as it stands.
    row = "合计 | 120 | 35 |" + "|" * 5
    assert row in kept_of(BODY + "\n" + row + "\n" + BODY)


# --- fresh8 kinds (issue 15): synthetic pages, each with near misses that are body ---

@pytest.mark.parametrize("chrome, rule", [
    ("义诊活动现场(张某某摄)", "photo-caption"),
    ("全县卫生健康工作会现场。某某网发(某县卫健局供图)", "photo-caption"),
    ("放大字体 缩小字体 收藏 打印", "font-widget"),
    ("查看隐藏内容(*)需先登录", "login-prompt"),
    ("全文需登录后查看", "login-prompt"),
    ("||", "separator"),
    ("特别声明:以上内容为某平台用户上传并发布,本平台仅提供信息存储服务。", "repost-notice"),
    ("Notice: The content above (including the videos) is uploaded by users", "repost-notice"),
    ("如有附件或图片请到原网站中下载或查看http://www.example.cn/a.html", "repost-notice"),
])
def test_fresh8_captions_widgets_and_notices_between_paragraphs(chrome, rule):
    text = BODY + "\n\n" + chrome + "\n\n" + BODY
    assert rules_of(text) == {chrome: rule}
    _idempotent(text)


@pytest.mark.parametrize("body", [
    "县卫健局组织开展义诊活动,受到群众好评(张某摄)",
    "全县新建村卫生室12个(见附表)",
    "各单位要收藏、打印并认真学习文件",
    "居民预约挂号需先登录健康APP",
    "以上内容为县卫健局2020年工作总结,请审阅。",
    "如有疑问请到县卫健局咨询",
    "全县免费咨询电话已开通12个,群众咨询量达3.2万人次。",
    "【要闻】本栏目刊发了我县创卫工作的报道,引起广泛关注。",
])
def test_near_misses_of_fresh8_kinds_are_body(body):
    assert rules_of(BODY + "\n" + body + "\n" + BODY) == {}, body


def test_fresh8_header_lines_of_a_post():
    page = "某县卫生健康局2024年工作总结\n2025-01-17IP属地 某省12\n" + BODY + "\n" + BODY
    assert rules_of(page) == {"2025-01-17IP属地 某省12": "header-date"}


def test_a_company_sites_footer_after_the_body():
    page = BODY + "\n\n其他新闻\n\n全国免费咨询电话:0000-1234567\n公司地址某省某市\n"
    assert rules_of(page) == {"其他新闻": "link-list", "全国免费咨询电话:0000-1234567": "site-footer",
                              "公司地址某省某市": "site-footer"}
    _idempotent(page)


def test_an_accounts_credits_and_its_list_of_other_posts_after_the_body():
    posts = ["【要闻】某某:加强卫生城市创建工作", "【某某大赛】2018年某某杯摄影大赛", "现已进入评选时间",
             "【健康科普】夏季防暑小知识", "【创卫要闻】某市召开全体会议,部署下一阶段工作"]
    page = "其他\n【创卫要闻】省专家组来某县指导创建卫生县城\n" + BODY + "\n" + BODY + "\n通讯员:张某\n编辑/排版:李某\n主编:王某\n" + "\n".join(posts)
    removed = rules_of(page)
    assert removed == {"其他": "category-widget", "通讯员:张某": "tail-meta", "编辑/排版:李某": "tail-meta",
                       "主编:王某": "tail-meta", **{p: "related-posts" for p in posts}}
    assert kept_of(page)[0] == "【创卫要闻】省专家组来某县指导创建卫生县城"
    _idempotent(page)
    # Near misses: two bracketed headlines are no list; nor is a run followed by more of the report;
    # a lone 其他 over a paragraph is a section's heading.
    page = BODY + "\n" + "\n".join(posts[:2])
    assert rules_of(page) == {}
    page = BODY + "\n" + "\n".join(posts) + "\n" + BODY
    assert rules_of(page) == {}
    assert rules_of("其他\n" + BODY) == {}
    assert rules_of(BODY + "\n" + BODY + "\n主编:张某负责全书统稿,各章节由相关科室撰写。") == {}

from pathlib import Path

import pytest
import yaml

from build_archive.clean import RulesError, clean, is_prose, load_rules, normalise_line

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "clean_cases.yml").read_text(encoding="utf-8"))


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
    with pytest.raises(RulesError, match="'where' must be anywhere, head or tail"):
        load_rules(bad)
    bad.write_text("rules:\n  - name: x\n    pattern: 'a'\n    where: head\n    colour: red\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"unknown key\(s\) \['colour'\]"):
        load_rules(bad)

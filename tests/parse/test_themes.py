"""Tests of the theme vocabulary (data/themes.yml) and the theme tagger."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from build_archive.core.model import ThemeTag
from build_archive.core.theme_types import Theme, Vocabulary
from build_archive.parse.themes import (
    DEFAULT_PATH,
    count_hits,
    load_vocabulary,
    split_sentences,
    tag_themes,
    trim_evidence,
)

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "reports"

REQUIRED_THEMES = (
    "医药卫生体制改革", "医共体/医联体", "分级诊疗", "公立医院改革", "基本药物", "疫情防控",
    "传染病防控", "免疫规划", "基本公共卫生服务", "家庭医生签约", "健康扶贫/乡村振兴", "妇幼健康",
    "中医药", "人才队伍", "计划生育与人口", "医养结合与老龄健康", "托育", "爱国卫生与健康城市",
    "卫生监督执法", "卫生信息化", "基础设施与项目建设", "党建与党风廉政", "安全生产与平安医院",
    "健康教育与健康促进", "精神卫生", "职业健康", "食品安全", "无偿献血", "卫生应急",
)


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return load_vocabulary()


# ---------------------------------------------------------------------------------------
# A deliberately tiny stand-in for the structure stage (which is written elsewhere): it
# only needs to give the tagger a plausible title / headings / paragraphs split.
# ---------------------------------------------------------------------------------------

CHROME = re.compile(
    r"首页|分享到|来源[:：]|发布机构|字体|浏览量|责任编辑|ICP|公网安备|网站|主办|承办|地址[:：]|邮编|"
    r"电子邮箱|Email|热线|相关政策|[一二三]审[:：]|扫一扫|Document|友情链接|监督一点通|三湘e监督|"
    r"推荐阅读|前言[:：]|分辨率|版权所有|政府网"
)
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")
TITLE_HINT = re.compile(r"(卫生|卫健).*(总结|计划|打算|会议)|^\d{4}年.*(总结|计划)")


def split_report(text: str) -> tuple[str, list[str], list[str]]:
    """(title, headings, paragraphs) of a raw capture, chrome lines skipped."""
    title_parts: list[str] = []
    headings: list[str] = []
    paragraphs: list[str] = []
    lines = [ln.strip() for ln in text.splitlines()]
    for i, line in enumerate(lines):
        line = line.lstrip("•").strip()
        if not line or CHROME.search(line) and len(line) < 200:
            continue
        if re.fullmatch(r"[（(][^）)]*[）)]", line) and not NUMBERED.match(line):
            continue  # photo caption
        if re.fullmatch(r"[\d\-: 年月日]+", line) or (len(line) <= 12 and line.endswith(("局", "委"))):
            continue  # dates and the closing signature
        if not paragraphs and not headings and len(line) <= 40 and (TITLE_HINT.search(line) or not title_parts and i < 3 and not NUMBERED.match(line)):
            title_parts.append(line.replace(" ", ""))
            continue
        inner = line.rstrip("。；;")
        if len(inner) <= 40 and not re.search(r"[。；;]", inner):
            headings.append(line)
        else:
            paragraphs.append(line)
    return "".join(title_parts), headings, paragraphs


def seed(prefix: str) -> tuple[str, list[str], list[str]]:
    path = next(REPORTS.glob(f"{prefix}_*.txt"))
    return split_report(path.read_text(encoding="utf-8"))


def seed_tags(prefix: str, vocab: Vocabulary) -> dict[str, ThemeTag]:
    title, headings, paragraphs = seed(prefix)
    return {t.theme: t for t in tag_themes(title, headings, paragraphs, vocab)}


# ---------------------------------------------------------------------------------------
# Vocabulary file
# ---------------------------------------------------------------------------------------


def test_vocabulary_has_every_required_theme(vocab: Vocabulary) -> None:
    missing = [n for n in REQUIRED_THEMES if vocab.by_name(n) is None]
    assert missing == []
    assert len(vocab.names()) == len(set(vocab.names()))
    assert len({t.slug for t in vocab.themes}) == len(vocab.themes)


def test_every_theme_is_complete(vocab: Vocabulary) -> None:
    for theme in vocab.themes:
        assert isinstance(theme, Theme)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", theme.slug), theme.slug
        assert theme.description and theme.keywords
        assert theme.name == theme.name.strip()


def test_names_are_usable_as_mkdocs_material_tags(vocab: Vocabulary) -> None:
    # Material's tags plugin slugifies tag names with pymdownx (unicode kept, "/" dropped);
    # two names that slugify alike would share one anchor on the tags index.
    slugs = pytest.importorskip("pymdownx.slugs")
    slugify = slugs.slugify(case="lower")
    made = [slugify(n, "-") for n in vocab.names()]
    assert all(made) and len(set(made)) == len(made)
    for name in vocab.names():
        assert not re.search(r"[#:\[\]{},\"'|>&*!%@`]|^[-?]", name), name  # plain YAML scalars
    front_matter = yaml.safe_dump({"tags": list(vocab.names())}, allow_unicode=True)
    assert yaml.safe_load(front_matter)["tags"] == list(vocab.names())


def test_by_name_and_slug(vocab: Vocabulary) -> None:
    theme = vocab.by_name("医共体/医联体")
    assert theme is not None and vocab.by_slug(theme.slug) is theme
    assert vocab.by_name("不存在的主题") is None


GOOD = """\
themes:
  - name: 甲
    slug: jia
    description: 甲主题。
    keywords: [甲乙]
  - name: 丙
    slug: bing
    description: 丙主题。
    keywords: [丙丁]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "themes.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_small_valid_file_loads(tmp_path: Path) -> None:
    vocab = load_vocabulary(write(tmp_path, GOOD))
    assert vocab.names() == ("甲", "丙")


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD.replace("slug: bing", "slug: jia"), r"line 6.*repeats slug 'jia'"),
        (GOOD.replace("name: 丙", "name: 甲"), r"repeats name '甲'"),
        (GOOD.replace("    keywords: [丙丁]", "    keywords: [丙丁]\n    weight: 2"), r"'丙'.*unknown key.*weight"),
        (GOOD.replace("keywords: [丙丁]", "keywords: []"), r"'丙'.*keywords.*non-empty list"),
        (GOOD.replace("    keywords: [丙丁]\n", ""), r"'丙'.*missing required key.*keywords"),
        (GOOD.replace("slug: bing", "slug: Bing_1"), r"slug 'Bing_1'.*lowercase"),
        (GOOD.replace("keywords: [丙丁]", "keywords: [丙丁]\n    exclude: [戊己]"), r"exclude phrase '戊己'"),
        (GOOD.replace("keywords: [丙丁]", "keywords: [丙丁, 丙丁]"), r"'丙丁' twice"),
        (GOOD + "  - name: [\n", r"line \d+.*not valid YAML"),
        ("- 甲\n- 乙\n", r"expected a mapping with a 'themes:' list"),
        (GOOD + "version: 2\n", r"unknown top-level key.*version"),
    ],
)
def test_validation_errors_name_the_file(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        load_vocabulary(path)
    message = str(info.value)
    assert str(path) in message
    assert re.search(expected, message), message


def test_missing_file_is_a_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nope.yml"):
        load_vocabulary(tmp_path / "nope.yml")


def test_default_path_is_the_data_file() -> None:
    assert DEFAULT_PATH.name == "themes.yml" and DEFAULT_PATH.is_file()


# ---------------------------------------------------------------------------------------
# The rule, on short synthetic texts
# ---------------------------------------------------------------------------------------

FILLER = "全县卫生健康系统认真贯彻落实上级决策部署，各项工作稳步推进。"


def names(tags: tuple[ThemeTag, ...]) -> list[str]:
    return [t.theme for t in tags]


def test_one_passing_mention_is_not_enough(vocab: Vocabulary) -> None:
    paragraphs = [FILLER * 3 + "同时加强家庭医生签约服务等工作。" + FILLER * 3]
    assert "家庭医生签约" not in names(tag_themes("", [], paragraphs, vocab))


def test_many_mentions_in_one_sentence_are_not_enough(vocab: Vocabulary) -> None:
    paragraphs = ["目前备案托育机构1家，新增托位130个，托位总数达到700个。" + FILLER]
    assert "托育" not in names(tag_themes("", [], paragraphs, vocab))


def test_a_heading_is_enough(vocab: Vocabulary) -> None:
    tags = tag_themes("", ["（三）家庭医生签约服务扎实开展"], [FILLER * 3], vocab)
    assert names(tags) == ["家庭医生签约"]
    assert tags[0].evidence == "（三）家庭医生签约服务扎实开展"
    assert tags[0].score == 2.0


def test_an_item_lead_inside_a_paragraph_counts_as_a_heading(vocab: Vocabulary) -> None:
    paragraph = FILLER + "二是认真开展家庭医生签约服务工作。全县签约47334人，覆盖全部行政村。" + FILLER
    tags = tag_themes("", [], [paragraph], vocab)
    assert names(tags) == ["家庭医生签约"]
    assert tags[0].evidence == "二是认真开展家庭医生签约服务工作"


def test_a_colon_lead_counts_as_a_heading(vocab: Vocabulary) -> None:
    tags = tag_themes("", [], ["医共体建设工作：完善组织架构，梳理政策章程。" + FILLER], vocab)
    assert "医共体/医联体" in names(tags)


def test_repeated_body_mentions_over_two_sentences_are_enough(vocab: Vocabulary) -> None:
    paragraphs = [
        "全县组建家庭医生团队66个。重点人群家庭医生签约率达85%，签约服务覆盖全部行政村。",
        FILLER + "家庭医生上门随访。",
    ]
    tags = tag_themes("", [], paragraphs, vocab)
    assert names(tags) == ["家庭医生签约"]
    assert tags[0].evidence == "重点人群家庭医生签约率达85%，签约服务覆盖全部行政村"  # most hits
    assert tags[0].score == 4.0


def test_related_words_alone_in_a_heading_do_not_assign(vocab: Vocabulary) -> None:
    assert "中医药" not in names(tag_themes("", ["（二）县中医院建设稳步推进"], [FILLER], vocab))
    assert "免疫规划" not in names(tag_themes("", ["三是强化冷链系统管理"], [FILLER], vocab))


def test_longer_reports_need_more_body_hits(vocab: Vocabulary) -> None:
    three = "全县组建家庭医生团队。家庭医生上门服务。签约服务覆盖全县。"
    assert "家庭医生签约" in names(tag_themes("", [], [three], vocab))
    long_report = [three] + [FILLER * 40] * 8  # ~10,000 characters: the bar rises to 4 hits
    assert "家庭医生签约" not in names(tag_themes("", [], long_report, vocab))


def test_title_counts_most(vocab: Vocabulary) -> None:
    tags = tag_themes("某县卫健委召开党风廉政建设工作会议", ["一、卫生应急体系建设"], [FILLER], vocab)
    assert [(t.theme, t.score) for t in tags] == [("党建与党风廉政", 3.0), ("卫生应急", 2.0)]


def test_output_is_sorted_and_deterministic(vocab: Vocabulary) -> None:
    title, headings, paragraphs = seed("004")
    first = tag_themes(title, headings, paragraphs, vocab)
    assert first == tag_themes(title, tuple(headings), tuple(paragraphs), vocab)
    assert list(first) == sorted(first, key=lambda t: (-t.score, t.theme))


def test_empty_report_has_no_themes(vocab: Vocabulary) -> None:
    assert tag_themes("", [], [], vocab) == ()


def test_hits_do_not_overlap_and_excludes_are_blanked() -> None:
    theme = Theme("家庭医生签约", "x", "x", ("家庭医生签约", "家庭医生", "签约服务"), ("签约",))
    hits = count_hits("推进家庭医生签约服务，签约率高。", theme)
    # "家庭医生签约" takes the characters first, so "签约服务" no longer matches; "签约" (率) does.
    assert (hits.strong, hits.related) == (1, 1)
    tcm = Theme("中医药", "y", "y", ("中医",), (), ("中医院",))
    assert count_hits("县中医院搬迁", tcm).first == -1
    assert count_hits("县中医院开设中医科", tcm).strong == 1


def test_sentences_and_evidence_trimming() -> None:
    assert split_sentences("一是甲。二是乙；三是丙！\n四是丁？") == ("一是甲", "二是乙", "三是丙", "四是丁")
    long = "甲" * 200 + "家庭医生" + "乙" * 200
    cut = trim_evidence(long, 200)
    assert len(cut) <= 120 and "家庭医生" in cut and cut.startswith("…") and cut.endswith("…")
    assert trim_evidence("短句", 0) == "短句"


def test_evidence_is_short(vocab: Vocabulary) -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        for tag in seed_tags(prefix, vocab).values():
            assert 0 < len(tag.evidence) <= 120


# ---------------------------------------------------------------------------------------
# The five seed reports, judged by reading them
# ---------------------------------------------------------------------------------------

SEEDS = {
    # 东安县 2020 总结：医改、项目建设、健康扶贫、妇幼民生实事、疾控、监督、计生各有一节，
    # 下阶段打算有新冠防控和医共体；“县中医院”只作为基建项目出现，托育只有一句。
    "000": (
        ["医药卫生体制改革", "医共体/医联体", "基础设施与项目建设", "健康扶贫/乡村振兴", "妇幼健康",
         "疫情防控", "传染病防控", "卫生监督执法", "计划生育与人口", "人才队伍", "基本药物",
         "卫生信息化", "基层卫生服务能力"],
        ["中医药", "托育", "无偿献血", "职业健康", "食品安全", "党建与党风廉政", "精神卫生"],
    ),
    # 彰武县 2024 总结：医共体、妇幼、人口计生与“一老一小”、营商环境、安全、监管、爱卫。
    "001": (
        ["医共体/医联体", "妇幼健康", "托育", "爱国卫生与健康城市", "医养结合与老龄健康",
         "计划生育与人口", "人才队伍", "卫生监督执法", "安全生产与平安医院", "依法行政与政务服务",
         "基本公共卫生服务", "卫生信息化"],
        ["疫情防控", "健康扶贫/乡村振兴", "无偿献血", "中医药", "基本药物", "公立医院改革"],
    ),
    # 修武县 2020 卫生健康暨党风廉政建设工作会议报道。
    "002": (
        ["党建与党风廉政", "健康扶贫/乡村振兴", "医养结合与老龄健康", "医药卫生体制改革", "疫情防控",
         "家庭医生签约", "中医药", "医疗服务与质量", "基层卫生服务能力", "健康教育与健康促进"],
        ["无偿献血", "食品安全", "卫生监督执法", "精神卫生", "爱国卫生与健康城市"],
    ),
    # 阳山县 2020 总结：项目、医共体、对口帮扶、基本公卫，大半篇幅是新冠防控。
    "003": (
        ["疫情防控", "基础设施与项目建设", "医共体/医联体", "基本公共卫生服务", "对口支援与帮扶",
         "卫生应急"],
        ["无偿献血", "职业健康", "食品安全", "妇幼健康", "健康扶贫/乡村振兴", "传染病防控", "托育",
         "中医药"],
    ),
    # 2016 上半年总结（县名未知）：几乎每项业务一节，含无偿献血一节；2016 年没有新冠和托育。
    "004": (
        ["医药卫生体制改革", "分级诊疗", "公立医院改革", "基本药物", "卫生监督执法", "传染病防控",
         "慢性病防治", "基本公共卫生服务", "妇幼健康", "爱国卫生与健康城市", "卫生应急", "食品安全",
         "医疗服务与质量", "安全生产与平安医院", "家庭医生签约", "中医药", "计划生育与人口",
         "人才队伍", "卫生信息化", "党建与党风廉政", "无偿献血", "健康扶贫/乡村振兴",
         "依法行政与政务服务", "基础设施与项目建设"],
        ["疫情防控", "托育", "职业健康"],
    ),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_seed_report_gets_its_themes(prefix: str, vocab: Vocabulary) -> None:
    must, must_not = SEEDS[prefix]
    tags = seed_tags(prefix, vocab)
    assert [n for n in must if n not in tags] == []
    assert [n for n in must_not if n in tags] == []


def test_seed_expectations_use_vocabulary_names(vocab: Vocabulary) -> None:
    for must, must_not in SEEDS.values():
        assert [n for n in must + must_not if vocab.by_name(n) is None] == []
        assert len(must_not) >= 3


def test_seed_helper_finds_structure() -> None:
    title, headings, paragraphs = seed("003")
    assert title == "阳山县卫生健康局2020年工作总结和2021年工作计划"
    assert "三、全力以赴打好疫情防控阻击战" in headings
    assert all("ICP" not in p for p in paragraphs)
    title, _, _ = seed("002")
    assert title == "修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议"


def test_one_pass_scanner_finds_what_each_themes_expressions_find():
    """The Aho-Corasick pass (themes._Scanner) must give exactly the per-theme regular
    expressions' hits: leftmost-longest phrases, none overlapping, none touching an exclude."""
    import random

    from build_archive.parse import themes as th

    vocab = th.load_vocabulary()
    scanner = th._scanner(vocab.themes)
    phrases = [p for t in vocab.themes for p in (*t.keywords, *t.related, *t.exclude)]
    rng = random.Random(7)
    texts = ["推进家庭医生签约服务，签约率高。", "县中医院搬迁", "县中医院开设中医科", ""]
    for _ in range(500):
        texts.append("".join(rng.choice(phrases)[rng.randint(0, 2):] + rng.choice(["", "的", "，", "\n"])
                             for _ in range(rng.randint(1, 12))))
    for text in texts:
        units = th.report_units("", ["一、" + text[:8]], [text])
        joined = th.Joined.of(units)
        assert scanner.hits(units, joined) == [th.unit_hits(units, joined, t) for t in vocab.themes], text

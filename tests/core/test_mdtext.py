"""Untrusted text must render as exactly its own characters with the site's Markdown setup."""
import html
import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings, strategies as st
from mkdocs.config import load_config

from build_archive.core.paths import PROJECT_DIR
from build_archive.core.mdtext import md_heading_text, md_text


@pytest.fixture(scope="module")
def md():
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data):
        self.text.append(data)


def rendered(md, text: str) -> _Collect:
    md.reset()
    out = md.convert(md_text(text))
    parser = _Collect()
    parser.feed(out)
    return parser


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src=//evil></iframe>",
    "<!-- comment -->",
    "[link](javascript:alert(1))",
    "![](http://tracker.example/x.png)",
    "{{ config.site_name }} {% include 'x' %}",
    "---",
    "# 不是标题",
    "## 也不是",
    "| 表 | 格 |",
    "* 不是列表",
    "- 不是列表",
    "+ 不是列表",
    "1. 不是有序列表",
    "> 不是引用",
    "**粗体** __下划线__ _斜体_",
    "`代码`",
    "    四个空格缩进",
    "!!! warning \"伪造的提示\"",
    "??? note \"伪造的折叠块\"",
    "[TOC]",
    "段落 {: onclick=\"alert(1)\" }",
    "=====",
    "&lt;已转义&gt; &amp; &#60;",
    "<http://example.com>",
    "term\n: definition",
    "[^1]: footnote",
    "*[HTML]: abbreviation",
    "\\ 反斜杠 \\\\",
    "~~删除线~~ ^^插入^^ ==标记==",
    # Python-Markdown breaks lines at "\r" too: each of these would open a block.
    "正文\r# 伪造的标题",
    "正文\r!!! note",
    "正文\r---",
    "正文\r\r<script>alert(1)</script>",
    "正文\r\n    代码块",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_literally(md, text):
    parsed = rendered(md, text)
    assert set(parsed.tags) <= {"p"}, f"{text!r} produced tags {parsed.tags}"
    assert parsed.attrs == []
    assert "".join(parsed.text).strip() == re.sub(r"\r\n?|\n", " ", text).strip()


SYNTAX = "<>&[](){}*_`#!|-+=.:?~^\\\"' \t/"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(SYNTAX) + list("卫健委医改2020年a1")), min_size=1, max_size=40))
def test_any_mix_of_syntax_characters_renders_literally(md, text):
    parsed = rendered(md, text)
    assert set(parsed.tags) <= {"p"}
    expected = re.sub(r"\s+", " ", text).strip()
    assert re.sub(r"\s+", " ", "".join(parsed.text)).strip() == expected


def test_plain_chinese_is_left_readable():
    text = "全县建档立卡贫困人员家庭医生签约服务47334人，签约率达100%。"
    assert md_text(text) == text
    assert md_text("1.全面推进分级诊疗制度。") == "1\\.全面推进分级诊疗制度。"
    assert html.unescape(md_text("<b>")) == "<b>"


# Python-Markdown deletes STX and ETX from its input (it marks its own placeholders with them),
# so they alone cannot survive; both are invisible control characters.
_ANY_TEXT = st.text(st.characters(blacklist_characters="\x02\x03"), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_ANY_TEXT, st.lists(st.sampled_from(HOSTILE + ["\r", "\x0c", "\u2028", "\u202e", "\x00", "\ufeff"]),
                                     min_size=1, max_size=5).map(" ".join)))
def test_any_text_renders_as_its_own_characters(md, text):
    parsed = rendered(md, text)
    assert set(parsed.tags) <= {"p"}, parsed.tags
    assert parsed.attrs == []
    # White space runs folded, as the browser shows them.
    expected = re.sub(r"\s+", " ", text).strip()
    got = re.sub(r"\s+", " ", "".join(parsed.text)).strip()
    assert got == expected


def rendered_heading(md, text: str) -> _Collect:
    """The heading as the site renders it, without the permalink the toc extension appends."""
    md.reset()
    html_out = md.convert(f"## {md_heading_text(text)} {{: #s1 }}")
    html_out = re.sub(r'<a class="headerlink"[^>]*>[^<]*</a>', "", html_out)
    parser = _Collect()
    parser.feed(html_out)
    return parser


@pytest.mark.parametrize("text", ["学习C#", "第三部分 ###", "# 井号", "标题 #号# ", *HOSTILE])
def test_a_heading_shows_its_own_characters_even_ending_in_hashes(md, text):
    """Python-Markdown drops a heading's closing hashes: a report heading ending in # must keep them."""
    parsed = rendered_heading(md, text)
    assert parsed.tags == ["h2"], (text, parsed.tags)
    assert parsed.attrs == [("id", "s1")]
    assert "".join(parsed.text).strip() == re.sub(r"\r\n?|\n", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(SYNTAX) + list("卫健委医改2020年a1")), min_size=1, max_size=40)
       .filter(lambda t: t.strip()))
def test_any_heading_renders_literally(md, text):
    parsed = rendered_heading(md, text)
    assert parsed.tags == ["h2"]
    assert re.sub(r"\s+", " ", "".join(parsed.text)).strip() == re.sub(r"\s+", " ", text).strip()

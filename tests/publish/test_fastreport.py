"""fastreport.convert against Python-Markdown: the same page, byte for byte, or no conversion."""
import re

import pytest

from build_archive.core.mdtext import md_text
from build_archive.core.model import Block
from build_archive.pages.render import render_blocks
from build_archive.publish import fastpages, fastreport
from build_archive.publish.site import CONFIG

# Every character md_text escapes, at the start, inside and at the end of a line; entities,
# backslashes, markup, attribute lists, tabs and control characters.
NASTY = [
    "# 不是标题", "## 也不是 ##", "> 引用", "- 列表", "+ 列表", "* 列表", "1. 有序", "2) 有序", "= 下划线", "---",
    "***", "___", "!!! note", "??? 折叠", ": 定义", "~~~ 代码", "```代码```", "`代码`", "*强调* 与 **加粗**",
    "_下划线_ 与 __加粗__", "[链接](javascript:alert(1))", "![图](x.png)", "<script>alert(1)</script>",
    "a & b &amp; c &#33; &#x21; &copy;", "反斜杠 \\ 与 \\\\ 与 \\*", "{: #p1 onclick=x }", "表 | 格 | 行",
    "以 | 开头与结尾 |", "末尾 #", "末尾 ##", "末尾 \\", "<br>换行", "两个空格  之间", "制表\t符", "控制\x02字符\x03",
    "全角　空格", "http://example.com/?a=1&b=2", "<http://example.com>", "1\\. 已转义", "&#63;开头",
    "100%", "(注)", "《文件》“引号”", "\u2028分隔", "Ω≈ç√∫", "a\\nb", "*", "\\", "&", "<", "x" * 300,
]


@pytest.fixture(scope="module")
def md():
    from mkdocs.config import load_config

    config = load_config(str(CONFIG))
    made = fastpages.make_markdown(config["markdown_extensions"], config["mdx_configs"])
    assert made.archive_fast is not None, "the site's Markdown configuration should take the fast path"
    return made


@pytest.fixture(scope="module")
def shell(seed_build):
    _result, _settings, site = seed_build
    page = site.with_name(f".{site.name}-cache") / "mkdocs" / fastpages.SHELL_URL / "index.html"
    return fastpages.load_shell(page.read_text(encoding="utf-8"))


def both(shell, md, doc: str, text: str) -> tuple[str, str, bool]:
    _meta, body = fastpages.split_front_matter(text)
    converted = fastreport.convert(body, *md.archive_fast)
    fast = fastpages.render_page(shell, md, doc, text)
    saved, md.archive_fast = md.archive_fast, None
    try:
        slow = fastpages.render_page(shell, md, doc, text)
    finally:
        md.archive_fast = saved
    return fast, slow, converted is not None


def test_every_seed_report_page_is_converted_as_python_markdown_renders_it(seed_build, shell, md):
    _result, settings, _site = seed_build
    pages = sorted((settings.docs_dir / "r").glob("*.md"))
    assert pages
    for page in pages:
        fast, slow, converted = both(shell, md, f"r/{page.name}", page.read_text(encoding="utf-8"))
        assert converted, page.name
        assert fast == slow, page.name


def with_body(text: str, blocks: list[Block], flags: list[str] | None = None) -> str:
    """A seed page's Markdown with other body blocks (and flag messages)."""
    start = text.index('<div class="report-body" markdown>\n\n') + len('<div class="report-body" markdown>\n\n')
    end = text.index("\n</div>\n", start)
    text = text[:start] + "\n".join(render_blocks(blocks)) + text[end:]
    if flags is not None:
        notice = re.search(r'!!! warning "[^"]*"\n\n(    - .*\n)+\n', text)
        lines = "".join(f"    - {md_text(f)}\n" for f in flags)
        head = '!!! warning "档案提示：以下情况由程序发现，原文未作改动"\n\n'
        text = (text[:notice.start()] + head + lines + "\n" + text[notice.end():] if notice else
                text.replace('<div class="report-body" markdown>', head + lines + '\n<div class="report-body" markdown>', 1))
    return text


@pytest.mark.parametrize("nasty", NASTY)
def test_escaped_text_comes_out_as_python_markdown_makes_it(seed_build, shell, md, nasty):
    _result, settings, _site = seed_build
    page = sorted((settings.docs_dir / "r").glob("*.md"))[0]
    blocks = [Block("heading", nasty, 1), Block("paragraph", nasty), Block("paragraph", f"前 {nasty} 后"),
              Block("heading", f"标题 {nasty}", 3), Block("paragraph", "普通段落。"),
              Block("signature", f"{nasty}\n2020年1月1日")]
    text = with_body(page.read_text(encoding="utf-8"), blocks, flags=[nasty, f"提示 {nasty}"])
    fast, slow, converted = both(shell, md, f"r/{page.name}", text)
    assert fast == slow
    # Tabs and control characters, and a heading's closing hashes (Python-Markdown takes them
    # off), are left to Python-Markdown.
    if not any(c in nasty for c in "\t\x02\x03") and not nasty.endswith("#"):
        assert converted, "md_text's own output should be converted without Python-Markdown"


def test_a_page_of_another_shape_goes_through_python_markdown(seed_build, shell, md):
    _result, settings, _site = seed_build
    page = sorted((settings.docs_dir / "r").glob("*.md"))[0]
    text = page.read_text(encoding="utf-8").replace('<div class="report-body" markdown>\n\n',
                                                    '<div class="report-body" markdown>\n\n*强调*\n\n', 1)
    fast, slow, converted = both(shell, md, f"r/{page.name}", text)
    assert not converted and fast == slow

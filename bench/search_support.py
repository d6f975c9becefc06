"""Helpers shared by bench/bench_search.py and tests/search/test_search_index.py.

* ``doc_from_raw``: a deliberately simple report reader (title, county, year, body lines without
  site chrome) so search can be tested and measured before the real cleaning pipeline exists.
* ``write_site``: a minimal static site shaped like the mkdocs-material one (``__config`` base,
  ``search/`` page, report pages under ``r/<id>/``) holding the search assets and index files.
* ``serve``: a threaded static server on 127.0.0.1 that honours single byte ranges, like GitHub
  Pages does (Python's SimpleHTTPRequestHandler ignores Range).
"""
from __future__ import annotations

import dataclasses
import hashlib
import html
import http.server
import json
import os
import re
import shutil
import threading
import time
import urllib.request
from pathlib import Path
from typing import Iterable, Sequence

from build_archive.search.format import SearchDoc

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "docs" / "assets"

CHROME = ("ICP", "公网安备", "网站标识码", "主办", "承办", "地址", "邮编", "电子邮箱", "当前位置",
          "您现在所在的位置", "分享到", "字体", "扫一扫", "审:", "友情链接", "推荐阅读", "日期:",
          "来源", "责任编辑", "前言", "热线", "版权所有", "Email", "建议使用", "网站地图", "联系我们",
          "发布机构", "浏览量", "•")
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
THEME_RULES = {
    "医改": ("医改", "医药卫生体制改革", "医共体"),
    "疫情防控": ("疫情",),
    "妇幼健康": ("妇幼", "孕产妇"),
    "家庭医生": ("家庭医生",),
    "健康扶贫": ("健康扶贫",),
}

# The five seeds have no common layout; their facts are written down here instead of guessed.
SEED_META = {
    "2ac8209b6c6491b0": ("东安县卫生健康局2020年工作总结及2021年工作打算", "东安县", "湖南省", 2020),
    "bef659f45db81c95": ("彰武县卫生健康局2024年工作总结", "彰武县", "辽宁省", 2024),
    "9245598fc40722ae": ("修武县卫健委召开2020年卫生健康暨党风廉政建设工作会议", "修武县", "河南省", 2020),
    "aa5b70b4c66df99c": ("阳山县卫生健康局2020年工作总结和2021年工作计划", "阳山县", "广东省", 2020),
    "6463a654558bd747": ("2016年上半年卫生计生工作总结", None, None, 2016),
}


def body_lines(text: str, title: str) -> list[str]:
    """Lines that look like report prose: not chrome, not the title, not tiny."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) < 6 or line == title or any(m in line for m in CHROME):
            continue
        out.append(line)
    return out


def themes_of(text: str) -> tuple[str, ...]:
    return tuple(t for t, words in THEME_RULES.items() if any(w in text for w in words))


def doc_from_raw(name: str, text: str, provinces: dict[str, str] | None = None) -> SearchDoc:
    """A SearchDoc from one raw capture (seed or gen_corpus.py output)."""
    ident = name.rsplit(".", 1)[0].split("_")[-1]
    if ident in SEED_META:
        title, county, province, year = SEED_META[ident]
    else:
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        title = next((l for l in lines if re.search(r"工作(总结|计划|打算)", l) and len(l) < 60
                      and not any(m in l for m in CHROME)), lines[0] if lines else name)
        m = re.match(r"(.+?县)", title)
        county = m.group(1) if m else None
        y = re.search(r"(20\d\d)年", title)
        year = int(y.group(1)) if y else None
        province = (provinces or {}).get(county or "")
    lines = body_lines(text, title)
    headings = tuple(l for l in lines if HEADING.match(l) and len(l) <= 30)
    body = "\n".join(lines)
    slug = ident[:12] if re.fullmatch(r"[0-9a-f]{16}", ident) else ident
    return SearchDoc(url=f"r/{slug}/", title=title, county=county, province=province, year=year,
                     doc_type="工作总结" if "总结" in title else None, themes=themes_of(body),
                     headings=headings, body=body)


def text_id_of(doc: SearchDoc) -> bytes:
    """A stand-in for the parse-cache key the build passes as ``text_id``: a hash of the text."""
    text = json.dumps([doc.title, list(doc.headings), doc.body], ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def without_texts(docs: Sequence[SearchDoc]) -> tuple[list[SearchDoc], dict[str, SearchDoc]]:
    """The docs as the build passes them (text left out, ``text_id`` set), and url -> full doc."""
    return ([dataclasses.replace(d, headings=(), body="", text_id=text_id_of(d)) for d in docs],
            {d.url: d for d in docs})


class RecordingFill:
    """A ``fill`` for ``search_outputs`` that looks texts up by url and records every call."""

    def __init__(self, texts: dict[str, SearchDoc]):
        self.texts = texts
        self.calls: list[list[str]] = []

    def __call__(self, docs: Sequence[SearchDoc]) -> list[SearchDoc]:
        self.calls.append([d.url for d in docs])
        return [dataclasses.replace(d, headings=self.texts[d.url].headings, body=self.texts[d.url].body)
                for d in docs]

    @property
    def urls(self) -> list[str]:
        return [u for call in self.calls for u in call]

    @property
    def filled(self) -> int:
        return len(self.urls)


def gen_corpus_provinces(gen_corpus: Path) -> dict[str, str]:
    """county -> province from gen_corpus.py's COUNTIES table (read, not imported: it has a CLI)."""
    ns: dict = {}
    src = gen_corpus.read_text(encoding="utf-8")
    start = src.index("COUNTIES = {")
    end = src.index("}\n", start) + 2
    exec(compile(src[start:end], str(gen_corpus), "exec"), ns)  # a literal dict from a trusted file
    return {c: p for p, names in ns["COUNTIES"].items() for c in names.split()}


def docs_from_folder(folder: Path, gen_corpus: Path | None = None) -> list[SearchDoc]:
    """One doc per .txt file; ``seq`` (publication order) follows the sorted file names."""
    provinces = gen_corpus_provinces(gen_corpus) if gen_corpus else {}
    return [dataclasses.replace(doc_from_raw(f.name, f.read_text(encoding="utf-8"), provinces), seq=i)
            for i, f in enumerate(sorted(folder.glob("*.txt")))]


# --- a static site shaped like the real one ------------------------------------------------------

def page(title: str, base: str, body: str) -> str:
    cfg = html.escape(json.dumps({"base": base}), quote=False)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{base}/assets/stylesheets/archive.css"></head>
<body><header class="md-header"><nav class="md-header__inner"><a href="{base}/">档案</a></nav></header>
<main class="md-content"><article class="md-content__inner md-typeset">{body}</article></main>
<script id="__config" type="application/json">{cfg}</script>
<script src="{base}/assets/javascripts/archive-search.js"></script></body></html>
"""


def copy_assets(root: Path) -> None:
    """The search page's JS and CSS, fresh from docs/assets."""
    for sub in ("javascripts", "stylesheets"):
        shutil.copytree(ASSETS / sub, root / "assets" / sub, dirs_exist_ok=True)


def write_site(root: Path, docs: Sequence[SearchDoc], index_files: Iterable[tuple[str, bytes]],
               page_size: int | None = None) -> None:
    """Search page, one page per doc, assets and index files under ``root``."""
    copy_assets(root)
    (root / "search").mkdir(parents=True, exist_ok=True)
    (root / "search" / "index.html").write_text(
        page("检索", "..", '<h1>检索</h1><div id="archive-search"'
             + (f' data-page-size="{page_size}"' if page_size else "") + '></div>'), encoding="utf-8")
    for d in docs:
        # The body as report pages hold it: the search reads it back from the page (pagetext.py).
        paras = '<div class="report-body">' + "".join(f"<p>{html.escape(p)}</p>" for p in d.body.split("\n")) + "</div>"
        target = root / d.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        depth = "/".join([".."] * d.url.strip("/").count("/") + [".."])
        target.write_text(page(d.title, depth, f"<h1>{html.escape(d.title)}</h1>{paras}"), encoding="utf-8")
    for path, content in index_files:
        out = root / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with single-range support; quiet."""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def do_GET(self) -> None:
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        m = re.fullmatch(r"bytes=(\d+)-(\d*)", rng or "")
        if not m or not os.path.isfile(path):
            return super().do_GET()
        size = os.path.getsize(path)
        start = int(m.group(1))
        end = min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
        if start > end:
            self.send_error(416)
            return
        with open(path, "rb") as f:  # read only the range: packs are megabytes
            f.seek(start)
            data = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server:
    """``with Server(root) as base_url:`` serves ``root`` on 127.0.0.1 until the block ends."""

    def __init__(self, root: Path):
        handler = lambda *a, **kw: RangeHandler(*a, directory=str(root), **kw)  # noqa: E731
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while True:  # readiness poll
            try:
                urllib.request.urlopen(self.url + "search/", timeout=1).read()
                return self.url
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Typing as an input method does: composition events around the text, the value set in one go,
# an input event flagged isComposing=false after compositionend, and a key event that is not a
# character key (IMEs commit with Enter/Space; some send no keyup at all).
IME_TYPE_JS = """
([selector, text]) => {
  const el = document.querySelector(selector);
  el.focus();
  el.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));
  el.value = text;
  el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: text, inputType: 'insertCompositionText'}));
  el.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: text}));
  el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: false, data: text, inputType: 'insertText'}));
  el.dispatchEvent(new KeyboardEvent('keydown', {bubbles: true, key: 'Process', keyCode: 229}));
}
"""

"""The archive's own search: index builder (unit + property tests) and the browser reader/UI
(headless Chromium against a small static site served on 127.0.0.1).

Browser queries are typed the way an input method types (composition events, no keyup), and
every expected result set is computed by brute force over the same document texts.
"""
from __future__ import annotations

import dataclasses
import gzip
import json
import random
import sqlite3
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_archive.search import format as fmt, index_cache, postings, writer
from build_archive.search.format import (
    COUNT_MASK, HEADING_BIT, TITLE_BIT, SearchDoc, decode_varints, doc_order_key, encode_varints, searchable_text,
)
from build_archive.search.codes import code_key, key_hash, shard_codes, shard_of
from build_archive.search.keys import count_keys, doc_postings, iter_keys, key_codes, normalize
from build_archive.search.postings import (
    Postings, build_block, decode_piece, decode_shard, encode_pieces, encode_shard, patch_block,
)
from build_archive.search.search_index import build_search_index, search_outputs

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
from search_support import (  # noqa: E402
    CHROMIUM_ARGS, IME_TYPE_JS, RecordingFill, Server, docs_from_folder, without_texts, write_site,
)

GEN_CORPUS = Path("/work/shared/bench/gen_corpus.py")


def make_doc(i: int, body: str, title: str = "", headings: tuple[str, ...] = (), **kw) -> SearchDoc:
    base = dict(url=f"r/{i:04d}/", title=title or f"报告{i}", county=None, province=None, year=None,
                doc_type=None, themes=(), headings=headings, body=body)
    base.update(kw)
    return SearchDoc(**base)


def index_map(files: list[tuple[str, bytes]]) -> dict[str, bytes]:
    return dict(files)


def manifest_of(files: list[tuple[str, bytes]]) -> dict:
    return json.loads(index_map(files)["search-index/manifest.json"])


def all_postings(files: list[tuple[str, bytes]]) -> dict[str, list[tuple[int, int]]]:
    block_docs = manifest_of(files)["blockDocs"]
    out: dict[str, list[tuple[int, int]]] = {}
    for path, content in files:
        if "/s/" in path or "/h/" in path:
            out.update(decode_shard(gzip.decompress(content), block_docs))
    return out


def brute_keys(text: str) -> set[str]:
    """Every 1- and 2-character substring made only of letters/digits/Han characters."""
    keys = set()
    for i, ch in enumerate(text):
        if ch.isalnum():
            keys.add(ch)
            if i + 1 < len(text) and text[i + 1].isalnum():
                keys.add(text[i:i + 2])
    return keys


def overlapping_count(hay: str, needle: str) -> int:
    return sum(1 for i in range(len(hay) - len(needle) + 1) if hay.startswith(needle, i))


def contains_all(doc: SearchDoc, query: str) -> bool:
    """Brute-force meaning of a query: every whitespace-separated term occurs in the text."""
    text = normalize(searchable_text(doc))
    terms = [t for t in normalize(query).split() if any(c.isalnum() for c in t)]
    return bool(terms) and all(t in text for t in terms)


# --- unit tests: normalisation, keys, encoding --------------------------------------------------

def test_normalize_folds_width_and_case_and_reads_traditional_han_as_simplified():
    assert normalize("２０２０年ＰＣＲ实验室ABC") == "2020年pcr实验室abc"
    assert normalize("医改　卫健委") == "医改 卫健委"
    assert normalize("東安縣衛生健康局") == "东安县卫生健康局"
    assert normalize("乾安县 於") == "乾安县 於"  # also simplified: never folded


@given(st.text(max_size=60))
def test_normalize_is_length_preserving_and_keeps_simplified_han(s):
    from build_archive.core.tradsimp import table
    out = normalize(s)
    assert len(out) == len(s)
    assert len(out.encode("utf-16-le")) == len(s.encode("utf-16-le"))  # the reader counts UTF-16 units
    for a, b in zip(s, out):
        if unicodedata.name(a, "").startswith("CJK UNIFIED IDEOGRAPH") and a not in table():
            assert a == b
    assert normalize(out) == out


@given(st.lists(st.integers(min_value=0, max_value=2**40), max_size=50))
def test_varints_round_trip(values):
    data = encode_varints(values)
    assert decode_varints(data)[0] == values


def test_iter_keys_are_unigrams_and_bigrams_within_runs():
    assert list(iter_keys("医改,ab")) == ["医", "改", "医改", "a", "b", "ab"]
    assert "改a" not in set(iter_keys("医改 ab"))


@given(st.text(alphabet="医改卫健委ab1２，。_ \n\0Ａ", max_size=60))
def test_fast_key_count_equals_the_reference_definition(s):
    assert count_keys(normalize(s)) == Counter(iter_keys(normalize(s)))


@settings(deadline=None)  # the first call builds code point tables
@given(st.text(max_size=60) | st.text(alphabet="医改卫健委ab1２，。_ \n\0ＡＢ\u3000𠀀", max_size=60))
def test_numpy_key_codes_equal_the_reference_count(s):
    codes, counts = key_codes(s)
    assert list(codes) == sorted(codes)
    assert {code_key(int(c)): int(n) for c, n in zip(codes, counts)} == count_keys(normalize(s))


@settings(deadline=None)
@given(st.lists(st.text(alphabet="医改卫健委ab1𠀀字", min_size=1, max_size=2), max_size=20))
def test_numpy_shard_routing_equals_shard_of(keys):
    codes = np.array([key_codes(k)[0].max() for k in keys], dtype=np.int64)  # the key itself
    assert [code_key(int(c)) for c in codes] == keys
    for n in (1, 16, 4096):
        assert shard_codes(codes, n).tolist() == [shard_of(k, n) for k in keys]


def test_key_hash_is_fnv1a_over_code_points():
    # Reference values computed by hand from the FNV-1a definition (also checked against the JS).
    assert key_hash("") == 2166136261
    h = 2166136261
    for ch in "医改":
        h = ((h ^ ord(ch)) * 16777619) % 2**32
    assert key_hash("医改") == h


# --- unit tests: the builder --------------------------------------------------------------------

SAMPLE = [
    make_doc(1, "在市卫健委的指导下，开展家庭医生签约服务。\n两癌筛查6060人。", title="东安县2020年工作总结",
             headings=("一、医改工作",), county="东安县", province="湖南省", year=2020, themes=("医改",)),
    make_doc(2, "医共体建设稳步推进，医改持续深化。ＰＣＲ实验室建成。", title="彰武县2024年工作总结",
             county="彰武县", province="辽宁省", year=2024, themes=("医改", "疫情防控")),
    make_doc(3, '<script>alert("x")</script>恶意文本"\\u0000', title="<b>标题</b>"),
]


def test_build_is_deterministic_and_independent_of_input_order():
    a = build_search_index(SAMPLE)
    b = build_search_index(list(reversed(SAMPLE)))
    assert a == b
    assert [p for p, _ in a] == sorted(p for p, _ in a)
    assert all(p.startswith("search-index/") for p, _ in a)


def test_manifest_and_every_shard_file_exist():
    files = index_map(build_search_index(SAMPLE))
    m = json.loads(files["search-index/manifest.json"])
    assert m["docs"] == 3 and m["version"] == 2
    assert m["shards"] & (m["shards"] - 1) == 0
    for s in range(m["shards"]):
        assert f"search-index/s/{s:0{m['shardWidth']}x}.bin" in files
    assert m["provinces"] == ["湖南省", "辽宁省"]
    assert m["themes"] == ["医改", "疫情防控"]


def test_keys_are_routed_to_their_hash_shard_or_own_file(monkeypatch):
    monkeypatch.setattr(postings, "HEAVY_MIN_DF", 2)  # tiny corpus: let frequent keys be heavy
    monkeypatch.setattr(postings, "MAX_HEAVY", 3)
    files = build_search_index(SAMPLE)
    m = json.loads(index_map(files)["search-index/manifest.json"])
    assert len(m["heavy"]) == 3 and m["heavy"] == sorted(m["heavy"])
    for path, content in files:
        shard = decode_shard(gzip.decompress(content), m["blockDocs"]) if "/s/" in path or "/h/" in path else {}
        if "/h/" in path:
            n = int(path.rsplit("/", 1)[1].split(".")[0])
            assert list(shard) == [m["heavy"][n]]
        for key in shard if "/s/" in path else ():
            assert key not in m["heavy"]
            assert shard_of(key, m["shards"]) == int(path.rsplit("/", 1)[1].split(".")[0], 16), key
    # heavy keys are the most frequent ones
    post = all_postings(files)
    cutoff = min(len(post[k]) for k in m["heavy"])
    assert all(len(v) <= cutoff for k, v in post.items() if k not in m["heavy"])


def test_doc_records_keep_untrusted_text_as_data():
    files = index_map(build_search_index(SAMPLE))
    ordered = sorted(SAMPLE, key=doc_order_key)
    pack = files["search-index/t/0.bin"]
    lens, _ = decode_varints(gzip.decompress(files["search-index/t/0.len.bin"]))
    assert sum(lens) == len(pack)
    pos = 0
    for doc, n in zip(ordered, lens):
        rec = json.loads(gzip.decompress(pack[pos:pos + n]))
        pos += n
        assert (rec["u"], rec["t"], tuple(rec["h"])) == (doc.url, doc.title, doc.headings)
        assert "b" not in rec  # the body is read from the page (pagetext.py)


def test_facet_columns_follow_doc_order():
    files = index_map(build_search_index(SAMPLE))
    ordered = sorted(SAMPLE, key=doc_order_key)
    m = json.loads(files["search-index/manifest.json"])
    years, _ = decode_varints(gzip.decompress(files["search-index/docs.bin"]))
    assert [m["years"][y - 1] if y else None for y in years] == [d.year for d in ordered]
    cols, _ = decode_varints(gzip.decompress(files["search-index/facets.bin"]))
    provs, themes = cols[:3], cols[3:]
    assert [m["provinces"][p - 1] if p else None for p in provs] == [d.province for d in ordered]
    pos, got = 0, []
    for _ in ordered:
        got.append(tuple(m["themes"][t] for t in themes[pos + 1:pos + 1 + themes[pos]]))
        pos += 1 + themes[pos]
    assert got == [tuple(sorted(d.themes)) for d in ordered]


def test_docs_are_numbered_in_publication_order():
    docs = [make_doc(i, "正文", seq=seq) for i, seq in ((1, 30), (2, 10), (3, 20))]
    assert [d.url for d in sorted(docs, key=doc_order_key)] == ["r/0002/", "r/0003/", "r/0001/"]


HAN = "医生卫健委家庭签约改革两癌筛查县市"
doc_text = st.text(alphabet=HAN + "0126aB，。“” \nＡ２", max_size=80)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(doc_text, doc_text, doc_text), min_size=1, max_size=6), st.sampled_from([1, 2, 1024]))
def test_postings_match_a_brute_force_scan(texts, block_docs):
    docs = [make_doc(i, body, title=title or "空", headings=(head,) if head else ())
            for i, (title, head, body) in enumerate(texts)]
    ordered = sorted(docs, key=doc_order_key)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fmt, "BLOCK_DOCS", block_docs)  # several blocks per file
        post = all_postings(build_search_index(docs))
    expected: dict[str, list[tuple[int, int]]] = {}
    for doc_id, d in enumerate(ordered):
        text = normalize(searchable_text(d))
        title, heads = normalize(d.title), normalize("\n".join(d.headings))
        for key in sorted(brute_keys(text)):
            score = min(overlapping_count(text, key).bit_length(), COUNT_MASK)
            score |= (TITLE_BIT if key in title else 0) | (HEADING_BIT if key in heads else 0)
            expected.setdefault(key, []).append((doc_id, score))
    assert post == expected


# --- browser tests ------------------------------------------------------------------------------

def xss_docs() -> list[SearchDoc]:
    return [
        make_doc(9998, '医改<img src=x onerror="window.__pwned=1">\n<script>window.__pwned=2</script>卫健委',
                 title='<b onmouseover="window.__pwned=3">恶意标题</b>', county="<i>县</i>", year=2019,
                 url="r/evil/"),
        make_doc(9999, "恶意链接专用文本", title="恶意链接", url="javascript:window.__pwned=4//"),
    ]


# ``browser`` is the session fixture in conftest.py: one Playwright per test session.


def serve_site(tmp_path_factory, name: str, docs: list[SearchDoc], page_size: int | None = None):
    root = tmp_path_factory.mktemp(name)
    write_site(root, [d for d in docs if not d.url.startswith("javascript:")], build_search_index(docs), page_size)
    return Server(root)


@pytest.fixture(scope="module")
def seed_docs() -> list[SearchDoc]:
    return docs_from_folder(REPO / "reports") + xss_docs()


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory, seed_docs):
    # Tiny blocks and packs, so the reader joins postings across blocks and texts across packs.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fmt, "BLOCK_DOCS", 2)
        mp.setattr(fmt, "PACK_DOCS", 3)
        server = serve_site(tmp_path_factory, "seeds", seed_docs)
    with server as url:
        yield url


@pytest.fixture(scope="module")
def synth_docs(tmp_path_factory) -> list[SearchDoc]:
    if not GEN_CORPUS.exists():
        pytest.skip("gen_corpus.py not available")
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(GEN_CORPUS), "200", str(out)], check=True, capture_output=True)
    return docs_from_folder(out, GEN_CORPUS)


@pytest.fixture(scope="module")
def synth_site(tmp_path_factory, synth_docs):
    # Small thresholds so this 200-doc site also exercises the own-file ("heavy") keys.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(postings, "HEAVY_MIN_DF", 20)
        mp.setattr(postings, "MAX_HEAVY", 64)
        mp.setattr(fmt, "BLOCK_DOCS", 16)
        mp.setattr(fmt, "PACK_DOCS", 50)
        # Large pages: the test follows every result of queries matching most of the corpus.
        server = serve_site(tmp_path_factory, "synth", synth_docs, page_size=100)
    with server as url:
        yield url


@pytest.fixture
def page(browser):
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert not errors, errors


def wait_done(page) -> None:
    page.wait_for_function("['done','error'].includes(document.getElementById('archive-search').dataset.state)")
    assert page.get_attribute("#archive-search", "data-state") == "done", page.inner_text(".as-status")


def ime_type(page, text: str) -> None:
    page.evaluate(IME_TYPE_JS.strip(), ["#as-q", text])
    wait_done(page)


def all_results(page) -> list[str]:
    """URLs of every result, following 显示更多结果 to the end; report paths like 'r/x/'."""
    while page.is_visible(".as-more"):
        page.click(".as-more")
        wait_done(page)
    hrefs = page.eval_on_selector_all(".as-result .as-title a", "els => els.map(e => e.getAttribute('href'))")
    return [h.split("/", 3)[3].split("?")[0] for h in hrefs]


def expected(docs: list[SearchDoc], query: str) -> set[str]:
    return {d.url for d in docs if contains_all(d, query)}


def check_query(page, docs, query: str) -> None:
    ime_type(page, query)
    got = all_results(page)
    want = expected(docs, query)
    assert len(got) == len(set(got)), f"{query!r}: duplicate results"
    missing, extra = want - set(got), set(got) - want
    assert not missing and not extra, f"{query!r}: missing {sorted(missing)}, unexpected {sorted(extra)}"
    status = page.inner_text(".as-status")
    if want:
        assert f"共 {len(want)} 篇" in status, f"{query!r}: status {status!r}"
        # every snippet highlights a query term
        terms = {normalize(t) for t in query.split()}
        marks = page.eval_on_selector_all(".as-result", "els => els.map(e => Array.from(e.querySelectorAll('.as-snippet mark'), m => m.textContent))")
        for m in marks:
            assert m and all(any(t in normalize(x) or normalize(x) in t for t in terms) for x in m), (query, m)
    else:
        assert "没有找到" in status, f"{query!r}: status {status!r}"


SEED_QUERIES = [
    "医改", "医生", "卫健委", "健委", "癌",                          # short words, words inside words
    "家庭医生签约服务", "县域医共体信息平台",                          # phrases
    "全面实施健康扶贫“三个一批”政策",                                # pasted with punctuation
    "在市卫健委的指导下,坚持新发展的理念,以高质量发展为主题",          # long pasted phrase
    "家庭医生 签约", "医共体 信息化 2024年", "修武 廉政",             # several terms
    "2020年", "两癌筛查6060人", "6060", "２０２０年", "PCR实验室",   # digits, width, case
    "量子计算机", "医改 量子",                                         # nothing
]


@pytest.fixture(scope="module")
def seed_page(browser, seed_site):
    """One search page for the whole query table: queries follow each other as a reader's do."""
    ctx = browser.new_context()
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(seed_site + "search/")
    wait_done(pg)
    yield pg
    ctx.close()
    assert not errors, errors


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_queries_find_exactly_the_reports_containing_them(seed_page, seed_docs, query):
    check_query(seed_page, seed_docs, query)


def test_results_show_title_county_year_and_untrusted_text_stays_text(seed_site, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    ime_type(page, "卫健委")
    first = page.query_selector(".as-result")
    assert first.query_selector(".as-title a").inner_text()
    meta = page.eval_on_selector_all(".as-meta", "els => els.map(e => e.textContent)")
    assert any("东安县" in m and "2020年" in m for m in meta)
    # The hostile doc is found, shown literally, unlinked (javascript: URL), and runs nothing.
    titles = page.eval_on_selector_all(".as-title", "els => els.map(e => e.textContent)")
    assert '<b onmouseover="window.__pwned=3">恶意标题</b>' in titles
    assert page.evaluate("window.__pwned") is None
    assert page.query_selector(".as-results img, .as-results script, .as-results b, .as-results i") is None
    ime_type(page, "恶意链接")
    assert page.inner_text(".as-title") == "恶意链接"
    assert page.query_selector(".as-results a") is None  # a javascript: URL is never linked
    assert page.evaluate("window.__pwned") is None


def test_query_url_is_shareable_and_reproduces_results(seed_site, browser, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    ime_type(page, "家庭医生 签约")
    page.select_option("select[name=province]", "湖南省")
    wait_done(page)
    shared = page.url
    assert "q=" in shared and "province=" in shared
    before = all_results(page)
    ctx = browser.new_context()
    other = ctx.new_page()
    other.goto(shared)
    wait_done(other)
    assert other.input_value("#as-q") == "家庭医生 签约"
    assert all_results(other) == before
    ctx.close()


@pytest.mark.parametrize("facet,value,query", [
    ("province", "湖南省", "医生"), ("year", "2020", "卫健委"), ("theme", "健康扶贫", "医改"),
])
def test_filters_combine_with_query_and_show_counts(seed_site, seed_docs, page, facet, value, query):
    page.goto(seed_site + "search/")
    wait_done(page)
    ime_type(page, query)
    page.wait_for_function("document.querySelectorAll('select[name=theme] option').length > 1")
    field = {"province": lambda d: d.province == value, "year": lambda d: str(d.year) == value,
             "theme": lambda d: value in d.themes}[facet]
    want = {d.url for d in seed_docs if contains_all(d, query) and field(d)}
    label = page.eval_on_selector(f"select[name={facet}] option[value='{value}']", "o => o.textContent")
    assert label == f"{value}（{len(want)}）"
    page.select_option(f"select[name={facet}]", value)
    wait_done(page)
    assert set(all_results(page)) == want
    assert f"{facet}=" in page.url


def test_missing_index_is_reported_in_chinese(tmp_path, browser):
    write_site(tmp_path, [], [])  # a site whose index was never written
    ctx = browser.new_context()
    pg = ctx.new_page()
    with Server(tmp_path) as url:
        pg.goto(url + "search/?q=医改")
        pg.wait_for_function("document.getElementById('archive-search').dataset.state === 'error'")
        assert "检索" in pg.inner_text(".as-status") and "失败" in pg.inner_text(".as-status") or \
            "出错" in pg.inner_text(".as-status")
    ctx.close()


def test_opening_a_result_highlights_the_match(seed_site, page):
    page.goto(seed_site + "search/?q=" + "两癌筛查6060人")
    wait_done(page)
    page.click(".as-result .as-title a")
    page.wait_for_selector("mark.as-hit")
    assert page.inner_text("mark.as-hit") == "两癌筛查6060人"
    assert "h=" in page.url
    assert page.query_selector(".as-header-form input[name=q]") is not None


def test_keyboard_only(seed_site, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    page.focus("#as-q")
    ime_type(page, "医共体")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.as-result') !== null")
    page.keyboard.press("Enter")
    page.wait_for_selector("mark.as-hit")


def test_reader_agrees_with_builder_on_shared_contract(seed_site, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    keys = ["医", "医改", "卫健", "20", "0年", "pc", "𠀀字"]
    assert page.evaluate("ks => ks.map(k => window.archiveSearch.keyHash(k))", keys) == [key_hash(k) for k in keys]
    s = "２０２０年ＰＣＲ　医改ABC東安縣衛生健康局𠀀"
    assert page.evaluate("s => window.archiveSearch.normalize(s)", s) == normalize(s)
    assert normalize("東安縣衛生") == "东安县卫生"


RANK_DOCS = [
    make_doc(1, "正文提到一次慢病管理。", title="普通报告甲", year=2020),
    make_doc(2, "这里没有。", title="慢病管理工作总结", year=2018),
    make_doc(3, "第一段。\n慢病管理。慢病管理。慢病管理。慢病管理。慢病管理。", title="普通报告乙", year=2019),
    make_doc(4, "正文。", title="普通报告丙", headings=("二、慢病管理",), year=2017),
    make_doc(5, "签约" + "，其他内容" * 30 + "家庭医生。", title="远", year=2021),
    make_doc(6, "家庭医生签约服务。", title="近", year=2016),
]


@pytest.fixture(scope="module")
def rank_site(tmp_path_factory):
    with serve_site(tmp_path_factory, "rank", RANK_DOCS) as url:
        yield url


def result_titles(page) -> list[str]:
    return page.eval_on_selector_all(".as-title", "els => els.map(e => e.textContent)")


def test_ranking_title_then_heading_then_more_then_closer(rank_site, page):
    page.goto(rank_site + "search/")
    wait_done(page)
    ime_type(page, "慢病管理")
    assert result_titles(page) == ["慢病管理工作总结", "普通报告丙", "普通报告乙", "普通报告甲"]
    ime_type(page, "家庭医生 签约")
    assert result_titles(page) == ["近", "远"]


PARSE_JS = "q => window.archiveSearch.parseQuery(q).map(t => [t.text, t.keys, t.exact])"


def test_reader_query_parsing(seed_site, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    parse = lambda q: page.evaluate(PARSE_JS, q)  # noqa: E731
    assert parse("医改") == [["医改", ["医改"], True]]
    assert parse("癌") == [["癌", ["癌"], True]]
    assert parse("卫健委") == [["卫健委", ["卫健", "健委"], False]]
    assert parse("  医改\u3000卫健委 医改 ") == [["医改", ["医改"], True], ["卫健委", ["卫健", "健委"], False]]
    assert parse("，。 “”") == []
    assert parse("ＡＢ") == [["ab", ["ab"], True]]
    # A long pasted phrase fetches a few spread keys, each a real bigram of the phrase.
    (text, keys, exact), = parse("在市卫健委的指导下,坚持新发展的理念")
    assert not exact and 1 <= len(keys) <= 3 and all(k in text for k in keys)
    assert keys[0] == "在市"
    # Many terms: every term keeps a key, the query stays within its key budget.
    terms = parse("医疗卫生 公共服务 家庭医生 两癌筛查 健康扶贫 疫情防控 核酸检测 2020年")
    assert all(t[1] for t in terms) and sum(len(t[1]) for t in terms) <= 8


def random_postings(rng: random.Random) -> list[list[tuple[int, int]]]:
    return [sorted({rng.randrange(60): rng.randrange(256) for _ in range(rng.randrange(40))}.items())
            for _ in range(rng.randrange(1, 5))]


def test_reader_intersection_matches_python(seed_site, page):
    page.goto(seed_site + "search/")
    wait_done(page)
    rng = random.Random(3)
    cases = [random_postings(rng) for _ in range(200)]
    results = page.evaluate("""cases => cases.map(lists => {
        const r = window.archiveSearch.termCandidates(lists.map(l => ({
            ids: Int32Array.from(l.map(x => x[0])), scores: Uint8Array.from(l.map(x => x[1]))})));
        return [Array.from(r.ids), Array.from(r.score)];
    })""", cases)
    for lists, (ids, scores) in zip(cases, results):
        common = sorted(set.intersection(*[{i for i, _ in l} for l in lists]))
        assert ids == common, lists
        for doc, score in zip(common, scores):
            bytes_ = [dict(l)[doc] for l in lists]
            flags = 0xC0
            for b in bytes_:
                flags &= b
            weakest = min(b & 7 for b in bytes_)
            assert score == (8 if flags & 0x80 else 0) + (3 if flags & 0x40 else 0) + weakest, lists


def synth_queries(docs: list[SearchDoc]) -> list[str]:
    rng = random.Random(7)
    phrases = []
    for d in rng.sample(docs, 3):
        line = max(d.body.split("\n"), key=len)
        start = rng.randrange(0, max(1, len(line) - 25))
        phrases.append(line[start:start + rng.choice([6, 12, 25])].strip())
    county = docs[17].county or "东安县"
    return ["卫健委", "医生", "医改", "家庭医生 签约", "两癌筛查", "2020年", county, county + " 医共体",
            "量子计算机", *phrases]


def test_synthetic_corpus_queries(synth_site, synth_docs, page):
    page.goto(synth_site + "search/")
    wait_done(page)
    for q in synth_queries(synth_docs):
        check_query(page, synth_docs, q)


# --- incremental builds -------------------------------------------------------------------------

def corpus_docs(n: int, seed: int = 5) -> list[SearchDoc]:
    rng = random.Random(seed)
    words = ["卫生", "健康", "医改", "家庭医生", "签约", "疫情", "防控", "两癌筛查", "2020年", "PCR"]
    out = []
    for i in range(n):
        body = "\n".join("".join(rng.choice(words) + rng.choice("，。 ") for _ in range(rng.randrange(3, 30)))
                         for _ in range(rng.randrange(1, 4)))
        out.append(make_doc(i, body, title=f"{rng.choice(words)}报告{i}", headings=(rng.choice(words),),
                            province=rng.choice([None, "湖南省", "辽宁省"]), year=rng.choice([None, 2019, 2020]),
                            themes=tuple(rng.sample(["医改", "疫情防控", "妇幼健康"], rng.randrange(3))),
                            seq=3 * i + rng.randrange(3)))  # gaps, as withdrawn reports leave
    return out


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks, packs and heavy keys small enough for a few dozen docs to have many of each."""
    monkeypatch.setattr(fmt, "BLOCK_DOCS", 4)
    monkeypatch.setattr(fmt, "PACK_DOCS", 5)
    monkeypatch.setattr(postings, "HEAVY_MIN_DF", 3)
    monkeypatch.setattr(postings, "MAX_HEAVY", 6)
    monkeypatch.setattr(postings, "TARGET_SHARD_RAW_BYTES", 200)


def changed(docs: list[SearchDoc], i: int, **kw) -> list[SearchDoc]:
    out = list(docs)
    out[i] = dataclasses.replace(out[i], **kw)
    return out


BASE = corpus_docs(30)
NEW = make_doc(99, "新增报告：家庭医生签约，卫生健康。", title="新报告", seq=1000, province="广东省", themes=("新主题",))
EDITS = {
    "add one": BASE + [NEW],
    "metadata": changed(BASE, 13, county="新县", province="广东省", year=2024, themes=("家庭医生",)),
    "body": changed(BASE, 6, body="全新的正文，卫生院标准化建设。"),
    "title": changed(BASE, 21, title="改过的标题"),
    "removed": BASE[:9] + BASE[10:],
    "removed last": BASE[:-1],
    "reordered seq": changed(BASE, 2, seq=10_000),
    "empty": [],
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_cached_rebuild_equals_a_build_from_scratch(small_blocks, tmp_path, edit):
    first = build_search_index(BASE, cache_dir=tmp_path, workers=1)
    assert first == build_search_index(BASE)
    again = build_search_index(EDITS[edit], cache_dir=tmp_path, workers=1)
    assert again == build_search_index(EDITS[edit])
    # and back again, from a cache that now holds the edited corpus
    assert build_search_index(BASE, cache_dir=tmp_path, workers=1) == first


def test_parallel_build_equals_serial(small_blocks, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "MIN_PARALLEL_RAW_BYTES", 0)
    docs = corpus_docs(60, seed=9)
    serial = build_search_index(docs, workers=1)
    assert build_search_index(docs, cache_dir=tmp_path, workers=2) == serial
    assert build_search_index(docs + [NEW], cache_dir=tmp_path, workers=2) == build_search_index(docs + [NEW], workers=1)


def test_cache_from_another_corpus_or_corrupt_is_harmless(small_blocks, tmp_path):
    other = corpus_docs(25, seed=11)
    build_search_index(other, cache_dir=tmp_path)
    want = build_search_index(BASE)
    assert build_search_index(BASE, cache_dir=tmp_path) == want
    db = tmp_path / index_cache.CACHE_FILE
    # Flip bytes inside every cached blob: checksums turn them into misses.
    con = sqlite3.connect(db)
    con.execute("UPDATE blob SET data = CAST(zeroblob(length(data)) AS BLOB)")
    con.commit()
    con.close()
    assert build_search_index(BASE, cache_dir=tmp_path) == want
    assert build_search_index(BASE, cache_dir=tmp_path) == want
    # Blobs (with their checksums) moved to other entries' keys.
    con = sqlite3.connect(db)
    rows = con.execute("SELECT kind, key, data, chk FROM blob ORDER BY kind, key").fetchall()
    for (kind, key, _, _), (_, _, data, chk) in zip(rows, rows[1:] + rows[:1]):
        con.execute("UPDATE blob SET data=?, chk=? WHERE kind=? AND key=?", (data, chk, kind, key))
    con.commit()
    con.close()
    assert build_search_index(BASE, cache_dir=tmp_path) == want
    db.write_bytes(b"not a database at all" * 100)
    assert build_search_index(BASE, cache_dir=tmp_path) == want
    assert build_search_index(BASE + [NEW], cache_dir=tmp_path) == build_search_index(BASE + [NEW])


def test_cache_holds_only_what_the_last_build_used(small_blocks, tmp_path):
    fresh = tmp_path / "fresh"
    build_search_index(EDITS["add one"], cache_dir=fresh)
    rows = lambda d: sorted(sqlite3.connect(d / index_cache.CACHE_FILE).execute(  # noqa: E731
        "SELECT kind, key, data FROM blob").fetchall())
    used = tmp_path / "used"
    build_search_index(corpus_docs(40, seed=3), cache_dir=used)
    build_search_index(BASE, cache_dir=used)
    build_search_index(EDITS["add one"], cache_dir=used)
    assert rows(used) == rows(fresh)


def test_adding_a_doc_leaves_earlier_blocks_and_packs_unchanged(small_blocks, monkeypatch):
    monkeypatch.setattr(postings, "MAX_SHARDS", 8)  # same layout before and after
    monkeypatch.setattr(postings, "MAX_HEAVY", 0)
    before = index_map(build_search_index(BASE))
    after = index_map(build_search_index(BASE + [NEW]))
    m = json.loads(after["search-index/manifest.json"])
    assert m["docs"] == len(BASE) + 1 and m["blockDocs"] == 4 and m["shards"] == 8
    # Earlier packs are untouched; earlier blocks of every postings file decompress the same.
    assert all(before[p] == after[p] for p in before if "/t/" in p and p.rsplit("/", 1)[1] < "6")
    for path, content in after.items():
        if "/s/" in path and path in before:
            old, new = gzip.decompress(before[path]), gzip.decompress(content)
            pos = 0
            for _ in range(len(BASE) // 4):  # every full block of the old corpus
                _, pos = decode_piece(new, pos)
            assert new[:pos] == old[:pos]


def test_postings_files_are_single_gzip_members(small_blocks):
    for path, content in build_search_index(BASE):
        if "/s/" in path or "/h/" in path:
            d = zlib.decompressobj(31)
            d.decompress(content)
            assert d.eof and not d.unused_data, path


def test_vectorised_piece_encoder_matches_the_reference():
    rng = random.Random(4)
    docs = corpus_docs(40, seed=8)[:37]
    block = build_block([doc_postings(d) for d in docs])
    slots = np.array([rng.randrange(5) for _ in block.codes], dtype=np.int64)
    wanted = np.array([True, True, False, True, True])
    pieces = encode_pieces(block, slots, wanted)
    assert sorted(pieces) == [0, 1, 3, 4]
    starts = np.concatenate(([0], np.cumsum(block.df)))
    for slot, piece in pieces.items():
        mine = [i for i in range(len(block.codes)) if slots[i] == slot]
        keys = [code_key(int(block.codes[i])) for i in mine]
        post = Postings({code_key(int(block.codes[i])): block.ids[starts[i]:starts[i + 1]].tolist() for i in mine},
                        {code_key(int(block.codes[i])): block.scores[starts[i]:starts[i + 1]].tobytes() for i in mine})
        assert piece == encode_shard(keys, post)


def test_patching_a_block_equals_building_it_whole():
    docs = corpus_docs(40, seed=8)

    def block(of: list[SearchDoc]):
        return build_block([doc_postings(d) for d in of])

    old = block(docs[:30])
    new = docs[:3] + [docs[35]] + docs[4:20] + [docs[36], docs[37]] + docs[22:30] + docs[30:33]
    whole = block(new)
    keep = [i for i in range(30) if new[i] is docs[i]]
    part, touched = patch_block(old, keep, [(i, doc_postings(d)) for i, d in enumerate(new) if i not in keep])
    for name in ("codes", "df", "ids", "scores"):
        assert getattr(part, name).tolist() == getattr(whole, name).tolist(), name
    # The keys whose postings differ are among those reported as touched.
    starts = lambda b: dict(zip(b.codes.tolist(), np.split(np.stack((b.ids, b.scores)), np.cumsum(b.df)[:-1], axis=1)))  # noqa: E731
    before, after = starts(old), starts(whole)
    differ = {c for c in before.keys() | after.keys()
              if c not in before or c not in after or before[c].tolist() != after[c].tolist()}
    assert differ <= set(touched.tolist())
    shorter, _ = patch_block(old, range(10), [])  # docs taken out at the end
    assert shorter.ids.tolist() == block(docs[:10]).ids.tolist()


# --- texts left out (text_id + fill), keyed lazy outputs -----------------------------------------

def outputs(docs: list[SearchDoc], cache: Path | None = None, **kw) -> dict[str, tuple[str, bytes]]:
    """path -> (key, bytes) of search_outputs, made."""
    return {f.path: (f.key, f.make()) for f in search_outputs(docs, cache_dir=cache, workers=1, **kw)}


def lazy_build(docs: list[SearchDoc], cache: Path) -> tuple[dict[str, tuple[str, bytes]], RecordingFill]:
    """A build as build.py runs it: texts left out, filled in on demand."""
    stripped, texts = without_texts(docs)
    fill = RecordingFill(texts)
    return outputs(stripped, cache, fill=fill), fill


def assert_keys_track_bytes(a: dict[str, tuple[str, bytes]], b: dict[str, tuple[str, bytes]]) -> None:
    for path in a.keys() & b.keys():
        (key_a, data_a), (key_b, data_b) = a[path], b[path]
        assert (key_a == key_b) == (data_a == data_b), path


@pytest.mark.parametrize("edit", list(EDITS))
def test_left_out_texts_give_the_outputs_of_full_texts(small_blocks, tmp_path, edit):
    first, fill = lazy_build(BASE, tmp_path)
    assert first == outputs(BASE)  # keys too: they never depend on the cache or on text_id
    assert sorted(fill.urls) == sorted(d.url for d in BASE)  # a cold build fills each doc once
    again, _ = lazy_build(EDITS[edit], tmp_path)
    assert again == outputs(EDITS[edit])
    assert_keys_track_bytes(first, again)


def block_urls(docs: list[SearchDoc], *indexes: int, size: int = 4) -> set[str]:
    """Urls of the docs in the blocks (of ``size``) holding these doc order positions."""
    ordered = sorted(docs, key=doc_order_key)
    return {d.url for i in indexes for d in ordered[i // size * size:(i // size + 1) * size]}


def test_fill_is_asked_only_for_the_texts_the_cache_lacks(small_blocks, tmp_path):
    lazy_build(BASE, tmp_path)
    assert lazy_build(BASE, tmp_path)[1].calls == []  # nothing changed: no text at all
    # A report added at the end: the last block is the previous one plus it, so only it is read.
    assert lazy_build(BASE + [NEW], tmp_path)[1].urls == [NEW.url]
    # Taken out again: the cache held only the new last block, so the old one is made again.
    assert set(lazy_build(BASE, tmp_path)[1].urls) <= block_urls(BASE, len(BASE) - 1)
    meta = changed(BASE, 13, county="新县", province="广东省", year=2024, themes=("家庭医生",))
    assert set(lazy_build(meta, tmp_path)[1].urls) <= {BASE[13].url}
    # A corrected body: the rest of its block and of its pack are taken from the cache.
    body = changed(meta, 6, body="全新的正文，卫生院标准化建设。")
    assert lazy_build(body, tmp_path)[1].urls == [BASE[6].url]
    # A report taken out: the docs after it move to other blocks, which are made again.
    removed = body[:20] + body[21:]
    assert set(lazy_build(removed, tmp_path)[1].urls) <= block_urls(removed, *range(20, 29))


def test_rebuilds_keep_what_a_later_build_needs(small_blocks, tmp_path):
    # The add-one build reads no early block's postings and no early pack; a later correction of
    # an early report must still find them in the cache.
    lazy_build(BASE, tmp_path)
    lazy_build(BASE + [NEW], tmp_path)
    body = changed(BASE + [NEW], 1, body="全新的正文。")
    got, fill = lazy_build(body, tmp_path)
    assert fill.urls == [BASE[1].url]
    assert got == outputs(body)


def test_fill_batches_and_forked_workers(small_blocks, tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "FILL_BATCH", 3)
    monkeypatch.setattr(writer, "MIN_PARALLEL_RAW_BYTES", 0)
    monkeypatch.setattr(writer, "MIN_PARALLEL_TASK_DOCS", 1)  # workers read the filled texts
    docs = corpus_docs(60, seed=9)
    stripped, texts = without_texts(docs)
    fill = RecordingFill(texts)
    got = {f.path: f.make() for f in search_outputs(stripped, cache_dir=tmp_path, workers=2, fill=fill)}
    assert max(len(c) for c in fill.calls) <= 3
    assert got == dict(build_search_index(docs, workers=1))
    edited = changed(docs + [NEW], 7, body="全新的正文。")
    stripped, texts = without_texts(edited)
    got = {f.path: f.make() for f in search_outputs(stripped, cache_dir=tmp_path, workers=2,
                                                     fill=RecordingFill(texts))}
    assert got == dict(build_search_index(edited, workers=1))


def test_missing_text_without_fill_names_the_doc(small_blocks, tmp_path):
    stripped, _ = without_texts(BASE)
    with pytest.raises(ValueError, match=r"r/0000/.*no fill function"):
        search_outputs(stripped, workers=1)
    # With everything cached, no text is needed, and so no fill.
    lazy_build(BASE, tmp_path)
    assert outputs(stripped, tmp_path) == outputs(BASE)


def test_fill_must_return_the_docs_it_was_given(small_blocks):
    stripped, _ = without_texts(BASE)
    with pytest.raises(ValueError, match="fill must return the docs it is given"):
        search_outputs(stripped, workers=1, fill=lambda docs: docs[1:])


def test_make_works_after_return_and_after_another_build_used_the_cache(small_blocks, tmp_path):
    stripped, texts = without_texts(BASE)
    fill = RecordingFill(texts)
    files = search_outputs(stripped, cache_dir=tmp_path, workers=1, fill=fill)
    lazy_build(corpus_docs(25, seed=11), tmp_path)  # drops every row the files above need
    fill.calls.clear()
    assert [(f.path, f.make()) for f in files] == build_search_index(BASE)
    assert fill.calls  # made again, through fill


def test_make_survives_a_corrupt_row(small_blocks, tmp_path):
    want = outputs(BASE)
    lazy_build(BASE, tmp_path)
    files = search_outputs(without_texts(BASE)[0], cache_dir=tmp_path, workers=1,
                           fill=RecordingFill(without_texts(BASE)[1]))
    con = sqlite3.connect(tmp_path / index_cache.CACHE_FILE)
    con.execute("UPDATE blob SET data = CAST(zeroblob(length(data)) AS BLOB) WHERE kind IN ('run', 'pack')")
    con.commit()
    con.close()
    assert {f.path: (f.key, f.make()) for f in files} == want
    assert lazy_build(BASE, tmp_path)[0] == want  # and the cache mended


def test_keys_do_not_change_on_a_corrupt_cache(small_blocks, tmp_path):
    first, _ = lazy_build(BASE, tmp_path)
    con = sqlite3.connect(tmp_path / index_cache.CACHE_FILE)
    con.execute("UPDATE blob SET data = CAST(zeroblob(length(data)) AS BLOB) WHERE rowid % 2 = 0")
    con.commit()
    con.close()
    assert lazy_build(BASE, tmp_path)[0] == first


def test_adding_a_doc_changes_only_the_keys_of_files_that_change(small_blocks, tmp_path, monkeypatch):
    monkeypatch.setattr(postings, "MAX_SHARDS", 8)  # same layout before and after
    monkeypatch.setattr(postings, "MAX_HEAVY", 0)
    tiny = make_doc(98, "医", title="医", seq=1000)  # one key: one shard changes
    before, _ = lazy_build(BASE, tmp_path)
    after, _ = lazy_build(BASE + [tiny], tmp_path)
    assert_keys_track_bytes(before, after)
    changed_shards = [p for p in before if "/s/" in p and before[p] != after[p]]
    assert changed_shards == [f"search-index/s/{shard_of('医', 8)}.bin"]

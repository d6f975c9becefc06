"""Similar reports: the vectorised ranking equals the plain one it replaced."""
import math
import random
from collections import Counter

from build_archive.parse import related


def reference_similar(docs, k=related.SHOWN):
    """The straightforward version: TF-IDF weights per doc in Python, cosine by dict products."""
    n = len(docs)
    pairs = {d.key: d.terms.pairs() for d in docs}
    df = Counter(t for d in docs for t, _c in pairs[d.key])
    limit = max(related.MIN_DF_LIMIT, int(related.MAX_DF * n))
    vectors = {}
    for d in docs:
        weights = [(t, (1 + math.log(c)) * math.log(n / df[t])) for t, c in pairs[d.key] if 1 < df[t] <= limit]
        top = sorted(weights, key=lambda tw: (-tw[1], tw[0]))[:related.TERMS_PER_DOC]
        norm = math.sqrt(sum(w * w for _t, w in top)) or 1.0
        vectors[d.key] = {t: w / norm for t, w in top}
    result = {}
    for d in docs:
        scored = []
        for o in docs:
            if o.group == d.group:
                continue
            score = round(sum(w * vectors[o.key].get(t, 0.0) for t, w in vectors[d.key].items()), 9)
            if score >= related.MIN_SCORE:
                scored.append((-score, o.key))
        result[d.key] = tuple(key for _s, key in sorted(scored)[:k])
    return result


def test_terms_are_the_most_frequent_bigrams_with_counts():
    terms = related.report_terms("卫生健康卫生健康工作，卫生院。abc 医共体")
    pairs = terms.pairs()
    assert pairs == sorted(pairs, key=lambda tc: (-tc[1], tc[0]))
    assert pairs[:2] == [("卫生", 3), ("健康", 2)]
    assert "ab" not in terms.bigrams and len(terms.bigrams) == 2 * len(pairs)


def test_vectorised_ranking_equals_the_reference():
    rng = random.Random(3)
    vocab = [chr(0x4e00 + i) for i in range(60)]
    docs = []
    for i in range(120):
        topic = rng.randrange(6)
        words = [vocab[(topic * 10 + rng.randrange(14)) % 60] for _ in range(rng.randint(0, 400))]
        text = "".join(words)
        docs.append(related.Doc(f"c{i:03d}", f"g{rng.randrange(30)}", related.report_terms(text)))
    # Few docs: let terms in up to half of them count, as MAX_DF does for a large archive.
    old = related.MIN_DF_LIMIT
    try:
        related.MIN_DF_LIMIT = 60
        assert related.similar(docs) == reference_similar(docs)
    finally:
        related.MIN_DF_LIMIT = old


def test_blocks_on_several_workers_rank_as_one_does(monkeypatch):
    # The product is made a block of rows at a time, the blocks on forked workers: the ranking
    # must not depend on how the rows were split or where each block was made.
    rng = random.Random(5)
    vocab = [chr(0x4e00 + i) for i in range(80)]
    docs = []
    for i in range(90):
        topic = rng.randrange(5)
        text = "".join(vocab[(topic * 12 + rng.randrange(16)) % 80] for _ in range(rng.randint(0, 300)))
        docs.append(related.Doc(f"c{i:03d}", f"g{rng.randrange(20)}", related.report_terms(text)))
    monkeypatch.setattr(related, "MIN_DF_LIMIT", 45)
    expected = reference_similar(docs)
    monkeypatch.setattr(related, "ROWS_PER_BLOCK", 7)
    assert related.similar(docs, workers=2) == expected
    assert related.similar(docs, workers=1) == expected


def test_bigram_codes_keep_the_order_of_the_bigrams():
    import numpy as np

    pairs = ["一丁", "一七", "丁一", "龥龥", "乙乙"]
    first = np.array([ord(p[0]) for p in pairs], dtype="<u4")
    second = np.array([ord(p[1]) for p in pairs], dtype="<u4")
    codes = related._bigram_codes(first, second)
    assert codes.dtype == np.uint32
    assert [pairs[i] for i in np.argsort(codes)] == sorted(pairs)
    # Outside the CJK block (never made by report_terms, but kept in order all the same).
    wide = related._bigram_codes(np.array([ord("a"), ord("一")], dtype="<u4"), np.array([ord("b"), ord("一")], dtype="<u4"))
    assert wide.dtype == np.uint64 and wide[0] < wide[1]

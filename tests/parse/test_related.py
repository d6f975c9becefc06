"""Similar reports: the vectorised ranking equals the plain one it replaced."""
import math
import random
from collections import Counter

from build_archive.parse import related


def reference_similar(docs, k=5):
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

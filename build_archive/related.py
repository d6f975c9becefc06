"""Reports closest in content, for the "similar reports from other counties" list.

Each report is reduced to its most characteristic Chinese character bigrams (TF-IDF, top
``TERMS_PER_DOC``), and similarity is the cosine of those sparse vectors. Candidates come
from an inverted index over the kept terms, skipping terms so common that they say nothing
(``MAX_DF``), so the work grows with the archive roughly linearly rather than with its square.
Bigrams rather than jieba words: segmentation costs ~15 ms per report, bigrams ~1 ms, and
for telling 医共体 reports from 计划生育 reports both work alike.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

TERMS_PER_DOC = 40
MAX_DF = 0.2
MIN_SCORE = 0.05
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


@dataclass(frozen=True)
class Doc:
    """What similarity needs of a report."""

    key: str
    """The report's code."""
    group: str
    """Reports of the same group (county) are never listed as 'other counties'."""
    text: str


def bigrams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for run in _HAN_RUN.findall(text):
        counts.update(run[i:i + 2] for i in range(len(run) - 1))
    return counts


def similar(docs: Sequence[Doc], k: int = 5) -> dict[str, tuple[str, ...]]:
    """For each doc, up to ``k`` keys of the most similar docs outside its group."""
    if not docs:
        return {}
    counts = [bigrams(d.text) for d in docs]
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(docs)
    limit = max(2, int(MAX_DF * n)) if n >= 20 else n
    vectors: list[dict[str, float]] = []
    for c in counts:
        weights = {t: (1 + math.log(tf)) * math.log(n / df[t]) for t, tf in c.items() if 1 < df[t] <= limit}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS_PER_DOC]
        norm = math.sqrt(sum(w * w for _t, w in top)) or 1.0
        vectors.append({t: w / norm for t, w in top})
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, vec in enumerate(vectors):
        for t, w in vec.items():
            postings[t].append((i, w))
    result: dict[str, tuple[str, ...]] = {}
    for i, vec in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        for t, w in vec.items():
            for j, wj in postings[t]:
                if j != i:
                    scores[j] += w * wj
        ranked = sorted(((s, docs[j].key) for j, s in scores.items()
                         if s >= MIN_SCORE and docs[j].group != docs[i].group), key=lambda x: (-x[0], x[1]))
        result[docs[i].key] = tuple(key for _s, key in ranked[:k])
    return result

"""Duplicate detection: exact and near copies, truncated copies, and the copy that wins."""
import hashlib
import heapq
import pickle
import random
import time
from collections import Counter, defaultdict

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from build_archive.parse import dedup
from build_archive.parse.dedup import Fingerprint, find_duplicate_prints, find_duplicates

SENTENCES = [
    "全县共有各级各类医疗卫生机构{n}个，其中县直医疗卫生单位7个",
    "全年共完成家庭医生签约服务{n}万人，重点人群签约率达到68.5%",
    "积极推进县域医共体建设，县人民医院牵头组建紧密型医共体{n}个",
    "全县乡镇卫生院门诊人次{n}万，同比增长5.6%，住院人次稳步增长",
    "新建村卫生室{n}所，完成标准化建设的村卫生室占比达到95%",
    "开展健康教育讲座{n}场次，发放宣传资料3万余份，群众健康素养明显提升",
]


def report(seed: int, n: int = 24) -> str:
    rng = random.Random(seed)
    parts = [rng.choice(SENTENCES).format(n=rng.randint(10, 99999)) for _ in range(n)]
    return "。\n".join(parts) + "。"


def test_exact_copy():
    a = report(1)
    assert find_duplicates([("a.txt", a), ("b.txt", a)]) == {"b.txt": "a.txt"}


def test_near_copy_with_different_punctuation_and_a_few_changed_characters():
    a = report(2)
    b = a.replace("，", ",", 5).replace("全县", "全區", 1) + "\n（责任编辑：张三）"
    assert find_duplicates([("a.txt", a), ("b.txt", b)]) == {"a.txt": "b.txt"}  # b is longer


def test_truncated_copy_points_at_the_complete_one():
    a = report(3)
    assert find_duplicates([("a.txt", a[: len(a) // 3]), ("b.txt", a)]) == {"a.txt": "b.txt"}


def test_tie_goes_to_the_first_name():
    a = report(4)
    b = a.replace("。", "！", 1)
    assert find_duplicates([("x1.txt", a), ("x2.txt", b)]) == {"x2.txt": "x1.txt"}


def test_different_reports_from_one_template_are_not_duplicates():
    items = [(f"r{i:02d}.txt", report(100 + i)) for i in range(20)]
    assert find_duplicates(items) == {}


def test_short_texts_compare_whole():
    short = "东安县卫生健康局2020年工作总结。全县各项工作稳步推进，取得明显成效。"
    assert find_duplicates([("a.txt", short), ("b.txt", short + "\n")]) == {"b.txt": "a.txt"}
    assert find_duplicates([("a.txt", short), ("b.txt", short.replace("2020", "2021"))]) == {}


def test_groups_point_at_one_winner():
    a = report(5)
    items = [("a.txt", a[:600]), ("b.txt", a), ("c.txt", a[:900])]
    assert find_duplicates(items) == {"a.txt": "b.txt", "c.txt": "b.txt"}


def test_scales_to_thousands_of_reports():
    items = [(f"r{i:05d}.txt", report(1000 + i, 60)) for i in range(3000)]
    items.append(("zz.txt", items[17][1]))
    start = time.perf_counter()
    dupes = find_duplicates(items)
    assert dupes == {"zz.txt": "r00017.txt"}
    assert time.perf_counter() - start < 5


def test_a_new_year_written_over_last_years_text_is_not_a_duplicate():
    body = report(6)
    a = "东安县卫生健康局2020年工作总结\n" + body
    b = "东安县卫生健康局2021年工作总结\n" + body
    assert find_duplicates([("a.txt", a), ("b.txt", b)]) == {}


def test_an_already_published_copy_keeps_its_place():
    a = report(7)
    items = [("a.txt", a[: len(a) // 2]), ("b.txt", a)]
    assert find_duplicates(items, prefer={"a.txt"}) == {"b.txt": "a.txt"}
    assert find_duplicates(items) == {"a.txt": "b.txt"}


def test_clause_hashes_are_sorted_unsigned_64_bit_blake2b():
    fp = dedup.fingerprint(report(8))
    hashes = [int(h) for h in dedup.clause_hashes(fp)]
    clauses = dedup.clauses(dedup.normalise(report(8)))
    assert hashes == sorted(int.from_bytes(hashlib.blake2b(c.encode(), digest_size=8).digest(), "big")
                            for c in clauses)
    assert not fp.short and dedup.fingerprint("短。").short


def test_fingerprints_pickle_and_malformed_ones_are_refused():
    fp = dedup.fingerprint(report(9))
    assert pickle.loads(pickle.dumps(fp)) == fp
    swapped = fp.clauses[8:16] + fp.clauses[:8] + fp.clauses[16:]
    unsorted = Fingerprint(fp.length, fp.digest, fp.prefix, swapped)
    for bad in (unsorted, Fingerprint(fp.length, fp.digest, fp.prefix, fp.clauses[:-1])):
        with pytest.raises(ValueError):
            find_duplicate_prints([("a.txt", fp), ("b.txt", bad)])


def hash_set(fp: Fingerprint) -> frozenset[int]:
    return frozenset(int.from_bytes(fp.clauses[k:k + 8], "big") for k in range(0, len(fp.clauses), 8))


# The implementation before it was vectorised, kept as the definition of the result: Python sets
# and a dict of posting lists, on the clause hashes as Python ints.
def reference_find_duplicate_prints(items, prefer=()):
    preferred = frozenset(prefer)
    names = [name for name, _ in items]
    prints = [fp for _, fp in items]
    sets = [hash_set(fp) for fp in prints]
    parent = list(range(len(items)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i, j):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    def contained(a, b):
        smaller = min(len(a), len(b))
        return smaller > 0 and len(a & b) >= dedup.MIN_CONTAINMENT * smaller

    by_norm = {}
    for i, fp in enumerate(prints):
        if (fp.length, fp.digest) in by_norm:
            union(by_norm[fp.length, fp.digest], i)
        else:
            by_norm[fp.length, fp.digest] = i
    short = [i for i, fp in enumerate(prints) if fp.short and fp.length]
    by_head = defaultdict(list)
    for i, fp in enumerate(prints):
        if fp.length:
            by_head[fp.prefix[:dedup.MIN_PREFIX_LEN]].append(i)
    for i in short:
        for j in by_head.get(prints[i].prefix[:dedup.MIN_PREFIX_LEN], ()):
            if j != i and dedup._same_prefix(prints[i], prints[j]):
                union(i, j)

    postings = defaultdict(list)
    for i, s in enumerate(sets):
        for c in s:
            postings[c].append(i)
    common = max(3, min(dedup.MAX_POSTING, len(items) // 10))
    boilerplate = frozenset(c for c, docs in postings.items() if len(docs) > common)
    informative = [s - boilerplate for s in sets]
    for i, s in enumerate(sets):
        if len(s) < dedup.MIN_CLAUSES:
            continue
        shared = [(len(docs), c) for c in informative[i] if len(docs := postings[c]) > 1]
        if len(shared) > dedup.PROBES:
            shared = heapq.nsmallest(dedup.PROBES, shared)
        if not shared:
            continue
        candidates = {j for _n, c in shared for j in postings[c] if j > i}
        mine = informative[i]
        for j in sorted(candidates):
            if len(sets[j]) >= dedup.MIN_CLAUSES and contained(mine, informative[j]) and find(i) != find(j) \
                    and contained(s, sets[j]) and dedup.same_year(prints[i].prefix, prints[j].prefix):
                union(i, j)

    groups = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    result = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        winner = min(members, key=lambda k: (names[k] not in preferred, -prints[k].length, names[k]))
        for k in members:
            if k != winner:
                result[names[k]] = names[winner]
    return result


def make_print(norm: str, hashes) -> Fingerprint:
    """A fingerprint as ``fingerprint`` makes it, with chosen clause hashes."""
    packed = b"".join(h.to_bytes(8, "big") for h in sorted(hashes))
    keep = norm if len(packed) < dedup.MIN_CLAUSES * 8 else norm[:dedup.PREFIX_CHARS]
    return Fingerprint(len(norm), hashlib.blake2b(norm.encode(), digest_size=16).digest(), keep, packed)


KINDS = ["new", "near", "truncated", "split", "exact", "short", "empty", "new year"]


@st.composite
def archives(draw):
    """Small archives with every case of the rule: stock clauses in many texts (boilerplate),
    near, truncated and exact copies, short texts that are prefixes of others, empty texts, a
    copy with another year, ties in posting length (clauses in two or three texts), texts that
    share fewer and more than PROBES clauses, and clause hashes on both sides of 2**63.
    Hypothesis draws the shape; a random seeded by it draws the hashes and subsets (drawing
    those with Hypothesis made the test ten times slower)."""
    rnd = random.Random(draw(st.integers(0, 2**32)))

    def fresh(count: int) -> list[int]:
        return sorted({rnd.getrandbits(64) for _ in range(count)})

    stock = fresh(draw(st.integers(0, 8)))
    texts: list[tuple[str, frozenset[int]]] = []
    for k in range(draw(st.integers(0, 60))):
        kind = draw(st.sampled_from(KINDS)) if texts else "new"
        # Every kind but "new" starts from an earlier text; "exact" keeps it as it is.
        norm, hashes = texts[draw(st.integers(0, len(texts) - 1))] if texts else ("", frozenset())
        if kind == "new":
            year = draw(st.sampled_from(["", "2020年", "2021年"]))
            norm = f"东安县{year}工作总结" + "甲乙" * draw(st.integers(0, 180)) + str(k)
            hashes = frozenset(fresh(draw(st.integers(0, 24))) + [c for c in stock if rnd.random() < 0.5])
        elif kind == "near":
            kept = rnd.sample(sorted(hashes), max(0, len(hashes) - draw(st.integers(0, 3))))
            hashes = frozenset(kept + rnd.sample(stock, min(len(stock), draw(st.integers(0, 2)))))
            norm += "丙" * draw(st.integers(0, 3))
        elif kind == "truncated":
            hashes = frozenset(rnd.sample(sorted(hashes), draw(st.integers(0, len(hashes)))))
            norm = norm[:draw(st.integers(0, len(norm)))]
        elif kind == "split":  # a text and two copies, one with only clauses outside its rarest
            hashes = fresh(draw(st.integers(dedup.PROBES, 20)))
            near_probes = st.sampled_from([dedup.PROBES - 1, dedup.PROBES, dedup.PROBES + 1])
            cut = draw(st.integers(0, len(hashes)) | near_probes)
            texts += [(norm + "丁", frozenset(hashes)), (norm + "戊", frozenset(hashes[:cut]))]
            hashes = frozenset(hashes[cut:])
        elif kind == "short":
            hashes = frozenset(sorted(hashes)[:draw(st.integers(0, 3))])
            norm = norm[:draw(st.integers(0, len(norm)))]
        elif kind == "empty":
            norm, hashes = "", frozenset()
        elif kind == "new year":
            norm = norm.replace("2020年", "2019年") if "2020年" in norm else "2022年" + norm
        texts.append((norm, hashes))
    numbers = list(range(len(texts)))
    rnd.shuffle(numbers)  # names in another order than the items: ties go by name, not position
    items = [(f"r{numbers[k]:02d}.txt", make_print(*text)) for k, text in enumerate(texts)]
    preferred = draw(st.sampled_from([0, 0.1, 0.5]))
    return items, {name for name, _ in items if rnd.random() < preferred}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(archives())
def test_same_result_as_the_reference(archive):
    items, prefer = archive
    assert find_duplicate_prints(items, prefer) == reference_find_duplicate_prints(items, prefer)


def test_same_result_as_the_reference_at_scale():
    """Posting lengths on both sides of the boilerplate limit, ``MAX_POSTING`` from 500 texts on."""
    rnd = random.Random(5)
    phrases = [rnd.getrandbits(64) for _ in range(400)]
    texts: list[tuple[str, frozenset[int]]] = []
    for k in range(1500):
        if texts and rnd.random() < 0.3:  # a near or truncated copy, or a copy of its last clauses
            norm, hashes = rnd.choice(texts)
            tail = sorted(hashes)[rnd.randrange(len(hashes) + 1) if rnd.random() < 0.3 else 0:]
            hashes = frozenset(rnd.sample(tail, int(len(tail) * rnd.uniform(0.7, 1))))
            norm += "丙"
        else:  # phrase m is in about 8 texts in m + 10: the first are boilerplate, the last rare
            norm = f"东安县{rnd.choice(['', '2020年', '2021年'])}工作总结{k}"
            hashes = frozenset({rnd.getrandbits(64) for _ in range(rnd.randrange(30))}
                               | {p for m, p in enumerate(phrases) if rnd.random() < 8 / (m + 10)})
        texts.append((norm, hashes))
    # Notes made of the same five stock phrases and a clause of their own, in exactly MAX_POSTING
    # texts (one report) and in one more (boilerplate: not one report, not even the two notes
    # that also share a rare clause, and so share six clauses of seven).
    for count in (dedup.MAX_POSTING, dedup.MAX_POSTING + 1):
        stock, linked = {rnd.getrandbits(64) for _ in range(5)}, {rnd.getrandbits(64)}
        texts += [(f"通知{count}{k}", frozenset(stock | linked if k < 2 else stock) | {rnd.getrandbits(64)})
                  for k in range(count)]
    items = [(f"r{rnd.random():.12f}.txt", make_print(norm, hashes)) for norm, hashes in texts]
    prefer = {name for name, _ in items if rnd.random() < 0.05}
    expected = reference_find_duplicate_prints(items, prefer)
    assert len(expected) > 100
    notes = Counter(fp.prefix[:4] for name, fp in items if fp.prefix.startswith("通知") and name in expected)
    assert notes == {f"通知{dedup.MAX_POSTING}": dedup.MAX_POSTING - 1}
    assert find_duplicate_prints(items, prefer) == expected

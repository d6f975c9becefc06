"""Find raw files that are the same report: exact copies and near copies (reposts, truncations).

Rule, in three steps:

1. Each text is reduced to the *clauses* of its opening ``HEAD_CHARS`` characters: white space
   removed, half-width punctuation read as full-width (repost sites convert one to the other),
   then split at 。！？；， and kept when at least ``MIN_CLAUSE`` characters long. A repost with
   different chrome, a few characters changed, or cut off early keeps most of its clauses unchanged.
2. Candidates come from an inverted index clause -> texts. Clauses found in more than a tenth of
   the texts (at most ``MAX_POSTING``, at least 3) are boilerplate (政治套话); the others are
   informative. A text of at least ``MIN_CLAUSES`` clauses takes its ``PROBES`` rarest informative
   clauses that some other text also has (fewest texts first, then the lowest clause hash), and
   its candidates are the texts after it (in the order given) of at least ``MIN_CLAUSES`` clauses
   that have one of them. The work grows with the number of clauses, not with the square of the
   number of reports (30,000 reports stay fast).
3. A text and a candidate are the same report when at least ``MIN_CONTAINMENT`` of the smaller
   clause set occurs in the other (so a truncated copy matches its full original), counting only
   the informative clauses (two short notes made of the same stock phrases are not one report)
   and again counting all clauses. Texts with fewer than ``MIN_CLAUSES`` clauses are the same
   report as another text when their normalised texts are equal or one is a prefix of the other
   (of at least ``MIN_PREFIX_LEN`` characters); any two texts with equal normalised texts are.
   Texts whose first year (in their first 300 characters, i.e. the title or opening) differs are
   never near copies.

Which copy is published: one already published (``prefer``), else the longest text (the most
complete capture); on a tie, the first by file name. Copies are grouped transitively, so every
duplicate points at its group's winner.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Sequence

import numpy as np

from ..core.model import BuildResult, Problem, Report, Skipped, _reduce_slots

MIN_CLAUSE = 6
MAX_POSTING = 50
MIN_CLAUSES = 4
MIN_CONTAINMENT = 0.8
# Only the opening of each text is compared: a repost and a truncated capture both keep the
# opening, and 30,000 reports compare four times faster than on whole texts.
HEAD_CHARS = 4000
# How many of a text's rarest shared clauses are used to find candidate copies.
PROBES = 8
# Short texts are compared whole; below this they are compared only for exact equality.
MIN_PREFIX_LEN = 40
# A clause hash: 8 bytes of blake2b, read as a big-endian unsigned integer.
HASH_BYTES = 8
_HASH_DTYPE = np.dtype(">u8")

_HALF_TO_FULL = ((",", "，"), (";", "；"), ("!", "！"), ("?", "？"), (":", "："), ("(", "（"), (")", "）"))
_CLAUSE_SPLIT = re.compile(r"[。！？；，]")


def normalise(text: str) -> str:
    """Text with white space removed and half-width punctuation read as full-width."""
    text = "".join(text.split())
    for half, full in _HALF_TO_FULL:  # str.replace is far faster than str.translate with a dict
        text = text.replace(half, full)
    return text


def clauses(norm: str) -> frozenset[str]:
    return frozenset(c for c in _CLAUSE_SPLIT.split(norm) if len(c) >= MIN_CLAUSE)


_FIRST_YEAR = re.compile(r"(?:19|20)\d{2}年")


def same_year(a: str, b: str) -> bool:
    """False when both texts open on different years: a bureau reusing last year's wording in
    this year's summary (2020年工作总结 / 2021年工作总结) has written two reports, not one."""
    ya, yb = _FIRST_YEAR.search(a[:300]), _FIRST_YEAR.search(b[:300])
    return ya is None or yb is None or ya.group(0) == yb.group(0)


def _contained(shared: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """For pairs of sets with ``shared`` elements in common: at least ``MIN_CONTAINMENT`` of the
    smaller set is in the larger."""
    smaller = np.minimum(size_a, size_b)
    return (smaller > 0) & (shared >= MIN_CONTAINMENT * smaller)


# A long text is kept only this far for the prefix test against short texts (see
# ``Fingerprint.prefix``); a short text is kept whole.
PREFIX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What duplicate detection needs of one text, computed once per report and cached with
    its parse: 30,000 whole texts would be rebuilt and held in memory on every build."""

    __reduce__ = _reduce_slots

    length: int
    """Length of the normalised text (the longest copy is the most complete)."""
    digest: bytes
    """Hash of the normalised text (exact copies)."""
    prefix: str
    """The normalised text, whole for a short text (fewer than ``MIN_CLAUSES`` clauses),
    else its first ``PREFIX_CHARS`` characters; the first 300 give the opening year."""
    clauses: bytes
    """The 64-bit hashes of the distinct clauses of the opening ``HEAD_CHARS`` characters, in
    increasing order, as big-endian bytes (``clause_hashes`` reads them): 30,000 of them join
    into one numpy array without making 6 million Python ints, and load from the cache faster."""

    @property
    def short(self) -> bool:
        return len(self.clauses) < MIN_CLAUSES * HASH_BYTES


def clause_hashes(fp: Fingerprint) -> np.ndarray:
    """``fp.clauses`` as unsigned 64-bit integers."""
    return np.frombuffer(fp.clauses, _HASH_DTYPE).astype(np.uint64)


def _clause_hash(clause: str) -> bytes:
    return hashlib.blake2b(clause.encode("utf-8"), digest_size=HASH_BYTES).digest()


def fingerprint(text: str) -> Fingerprint:
    norm = normalise(text)
    # Big-endian bytes of equal length sort as the numbers they stand for.
    hashes = sorted({_clause_hash(c) for c in clauses(norm[:HEAD_CHARS])})
    keep = norm if len(hashes) < MIN_CLAUSES else norm[:PREFIX_CHARS]
    return Fingerprint(len(norm), hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest(), keep,
                       b"".join(hashes))


def _same_prefix(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether a short text (fewer than ``MIN_CLAUSES`` clauses) and another are the same:
    equal normalised texts, or one of at least ``MIN_PREFIX_LEN`` characters opening the
    other. Exact, except that a short text of more than ``PREFIX_CHARS`` characters (one
    with almost no punctuation) is compared with a long one on their first ``PREFIX_CHARS``
    characters."""
    if a.length == b.length and a.digest == b.digest:
        return True
    short, long_ = (a, b) if a.length <= b.length else (b, a)
    if short.length < MIN_PREFIX_LEN:
        return False
    if len(short.prefix) == short.length and len(long_.prefix) >= short.length:
        return long_.prefix.startswith(short.prefix)
    n = min(len(short.prefix), len(long_.prefix))
    return long_.prefix[:n] == short.prefix[:n]


def find_duplicates(items: Sequence[tuple[str, str]], prefer: Collection[str] = ()) -> dict[str, str]:
    """Map each duplicate's name to the name of the copy that is published.

    ``items`` are (file name, cleaned plain text) pairs; names not in the result are published.
    ``prefer`` names copies that win over any other in their group (the ones already published,
    so that a newly found copy never moves a report's URL); among them, and otherwise, the
    longest text wins, then the first by name.
    """
    return find_duplicate_prints([(name, fingerprint(text)) for name, text in items], prefer)


def find_duplicate_prints(items: Sequence[tuple[str, Fingerprint]],
                          prefer: Collection[str] = ()) -> dict[str, str]:
    """``find_duplicates`` on fingerprints (see ``fingerprint``)."""
    preferred = frozenset(prefer)
    names = [name for name, _ in items]
    prints = [fp for _, fp in items]
    pairs = _same_text_pairs(prints) + _near_copy_pairs(prints)
    result: dict[str, str] = {}
    for members in _groups(len(prints), pairs):
        winner = min(members, key=lambda k: (names[k] not in preferred, -prints[k].length, names[k]))
        for k in members:
            if k != winner:
                result[names[k]] = names[winner]
    return result


def _same_text_pairs(prints: Sequence[Fingerprint]) -> list[tuple[int, int]]:
    """Pairs of equal normalised texts, and of a short text and a text it is a prefix of (or
    that is a prefix of it); enough pairs to join every such group, not every pair."""
    pairs: list[tuple[int, int]] = []
    first: dict[tuple[int, bytes], int] = {}
    for i, fp in enumerate(prints):
        j = first.setdefault((fp.length, fp.digest), i)
        if j != i:
            pairs.append((j, i))
    # A prefix of 40+ characters shares its first 40 with the longer text.
    short = [i for i, fp in enumerate(prints) if fp.short and fp.length]
    heads = {prints[i].prefix[:MIN_PREFIX_LEN] for i in short}
    by_head: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(prints):
        if fp.length and fp.prefix[:MIN_PREFIX_LEN] in heads:
            by_head[fp.prefix[:MIN_PREFIX_LEN]].append(i)
    for i in short:
        pairs += [(i, j) for j in by_head[prints[i].prefix[:MIN_PREFIX_LEN]]
                  if j != i and _same_prefix(prints[i], prints[j])]
    return pairs


@dataclass(frozen=True)
class _Clauses:
    """Every text's clauses as flat arrays, one entry per (text, clause), ordered by text and
    within a text by clause hash."""

    text: np.ndarray
    """The text of each entry (its index in the items)."""
    clause: np.ndarray
    """The clause of each entry, numbered 0, 1, ... in the order of the clause hashes."""
    size: np.ndarray
    """Number of clauses of each text."""
    texts_with: np.ndarray
    """Number of texts with each clause (the length of its posting list)."""


def _clause_table(prints: Sequence[Fingerprint]) -> _Clauses:
    """The clauses of all texts in one table; a ValueError if a fingerprint's are malformed."""
    size = np.fromiter((len(fp.clauses) for fp in prints), np.int64, len(prints))
    if np.any(size % HASH_BYTES):
        raise ValueError(f"Fingerprint.clauses must hold {HASH_BYTES}-byte hashes")
    size //= HASH_BYTES
    hashes = np.frombuffer(b"".join(fp.clauses for fp in prints), _HASH_DTYPE).astype(np.uint64)
    text = np.repeat(np.arange(len(prints)), size)
    down = np.flatnonzero(hashes[1:] <= hashes[:-1])  # where one text ends, or a bad one
    if np.any(text[down] == text[down + 1]):
        raise ValueError("Fingerprint.clauses must hold distinct hashes in increasing order")
    clause, count = _rank(hashes)
    return _Clauses(text, clause, size, np.bincount(clause, minlength=count))


def _rank(values: np.ndarray) -> tuple[np.ndarray, int]:
    """The rank of each value among the distinct values, and how many there are: what
    ``np.unique(values, return_inverse=True)`` gives, in a fifth of the time at 30,000 reports
    (it argsorts 6 million values, where this sorts them and looks each one up)."""
    ordered = np.sort(values)
    new = np.ones(len(ordered), bool)
    new[1:] = ordered[1:] != ordered[:-1]
    distinct = ordered[new]
    # Hashes are spread evenly, so a table by their top bits, with one distinct value per two
    # slots or so, finds each value's rank in a step or two from the first rank of its slot.
    bits = len(distinct).bit_length() + 1
    shift = np.uint64(64 - bits)
    first = np.zeros((1 << bits) + 1, np.int64)
    np.cumsum(np.bincount((distinct >> shift).astype(np.intp), minlength=1 << bits), out=first[1:])
    rank = first[(values >> shift).astype(np.intp)]
    behind = np.flatnonzero(distinct[rank] != values)
    while len(behind):
        rank[behind] += 1
        behind = behind[distinct[rank[behind]] != values[behind]]
    return rank, len(distinct)


def _near_copy_pairs(prints: Sequence[Fingerprint]) -> list[tuple[int, int]]:
    """The candidates (step 2) that are near copies (step 3), as pairs (i, j) with i < j."""
    n = len(prints)
    table = _clause_table(prints)
    common = max(3, min(MAX_POSTING, n // 10))
    texts_with = table.texts_with[table.clause]
    informative = texts_with <= common
    # Only these entries can link two texts: a clause of a single text counts towards its
    # text's size but is in no other text.
    shared = informative & (texts_with > 1)
    text, clause = table.text[shared], table.clause[shared]
    i, j = _candidates(table, text, clause)
    informative_size = np.bincount(table.text[informative], minlength=n)
    # Counting what a pair shares is the costly part. A pair shares no more than the fewer
    # shared clauses of the two, which rules out most candidates before counting, and all
    # clauses (boilerplate is three in four) are counted only for the few that pass.
    shared_size = np.bincount(text, minlength=n)
    ok = _contained(np.minimum(shared_size[i], shared_size[j]), informative_size[i], informative_size[j])
    i, j = i[ok], j[ok]
    in_both = _overlaps(_incidence(text, clause, table), i, j)
    ok = _contained(in_both, informative_size[i], informative_size[j])
    i, j = i[ok], j[ok]
    in_both = _overlaps(_incidence(table.text, table.clause, table), i, j)
    ok = _contained(in_both, table.size[i], table.size[j])
    return [(a, b) for a, b in zip(i[ok].tolist(), j[ok].tolist())
            if same_year(prints[a].prefix, prints[b].prefix)]


def _candidates(table: _Clauses, text: np.ndarray, clause: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs (i, j) of step 2, with i < j, in increasing order, from the entries
    (``text``, ``clause``) of informative clauses that are in more than one text."""
    n = len(table.size)
    texts_with = table.texts_with[clause]
    # Entries are in (text, clause hash) order, so a stable sort on (text, posting length) puts
    # each text's rarest clauses first, ties by clause hash: heapq.nsmallest on (length, hash).
    probing = np.flatnonzero(table.size[text] >= MIN_CLAUSES)
    order = probing[np.argsort(text[probing] * (n + 1) + texts_with[probing], kind="stable")]
    nth = np.arange(len(order)) - _starts(np.bincount(text[order], minlength=n))[text[order]]
    probe_text, probe_clause = text[order[nth < PROBES]], clause[order[nth < PROBES]]
    # The posting lists: the texts of each clause, found by sorting (clause, text) as one number.
    posting_text = np.sort(clause * n + text) % n
    length = table.texts_with[probe_clause]
    posting_start = _starts(np.bincount(clause, minlength=len(table.texts_with)))[probe_clause]
    i = np.repeat(probe_text, length)
    j = posting_text[_ranges(posting_start, length)]
    keep = (j > i) & (table.size[j] >= MIN_CLAUSES)
    pair = np.sort(i[keep] * n + j[keep])
    pair = pair[np.diff(pair, prepend=-1) != 0]  # np.unique, without its slower hash table
    return pair // n, pair % n


def _starts(counts: np.ndarray) -> np.ndarray:
    """Where each block starts when blocks of these sizes are laid one after the other."""
    return np.cumsum(counts) - counts


def _ranges(start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """range(s, s + k) for each s, k, one after the other."""
    return np.arange(length.sum()) + np.repeat(start - _starts(length), length)


def _incidence(text: np.ndarray, clause: np.ndarray, table: _Clauses):
    """The text x clause matrix with a 1 for each entry (``text``, ``clause``), entries in table
    order (so each text's row is ready made)."""
    from scipy import sparse  # only a build needs it, not every parse worker importing this module

    n = len(table.size)
    row_start = np.searchsorted(text, np.arange(n + 1))
    return sparse.csr_array((np.ones(len(clause), np.int8), clause, row_start), shape=(n, len(table.texts_with)))


def _overlaps(matrix, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """How many clauses text i[k] and text j[k] have in common in ``matrix``, for each k."""
    return np.asarray(matrix[i].multiply(matrix[j]).sum(axis=1), dtype=np.int64).ravel()


def _groups(n: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The texts joined by ``pairs``, transitively: each group of two or more in increasing
    order, the groups by their first text."""
    if not pairs:
        return []
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    i, j = np.array(pairs).T
    _count, label = connected_components(sparse.coo_array((np.ones(len(i)), (i, j)), shape=(n, n)),
                                         directed=False)
    joined = np.flatnonzero(np.bincount(label)[label] > 1)
    groups: dict[int, list[int]] = defaultdict(list)
    for k, group in zip(joined.tolist(), label[joined].tolist()):
        groups[group].append(k)
    return list(groups.values())


def drop_duplicates(reports: list[Report], result: BuildResult, label: str,
                    published: set[str] = frozenset()) -> list[Report]:  # type: ignore[assignment]
    """One page per report: exact copies (same bytes, same cleaned text) and near copies (a repost
    with other chrome, a few characters changed, a truncated capture), found by
    ``dedup.find_duplicates``. The copy already published (in the ledger) is kept, so a newly
    found copy never moves a report's URL; among new copies the most complete (longest) text
    is kept, then the first by file name."""
    ordered = sorted(reports, key=lambda r: r.source.name)
    duplicate_of = find_duplicate_prints([(r.source.name, r.fingerprint) for r in ordered], prefer=published)
    kept: list[Report] = []
    for report in ordered:
        winner = duplicate_of.get(report.source.name)
        if winner is None:
            kept.append(report)
            continue
        reason = f"与 {winner} 是同一报告（重复收录或转载），只发布 {winner}"
        result.skipped.append(Skipped(report.source.name, reason, duplicate_of=winner))
        result.problems.append(Problem(f"{label}/{report.source.name}", "duplicates",
                                       f"same report as {label}/{winner}; only {winner} is published"))
    return kept

"""Find raw files that are the same report: exact copies and near copies (reposts, truncations).

Rule, in three steps:

1. Each text is reduced to the *clauses* of its opening ``HEAD_CHARS`` characters: white space
   removed, half-width punctuation read as full-width (repost sites convert one to the other),
   then split at 。！？；， and kept when at least ``MIN_CLAUSE`` characters long. A repost with different chrome, a few characters
   changed, or cut off early keeps most of its clauses unchanged.
2. Candidates come from an inverted index clause -> texts: the texts that share one of a
   text's ``PROBES`` rarest shared clauses. Clauses shared by more than ``MAX_POSTING`` texts
   are boilerplate (政治套话) and never used to find candidates. The work grows with the number
   of clauses, not with the square of the number of reports (30,000 reports stay fast).
3. Two texts are the same report when at least ``MIN_CONTAINMENT`` of the *shorter* text's
   clauses occur in the longer one (so a truncated copy matches its full original), counting
   all clauses and again counting only those that are not boilerplate (shared by more than a
   tenth of the texts, at most ``MAX_POSTING``: two short notes made of the same stock phrases
   are not one report), or, for
   texts with fewer than ``MIN_CLAUSES`` clauses, when their normalised texts are equal or one
   is a prefix of the other. Texts whose first year (in their first 300 characters, i.e. the
   title or opening) differs are never the same report.

Which copy is published: one already published (``prefer``), else the longest text (the most
complete capture); on a tie, the first by file name. Copies are grouped transitively, so every
duplicate points at its group's winner.
"""
from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Sequence

from .model import _reduce_slots

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


def _contained(a: frozenset, b: frozenset) -> bool:
    """At least ``MIN_CONTAINMENT`` of the smaller set is in the larger."""
    smaller = min(len(a), len(b))
    return smaller > 0 and len(a & b) >= MIN_CONTAINMENT * smaller


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
    clauses: tuple[int, ...]
    """Sorted 64-bit hashes of the clauses of the opening ``HEAD_CHARS`` characters."""

    @property
    def short(self) -> bool:
        return len(self.clauses) < MIN_CLAUSES


def _clause_hash(clause: str) -> int:
    return int.from_bytes(hashlib.blake2b(clause.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint(text: str) -> Fingerprint:
    norm = normalise(text)
    hashes = tuple(sorted({_clause_hash(c) for c in clauses(norm[:HEAD_CHARS])}))
    keep = norm if len(hashes) < MIN_CLAUSES else norm[:PREFIX_CHARS]
    return Fingerprint(len(norm), hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest(), keep, hashes)


def _same_prefix(a: Fingerprint, b: Fingerprint) -> bool:
    """``_same_short`` on fingerprints. Exact, except that a short text of more than
    ``PREFIX_CHARS`` characters (one with almost no punctuation) is compared with a long
    one on their first ``PREFIX_CHARS`` characters."""
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
    sets = [frozenset(fp.clauses) for fp in prints]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    # Exact and short texts: by their normalised text (and prefixes of 40+ characters).
    by_norm: dict[tuple[int, bytes], int] = {}
    for i, fp in enumerate(prints):
        if (fp.length, fp.digest) in by_norm:
            union(by_norm[fp.length, fp.digest], i)
        else:
            by_norm[fp.length, fp.digest] = i
    short = [i for i, fp in enumerate(prints) if fp.short and fp.length]
    by_head: dict[str, list[int]] = defaultdict(list)
    for i, fp in enumerate(prints):
        if fp.length:
            by_head[fp.prefix[:MIN_PREFIX_LEN]].append(i)
    for i in short:
        for j in by_head.get(prints[i].prefix[:MIN_PREFIX_LEN], ()):
            if j != i and _same_prefix(prints[i], prints[j]):
                union(i, j)

    # Near copies: candidates through the inverted index, by each text's rarest shared clauses
    # (a copy shares nearly all of them; boilerplate shared by many texts is never rare), then
    # verified on the clause sets, once with and once without the boilerplate.
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for c in s:
            postings[c].append(i)
    common = max(3, min(MAX_POSTING, len(items) // 10))
    boilerplate = frozenset(c for c, docs in postings.items() if len(docs) > common)
    informative = [s - boilerplate for s in sets]
    for i, s in enumerate(sets):
        if len(s) < MIN_CLAUSES:
            continue
        shared = [(len(docs), c) for c in informative[i] if len(docs := postings[c]) > 1]
        if len(shared) > PROBES:
            shared = heapq.nsmallest(PROBES, shared)
        if not shared:
            continue
        candidates = {j for _n, c in shared for j in postings[c] if j > i}
        mine = informative[i]
        # The informative sets are the smaller ones, and most candidates fail on them.
        for j in sorted(candidates):
            if len(sets[j]) >= MIN_CLAUSES and _contained(mine, informative[j]) and find(i) != find(j) \
                    and _contained(s, sets[j]) and same_year(prints[i].prefix, prints[j].prefix):
                union(i, j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    result: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        winner = min(members, key=lambda k: (names[k] not in preferred, -prints[k].length, names[k]))
        for k in members:
            if k != winner:
                result[names[k]] = names[winner]
    return result

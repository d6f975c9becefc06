"""Shared contract with the browser reader: how text is normalised and cut into keys; and a text's
keys as int64 codes (``codes.py``) with their counts, and a doc's keys with their score bytes, for
the builder's numpy work."""
from __future__ import annotations

import operator
import re
from collections import Counter
from typing import Iterable

import numpy as np

from ..core import tradsimp
from .codes import CP_BITS
from .format import COUNT_MASK, HEADING_BIT, TITLE_BIT, SearchDoc, searchable_text


# --- shared contract: normalisation -------------------------------------------------------------

def _fold_table() -> dict[int, int]:
    # Full-width ASCII (U+FF01-U+FF5E) folds to ASCII and ASCII letters to lower case, and a
    # traditional-only character to its simplified form (東安縣 is found by 东安县 and the other way
    # round); every code point maps to exactly one code point of the same UTF-16 length, so match
    # offsets in normalised text are offsets in the original (snippets and page highlighting rely
    # on that). The reader gets the traditional part as search-index/fold.txt.
    table = {cp: ord(chr(cp - 0xFEE0).lower()) for cp in range(0xFF01, 0xFF5F)}
    table.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
    table[0x3000] = 0x20
    for trad, simp in trad_pairs():
        table[ord(trad)] = ord(simp)
    return table


def trad_pairs() -> list[tuple[str, str]]:
    """Traditional-only characters and their simplified forms, as the search folds them."""
    def units(c: str) -> int:
        return len(c.encode("utf-16-le")) // 2
    return sorted((t, s) for t, s in tradsimp.table().items()
                  if len(t) == 1 and len(s) == 1 and units(t) == units(s))


def fold_file_text() -> str:
    """search-index/fold.txt: the pairs of :func:`trad_pairs` run together (traditional, simplified)."""
    return "".join(t + s for t, s in trad_pairs())


_FOLD = _fold_table()
# Python's isalnum() == JS /[\p{L}\p{N}]/u: letters of any script, Han, and digits.
_RUN = re.compile(r"[^\W_]+")


def normalize(text: str) -> str:
    """Fold width, ASCII case and traditional characters; length-preserving (one code point in, one out)."""
    return text.translate(_FOLD)


def iter_keys(normalized: str) -> Iterable[str]:
    """Every unigram and every bigram inside each run of letters/digits/Han characters."""
    for run in _RUN.findall(normalized):
        yield from run
        for i in range(len(run) - 1):
            yield run[i:i + 2]


_NON_RUN = re.compile(r"[\W_]+")


def count_keys(normalized: str) -> Counter:
    """``Counter(iter_keys(normalized))`` in C-speed Python: the readable reference for
    :func:`key_codes`, which the builder uses."""
    s = _NON_RUN.sub("\0", normalized)
    counts = Counter(s)
    counts.update(map(operator.add, s, s[1:]))
    for k in [k for k in counts if "\0" in k]:
        del counts[k]
    return counts


# --- a text's keys as integers (codes.py) -------------------------------------------------------

_ALNUM: np.ndarray | None = None


def alnum_table() -> np.ndarray:
    """Bool per code point: is it a letter/digit (same test as ``_RUN``)?"""
    global _ALNUM
    if _ALNUM is None:
        table = np.zeros(0x110000, dtype=bool)
        every = "".join(map(chr, range(0x110000)))
        for m in _RUN.finditer(every):
            table[m.start():m.end()] = True
        _ALNUM = table
    return _ALNUM


def _fold_array() -> np.ndarray:
    """:func:`normalize` as a code point table, for numpy."""
    table = np.arange(0x110000, dtype=np.int64)
    table[list(_FOLD)] = list(_FOLD.values())
    return table


_FOLD_ARRAY: np.ndarray | None = None


def fold_codes() -> np.ndarray:
    global _FOLD_ARRAY
    if _FOLD_ARRAY is None:
        _FOLD_ARRAY = _fold_array()
    return _FOLD_ARRAY


def key_tables() -> None:
    """Make the tables :func:`key_codes` reads (before forking, so that workers share them)."""
    alnum_table(), fold_codes()


def key_codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Distinct key codes of ``normalize(text)`` (ascending) and their counts: :func:`count_keys`
    in numpy (at 30,000 reports counting keys is most of a full build)."""
    cp = fold_codes()[np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)]
    ok = alnum_table()[cp]
    pair = ok[:-1] & ok[1:]
    bigrams = ((cp[:-1][pair] + 1) << CP_BITS) | cp[1:][pair]
    return np.unique(np.concatenate((cp[ok], bigrams)), return_counts=True)


# --- a doc's keys and their score bytes ----------------------------------------------------------

def count_class(count: int) -> int:
    """1, 2-3, 4-7, ... 64+ -> 1..7: ranking uses log(count) anyway, and at 30,000 docs exact
    counts were half of every common key's postings after gzip; classes halve that."""
    return min(count.bit_length(), COUNT_MASK)


def score_byte(count: int, in_title: bool, in_heading: bool) -> int:
    """Pack an occurrence count class and field flags into one byte."""
    return count_class(count) | (TITLE_BIT if in_title else 0) | (HEADING_BIT if in_heading else 0)


_CLASSES = np.array([count_class(c) for c in range(65)], dtype=np.uint8)


def doc_postings(doc: SearchDoc) -> tuple[np.ndarray, np.ndarray]:
    """The doc's distinct key codes (ascending) and a score byte for each: what
    ``postings.build_block`` makes a block of."""
    codes, counts = key_codes(searchable_text(doc))
    scores = _CLASSES[np.minimum(counts, 64)]
    title = key_codes(doc.title)[0]
    heads = key_codes("\n".join(doc.headings))[0]
    scores |= np.where(np.isin(codes, title, assume_unique=True), TITLE_BIT, 0).astype(np.uint8)
    scores |= np.where(np.isin(codes, heads, assume_unique=True), HEADING_BIT, 0).astype(np.uint8)
    return codes, scores

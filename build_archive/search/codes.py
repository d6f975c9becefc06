"""Keys as the builder handles them: int64 codes, and the shard that holds a key's postings.

A unigram's code is its code point, a bigram ``ab``'s is ((a + 1) << 21) | b, so numpy can count,
sort and route keys; code order is only used inside the builder. Which shard holds a key
(``key_hash``, ``shard_of``) is shared with the browser reader (archive-search.js)."""
from __future__ import annotations

import numpy as np

CP_BITS = 21
CP_MASK = (1 << CP_BITS) - 1


def key_hash(key: str) -> int:
    """FNV-1a (32 bit) over code points; the reader computes the same with Math.imul."""
    h = 2166136261
    for ch in key:
        h = ((h ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return h


def shard_of(key: str, n_shards: int) -> int:
    """Shard number of a key; ``n_shards`` is a power of two."""
    return key_hash(key) & (n_shards - 1)


def key_code(key: str) -> int:
    """Code of a one- or two-character key."""
    return ord(key) if len(key) == 1 else ((ord(key[0]) + 1) << CP_BITS) | ord(key[1])


def code_key(code: int) -> str:
    """Inverse of :func:`key_code`."""
    hi = code >> CP_BITS
    return chr(code) if hi == 0 else chr(hi - 1) + chr(code & CP_MASK)


def shard_codes(codes: np.ndarray, n_shards: int) -> np.ndarray:
    """:func:`shard_of` for an array of key codes."""
    c = codes.astype(np.uint64)
    hi = c >> np.uint64(CP_BITS)
    unigram = hi == 0
    prime, mask = np.uint64(16777619), np.uint64(0xFFFFFFFF)
    h = ((np.uint64(2166136261) ^ np.where(unigram, c, hi - np.uint64(1))) * prime) & mask
    h2 = ((h ^ (c & np.uint64(CP_MASK))) * prime) & mask
    return (np.where(unigram, h, h2) & np.uint64(n_shards - 1)).astype(np.int64)

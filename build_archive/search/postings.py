"""Postings: one block's postings (built, patched, stored), its piece of each postings file, the
compressed segments a file is made of, and the global statistics that lay the files out (heavy
keys, shard count: ``Layout``)."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from .codes import code_key, key_code, shard_codes, shard_of
from .format import INDEX_DIR, POSTINGS_LEVEL, ZDICT_BYTES, decode_varints, encode_varints, varint_lengths


# A shard of this many raw postings bytes gzips to ~10 KB; a query fetches one file per key it
# uses (at most six), which with ten ~7 KB texts keeps a first query well under 300 KB.
TARGET_SHARD_RAW_BYTES = 40_000
MAX_SHARDS = 4096

# The most frequent keys get a file of their own ("heavy" keys). In a hash shard, a key found in
# most reports shares its file with others as heavy, and at 30,000 reports a common word such as
# 卫生 cost ~25 KB to fetch instead of its own ~11 KB; nearly every real query has such a key.
# Their list rides in the manifest (~5 KB gzip at 768 keys). 768 keeps the file count < ~5,000.
MAX_HEAVY = 768
HEAVY_MIN_DF_SHARE = 0.05
HEAVY_MIN_DF = 200


# --- postings of one block -----------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """Postings of one block: per distinct key (ascending code) a run of local doc ids + scores."""

    codes: np.ndarray
    """int64 key codes, ascending."""
    df: np.ndarray
    """int32 doc count per key."""
    ids: np.ndarray
    """uint16 doc ids local to the block, grouped by key, ascending within a key."""
    scores: np.ndarray
    """uint8 score byte per posting."""


# A doc's postings: its distinct key codes (ascending) and a score byte for each (keys.doc_postings).
DocPostings = tuple[np.ndarray, np.ndarray]


def build_block(parts: Sequence[DocPostings]) -> Block:
    """Postings of consecutive docs (local ids 0..len-1), from each doc's postings."""
    codes = np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int64)])
    scores = np.concatenate([p[1] for p in parts] or [np.zeros(0, np.uint8)])
    ids = np.repeat(np.arange(len(parts), dtype=np.uint16), [len(p[0]) for p in parts])
    # Stable: postings come in id order, so each key's ids stay ascending.
    return _group_postings(codes, ids, scores, np.argsort(codes, kind="stable"))


def patch_block(block: Block, keep: Sequence[int], docs: Sequence[tuple[int, DocPostings]]
                ) -> tuple[Block, np.ndarray]:
    """``block`` with only the docs of local ids ``keep``, plus ``docs`` ((local id, the doc's
    postings)): the same as :func:`build_block` over the resulting docs, without the kept docs'
    texts. Also the keys whose postings may differ (those of the docs dropped or added), ascending."""
    kept = np.isin(block.ids, np.asarray(keep, dtype=np.uint16))
    touched = np.repeat(block.codes, block.df)[~kept]
    codes, ids, scores = np.repeat(block.codes, block.df)[kept], block.ids[kept], block.scores[kept]
    parts = [p for _, p in docs]
    new_codes = np.concatenate([c for c, _ in parts] or [np.zeros(0, np.int64)])
    new_ids = np.repeat(np.array([i for i, _ in docs], dtype=np.uint16), [len(c) for c, _ in parts])
    new_scores = np.concatenate([sc for _, sc in parts] or [np.zeros(0, np.uint8)])
    order = np.lexsort((new_ids, new_codes))
    # The kept postings are sorted by (key, id) already: merge the few new ones in, no full sort.
    at = np.searchsorted(codes * 65536 + ids, new_codes[order] * 65536 + new_ids[order])
    patched = _group_postings(np.insert(codes, at, new_codes[order]), np.insert(ids, at, new_ids[order]),
                              np.insert(scores, at, new_scores[order]), None)
    return patched, np.unique(np.concatenate((touched, new_codes)))


def _group_postings(codes: np.ndarray, ids: np.ndarray, scores: np.ndarray, order: np.ndarray | None) -> Block:
    """A block from postings and the order that sorts them by key, then doc id (None: sorted)."""
    if order is not None:
        codes, ids, scores = codes[order], ids[order], scores[order]
    starts = np.flatnonzero(np.diff(codes)) + 1 if len(codes) else np.zeros(0, np.int64)
    bounds = np.concatenate(([0], starts, [len(codes)])) if len(codes) else np.zeros(1, np.int64)
    return Block(codes[bounds[:-1]], np.diff(bounds).astype(np.int32), ids, scores)


def block_stats_bytes(block: Block) -> bytes:
    """The part of a block the global statistics need (keys and dfs), for the cache."""
    return zlib.compress(struct.pack("<Q", len(block.codes)) + block.codes.tobytes() + block.df.tobytes(), 1)


def block_post_bytes(block: Block) -> bytes:
    """The rest of a block (ids, scores), for the cache."""
    return zlib.compress(block.ids.tobytes() + block.scores.tobytes(), 1)


def stats_from_bytes(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    raw = zlib.decompress(data)
    (k,) = struct.unpack_from("<Q", raw)
    codes = np.frombuffer(raw, np.int64, k, 8)
    df = np.frombuffer(raw, np.int32, k, 8 + 8 * k)
    return codes, df


def block_from_bytes(stats: bytes, post: bytes) -> Block:
    codes, df = stats_from_bytes(stats)
    raw = zlib.decompress(post)
    n = int(df.sum())
    if len(raw) != 3 * n:
        raise ValueError("block size mismatch")
    return Block(codes, df, np.frombuffer(raw, np.uint16, n), np.frombuffer(raw, np.uint8, n, 2 * n))


# --- pieces: the raw bytes of one postings file in one block -------------------------------------

@dataclass(frozen=True)
class Postings:
    """Keys of some docs: key -> (doc ids ascending, score bytes). The readable form of a piece."""

    docs: dict[str, Sequence[int]]
    scores: dict[str, bytes]


def encode_shard(keys: Sequence[str], postings: Postings) -> bytes:
    """One piece, the reference encoder (format in the module docstring); the builder uses the
    vectorised :func:`encode_pieces`, which must agree with this."""
    head = bytearray(encode_varints([len(keys)]))
    blobs = []
    for key in keys:
        ids = list(postings.docs[key])
        id_block = encode_varints([ids[0] + 1] + [b - a for a, b in zip(ids, ids[1:])])
        kb = key.encode("utf-8")
        head += encode_varints([len(kb)]) + kb + encode_varints([len(ids), len(id_block)])
        blobs.append(id_block)
        blobs.append(bytes(postings.scores[key]))
    return bytes(head) + b"".join(blobs)


def decode_piece(data: bytes, pos: int = 0) -> tuple[dict[str, list[tuple[int, int]]], int]:
    """One piece at ``pos``: key -> [(local doc id, score byte)], and the end position."""
    (n,), pos = decode_varints(data, pos, 1)
    heads = []
    for _ in range(n):
        (klen,), pos = decode_varints(data, pos, 1)
        key = data[pos:pos + klen].decode("utf-8")
        pos += klen
        (df, idlen), pos = decode_varints(data, pos, 2)
        heads.append((key, df, idlen))
    out = {}
    for key, df, idlen in heads:
        deltas, end = decode_varints(data[pos:pos + idlen])
        assert end == idlen and len(deltas) == df
        pos += idlen
        ids, last = [], -1
        for d in deltas:
            last += d
            ids.append(last)
        out[key] = list(zip(ids, data[pos:pos + df]))
        pos += df
    return out, pos


def decode_shard(data: bytes, block_docs: int) -> dict[str, list[tuple[int, int]]]:
    """A whole decompressed postings file (for tests and tools): key -> [(doc id, score byte)]."""
    out: dict[str, list[tuple[int, int]]] = {}
    pos, block = 0, 0
    while pos < len(data):
        piece, pos = decode_piece(data, pos)
        for key, posts in piece.items():
            out.setdefault(key, []).extend((block * block_docs + i, s) for i, s in posts)
        block += 1
    return out


_KEY_HEADS: dict[int, bytes] = {}


def _key_head(code: int) -> bytes:
    head = _KEY_HEADS.get(code)
    if head is None:
        kb = code_key(code).encode("utf-8", "surrogatepass")
        head = _KEY_HEADS[code] = encode_varints([len(kb)]) + kb
    return head


def encode_pieces(block: Block, slot_of_key: np.ndarray, wanted: np.ndarray) -> dict[int, bytes]:
    """The pieces of this block for every wanted file (``wanted``: bool per file slot), given the
    file slot of each of the block's keys. Slots without keys here get ``b"\\0"``. Keys go in code
    order; all id/score bytes are written by numpy in one pass."""
    pieces = {int(s): b"\0" for s in np.flatnonzero(wanted)}
    starts = np.concatenate(([0], np.cumsum(block.df, dtype=np.int64)))
    sel = np.flatnonzero(wanted[slot_of_key])
    if not len(sel):
        return pieces
    keys = sel[np.argsort(slot_of_key[sel], kind="stable")]  # by file, then code
    df = block.df[keys].astype(np.int64)
    total = int(df.sum())
    first = np.cumsum(df) - df  # each key's first posting in the gathered order
    gather = np.arange(total) + np.repeat(starts[keys] - first, df)
    ids = block.ids[gather].astype(np.int64)
    prev = np.empty_like(ids)
    prev[1:] = ids[:-1]
    prev[first] = -1
    deltas = ids - prev
    vlen = varint_lengths(deltas)
    vstart = np.cumsum(vlen) - vlen
    idlen = np.add.reduceat(vlen, first)
    region = idlen + df
    rstart = np.cumsum(region) - region
    out = np.empty(int(region.sum()), dtype=np.uint8)
    pos = np.repeat(rstart - vstart[first], df) + vstart
    for k in range(int(vlen.max())):
        m = vlen > k
        out[pos[m] + k] = ((deltas[m] >> (7 * k)) & 0x7F) | np.where(vlen[m] > k + 1, 0x80, 0)
    out[np.repeat(rstart + idlen - first, df) + np.arange(total)] = block.scores[gather]

    slots = slot_of_key[keys]
    cut = np.concatenate(([0], np.flatnonzero(np.diff(slots)) + 1, [len(keys)]))
    codes, dfl, idl = block.codes[keys].tolist(), df.tolist(), idlen.tolist()
    heads = [_key_head(c) + encode_varints((d, i)) for c, d, i in zip(codes, dfl, idl)]
    ends = (rstart + region).tolist()
    rs = rstart.tolist()
    for a, b in zip(cut[:-1].tolist(), cut[1:].tolist()):
        pieces[int(slots[a])] = (encode_varints([b - a]) + b"".join(heads[a:b])
                                 + out[rs[a]:ends[b - 1]].tobytes())
    return pieces


# --- compressed pieces and whole postings files --------------------------------------------------

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
# An empty final block with fixed codes: ends a deflate stream made of sync-flushed segments.
_DEFLATE_END = b"\x03\x00"


def compress_piece(raw: bytes, zdict: bytes) -> bytes:
    """A raw deflate segment, byte-aligned (sync flush) so segments concatenate into one stream;
    ``zdict`` (the file's preceding raw bytes) lets it refer back into the earlier blocks."""
    args = (POSTINGS_LEVEL, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY)
    c = zlib.compressobj(*args, zdict) if zdict else zlib.compressobj(*args)
    return c.compress(raw) + c.flush(zlib.Z_SYNC_FLUSH)


def compress_segments(raws: Sequence[bytes], tail: bytes, crc: int, size: int, keep: Iterable[int] = ()
                      ) -> tuple[list[tuple[bytes, int, int]], dict[int, bytes]]:
    """Segments of consecutive pieces of a file whose earlier raw bytes end in ``tail`` and have
    CRC-32 ``crc`` and length ``size``: per piece (segment, running CRC, running length), and the
    raw tail after each piece whose index is in ``keep`` (preset dictionaries for a later build)."""
    keep = set(keep)
    segments, tails = [], {}
    for i, raw in enumerate(raws):
        crc, size = zlib.crc32(raw, crc), size + len(raw)
        segments.append((compress_piece(raw, tail), crc, size))
        tail = (tail + raw)[-ZDICT_BYTES:]
        if i in keep:
            tails[i] = tail
    return segments, tails


def raw_tail(segments: Sequence[bytes], before: bytes = b"") -> bytes:
    """The last ZDICT_BYTES raw bytes of a file up to the end of ``segments``, which follow raw
    bytes ending in ``before`` (empty: they are the file's first segments)."""
    d = zlib.decompressobj(-15, zdict=before) if before else zlib.decompressobj(-15)
    return (before + d.decompress(b"".join(segments)))[-ZDICT_BYTES:]


def gzip_file(data: bytes, crc: int, size: int) -> bytes:
    """The gzip file of a postings file's concatenated segments, given the CRC-32 and length of
    its raw bytes (one member; any gzip reader decodes it)."""
    return _GZIP_HEADER + data + _DEFLATE_END + struct.pack("<II", crc, size & 0xFFFFFFFF)


# --- global statistics ---------------------------------------------------------------------------

def heavy_keys(codes: np.ndarray, df: np.ndarray, n_docs: int) -> list[str]:
    """The keys that get their own file, sorted (the manifest's ``heavy`` list)."""
    floor = max(HEAVY_MIN_DF, HEAVY_MIN_DF_SHARE * n_docs)
    pick = np.flatnonzero(df >= floor)
    frequent = sorted(((-int(df[i]), code_key(int(codes[i]))) for i in pick))
    return sorted(k for _, k in frequent[:MAX_HEAVY])


def choose_shard_count(df: np.ndarray) -> int:
    """Smallest power of two that keeps shards near TARGET_SHARD_RAW_BYTES."""
    # ~2 bytes per posting (delta + score) plus the key header.
    raw = 2 * int(df.sum()) + 8 * len(df)
    n = 1
    while n < MAX_SHARDS and raw / n > TARGET_SHARD_RAW_BYTES:
        n *= 2
    return n


def merge_stats(stats: Sequence[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Corpus-wide df per key from the blocks' (codes, df)."""
    if not stats:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    codes = np.concatenate([c for c, _ in stats])
    uniq, inv = np.unique(codes, return_inverse=True)
    return uniq, np.bincount(inv, weights=np.concatenate([d for _, d in stats]), minlength=len(uniq)).astype(np.int64)


@dataclass(frozen=True)
class Layout:
    """Which file ("slot") every key goes to: heavy keys 0..H-1, then the hash shards."""

    heavy: list[str]
    n_shards: int
    heavy_codes: np.ndarray
    """Heavy key codes, ascending, and their slots."""
    heavy_slots: np.ndarray

    @property
    def n_slots(self) -> int:
        return len(self.heavy) + self.n_shards

    def slots(self, codes: np.ndarray) -> np.ndarray:
        slot = len(self.heavy) + shard_codes(codes, self.n_shards)
        if len(self.heavy_codes):
            pos = np.minimum(np.searchsorted(self.heavy_codes, codes), len(self.heavy_codes) - 1)
            hit = self.heavy_codes[pos] == codes
            slot[hit] = self.heavy_slots[pos[hit]]
        return slot

    def identities(self) -> list[str]:
        """Per slot, everything besides its blocks that its bytes depend on."""
        excluded: dict[int, list[str]] = {}
        for k in self.heavy:
            excluded.setdefault(shard_of(k, self.n_shards), []).append(k)
        return ([f"h/{k}" for k in self.heavy]
                + [f"s/{self.n_shards}/{s}/" + "\0".join(excluded.get(s, [])) for s in range(self.n_shards)])

    def paths(self) -> list[str]:
        width = len(f"{self.n_shards - 1:x}")
        return ([f"{INDEX_DIR}/h/{n}.bin" for n in range(len(self.heavy))]
                + [f"{INDEX_DIR}/s/{s:0{width}x}.bin" for s in range(self.n_shards)])


def make_layout(heavy: list[str], n_shards: int) -> Layout:
    codes = np.array([key_code(k) for k in heavy], dtype=np.int64)
    order = np.argsort(codes)
    return Layout(heavy, n_shards, codes[order], order.astype(np.int64))

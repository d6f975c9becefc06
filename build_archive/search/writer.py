"""One build of the index (``Build``): takes from the cache what it can, asks ``fill`` for the
texts of the rest only, and makes the blocks, the text packs and each postings file's segments."""
from __future__ import annotations

import dataclasses
import math
import struct
import zlib
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from . import format as fmt
from .format import ZDICT_BYTES, SearchDoc, doc_record, hash_parts, text_missing
from .index_cache import (HELD_KINDS, SALT, Cache, FileHead, Job, Made, PackPlan, batches, content_key, cut16,
                          file_runs, file_tails, pack_head_bytes, pack_head_from_bytes, pack_key, record_hash, text_hash)
from .keys import doc_postings, key_tables
from .parallel import STATE, chunks, pmap
from .postings import (Layout, block_from_bytes, block_post_bytes, block_stats_bytes, build_block, choose_shard_count,
                       compress_segments, encode_pieces, heavy_keys, make_layout, merge_stats, patch_block, raw_tail,
                       stats_from_bytes)


# Below this much work the process pool costs more than it saves.
MIN_PARALLEL_BLOCKS = 2
MIN_PARALLEL_RAW_BYTES = 16_000_000
# Docs a task of a wave (a block, or a chunk of text members) must have to be worth a process.
MIN_PARALLEL_TASK_DOCS = 128

# The piece chain of a postings file before its first block.
_PIECE_SEED = hash_parts(SALT, b"pieces")
# The row holding the text hash of every doc of the last build, in doc order.
_DOCS_ROW = b"doc hashes"


def _valid_stats(data: bytes) -> bool:
    try:
        stats_from_bytes(data)
    except (ValueError, zlib.error, struct.error):
        return False
    return True


# --- the build -----------------------------------------------------------------------------------

# Docs per ``fill`` call: bounds the texts held at once, by the caller and here.
FILL_BATCH = 1024


class Build:
    """One run of :func:`search_outputs`: takes from the cache what it can and asks ``fill`` for
    the texts of the rest only."""

    def __init__(self, docs: Sequence[SearchDoc], cache: Cache, workers: int,
                 fill: Callable[[Sequence[SearchDoc]], Sequence[SearchDoc]] | None):
        self.docs = list(docs)
        """Doc order; texts are put in for one wave of work at a time."""
        self.cache, self.workers, self.fill = cache, workers, fill
        self.size = fmt.BLOCK_DOCS
        if not 0 < self.size <= 1 << 16:
            raise ValueError("BLOCK_DOCS must be in 1..65536 (doc ids in a block are uint16)")
        self.hashes = [text_hash(d) for d in self.docs]
        n = math.ceil(len(self.docs) / self.size)
        self.block_hashes = [hash_parts(*self.hashes[b * self.size:(b + 1) * self.size]) for b in range(n)]
        self.blocks = tuple(self.block_hashes)
        self.stats: dict[int, bytes] = {}
        self.parsed: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.posts: dict[int, bytes] = {}
        """Postings of the blocks made or read this build."""
        self.members: dict[int, bytes] = {}
        """Text members made, waiting for their pack."""
        self.old_members: dict[bytes, tuple[bytes, int, int]] = {}
        self.old_packs: dict[bytes, bytes | None] = {}
        self.rows: dict[str, dict[bytes, bytes]] = {}
        self.run_keys: set[bytes] = set()
        self.tail_keys: set[bytes] = set()
        self.base_hashes: dict[int, bytes] = {}
        """Blocks patched from a block of the last build: that block's hash."""
        self.touched: dict[int, np.ndarray] = {}
        """... and the codes of the keys whose postings differ from it."""
        self.untouched: dict[int, tuple[bytes, np.ndarray]] = {}
        """... and per file slot, whether its piece is the same as in that block."""
        self.differ: dict[tuple[bytes, ...], list[int]] = {}
        """Blocks list of cached files -> the blocks that differ now."""
        self.old_segments: dict[int, list[bytes] | None] = {}
        """Cached segments of changed files, read once (None: gone)."""
        self.filled = 0
        cache.keep("stats", self.block_hashes)
        cache.keep("post", self.block_hashes)

    @property
    def n_blocks(self) -> int:
        return len(self.block_hashes)

    # -- texts --

    def _fill(self, indexes: Sequence[int]) -> dict[int, SearchDoc]:
        """Put in the texts left out of these docs; returns the docs replaced, to put back."""
        todo = [i for i in indexes if text_missing(self.docs[i])]
        if todo and self.fill is None:
            raise ValueError(f"search index: the text of {self.docs[todo[0]].url} is needed (its postings "
                             "block or text pack is not in the cache) but was left out (text_id set) "
                             "and no fill function was given")
        originals = {}
        for batch in batches(todo, FILL_BATCH):
            given = [self.docs[i] for i in batch]
            got = list(self.fill(given))  # type: ignore[misc]
            if len(got) != len(given) or any(g.url != d.url for g, d in zip(got, given)):
                raise ValueError(f"search index: fill must return the docs it is given, in order "
                                 f"(given {len(given)} from {given[0].url}, got {len(got)})")
            for i, doc, full in zip(batch, given, got):
                originals[i] = doc
                # Without text_id the doc is known to carry its text, even an empty one.
                self.docs[i] = dataclasses.replace(doc, headings=tuple(full.headings), body=full.body,
                                                   text_id=None)
        self.filled += len(todo)
        return originals

    def make_texts(self, fresh: dict[int, tuple[tuple[int, ...], bytes, bytes]], members: Iterable[int],
                   packs: Sequence[PackPlan] = ()) -> None:
        """Make the blocks ``fresh`` (block -> the local ids of its docs found in a cached block,
        that block's stats and postings) and the text members of ``members``, then the ``packs``.

        The texts are filled in a wave (``workers`` blocks' docs) at a time and dropped after it,
        so the archive's whole text is never in memory; a wave's work runs in forked workers."""
        members = set(members)
        need: dict[int, set[int]] = {}
        for b, (same, _, _) in fresh.items():
            lo, kept = b * self.size, set(same)
            need.setdefault(b, set()).update(i for i in range(lo, min(lo + self.size, len(self.docs)))
                                             if i - lo not in kept)
        for i in members:
            need.setdefault(i // self.size, set()).add(i)
        pending = [p for p in packs if p.lengths is None]
        STATE.update(docs=self.docs, block_docs=self.size, bases=fresh)
        order = sorted(need)
        for w in range(0, len(order), self.workers):
            wave = order[w:w + self.workers]
            self._wave([(b, len(need[b])) for b in wave if b in fresh],
                       sorted(i for b in wave for i in need[b] & members), sorted(i for b in wave for i in need[b]))
            pending = self._make_packs(pending, final=False)
        self._make_packs(pending, final=True)
        self.old_packs.clear()

    def _wave(self, blocks: list[tuple[int, int]], members: list[int], docs: list[int]) -> None:
        """Fill ``docs``, make ``blocks`` ((block, docs to index)) and the members of ``members``."""
        originals = self._fill(docs)
        try:
            tasks = ([("block", b) for b, _ in blocks]
                     + [("members", c) for c in chunks(members, 2 * self.workers)])
            sizes = [n for _, n in blocks] + [len(c) for _, c in tasks[len(blocks):]]
            # Forking pays only when at least two tasks are worth a process.
            results = pmap(wave_task, tasks, self.workers, sum(n >= MIN_PARALLEL_TASK_DOCS for n in sizes) >= 2,
                           prepare=key_tables)
        finally:
            for i, doc in originals.items():
                self.docs[i] = doc
        for (kind, arg), result in zip(tasks, results):
            if kind == "block":
                self.stats[arg], self.posts[arg], touched = result
                self.parsed[arg] = stats_from_bytes(result[0])
                if touched is not None and arg in self.base_hashes:
                    self.touched[arg] = np.frombuffer(touched, dtype=np.int64)
                self.cache.put_many("stats", {self.block_hashes[arg]: result[0]})
                self.cache.put_many("post", {self.block_hashes[arg]: result[1]})
            else:
                self.members.update(zip(arg, result))

    # -- blocks --

    def blocks_from_cache(self) -> dict[int, tuple[tuple[int, ...], bytes, bytes]]:
        """Read every block's statistics; returns the blocks to make (see :meth:`make_texts`)."""
        rows = self.cache.get_many("stats", self.block_hashes)
        fresh = {}
        for b, h in enumerate(self.block_hashes):
            if h in rows and _valid_stats(rows[h]):
                self.stats[b] = rows[h]
                self.parsed[b] = stats_from_bytes(rows[h])
        if len(self.parsed) < self.n_blocks:
            old = self.cache.get("index", _DOCS_ROW) or b""
            old_hashes = cut16(old, 0, len(old) // 16)
            fresh = {b: self._cached_base(b, old_hashes) for b in range(self.n_blocks) if b not in self.parsed}
        self.cache.put_many("index", {_DOCS_ROW: b"".join(self.hashes)})
        self.cache.keep("index", [_DOCS_ROW])
        return fresh

    def _cached_base(self, b: int, old_hashes: Sequence[bytes]) -> tuple[tuple[int, ...], bytes, bytes]:
        """Block ``b`` of the previous build, if cached, and the local ids of its docs that are
        still in place: only the other docs need their text (after a report is added at the end
        or corrected, just that one)."""
        lo, hi = b * self.size, min((b + 1) * self.size, len(self.docs))
        old = old_hashes[lo:lo + self.size]
        same = tuple(i for i, h in enumerate(self.hashes[lo:hi]) if i < len(old) and old[i] == h)
        if same:
            key = hash_parts(*old)
            stats, post = self.cache.get("stats", key), self.cache.get("post", key)
            if stats is not None and post is not None and _valid_stats(stats):
                self.base_hashes[b] = key
                return same, stats, post
        return (), b"", b""

    def _ensure_posts(self, blocks: Iterable[int]) -> None:
        """Postings of these blocks at hand: read from the cache, or made again if lost."""
        missing = [b for b in blocks if b not in self.posts]
        rows = self.cache.get_many("post", [self.block_hashes[b] for b in missing])
        lost = {}
        for b in missing:
            post = rows.get(self.block_hashes[b])  # checksummed: inflated only where it is used
            if post is not None:
                self.posts[b] = post
            else:
                lost[b] = ((), b"", b"")
        if lost:
            self.make_texts(lost, ())

    def layout(self) -> Layout:
        codes, df = merge_stats([self.parsed[b] for b in range(self.n_blocks)])
        return make_layout(heavy_keys(codes, df, len(self.docs)), choose_shard_count(df))

    # -- text packs --

    def plan_packs(self) -> list[PackPlan]:
        """Every text pack; for those not cached, the docs whose member no cached pack holds."""
        plans = []
        for n, first in enumerate(range(0, len(self.docs), fmt.PACK_DOCS) if self.docs else [0]):
            end = min(first + fmt.PACK_DOCS, len(self.docs))
            plans.append(PackPlan(n, first, end, pack_key(self.docs[first:end], self.hashes[first:end])))
        keys = [p.key for p in plans]
        self.cache.keep("pack", keys)
        self.cache.keep("phead", keys)
        heads, present = self.cache.get_many("phead", keys), self.cache.present("pack", keys)
        for p in plans:
            if p.key in present and p.key in heads:
                p.lengths, p.digest = _pack_lengths(heads[p.key], p.end - p.first)
        stale = [p for p in plans if p.lengths is None]
        if stale:
            self.old_members = self._old_members()
        for p in stale:
            p.records = [record_hash(self.docs[i], self.hashes[i]) for i in range(p.first, p.end)]
            p.missing = [i for i, r in zip(range(p.first, p.end), p.records) if r not in self.old_members]
        return plans

    def _old_members(self) -> dict[bytes, tuple[bytes, int, int]]:
        """Record hash -> (pack, offset, length) of every member of a cached pack."""
        heads = self.cache.scan("phead")
        present = self.cache.present("pack", list(heads))
        out: dict[bytes, tuple[bytes, int, int]] = {}
        for key, data in heads.items():
            try:
                records, lengths, _ = pack_head_from_bytes(data)
            except (ValueError, struct.error):
                continue
            pos = 0
            for record, n in zip(records, lengths):
                if key in present:
                    out.setdefault(record, (key, pos, n))
                pos += n
        return out

    def _make_packs(self, pending: list[PackPlan], final: bool) -> list[PackPlan]:
        """Make the pending packs whose new members are all made (all of them if ``final``);
        returns the others."""
        rest = []
        for p in pending:
            if final or all(i in self.members for i in p.missing):
                self._make_pack(p)
            else:
                rest.append(p)
        return rest

    def _make_pack(self, p: PackPlan) -> None:
        docs = range(p.first, p.end)
        members = [self.members.pop(i, None) for i in docs]
        members = [m if m is not None else self._old_member(r) for m, r in zip(members, p.records)]
        late = [i for i, m in zip(docs, members) if m is None]
        if late:  # a cached pack turned out corrupt
            made = self._members_now(late)
            members = [m if m is not None else made[i] for i, m in zip(docs, members)]
        data = b"".join(members)  # type: ignore[arg-type]
        p.lengths, p.digest = tuple(len(m) for m in members), content_key(data)  # type: ignore[arg-type]
        self.cache.put_many("pack", {p.key: data})
        self.cache.put_many("phead", {p.key: pack_head_bytes(p.records, p.lengths, p.digest)})

    def _old_member(self, record: bytes) -> bytes | None:
        loc = self.old_members.get(record)
        if loc is None:
            return None
        key, pos, n = loc
        if key not in self.old_packs:
            if len(self.old_packs) >= 2:  # packs are read in doc order: two cover a shift
                self.old_packs.pop(next(iter(self.old_packs)))
            self.old_packs[key] = self.cache.get("pack", key)
        data = self.old_packs[key]
        return None if data is None or pos + n > len(data) else data[pos:pos + n]

    def _members_now(self, indexes: Sequence[int]) -> dict[int, bytes]:
        originals = self._fill(indexes)
        try:
            return {i: doc_record(self.docs[i]) for i in indexes}
        finally:
            for i, doc in originals.items():
                self.docs[i] = doc

    # -- postings files --

    def postings(self, layout: Layout) -> list[Made]:
        """What makes each postings file. A file is re-encoded at the blocks whose docs changed,
        and recompressed (and so re-encoded) from the first block whose piece of it changed on:
        after a report is added or corrected, only the files holding one of its keys."""
        idents = [i.encode("utf-8", "surrogatepass") for i in layout.identities()]
        self.cache.keep("head", idents)
        if not self.n_blocks:
            return [Made(s, _PIECE_SEED, (), 0, 0) for s in range(len(idents))]
        self.run_keys, self.tail_keys = self.cache.keys("run"), self.cache.keys("tail")
        heads = self._heads(idents)
        for b, codes in self.touched.items():
            untouched = np.ones(layout.n_slots, dtype=bool)
            untouched[layout.slots(codes)] = False
            self.untouched[b] = (self.base_hashes[b], untouched)
        changed = [self._changed_blocks(h, s) for s, h in enumerate(heads)]
        needed = [set(c) for c in changed]
        pieces: dict[int, dict[int, bytes]] = {}
        made: dict[int, Made] = {}
        while len(made) < len(idents):
            todo = [s for s in range(len(idents)) if s not in made]
            self._encode(layout, pieces, {s: needed[s] for s in todo})
            jobs = []
            for s in todo:
                plan = self._plan(s, heads[s], changed[s], pieces, idents[s])
                if isinstance(plan, int):  # its pieces changed: encode the rest of its blocks
                    needed[s].update(range(plan, self.n_blocks))
                elif isinstance(plan, Made):
                    made[s] = plan
                else:
                    jobs.append(plan)
            tails = self._tails(jobs)
            for job in [j for j in jobs if not self._prepare(j, tails)]:
                # Its cached runs are gone: redo it from block 0.
                heads[job.slot] = None
                changed[job.slot], needed[job.slot] = set(range(self.n_blocks)), set(range(self.n_blocks))
                jobs.remove(job)
            for job, result in zip(jobs, self._compress(jobs, pieces)):
                made[job.slot] = self._finish(job, result, idents[job.slot])
            self._flush()
        return [made[s] for s in range(len(idents))]

    def _heads(self, idents: Sequence[bytes]) -> list[FileHead | None]:
        rows = self.cache.get_many("head", idents)
        heads: list[FileHead | None] = []
        for ident in idents:
            try:
                head = FileHead.from_bytes(rows[ident]) if ident in rows else None
            except (ValueError, struct.error):
                head = None
            if head is not None and any(k not in self.run_keys for k, _, _ in file_runs(head.pieces)):
                head = None
            heads.append(head)
        return heads

    def _changed_blocks(self, head: FileHead | None, s: int) -> set[int]:
        """Blocks where file ``s``'s piece may differ from the one it has cached: not if the
        block is the same, nor if it was patched from the cached one without touching any key
        of the file."""
        if head is None:
            return set(range(self.n_blocks))
        differ = self.differ.get(head.blocks)
        if differ is None:  # nearly every head was made from the same blocks: compare them once
            old = head.blocks
            differ = self.differ[old] = [b for b in range(self.n_blocks) if b >= len(old) or old[b] != self.blocks[b]]
        return {b for b in differ if not (b in self.untouched and head.blocks[b] == self.untouched[b][0]
                                          and self.untouched[b][1][s])}

    def _encode(self, layout: Layout, pieces: dict[int, dict[int, bytes]], needs: dict[int, set[int]]) -> None:
        """Encode the pieces of files (slot -> blocks) not encoded yet."""
        wanted: dict[int, np.ndarray] = {}
        for s, blocks in needs.items():
            for b in blocks:
                if s not in pieces.get(b, ()):
                    wanted.setdefault(b, np.zeros(layout.n_slots, dtype=bool))[s] = True
        if not wanted:
            return
        self._ensure_posts(wanted)
        blocks = list(wanted)
        STATE.update(block_bytes={b: (self.stats[b], self.posts[b]) for b in blocks}, layout=layout, wanted=wanted)
        for b, got in zip(blocks, pmap(encode_task, blocks, self.workers, len(blocks) >= MIN_PARALLEL_BLOCKS)):
            pieces.setdefault(b, {}).update(got)
        STATE.pop("block_bytes")
        STATE.pop("wanted")

    def _plan(self, s: int, head: FileHead | None, changed: set[int], pieces: dict[int, dict[int, bytes]],
              ident: bytes) -> Made | Job | int:
        """An unchanged file, a file to recompress, or the first block whose piece it lacks.

        Up to the first block where the file's piece chain differs from the cached one, a block
        whose docs did not change has the cached piece: only changed blocks need encoding. From
        there on every block is recompressed (its preset dictionary changed), so encoded."""
        n, old = self.n_blocks, head.pieces if head else ()
        chain, h, k1 = [], _PIECE_SEED, None
        for b in range(n):
            same = b not in changed
            if k1 is None and same:
                h = old[b]
            else:
                if same and s not in pieces.get(b, ()):
                    self._old_pieces(s, head, changed, pieces)  # type: ignore[arg-type]
                piece = pieces.get(b, {}).get(s)
                if piece is None:
                    return b
                h = hash_parts(h, piece)
                if k1 is None and (b >= len(old) or h != old[b]):
                    k1 = b
            chain.append(h)
        if head is not None and k1 is None and n == len(old):
            if head.blocks != self.blocks:
                self._put("head", ident, dataclasses.replace(head, blocks=self.blocks).to_bytes())
            return self._made(s, chain, head.crc[-1], head.size[-1])
        return Job(s, chain, n if k1 is None else k1, head)

    def _old_pieces(self, s: int, head: FileHead, changed: set[int], pieces: dict[int, dict[int, bytes]]) -> None:
        """The cached pieces of the file's unchanged blocks, from its own segments: after a
        report is corrected, the files whose piece changed must recompress every later block,
        and inflating such a file costs far less than inflating every later block's postings.
        (If its segments are gone, those blocks are encoded instead.)"""
        if s in self.old_segments:
            return
        segments = self.old_segments[s] = self._old_segments(head)
        raw = zlib.decompressobj(-15).decompress(b"".join(segments)) if segments is not None else b""
        if len(raw) != head.size[-1]:
            return
        for b in range(min(len(head.blocks), self.n_blocks)):
            if b not in changed:
                pieces.setdefault(b, {})[s] = raw[head.size[b - 1] if b else 0:head.size[b]]

    def _tails(self, jobs: Sequence[Job]) -> dict[bytes, bytes]:
        """The cached tails the jobs may start from: before their first changed block, or at the
        end of their cached first run."""
        wanted = set()
        for job in jobs:
            if job.k1 and job.head is not None:
                wanted.add(job.pieces[job.k1 - 1])
                wanted.update(job.head.pieces[k] for k in file_tails(job.head.pieces))
        rows = self.cache.get_many("tail", wanted & self.tail_keys)
        return {k: v for k, v in rows.items() if len(v) <= ZDICT_BYTES}

    def _prepare(self, job: Job, tails: dict[bytes, bytes]) -> bool:
        """Find the job's starting state, and the cached segments if it must rewrite some; False
        if those are gone."""
        k1, head, chain = job.k1, job.head, job.pieces
        if not k1 or head is None:
            return True
        job.crc, job.size = head.crc[k1 - 1], head.size[k1 - 1]
        tail = tails.get(chain[k1 - 1])
        need_old = (tail is None
                    or any(start < k1 and key not in self.run_keys for key, start, _ in file_runs(chain))
                    or any(k < k1 - 1 and chain[k] not in self.tail_keys for k in file_tails(chain)))
        if need_old:
            job.old = self.old_segments[job.slot] if job.slot in self.old_segments else self._old_segments(head)
            if job.old is None:
                return False
            if tail is None:
                tail = _tail_from(head, job.old, k1 - 1, tails)
        job.tail = tail  # type: ignore[assignment]
        return True

    def _old_segments(self, head: FileHead) -> list[bytes] | None:
        segments = []
        for key, start, end in file_runs(head.pieces):
            data, lengths = self.cache.get("run", key), head.seglen[start:end]
            if data is None or sum(lengths) != len(data):
                self.run_keys.discard(key)
                return None
            pos = 0
            for n in lengths:
                segments.append(data[pos:pos + n])
                pos += n
        return segments

    def _compress(self, jobs: Sequence[Job], pieces: dict[int, dict[int, bytes]]
                  ) -> list[tuple[list[tuple[bytes, int, int]], dict[int, bytes]]]:
        if not jobs:
            return []
        n = self.n_blocks
        STATE.update(jobs=[(j.slot, j.k1, j.crc, j.size, j.tail) for j in jobs], pieces=pieces, n_blocks=n)
        raw = sum(len(pieces[b][j.slot]) for j in jobs for b in range(j.k1, n))
        groups = chunks(range(len(jobs)), 4 * self.workers)
        done = pmap(compress_task, groups, self.workers, raw >= MIN_PARALLEL_RAW_BYTES)
        STATE.pop("jobs")
        STATE.pop("pieces")
        return [result for group in done for result in group]

    def _finish(self, job: Job, result: tuple[list[tuple[bytes, int, int]], dict[int, bytes]],
                ident: bytes) -> Made:
        """Store a recompressed file's new runs, tails and head."""
        segments, tails = result
        k1, head, chain = job.k1, job.head, job.pieces
        before = (head.crc[:k1], head.size[:k1], head.seglen[:k1]) if head is not None else ((), (), ())
        crc = before[0] + tuple(c for _, c, _ in segments)
        size = before[1] + tuple(z for _, _, z in segments)
        seglen = before[2] + tuple(len(d) for d, _, _ in segments)
        data = (job.old[:k1] if job.old is not None else [None] * k1) + [d for d, _, _ in segments]
        for key, start, end in file_runs(chain):
            part = data[start:end]
            if all(p is not None for p in part):
                self._put("run", key, b"".join(part))  # type: ignore[arg-type]
                self.run_keys.add(key)
        for k in file_tails(chain) if self.cache.db is not None else ():  # only a next build needs tails
            if k >= k1:
                tail = tails[k - k1]
            elif chain[k] in self.tail_keys:
                continue
            else:
                tail = job.tail if k == k1 - 1 else raw_tail(job.old[:k + 1])  # type: ignore[index]
            self._put("tail", chain[k], tail)
            self.tail_keys.add(chain[k])
        self._put("head", ident, FileHead(self.blocks, tuple(chain), crc, size, seglen).to_bytes())
        return self._made(job.slot, chain, crc[-1], size[-1])

    def _made(self, slot: int, chain: Sequence[bytes], crc: int, size: int) -> Made:
        runs = tuple(key for key, _, _ in file_runs(chain))
        self.cache.keep("run", runs)
        self.cache.keep("tail", [chain[k] for k in file_tails(chain)])
        return Made(slot, chain[-1], runs, crc, size)

    def _put(self, kind: str, key: bytes, data: bytes) -> None:
        if self.cache.db is not None or kind in HELD_KINDS:
            self.rows.setdefault(kind, {})[key] = data

    def _flush(self) -> None:
        for kind, rows in self.rows.items():
            self.cache.put_many(kind, rows)
        self.rows = {}


def _tail_from(head: FileHead, old: Sequence[bytes], k: int, tails: dict[bytes, bytes]) -> bytes:
    """The raw tail after block ``k`` of a cached file: decompressed from its cached tail at the
    end of its first run when that lies before ``k`` (a new block: one segment to decompress),
    else from its start."""
    ends = [a for a in file_tails(head.pieces) if a < k and head.pieces[a] in tails]
    if not ends:
        return raw_tail(old[:k + 1])
    return raw_tail(old[ends[-1] + 1:k + 1], tails[head.pieces[ends[-1]]])


def _pack_lengths(head: bytes, n_docs: int) -> tuple[tuple[int, ...] | None, bytes]:
    """Member lengths and content key of a cached pack of ``n_docs`` docs (None if unusable)."""
    try:
        _, lengths, digest = pack_head_from_bytes(head)
    except (ValueError, struct.error):
        return None, b""
    return (lengths, digest) if len(lengths) == n_docs else (None, b"")


# --- the tasks the build runs in forked workers (parallel.STATE holds their inputs) --------------

def wave_task(task: tuple[str, Any]) -> Any:
    kind, arg = task
    return _block_task(arg) if kind == "block" else _member_task(arg)


def _block_task(b: int) -> tuple[bytes, bytes, bytes | None]:
    """A block's stats and postings, and the codes of the keys that differ from the block it was
    patched from (None: made whole)."""
    docs, size = STATE["docs"], STATE["block_docs"]
    same, stats, post = STATE["bases"].get(b, ((), b"", b""))
    lo, hi = b * size, min((b + 1) * size, len(docs))
    if not same:
        block = build_block([doc_postings(d) for d in docs[lo:hi]])
        return block_stats_bytes(block), block_post_bytes(block), None
    kept = set(same)
    block, touched = patch_block(block_from_bytes(stats, post), same,
                                 [(i, doc_postings(docs[lo + i])) for i in range(hi - lo) if i not in kept])
    return block_stats_bytes(block), block_post_bytes(block), touched.tobytes()


def _member_task(indexes: Sequence[int]) -> list[bytes]:
    docs = STATE["docs"]
    return [doc_record(docs[i]) for i in indexes]


def encode_task(b: int) -> dict[int, bytes]:
    stats, post = STATE["block_bytes"][b]
    block = block_from_bytes(stats, post)
    layout: Layout = STATE["layout"]
    return encode_pieces(block, layout.slots(block.codes), STATE["wanted"][b])


def compress_task(jobs: Sequence[int]) -> list[tuple[list[tuple[bytes, int, int]], dict[int, bytes]]]:
    pieces, n = STATE["pieces"], STATE["n_blocks"]
    out = []
    for j in jobs:
        slot, k1, crc, size, tail = STATE["jobs"][j]
        keep = [n - 2 - k1] if n - 2 >= k1 else []
        out.append(compress_segments([pieces[b][slot] for b in range(k1, n)], tail, crc, size, keep))
    return out

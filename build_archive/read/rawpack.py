"""Raw captures packed and compressed against the text the site already holds.

Every report's raw capture must stay one click from its page, byte for byte with its SHA-256.
As files of their own they were 30,000 files and 500 MB at 30,000 reports: a second copy of
every page's text, half the 1 GB GitHub Pages allows. A capture is its report's cleaned text
plus the lines cleaning removed and the original layout, so each is stored as raw DEFLATE
with the cleaned paragraphs as preset dictionary (zlib's ``zdict``): what is left to store is
the chrome and the layout, 2-3 % of the capture (17 KB become ~0.5 KB). The dictionary is the
report's paragraphs as its page shows them (``pagetext.py``), so the viewer page
(``docs/source.md``, ``archive-source.js``) rebuilds the exact bytes from the report's page and
one Range request, checks their SHA-256 in the browser and offers them as a download.

Files (``raw/``, by the first two hex digits of the citation code, ~120 reports each at 30,000):

``raw/<xx>.bin``
    the members, concatenated, in code order;
``raw/<xx>.json.gz``
    gzip of ``{"v": 2, "r": {code: [0, offset, length, size, sha256, file name, encoding,
    [[line number, rule], ...]]}}``: where the member is, what it must decompress to, and the
    lines cleaning removed (their text is the capture's line of that number). (The first field
    was the search document id in version 1, whose dictionary came from the search index.)
    Compressed: the indexes were 8.7 MB at 30,000 reports as JSON, 1.9 MB gzipped, and the
    viewer has pako already (issue 16).

A pack is made again only when one of its reports changed (its key), and then only the
changed members are compressed again (``cache_dir/rawpack/<xx>.pickle``).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from pathlib import Path
from typing import Callable, Sequence

from ..core import pagetext
from ..core.cache import build_version, read_state, write_state
from ..core.model import OutputFile, Report

VERSION = 2
RAW_DIR = "raw"


def pack_of(code: str) -> str:
    return code[:2]


def index_path(code: str) -> str:
    return f"{RAW_DIR}/{pack_of(code)}.json.gz"


def dictionary(paragraphs: Sequence[str]) -> bytes:
    """The preset dictionary: the report's paragraphs as its page shows them (pagetext.py), as
    UTF-8. zlib uses its last 32 KB."""
    return pagetext.paragraphs_text(paragraphs).encode("utf-8")


def compress(raw: bytes, zdict: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, zdict=zdict) if zdict else \
        zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return c.compress(raw) + c.flush()


def decompress(member: bytes, zdict: bytes) -> bytes:
    d = zlib.decompressobj(-15, zdict=zdict) if zdict else zlib.decompressobj(-15)
    return d.decompress(member) + d.flush()


def _member_key(report: Report) -> str:
    # The parse key covers the raw bytes, the correction file and the parsing code: the
    # paragraphs (the dictionary) cannot change without it.
    return f"{VERSION}:{report.key}:{report.source.sha256}"


def pack_outputs(reports: Sequence[Report], load: Callable[[Sequence[Report]], list[Report]],
                 cache_dir: Path | None) -> list[OutputFile]:
    """The two files of every pack, each with a key and made only when the writer needs it.
    ``load`` gives stubs their bodies (cache.Bodies.load)."""
    # The build's code: a pack (not its cached members, see VERSION) is made again when it changes.
    version = build_version()
    packs: dict[str, list[Report]] = {}
    for r in sorted((r for r in reports if r.ident), key=lambda r: r.ident.code):
        packs.setdefault(pack_of(r.ident.code), []).append(r)
    outputs = []
    for name, members in sorted(packs.items()):
        # The parse key covers the raw bytes, the file name, the correction file and the
        # parsing code, so it covers the removed lines too: they are listed only when made.
        keys = [(r.ident.code, _member_key(r)) for r in members]
        digest = hashlib.sha256(repr((version, keys)).encode("utf-8")).hexdigest()
        made: dict[str, tuple[bytes, bytes]] = {}

        def make_both(members: list[Report] = members, name: str = name, keys: list = keys,
                      made: dict = made) -> tuple[bytes, bytes]:
            if "both" not in made:
                made["both"] = _make_pack(name, members, keys, load, cache_dir)
            return made["both"]

        outputs.append(OutputFile(f"{RAW_DIR}/{name}.bin", b"", key=f"rawpack:{digest}",
                                  make=lambda make_both=make_both: make_both()[0]))
        outputs.append(OutputFile(f"{RAW_DIR}/{name}.json.gz", b"", key=f"rawindex:{digest}",
                                  make=lambda make_both=make_both: make_both()[1]))
    return outputs


def _make_pack(name: str, members: list[Report], keys: list, load: Callable[[Sequence[Report]], list[Report]],
               cache_dir: Path | None) -> tuple[bytes, bytes]:
    cache_file = cache_dir / "rawpack" / f"{name}.pickle" if cache_dir else None
    cached = read_state(cache_file) if cache_file else {}
    todo = [r for r, k in zip(members, keys) if cached.get(k[0], [None])[0] != k[1]]
    fresh: dict[str, bytes] = {}
    for r in load(todo) if todo else []:
        raw = r.source.path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != r.source.sha256:
            raise RuntimeError(f"{r.source.path} changed while the archive was being built; build again")
        fresh[r.ident.code] = compress(raw, dictionary(r.structured.paragraphs))
    blobs, index, offset = [], {}, 0
    keep: dict[str, list] = {}
    for r, (code, key) in zip(members, keys):
        member = fresh[code] if code in fresh else cached[code][1]
        keep[code] = [key, member]
        index[code] = [0, offset, len(member), r.source.size, r.source.sha256, r.source.name,
                       r.source.encoding, [[x.line_no, x.rule] for x in r.cleaned.removed]]
        blobs.append(member)
        offset += len(member)
    if cache_file is not None and (fresh or len(keep) != len(cached)):
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_state(cache_file, keep)
    text = json.dumps({"v": VERSION, "r": index}, ensure_ascii=False, separators=(",", ":"))
    # File names are scraped input: no character of theirs may read as markup anywhere.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return b"".join(blobs), gzip.compress(text.encode("utf-8"), 9, mtime=0)


def read_member(root: Path, code: str) -> tuple[bytes, list]:
    """A report's packed capture (still compressed) and its index entry, from a docs or site folder."""
    entry = json.loads(gzip.decompress((root / index_path(code)).read_bytes()).decode("utf-8"))["r"][code]
    with open(root / RAW_DIR / f"{pack_of(code)}.bin", "rb") as f:
        f.seek(entry[1])
        return f.read(entry[2]), entry


def read_capture(site: Path, code: str) -> tuple[bytes, list]:
    """A report's raw capture and its index entry, from a built site: what the raw-capture page
    does, in Python (for the tests and for anyone holding a copy of the site)."""
    member, entry = read_member(site, code)
    page = (site / "r" / code / "index.html").read_text(encoding="utf-8")
    return decompress(member, pagetext.body_text(page).encode("utf-8")), entry

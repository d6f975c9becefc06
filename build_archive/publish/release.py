"""The bulk data files too big for the site, compressed for a GitHub release.

GitHub Pages publishes at most 1 GB, and the full-text corpus alone (corpus.jsonl) is 500 MB
at 30,000 reports, a second copy of every report page's text. The site keeps what readers
browse (pages, search, raw captures, catalog.csv, the feed); the bulk files go to a release
that the Pages workflow attaches (``archive-data``), where a file may be 2 GB and nothing
counts against the site:

* ``corpus-<NN>.jsonl.gz``: the corpus of one province (``NN``: the first two digits of the
  division code; ``corpus-unknown`` for reports whose place is undetermined), so a researcher
  of one province downloads megabytes, not the nation;
* ``corpus.jsonl.gz``: the whole corpus, the province files joined (a gzip file may hold
  several members; gunzip, zcat and Python's gzip read them as one stream), so the nation
  costs no second compression and its bytes are exactly those of the province files;
* ``catalog.json.gz``; ``SHA256SUMS`` for all of them.

Records keep the corpus' order (by citation code) inside each province file. A province file
is compressed again only when its records changed: adding one report recompresses one province.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ..core.cache import read_state, write_state
from .overwrite import overwrite

CORPUS = "corpus.jsonl.gz"
CATALOG_JSON = "catalog.json.gz"
SUMS = "SHA256SUMS"
TAG = "archive-data"
"""The release the Pages workflow attaches the files to."""

_PLACE = re.compile(rb'"province":(?:"((?:[^"\\]|\\.)*)"|null).*?"adcode":(?:"(\d\d)|null)')


@dataclass(frozen=True)
class Asset:
    name: str
    size: int
    label: str
    """What it holds, for the downloads page (Chinese)."""


def province_file(prefix: str) -> str:
    return f"corpus-{prefix}.jsonl.gz"


def make_release(corpus: Path, catalog_json: Path, out_dir: Path, state_path: Path | None,
                 records: Sequence[tuple[str, int, int]] | None = None) -> list[Asset]:
    """Write the release files for ``corpus`` (corpus.jsonl) and ``catalog_json`` into
    ``out_dir``; return them, the whole corpus first, then the provinces by division code.

    ``records``: the corpus' lines as (key, offset, length), in order, when the build knows them
    (the corpus' record index, linefile.py), a line's bytes being a function of its key. Then
    the 500 MB corpus is not read: a line is read once to find its province (kept by key), and
    a province's lines only when its keys changed, to compress them again."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = read_state(state_path) if state_path else {}
    # Unchanged inputs and outputs: the 500 MB corpus is not read again (a no-change rebuild).
    inputs = [_stamp(corpus), _stamp(catalog_json)]
    last = state.get("")
    if isinstance(last, list) and len(last) == 3 and last[0] == inputs and all(
            _stamp(out_dir / name) == stamp for name, stamp in last[1]):
        return [Asset(*a) for a in last[2]]
    new_state: dict = {}
    provinces = (_by_key(corpus, records, state, new_state) if records is not None else _by_reading(corpus))
    order = sorted(p for p in provinces if p != "unknown") + (["unknown"] if "unknown" in provinces else [])
    assets: list[Asset] = []
    members: list[Path] = []

    def province(prefix: str) -> str:
        group = provinces[prefix]
        target = out_dir / province_file(prefix)
        if state.get(target.name) != [group.digest, _stamp(target)]:
            overwrite(target, gzip.compress(group.data(), compresslevel=6, mtime=0))
        return target.name

    def catalog() -> str:
        source = _stamp(catalog_json)
        target = out_dir / CATALOG_JSON
        if state.get(CATALOG_JSON) != [source, _stamp(target)]:
            overwrite(target, gzip.compress(catalog_json.read_bytes(), compresslevel=6, mtime=0))
        new_state[CATALOG_JSON] = [source, _stamp(target)]
        return target.name

    # zlib lets go of the GIL while it compresses: threads put every core on the provinces
    # (half a gigabyte at 30,000 reports, the longest step of the build that used one core),
    # and on the catalog (44 MB) beside the one province a new report changes.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        done = [pool.submit(catalog), *(pool.submit(province, prefix) for prefix in order)]
        for job in done:
            job.result()
    for prefix in order:
        target = out_dir / province_file(prefix)
        group = provinces[prefix]
        new_state[target.name] = [group.digest, _stamp(target)]
        members.append(target)
        label = group.name or ("地区未能确定" if prefix == "unknown" else prefix)
        assets.append(Asset(target.name, target.stat().st_size, f"{label}（{group.count} 篇）"))
    key = [new_state[m.name][0] for m in members]
    target = out_dir / CORPUS
    if state.get(CORPUS) != [key, _stamp(target)]:
        whole = hashlib.sha256()
        with open(target, "wb") as out:
            for m in members:
                with open(m, "rb") as part:
                    for chunk in iter(lambda: part.read(1 << 20), b""):
                        whole.update(chunk)
                        out.write(chunk)
        # Hashed as it is written: SHA256SUMS need not read 150 MB back.
        new_state[f"sha256:{CORPUS}"] = [_stamp(target), whole.hexdigest()]
    new_state[CORPUS] = [key, _stamp(target)]
    total = sum(g.count for g in provinces.values())
    assets.insert(0, Asset(CORPUS, target.stat().st_size, f"全部省份（{total} 篇）"))
    assets.append(Asset(CATALOG_JSON, (out_dir / CATALOG_JSON).stat().st_size, "目录（JSON）"))
    wanted = {a.name for a in assets} | {SUMS}
    for stale in out_dir.iterdir():
        if stale.is_file() and stale.name not in wanted:
            stale.unlink()
    sums = "".join(f"{_sha256(out_dir / a.name, state, new_state)}  {a.name}\n" for a in assets)
    if not (out_dir / SUMS).is_file() or (out_dir / SUMS).read_text(encoding="utf-8") != sums:
        (out_dir / SUMS).write_text(sums, encoding="utf-8")
    new_state[""] = [inputs, [[n, _stamp(out_dir / n)] for n in sorted(wanted)],
                     [[a.name, a.size, a.label] for a in assets]]
    if state_path is not None:
        write_state(state_path, new_state)
    return assets


@dataclass
class _Province:
    """One province's lines of the corpus."""

    digest: str
    """What its file is made of: the lines' digest, or their keys' (``records``)."""
    count: int
    name: str | None
    """The first province name its lines give."""
    data: Callable[[], bytes]
    """Its lines, joined."""


def _place(line: bytes) -> tuple[str, str | None]:
    """The division-code prefix (``unknown`` without one) and the province name of a corpus line."""
    m = _PLACE.search(line)
    prefix = m.group(2).decode() if m and m.group(2) else "unknown"
    return prefix, (m.group(1).decode("utf-8") if m and m.group(1) else None)


def _grouped(places: Sequence[tuple[str, str | None]]) -> tuple[dict[str, list[int]], dict[str, str]]:
    groups: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for i, (prefix, name) in enumerate(places):
        groups.setdefault(prefix, []).append(i)
        if name and prefix not in names:
            names[prefix] = name
    return groups, names


def _by_reading(corpus: Path) -> dict[str, _Province]:
    """The provinces of every line of the corpus, read through."""
    with open(corpus, "rb") as f:
        lines = f.readlines()
    groups, names = _grouped([_place(line) for line in lines])
    provinces = {}
    for prefix, members in groups.items():
        data = b"".join([lines[i] for i in members])
        provinces[prefix] = _Province(hashlib.sha256(data).hexdigest(), len(members), names.get(prefix),
                                      lambda data=data: data)
    return provinces


def _by_key(corpus: Path, records: Sequence[tuple[str, int, int]], state: dict, new_state: dict
            ) -> dict[str, _Province]:
    """The provinces of the corpus' lines by their keys: the place of a key the last build saw
    is taken from its state, and only a new line is read."""
    known = state.get("places")
    known = known if isinstance(known, dict) else {}
    places = []
    with open(corpus, "rb") as f:
        for key, offset, length in records:
            place = known.get(key)
            if place is None:
                place = _place(os.pread(f.fileno(), length, offset))
            places.append(place)
    new_state["places"] = {key: place for (key, _o, _n), place in zip(records, places)}
    groups, names = _grouped(places)

    def data(members: list[int]) -> bytes:
        with open(corpus, "rb") as f:
            parts = [os.pread(f.fileno(), records[i][2], records[i][1]) for i in members]
        if any(len(p) != records[i][2] for p, i in zip(parts, members)):
            raise OSError(f"{corpus} is shorter than its record index says")
        return b"".join(parts)

    return {prefix: _Province("keys:" + hashlib.sha256("\n".join(records[i][0] for i in members).encode()).hexdigest(),
                              len(members), names.get(prefix), functools.partial(data, members))
            for prefix, members in groups.items()}


def is_current(out_dir: Path, state_path: Path) -> bool:
    """Every release file is still as the last ``make_release`` left it."""
    last = read_state(state_path).get("")
    return isinstance(last, list) and len(last) == 3 and all(_stamp(out_dir / n) == st for n, st in last[1])


def _stamp(path: Path) -> list[int]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return []
    return [st.st_size, st.st_mtime_ns]


def _sha256(path: Path, state: dict, new_state: dict) -> str:
    """The file's SHA-256, from the last build when the file is unchanged since."""
    key = f"sha256:{path.name}"
    last = new_state.get(key) or state.get(key)
    if isinstance(last, list) and len(last) == 2 and last[0] == _stamp(path):
        new_state[key] = last
        return last[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    new_state[key] = [_stamp(path), h.hexdigest()]
    return h.hexdigest()

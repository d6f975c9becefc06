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

import gzip
import hashlib
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

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


def make_release(corpus: Path, catalog_json: Path, out_dir: Path, state_path: Path | None) -> list[Asset]:
    """Write the release files for ``corpus`` (corpus.jsonl) and ``catalog_json`` into
    ``out_dir``; return them, the whole corpus first, then the provinces by division code."""
    out_dir.mkdir(parents=True, exist_ok=True)
    state = read_state(state_path) if state_path else {}
    # Unchanged inputs and outputs: the 500 MB corpus is not read again (a no-change rebuild).
    inputs = [_stamp(corpus), _stamp(catalog_json)]
    last = state.get("")
    if isinstance(last, list) and len(last) == 3 and last[0] == inputs and all(
            _stamp(out_dir / name) == stamp for name, stamp in last[1]):
        return [Asset(*a) for a in last[2]]
    new_state: dict[str, list] = {}
    groups: dict[str, list[bytes]] = {}
    names: dict[str, str] = {}
    with open(corpus, "rb") as f:
        for line in f:
            m = _PLACE.search(line)
            prefix = m.group(2).decode() if m and m.group(2) else "unknown"
            groups.setdefault(prefix, []).append(line)
            if m and m.group(1) and prefix not in names:
                names[prefix] = m.group(1).decode("utf-8")
    order = sorted(p for p in groups if p != "unknown") + (["unknown"] if "unknown" in groups else [])
    assets: list[Asset] = []
    whole = hashlib.sha256()
    members: list[Path] = []

    def province(prefix: str) -> str:
        data = b"".join(groups[prefix])
        digest = hashlib.sha256(data).hexdigest()
        target = out_dir / province_file(prefix)
        if state.get(target.name) != [digest, _stamp(target)]:
            overwrite(target, gzip.compress(data, compresslevel=6, mtime=0))
        return digest

    # zlib lets go of the GIL while it compresses: threads put every core on the provinces
    # (half a gigabyte at 30,000 reports, the longest step of the build that used one core).
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        digests = dict(zip(order, pool.map(province, order)))
    for prefix in order:
        target = out_dir / province_file(prefix)
        new_state[target.name] = [digests[prefix], _stamp(target)]
        members.append(target)
        label = names.get(prefix, "地区未能确定" if prefix == "unknown" else prefix)
        assets.append(Asset(target.name, target.stat().st_size, f"{label}（{len(groups[prefix])} 篇）"))
    key = [new_state[m.name][0] for m in members]
    target = out_dir / CORPUS
    if state.get(CORPUS) != [key, _stamp(target)]:
        with open(target, "wb") as out:
            for m in members:
                with open(m, "rb") as part:
                    shutil.copyfileobj(part, out, 1 << 20)
    new_state[CORPUS] = [key, _stamp(target)]
    total = sum(len(g) for g in groups.values())
    assets.insert(0, Asset(CORPUS, target.stat().st_size, f"全部省份（{total} 篇）"))
    source = _stamp(catalog_json)
    target = out_dir / CATALOG_JSON
    if state.get(CATALOG_JSON) != [source, _stamp(target)]:
        overwrite(target, gzip.compress(catalog_json.read_bytes(), compresslevel=6, mtime=0))
    new_state[CATALOG_JSON] = [source, _stamp(target)]
    assets.append(Asset(CATALOG_JSON, target.stat().st_size, "目录（JSON）"))
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
    last = state.get(key)
    if isinstance(last, list) and len(last) == 2 and last[0] == _stamp(path):
        new_state[key] = last
        return last[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    new_state[key] = [_stamp(path), h.hexdigest()]
    return h.hexdigest()

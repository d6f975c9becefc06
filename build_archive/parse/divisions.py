"""The archive's own table of China's county-level divisions.

Reports name their author as "XX县卫生健康局", "XX区卫健局" and so on; this
module lets the build turn such a name into a 6-digit 行政区划代码 with its
province and prefecture, and tell which unit was meant in the year the report
was written. The data lives in ``data/divisions.csv`` (one row per county-level
unit, current and retired since 2015) and ``data/prefectures.csv`` (the
prefecture-level units); see ``data/DIVISIONS_SOURCE.md`` for where it comes
from and how to refresh it. Nothing here touches the network.
"""
from __future__ import annotations

import csv
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_PATH = DATA_DIR / "divisions.csv"
PREFECTURES_NAME = "prefectures.csv"

HEADER = ("code", "name", "kind", "province", "city", "valid_from", "valid_to", "successor")
PREFECTURE_HEADER = ("code", "name", "province", "valid_from", "valid_to")
KINDS = frozenset({"县", "县级市", "区", "旗", "自治县", "自治旗", "特区", "林区"})
# Names that many prefectures' districts share (晋城市城区, 阳泉市城区): a report names such a
# district with its prefecture, and so does its bureau's full name.
GENERIC_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "中区", "市中区", "市辖区", "新区", "城中区",
                           "城东区", "城西区", "城北区", "城南区", "新城区", "老城区", "开发区", "高新区"})

# Longest first so 自治县 wins over 县 and 林区/特区 over 区.
_TYPE_SUFFIXES = ("自治县", "自治旗", "特区", "林区", "旗", "县", "市", "区")

# The 55 minority nationalities plus 各 (as in 龙胜各族自治县). Autonomous
# units put them between the place name and the suffix; reports usually drop
# them ("围场县", "管城区"), so the stem must too.
_ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶",
    "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜",
    "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗",
    "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春",
    "赫哲", "门巴", "珞巴", "基诺", "各",
)
_WITH_ZU = re.compile("(?:" + "|".join(
    sorted((g + "族" for g in _ETHNIC_GROUPS), key=len, reverse=True)) + ")$")
# Some official names drop 族 (和布克赛尔蒙古自治县, 塔什库尔干塔吉克自治县);
# only multi-character groups are stripped bare, since a bare 回 or 水 is far
# more likely to be part of the place name.
_BARE = re.compile("(?:" + "|".join(
    sorted((g for g in _ETHNIC_GROUPS if len(g) > 1), key=len, reverse=True)) + ")$")


class DivisionDataError(ValueError):
    """The division CSV is malformed; the message names the file and line."""


def stem_of(name: str) -> str:
    """Return ``name`` without its type suffix and any nationality qualifiers.

    Rule, applied in order:

    1. Drop the longest matching suffix of 自治县, 自治旗, 特区, 林区, 旗, 县,
       市, 区, provided at least one character remains (涉县 -> 涉, 城区 -> 城).
       林区 counts only after three or more characters (神农架林区 -> 神农架,
       but 金林区 -> 金林).
       A 区 name ending in 新区 also drops 新 when two or more characters
       remain (浦东新区 -> 浦东, but 清新区 -> 清新).
    2. Repeatedly drop a trailing nationality ("满族", "蒙古族", "各族"; for
       autonomous units also a bare multi-character one such as "蒙古" or
       "塔吉克") while at least two characters remain:
       围场满族蒙古族自治县 -> 围场, 管城回族区 -> 管城,
       和布克赛尔蒙古自治县 -> 和布克赛尔.
    3. When the whole remainder is one nationality (鄂温克族自治旗,
       东乡族自治县) keep that name without 族: 鄂温克, 东乡.

    Names without a known suffix are returned unchanged.
    """
    core = name
    suffix = ""
    for s in _TYPE_SUFFIXES:
        # 金林区 is the 区 of 金林; only a long name (神农架林区) is a 林区.
        if s == "林区" and len(name) < 5:
            continue
        if name.endswith(s) and len(name) > len(s):
            core, suffix = name[: -len(s)], s
            break
    if not suffix:
        return name
    if suffix == "区" and core.endswith("新") and len(core) >= 3:
        core = core[:-1]
    autonomous = suffix in ("自治县", "自治旗")
    while True:
        m = _WITH_ZU.search(core) or (_BARE.search(core) if autonomous else None)
        if m is None:
            break
        if m.start() >= 2:
            core = core[: m.start()]
            continue
        if m.start() == 0 and core.endswith("族") and len(core) > 2:
            core = core[:-1]
        break
    return core


@dataclass(frozen=True)
class Division:
    """One county-level unit under one code and one name.

    A unit that was renamed, upgraded (县 -> 区, 县 -> 县级市) or recoded has
    one row per (code, name) it carried; the older rows have ``valid_to`` set
    and point at the next row through ``successor``.
    """

    code: str
    """6-digit 行政区划代码, e.g. '431122'."""
    name: str
    """Full official name, e.g. '东安县'."""
    kind: str
    """One of 县, 县级市, 区, 旗, 自治县, 自治旗, 特区, 林区."""
    province: str
    """Full provincial name, e.g. '湖南省', '广西壮族自治区', '北京市'."""
    city: str | None
    """Prefecture-level parent ('永州市'); the municipality itself for the
    districts and counties of 北京/天津/上海/重庆; None for units directly
    under a province (仙桃市, 济源市, Hainan's 直辖县)."""
    valid_from: int | None
    """Year the unit got this code and name; None when it predates 2015 (the
    start of the history the archive tracks)."""
    valid_to: int | None
    """Last year the code and name were in use (the change happened during
    that year); None for current units."""
    successor: str | None
    """Code of the unit this one became, for retired rows, when known."""

    @property
    def stem(self) -> str:
        """The name without its type suffix; see :func:`stem_of` for the rule."""
        return stem_of(self.name)

    @property
    def is_current(self) -> bool:
        """True for units that exist under this code and name today."""
        return self.valid_to is None

    def valid_in(self, year: int) -> bool:
        """True when the unit carried this code and name during ``year``."""
        return (self.valid_from is None or self.valid_from <= year) and (
            self.valid_to is None or year <= self.valid_to
        )


@dataclass(frozen=True)
class Prefecture:
    """One prefecture-level unit (地级市, 地区, 自治州, 盟)."""

    code: str
    name: str
    province: str
    valid_from: int | None
    valid_to: int | None


class DivisionTable:
    """Read-only lookups over the division rows.

    Built once by :func:`load_divisions`; all indexes are computed up front
    because the build scans every report's text against them.
    """

    def __init__(self, rows: tuple[Division, ...], prefectures: tuple[Prefecture, ...] = ()) -> None:
        self._rows = rows
        self._prefectures = prefectures
        by_code: dict[str, list[Division]] = defaultdict(list)
        by_name: dict[str, list[Division]] = defaultdict(list)
        by_stem: dict[str, list[Division]] = defaultdict(list)
        for d in rows:
            by_code[d.code].append(d)
            by_name[d.name].append(d)
            by_stem[d.stem].append(d)
        # A code can outlive a rename, so several rows may share it; the
        # current one (else the most recently retired one) is the answer.
        self._by_code = {
            code: max(ds, key=lambda d: (d.valid_to is None, d.valid_to or 0))
            for code, ds in by_code.items()
        }
        self._history = {code: tuple(ds) for code, ds in by_code.items()}
        self._by_name = {k: tuple(v) for k, v in by_name.items()}
        self._by_stem = {k: tuple(v) for k, v in by_stem.items()}
        self._current = tuple(d for d in rows if d.valid_to is None)
        provinces: dict[str, None] = {}
        for d in sorted(rows, key=lambda d: d.code):
            provinces.setdefault(d.province, None)
        self._provinces = tuple(provinces)
        if prefectures:
            self._cities = frozenset(p.name for p in prefectures)
        else:
            # Without prefectures.csv the city column is the best we have;
            # the municipalities are provinces, not prefectures.
            self._cities = frozenset(d.city for d in rows if d.city) - set(self._provinces)

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._rows)

    def by_code(self, code: str) -> Division | None:
        """The unit with this code: the current one, else the latest retired one."""
        return self._by_code.get(code)

    def history(self, code: str) -> tuple[Division, ...]:
        """Every row that carried ``code`` (renames keep their code)."""
        return self._history.get(code, ())

    def by_name(self, name: str) -> tuple[Division, ...]:
        """All units, current and retired, whose full name is exactly ``name``."""
        return self._by_name.get(name, ())

    def by_stem(self, stem: str) -> tuple[Division, ...]:
        """All units, current and retired, whose :attr:`Division.stem` is ``stem``."""
        return self._by_stem.get(stem, ())

    def current(self) -> tuple[Division, ...]:
        """The units that exist today."""
        return self._current

    def in_year(self, name: str, year: int | None) -> tuple[Division, ...]:
        """Units named ``name`` that were valid in ``year``.

        With ``year`` None the current units are returned, or every unit with
        that name when none is current, so an undated report naming a retired
        county still resolves.
        """
        rows = self.by_name(name)
        if year is None:
            current = tuple(d for d in rows if d.valid_to is None)
            return current or rows
        return tuple(d for d in rows if d.valid_in(year))

    def successor_chain(self, division: Division) -> tuple[Division, ...]:
        """``division``, the unit it became, and so on, ending at a current
        unit or at a retired one whose successor is unknown."""
        chain = [division]
        seen = {(division.code, division.name)}
        d = division
        while d.successor is not None:
            candidates = [r for r in self.history(d.successor) if (r.code, r.name) not in seen]
            if not candidates:
                break
            # Prefer the row that was in force when ``d`` ended; a code that
            # was renamed again later still leads to the right next step.
            year = d.valid_to
            in_force = [r for r in candidates if year is not None and r.valid_in(year)]
            d = in_force[-1] if in_force else max(
                candidates, key=lambda r: (r.valid_to is None, r.valid_to or 0))
            chain.append(d)
            seen.add((d.code, d.name))
        return tuple(chain)

    def names(self) -> frozenset[str]:
        """Every full name, current and retired, for scanning text."""
        return frozenset(self._by_name)

    def provinces(self) -> tuple[str, ...]:
        """Provincial names in code order (北京市 first)."""
        return self._provinces

    def cities(self) -> frozenset[str]:
        """Prefecture-level names (永州市, 阿克苏地区, ...), current and retired.

        Lets a caller tell a prefecture 'XX市' from a county-level 'XX市'. The
        four municipalities are provinces and are not included.
        """
        return self._cities

    def prefectures(self) -> tuple[Prefecture, ...]:
        """The prefecture-level rows from ``prefectures.csv``."""
        return self._prefectures


def _year(value: str, path: Path, line: int, column: str) -> int | None:
    if value == "":
        return None
    if not (len(value) == 4 and value.isdigit()):
        raise DivisionDataError(
            f"{path}, line {line}: expected {column} to be a 4-digit year or empty, got {value!r}"
        )
    return int(value)


def _code(value: str, path: Path, line: int, column: str) -> str:
    if not (len(value) == 6 and value.isdigit()):
        raise DivisionDataError(
            f"{path}, line {line}: expected {column} to be a 6-digit code, got {value!r}"
        )
    return value


def _read(path: Path, header: tuple[str, ...]):
    """Yield (line number, row) pairs after checking the header."""
    try:
        fh = open(path, encoding="utf-8", newline="")
    except OSError as exc:
        raise DivisionDataError(f"{path}: cannot read division data: {exc}") from exc
    with fh:
        reader = csv.reader(fh)
        try:
            first = next(reader, None)
            if first is None or tuple(first) != header:
                raise DivisionDataError(
                    f"{path}, line 1: expected header {','.join(header)}, got {first!r}"
                )
            for row in reader:
                if not row or row == [""]:
                    continue
                if len(row) != len(header):
                    raise DivisionDataError(
                        f"{path}, line {reader.line_num}: expected {len(header)} fields "
                        f"({','.join(header)}), got {len(row)}: {row!r}"
                    )
                yield reader.line_num, row
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DivisionDataError(
                f"{path}, line {reader.line_num}: expected UTF-8 CSV: {exc}"
            ) from exc


def _parse_divisions(path: Path) -> tuple[Division, ...]:
    rows: list[Division] = []
    current_codes: dict[str, int] = {}
    for line, (code, name, kind, province, city, vf, vt, succ) in _read(path, HEADER):
        _code(code, path, line, "code")
        if not name:
            raise DivisionDataError(f"{path}, line {line}: expected a name, got an empty field")
        if kind not in KINDS:
            raise DivisionDataError(
                f"{path}, line {line}: expected kind to be one of {'/'.join(sorted(KINDS))}, got {kind!r}"
            )
        if not province:
            raise DivisionDataError(f"{path}, line {line}: expected a province, got an empty field")
        d = Division(
            code=code, name=name, kind=kind, province=province, city=city or None,
            valid_from=_year(vf, path, line, "valid_from"),
            valid_to=_year(vt, path, line, "valid_to"),
            successor=_code(succ, path, line, "successor") if succ else None,
        )
        if d.valid_from and d.valid_to and d.valid_from > d.valid_to:
            raise DivisionDataError(
                f"{path}, line {line}: expected valid_from <= valid_to, got {vf} > {vt}"
            )
        if d.valid_to is None:
            if code in current_codes:
                raise DivisionDataError(
                    f"{path}, line {line}: expected current codes to be unique, "
                    f"{code} is already current on line {current_codes[code]}"
                )
            current_codes[code] = line
        rows.append(d)
    return tuple(rows)


def _parse_prefectures(path: Path) -> tuple[Prefecture, ...]:
    out = []
    for line, (code, name, province, vf, vt) in _read(path, PREFECTURE_HEADER):
        out.append(Prefecture(
            code=_code(code, path, line, "code"), name=name, province=province,
            valid_from=_year(vf, path, line, "valid_from"),
            valid_to=_year(vt, path, line, "valid_to"),
        ))
    return tuple(out)


def _load(path: Path) -> DivisionTable:
    rows = _parse_divisions(path)
    pref_path = path.with_name(PREFECTURES_NAME)
    prefectures = _parse_prefectures(pref_path) if pref_path.exists() else ()
    return DivisionTable(rows, prefectures)


@functools.lru_cache(maxsize=1)
def _default_table() -> DivisionTable:
    return _load(DEFAULT_PATH)


def load_divisions(path: Path | None = None) -> DivisionTable:
    """Load the division table.

    With no ``path`` the archive's own ``data/divisions.csv`` is loaded once
    and cached. An explicit ``path`` is read fresh each time (tests and the
    refresh script point at other files); ``prefectures.csv`` is read from
    the same folder when present.

    Raises :class:`DivisionDataError` naming the file and line, and what was
    expected there, when the CSV is malformed.
    """
    if path is None:
        return _default_table()
    return _load(Path(path))

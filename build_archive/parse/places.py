"""Find place names in a line of text with one compiled regular expression.

The patterns are built once per division table: one small trie regex per first character,
reached by a dict lookup, so the regex engine follows one branch per character instead of
trying thousands of names at each position (16 KB of text scans in about a millisecond). Surface forms, longest match wins:

* full county-level names: 东安县, 涉县, 围场满族蒙古族自治县, 浏阳市 (县级市);
* the short form reports use for autonomous units and banners, the stem plus the unit's own
  suffix: 围场县 for 围场满族蒙古族自治县, 鄂温克旗 for 鄂温克族自治旗. A stem is only ever
  matched with its suffix (or, for stems of two or more characters, directly before a
  health-bureau word: 修武卫健委), never bare: 涉 or 沛 alone are parts of ordinary words;
* prefecture-level names (永州市, 阿克苏地区) and provinces, so that a 市 report is read as a
  市 and not as the county of nearly the same name (吉安市 is not 吉安县);
* common short names from ``data/place_aliases.yml`` (科右前旗, 达茂旗), read like two-character
  names (only where they cannot be part of another word);
* districts whose names are ordinary words (城区, 郊区, 矿区, 东区, 西区, 市中区) only right
  after their prefecture's name (晋城市城区), since 城区 alone means "the urban area".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Literal

import yaml

from .divisions import GENERIC_NAMES, Division, DivisionTable
from ..core.tradsimp import to_simplified

PlaceKind = Literal["county", "city", "province"]

# Short suffix a report uses for each kind of unit.
SHORT_SUFFIX = {"县": "县", "自治县": "县", "旗": "旗", "自治旗": "旗", "区": "区", "特区": "区", "林区": "林区",
                "县级市": "市"}
# A bare stem is a place only right before the bureau's words or its cause (修武卫健委, 巫溪卫生健康事业,
# 莱阳卫生事业): "卫生" alone follows ordinary words too ("创建平安卫生工作" is no 平安县).
AGENCY_START = "(?=卫生(?:局|健康|计生|和计划|事业)|卫健|卫计)"


@dataclass(frozen=True)
class Place:
    """A place name found in a text, with the units it may denote."""

    surface: str
    """The characters matched, as read (simplified)."""
    start: int
    end: int
    kind: PlaceKind
    units: tuple[Division, ...] = ()
    """County-level units it may denote (several for shared names); empty for cities and provinces."""
    city: str | None = None
    """For a prefecture name, its full name; for a generic district, the prefecture before it."""


def _trie_pattern(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first, as nested alternations of a trie."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


class PlaceScanner:
    """Finds county, prefecture and province names in text (see module docstring)."""

    def __init__(self, table: DivisionTable) -> None:
        counties: dict[str, list[Division]] = {}
        stems: dict[str, list[Division]] = {}
        for d in table:
            if d.name in GENERIC_NAMES:
                continue
            counties.setdefault(d.name, []).append(d)
            stem = d.stem
            suffix = SHORT_SUFFIX.get(d.kind, "")
            if len(stem) >= 2 and stem != d.name:
                short = stem + suffix
                if short != d.name and short not in table.cities():
                    counties.setdefault(short, []).append(d)
                # "秀山自治县", "莫力达瓦自治旗": the stem with the bare kind of autonomy.
                if d.kind in ("自治县", "自治旗") and stem + d.kind != d.name:
                    counties.setdefault(stem + d.kind, []).append(d)
                stems.setdefault(stem, []).append(d)
        self.cities: dict[str, str] = {}
        for p in table.prefectures():
            self.cities[p.name] = p.name
        for name in table.cities():
            self.cities.setdefault(name, name)
        for d in table:
            if d.name in GENERIC_NAMES and d.city:
                for prefix in {d.city, _city_stem(d.city)}:
                    counties.setdefault(prefix + d.name, []).append(d)
        for alias, name in load_aliases().items():
            units = table.by_name(name)
            if units and alias not in counties:
                counties[alias] = list(units)
        self.provinces = {p: p for p in table.provinces()}
        for p in table.provinces():
            self.provinces.setdefault(_province_stem(p) + ("省" if p.endswith("省") else ""), p)
        self.counties = {k: _dedupe(v) for k, v in counties.items()}
        self.aliases = frozenset(load_aliases())
        self.stems = {k: _dedupe(v) for k, v in stems.items() if k not in self.counties and k not in self.cities}
        words = set(self.counties) | set(self.cities) | set(self.provinces) | set(self.stems)
        by_first: dict[str, list[str]] = {}
        for w in words:
            by_first.setdefault(w[0], []).append(w[1:])
        # One small trie regex per first character, reached by a dict lookup: the engine never
        # tries thousands of alternatives at a position.
        self._rest = {c: re.compile(_trie_pattern(rest)) for c, rest in by_first.items()}
        self._first = re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]")

    def scan(self, text: str) -> Iterator[Place]:
        """Places in ``text`` left to right, longest match at each position."""
        end = 0
        for m in self._first.finditer(text):
            i = m.start()
            if i < end:
                continue
            rest = self._rest[text[i]].match(text, i + 1)
            if rest is None or rest.end() == i + 1:
                continue
            word = text[i:rest.end()]
            place = self._place(word, text, i, rest.end())
            if place is not None:
                end = rest.end()
                yield place

    def _place(self, word: str, text: str, start: int, end: int) -> Place | None:
        if word in self.counties:
            units = self.counties[word]
            # A short alias (阿旗) may be part of a word; a long one (科左中旗) may not.
            if (len(word) == 2 or (word in self.aliases and len(word) < 4)) and not _standalone(text, start, end):
                return None
            return Place(word, start, end, "county", units)
        if word in self.cities:
            return Place(word, start, end, "city", city=self.cities[word])
        if word in self.provinces:
            return Place(word, start, end, "province")
        if word in self.stems and _AGENCY_AFTER.match(text, end):
            return Place(word, start, end, "county", self.stems[word])
        return None


_AGENCY_AFTER = re.compile(AGENCY_START)
# A two-character name (和县, 成县, 涉县) is read as a place only where it cannot be the end of
# an ordinary word: at the start of a line, after a non-Chinese character or a place name
# (河北省涉县), or after a function word (关于涉县, 在和县) and before a word that only follows a
# place (涉县卫健局, 和县人民政府). "完成县卫生健康局…" and "卫生院和县人民医院" are not 成县/和县.
_CJK = re.compile(r"[\u3400-\u9fff]")
_FUNCTION_CHARS = set("于在由与及对向从为将据是的即")
_AFTER_PLACE = re.compile(r"(卫生|卫健|卫计|人民政府|政府|县委|区委|旗委|委员会)")
_PLACE_END = re.compile(r"(省|市|州|盟|地区)$")


def _standalone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    if not before or not _CJK.match(before) or _PLACE_END.search(text, 0, start):
        return True
    return before in _FUNCTION_CHARS and _AFTER_PLACE.match(text, end) is not None


ALIASES_PATH = Path(__file__).parent.parent / "data" / "place_aliases.yml"


@lru_cache(maxsize=1)
def load_aliases() -> dict[str, str]:
    """Common short names of county-level units (``data/place_aliases.yml``): 科右前旗 -> 科尔沁右翼前旗."""
    data = yaml.safe_load(ALIASES_PATH.read_text(encoding="utf-8"))
    aliases = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        raise ValueError(f"{ALIASES_PATH}: expected a mapping 'aliases' of short name -> official name")
    return aliases


def _dedupe(units: list[Division]) -> tuple[Division, ...]:
    seen: dict[tuple[str, str], Division] = {}
    for d in units:
        seen.setdefault((d.code, d.name), d)
    return tuple(seen.values())


def _city_stem(name: str) -> str:
    for suffix in ("市", "地区", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _province_stem(name: str) -> str:
    for suffix in ("壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_SCANNERS: dict[int, tuple[DivisionTable, PlaceScanner]] = {}


def scanner_for(table: DivisionTable) -> PlaceScanner:
    """The scanner of ``table``, built once (the table is read-only)."""
    cached = _SCANNERS.get(id(table))
    if cached is None or cached[0] is not table:
        cached = (table, PlaceScanner(table))
        _SCANNERS[id(table)] = cached
    return cached[1]


def city_stems(name: str) -> tuple[str, ...]:
    """Ways a page may name a prefecture: 永州市, 永州."""
    stem = _city_stem(name)
    return (name,) if stem == name else (name, stem)


def province_stems(name: str) -> tuple[str, ...]:
    """Ways a page may name a province: 湖南省, 湖南; 广西壮族自治区, 广西."""
    stem = _province_stem(name)
    return (name,) if stem == name else (name, stem)


def places_in(text: str, table: DivisionTable) -> list[Place]:
    """Places named in ``text``, read through its simplified form (offsets are the same)."""
    return list(scanner_for(table).scan(to_simplified(text)))


def counties_in(text: str, table: DivisionTable) -> list[Place]:
    return [p for p in places_in(text, table) if p.kind == "county"]

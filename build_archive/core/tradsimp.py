"""Traditional characters: detect them, and read them as simplified for name matching only.

The archive never converts a report's text (the wording stays as captured). Reports from some
portals and most repost sites in Hong Kong, Macao and Taiwan are in traditional characters
(``東安縣衛生健康局``); the county and agency finders match against a simplified *reading* of
the text, character by character, so offsets stay the same as in the original.

The reading is OpenCC's (the ``opencc`` package, Hong Kong and standard traditional to
simplified): it converts by phrase, so a character that is also simplified is read right in its
context (於都縣 -> 于都县, 關於 -> 关于, but 乾安縣 stays 乾安县), and Hong Kong forms such as
衞生 are read as 卫生. The hand table (``data/trad_simp.tsv``) holds only characters that are
traditional-only (a character also used in simplified text, 乾 or 於, is not in it): it decides
whether a text needs reading at all and whether a page is traditional, and it is the reading
character by character should OpenCC ever change a text's length (offsets must stay the same).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).parent.parent / "data" / "trad_simp.tsv"

# A simplified page may quote a traditional name (a shop sign, 乾隆年間); only a page where
# traditional forms are a real share of the characters that have two forms is traditional.
MIN_TRADITIONAL = 5
MIN_SHARE = 0.3


@dataclass(frozen=True)
class Script:
    """How many characters of a text are written in traditional and in simplified forms."""

    traditional: int
    """Characters that exist only in traditional writing (縣, 衛)."""
    simplified: int
    """Characters that exist only in simplified writing (县, 卫)."""

    @property
    def is_traditional(self) -> bool:
        total = self.traditional + self.simplified
        return self.traditional >= MIN_TRADITIONAL and total > 0 and self.traditional / total >= MIN_SHARE


@lru_cache(maxsize=1)
def table() -> dict[str, str]:
    """Traditional-only character -> its simplified form."""
    out = {}
    for line in TABLE_PATH.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, _, simp = line.partition("\t")
            out[trad] = simp
    return out


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return str.maketrans(table())


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    t = table()
    return frozenset(t.values()) - frozenset(t)


# Hong Kong forms that are not in the traditional-only table but mark a text to be read
# (衞生健康局 on Hong Kong mirrors).
HK_FORMS = "衞"


@lru_cache(maxsize=1)
def _traditional_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(set(table()) | set(HK_FORMS))) + "]")


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("hk2s")


@lru_cache(maxsize=1)
def _table_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(table())) + "]")


@lru_cache(maxsize=1)
def _simplified_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_simplified_only())) + "]")


def to_simplified(text: str) -> str:
    """``text`` with traditional-only characters read as simplified; same length, same offsets."""
    # Most pages are simplified: a regex character-set search is much cheaper than translate.
    if _traditional_re().search(text) is None:
        return text
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return text.translate(_translation())


def script_of(text: str) -> Script:
    trad = len(_table_re().findall(text))
    return Script(trad, len(_simplified_re().findall(text)) if trad >= MIN_TRADITIONAL else 0)

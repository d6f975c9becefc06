"""The indicator vocabulary (``data/indicators.yml``, loaded by ``parse.indicators``) and what the
extractor reads from a report: data types the parse makes and the indicator pages show."""
from __future__ import annotations

from dataclasses import dataclass

# Skip reasons (the Chinese words are what readers and the CSV see).
TARGET, BOUND, CHANGE, RANGE, UNIT, YEAR, LEVEL, SUBGROUP, AMBIGUOUS, TOTAL, LIST = (
    "目标值", "约数或界限", "变化量", "区间", "单位不符", "年份不明", "非本县数值", "特定人群",
    "名称有歧义", "非合计数", "列举无法对应")
REASONS = (TARGET, BOUND, CHANGE, RANGE, UNIT, YEAR, LEVEL, SUBGROUP, AMBIGUOUS, TOTAL, LIST)


@dataclass(frozen=True)
class Indicator:
    slug: str
    name: str
    unit: str
    names: tuple[str, ...]
    short_names: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    total: bool = False
    description: str = ""


@dataclass(frozen=True)
class Field:
    name: str
    file: str
    """values, skipped or both: which CSV has the column."""
    description: str
    example: str


@dataclass(frozen=True)
class Vocabulary:
    indicators: tuple[Indicator, ...]
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    """A name that names several indicators at once, and those indicators in order."""
    fields: tuple[Field, ...]
    digest: str
    """Hash of the file: cached extractions are keyed by it."""

    def by_slug(self, slug: str) -> Indicator:
        return next(i for i in self.indicators if i.slug == slug)


@dataclass(frozen=True)
class Value:
    """One value read from one sentence."""

    indicator: str
    value: str
    """Decimal in the indicator's unit, written without exponent (``189000``, ``92.64``)."""
    unit: str
    value_text: str
    """The number and unit as the sentence writes them (``18.9万人``)."""
    year: int | None
    year_from: str
    """``sentence`` (the sentence names the year) or ``report`` (the report's work year)."""
    sentence: str
    paragraph: int | None = None
    """Its paragraph's number in the report (the page's anchor ``#p<n>``); None in a heading."""


@dataclass(frozen=True)
class Skip:
    """A sentence that names the indicator next to a number that could not be read for sure."""

    indicator: str
    reason: str
    year: int | None
    sentence: str
    paragraph: int | None = None


@dataclass(frozen=True)
class Extraction:
    values: tuple[Value, ...] = ()
    skips: tuple[Skip, ...] = ()

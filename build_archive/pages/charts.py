"""Charts drawn at build time as inline SVG: no JavaScript, no library, byte-identical output.

Where a chart needs no interaction (the home page's coverage, indicator pages, county pages)
it is plain SVG made here: it shows without JavaScript, prints, and a rebuild from the same
data gives the same bytes (coordinates are rounded to one decimal and every label is escaped,
so nothing from a report can become markup). The search page's charts, which a reader clicks
to filter, are drawn in the browser by ``docs/assets/javascripts/archive-research.js`` with the
same look (class names ``chart-*``, styled by ``archive.css``).

The viewBox is narrow (480 units) so that labels stay readable when a phone scales a chart to
its 360-pixel column.
"""
from __future__ import annotations

import html
import math
import statistics
from dataclasses import dataclass
from typing import Mapping, Sequence

WIDTH = 480
HEIGHT = 220
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 34


def _n(x: float) -> str:
    """A coordinate: one decimal at most, no trailing zeros, never ``-0``."""
    text = f"{x:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def value_text(x: float) -> str:
    """A tick or value label: integers without decimals, others with at most two."""
    if abs(x - round(x)) < 1e-9:
        return str(int(round(x)))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _frame(label: str, body: list[str], cls: str) -> str:
    return (f'<svg class="chart {cls}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{_esc(label)}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_esc(label)}</title>{"".join(body)}</svg>')


def nice_step(x: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten that is at least ``x``."""
    if x <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    return next(step * power for step in (1, 2, 5, 10) if x <= step * power * (1 + 1e-9))


def scale(peak: float, whole: bool = False) -> tuple[float, float]:
    """An axis top and tick step for values up to ``peak``: at most five round ticks (0, 1000,
    2000, 3000, not 0, 625, 1250 …); ``whole``: counts, whose steps are whole numbers."""
    step = nice_step(peak / 4 if peak > 0 else 1)
    if whole:
        step = max(1.0, step)
    top = step * max(1, math.ceil(peak / step - 1e-9))
    return top, step


def _axis(top: float, unit: str, step: float | None = None) -> list[str]:
    """Horizontal grid lines at every ``step`` (default: quarters of ``top``), labelled on the left."""
    out = []
    plot_h = HEIGHT - TOP - BOTTOM
    step = step or top / 4
    n = max(1, round(top / step))
    for k in range(n + 1):
        v = step * k
        y = TOP + plot_h * (1 - k / n)
        out.append(f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_n(y)}" y2="{_n(y)}"/>')
        out.append(f'<text class="chart-tick" x="{LEFT - 4}" y="{_n(y + 4)}" text-anchor="end">{_esc(value_text(v))}</text>')
    if unit:
        out.append(f'<text class="chart-unit" x="{LEFT}" y="{TOP - 6}">{_esc(unit)}</text>')
    return out


def _year_labels(years: Sequence[int], x_of) -> list[str]:
    step = 1 if len(years) <= 12 else 2 if len(years) <= 24 else 5
    return [f'<text class="chart-tick" x="{_n(x_of(y))}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{y}</text>'
            for i, y in enumerate(years) if i % step == 0 or i == len(years) - 1]


def year_bars(counts: Mapping[int, int], label: str, unit: str = "篇") -> str:
    """Bars per year from the first year to the last, empty years included (gaps show)."""
    if not counts:
        return ""
    years = list(range(min(counts), max(counts) + 1))
    top, step = scale(max(counts.values()), whole=True)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar = max(2.0, slot * 0.7)
    body = _axis(top, unit, step)

    def x_of(y: int) -> float:
        return LEFT + slot * (years.index(y) + 0.5)

    for y in years:
        n = counts.get(y, 0)
        h = plot_h * n / top
        x = x_of(y) - bar / 2
        body.append(f'<rect class="chart-bar" x="{_n(x)}" y="{_n(TOP + plot_h - h)}" width="{_n(bar)}" '
                    f'height="{_n(h)}"><title>{y}年：{n}{_esc(unit)}</title></rect>')
        if n and len(years) <= 24:
            body.append(f'<text class="chart-value" x="{_n(x_of(y))}" y="{_n(TOP + plot_h - h - 3)}" '
                        f'text-anchor="middle">{n}</text>')
    body += _year_labels(years, x_of)
    return _frame(label, body, "chart-years")


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    label: str
    """Shown on hover (the county and the value)."""


def year_values(points: Sequence[Point], label: str, unit: str, dots: bool = True) -> str:
    """Every value as a dot over the years, and the median per year as a line: at a national
    scale a line per county would be unreadable, and a mean would let one misread value pull it.
    ``dots=False``: the medians only (a national page: thousands of dots would be ~100 bytes each)."""
    if not points:
        return ""
    years = list(range(min(p.year for p in points), max(p.year for p in points) + 1))
    peak = max(p.value for p in points)
    top, step = (100.0, 25.0) if unit == "%" and peak > 50 else scale(peak * 1.05)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)

    def x_of(y: int) -> float:
        return LEFT + slot * (years.index(y) + 0.5)

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - min(v, top) / top)

    body = _axis(top, unit, step)
    by_year: dict[int, list[Point]] = {}
    for p in sorted(points, key=lambda p: (p.year, p.value, p.label)):
        by_year.setdefault(p.year, []).append(p)
    medians = [(y, statistics.median(q.value for q in by_year[y])) for y in years if y in by_year]
    if len(medians) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{_n(x_of(y))} {_n(y_of(m))}" for i, (y, m) in enumerate(medians))
        body.append(f'<path class="chart-line" d="{path}"/>')
    for y, items in (by_year.items() if dots else ()):
        # Dots of a year are spread sideways, so one never hides another: by label, not by value
        # (in value order they would line up into a slope that reads as a trend).
        width = min(slot * 0.7, 6.0 * len(items))
        for k, p in enumerate(sorted(items, key=lambda p: (p.label, p.value))):
            dx = (((k * 7) % len(items)) / max(1, len(items) - 1) - 0.5) * width if len(items) > 1 else 0.0
            body.append(f'<circle class="chart-dot" cx="{_n(x_of(y) + dx)}" cy="{_n(y_of(p.value))}" r="3">'
                        f'<title>{_esc(p.label)}</title></circle>')
    for y, m in medians:
        body.append(f'<circle class="chart-median" cx="{_n(x_of(y))}" cy="{_n(y_of(m))}" r="4">'
                    f'<title>{y}年中位数：{_esc(value_text(m))}{_esc(unit)}（{len(by_year[y])} 个数值）</title></circle>')
    body += _year_labels(years, x_of)
    return _frame(label, body, "chart-values")


def coverage_figure(per_year: Mapping[int, int]) -> str:
    """The home page's chart next to the coverage table: reports per work year, every year from
    the first to the last shown, so years without reports stand out as gaps."""
    svg = year_bars(dict(per_year), "各年度收录报告篇数")
    if not svg:
        return ""
    return (f'<figure class="chart-figure coverage-chart">{svg}<figcaption>各工作年度收录的报告篇数'
            f'（没有报告的年份留空）。</figcaption></figure>')

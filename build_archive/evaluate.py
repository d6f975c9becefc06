"""Score cleaning and metadata against a hand-labelled corpus of real pages.

The corpus is a folder of raw pages (``<id>.txt``, as captured) and one labels file (YAML, one
entry per page id) saying what a careful reader finds on each page: county, province, city,
year, doc_type, agency, and which lines are site chrome (``chrome``) or undecidable
(``unsure``). Every other non-blank line is report text that cleaning must keep.

Scoring runs the build's own parse (``parse.parse_report``: clean → structure → metadata) on
each page, so the figures are those of the archive, not of a copy of its rules. A null where
the label is null is right; a null where the label names a value is a miss.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from .parse.layout import normalise_line
from .read.ingest import read_source
from .parse.evidence import AGENCY, FULL_AGENCY
from .core.model import Problem, Report
from .parse.report import Context, parse_report
from .core.tradsimp import to_simplified

FIELDS = ("county", "province", "city", "year", "doc_type", "agency")
"""Scored fields; ``agency`` is compared with the extracted full agency name."""
FIGURES = (*FIELDS, "body_kept", "chrome_removed")
SPLITS = ("dev", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9")
"""dev: seen while the rules were written; heldout: scored once before tuning, then tuned on; fresh: collected
after that tuning and scored once, then tuned on; fresh2: a second set collected and labelled after all of that,
scored once before any rule saw it, then tuned on; fresh3: a third set collected and labelled after all the tuning on
fresh2, scored once before any rule saw it, then tuned on; fresh4: a fourth set collected and labelled after all the
tuning on fresh3, scored once before any rule saw it, then tuned on; fresh5: a fifth set, found by field of work and labelled
after all the tuning on fresh4, scored once before any rule saw it; fresh6: a sixth set, found by place and kind of site,
collected and labelled before the rules rounds on fresh4 and fresh5, which never saw it, and scored once after them;
fresh7: a seventh set, found by the northern and western provinces and kinds of site, collected and labelled during
a rules round that never saw it, scored once after that round, then tuned on; fresh8: an eighth set, collected
alongside fresh7 from the southern and eastern provinces by place, field and kind of site, kept for the final unseen
measurement: scored once, after the rules rounds on fresh7 and fresh9, which never saw it; fresh9: a ninth set, found
by the kinds of site the corpus had fewest of (WeChat mirrors, app reposts, PDF-to-text pages, e-papers, 信息公开 pages
with metadata tables, forums), labelled before any build ran on it and scored once before any rule saw it, then tuned
on (see floors.yml)."""
SELECTIONS = {"all": ("dev", "heldout"), "every": SPLITS}
"""Named groups of splits: ``all`` is the pages the rules were tuned on (its floors guard them against
regressions); the fresh, fresh2, fresh3, fresh4, fresh5, fresh6, fresh7, fresh8 and fresh9 pages stay outside it so that their figures keep measuring pages the rules
were not written on, and no rule has to be fitted to them to keep ``all`` above its floors. ``every`` is all of them."""
LABEL_KEYS = {"split", "url", "site_kind", "province", "city", "county", "year", "doc_type", "agency", "chrome",
              "unsure", "note"}
DOC_TYPES = ("工作总结", "工作计划", "总结和计划", "工作要点", "会议报道", "其他")


class LabelsError(ValueError):
    """The labels file (or a page it names) is malformed; the message names the file and entry."""


@dataclass(frozen=True)
class Label:
    """What a careful reader finds on one page."""

    page: str
    split: str
    values: dict[str, Any]
    """Expected value of each scored field (None where the text does not say)."""
    chrome: frozenset[str]
    """Stripped texts of the chrome lines."""
    unsure: frozenset[str]
    site_kind: str = ""


@dataclass(frozen=True)
class Miss:
    """One wrong field or one misjudged line of one page."""

    page: str
    field: str
    """A scored field, ``body`` (a body line removed) or ``chrome`` (a chrome line kept)."""
    expected: Any
    got: Any
    evidence: str

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "file": f"{self.page}.txt", "field": self.field, "expected": self.expected,
                "got": self.got, "evidence": self.evidence}


@dataclass(frozen=True)
class PageScore:
    page: str
    right: dict[str, bool]
    body: tuple[int, int]
    """(kept, labelled) body lines."""
    chrome: tuple[int, int]
    """(removed, labelled) chrome lines."""
    misses: tuple[Miss, ...]
    unmatched: tuple[str, ...] = ()
    """Labelled chrome/unsure lines that occur nowhere in the page (a labelling slip)."""


@dataclass(frozen=True)
class Score:
    """The corpus' figures: per field (right, of), body lines kept, chrome lines removed."""

    pages: tuple[PageScore, ...]
    split: str
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    def ratio(self, figure: str) -> float:
        right, total = self.counts[figure]
        return right / total if total else 1.0

    @property
    def misses(self) -> list[Miss]:
        return [m for p in self.pages for m in p.misses]

    def as_dict(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "pages": len(self.pages),
            "figures": {f: {"right": self.counts[f][0], "of": self.counts[f][1], "ratio": round(self.ratio(f), 4)}
                        for f in FIGURES},
            "misses": [m.as_dict() for m in self.misses],
            "unmatched_label_lines": [{"page": p.page, "line": t} for p in self.pages for t in p.unmatched],
        }


# --- labels ---------------------------------------------------------------------------------

def load_labels(path: Path) -> dict[str, Label]:
    """The labels file, checked entry by entry; errors name the file, the entry and the key."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LabelsError(f"{path}: cannot read the labels file: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise LabelsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LabelsError(f"{path}: expected a mapping of page id -> label")
    return {str(page): _label(path, str(page), entry) for page, entry in data.items()}


def _label(path: Path, page: str, entry: object) -> Label:
    where = f"{path}: entry {page}"
    if not isinstance(entry, dict):
        raise LabelsError(f"{where}: expected a mapping with split, county, province, city, year, doc_type, agency")
    unknown = set(entry) - LABEL_KEYS
    if unknown:
        raise LabelsError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(LABEL_KEYS)}")
    missing = {"split", *FIELDS} - set(entry)
    if missing:
        raise LabelsError(f"{where}: missing key(s) {sorted(missing)} (write null where the text does not say)")
    if entry["split"] not in SPLITS:
        raise LabelsError(f"{where}: split must be one of {', '.join(SPLITS)}, not {entry['split']!r}")
    for key in ("county", "province", "city", "agency"):
        if entry[key] is not None and not (isinstance(entry[key], str) and entry[key].strip()):
            raise LabelsError(f"{where}: {key} must be a name or null, not {entry[key]!r}")
    year = entry["year"]
    if year is not None and not (isinstance(year, int) and 1949 <= year <= 2100):
        raise LabelsError(f"{where}: year must be a year such as 2019 or null, not {year!r}")
    if entry["doc_type"] not in DOC_TYPES and entry["doc_type"] is not None:
        raise LabelsError(f"{where}: doc_type must be one of {', '.join(DOC_TYPES)} or null, not {entry['doc_type']!r}")
    lines = {}
    for key in ("chrome", "unsure"):
        value = entry.get(key) or []
        if not isinstance(value, list) or any(isinstance(v, (list, dict)) or v is None for v in value):
            raise LabelsError(f"{where}: {key} must be a list of lines copied from the page")
        lines[key] = frozenset(_key(str(v)) for v in value if _key(str(v)))
    values = {k: entry[k] for k in FIELDS}
    return Label(page, entry["split"], values, lines["chrome"], lines["unsure"], str(entry.get("site_kind") or ""))


def _key(line: str) -> str:
    """How a labelled line is matched with a page line: its stripped text."""
    return line.strip()


# --- scoring --------------------------------------------------------------------------------

def expanded_agency(report: Report) -> str | None:
    """The extracted agency in the labels' full form: the full name when the county is known,
    else the name as written with its bureau word expanded (县卫健局 -> 县卫生健康局)."""
    meta = report.meta
    if meta.agency_full:
        return meta.agency_full
    if not meta.agency:
        return None
    simple = to_simplified(meta.agency)
    m = AGENCY.search(simple)
    if m is None:
        return simple
    return simple[: m.start()] + FULL_AGENCY.get(m.group(0), m.group(0)) + simple[m.end():]


def got_value(report: Report, name: str) -> Any:
    if name == "agency":
        return expanded_agency(report)
    return getattr(report.meta, name) or None


def _same(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, str) and isinstance(got, str):
        return to_simplified(expected.strip()) == to_simplified(got.strip())
    return expected == got


_FLAG_PREFIXES = {"county": ("county", "site-code"), "province": ("county",), "city": ("county",),
                  "year": ("year",), "doc_type": ("doc-type", "title"), "agency": ("agency", "county")}


def _evidence(report: Report, name: str) -> str:
    evidence = dict(report.meta.evidence)
    key = {"province": "county", "city": "county", "agency": "agency"}.get(name, name)
    parts = []
    if key in evidence:
        parts.append(evidence[key])
    prefixes = _FLAG_PREFIXES.get(name, ())
    parts += [f"{f.code}: {f.message}" for f in report.meta.flags if f.code.startswith(prefixes)]
    if not any(p.startswith("标题") for p in parts):
        parts.append(f"标题: {report.meta.title or '（无）'}")
    return "；".join(parts)


def score_page(label: Label, report: Report) -> PageScore:
    misses: list[Miss] = []
    right: dict[str, bool] = {}
    for name in FIELDS:
        expected, got = label.values[name], got_value(report, name)
        right[name] = _same(expected, got)
        if not right[name]:
            misses.append(Miss(label.page, name, expected, got, _evidence(report, name)))
    removed = {r.line_no: r.rule for r in report.cleaned.removed}
    lines = report.source.text.split("\n")
    seen: set[str] = set()
    body = [0, 0]
    chrome = [0, 0]
    for no, raw in enumerate(lines, 1):
        text = _key(raw)
        if not text:
            continue
        alt = normalise_line(raw)
        kind = next((k for k, group in (("chrome", label.chrome), ("unsure", label.unsure))
                     for t in (text, alt) if t in group), "body")
        if kind != "body":
            seen.add(text if text in label.chrome | label.unsure else alt)
        if kind == "unsure":
            continue
        if kind == "chrome":
            chrome[1] += 1
            if no in removed:
                chrome[0] += 1
            else:
                misses.append(Miss(label.page, "chrome", "removed", "kept", f"第 {no} 行: {text}"))
        else:
            body[1] += 1
            if no not in removed:
                body[0] += 1
            else:
                misses.append(Miss(label.page, "body", "kept", f"removed by {removed[no]}", f"第 {no} 行: {text}"))
    unmatched = tuple(sorted((label.chrome | label.unsure) - seen))
    return PageScore(label.page, right, (body[0], body[1]), (chrome[0], chrome[1]), tuple(misses), unmatched)


def evaluate(pages_dir: Path, labels: dict[str, Label], context: Context, split: str = "all",
             only: Iterable[str] = ()) -> Score:
    """Parse and score every labelled page of ``split``: one split (dev, heldout, fresh, fresh2, fresh3, fresh4, fresh5, fresh6, fresh7, fresh8, fresh9) or a group of them
    (all, every; see SELECTIONS). Pages named in ``only`` are scored whatever their split."""
    wanted = set(only)
    scores = []
    for page in sorted(labels):
        label = labels[page]
        if wanted:
            if page not in wanted:
                continue
        elif label.split not in SELECTIONS.get(split, (split,)):
            continue
        path = pages_dir / f"{page}.txt"
        if not path.is_file():
            raise LabelsError(f"{pages_dir}: no page {page}.txt for the label {page}")
        src = read_source(path)
        if isinstance(src, Problem):
            raise LabelsError(f"{path}: {src.message}")
        scores.append(score_page(label, parse_report(src, context)))
    counts: dict[str, tuple[int, int]] = {}
    for name in FIELDS:
        counts[name] = (sum(p.right[name] for p in scores), len(scores))
    counts["body_kept"] = (sum(p.body[0] for p in scores), sum(p.body[1] for p in scores))
    counts["chrome_removed"] = (sum(p.chrome[0] for p in scores), sum(p.chrome[1] for p in scores))
    return Score(tuple(scores), split, counts)


# --- floors ---------------------------------------------------------------------------------

def load_floors(path: Path) -> dict[str, dict[str, float]]:
    """Floors per split and figure (``{all: {county: 0.95, …}, heldout: {…}}``)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LabelsError(f"{path}: cannot read the floors file: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("floors"), dict):
        raise LabelsError(f"{path}: expected a mapping 'floors' of split -> figure -> lowest allowed ratio")
    out: dict[str, dict[str, float]] = {}
    for split, figures in data["floors"].items():
        if split not in (*SPLITS, *SELECTIONS) or not isinstance(figures, dict):
            raise LabelsError(f"{path}: floors.{split}: expected {', '.join((*SPLITS, *SELECTIONS))} with a mapping of figures")
        for figure, value in figures.items():
            if figure not in FIGURES:
                raise LabelsError(f"{path}: floors.{split}.{figure}: unknown figure; known: {', '.join(FIGURES)}")
            if not isinstance(value, (int, float)) or not 0 <= value <= 1:
                raise LabelsError(f"{path}: floors.{split}.{figure}: expected a ratio between 0 and 1, not {value!r}")
        out[str(split)] = {str(k): float(v) for k, v in figures.items()}
    return out


def below_floors(score: Score, floors: dict[str, float]) -> list[str]:
    """Figures under their floor, as sentences naming figure, measured value and floor."""
    return [f"{figure}: {score.ratio(figure):.4f} is below its floor {floor:.4f}"
            for figure, floor in floors.items() if score.ratio(figure) + 1e-9 < floor]


# --- report ---------------------------------------------------------------------------------

FIGURE_NAMES = {"body_kept": "body lines kept", "chrome_removed": "chrome lines removed"}


def format_score(score: Score, labels_path: Path | str, misses: bool = True) -> str:
    out = [f"{len(score.pages)} labelled pages (split: {score.split}) from {labels_path}", ""]
    for figure in FIGURES:
        right, total = score.counts[figure]
        out.append(f"  {FIGURE_NAMES.get(figure, figure):<22} {right:>5} / {total:<5} {score.ratio(figure):7.1%}")
    if misses and score.misses:
        out += ["", f"{len(score.misses)} misses (file, field: expected | got | evidence):"]
        for m in score.misses:
            out.append(f"  {m.page}.txt {m.field}: {_show(m.expected)} | {_show(m.got)} | {m.evidence}")
    unmatched = [(p.page, t) for p in score.pages for t in p.unmatched]
    if unmatched:
        out += ["", "labelled lines found nowhere in their page (check the labels):"]
        out += [f"  {page}: {text}" for page, text in unmatched]
    return "\n".join(out)


def _show(value: Any) -> str:
    return "null" if value is None else str(value)

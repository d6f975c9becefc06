"""The closed theme vocabulary (``data/themes.yml``) and the theme tagger.

Rule, in two sentences: a report gets a theme when one of the theme's keywords appears in
its title, a heading, or an item lead (a sentence of at most 30 characters opening with
"一是", "（一）", "1." and the like, or a short label before a colon such as "医共体建设工作：");
otherwise its body hits must weigh at least ``max(3, body characters / 2500)`` (related
words count half) with keywords in at least two different sentences. The score adds 3 per
hit in the title, 2 per hit in a heading or lead and 1 per hit in body text (related words
half), so a theme that structures the report outranks one that is merely mentioned often.

Matching is plain substring matching on phrases (no word segmentation). Per theme, the
``exclude`` phrases are blanked out first (so "县中医院" does not count for 中医药); then the
text is scanned left to right and the longest keyword starting at each point is taken,
without overlaps, so "家庭医生签约服务" counts once and not also as "签约服务".
"""
from __future__ import annotations

import bisect

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

import yaml

from ..core.theme_types import Theme, Vocabulary
from ..core.model import ThemeTag

DEFAULT_PATH = Path(__file__).parent.parent / "data" / "themes.yml"

REQUIRED_KEYS = ("name", "slug", "description", "keywords")
OPTIONAL_KEYS = ("related", "exclude")
TOP_LEVEL_KEYS = ("themes",)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Weight of one keyword hit by where it stands: the title and headings show what the
# authors themselves organised the report around. Item leads weigh like headings.
WEIGHTS = {"title": 3.0, "heading": 2.0, "lead": 2.0, "body": 1.0}
# Evidence prefers the title, then a real heading, then an item lead, then body text.
EVIDENCE_RANK = {"title": 3, "heading": 2, "lead": 1, "body": 0}
# Related words are supporting evidence only.
RELATED_FACTOR = 0.5
# Body-only themes need this much weighted evidence, and one more per BODY_CHARS_PER_HIT
# characters of body text, so long reports do not collect every theme they brush past.
MIN_BODY_WEIGHT = 3.0
BODY_CHARS_PER_HIT = 2500
MIN_BODY_SENTENCES = 2

# Item leads inside paragraphs act as headings: county reports often run "一是……。" items
# and "（三）……。" sections into one line, so a structure stage may not split them out.
ENUMERATOR = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[是、]|[（(][一二三四五六七八九十\d]+[）)]|\d+(?:[.．](?!\d)|、)"
    r"|第[一二三四五六七八九十]+[，,、])"
)
# Longer enumerated sentences are ordinary list items rather than headings ("（九）继续加强
# 依法行政工作，不断推进……综合执法规范化建设" must not make 卫生监督执法 a theme).
MAX_LEAD_CHARS = 30
# "医共体建设工作：一是……" — a short label before a colon at the start of a paragraph.
COLON_LEAD = re.compile(r"^\s*([^。！？；;：:\n]{2,20})[：:]")
SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
# A window around the hit, not the whole sentence: theme pages list each report with it, 157,000
# lines at 30,000 reports, and past 60 characters the rest was 2 MB the reason did not need (issue 16).
MAX_EVIDENCE_CHARS = 60
MASK = "\x00"


# ---------------------------------------------------------------------------------------
# Loading and validation
# ---------------------------------------------------------------------------------------


def load_vocabulary(path: Path | None = None) -> Vocabulary:
    """Read and validate the vocabulary file; any mistake is a ValueError naming the file."""
    path = Path(path) if path is not None else DEFAULT_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the theme vocabulary ({exc}); expected a UTF-8 YAML file") from exc
    return parse_vocabulary(text, str(path))


def parse_vocabulary(text: str, file: str) -> Vocabulary:
    """Validate vocabulary YAML ``text``; ``file`` is only used in error messages."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{file}:{where} is not valid YAML ({problem}); check indentation and quoting") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected a mapping with a 'themes:' list at the top, found {_kind(data)}")
    unknown = sorted(set(map(str, data)) - set(TOP_LEVEL_KEYS))
    if unknown:
        raise ValueError(f"{file}: unknown top-level key(s) {', '.join(unknown)}; expected only 'themes'")
    entries = data.get("themes")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{file}: 'themes' must be a non-empty list of themes, found {_kind(entries)}")
    lines = _entry_lines(root)
    themes = tuple(_parse_theme(e, i, lines, file) for i, e in enumerate(entries))
    _check_unique(themes, "name", lines, file)
    _check_unique(themes, "slug", lines, file)
    return Vocabulary(themes)


def _entry_lines(root: Any) -> list[int]:
    """1-based start line of each theme entry, for error messages (empty if not found)."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "themes" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _where(index: int, lines: list[int], name: Any = None) -> str:
    line = f" (line {lines[index]})" if index < len(lines) else ""
    label = f"theme #{index + 1}"
    if isinstance(name, str) and name.strip():
        label += f" '{name.strip()}'"
    return label + line


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "a string"}.get(type(value), type(value).__name__)


def _parse_theme(entry: Any, index: int, lines: list[int], file: str) -> Theme:
    if not isinstance(entry, dict):
        raise ValueError(f"{file}: {_where(index, lines)} must be a mapping with keys {', '.join(REQUIRED_KEYS)}; found {_kind(entry)}")
    where = _where(index, lines, entry.get("name"))
    unknown = sorted(set(map(str, entry)) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
        raise ValueError(f"{file}: {where} has unknown key(s) {', '.join(unknown)}; allowed keys are {allowed}")
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise ValueError(f"{file}: {where} is missing required key(s) {', '.join(missing)}")
    name = _text_field(entry, "name", where, file)
    slug = _text_field(entry, "slug", where, file)
    if not SLUG_RE.match(slug):
        raise ValueError(f"{file}: {where} has slug '{slug}'; expected lowercase ASCII letters/digits joined by single hyphens, e.g. 'fenji-zhenliao'")
    description = _text_field(entry, "description", where, file)
    keywords = _phrase_list(entry, "keywords", where, file, required=True)
    related = _phrase_list(entry, "related", where, file, required=False)
    exclude = _phrase_list(entry, "exclude", where, file, required=False)
    both = sorted(set(keywords) & set(related))
    if both:
        raise ValueError(f"{file}: {where} lists {', '.join(both)} under both keywords and related; keep each phrase in one list")
    for phrase in exclude:
        if not any(k in phrase for k in keywords + related):
            raise ValueError(f"{file}: {where} exclude phrase '{phrase}' contains none of the theme's keywords or related words, so it would have no effect")
    return Theme(name, slug, description, keywords, related, exclude)


def _text_field(entry: dict, key: str, where: str, file: str) -> str:
    value = entry[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{file}: {where} key '{key}' must be non-empty text, found {_kind(value)}")
    return value.strip()


def _phrase_list(entry: dict, key: str, where: str, file: str, required: bool) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        raise ValueError(f"{file}: {where} key '{key}' must be a non-empty list of phrases (one '- 词语' per line), found {_kind(value)}")
    phrases: list[str] = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{file}: {where} key '{key}' contains {item!r}; every entry must be non-empty text (quote numbers)")
        phrase = item.strip()
        if phrase in phrases:
            raise ValueError(f"{file}: {where} key '{key}' lists '{phrase}' twice")
        phrases.append(phrase)
    return tuple(phrases)


def _check_unique(themes: tuple[Theme, ...], attr: str, lines: list[int], file: str) -> None:
    seen: dict[str, int] = {}
    for i, theme in enumerate(themes):
        value = getattr(theme, attr)
        if value in seen:
            first = seen[value]
            raise ValueError(
                f"{file}: {_where(i, lines, theme.name)} repeats {attr} '{value}' already used by "
                f"{_where(first, lines, themes[first].name)}; every theme needs its own {attr}"
            )
        seen[value] = i


# ---------------------------------------------------------------------------------------
# Tagging
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A piece of report text the tagger looks at."""

    text: str
    """The sentence, heading or title, trimmed."""
    kind: str
    """title, heading, lead (a short enumerated sentence or label opening an item) or body."""

    @property
    def weight(self) -> float:
        return WEIGHTS[self.kind]


@dataclass(frozen=True)
class Hits:
    """Keyword hits of one theme in one unit."""

    strong: int
    """Occurrences of ``keywords`` phrases."""
    related: int
    """Occurrences of ``related`` phrases."""
    first: int
    """Offset of the earliest hit in the unit text (-1 when there is none)."""

    @property
    def value(self) -> float:
        return self.strong + RELATED_FACTOR * self.related


def split_sentences(text: str) -> tuple[str, ...]:
    """Sentences of a paragraph, split on 。！？； and newlines, trimmed, empties dropped."""
    return tuple(s.strip() for s in SENTENCE_END.split(text) if s.strip())


def paragraph_units(paragraph: str) -> tuple[Unit, ...]:
    """Body sentences of one paragraph, with item leads promoted to heading weight."""
    units: list[Unit] = []
    rest = paragraph
    m = COLON_LEAD.match(paragraph)
    if m:
        units.append(Unit(m.group(1).strip(), "lead"))
        rest = paragraph[m.end():]
    for sentence in split_sentences(rest):
        is_lead = len(sentence) <= MAX_LEAD_CHARS and ENUMERATOR.match(sentence) is not None
        units.append(Unit(sentence, "lead" if is_lead else "body"))
    return tuple(units)


def report_units(title: str, headings: Sequence[str], paragraphs: Sequence[str]) -> tuple[Unit, ...]:
    """The title, then the headings, then the sentences of each paragraph in order."""
    units = [Unit(title.strip(), "title")] if title and title.strip() else []
    units += [Unit(h.strip(), "heading") for h in headings if h and h.strip()]
    for paragraph in paragraphs:
        units += paragraph_units(paragraph)
    return tuple(units)


@lru_cache(maxsize=None)
def _matchers(theme: Theme) -> tuple[re.Pattern[str] | None, re.Pattern[str], frozenset[str]]:
    """(exclude pattern, phrase pattern, strong phrases) of a theme, longest alternative first."""
    def alternation(phrases: Sequence[str]) -> str:
        return "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))
    exclude = re.compile(alternation(theme.exclude)) if theme.exclude else None
    return exclude, re.compile(alternation(theme.keywords + theme.related)), frozenset(theme.keywords)


def count_hits(text: str, theme: Theme) -> Hits:
    """Hits of the theme in ``text`` after blanking its excludes; leftmost-longest, no overlaps."""
    exclude, phrases, strong_set = _matchers(theme)
    if exclude is not None:
        text = exclude.sub(lambda m: MASK * len(m.group()), text)
    # Python tries alternatives in order, so sorting them longest first makes each scan
    # step take the longest phrase starting there ("家庭医生签约率" -> 家庭医生签约, then 率).
    matches = list(phrases.finditer(text))
    strong = sum(1 for m in matches if m.group() in strong_set)
    return Hits(strong, len(matches) - strong, matches[0].start() if matches else -1)


def body_threshold(paragraphs: Sequence[str]) -> float:
    """Weighted body hits a theme needs when no heading names it; grows with report length."""
    length = sum(len(p) for p in paragraphs)
    return max(MIN_BODY_WEIGHT, length / BODY_CHARS_PER_HIT)


def trim_evidence(text: str, at: int, limit: int = MAX_EVIDENCE_CHARS) -> str:
    """``text`` cut to at most ``limit`` characters around offset ``at``, cuts marked with …."""
    if len(text) <= limit:
        return text
    width = limit - 2  # room for an ellipsis on each side
    # Keep some context before the hit, more after it: the hit usually opens the point.
    start = max(0, min(at - width // 3, len(text) - width))
    end = start + width
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


@dataclass(frozen=True)
class Joined:
    """All units of a report in one string, so each theme is one regex pass, not one per unit."""

    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, units: Sequence[Unit]) -> "Joined":
        starts, pos = [], 0
        for u in units:
            starts.append(pos)
            pos += len(u.text) + 1
        # No phrase contains a newline, so no match runs from one unit into the next.
        return cls("\n".join(u.text for u in units), tuple(starts))


def unit_hits(units: Sequence[Unit], joined: Joined, theme: Theme) -> list[tuple[Unit, Hits]]:
    """Per-unit hits of a theme, as ``count_hits`` gives them, from one pass over the report.

    Excludes are blanked with a mask of the same length, so offsets stay those of the units.
    """
    exclude, phrases, strong_set = _matchers(theme)
    text = joined.text
    if exclude is not None:
        text = exclude.sub(lambda m: MASK * len(m.group()), text)
    found: dict[int, list[int]] = {}
    for m in phrases.finditer(text):
        i = bisect.bisect_right(joined.starts, m.start()) - 1
        entry = found.setdefault(i, [0, 0, m.start() - joined.starts[i]])
        entry[0 if m.group() in strong_set else 1] += 1
    return [(units[i], Hits(s, r, first)) for i, (s, r, first) in sorted(found.items())]


class _Scanner:
    """Every theme's hits from one pass over a report: an Aho-Corasick automaton of all the
    vocabulary's phrases (pyahocorasick) finds each occurrence of each phrase, and each
    theme then picks from its own occurrences what its regular expressions would match:
    excludes leftmost-longest without overlaps, then its phrases the same way among the
    occurrences that touch no exclude. Thirty-four passes of the regular expressions over
    every report took a quarter of parsing it; ``unit_hits`` stays the reference, and
    tests/test_themes.py checks the two agree."""

    def __init__(self, themes: Sequence[Theme]):
        import ahocorasick

        self.themes = tuple(themes)
        # phrase -> (theme index, 0 exclude / 1 strong phrase / 2 related phrase) for each use.
        uses: dict[str, list[tuple[int, int]]] = {}
        for n, theme in enumerate(self.themes):
            strong = set(theme.keywords)
            for phrase in set(theme.exclude):
                uses.setdefault(phrase, []).append((n, 0))
            for phrase in set(theme.keywords) | set(theme.related):
                uses.setdefault(phrase, []).append((n, 1 if phrase in strong else 2))
        self.automaton = ahocorasick.Automaton()
        for phrase, use in uses.items():
            self.automaton.add_word(phrase, (len(phrase), tuple(use)))
        self.automaton.make_automaton()

    def hits(self, units: Sequence[Unit], joined: Joined) -> list[list[tuple[Unit, Hits]]]:
        """``unit_hits(units, joined, theme)`` for every theme, in vocabulary order."""
        excludes: list[list[tuple[int, int]]] = [[] for _ in self.themes]
        phrases: list[list[tuple[int, int, int]]] = [[] for _ in self.themes]
        for end, (length, use) in self.automaton.iter(joined.text):
            start = end + 1 - length
            for n, kind in use:
                if kind == 0:
                    excludes[n].append((start, -length))
                else:
                    phrases[n].append((start, -length, kind))
        out = []
        for n in range(len(self.themes)):
            masked: list[tuple[int, int]] = []
            at = 0
            for start, neg in sorted(excludes[n]):
                if start >= at:
                    at = start - neg
                    masked.append((start, at))
            found: dict[int, list[int]] = {}
            at = 0
            for start, neg, kind in sorted(phrases[n]):
                if start < at or (masked and _overlaps(masked, start, start - neg)):
                    continue
                at = start - neg
                i = bisect.bisect_right(joined.starts, start) - 1
                entry = found.setdefault(i, [0, 0, start - joined.starts[i]])
                entry[kind - 1] += 1
            out.append([(units[i], Hits(s, r, first)) for i, (s, r, first) in sorted(found.items())])
        return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) meets one of ``spans`` (sorted, disjoint [start, end) pairs)."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end


@lru_cache(maxsize=8)
def _scanner(themes: tuple[Theme, ...]) -> _Scanner:
    return _Scanner(themes)


def tag_theme(units: Sequence[Unit], theme: Theme, threshold: float, joined: Joined | None = None,
              scored: list[tuple[Unit, Hits]] | None = None) -> ThemeTag | None:
    """The tag for one theme, or None when the report does not substantially cover it."""
    if scored is None:
        scored = unit_hits(units, joined or Joined.of(units), theme)
    if not scored:
        return None
    headed = [(u, h) for u, h in scored if u.kind != "body" and h.strong > 0]
    score = sum(u.weight * h.value for u, h in scored)
    # max() keeps the first of equals, so earlier text wins ties.
    if headed:
        # Evidence: the title, else a heading, else an item lead, the one with most hits.
        unit, hits = max(headed, key=lambda uh: (EVIDENCE_RANK[uh[0].kind], uh[1].value))
    else:
        body = [(u, h) for u, h in scored if u.kind in ("lead", "body")]
        # Related words add weight but cannot by themselves spread a theme over sentences.
        sentences = sum(1 for _, h in body if h.strong > 0)
        if sum(h.value for _, h in body) < threshold or sentences < MIN_BODY_SENTENCES:
            return None
        unit, hits = max(body, key=lambda uh: uh[1].value)
    return ThemeTag(theme.name, round(score, 2), trim_evidence(unit.text, hits.first))


def tag_themes(title: str, headings: Sequence[str], paragraphs: Sequence[str], vocab: Vocabulary) -> tuple[ThemeTag, ...]:
    """Themes the report substantially covers, by score descending then name."""
    units = report_units(title or "", headings, paragraphs)
    threshold = body_threshold(paragraphs)
    joined = Joined.of(units)
    every = _scanner(vocab.themes).hits(units, joined)
    tags = (tag_theme(units, theme, threshold, joined, scored) for theme, scored in zip(vocab.themes, every))
    return tuple(sorted((t for t in tags if t is not None), key=lambda t: (-t.score, t.theme)))

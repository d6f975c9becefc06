"""Typed data passed between the build stages.

Every stage is a pure function from one of these frozen objects to the next:

    Source -> Cleaned -> Structured -> Meta -> Report -> OutputFile

plus ``Problem`` for anything a stage could not do. Nothing here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Literal


def _reduce_slots(self: object) -> tuple:
    """Pickle a slots dataclass as a constructor call: the default route (``__setstate__``
    looping over ``dataclasses.fields``) made loading 30,000 cached parses take 8 s longer."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input file (or the setup), reported to the maintainer."""

    file: str
    """The file the problem is about, as the maintainer knows it (e.g. ``reports/x.txt``)."""
    stage: str
    """The stage that found it: read, clean, metadata, override, ids, write, ..."""
    message: str
    """What was expected, what was found, and what the build did about it."""
    fatal: bool = False
    """True when the file could not be published because of it."""

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Source:
    """One raw capture from ``reports/``, decoded but otherwise exactly as captured."""

    name: str
    """File name inside the reports folder (the key for overrides and the ledger)."""
    path: Path
    """Where the file was read from."""
    sha256: str
    """Hex sha256 of the raw bytes: the proof that the body came from this file."""
    capture_id: str
    """The capture's identity: the hex id in the file name, else the start of the sha256."""
    encoding: str
    """The encoding the bytes were decoded with (utf-8, utf-8-sig, gb18030, utf-16)."""
    text: str
    """The decoded text, newlines normalised to ``\\n``, nothing else changed."""
    size: int
    """Size of the raw file in bytes."""
    stamp: tuple[int, ...] = ()
    """The file's ``ingest.stamp_of`` when it was read, for the next build's source cache."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A line that cleaning dropped as site chrome, kept so readers can inspect it."""

    __reduce__ = _reduce_slots

    line_no: int
    """1-based line number in the decoded source text."""
    text: str
    """The line exactly as it stood in the source."""
    rule: str
    """Name of the cleaning rule that removed it (see ``data/chrome.yml``)."""


@dataclass(frozen=True, slots=True)
class Line:
    """A kept body line after layout normalisation."""

    __reduce__ = _reduce_slots

    line_no: int
    """1-based line number in the decoded source text."""
    text: str
    """The line with layout normalised (spaces, indentation); wording untouched."""


@dataclass(frozen=True)
class Cleaned:
    """The body of a report with chrome removed; blank lines separate paragraphs."""

    lines: tuple[Line, ...]
    """Kept lines in order; an empty ``text`` marks a paragraph break."""
    removed: tuple[Removed, ...]
    """Every dropped line in order, with the rule that dropped it."""


BlockKind = Literal["heading", "paragraph", "signature"]


@dataclass(frozen=True, slots=True)
class Block:
    """One structural unit of a report body."""

    __reduce__ = _reduce_slots

    kind: BlockKind
    """heading, paragraph or signature (the closing agency + date lines)."""
    text: str
    """The text of the block exactly as in the cleaned body (lines of a signature joined by \\n)."""
    level: int = 0
    """Heading level inside the report: 1 for 一、, 2 for (一), 3 for 1. ; 0 for non-headings."""


@dataclass(frozen=True)
class Structured:
    """A report body split into its title and blocks."""

    title: str | None
    """The report's own title line, if one was recognised."""
    blocks: tuple[Block, ...]
    """Headings, paragraphs and the signature, in reading order."""

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "heading")

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "paragraph")

    @property
    def signature(self) -> Block | None:
        return next((b for b in self.blocks if b.kind == "signature"), None)


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the archive noticed and tells the reader; never changes the text."""

    __reduce__ = _reduce_slots

    code: str
    """Stable machine code, e.g. ``county-unknown``, ``truncated``."""
    message: str
    """The same in Chinese, for readers."""


@dataclass(frozen=True)
class Meta:
    """Metadata of one report. ``None`` means the extractor could not tell (see ``flags``)."""

    title: str
    county: str | None = None
    province: str | None = None
    city: str | None = None
    adcode: str | None = None
    year: int | None = None
    period: str | None = None
    doc_type: str | None = None
    agency: str | None = None
    agency_full: str | None = None
    publish_date: str | None = None
    """The date the page was published, only when printed on it (ISO)."""
    written_date: str | None = None
    """The date in the report's closing signature (成文日期), ISO."""
    source: str | None = None
    """The site or outlet the page names as its source, as written."""
    source_url: str | None = None
    """The address the page was captured from; only a correction file can give it today."""
    reporter: str | None = None
    """The reporters a news report's byline names (``byline``), 、-separated; cited as its authors."""
    captured_date: str | None = None
    """The date the page was captured (ISO), when known: only a correction file gives it today."""
    flags: tuple[Flag, ...] = ()
    corrected: tuple[str, ...] = ()
    """Names of fields whose value comes from the hand-written override file."""
    evidence: tuple[tuple[str, str], ...] = ()
    """(field, the text it was read from), for maintainers checking an extraction."""


def display_title(meta: Meta) -> str:
    """The page title: the report's own, else one composed from metadata and marked as such."""
    if meta.title:
        return meta.title
    who = meta.agency or meta.county or ""
    when = f"{meta.year}年" if meta.year else ""
    what = meta.doc_type if meta.doc_type and meta.doc_type != "其他" else "工作报告"
    return f"{who}{when}{meta.period if meta.period and meta.period != '全年' else ''}{what}（原文无标题）"


@dataclass(frozen=True, slots=True)
class ThemeTag:
    """A theme a report substantially covers, with the sentence that shows it."""

    __reduce__ = _reduce_slots

    theme: str
    score: float
    evidence: str


@dataclass(frozen=True)
class Ident:
    """A report's permanent identity on the site."""

    code: str
    """Citation code without prefix, e.g. ``2ac8209b`` (shown as ``CHR-2ac8209b``)."""
    path: str
    """Site path of the report page relative to the site root, e.g. ``r/2ac8209b/``."""

    @property
    def citation(self) -> str:
        return f"CHR-{self.code}"


@dataclass(frozen=True)
class Report:
    """Everything the writer needs to publish one report."""

    source: Source
    cleaned: Cleaned
    structured: Structured
    meta: Meta
    themes: tuple[ThemeTag, ...] = ()
    terms: object = None
    """``related.Terms``: the report's most frequent Han bigrams, for finding reports close in content."""
    fingerprint: object = None
    """``dedup.Fingerprint`` of the cleaned text, for finding copies without the text."""
    key: str = ""
    """The parse key (``cache.parse_key``): equal keys, equal parse."""
    ident: Ident | None = None
    stub: bool = False
    """True for a report read back from the parse cache without its body (``structured.blocks``
    is empty): a rebuild needs every report's metadata but only the
    bodies of the pages it makes, and 30,000 bodies took 10 s to load. ``cache.Bodies``
    gives a stub its body back."""


@dataclass(frozen=True)
class OutputFile:
    """One file the build writes, relative to its output root."""

    path: str
    """POSIX path relative to the docs (or site) folder."""
    content: str | bytes
    """Text is written as UTF-8; bytes exactly as they are."""
    copy_from: Path | None = None
    """Copy this file instead (raw captures): 30,000 of them would be 500 MB held in memory."""
    key: str = ""
    """A digest of everything the content is made from, when it is cheaper to compute than the
    content: the writer skips a file whose key and on-disk state match its last write."""
    make: Callable[[], str | bytes] | None = None
    """Makes the content, called only when the file must be (re)written (see ``key``)."""
    stream: Callable[[BinaryIO], None] | None = None
    """Writes the content to a binary file, for files too large to hold in memory (the corpus
    is 500 MB at 30,000 reports); like ``make``, called only when needed."""

    @property
    def data(self) -> bytes:
        if self.copy_from is not None:
            return self.copy_from.read_bytes()
        content = self.make() if self.make is not None else self.content
        return content.encode("utf-8") if isinstance(content, str) else content


@dataclass(frozen=True)
class Skipped:
    """An input file that was not published, and why."""

    name: str
    reason: str
    duplicate_of: str | None = None


@dataclass
class BuildResult:
    """What a build did: the published reports, the files not published, and all problems."""

    reports: list[Report] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    """Wall seconds per stage; ``"parent/part"`` times a part of stage ``parent``, already in its total."""
    counts: tuple[int, int] | None = None
    """(published, flagged) when ``reports`` was not loaded: a rebuild that found nothing changed."""
    inputs_digest: str = ""
    """The digest of everything the build read (``publish.unchanged.NoChange``)."""


@dataclass(frozen=True)
class Settings:
    """Where a build reads and writes."""

    reports_dir: Path
    """The raw captures (never written to)."""
    docs_dir: Path
    """Where the Markdown goes; the writer owns only its generated part (see ``write.OWNED_DIRS``)."""
    ledger_path: Path | None = None
    """The committed ledger of published URLs; None for a throwaway build with no ledger."""
    strict: bool = False
    """Turn every warning into a failure at the end of the build."""
    reports_label: str = "reports"
    """How messages name the reports folder."""
    cache_dir: Path | None = None
    """Where parsed reports are cached between builds; None for no cache."""
    workers: int = 0
    """Processes for parsing; 0 for one per core."""
    site_url: str = ""
    """The site's absolute URL (the SITE_URL mkdocs.yml reads), for citations, feed and sitemap."""
    skip_if_unchanged: bool = False
    """Skip the docs stage when nothing it reads changed since the last complete build (``NoChange``)."""
    release_dir: Path | None = None
    """Where the bulk files too big for the site go (see release.py); None for none."""
    release_url: str = ""
    """Where the Pages workflow publishes them (the RELEASE_URL it sets); empty for a local build."""

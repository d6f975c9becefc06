"""Permanent identities: citation codes, page paths and the ledger of every URL ever published.

The ledger lists entries in the order they were first published (new ones are appended, in
file-name order within one build), which is also the archive's "newly added" order.

A report's code comes from the capture's identity (the hex id in its file name, else the
sha256 of its bytes), never from metadata, so correcting a county or a year can never move
a page. The ledger binds each code to its file once and for all; later builds read it first.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .model import Ident, Problem, Source

LEDGER_COLUMNS = ("code", "path", "source_file", "sha256")
CODE_LENGTHS = (8, 10, 12, 14, 16)


@dataclass(frozen=True)
class LedgerEntry:
    """One published URL."""

    code: str
    """Citation code without the CHR- prefix."""
    path: str
    """Site path of the page, e.g. ``r/2ac8209b/``."""
    source_file: str
    """The raw file it was first published from."""
    sha256: str
    """That file's sha256, to recognise it after a rename."""


class LedgerError(ValueError):
    """The ledger file is malformed; the message names the file and line."""


def page_path(code: str) -> str:
    return f"r/{code}/"


def read_ledger(path: Path) -> tuple[LedgerEntry, ...]:
    if not path.exists():
        return ()
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    if not rows or tuple(rows[0]) != LEDGER_COLUMNS:
        raise LedgerError(f"{path}:1: expected the header {' '.join(LEDGER_COLUMNS)} (tab-separated)")
    entries = []
    seen: set[str] = set()
    for line_no, row in enumerate(rows[1:], 2):
        if not row:
            continue
        if len(row) != len(LEDGER_COLUMNS):
            raise LedgerError(f"{path}:{line_no}: expected {len(LEDGER_COLUMNS)} tab-separated fields, found {len(row)}")
        entry = LedgerEntry(*row)
        if entry.code in seen:
            raise LedgerError(f"{path}:{line_no}: code {entry.code} is listed twice")
        seen.add(entry.code)
        entries.append(entry)
    return tuple(entries)


def format_ledger(entries: Sequence[LedgerEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(LEDGER_COLUMNS)
    for e in entries:
        writer.writerow((e.code, e.path, e.source_file, e.sha256))
    return out.getvalue()


def assign(sources: Sequence[Source], ledger: Sequence[LedgerEntry],
           reports_label: str = "reports") -> tuple[dict[str, Ident], tuple[LedgerEntry, ...], list[Problem]]:
    """Give every source its permanent identity, keeping every code the ledger already holds.

    Returns the identities by source name, the new ledger (old entries are never dropped)
    and the problems met (collisions, files changed since publication).
    """
    by_name = {e.source_file: e for e in ledger}
    by_sha = {e.sha256: e for e in ledger}
    taken = {e.code for e in ledger}
    idents: dict[str, Ident] = {}
    entries = list(ledger)
    problems: list[Problem] = []
    claimed: dict[str, str] = {}

    ordered = sorted(sources, key=lambda s: s.name)
    # Files still under their published name claim their codes first, so that a renamed
    # copy found by its sha256 can never take a code from the file that holds it.
    for src in ordered:
        entry = by_name.get(src.name)
        if entry is not None:
            claimed[entry.code] = src.name

    for src in ordered:
        shown = f"{reports_label}/{src.name}"
        entry = by_name.get(src.name)
        if entry is None:
            found = by_sha.get(src.sha256)
            entry = found if found is not None and found.code not in claimed else None
        if entry is not None:
            if entry.sha256 != src.sha256 and entry.source_file == src.name:
                problems.append(Problem(shown, "ids", (
                    f"the file's bytes changed since it was first published as {entry.path}; raw captures "
                    "should never be edited (the page keeps its URL and now shows the new text)")))
            idents[src.name] = Ident(entry.code, entry.path)
            claimed[entry.code] = src.name
            continue
        code = _free_code(src, taken)
        if code is None:
            problems.append(Problem(shown, "ids", "no free citation code: its capture id and sha256 collide "
                                                  "with published reports; rename the file", True))
            continue
        if code != src.capture_id[:8]:
            other = claimed.get(src.capture_id[:8]) or next(
                (e.source_file for e in entries if e.code == src.capture_id[:8]), "?")
            problems.append(Problem(shown, "ids", (
                f"citation code CHR-{src.capture_id[:8]} already belongs to {other}; "
                f"this report gets CHR-{code} instead")))
        taken.add(code)
        claimed[code] = src.name
        ident = Ident(code, page_path(code))
        idents[src.name] = ident
        entries.append(LedgerEntry(code, ident.path, src.name, src.sha256))
    return idents, tuple(entries), problems


def _free_code(src: Source, taken: set[str]) -> str | None:
    for base in (src.capture_id, src.sha256):
        for n in CODE_LENGTHS:
            if base[:n] not in taken:
                return base[:n]
    return None

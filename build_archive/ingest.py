"""Find raw report files and decode them, or say exactly why a file cannot be read."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from .model import Problem, Source

# Raw captures are plain text files; overrides (*.yml) sit next to them and are read elsewhere.
REPORT_SUFFIXES = (".txt",)
OVERRIDE_SUFFIXES = (".yml", ".yaml")

# A county report is tens of kilobytes; anything this large is a dump or a mistake, and
# cleaning it would only produce a page nobody can read.
MAX_BYTES = 5 * 1024 * 1024

# Captures are named NNN_<16 hex> by the crawler; that hex is the capture's identity and
# the start of the citation code (issue: permanent URLs).
CAPTURE_ID = re.compile(r"(?:^|_)([0-9a-f]{16})$")

# Signatures of files dropped into reports/ by mistake.
BINARY_MAGIC = {
    b"%PDF": "PDF 文件",
    b"\x89PNG": "PNG 图片",
    b"\xff\xd8\xff": "JPEG 图片",
    b"GIF8": "GIF 图片",
    b"PK\x03\x04": "ZIP/Office 文档",
    b"\xd0\xcf\x11\xe0": "旧版 Office 文档",
}


def list_inputs(reports_dir: Path) -> tuple[list[Path], list[Path]]:
    """Every file in the reports folder, split into report candidates and everything else.

    Sorted by name so that builds do not depend on file-system order.
    """
    reports: list[Path] = []
    others: list[Path] = []
    for path in sorted(reports_dir.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.suffix.lower() in OVERRIDE_SUFFIXES:
            continue
        (reports if path.suffix.lower() in REPORT_SUFFIXES and path.is_file() else others).append(path)
    return reports, others


def capture_id_of(name: str, sha256: str) -> str:
    m = CAPTURE_ID.search(Path(name).stem)
    return m.group(1) if m else sha256[:16]


def read_source(path: Path, display: str | None = None) -> Source | Problem:
    """Read one raw file. Returns a ``Problem`` (never raises) when it cannot be used."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(shown, "read", f"cannot read the file ({exc.strerror}); check its permissions", True)
    return decode_source(raw, path, shown)


def decode_source(raw: bytes, path: Path, shown: str) -> Source | Problem:
    if not raw.strip():
        return Problem(shown, "read", "the file is empty; remove it or capture the page again", True)
    if len(raw) > MAX_BYTES:
        return Problem(
            shown, "read",
            f"the file is {len(raw) / 1e6:.1f} MB, more than the {MAX_BYTES / 1e6:.0f} MB a single report "
            "can be; split it into one file per report", True)
    for magic, kind in BINARY_MAGIC.items():
        if raw.startswith(magic):
            return Problem(shown, "read", f"this is a {kind}, not report text; extract its text into a .txt file", True)
    decoded = decode(raw)
    if decoded is None:
        return Problem(
            shown, "read",
            "the bytes are not UTF-8, UTF-16 (with BOM) or GB18030/GBK text; re-save the file as UTF-8", True)
    text, encoding = decoded
    sha = hashlib.sha256(raw).hexdigest()
    return Source(
        name=path.name, path=path, sha256=sha, capture_id=capture_id_of(path.name, sha),
        encoding=encoding, text=normalise_newlines(text), size=len(raw))


def decode(raw: bytes) -> tuple[str, str] | None:
    """Decode bytes as one of the encodings Chinese portals serve, or ``None``.

    Order matters: BOMs are certain; UTF-8 is strict enough that a GBK file almost never
    passes it; GB18030 accepts many byte strings, so its result must also look like text.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _try(raw, "utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _try(raw, "utf-16")
    for encoding in ("utf-8", "gb18030"):
        result = _try(raw, encoding)
        if result is not None:
            return result
    return None


def _try(raw: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return (text, encoding) if looks_like_text(text) else None


def looks_like_text(text: str) -> bool:
    """Binary data decoded by a lenient codec is full of control and unassigned characters."""
    if "\x00" in text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if _is_garbage(ch))
    return bad <= max(2, len(sample) // 200)


def _is_garbage(ch: str) -> bool:
    if ch in "\n\r\t\f\v":
        return False
    category = unicodedata.category(ch)
    # Cc: control characters; Co: private use (GB18030 maps unassigned GBK slots there);
    # Cn: unassigned code points.
    return category in ("Cc", "Co", "Cn")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

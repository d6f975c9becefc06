"""Find raw report files and decode them, or say exactly why a file cannot be read."""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from ..core.cache import read_state, write_state
from ..core.model import BuildResult, Problem, Settings, Skipped, Source
from ..core.tradsimp import to_simplified

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

    Sorted by name so that builds do not depend on file-system order. Hidden files are
    version-control or desktop litter (``.gitkeep``, ``.DS_Store``) and are left out, except a
    hidden ``.txt`` such as ``..txt``: that is a capture with an odd name, and dropping it
    silently would lose a report.
    """
    reports: list[Path] = []
    others: list[Path] = []
    for path in sorted(reports_dir.iterdir(), key=lambda p: p.name):
        suffix = path.suffix.lower() if path.name not in (".", "..") else ""
        if path.name.startswith(".") and suffix not in REPORT_SUFFIXES:
            continue
        if suffix in OVERRIDE_SUFFIXES:
            continue
        (reports if suffix in REPORT_SUFFIXES and path.is_file() else others).append(path)
    return reports, others


def capture_id_of(name: str, sha256: str) -> str:
    m = CAPTURE_ID.search(Path(name).stem)
    return m.group(1) if m else sha256[:16]


def display_name(name: str) -> str:
    """A file name as text that can be printed and written into pages, one line, unambiguous.

    A name that is not UTF-8 (a zip made on Chinese Windows names its files in GBK) reaches
    Python with its bad bytes as lone surrogates, which no UTF-8 page or TSV can hold: those
    bytes are shown as ``\\xNN``, and control characters (a tab, a line break) as ``\\t``,
    ``\\n``, ``\\xNN``, the way ``ls -b`` shows them.
    """
    if not _BAD_NAME_CHAR.search(name):
        return name
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return _CONTROL_CHAR.sub(lambda m: _ESCAPES.get(m.group(0), f"\\x{ord(m.group(0)):02x}"), text)


_CONTROL_CHAR = re.compile("[\x00-\x1f\x7f]")
_BAD_NAME_CHAR = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def name_problem(name: str) -> str | None:
    """Why a file name cannot be published as it is, or None."""
    if re.search("[\ud800-\udfff]", name):
        guess = os.fsencode(name).decode("gb18030", "replace")
        return (f"the file name is not UTF-8 (read as GB18030 it is '{display_name(guess)}'); rename the file "
                "in UTF-8, e.g. `convmv -f gbk -t utf-8 --notest FILE`")
    if _CONTROL_CHAR.search(name):
        return "the file name holds control characters (a tab or a line break); rename the file"
    return None


def stamp_of(st: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever a file's bytes change (ctime cannot be set back by hand)."""
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def read_source(path: Path, display: str | None = None, known: dict | None = None) -> Source | Problem:
    """Read one raw file. Returns a ``Problem`` (never raises) when it cannot be used.

    ``known`` maps file names to ``[*stamp_of(stat), sha256, capture_id, encoding]`` from an
    earlier read: a file whose stamp is unchanged is not read again, and its ``Source`` comes
    without ``text`` (a parse cache hit needs none; ``load_text`` reads it when needed)."""
    shown = display_name(display or str(path))
    bad_name = name_problem(path.name)
    if bad_name is not None:
        return Problem(shown, "read", bad_name, True)
    try:
        st = os.lstat(path)  # one stat for all the checks: 30,000 files are read on every build
        if stat.S_ISLNK(st.st_mode):
            # A link committed into reports/ could publish any file of the machine that builds
            # the site (a key, a token, another repository's file) on the public raw/ pages.
            return Problem(shown, "read", (
                "this is a symbolic link; raw captures must be regular files in the reports folder "
                "(replace the link with a copy of the capture)"), True)
        # Checked before reading: a multi-gigabyte dump must not be loaded only to be refused.
        size = st.st_size
        if size > MAX_BYTES:
            return _too_large(shown, size)
        hit = known.get(path.name) if known else None
        stamp = stamp_of(st)
        if isinstance(hit, list) and len(hit) == 7 and tuple(hit[:4]) == stamp:
            return Source(name=path.name, path=path, sha256=hit[4], capture_id=hit[5], encoding=hit[6],
                          text="", size=size, stamp=stamp)
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(shown, "read", f"cannot read the file ({exc.strerror or exc}); check its permissions", True)
    return decode_source(raw, path, shown, stamp)


def load_text(source: Source, shown: str) -> Source | Problem:
    """``source`` with its text, read again if it came from ``known`` without it."""
    if source.text:
        return source
    return read_source(source.path, shown)


def _too_large(shown: str, size: int) -> Problem:
    return Problem(
        shown, "read",
        f"the file is {size / 1e6:.1f} MB, more than the {MAX_BYTES / 1e6:.0f} MB a single report "
        "can be; split it into one file per report", True)


def decode_source(raw: bytes, path: Path, shown: str, stamp: tuple[int, ...] = ()) -> Source | Problem:
    if not raw.strip():
        return Problem(shown, "read", "the file is empty; remove it or capture the page again", True)
    if len(raw) > MAX_BYTES:
        return _too_large(shown, len(raw))
    for magic, kind in BINARY_MAGIC.items():
        if raw.startswith(magic):
            return Problem(shown, "read", f"this is a {kind}, not report text; extract its text into a .txt file", True)
    decoded = decode(raw)
    if decoded is None:
        return Problem(shown, "read", f"{undecodable_reason(raw)}; re-save the file as UTF-8", True)
    text, encoding = decoded
    if not text.strip():
        # A BOM and white space only: as empty as an empty file.
        return Problem(shown, "read", "the file is empty; remove it or capture the page again", True)
    sha = hashlib.sha256(raw).hexdigest()
    return Source(
        name=path.name, path=path, sha256=sha, capture_id=capture_id_of(path.name, sha),
        encoding=encoding, text=normalise_newlines(text), size=len(raw), stamp=stamp)


def decode(raw: bytes) -> tuple[str, str] | None:
    """Decode bytes as one of the encodings Chinese portals serve, or ``None``.

    Order matters: BOMs are certain; UTF-8 is strict enough that a GBK file almost never
    passes it; GB18030 accepts almost any byte string, so its result must also read as
    Chinese (see ``looks_like_chinese``), or a Shift-JIS, Big5 or EUC-KR page would be
    published as a page of wrong characters.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return _try(raw, "utf-8-sig")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _try(raw, "utf-16")
    result = _try(raw, "utf-8")
    if result is not None:
        return result
    result = _try(raw, "gb18030")
    if result is not None and looks_like_chinese(result[0]):
        return result
    return None


def undecodable_reason(raw: bytes) -> str:
    """Why ``decode`` refused the bytes, as specific as the bytes allow."""
    big5 = _strict(raw, "big5")
    if big5 is not None and looks_like_text(big5) and _frequent_share(big5) is not None and looks_like_chinese(big5):
        return ("the text is in Big5 (traditional Chinese), which the archive does not read: "
                "as GB18030 it gives a page of wrong characters")
    for encoding, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030/GBK")):
        text = _strict(raw, encoding)
        if text is None:
            continue
        if not looks_like_text(text):
            return (f"the bytes decode as {name} but hold {_garbage_count(text)} control or private-use "
                    "characters, so this is binary data, not report text")
        return (f"the bytes decode as {name} only into characters no Chinese report uses together "
                "(mojibake), so the text is in another encoding (Shift-JIS, EUC-KR, ...)")
    return "the bytes are not UTF-8, UTF-16 (with BOM) or GB18030/GBK text"


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _try(raw: bytes, encoding: str) -> tuple[str, str] | None:
    text = _strict(raw, encoding)
    return (text, encoding) if text is not None and looks_like_text(text) else None


# --- does a GB18030 decoding read as Chinese? --------------------------------------------------

# The most frequent characters of Chinese prose, plus a few of every health report.
# In the seeds and samples they are 55-65% of the Han characters (read as simplified);
# Shift-JIS read as GB18030 scores 0%, EUC-KR (Korean) 7%: its bytes land on valid but
# random characters.
FREQUENT = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性"
    "好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第"
    "向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管"
    "特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处"
    "府县卫健医疗服务")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Below this many Han characters there is too little to judge; the text is accepted.
MIN_HAN_TO_JUDGE = 20
MIN_FREQUENT_SHARE = 0.2


def _frequent_share(text: str) -> float | None:
    han = _HAN.findall(to_simplified(text[:20000]))
    if len(han) < MIN_HAN_TO_JUDGE:
        return None
    return sum(1 for ch in han if ch in FREQUENT) / len(han)


def looks_like_chinese(text: str) -> bool:
    share = _frequent_share(text)
    return share is None or share >= MIN_FREQUENT_SHARE


# Control characters other than white space, and the private-use area (GB18030 maps
# unassigned GBK byte pairs there): binary data decoded by a lenient codec is full of them.
_GARBAGE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ue000-\uf8ff]")


def looks_like_text(text: str) -> bool:
    """Binary data decoded by a lenient codec is full of control and private-use characters."""
    if "\x00" in text:
        return False
    sample = text[:20000]
    bad = len(_GARBAGE.findall(sample))
    return bad <= max(2, len(sample) // 200)


def _garbage_count(text: str) -> int:
    return len(_GARBAGE.findall(text[:20000]))


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_all(settings: Settings, result: BuildResult) -> list[Source]:
    candidates, others = list_inputs(settings.reports_dir)
    label = settings.reports_label
    for path in others:
        reason = "not a .txt report file; raw captures must be plain-text .txt files"
        result.problems.append(Problem(f"{label}/{display_name(path.name)}", "read", reason, True))
        result.skipped.append(Skipped(display_name(path.name), reason))
    state = settings.cache_dir / "sources.pickle" if settings.cache_dir else None
    known = read_state(state)
    seen: dict[str, list] = {}
    sources = []
    for path in candidates:
        item = read_source(path, f"{label}/{display_name(path.name)}", known)
        if isinstance(item, Problem):
            result.problems.append(item)
            result.skipped.append(Skipped(display_name(path.name), item.message))
        else:
            sources.append(item)
            seen[path.name] = [*item.stamp, item.sha256, item.capture_id, item.encoding]
    if state is not None and seen != known:
        write_state(state, seen)
    return sources

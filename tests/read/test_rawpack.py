"""Raw captures stored against their report's text (rawpack.py): exact bytes back, every time."""
from __future__ import annotations

from pathlib import Path

import pytest

from build_archive.read import rawpack
from build_archive.parse.chrome_rules import load_rules
from build_archive.parse.divisions import load_divisions
from build_archive.read.ingest import read_source
from build_archive.core.model import Source
from build_archive.parse.report import Context, parse_report
from build_archive.parse.themes import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
# Every readable capture the tests have (unreadable ones are not published, so not packed).
CAPTURES = sorted(p for p in [*ROOT.parent.glob("reports/*.txt"), *(ROOT / "hostile").glob("*.txt"),
                              *(ROOT / "fixtures").rglob("*.txt")] if isinstance(read_source(p), Source))


@pytest.fixture(scope="module")
def context():
    return Context(load_rules(), load_divisions(), load_vocabulary())


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_capture_comes_back_byte_for_byte_and_removed_lines_are_its_lines(path, context):
    source = read_source(path)
    report = parse_report(source, context)
    raw = path.read_bytes()
    zdict = rawpack.dictionary(report.structured.paragraphs)
    member = rawpack.compress(raw, zdict)
    assert rawpack.decompress(member, zdict) == raw
    lines = source.text.split("\n")
    for removed in report.cleaned.removed:
        assert lines[removed.line_no - 1] == removed.text  # what the viewer shows for the line number


def test_the_dictionary_makes_a_capture_a_fraction_of_its_size(context):
    path = next(ROOT.parent.glob("reports/000_*.txt"))
    report = parse_report(read_source(path), context)
    raw = path.read_bytes()
    assert len(rawpack.compress(raw, rawpack.dictionary(report.structured.paragraphs))) < len(raw) / 10


def test_packs_follow_the_code_and_hold_where_each_member_is(seed_build, seeds_dir):
    _result, settings, site = seed_build
    for raw_file in seeds_dir.glob("*.txt"):
        code = raw_file.stem.split("_")[1][:8]
        raw, entry = rawpack.read_capture(site, code)
        assert raw == raw_file.read_bytes()
        assert entry[3:7] == [len(raw), __import__("hashlib").sha256(raw).hexdigest(), raw_file.name, "utf-8"]
    assert not list((site / "raw").glob("*.txt")), "no capture is a file of its own any more"

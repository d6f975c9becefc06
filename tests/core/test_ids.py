import pytest

from build_archive.core.ids import LedgerEntry, LedgerError, assign, format_ledger, read_ledger
from build_archive.core.model import Source
from pathlib import Path


def src(name, sha, capture=None):
    return Source(name=name, path=Path(name), sha256=sha, capture_id=capture or sha[:16], encoding="utf-8",
                  text="x", size=1)


A = src("000_2ac8209b6c6491b0.txt", "9" * 64, "2ac8209b6c6491b0")
B = src("001_bef659f45db81c95.txt", "d" * 64, "bef659f45db81c95")


def test_codes_come_from_the_capture_id():
    idents, ledger, problems = assign([A, B], ())
    assert idents[A.name].citation == "CHR-2ac8209b" and idents[A.name].path == "r/2ac8209b/"
    assert [e.code for e in ledger] == ["2ac8209b", "bef659f4"]  # first-published order
    assert problems == []


def test_ledger_keeps_codes_when_files_are_added_or_removed():
    _, ledger, _ = assign([A, B], ())
    new = src("002_2ac8209bffffffff.txt", "7" * 64, "2ac8209bffffffff")  # same first 8 hex as A
    idents, ledger2, problems = assign([new, B, A], ledger)
    assert idents[A.name].code == "2ac8209b" and idents[B.name].code == "bef659f4"
    assert idents[new.name].code == "2ac8209bff"
    assert "already belongs to 000_2ac8209b6c6491b0.txt" in problems[0].message
    idents3, ledger3, _ = assign([new], ledger2)  # A and B removed: their entries stay
    assert idents3[new.name].code == "2ac8209bff"
    assert {e.code for e in ledger3} == {"2ac8209b", "bef659f4", "2ac8209bff"}


def test_a_renamed_file_keeps_its_code_but_a_copy_cannot_steal_it():
    _, ledger, _ = assign([A], ())
    renamed = src("东安 2020.txt", A.sha256)
    idents, _, _ = assign([renamed], ledger)
    assert idents[renamed.name].code == "2ac8209b"
    idents, _, _ = assign([renamed, A], ledger)
    assert idents[A.name].code == "2ac8209b" and idents[renamed.name].code != "2ac8209b"


def test_ledger_round_trip_and_errors(tmp_path):
    _, ledger, _ = assign([A, B], ())
    path = tmp_path / "ledger.tsv"
    path.write_text(format_ledger(ledger), encoding="utf-8")
    assert read_ledger(path) == ledger
    path.write_text("code\tpath\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"ledger.tsv:1: expected the header"):
        read_ledger(path)
    path.write_text(format_ledger(ledger) + "x\ty\n", encoding="utf-8")
    with pytest.raises(LedgerError, match=r"ledger.tsv:4: expected 4 tab-separated fields, found 2"):
        read_ledger(path)

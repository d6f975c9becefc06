from pathlib import Path

import pytest

from build_archive.ingest import MAX_BYTES, capture_id_of, list_inputs, read_source
from build_archive.model import Problem, Source

TEXT = "东安县卫生健康局2020年工作总结\n全县卫健系统各项工作稳步推进。\n"


@pytest.mark.parametrize("encoding, data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", b"\xef\xbb\xbf" + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gb18030")),
    ("gb18030", TEXT.encode("gbk")),
    ("utf-16", TEXT.encode("utf-16")),
])
def test_encodings_portals_serve(tmp_path, encoding, data):
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    src = read_source(path)
    assert isinstance(src, Source), src
    assert src.text == TEXT and src.encoding == encoding


def test_crlf_is_normalised(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert read_source(path).text == TEXT


@pytest.mark.parametrize("data, says", [
    (b"", "the file is empty"),
    (b"  \n\n", "the file is empty"),
    (b"%PDF-1.4 binary", "this is a PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "this is a PNG"),
    (bytes(range(256)) * 4, "not UTF-8, UTF-16 (with BOM) or GB18030/GBK"),
])
def test_unusable_files_get_a_message_naming_them(tmp_path, data, says):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    problem = read_source(path, "reports/bad.txt")
    assert isinstance(problem, Problem) and problem.fatal
    assert says in problem.message
    assert str(problem).startswith("reports/bad.txt: ")


def test_oversized_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("全县卫生健康工作。" * (MAX_BYTES // 20)).encode("utf-8"))
    problem = read_source(path)
    assert isinstance(problem, Problem) and "split it into one file per report" in problem.message


def test_capture_id_from_name_or_hash():
    assert capture_id_of("000_2ac8209b6c6491b0.txt", "f" * 64) == "2ac8209b6c6491b0"
    assert capture_id_of("东安县 2020.txt", "abcdef0123456789" + "0" * 48) == "abcdef0123456789"


def test_inputs_are_sorted_and_overrides_set_apart(tmp_path):
    for name in ("b.txt", "a.txt", "a.yml", "notes.docx", ".hidden"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    reports, others = list_inputs(tmp_path)
    assert [p.name for p in reports] == ["a.txt", "b.txt"]
    assert [p.name for p in others] == ["notes.docx"]

import os
from pathlib import Path

import pytest

from build_archive.read.ingest import MAX_BYTES, capture_id_of, display_name, list_inputs, read_source, stamp_of
from build_archive.core.model import Problem, Source

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


REPORT = ("临武县卫生健康局2021年工作总结\n全县卫生健康系统坚持以人民健康为中心，统筹推进疫情防控和医药卫生体制改革，"
          "各项工作取得了新的成效，群众就医负担进一步减轻。\n")


@pytest.mark.parametrize("data, says", [
    # GB18030 reads almost any byte pairs: these must not be published as pages of rare characters.
    (("令和3年度 保健所の年次報告書です。新型コロナウイルス感染症対策について、市民の皆様のご協力をお願いします。\n" * 3)
     .encode("shift_jis"), "mojibake"),
    (("보건소 연간 보고서입니다. 코로나19 예방접종이 순조롭게 진행되고 있습니다. 시민 여러분의 협조를 부탁드립니다.\n" * 3)
     .encode("euc-kr"), "mojibake"),
    (("東安縣衛生健康局二零二一年工作總結：全縣醫療衛生服務體系建設穩步推進，醫共體改革成效明顯。\n" * 3)
     .encode("big5"), "Big5"),
    (("Rapport annuel du bureau de santé, année 2021.\n" * 5).encode("latin-1"), "not UTF-8, UTF-16"),
    (b"\xef\xbb\xbf \r\n\xe3\x80\x80\n", "the file is empty"),
    (b"\xff\xfe" + " \n".encode("utf-16-le"), "the file is empty"),
    (("第一行\x1b[31m" * 40).encode("utf-8"), "control or private-use characters"),
])
def test_other_encodings_are_refused_with_the_reason(tmp_path, data, says):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    problem = read_source(path, "reports/bad.txt")
    assert isinstance(problem, Problem) and problem.fatal, problem
    assert says in problem.message
    assert "re-save the file as UTF-8" in problem.message or says == "the file is empty"
    assert str(problem).startswith("reports/bad.txt: ")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "gb2312", "utf-8", "utf-16"])
def test_real_reports_in_accepted_encodings_are_read(tmp_path, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(REPORT.encode(encoding))
    src = read_source(path)
    assert isinstance(src, Source) and src.text == REPORT


def test_traditional_chinese_in_gbk_is_read(tmp_path):
    text = "東安縣衛生健康局二〇二一年工作總結：全縣醫療衛生服務體系建設穩步推進，醫共體改革成效明顯，家庭醫生簽約服務覆蓋率持續提高。\n"
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("gbk"))
    src = read_source(path)
    assert isinstance(src, Source) and src.text == text


def test_rare_characters_of_real_names_are_read(tmp_path):
    text = REPORT + "由主任医师刘䶮牵头，新购置镕接式设备，𠮷野家捐赠物资。\n"
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode("gb18030"))
    assert read_source(path).text == text


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: costs no disk

    def no_read(self):
        raise AssertionError("read the whole file to refuse it")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    problem = read_source(path, "reports/big.txt")
    assert isinstance(problem, Problem) and "split it into one file per report" in problem.message


def test_hidden_txt_files_are_reports_other_hidden_files_are_not(tmp_path):
    for name in ("..txt", ".DS_Store", ".gitkeep", "a..b.txt", ".东安县.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub.txt").mkdir()
    reports, others = list_inputs(tmp_path)
    assert [p.name for p in reports] == ["..txt", ".东安县.txt", "a..b.txt"]
    assert [p.name for p in others] == ["sub.txt"]


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    problem = read_source(tmp_path / "missing.txt", "reports/missing.txt")
    assert isinstance(problem, Problem) and problem.fatal and "cannot read the file" in problem.message


def _make(tmp_path: Path, raw_name: bytes, data: bytes) -> Path:
    try:
        with open(os.path.join(os.fsencode(tmp_path), raw_name), "wb") as f:
            f.write(data)
    except OSError:
        pytest.skip("this file system only allows UTF-8 file names")
    return Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), raw_name)))


@pytest.mark.parametrize("raw_name, shown, says", [
    ("东安 2021.txt".encode("gbk"), "\\xb6\\xab\\xb0\\xb2 2021.txt", "read as GB18030 it is '东安 2021.txt'"),
    (b"tab\there\nnewline.txt", "tab\\there\\nnewline.txt", "the file name holds control characters"),
])
def test_file_names_that_cannot_be_published_are_refused_by_a_printable_name(tmp_path, raw_name, shown, says):
    path = _make(tmp_path, raw_name, TEXT.encode("utf-8"))
    assert display_name(path.name) == shown
    problem = read_source(path, f"reports/{path.name}")
    assert isinstance(problem, Problem) and problem.fatal and says in problem.message
    assert problem.file == f"reports/{shown}"
    str(problem).encode("utf-8")  # printable and writable


def test_ordinary_names_are_shown_as_they_are():
    for name in ("000_2ac8209b6c6491b0.txt", "沅陵县 卫健局 2021 工作总结.txt", "a..b.txt", "#1 [注] & 'q' {x} 100%.txt"):
        assert display_name(name) == name


def test_symbolic_links_are_refused(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text(TEXT, encoding="utf-8")
    link = tmp_path / "reports" / "link.txt"
    link.parent.mkdir()
    try:
        link.symlink_to(secret)
    except OSError:
        pytest.skip("no symbolic links here")
    problem = read_source(link, "reports/link.txt")
    assert isinstance(problem, Problem) and problem.fatal and "symbolic link" in problem.message


def test_a_raw_file_with_an_unchanged_stamp_is_not_read_again(tmp_path, seeds_dir):
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    path = tmp_path / seed.name
    path.write_bytes(seed.read_bytes())
    first = read_source(path)
    assert isinstance(first, Source) and first.text and first.stamp == stamp_of(os.lstat(path))
    known = {path.name: [*first.stamp, first.sha256, first.capture_id, first.encoding]}

    again = read_source(path, known=known)
    assert isinstance(again, Source)
    assert (again.text, again.sha256, again.encoding, again.stamp) == ("", first.sha256, first.encoding, first.stamp)

    path.write_bytes(seed.read_bytes() + "补充一句。\n".encode("utf-8"))
    changed = read_source(path, known=known)
    assert isinstance(changed, Source) and changed.text.endswith("补充一句。\n")
    assert changed.sha256 != first.sha256 and changed.stamp != first.stamp

"""The bulk files too big for the site: the corpus by province and whole, for a GitHub release."""
from __future__ import annotations

import gzip
import hashlib
import json

from build_archive.core import paths
from build_archive.pages import catalog
from build_archive.publish import release


def _records(prefixes: list[str | None]) -> bytes:
    lines = []
    for i, p in enumerate(prefixes):
        row = {"code": f"CHR-{i:08x}", "title": '"adcode":"99" 标题', "province": f"省{p}" if p else None,
               "adcode": f"{p}1122" if p else None, "text": "正文\\n“引号”"}
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
    return "".join(lines).encode("utf-8")


def test_corpus_split_by_province_and_whole_is_the_province_files_joined(tmp_path):
    corpus, cat = tmp_path / "corpus.jsonl", tmp_path / "catalog.json"
    corpus.write_bytes(_records(["43", "21", None, "43"]))
    cat.write_text("[]\n", encoding="utf-8")
    out = tmp_path / "dist"
    assets = release.make_release(corpus, cat, out, tmp_path / "state.pickle")
    assert [a.name for a in assets] == ["corpus.jsonl.gz", "corpus-21.jsonl.gz", "corpus-43.jsonl.gz",
                                        "corpus-unknown.jsonl.gz", "catalog.json.gz"]
    assert assets[0].label == "全部省份（4 篇）" and assets[2].label == "省43（2 篇）"
    by_line = corpus.read_bytes().splitlines(keepends=True)
    assert gzip.decompress((out / "corpus-43.jsonl.gz").read_bytes()).splitlines(keepends=True) == [by_line[0], by_line[3]]
    whole = gzip.decompress((out / "corpus.jsonl.gz").read_bytes())
    assert sorted(whole.splitlines()) == sorted(corpus.read_bytes().splitlines())
    assert (out / "corpus.jsonl.gz").read_bytes() == b"".join(
        (out / n).read_bytes() for n in ("corpus-21.jsonl.gz", "corpus-43.jsonl.gz", "corpus-unknown.jsonl.gz"))
    assert gzip.decompress((out / "catalog.json.gz").read_bytes()) == b"[]\n"
    sums = dict(line.split("  ")[::-1] for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    for a in assets:
        assert sums[a.name] == hashlib.sha256((out / a.name).read_bytes()).hexdigest()


def test_only_the_changed_province_is_compressed_again(tmp_path):
    corpus, cat = tmp_path / "corpus.jsonl", tmp_path / "catalog.json"
    corpus.write_bytes(_records(["43", "21"]))
    cat.write_text("[]\n", encoding="utf-8")
    out, state = tmp_path / "dist", tmp_path / "state.pickle"
    release.make_release(corpus, cat, out, state)
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    corpus.write_bytes(_records(["43", "21", "21"]))
    release.make_release(corpus, cat, out, state)
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert after["corpus-43.jsonl.gz"] == before["corpus-43.jsonl.gz"]
    assert after["corpus-21.jsonl.gz"] != before["corpus-21.jsonl.gz"]
    assert after["catalog.json.gz"] == before["catalog.json.gz"]


def test_the_site_links_the_release_and_does_not_carry_the_bulk_files(seed_build):
    _result, settings, site = seed_build
    for path in paths.OFF_SITE:
        assert (settings.docs_dir / path).is_file() and not (site / path).exists()
    page = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "catalog.csv" in page and "corpus.jsonl.gz" not in page  # the test build makes no release


def test_downloads_page_links_release_files_under_the_release_url():
    assets = [release.Asset("corpus.jsonl.gz", 2048, "全部省份（4 篇）")]
    page = catalog.downloads_page_md(4, {}, assets=assets, release_url="https://github.com/o/r/releases/download/archive-data")
    assert "[corpus.jsonl.gz](https://github.com/o/r/releases/download/archive-data/corpus.jsonl.gz)" in page
    assert "`corpus.jsonl.gz`" in catalog.downloads_page_md(4, {}, assets=assets)


def test_unchanged_inputs_are_not_read_again(tmp_path, monkeypatch):
    corpus, cat = tmp_path / "corpus.jsonl", tmp_path / "catalog.json"
    corpus.write_bytes(_records(["43"]))
    cat.write_text("[]\n", encoding="utf-8")
    out, state = tmp_path / "dist", tmp_path / "state.pickle"
    first = release.make_release(corpus, cat, out, state)
    monkeypatch.setattr(release, "_PLACE", None)  # reading the corpus would now fail
    assert release.make_release(corpus, cat, out, state) == first
    (out / "corpus-43.jsonl.gz").unlink()
    monkeypatch.undo()
    assert release.make_release(corpus, cat, out, state) == first and (out / "corpus-43.jsonl.gz").is_file()


def _indexed(path, prefixes: list[str | None], keys: list[str]) -> list[tuple[str, int, int]]:
    """The corpus written as the build writes it (linefile.py), and its records (key, offset, length)."""
    from build_archive.core import linefile

    # A line's bytes are a function of its key (the build's record keys hash what it is made of).
    lines = [line.replace(f"CHR-{i:08x}".encode(), f"CHR-{key}".encode())
             for i, (line, key) in enumerate(zip(_records(prefixes).splitlines(keepends=True), keys))]
    with open(path, "wb") as out:
        index = linefile.write_lines(out, keys, lambda todo: (lines[i] for i in todo), None, {})
    return [(k, at, n) for k, (at, n) in index.items()]


def test_records_by_key_give_the_files_reading_the_corpus_gives(tmp_path, monkeypatch):
    """With the corpus' record index, a line is read once, for its province, and a province
    only when its keys changed; the release files are those a full read of the corpus makes."""
    cat = tmp_path / "catalog.json"
    cat.write_text("[]\n", encoding="utf-8")
    places = []
    real_place = release._place
    monkeypatch.setattr(release, "_place", lambda line: places.append(line) or real_place(line))

    def both(prefixes, keys):
        by_key, by_reading = tmp_path / "by-key", tmp_path / "by-reading"
        for d in (by_key, by_reading):
            d.mkdir(exist_ok=True)
        records = _indexed(by_key / "corpus.jsonl", prefixes, keys)
        (by_reading / "corpus.jsonl").write_bytes((by_key / "corpus.jsonl").read_bytes())
        places.clear()
        got = release.make_release(by_key / "corpus.jsonl", cat, by_key / "dist", by_key / "state.pickle", records)
        read = len(places)
        assert got == release.make_release(by_reading / "corpus.jsonl", cat, by_reading / "dist",
                                           by_reading / "state.pickle")
        files = {p.name: p.read_bytes() for p in (by_key / "dist").iterdir()}
        assert files == {p.name: p.read_bytes() for p in (by_reading / "dist").iterdir()}
        return read, {p.name: p.stat().st_mtime_ns for p in (by_key / "dist").iterdir()}

    read, before = both(["43", "21", None, "43"], ["a", "b", "c", "d"])
    assert read == 4
    # One new line, of province 21: read alone, and province 43 is not compressed again.
    read, after = both(["43", "21", "21", None, "43"], ["a", "b", "e", "c", "d"])
    assert read == 1
    assert after["corpus-43.jsonl.gz"] == before["corpus-43.jsonl.gz"]
    assert after["corpus-21.jsonl.gz"] != before["corpus-21.jsonl.gz"]
    # A line leaves.
    read, _ = both(["43", "21", None, "43"], ["a", "e", "c", "d"])
    assert read == 0

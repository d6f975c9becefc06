"""Indicator pages and county sections are made only when one of their reports changed: a
rebuild must leave exactly the files a build from scratch gives."""
import shutil

from build_archive.build import Settings, build
from build_archive.pages import indicator_pages


def files(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_rebuilds_after_a_correction_and_a_removal_give_the_files_of_a_full_build(tmp_path, seeds_dir, monkeypatch):
    # Every indicator split by province, so that province pages are made (and left) too.
    monkeypatch.setattr(indicator_pages, "PROVINCE_SPLIT", 0)
    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    docs, cache = tmp_path / "docs", tmp_path / "cache"

    def rebuild_equals_a_full_build(name):
        build(Settings(reports_dir=reports, docs_dir=docs, cache_dir=cache))
        fresh = tmp_path / name
        build(Settings(reports_dir=reports, docs_dir=fresh / "docs", cache_dir=fresh / "cache"))
        assert files(docs) == files(fresh / "docs")
        return files(docs)

    before = rebuild_equals_a_full_build("full0")
    # A report with indicator values moves to another county (and province).
    (reports / "003_aa5b70b4c66df99c.yml").write_text("county: 东安县\n", encoding="utf-8")
    after = rebuild_equals_a_full_build("full1")
    changed = {p for p in after if p.startswith("indicator/") and after[p] != before.get(p)}
    assert any(p.startswith("indicator/") and p.endswith("-43.md") for p in changed), changed
    assert "东安县" in after["county/431122.md"].decode("utf-8")
    # And one leaves.
    (reports / "002_9245598fc40722ae.txt").unlink()
    rebuild_equals_a_full_build("full2")


def test_csv_texts_are_the_csvs_and_reuse_the_lines_of_unchanged_reports():
    from build_archive.core import indicator_types
    from build_archive.pages.indicator_pages import Row, csv_text, csv_texts
    from build_archive.parse.indicators import load_vocabulary

    vocab = load_vocabulary()

    def value(n, code):
        v = indicator_types.Value("beds", str(n), "张", f"{n}张", 2020, "report", f"全县床位数合计{n}张，\"引号\"。")
        return Row(v, code, "东安县", "431122", "湖南省")

    skip = Row(indicator_types.Skip("beds", indicator_types.REASONS[0], 2020, "力争床位数达到2000张。"), "00000002", None, None, None)
    values, skips = [value(1500, "00000001"), value(1600, "00000001"), value(900, "00000003")], [skip]
    keys = {"00000001": "k1", "00000002": "k2", "00000003": "k3"}
    texts, kept = csv_texts(vocab, values, skips, keys, "v1", {})
    assert texts == (csv_text(values, vocab, "values").encode(), csv_text(skips, vocab, "skipped").encode())
    # A report whose key is unchanged keeps its lines; one whose key changed is made again.
    changed = [value(1500, "00000001"), value(1700, "00000001"), value(950, "00000003")]
    again, _ = csv_texts(vocab, changed, skips, {**keys, "00000003": "k3b"}, "v1", kept)
    assert b"1600" in again[0] and b"1700" not in again[0] and b"950" in again[0] and b"900" not in again[0]
    # Another version (the extractor's or this code's) makes every line again.
    assert csv_texts(vocab, changed, skips, keys, "v2", kept)[0] == (csv_text(changed, vocab, "values").encode(),
                                                                     csv_text(skips, vocab, "skipped").encode())

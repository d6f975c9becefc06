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

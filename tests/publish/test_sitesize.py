"""The site's size by part, and the warning and --strict failure near GitHub Pages' 1 GB limit."""
from __future__ import annotations

import pytest

from build_archive.core.errors import BuildFailed
from build_archive.publish import sitesize
from build_archive.cli import main


def test_parts_are_named_by_top_folder(tmp_path):
    for rel, size in [("r/abc/index.html", 300), ("raw/ab.bin", 50), ("county/1/index.html", 20),
                      ("search-index/s/0.bin", 7), ("data/catalog.csv", 11), ("assets/x.css", 5),
                      ("CHR-abc/index.html", 3), ("about/index.html", 2), ("index.html", 1)]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    size = sitesize.measure(tmp_path)
    parts = {p.name: (p.bytes, p.files) for p in size.parts}
    assert parts["report pages"] == (300, 1)
    assert parts["raw captures"] == (50, 1)
    assert parts["browse pages"] == (21, 2)
    assert parts["search"] == (7, 1) and parts["data"] == (11, 1) and parts["assets"] == (5, 1)
    assert parts["short URLs"] == (3, 1) and parts["other pages"] == (2, 1)
    assert size.bytes == 399 and size.files == 9
    assert size.describe(2).startswith("0 MB in 9 files; largest: report pages")
    listed = {p.relative_to(tmp_path).as_posix(): p.stat().st_size for p in tmp_path.rglob("*") if p.is_file()}
    assert sitesize.of_files(listed) == size


def test_the_site_build_lists_every_file_of_the_site_with_its_size(tmp_path, seeds_dir):
    """What the site build knows of its files (``SiteStats.sizes``) is what walking the site finds,
    after a first build and after a rebuild that renders one page again and removes one."""
    import shutil

    from build_archive.build import Settings, build
    from build_archive.publish.site import build_site, check_ledger
    from build_archive.publish.write import STATE_FILE

    reports, docs, site, cache = tmp_path / "reports", tmp_path / "docs", tmp_path / "site", tmp_path / "cache"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))

    def run():
        build(Settings(reports_dir=reports, docs_dir=docs, cache_dir=cache))
        stats = build_site(docs, site, cache_dir=cache, writer_state=cache / STATE_FILE)
        walked = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
        assert dict(stats.sizes) == walked
        assert sitesize.of_files(stats.sizes) == sitesize.measure(site)
        return stats

    stats = run()
    code = next(p.name for p in (site / "r").iterdir())
    check_ledger(site, [f"r/{code}/", f"CHR-{code}/"], stats.sizes)
    with pytest.raises(BuildFailed, match="do not resolve"):
        check_ledger(site, ["r/00000000/"], stats.sizes)
    (reports / "001_bef659f45db81c95.txt").unlink()
    run()


def _size(total_mb: int, files: int = 10) -> sitesize.SiteSize:
    return sitesize.SiteSize((sitesize.Part("report pages", total_mb * 10**6 * 3 // 4, files),
                              sitesize.Part("raw captures", total_mb * 10**6 // 4, 0)))


def test_warns_past_900_mb_naming_the_largest_parts_and_fails_past_1_gb():
    assert sitesize.problems(_size(800)) == ([], [])
    warnings, fatal = sitesize.problems(_size(950))
    assert not fatal and "900 MB" in warnings[0] and "report pages 712 MB" in warnings[0]
    assert "raw captures 238 MB" in warnings[0]
    warnings, fatal = sitesize.problems(_size(1200))
    assert "1 GB" in fatal[0] and "report pages 900 MB" in fatal[0]
    assert sitesize.problems(_size(10, files=200_000))[0][0].startswith("the site has more than 100,000 files")


def test_site_command_fails_under_strict_past_the_limit(tmp_path, seeds_dir, monkeypatch, capsys):
    monkeypatch.setattr(sitesize, "LIMIT_BYTES", 1000)
    monkeypatch.setattr(sitesize, "WARN_BYTES", 500)
    out = tmp_path / "site"
    assert main(["site", "--reports", str(seeds_dir), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning: the site is larger than GitHub Pages' 1 GB limit" in err and "largest:" in err
    assert main(["site", "--reports", str(seeds_dir), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "Error: --strict: the site is larger than GitHub Pages' 1 GB limit" in err and "largest:" in err

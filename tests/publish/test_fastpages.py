"""The fast renderer gives the pages mkdocs would give, and only re-renders what changed."""
import re

import pytest

from build_archive.build import BuildFailed
from build_archive.publish.fastpages import BULK_DIRS, rewrite_links
from build_archive.publish.linkcheck import check_site
from build_archive.publish.site import build_site


def normalised(html: str) -> str:
    return "\n".join(line.strip() for line in re.sub(r">\s*<", ">\n<", html).splitlines() if line.strip())


@pytest.fixture(scope="module")
def both(seed_build, tmp_path_factory):
    _result, settings, fast_site = seed_build
    slow_site = tmp_path_factory.mktemp("mkdocs-site")
    build_site(settings.docs_dir, slow_site, renderer="mkdocs")
    return fast_site, slow_site


def test_every_generated_page_matches_mkdocs_rendering(both):
    fast, slow = both
    pages = sorted(p.relative_to(slow).as_posix() for d in BULK_DIRS for p in (slow / d).rglob("index.html"))
    assert len(pages) >= 20
    for page in pages:
        assert normalised((fast / page).read_text(encoding="utf-8")) == \
            normalised((slow / page).read_text(encoding="utf-8")), page


def test_navigation_pages_match_mkdocs_rendering_of_the_whole_docs_folder(both):
    """mkdocs renders the navigation pages from a folder of their own, told of the other pages
    (site._KnownPages): their links must come out as from the whole docs folder."""
    fast, slow = both
    pages = ["index.html", "downloads/index.html", "build-report/index.html", "search/index.html",
             "browse/regions/index.html", "browse/themes/index.html", "browse/years/index.html"]
    for page in pages:
        assert normalised((fast / page).read_text(encoding="utf-8")) == \
            normalised((slow / page).read_text(encoding="utf-8")), page


def test_both_sites_have_the_same_files(both):
    fast, slow = both
    files = lambda root: {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    # mkdocs also renders the shell page, which the fast site leaves out
    assert files(fast) == {f for f in files(slow) if not f.startswith("shell/")}


def test_rebuild_renders_nothing_unchanged_and_one_changed_page(seed_build, tmp_path):
    _result, settings, _site = seed_build
    site = tmp_path / "site"
    first = build_site(settings.docs_dir, site)
    again = build_site(settings.docs_dir, site)
    assert first.rendered > 0 and again.rendered == 0 and again.copied == 0 and again.removed == 0
    page = settings.docs_dir / "county" / "431122.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("共 1 篇报告", "共 1 篇报告。"), encoding="utf-8")
        third = build_site(settings.docs_dir, site)
        assert third.rendered == 1
    finally:
        page.write_text(original, encoding="utf-8")


def test_a_change_of_the_renderers_code_renders_every_page_again(seed_build, tmp_path, monkeypatch):
    """Unchanged Markdown is reused without being read (its size and mtime match the manifest),
    so the renderer's own code (htmlcompact.py, fastreport.py, RENDERER_VERSION) must be part of
    what the manifest was made with: else a changed renderer would leave every page as before."""
    from build_archive.publish import fastpages

    _result, settings, _site = seed_build
    site = tmp_path / "site"
    first = build_site(settings.docs_dir, site)
    monkeypatch.setattr(fastpages, "_COMPACT", "another renderer")
    again = build_site(settings.docs_dir, site)
    assert again.rendered == first.rendered > 0


@pytest.mark.parametrize("doc, href, expected", [
    ("r/2ac8209b.md", "../county/431122.md", "../../county/431122/"),
    ("r/2ac8209b.md", "../raw/2ac8209b.txt", "../../raw/2ac8209b.txt"),
    ("r/2ac8209b.md", "aa5b70b4.md", "../aa5b70b4/"),
    ("r/2ac8209b.md", "../index.md", "../../"),
    ("theme/yigongti.md", "../browse/themes.md#x", "../../browse/themes/#x"),
    ("r/2ac8209b.md", "../source.md?c=2ac8209b", "../../source/?c=2ac8209b"),
])
def test_links_are_rewritten_as_mkdocs_does(doc, href, expected):
    out = rewrite_links(f'<p><a href="{href}">x</a></p>', doc)
    assert out == f'<p><a href="{expected}">x</a></p>'


def test_link_checker_finds_broken_links_and_javascript_urls(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a><a href="#top">t</a><p id="top"></p>', encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/#nowhere">x</a><a href="javascript:alert(1)">y</a>'
                                               '<a href="https://example.com/">ok</a><img src="../c.png">',
                                               encoding="utf-8")
    with pytest.raises(BuildFailed) as exc:
        check_site(tmp_path)
    messages = sorted(p.message for p in exc.value.problems)
    assert messages == ["b/index.html: ../a/#nowhere has no anchor #nowhere",
                        "b/index.html: ../c.png does not exist",
                        "b/index.html: javascript: URL 'javascript:alert(1)'"]


def test_incremental_rebuilds_end_with_the_files_a_full_build_gives(tmp_path, seeds_dir):
    """With a cache (writer state, parse cache, site listing), a rebuild after removing and
    adding reports leaves exactly the files of a from-scratch build, byte for byte."""
    import shutil

    from build_archive.build import Settings, build
    from build_archive.publish.write import STATE_FILE

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    names = sorted(p.name for p in reports.glob("*.txt"))
    held = tmp_path / "held"
    held.mkdir()
    shutil.move(reports / names[-1], held / names[-1])

    def run(docs, site, cache):
        build(Settings(reports_dir=reports, docs_dir=docs, cache_dir=cache))
        # As `build-archive site` does: the writer's state lists the generated files.
        build_site(docs, site, cache_dir=cache, writer_state=cache / STATE_FILE)

    inc = (tmp_path / "docs", tmp_path / "site", tmp_path / "cache")
    run(*inc)
    shutil.move(reports / names[0], held / names[0])       # one report leaves
    shutil.move(held / names[-1], reports / names[-1])     # another arrives
    run(*inc)
    fresh = (tmp_path / "docs2", tmp_path / "site2", tmp_path / "cache2")
    run(*fresh)
    assert files(inc[0]) == files(fresh[0])
    assert files(inc[1]) == files(fresh[1])


def test_a_long_theme_province_list_is_split_by_year(tmp_path, seeds_dir, monkeypatch):
    """Past THEME_PROVINCE_PAGE_MAX reports a theme-and-province page lists years, each with
    a page of its own; every link of the site resolves."""
    import shutil

    from build_archive.pages import theme_pages
    from build_archive.build import Settings, build

    monkeypatch.setattr(theme_pages, "THEME_PROVINCE_CAP", 0)
    monkeypatch.setattr(theme_pages, "THEME_PROVINCE_PAGE_MAX", 0)
    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    build(Settings(reports_dir=reports, docs_dir=tmp_path / "docs"))
    build_site(tmp_path / "docs", tmp_path / "site")  # checks every link
    year_pages = sorted(p for p in (tmp_path / "site" / "theme").glob("*/index.html")
                        if re.fullmatch(r".+-\d{2}-(\d{4}|nd)", p.parent.name))
    assert year_pages
    page = year_pages[0].read_text(encoding="utf-8")
    assert "依据：" in page and "全部年度" in page


def test_the_writer_state_lists_the_generated_files_a_walk_finds(tmp_path, seeds_dir):
    """The site stage takes the generated files from the writer's state instead of walking
    135,000 files; both must give the same files with the same sizes and mtimes."""
    import shutil

    from build_archive.build import Settings, build
    from build_archive.publish.site import generated_files
    from build_archive.publish.write import STATE_FILE

    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports)
    cache = tmp_path / "cache"
    build(Settings(reports_dir=reports, docs_dir=tmp_path / "docs", cache_dir=cache))
    listed = generated_files(tmp_path / "docs", cache / STATE_FILE)
    walked = generated_files(tmp_path / "docs", None)
    assert set(listed) >= {"r", "raw", "county", "data", "search-index"}
    assert any(top.startswith("CHR-") for top in listed)
    assert {top: [(rel, (st.st_size, st.st_mtime_ns)) for rel, st in files] for top, files in listed.items()} == \
        {top: [(rel, (st.st_size, st.st_mtime_ns)) for rel, st in files] for top, files in walked.items()}


def test_a_file_changed_since_the_last_site_build_is_copied_again(tmp_path, seeds_dir):
    """The site listing remembers the size and mtime each file was copied at: a file the
    writer rewrote (new mtime) is copied, the others are not even looked at."""
    import os
    import shutil

    from build_archive.build import Settings, build
    from build_archive.publish.write import STATE_FILE

    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    docs, site, cache = tmp_path / "docs", tmp_path / "site", tmp_path / "cache"
    build(Settings(reports_dir=reports, docs_dir=docs, cache_dir=cache))
    build_site(docs, site, cache_dir=cache, writer_state=cache / STATE_FILE)
    raw = sorted((docs / "raw").iterdir())[0]
    (site / "raw" / raw.name).write_bytes(b"stale")  # not looked at: the listing vouches for it
    again = build_site(docs, site, cache_dir=cache, writer_state=cache / STATE_FILE)
    assert again.copied == 0 and again.rendered == 0
    assert (site / "raw" / raw.name).read_bytes() == b"stale"
    shutil.copy2(raw, site / "raw" / raw.name)
    # A report's text is edited: the build rewrites its raw copy and page, the site follows.
    victim = sorted(reports.glob("*.txt"))[0]
    text = victim.read_text(encoding="utf-8")
    cut = text.index("。", len(text) // 2) + 1  # in the body, not the trailing chrome
    victim.write_text(text[:cut] + "补充一句。" + text[cut:], encoding="utf-8")
    os.utime(victim, ns=(victim.stat().st_atime_ns, victim.stat().st_mtime_ns + 10**9))
    build(Settings(reports_dir=reports, docs_dir=docs, cache_dir=cache))
    third = build_site(docs, site, cache_dir=cache, writer_state=cache / STATE_FILE)
    assert third.copied >= 1 and third.rendered >= 1
    for path in (docs / "raw").iterdir():
        assert (site / "raw" / path.name).read_bytes() == path.read_bytes()
    changed = [p for p in (docs / "r").glob("*.md") if "补充一句。" in p.read_text(encoding="utf-8")]
    assert changed
    for page in changed:
        html = site / "r" / page.stem / "index.html"
        assert "补充一句。" in html.read_text(encoding="utf-8"), html


def test_the_archive_index_groups_as_the_plain_groupings_do(seed_build):
    """``ArchiveIndex.of`` groups years by province and themes by province and year in one
    pass; each grouping equals grouping its flat list, in the same order."""
    import random
    from dataclasses import replace

    from build_archive.pages import archive_index
    from build_archive.core.model import ThemeTag

    result, _settings, _site = seed_build
    rng = random.Random(7)
    themes = ["妇幼健康", "疾病预防控制", "爱国卫生与健康城市", "中医药"]
    places = [None, "431122", "431102", "440105", "110101", "650102"]
    reports = []
    for i in range(300):
        base = result.reports[i % len(result.reports)]
        meta = replace(base.meta, adcode=rng.choice(places), year=rng.choice([None, 2019, 2021, 2022, 2023]))
        tags = tuple(ThemeTag(t, 1.0, "依据") for t in rng.sample(themes, rng.randint(0, len(themes))))
        reports.append(replace(base, meta=meta, themes=tags,
                               ident=replace(base.ident, code=f"{i:08x}", path=f"r/{i:08x}/")))
    index = archive_index.ArchiveIndex.of(reports, {}, browse_vocabulary())
    assert index.year_provinces == {y: archive_index.by_province_of(rs) for y, rs in index.by_year.items()}
    assert index.theme_provinces == {t: archive_index.by_province_of(rs) for t, rs in index.by_theme.items()}
    assert index.theme_province_years == {(t, p): archive_index.by_year(rs) for t, by in index.theme_provinces.items()
                                          for p, rs in by.items()}
    for groups in [*index.year_provinces.values(), *index.theme_provinces.values(), *index.theme_province_years.values()]:
        for items in groups.values():
            assert items == sorted(items, key=archive_index.newest_first)
    # Key order too (dict equality ignores it): provinces by code, unplaced last; years newest first.
    for by in index.theme_provinces.values():
        assert list(by) == list(archive_index.by_province_of([r for rs in by.values() for r in rs]))
    for by in index.theme_province_years.values():
        assert list(by) == list(archive_index.by_year([r for rs in by.values() for r in rs]))


def browse_vocabulary():
    from build_archive.parse.themes import load_vocabulary

    return load_vocabulary()

"""The build end to end on the seeds, through docs/ (the Markdown), without mkdocs."""
import gzip
import hashlib
import shutil
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from build_archive.read import rawpack
from build_archive.build import BuildFailed, Settings, build
from build_archive.core.mdtext import md_text
from build_archive.pages.render import FRONT_MATTER_FIELDS, front_matter


def make_settings(tmp_path, seeds_dir, **kw):
    reports = tmp_path / "reports"
    if not reports.exists():
        shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    return Settings(reports_dir=reports, docs_dir=tmp_path / "docs", ledger_path=tmp_path / "ledger.tsv", **kw)


def test_every_page_front_matter_parses_back_to_its_metadata(tmp_path, seeds_dir):
    result = build(make_settings(tmp_path, seeds_dir))
    assert len(result.reports) == 5
    for report in result.reports:
        text = (tmp_path / "docs" / "r" / f"{report.ident.code}.md").read_text(encoding="utf-8")
        _body, data = get_data(text)
        assert '"identifier":"CHR-' in data.pop("head")  # in the JSON-LD (news has no report number)
        assert data.pop("cite").startswith('<section class="archive-cite" id="cite" data-cite-box')
        assert data == front_matter(report)
        for field in FRONT_MATTER_FIELDS:
            assert data[field] == getattr(report.meta, field), (report.source.name, field)
        assert data["sha256"] == hashlib.sha256(report.source.path.read_bytes()).hexdigest()
        assert data["code"] == f"CHR-{report.source.capture_id[:8]}"


def test_raw_files_are_never_touched(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    before = {p.name: p.read_bytes() for p in settings.reports_dir.iterdir()}
    build(settings)
    result = build(settings)
    assert {p.name: p.read_bytes() for p in settings.reports_dir.iterdir()} == before
    for r in result.reports:  # no cache: the reports carry their bodies
        member, _entry = rawpack.read_member(settings.docs_dir, r.ident.code)
        assert rawpack.decompress(member, rawpack.dictionary(r.structured.paragraphs)) == before[r.source.name]


def test_rebuild_writes_nothing_and_is_byte_identical(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    build(settings)
    snapshot = {p: p.read_bytes() for p in settings.docs_dir.rglob("*") if p.is_file()}
    again = build(settings)
    assert again.written == 0 and again.removed == 0
    assert {p: p.read_bytes() for p in settings.docs_dir.rglob("*") if p.is_file()} == snapshot


def test_removing_a_report_keeps_its_url_and_the_others(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    first = build(settings)
    urls = {r.source.name: r.ident.path for r in first.reports}
    gone = next(settings.reports_dir.glob("002_*.txt"))
    gone.unlink()
    second = build(settings)
    assert {r.source.name: r.ident.path for r in second.reports} == {k: v for k, v in urls.items() if k != gone.name}
    withdrawn = (settings.docs_dir / "r" / "9245598f.md").read_text(encoding="utf-8")
    assert "报告已撤下" in withdrawn
    assert any("no longer in" in p.message for p in second.problems)


def test_override_wins_survives_rebuilds_and_is_shown(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    (settings.reports_dir / "004_6463a654558bd747.yml").write_text("county: 东安县\n", encoding="utf-8")
    for _ in range(2):
        result = build(settings)
    report = next(r for r in result.reports if r.source.name.startswith("004"))
    assert report.meta.county == "东安县" and report.meta.corrected == ("county",)
    page = (settings.docs_dir / "r" / "6463a654.md").read_text(encoding="utf-8")
    assert "（人工更正）" in page and "corrected:\n- county" in page


def test_bad_override_is_reported_by_file_and_line(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    (settings.reports_dir / "004_6463a654558bd747.yml").write_text("year: 2016\ncounty: 东按县\n", encoding="utf-8")
    (settings.reports_dir / "999_nothing.yml").write_text("year: 2016\n", encoding="utf-8")
    result = build(settings)
    messages = [str(p) for p in result.problems]
    assert any(m.startswith("reports/004_6463a654558bd747.yml: reports/004_6463a654558bd747.yml:2: unknown county '东按县'")
               for m in messages), messages
    assert any(m.startswith("reports/999_nothing.yml: there is no report 999_nothing.txt") for m in messages)
    with pytest.raises(BuildFailed, match="2 problem"):
        build(make_settings(tmp_path, seeds_dir, strict=True))


def test_nothing_lost_every_input_is_published_or_listed(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    (settings.reports_dir / "empty.txt").write_bytes(b"")
    (settings.reports_dir / "scan.txt").write_bytes(b"%PDF-1.7\n...")
    (settings.reports_dir / "photo.png").write_bytes(b"\x89PNG")
    (settings.reports_dir / "chrome-only.txt").write_text("分享到:\n扫一扫在手机打开当前页\n湘ICP备16008386号\n", encoding="utf-8")
    shutil.copy(next(settings.reports_dir.glob("000_*.txt")), settings.reports_dir / "copy of 000.txt")
    result = build(settings)
    names = {p.name for p in settings.reports_dir.iterdir() if p.suffix != ".yml"}
    published = {r.source.name for r in result.reports}
    skipped = {s.name for s in result.skipped}
    assert published | skipped == names and not published & skipped
    assert len(published) == 5
    dup = next(s for s in result.skipped if s.name == "copy of 000.txt")
    assert dup.duplicate_of == "000_2ac8209b6c6491b0.txt"
    assert not (settings.docs_dir / "build-report.tsv").exists()  # shipped gzipped
    tsv = gzip.decompress((settings.docs_dir / "build-report.tsv.gz").read_bytes()).decode("utf-8").splitlines()
    assert sorted(line.split("\t")[0] for line in tsv[1:]) == sorted(names)
    page = (settings.docs_dir / "build-report.md").read_text(encoding="utf-8")
    for name in skipped:
        assert md_text(name) in page
    assert "nothing but site chrome" in page


def test_strict_build_writes_nothing_when_there_are_problems(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir, strict=True)
    (settings.reports_dir / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildFailed) as exc:
        build(settings)
    assert [str(p) for p in exc.value.problems] == [f"{settings.reports_label}/empty.txt: the file is empty; remove it or capture the page again"]
    assert not settings.docs_dir.exists()


def test_citation_codes_work_as_short_urls(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    build(settings)
    page = (settings.docs_dir / "CHR-2ac8209b" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../r/2ac8209b/">' in page
    assert '<link rel="canonical" href="../r/2ac8209b/">' in page


def test_adding_correcting_and_merging_never_breaks_a_published_url(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    first = build(settings)
    urls = {r.source.name: r.ident.path for r in first.reports}
    # a correction changes metadata, never the URL
    (settings.reports_dir / "002_9245598fc40722ae.yml").write_text("county: 东安县\n", encoding="utf-8")
    # the same bytes under a new name are the same capture: the URL moves with it
    original = next(settings.reports_dir.glob("003_*.txt"))
    renamed = settings.reports_dir / "阳山 2020.txt"
    original.rename(renamed)
    second = build(settings)
    assert {r.source.name: r.ident.path for r in second.reports} == {
        (renamed.name if k == original.name else k): v for k, v in urls.items()}
    # a repost of a published report (other bytes, same text) is a duplicate: nothing moves
    repost = settings.reports_dir / "005_bbbbbbbbbbbbbbbb.txt"
    repost.write_text("分享到:\n" + renamed.read_text(encoding="utf-8"), encoding="utf-8")
    third = build(settings)
    assert {r.source.name: r.ident.path for r in third.reports} == {r.source.name: r.ident.path for r in second.reports}
    assert any(s.name == repost.name and s.duplicate_of == renamed.name for s in third.skipped)


def test_two_published_copies_found_to_be_one_report_redirect(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    original = next(settings.reports_dir.glob("003_*.txt"))
    repost = tmp_path / "005_bbbbbbbbbbbbbbbb.txt"
    repost.write_text("分享到:\n" + original.read_text(encoding="utf-8"), encoding="utf-8")
    build(settings)                                   # 003 published
    moved = tmp_path / "held-003.txt"
    original.rename(moved)
    shutil.copy(repost, settings.reports_dir / repost.name)
    build(settings)                                   # the repost published too, under its own code
    moved.rename(original)
    result = build(settings)                          # both present: one report, two published URLs
    assert [s.duplicate_of for s in result.skipped] == [original.name]
    page = (settings.docs_dir / "r" / "bbbbbbbb.md").read_text(encoding="utf-8")
    assert "报告已合并" in page and 'http-equiv="refresh" content="0; url=../aa5b70b4/"' in page


def test_a_report_page_lists_the_county_reports_of_the_years_next_to_its_own():
    """Issue 4: a report page lists the same county's other years; issue 16: two of them."""
    from types import SimpleNamespace as NS

    from build_archive.pages.report_pages import SAME_COUNTY_SHOWN, nearest_in_county

    kinds = ("工作计划", "工作总结")
    county = [NS(meta=NS(year=y, doc_type=kinds[i]), ident=NS(code=f"{y}{i}")) for y in range(2024, 2009, -1)
              for i in range(2)]
    me = county[11]  # 2019, 工作总结
    shown = nearest_in_county(me, county)
    assert SAME_COUNTY_SHOWN == 2 and me not in shown
    # The years either side, newest first, each its 工作总结.
    assert [(o.meta.year, o.meta.doc_type) for o in shown] == [(2020, "工作总结"), (2018, "工作总结")]
    # The first year: the two years after it, not the second report of the next.
    assert [o.ident.code for o in nearest_in_county(county[-1], county)] == ["20121", "20111"]
    # Only its own year: the others of that year.
    same = [NS(meta=NS(year=2020, doc_type="工作总结"), ident=NS(code=c)) for c in "abcd"]
    assert [o.ident.code for o in nearest_in_county(same[0], same)] == ["b", "c"]
    small = county[:3]
    assert nearest_in_county(small[0], small) == tuple(small[1:])


def test_a_cached_build_keeps_bodies_in_the_cache_until_a_page_needs_them(tmp_path, seeds_dir):
    """With a parse cache, reports come back as stubs (metadata without blocks); their
    bodies load back whole, and a stub is never rendered as a page without its text."""
    from build_archive.build import PARSE_CACHE
    from build_archive.core.cache import Bodies
    from build_archive.pages.render import body_plain, render_report

    plain = build(make_settings(tmp_path / "plain", seeds_dir))
    settings = make_settings(tmp_path / "cached", seeds_dir, cache_dir=tmp_path / "cache")
    build(settings)
    again = build(settings)
    assert again.written == 0
    assert not any(r.stub for r in plain.reports) and all(r.stub for r in again.reports)
    assert [r.meta for r in again.reports] == [r.meta for r in plain.reports]
    assert [r.cleaned.removed for r in again.reports] == [r.cleaned.removed for r in plain.reports]
    stub = again.reports[0]
    with pytest.raises(ValueError, match=stub.source.name):
        render_report(stub)
    with pytest.raises(ValueError, match="not loaded"):
        body_plain(stub)
    full = Bodies(tmp_path / "cache" / PARSE_CACHE).load(again.reports)
    assert [r.structured for r in full] == [r.structured for r in plain.reports]
    assert [render_report(r).content for r in full] == [render_report(r).content for r in plain.reports]


def test_a_correction_remakes_one_line_of_the_corpus(tmp_path, seeds_dir, monkeypatch):
    """The corpus is made from the last one's unchanged lines (linefile.py): correcting one
    report makes one new line, and the file equals a build from scratch."""
    from build_archive.pages import catalog

    made: list[str] = []
    lines_of = catalog.corpus_lines

    def counting(rows):
        for line in lines_of(rows):
            made.append(line)
            yield line

    monkeypatch.setattr(catalog, "corpus_lines", counting)
    settings = make_settings(tmp_path / "a", seeds_dir, cache_dir=tmp_path / "cache")
    build(settings)
    assert len(made) == 5
    made.clear()
    name = sorted(p.stem for p in settings.reports_dir.glob("*.txt"))[2]
    (settings.reports_dir / f"{name}.yml").write_text("county: 东安县\n", encoding="utf-8")
    build(settings)
    assert len(made) == 1 and "东安县" in made[0]
    fresh = make_settings(tmp_path / "b", seeds_dir)
    shutil.copy(settings.reports_dir / f"{name}.yml", fresh.reports_dir)
    build(fresh)
    for data in ("data/corpus.jsonl", "data/catalog.csv", "data/catalog.json"):
        assert (settings.docs_dir / data).read_bytes() == (fresh.docs_dir / data).read_bytes(), data


def test_a_parse_cache_that_is_not_a_database_is_started_again(tmp_path, seeds_dir):
    from build_archive.build import PARSE_CACHE

    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache")
    first = build(settings)
    (tmp_path / "cache" / PARSE_CACHE).write_bytes(b"not a database" * 100)
    again = build(settings)
    assert again.written == 0 and [r.meta for r in again.reports] == [r.meta for r in first.reports]


def test_build_states_pickled_by_modules_that_moved_are_started_again(tmp_path, seeds_dir):
    """The Pages workflow restores the newest cache of any earlier code: a state file whose
    classes lived in modules since moved (issue 18 moved them all) is a cache miss, not a crash."""
    import pickle
    import sys
    import types

    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache")
    first = build(settings)
    gone = types.ModuleType("build_archive_moved_away")

    class Old:
        pass

    Old.__module__, Old.__qualname__ = gone.__name__, "Old"
    gone.Old = Old
    sys.modules[gone.__name__] = gone
    try:
        blob = pickle.dumps({"items": Old()})
    finally:
        del sys.modules[gone.__name__]
    states = sorted((tmp_path / "cache").rglob("*.pickle"))
    assert states
    for path in states:
        path.write_bytes(blob)
    again = build(settings)
    assert [r.meta for r in again.reports] == [r.meta for r in first.reports]
    assert not again.problems


def test_a_rebuild_with_nothing_changed_loads_no_report_text(tmp_path, seeds_dir, monkeypatch):
    """Pages, corpus lines and search documents are made from the cache's stubs; a rebuild
    that changes nothing reads no body at all, and adding a report reads the bodies of the
    pages it rewrites only."""
    from build_archive.core.cache import Bodies

    loaded: list[str] = []
    load = Bodies.load

    def recording(self, reports):
        loaded.extend(r.source.name for r in reports if r.stub)
        return load(self, reports)

    monkeypatch.setattr(Bodies, "load", recording)
    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache")
    held = sorted(settings.reports_dir.glob("*.txt"))[-1]
    text = held.read_bytes()
    held.unlink()
    build(settings)
    loaded.clear()
    assert build(settings).written == 0 and loaded == []
    held.write_bytes(text)
    before = {p: p.stat().st_mtime_ns for p in (settings.docs_dir / "r").glob("*.md")}
    build(settings)
    rewritten = {p.stem for p in (settings.docs_dir / "r").glob("*.md")
                 if before.get(p) != p.stat().st_mtime_ns}
    assert set(loaded) and {n.split("_")[1][:8] for n in loaded} <= rewritten


def test_the_county_reports_are_ranked_as_a_full_sort_would():
    """``NearestInCounty`` ranks from year groups; a plain sort of the whole county is the
    reference: one report of each other year first (nearest years first, the newer of two),
    then a second of each, and so on, the page's own year after the others and undated reports
    last; within a year the page's document type first, then by code."""
    import random
    from types import SimpleNamespace as NS

    from build_archive.pages.report_pages import SAME_COUNTY_SHOWN, NearestInCounty

    def reference(report, county):
        year, kind = report.meta.year, report.meta.doc_type
        others = [o for o in county if o is not report]
        in_year = {}
        for o in sorted(others, key=lambda o: (o.meta.doc_type != kind, o.ident.code)):
            in_year.setdefault(o.meta.year, []).append(o)

        def rank(o):
            y = o.meta.year
            gap = abs(y - year) if y is not None and year is not None else 10_000
            return (y == year, in_year[y].index(o), y is None, gap, -(y or 0), o.ident.code)
        chosen = sorted(others, key=rank)[:SAME_COUNTY_SHOWN]
        return tuple(o for o in county if any(o is c for c in chosen))

    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(1, 40)
        county = [NS(meta=NS(year=rng.choice([None, *range(2012, 2025)]), doc_type=rng.choice(["工作总结", "工作计划", None])),
                     ident=NS(code=f"{rng.getrandbits(32):08x}"))
                  for _ in range(n)]
        county.sort(key=lambda o: (-(o.meta.year or 0), o.ident.code))  # newest first, as the index gives
        nearest = NearestInCounty()
        for me in county:
            assert nearest(me, county) == reference(me, county)


def test_similar_reports_are_not_computed_again_when_no_report_changed(tmp_path, seeds_dir, monkeypatch):
    from build_archive.parse import related

    calls = []
    similar = related.similar
    monkeypatch.setattr(related, "similar", lambda docs, *a, **kw: calls.append(len(docs)) or similar(docs, *a, **kw))
    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache")
    build(settings)
    snapshot = {p: p.read_bytes() for p in settings.docs_dir.rglob("*.md")}
    build(settings)
    assert calls == [5]
    assert {p: p.read_bytes() for p in settings.docs_dir.rglob("*.md")} == snapshot
    (settings.reports_dir / "000_2ac8209b6c6491b0.txt").rename(settings.reports_dir / "000_2ac8209b6c6491b0.txt.off")
    build(settings)
    assert calls == [5, 4]


def test_a_rebuild_with_the_same_inputs_skips_the_docs_stage(tmp_path, seeds_dir, monkeypatch):
    """publish.unchanged.NoChange: the same inputs, docs and release files as the last complete build, and
    nothing is parsed, rendered or checked; any change to an input or output and it all is."""
    import build_archive.build as b

    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache", skip_if_unchanged=True,
                             release_dir=tmp_path / "dist")
    first = build(settings)
    snapshot = {p: p.read_bytes() for p in settings.docs_dir.rglob("*") if p.is_file()}
    parses = []
    real = b.parse_all
    monkeypatch.setattr(b, "parse_all", lambda *a, **kw: parses.append(1) or real(*a, **kw))
    again = build(settings)
    assert parses == [] and again.counts == (len(first.reports), sum(1 for r in first.reports if r.meta.flags))
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert {p: p.read_bytes() for p in settings.docs_dir.rglob("*") if p.is_file()} == snapshot
    # A correction file, an edited output, a deleted release file: each makes it build again.
    (settings.reports_dir / "000_2ac8209b6c6491b0.yml").write_text("year: 2019\n", encoding="utf-8")
    assert build(settings).counts is None and len(parses) == 1
    assert build(settings).counts is not None and len(parses) == 1
    page = settings.docs_dir / "r" / "2ac8209b.md"
    page.write_text(page.read_text(encoding="utf-8") + "x", encoding="utf-8")
    assert build(settings).counts is None and len(parses) == 2
    assert "x\n" not in page.read_text(encoding="utf-8")[-3:]
    (settings.release_dir / "corpus.jsonl.gz").unlink()
    assert build(settings).counts is None and (settings.release_dir / "corpus.jsonl.gz").is_file()


def test_strict_fails_again_on_the_problems_of_an_unchanged_build(tmp_path, seeds_dir):
    from dataclasses import replace

    settings = make_settings(tmp_path, seeds_dir, cache_dir=tmp_path / "cache", skip_if_unchanged=True)
    (settings.reports_dir / "notes.pdf").write_bytes(b"%PDF")
    build(settings)
    with pytest.raises(BuildFailed):
        build(replace(settings, strict=True))


def _tree(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_adding_and_correcting_a_report_builds_what_a_build_from_scratch_does(tmp_path, monkeypatch):
    """Every cache a rebuild keeps (parses, page keys, same-county lists, the search index and the
    similar reports made in the background, records, release, site) gives the docs, release and site that a build
    from nothing gives for the same reports and ledger, byte for byte."""
    import build_archive.build as b
    from build_archive.publish.site import build_site
    from build_archive.publish.write import STATE_FILE

    monkeypatch.setattr(b, "BACKGROUND_FROM", 0)  # the background routes, as at 30,000
    pages = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.txt"))
    assert len(pages) > 30

    def settings(root):
        return Settings(reports_dir=root / "reports", docs_dir=root / "docs", ledger_path=root / "ledger.tsv",
                        cache_dir=root / "cache", release_dir=root / "dist", reports_label="reports")

    def site(s, root):
        build(s)
        build_site(s.docs_dir, root / "site", cache_dir=root / "site-cache", writer_state=s.cache_dir / STATE_FILE)

    inc = settings(tmp_path / "inc")
    inc.reports_dir.mkdir(parents=True)
    for page in pages[:-1]:
        shutil.copy(page, inc.reports_dir / page.name)
    site(inc, tmp_path / "inc")
    shutil.copy(pages[-1], inc.reports_dir / pages[-1].name)  # one added
    site(inc, tmp_path / "inc")
    (inc.reports_dir / pages[3].with_suffix(".yml").name).write_text("county: 东安县\n", encoding="utf-8")
    site(inc, tmp_path / "inc")  # one corrected: moved to another county

    scratch = settings(tmp_path / "scratch")
    shutil.copytree(inc.reports_dir, scratch.reports_dir)
    shutil.copy(inc.ledger_path, scratch.ledger_path)
    site(scratch, tmp_path / "scratch")
    for part in ("docs", "dist", "site"):
        assert _tree(tmp_path / "inc" / part) == _tree(tmp_path / "scratch" / part), part

"""The build end to end on the seeds, through docs/ (the Markdown), without mkdocs."""
import hashlib
import shutil

import pytest
from mkdocs.utils.meta import get_data

from build_archive.build import BuildFailed, Settings, build
from build_archive.mdtext import md_text
from build_archive.render import FRONT_MATTER_FIELDS, front_matter


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
        assert '<meta name="citation_technical_report_number" content="CHR-' in data.pop("head")
        assert data == front_matter(report)
        for field in FRONT_MATTER_FIELDS:
            assert data[field] == getattr(report.meta, field), (report.source.name, field)
        assert data["sha256"] == hashlib.sha256(report.source.path.read_bytes()).hexdigest()
        assert data["code"] == f"CHR-{report.source.capture_id[:8]}"


def test_raw_files_are_never_touched(tmp_path, seeds_dir):
    settings = make_settings(tmp_path, seeds_dir)
    before = {p.name: p.read_bytes() for p in settings.reports_dir.iterdir()}
    build(settings)
    build(settings)
    assert {p.name: p.read_bytes() for p in settings.reports_dir.iterdir()} == before
    for p in settings.reports_dir.iterdir():
        assert (settings.docs_dir / "raw").joinpath(f"{p.name.split('_')[1][:8]}.txt").read_bytes() == before[p.name]


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
    tsv = (settings.docs_dir / "build-report.tsv").read_text(encoding="utf-8").splitlines()
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

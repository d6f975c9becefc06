"""Files written and copied in place, and a build that dies half way through writing them."""
import os
import shutil

import pytest

from build_archive.publish import overwrite as ow


def test_overwrite_creates_grows_and_shrinks_a_file_in_place(tmp_path):
    path = tmp_path / "a.md"
    ow.overwrite(path, "第一版，较长的内容。".encode("utf-8"))
    inode = path.stat().st_ino
    ow.overwrite(path, "短".encode("utf-8"))
    assert path.read_text(encoding="utf-8") == "短"
    ow.overwrite(path, "第三版，比第二版长。".encode("utf-8"))
    assert path.read_text(encoding="utf-8") == "第三版，比第二版长。"
    ow.overwrite(path, b"")
    assert path.read_bytes() == b""
    assert path.stat().st_ino == inode  # the same file: no rename, no new inode


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_copy_over_copies_bytes_mtime_and_mode_like_copy2(tmp_path, monkeypatch, kernel_copy):
    if not kernel_copy:
        def refuse(*args, **kwargs):
            raise OSError(18, "Invalid cross-device link")
        monkeypatch.setattr(os, "copy_file_range", refuse)
    src, dst, ref = tmp_path / "src.txt", tmp_path / "dst.txt", tmp_path / "ref.txt"
    dst.write_bytes(b"x" * 5_000_000)  # longer than the source: must be cut
    src.write_bytes(("卫生健康工作总结\n" * 100_000).encode("utf-8")[:3_000_001])
    os.chmod(src, 0o640)
    os.utime(src, ns=(1_600_000_000_000_000_000, 1_600_000_000_123_456_789))
    ow.copy_over(src, dst)
    shutil.copy2(src, ref)
    assert dst.read_bytes() == src.read_bytes()
    assert dst.stat().st_mtime_ns == ref.stat().st_mtime_ns
    assert dst.stat().st_mode == ref.stat().st_mode
    ow.copy_over(src, tmp_path / "new.txt")  # a new file too
    assert (tmp_path / "new.txt").read_bytes() == src.read_bytes()


def test_a_build_that_dies_while_writing_is_mended_by_the_next(tmp_path, seeds_dir, monkeypatch):
    """Pages are written in place, so a build that stops half way leaves torn files; the
    writer's state is gone meanwhile, and the next build compares every file by content and
    ends with exactly what a build from scratch gives."""
    from build_archive.publish import write
    from build_archive.build import Settings, build

    reports = tmp_path / "reports"
    shutil.copytree(seeds_dir, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    settings = Settings(reports_dir=reports, docs_dir=tmp_path / "docs", cache_dir=tmp_path / "cache")
    build(settings)
    for path in sorted(reports.glob("*.txt")):  # every report changes: its pages must be rewritten
        text = path.read_text(encoding="utf-8")
        cut = text.index("。", len(text) // 2) + 1
        path.write_text(text[:cut] + "另起一句。" + text[cut:], encoding="utf-8")

    calls = []

    def torn(path, data):
        calls.append(path)
        if len(calls) == 4:
            with open(path, "r+b") as f:  # half the new bytes over the old: a torn file
                f.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        real(path, data)

    real = write.overwrite
    monkeypatch.setattr(write, "overwrite", torn)
    with pytest.raises(OSError):
        build(settings)
    assert len(calls) == 4
    assert not (settings.cache_dir / write.STATE_FILE).exists()
    monkeypatch.setattr(write, "overwrite", real)
    build(settings)
    fresh = Settings(reports_dir=reports, docs_dir=tmp_path / "docs2")
    build(fresh)

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert files(settings.docs_dir) == files(fresh.docs_dir)

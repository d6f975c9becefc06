"""A line file made again from the last one's unchanged lines equals one made from nothing."""
import io
import random

from build_archive.core import linefile


def line(key: str) -> bytes:
    return f'{{"code":"{key}","text":"第{key}号报告，卫生健康工作总结。"}}\n'.encode("utf-8")


def write(path, keys, old_index=None):
    made: list[str] = []

    def make(todo):
        made.extend(keys[i] for i in todo)
        return (line(keys[i]) for i in todo)

    with open(path, "wb") as out:
        index = linefile.write_lines(out, keys, make, path.with_suffix(".old") if old_index else None, old_index or {})
    return index, made


def test_a_file_made_from_nothing_has_every_line_in_order(tmp_path):
    keys = [f"k{i:03d}" for i in range(50)]
    index, made = write(tmp_path / "a.jsonl", keys)
    data = (tmp_path / "a.jsonl").read_bytes()
    assert data == b"".join(line(k) for k in keys) and made == keys
    assert all(data[o:o + n] == line(k) for k, (o, n) in index.items())


def test_a_remade_file_copies_unchanged_lines_and_makes_only_new_ones(tmp_path):
    rng = random.Random(7)
    keys = [f"k{i:03d}" for i in range(200)]
    path = tmp_path / "c.jsonl"
    index, _ = write(path, keys)
    for _round in range(5):
        new = [k for k in keys if rng.random() > 0.1] + [f"n{_round}-{i}" for i in range(rng.randint(0, 5))]
        rng.shuffle(new) if _round == 2 else new.sort()
        path.rename(path.with_suffix(".old"))
        index, made = write(path, new, index)
        assert path.read_bytes() == b"".join(line(k) for k in new)
        assert sorted(made) == sorted(set(new) - set(keys))
        path.with_suffix(".old").unlink()
        keys = new


def test_an_unreadable_index_means_no_reuse(tmp_path):
    bad = tmp_path / "lines.json"
    bad.write_text("not a pickle", encoding="utf-8")
    assert linefile.read_index(bad) == ("", {})
    assert linefile.read_index(tmp_path / "missing.json") == ("", {})
    linefile.write_index(bad, "key", {"a": [0, 3]})
    assert linefile.read_index(bad) == ("key", {"a": [0, 3]})


def test_copying_falls_back_to_reading_when_the_kernel_cannot(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.write_bytes(b"0123456789" * 1000)
    monkeypatch.delattr(linefile.os, "copy_file_range")
    out = io.BytesIO()
    with open(src, "rb") as f:
        linefile._copy_range(f, out, 5, 10_000 - 10)
    assert out.getvalue() == src.read_bytes()[5:9995]

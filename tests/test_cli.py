import json
import re
import subprocess
import sys

from build_archive.core.paths import PROJECT_DIR
from build_archive.cli import INSPECT_KEYS, main, stage_times


def test_inspect_json_has_the_documented_keys(seeds_dir, capsys):
    files = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    assert main(["inspect", *files, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 5
    for item in out:
        assert set(INSPECT_KEYS) <= set(item)
    first = out[0]
    assert first["county"] == "东安县" and first["adcode"] == "431122" and first["year"] == 2020
    assert "东安县卫生健康局" not in first["text"].splitlines()[0] or first["title"]
    assert "您现在所在的位置" not in first["text"]


def test_inspect_never_writes_and_reports_unreadable_files(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    before = set(tmp_path.iterdir())
    assert main(["inspect", str(bad), "--json"]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)[0]["error"].startswith("the file is empty")
    assert f"{bad}: the file is empty" in captured.err
    assert set(tmp_path.iterdir()) == before


def test_build_command_and_module_entry_point(tmp_path, seeds_dir):
    docs = tmp_path / "docs"
    run = subprocess.run([sys.executable, "-m", "build_archive", "build", "--reports", str(seeds_dir),
                          "--docs", str(docs), "--ledger", str(tmp_path / "ledger.tsv")],
                         capture_output=True, text=True, cwd=PROJECT_DIR)
    assert run.returncode == 0, run.stderr
    assert "5 reports published, 0 not published" in run.stdout
    assert len(list((docs / "r").glob("*.md"))) == 5
    # Every stage once, the parts of rendering inside its figure rather than beside it.
    stages = re.search(r"\((read .*)\)$", run.stdout.splitlines()[0]).group(1)
    assert re.fullmatch(r"read [0-9.]+s, parse [0-9.]+s, cross-check [0-9.]+s, search [0-9.]+s, indicators [0-9.]+s, "
                        r"render\+write [0-9.]+s \[related [0-9.]+s, indicator pages [0-9.]+s, browse [0-9.]+s\]", stages), stages


def test_a_broken_ledger_is_a_message_naming_it_not_a_traceback(tmp_path, seeds_dir):
    ledger = tmp_path / "ledger.tsv"
    ledger.write_text("", encoding="utf-8")  # e.g. truncated by a failed checkout
    for command in ("build", "site"):
        run = subprocess.run([sys.executable, "-m", "build_archive", command, "--reports", str(seeds_dir),
                              "--ledger", str(ledger), "--docs", str(tmp_path / f"{command}.docs")]
                             + (["--out", str(tmp_path / "site")] if command == "site" else []),
                             capture_output=True, text=True, cwd=PROJECT_DIR)
        assert run.returncode == 1, run.stderr
        assert "Traceback" not in run.stderr, run.stderr
        assert f"Error: {ledger}:1: expected the header" in run.stderr, run.stderr
    assert not (tmp_path / "site").exists()


def test_stage_times_put_parts_inside_their_stage():
    assert stage_times({"read": 1.0, "render+write/related": 2.5, "render+write": 7.25, "links": 0.5}) == (
        "read 1.00s, render+write 7.25s [related 2.50s], links 0.50s")


def test_site_command_builds_any_reports_folder(tmp_path, seeds_dir):
    out = tmp_path / "site"
    assert main(["site", "--reports", str(seeds_dir), "--out", str(out)]) == 0
    assert (out / "r" / "2ac8209b" / "index.html").is_file()
    assert (tmp_path / "site.docs" / "r" / "2ac8209b.md").is_file()


def test_every_command_is_documented_in_the_readme():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    import argparse

    from build_archive.cli import make_parser

    sub = next(a for a in make_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert {"build", "site", "inspect", "evaluate"} <= set(sub.choices)
    for name in sub.choices:
        assert f"`build-archive {name}" in readme, f"build-archive {name} is not documented in README.md"

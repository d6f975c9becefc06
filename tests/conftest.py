"""Shared fixtures: the seed reports, one real site build per session, a local server, a browser."""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from build_archive.build import Settings, build
from build_archive.core.paths import PROJECT_DIR
from build_archive.publish.site import build_site

SEEDS = PROJECT_DIR / "reports"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """The seeds built into a throwaway docs folder and then into a real mkdocs site."""
    root = tmp_path_factory.mktemp("seedsite")
    reports = root / "reports"
    shutil.copytree(SEEDS, reports, ignore=shutil.ignore_patterns("*.yml", "*.yaml"))
    settings = Settings(reports_dir=reports, docs_dir=root / "docs", ledger_path=root / "ledger.tsv")
    result = build(settings)
    build_site(settings.docs_dir, root / "site")
    return result, settings, root / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 in a thread; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(base, timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    return base, server


@pytest.fixture(scope="session")
def site_url(seed_build):
    base, server = serve(seed_build[2])
    yield base
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; skipped on machines without it unless REQUIRE_BROWSER is set (CI)."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing but REQUIRE_BROWSER is set; run .ci/run or apt-get install chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url):
    """A desktop-width page of the seed site that fails the test on any script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    context.close()
    assert errors == [], errors

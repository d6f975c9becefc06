#!/usr/bin/env python3
"""Screenshots of a built site in headless Chromium, desktop and phone width, for review.

    .venv/bin/python bench/screenshots.py site/ OUTDIR [PATH ...]

Default paths: the home page, the browse pages, the search page with a query, and every
report page. Needs Debian's chromium (/usr/bin/chromium) and fonts-wqy-microhei.
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    paths = sys.argv[3:] or (["", "browse/regions/", "browse/years/", "browse/themes/", "search/?q=家庭医生"]
                             + sorted(f"r/{p.parent.name}/" for p in (site / "r").glob("*/index.html")))
    out.mkdir(parents=True, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for kind, (w, h) in SIZES.items():
            page = browser.new_page(viewport={"width": w, "height": h})
            for path in paths:
                page.goto(base + path)
                page.wait_for_timeout(400)
                if path.startswith("search/?q="):
                    # A large index over a server without Range requests takes a second or two.
                    page.wait_for_selector(".as-result, .as-status:not(:empty)", timeout=30000)
                    page.wait_for_timeout(300)
                name = (path.strip("/").replace("/", "_").replace("?", "_") or "home") + f"-{kind}.png"
                page.screenshot(path=str(out / name))
                print(out / name)
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()

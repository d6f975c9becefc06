"""Short URLs and moved reports: tiny static pages that send the reader on.

GitHub Pages has no server-side redirects and may serve the site under ``/<repository>/``,
so a redirect is a page with a relative target: a canonical link for search engines and
citation managers, an immediate refresh, and a script that keeps the ``#anchor``.
"""
from __future__ import annotations

import html
import json

SHORT_PREFIX = "CHR-"


def short_path(code: str) -> str:
    """``CHR-2ac8209b/index.html``: the citation code works as a URL, ``<site>/CHR-2ac8209b``."""
    return f"{SHORT_PREFIX}{code}/index.html"


def redirect_page(target: str, label: str) -> str:
    """A standalone HTML page sending the reader to ``target`` (relative to the page's folder)."""
    href = html.escape(target, quote=True)
    script_target = json.dumps(target).replace("<", "\\u003c")
    return (
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(label)}</title>\n"
        f"<link rel=\"canonical\" href=\"{href}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={href}\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<script>location.replace({script_target} + location.hash)</script>\n"
        "</head>\n<body>\n"
        f"<p>{html.escape(label)}：<a href=\"{href}\">{href}</a></p>\n"
        "</body>\n</html>\n"
    )

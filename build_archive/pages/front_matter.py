"""A page's YAML front matter and its title, shared by every kind of page.

Front matter is written with ``yaml.safe_dump`` only: hand-formatted YAML turns ``no`` into
False and ``010`` into 8, and mkdocs silently drops front matter it cannot parse.
"""
from __future__ import annotations

import html

import yaml


def page_title(text: str) -> str:
    """A page title for front matter, as HTML.

    mkdocs-material prints ``page.meta.title`` into ``<title>`` and the header without
    escaping, so a scraped title such as ``</title><script>…`` must be escaped here.
    """
    return html.escape(text, quote=False)


# libyaml's safe dumper when PyYAML has it (its wheels do): the same YAML, ten times faster.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_front_matter(data: dict[str, object]) -> str:
    return "---\n" + yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n"

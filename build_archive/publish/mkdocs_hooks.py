"""mkdocs hooks (mkdocs.yml ``hooks:``): pages lose the templates' indentation (htmlcompact.py)."""
from __future__ import annotations

from build_archive.publish.htmlcompact import compact


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (mkdocs' event signature)
    return compact(output)

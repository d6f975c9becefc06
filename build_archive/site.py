"""Render a docs folder into the static site with mkdocs (the only module that calls mkdocs).

Kept apart from the rest of the build so that the renderer can be replaced: everything
before this point writes plain Markdown files that any mkdocs-compatible tool can read.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .build import PROJECT_DIR, BuildFailed

CONFIG = PROJECT_DIR / "mkdocs.yml"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(docs_dir: Path, site_dir: Path, config_file: Path = CONFIG) -> None:
    """``mkdocs build --strict`` of ``docs_dir`` into ``site_dir``; warnings fail the build."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildFailed(f"mkdocs build --strict failed for {docs_dir}: {details}") from exc
    finally:
        logger.removeHandler(collect)

"""One report from its raw text to a ``Report``: clean, structure, metadata, corrections,
themes, and the features later stages compare reports by.

A pure function of the raw capture, its correction file and the build's parsing code and
data, so its result is cached (``cache.parse_key``). Kept apart from the orchestration in
``build.py`` so that editing the build does not throw away 30,000 cached parses.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import byline, dedup, related
from .chrome_rules import ChromeRule
from .clean import clean
from .divisions import DivisionTable
from .metadata import extract
from ..core.model import Report, Source
from .overrides import Override, apply_override
from .structure import structure
from ..core.theme_types import Vocabulary
from .themes import tag_themes


@dataclass(frozen=True)
class Context:
    """Data every report's parse needs, loaded once."""

    rules: tuple[ChromeRule, ...]
    divisions: DivisionTable
    vocabulary: Vocabulary
    overrides: dict[str, Override] = field(default_factory=dict)


def parse_report(src: Source, context: Context) -> Report:
    """Everything one report needs, from its text alone: a pure function of its inputs."""
    cleaned = clean(src.text, context.rules)
    structured = structure(cleaned)
    meta = extract(src, cleaned, structured, context.divisions)
    names = byline.reporters(src.text)
    if names:
        meta = replace(meta, reporter="、".join(names))
    override = context.overrides.get(src.name)
    if override is not None:
        meta = apply_override(meta, override, context.divisions)
    themes = tag_themes(structured.title or meta.title or "", structured.headings, structured.paragraphs,
                        context.vocabulary)
    text = "\n".join([structured.title or "", *(b.text for b in structured.blocks)])
    return Report(source=src, cleaned=cleaned, structured=structured, meta=meta, themes=themes,
                  terms=related.report_terms(text), fingerprint=dedup.fingerprint(text.lstrip("\n")))

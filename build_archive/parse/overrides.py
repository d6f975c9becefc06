"""Hand corrections: ``reports/<name>.yml`` next to ``reports/<name>.txt``.

A maintainer writes only the fields to correct, e.g.::

    county: 东安县
    year: 2020

Corrections win over extraction, survive rebuilds (the raw file is never touched) and are
validated strictly: a misspelt field or an unknown county stops that report with a message
naming the file and line, rather than publishing a silently wrong page.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .divisions import DivisionTable
from .evidence import DOC_TYPES, full_agency_name
from ..core.model import Meta

PERIODS = ("全年", "上半年", "下半年", "前三季度", "第一季度", "第二季度", "第三季度", "第四季度")
STRING_FIELDS = ("title", "agency", "agency_full", "source", "source_url", "city", "province", "reporter")
DATE_FIELDS = ("publish_date", "written_date", "captured_date")
FIELDS = ("title", "county", "adcode", "province", "city", "year", "period", "doc_type", "agency",
          "agency_full", "publish_date", "written_date", "source", "source_url", "reporter", "captured_date")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A web address as a reader could follow it: http(s) only (never javascript: or data:), and
# none of the characters a URL cannot hold unescaped.
_WEB_URL = re.compile(r"^https?://[^\s<>\"'`\\^{}|]+$", re.I)
# Control characters, and line or paragraph separators: a field is one line of text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class OverrideError(ValueError):
    """An override file that cannot be applied; the message names the file and line."""


@dataclass(frozen=True)
class Override:
    """Validated corrections for one report."""

    file: str
    """The override file, as shown in messages."""
    values: tuple[tuple[str, object], ...]
    """(field, value) in file order; value may be None to mark a field as unknown."""


def override_path(report: Path) -> Path | None:
    for suffix in (".yml", ".yaml"):
        candidate = report.with_suffix(suffix)
        if candidate.exists():
            return candidate
    return None


def load_override(path: Path, shown: str, table: DivisionTable) -> Override:
    if path.is_symlink():
        # As for reports (see ingest.read_source): a link could read any file of the build machine.
        raise OverrideError(f"{shown}: this is a symbolic link; write the corrections into a regular file")
    try:
        # utf-8-sig: Windows editors save UTF-8 with a BOM, which would otherwise become part
        # of the first field's name ("\ufeffcounty") and be reported as an unknown field.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OverrideError(f"{shown}: cannot read the file as UTF-8 ({exc}); save it as UTF-8") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise OverrideError(_yaml_error(exc, shown, text)) from exc
    if node is None:
        return Override(shown, ())
    if not isinstance(node, yaml.MappingNode):
        raise OverrideError(f"{shown}:{node.start_mark.line + 1}: expected field: value lines, e.g. 'county: 东安县'")
    values: list[tuple[str, object]] = []
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in FIELDS:
            shown_key = key if key is not None else "(not a name)"
            raise OverrideError(f"{shown}:{line}: unknown field '{shown_key}'; correctable fields are {', '.join(FIELDS)}")
        if any(k == key for k, _v in values):
            raise OverrideError(f"{shown}:{line}: field '{key}' is given twice")
        try:
            value = yaml.safe_load(yaml.serialize(value_node))
        except yaml.YAMLError as exc:
            # A tag such as !!python/object: never constructed, reported like any bad value.
            raise OverrideError(f"{shown}:{value_node.start_mark.line + 1}: '{key}' has a value plain YAML cannot "
                                f"hold ({getattr(exc, 'problem', None) or exc}); write plain text or a number") from exc
        values.append((key, _check(key, value, f"{shown}:{line}", table)))
    fields = dict(values)
    if "county" in fields and fields["county"] is not None and "adcode" not in fields:
        units = {u.code for u in table.by_name(str(fields["county"]))}
        if len(units) > 1:
            raise OverrideError(f"{shown}: '{fields['county']}' names {len(units)} units "
                                f"({', '.join(sorted(units))}); add 'adcode:' to say which")
    return Override(shown, tuple(values))


def _yaml_error(exc: yaml.YAMLError, shown: str, text: str) -> str:
    """A parser error as 'file:line: what', pointing at the line a reader must fix.

    For an unclosed bracket or quote the parser notices the problem only at the end of the
    file; the line where the bracket or quote was opened (the error's context) is the one to fix.
    """
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    last_line = max(1, len(text.splitlines()))
    line = min(mark.line + 1, last_line) if mark is not None else None
    if context_mark is not None and (mark is None or mark.line + 1 > last_line or mark.index >= len(text.rstrip())):
        line = context_mark.line + 1
    where = f"{shown}:{line}" if line is not None else shown
    detail = f"{problem} {context}" if context else problem
    return f"{where}: not valid YAML ({detail.strip()}); write one 'field: value' per line, e.g. 'county: 东安县'"


def _check(key: str, value: object, where: str, table: DivisionTable) -> object:
    if value is None:
        return None
    if key == "year":
        if not isinstance(value, int) or isinstance(value, bool) or not 1949 <= value <= 2100:
            raise OverrideError(f"{where}: 'year' must be a year such as 2020, not {value!r}")
        return value
    if key in DATE_FIELDS:
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str) or not _ISO.match(value):
            raise OverrideError(f"{where}: '{key}' must be a date written YYYY-MM-DD, not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise OverrideError(f"{where}: '{key}' must be text, not {value!r}")
    if _CONTROL.search(value):
        raise OverrideError(f"{where}: '{key}' must be one line of text without control characters, not {value!r}")
    if key == "source_url" and not _WEB_URL.match(value):
        raise OverrideError(f"{where}: 'source_url' must be a web address starting with http:// or https://, "
                            f"not {value!r}")
    if key == "county" and not table.by_name(value):
        raise OverrideError(f"{where}: unknown county '{value}'; use the full name from the division table, e.g. 东安县")
    if key == "adcode" and table.by_code(value) is None:
        raise OverrideError(f"{where}: unknown division code '{value}'; expected a 6-digit county-level code")
    if key == "doc_type" and value not in DOC_TYPES:
        raise OverrideError(f"{where}: 'doc_type' must be one of {', '.join(DOC_TYPES)}, not {value!r}")
    if key == "period" and value not in PERIODS:
        raise OverrideError(f"{where}: 'period' must be one of {', '.join(PERIODS)}, not {value!r}")
    return value


def apply_override(meta: Meta, override: Override, table: DivisionTable) -> Meta:
    """Corrected metadata; place fields follow a corrected county unless also given."""
    fields = dict(override.values)
    if not fields:
        return meta
    changes: dict[str, object] = {}
    if "adcode" in fields or "county" in fields:
        division = None
        if fields.get("adcode"):
            division = table.by_code(str(fields["adcode"]))
        elif fields.get("county"):
            division = table.by_name(str(fields["county"]))[0]
        changes.update(
            county=division.name if division else None,
            province=division.province if division else None,
            city=division.city if division else None,
            adcode=division.code if division else None,
        )
        if "agency_full" not in fields:
            changes["agency_full"] = full_agency_name(fields.get("agency", meta.agency), division)  # type: ignore[arg-type]
    changes.update(fields)
    # A corrected field is no longer unknown: drop the flags that said so.
    cleared = {"county": ("county-unknown", "county-ambiguous", "county-from-body"),
               "adcode": ("county-unknown", "county-ambiguous", "county-from-body"),
               "year": ("year-unknown", "year-conflict", "year-span"), "doc_type": ("doc-type-unknown",), "agency": ("agency-unknown",),
               "publish_date": ("publish-date-ambiguous",), "title": ("title-missing",)}
    drop = {code for f in fields if fields[f] is not None for code in cleared.get(f, ())}
    flags = tuple(f for f in meta.flags if f.code not in drop)
    corrected = tuple(sorted(set(meta.corrected) | set(fields)))
    return replace(meta, **changes, flags=flags, corrected=corrected)  # type: ignore[arg-type]

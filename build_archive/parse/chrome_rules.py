"""The chrome rules of ``data/chrome.yml``: lines a site adds around a report, by name, pattern
and zone, loaded and checked once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

DATA_DIR = Path(__file__).parent.parent / "data"
DEFAULT_RULES = DATA_DIR / "chrome.yml"

Zone = Literal["anywhere", "head", "tail", "edges"]
RULE_KEYS = {"name", "pattern", "where", "max_len", "block", "value_next", "ends_article", "example"}


@dataclass(frozen=True)
class ChromeRule:
    """One line pattern that marks site chrome."""

    name: str
    """Shown next to every line the rule removed."""
    pattern: re.Pattern[str]
    """Searched in the stripped line."""
    where: Zone
    """Which part of the page the rule may fire in."""
    max_len: int | None = None
    """Longer lines are kept: a long line is more likely body text quoting the phrase."""
    block: bool = False
    """The line opens a footer block: short lines after it in the tail go too."""
    value_next: bool = False
    """A line that is only the label (``发布机构：``) has its value on the next line, which goes too."""
    ends_article: bool = False
    """After the body, the line closes the article like ``责任编辑：`` (a related-news heading):
    what follows is the site's."""

    def matches(self, text: str) -> bool:
        if self.max_len is not None and len(text) > self.max_len:
            return False
        return self.pattern.search(text) is not None


class RulesError(ValueError):
    """The chrome rule file is malformed; the message names the file and the rule."""


def load_rules(path: Path = DEFAULT_RULES) -> tuple[ChromeRule, ...]:
    return _load_rules_cached(str(path))


@lru_cache(maxsize=8)
def _load_rules_cached(path_str: str) -> tuple[ChromeRule, ...]:
    path = Path(path_str)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RulesError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesError(f"{path}: expected a mapping with a list under 'rules'")
    rules = []
    for i, item in enumerate(data["rules"], 1):
        where = f"{path}: rule {i}"
        if not isinstance(item, dict):
            raise RulesError(f"{where}: expected a mapping with name, pattern and where")
        unknown = set(item) - RULE_KEYS
        if unknown:
            raise RulesError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(RULE_KEYS)}")
        for key in ("name", "pattern", "where"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise RulesError(f"{where}: '{key}' must be a non-empty string")
        if item["where"] not in ("anywhere", "head", "tail", "edges"):
            raise RulesError(f"{where} ({item['name']}): 'where' must be anywhere, head, tail or edges, "
                             f"not {item['where']!r}")
        try:
            pattern = re.compile(item["pattern"])
        except re.error as exc:
            raise RulesError(f"{where} ({item['name']}): bad regular expression: {exc}") from exc
        max_len = item.get("max_len")
        if max_len is not None and (not isinstance(max_len, int) or max_len <= 0):
            raise RulesError(f"{where} ({item['name']}): 'max_len' must be a positive whole number")
        rules.append(ChromeRule(item["name"], pattern, item["where"], max_len, bool(item.get("block", False)),
                                bool(item.get("value_next", False)), bool(item.get("ends_article", False))))
    return tuple(rules)

"""The theme vocabulary (``data/themes.yml``, loaded by ``parse.themes``): a data type the parse
tags reports with and the pages list."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One entry of the closed vocabulary."""

    name: str
    """The tag shown on the site (Chinese)."""
    slug: str
    """Lowercase ASCII-hyphen identifier used in URLs; never changes once published."""
    description: str
    """One Chinese sentence saying what the theme covers."""
    keywords: tuple[str, ...]
    """Phrases that clearly signal the theme; one in a heading is enough to assign it."""
    related: tuple[str, ...] = ()
    """Supporting phrases counted at half weight; never enough on their own in a heading."""
    exclude: tuple[str, ...] = ()
    """Phrases blanked out before matching (institution names and similar false friends)."""


@dataclass(frozen=True)
class Vocabulary:
    """The whole closed vocabulary, in file order."""

    themes: tuple[Theme, ...]
    """All themes, in the order the maintainer wrote them."""

    def by_name(self, name: str) -> Theme | None:
        """The theme with this display name, or None."""
        return next((t for t in self.themes if t.name == name), None)

    def by_slug(self, slug: str) -> Theme | None:
        """The theme with this URL slug, or None."""
        return next((t for t in self.themes if t.slug == slug), None)

    def names(self) -> tuple[str, ...]:
        """All display names, in file order."""
        return tuple(t.name for t in self.themes)

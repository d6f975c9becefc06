"""Turn raw county health-bureau report texts into the archive's Markdown pages and site."""

__version__ = "0.1.0"

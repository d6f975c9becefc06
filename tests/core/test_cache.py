"""Which source files invalidate which caches (core/cache.py's NOT_PARSE and NOT_MARKDOWN)."""
from build_archive.core.cache import NOT_MARKDOWN, NOT_PARSE, PACKAGE_DIR, _package_hash


def test_every_excluded_file_exists():
    # Entries are paths inside the package: a module that moves must be moved in these lists
    # too, or every edit of it re-parses (or re-renders) 30,000 reports.
    for path in sorted(NOT_PARSE | NOT_MARKDOWN):
        assert (PACKAGE_DIR / path).is_file(), f"{path} is listed in core/cache.py but does not exist"


def test_files_are_excluded_by_their_path_not_their_name():
    everything = _package_hash(set())
    assert _package_hash({"core/cache.py"}) != everything
    # A bare file name matches nothing: core/cache.py and search/index_cache.py stay hashed.
    assert _package_hash({"cache.py"}) == everything

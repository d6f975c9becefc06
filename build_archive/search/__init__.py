"""Search: the archive's own static Chinese search index and its count table."""

"""Read: find raw report files, decode them, and pack the raw captures."""

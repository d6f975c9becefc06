"""A large file of one record per report, made again from the last build's unchanged records.

The corpus (corpus.jsonl) is 500 MB at 30,000 reports, one line per report; catalog.csv and
catalog.json hold a record per report too. Adding one report changes one record; making
every record again meant loading every report's text and encoding 500 MB of JSON. Each
record has a key (a digest of everything it is made from); the file is written alongside an
index (key -> offset, length), and the next build copies the byte ranges of records whose key
it still wants from the old file (``os.copy_file_range``, inside the kernel) and makes only
the new ones.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .cache import read_state, write_state


def write_lines(out: BinaryIO, keys: Sequence[str], make: Callable[[Sequence[int]], Iterable[bytes]],
                old_file: Path | None, old_index: dict[str, list[int]]) -> dict[str, list[int]]:
    """Write the record of each key in order to ``out`` from its current position; return the
    new index.

    ``make(indexes)`` gives the records (lines of the corpus and the CSV, objects of the JSON
    array) of those indexes of ``keys``, in order; it is called once, for the keys the old
    file does not hold. ``old_index`` maps
    the old file's keys to [offset, length]; it must describe ``old_file`` exactly (the
    caller checks that the file is the one the index was written with)."""
    if old_file is None or not old_file.is_file():
        old_index = {}
    todo = [i for i, key in enumerate(keys) if key not in old_index]
    fresh = iter(make(todo)) if todo else iter(())
    index: dict[str, list[int]] = {}
    out.flush()
    position = out.tell()
    with open(old_file, "rb") if old_index else contextlib.nullcontext() as old:  # type: ignore[attr-defined]
        copier = _Copier(old, out)
        for key in keys:
            found = old_index.get(key)
            if found is not None:
                copier.add(found[0], found[1])
                length = found[1]
            else:
                copier.flush()
                line = next(fresh)
                out.write(line)
                length = len(line)
            index[key] = [position, length]
            position += length
        copier.flush()
    return index


class _Copier:
    """Copies runs of consecutive old lines in one call each."""

    def __init__(self, old: BinaryIO | None, out: BinaryIO):
        self.old, self.out = old, out
        self.start = self.end = 0

    def add(self, offset: int, length: int) -> None:
        if offset != self.end:
            self.flush()
            self.start = self.end = offset
        self.end += length

    def flush(self) -> None:
        if self.end > self.start and self.old is not None:
            _copy_range(self.old, self.out, self.start, self.end - self.start)
        self.start = self.end = 0


def _copy_range(src: BinaryIO, dst: BinaryIO, offset: int, length: int) -> None:
    dst.flush()
    try:
        while length > 0:
            # Inside the kernel: no 500 MB through Python. dst's position moves with it.
            done = os.copy_file_range(src.fileno(), dst.fileno(), length, offset)
            if done == 0:
                raise OSError("copy_file_range copied nothing")
            offset += done
            length -= done
    except (OSError, AttributeError):
        src.seek(offset)
        while length > 0:
            chunk = src.read(min(length, 1 << 20))
            if not chunk:
                raise OSError(f"{getattr(src, 'name', 'the old file')} ended before its index said")
            dst.write(chunk)
            length -= len(chunk)
    dst.seek(0, os.SEEK_END)


def read_index(path: Path | None) -> tuple[str, dict[str, list[int]]]:
    """The index kept with a line file: (the key of the file it describes, key -> [offset, length])."""
    data = read_state(path)
    lines, made_for = data.get("lines"), data.get("file")
    # Only the build writes this file (``write_index``); its shape is checked, not every entry.
    if not isinstance(lines, dict) or not isinstance(made_for, str):
        return "", {}
    return made_for, lines


def write_index(path: Path, file_key: str, index: dict[str, list[int]]) -> None:
    write_state(path, {"file": file_key, "lines": index})


def batched(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]

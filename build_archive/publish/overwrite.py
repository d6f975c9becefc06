"""Write and copy files over their old versions in place.

Replacing a file by renaming a new one over it, or truncating it to nothing first, makes
ext4 (the usual Linux file system, GitHub's runners included) write the new data out to
disk at once (its ``auto_da_alloc`` safeguard for programs that skip ``fsync``). Adding
one report rewrites some 3,300 files at 30,000 reports: replaced, they took 1.2 s; written
in place, 0.05 s.

In place is not atomic, and need not be here: the writer's and the site's state files are
deleted while they write (see write.py and site.py), so a build that dies half way has
every file compared by content the next time, and a torn file is written again.
"""
from __future__ import annotations

import os
import shutil


def overwrite(path: str | os.PathLike, data: bytes) -> None:
    """Make the file at ``path`` hold ``data``, creating it if needed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # os.write may write less than asked
        view = view[os.write(fd, view):]


def copy_over(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """Copy ``src`` to ``dst`` with its mtime and permission bits, as ``shutil.copy2`` does, but
    writing over the old ``dst`` in place."""
    with open(src, "rb") as fin:
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT, 0o666)
        try:
            size = os.fstat(fin.fileno()).st_size
            done = 0
            try:
                while done < size:
                    n = os.copy_file_range(fin.fileno(), fd, size - done, done, done)
                    if n == 0:
                        break
                    done += n
            except OSError:  # a file system or kernel without copy_file_range between these files
                fin.seek(done)
                os.lseek(fd, done, os.SEEK_SET)
                for chunk in iter(lambda: fin.read(1 << 20), b""):
                    _write_all(fd, chunk)
                    done += len(chunk)
            os.ftruncate(fd, done)
        finally:
            os.close(fd)
    shutil.copystat(src, dst)

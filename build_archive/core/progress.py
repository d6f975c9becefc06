"""Progress of long stages: a bar on a terminal, a plain line every few seconds in CI logs."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Call ``advance(n)`` as work is done; ``done()`` at the end."""

    def __init__(self, stage: str, total: int, stream: TextIO = sys.stderr, every: float = 5.0,
                 quiet_below: int = 500):
        self.stage, self.total, self.stream, self.every = stage, total, stream, every
        self.count = 0
        self.started = self.last = time.monotonic()
        self.tty = stream.isatty()
        self.quiet = total < quiet_below

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self.quiet:
            return
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = width * self.count // max(self.total, 1)
            self.stream.write(f"\r{self.stage:<8} [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total}")
            self.stream.flush()
        elif now - self.last >= self.every:
            self.stream.write(f"{self.stage}: {self.count}/{self.total} ({now - self.started:.0f} s)\n")
            self.stream.flush()
            self.last = now

    def done(self) -> None:
        if self.quiet:
            return
        if self.tty:
            self.stream.write("\n")
        self.stream.write(f"{self.stage}: {self.count}/{self.total} in {time.monotonic() - self.started:.1f} s\n")
        self.stream.flush()

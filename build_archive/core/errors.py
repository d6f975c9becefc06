"""Errors the stages raise and the command line reports."""
from __future__ import annotations

from typing import Sequence

from .model import Problem


class BuildFailed(Exception):
    """A build that must not be published; carries every problem found."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)

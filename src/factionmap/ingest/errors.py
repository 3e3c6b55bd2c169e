"""A problem with one input, reported instead of raised.

Readers yield these beside the records they do read, so one bad file or line
never stops a batch; the caller decides how to show them.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError:
    source: str  # the file (or URL) the problem is in
    line: int | None  # 1-based line, where one applies
    message: str  # what is wrong and what to do about it

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


@dataclass
class SkippedFile:
    """A file or folder inside an input folder that was not read, and why (not an error)."""

    source: str
    reason: str  # "unknown file type '.md'", "hidden", "a folder already read (…)"

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"

"""Output: one file of the built site. Every step that makes a file (pages, feeds, manifests, zips) hands one
to the writer, so the type sits below them all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """A file of the built site: its path under site/ and its bytes."""

    path: str
    data: bytes

"""Diagnostics: every content problem as `path:line: message`, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .textcheck import shown, shown_message


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the content (内容错误/警告), pointing at a file and line."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """Render like a compiler: `path:line: message` (warnings are marked)."""
        tag = "" if self.severity is Severity.ERROR else "警告 warning: "
        # A file name with a newline or undecodable bytes must not break the line (or the terminal's encoding).
        return f"{shown(self.path)}:{self.line}: {tag}{shown_message(self.message)}"


def error(path: str, line: int, message: str) -> Diagnostic:
    """Make an error diagnostic."""
    return Diagnostic(path, line, message, Severity.ERROR)


def warning(path: str, line: int, message: str) -> Diagnostic:
    """Make a warning diagnostic."""
    return Diagnostic(path, line, message, Severity.WARNING)


class BuildFailed(Exception):
    """Raised with every error at once, so the editor fixes them in one pass."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]):
        super().__init__(f"{len(diagnostics)} problem(s)")
        self.diagnostics = diagnostics

    def report(self) -> str:
        """All diagnostics sorted by file and line, one per line."""
        return "\n".join(d.format() for d in sorted(self.diagnostics))


def errors_in(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Only the errors (warnings do not stop a build unless strict)."""
    return tuple(d for d in diagnostics if d.severity is Severity.ERROR)

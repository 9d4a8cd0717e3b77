"""Importer: extracted gazette text → draft issue folder (issue.yaml, one .md per document, import-report.txt).

Public API: `import_issue` (pure), `write_draft`, `apply_corrections`, `main` (CLI). Output contract:
docs/content-model.md. Modules: text (character rules), parse (cover, 目录, cuts, data lines), body (Markdown),
render (YAML and report text), cli (files and command line).
"""

from .cli import CorrectionFailed, apply_corrections, main, read_corrections, write_draft
from .model import Correction, Document, Doubt, ImportedIssue, IssueRecord
from .parse import ImportFailed, import_issue

__all__ = ["Correction", "CorrectionFailed", "Document", "Doubt", "ImportFailed", "ImportedIssue", "IssueRecord",
           "apply_corrections", "import_issue", "main", "read_corrections", "write_draft"]

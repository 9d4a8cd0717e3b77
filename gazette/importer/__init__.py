"""Importer: extracted gazette text → draft issue folder (issue.yaml, one .md per document, import-report.md).

Public API: `import_issue` (pure), `write_draft`, `main` (CLI). See docs/content-model.md for the output contract.
"""

from .model import Correction, Document, Doubt, ImportedIssue, IssueRecord
from .parse import ImportFailed, import_issue

__all__ = ["Correction", "Document", "Doubt", "ImportedIssue", "IssueRecord", "ImportFailed", "import_issue"]

"""A finding's identity in the formats that track findings across runs (SARIF, GitLab, Bitbucket).

The engine gives every finding a fingerprint that leaves the line out, so a finding keeps its
identity when entries are added above it, and no two findings in one file share one. Formats
that hold findings of several files in one list need it unique across files too: ``located``
adds the file's path in the repository.
"""

from __future__ import annotations

import hashlib

from checker.finding import Finding
from checker.reporters import Report


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprint(finding: Finding) -> str:
    """The engine's fingerprint; for a finding built without one, a hash of what identifies it."""
    if finding.fingerprint:
        return finding.fingerprint
    return _digest("\0".join([finding.rule, finding.license or "", finding.pointer, finding.message]))


def located(finding: Finding, report: Report) -> str:
    """32 hex digits, unique across the report's files: the file's repository path and ``fingerprint``."""
    return _digest(f"{report.repo_path(finding.file)}\0{fingerprint(finding)}")

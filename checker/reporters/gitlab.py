"""GitLab Code Quality: the Code Climate subset GitLab reads, for the merge request widget and diff.

A JSON array with one object a finding (``artifacts: reports: codequality:`` in a job)::

    [{"description": "SEN-12345678: 'admins@gmail.com' is outside the allowed domains ...",
      "check_name": "email-domain",
      "fingerprint": "3f0c...",
      "severity": "major",
      "location": {"path": "licenses.yaml", "lines": {"begin": 18}}}]

- ``severity``: ``major`` for an error, ``minor`` for a warning, and ``info`` for a finding
  the base revision already had (change mode), so the widget ranks what the change brings first;
- ``fingerprint``: the finding's identity (``identity.located``), which leaves the line out.
  GitLab keeps one finding a fingerprint and compares the merge request's report with the
  target branch's by fingerprint, so a finding keeps its identity when entries are added
  above it, and two findings never collapse into one;
- ``location.path``: relative to the repository root, as GitLab links it to the file.

GitLab checks each entry against its own schema (``codeclimate.json`` in GitLab's source, kept
in ``tests/data/`` and tested against) and stops reading at the first entry that fails it.
The description is plain text in GitLab's page: it is written as it is, with control
characters shown as their escapes (``escape.terminal``), never escaped for a markup language.
"""

from __future__ import annotations

import json
from typing import Any

from checker import escape
from checker.finding import Finding, Severity
from checker.reporters import Report
from checker.reporters.identity import located

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}
EXISTING = "info"


def issue(finding: Finding, report: Report) -> dict[str, Any]:
    text = f"{finding.license}: {finding.message}" if finding.license else finding.message
    return {
        "description": escape.terminal(text),
        "check_name": finding.rule,
        "fingerprint": located(finding, report),
        "severity": EXISTING if finding.new is False else SEVERITY[finding.severity],
        "location": {"path": report.repo_path(finding.file), "lines": {"begin": finding.line}},
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps([issue(finding, report) for finding in report.findings], indent=2, ensure_ascii=False) + "\n"

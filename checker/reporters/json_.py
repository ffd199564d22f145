"""The JSON contract: ``{"version": 1, "findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json
from typing import Any

from checker.finding import Finding, Severity
from checker.reporters import Report

FORMAT_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    fields = {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "license": finding.license,
        "pointer": finding.pointer,
    }
    if finding.new is not None:  # change mode
        fields["new"] = finding.new
    return fields


def render(report: Report, *, color: bool = False) -> str:
    document = {
        "version": FORMAT_VERSION,
        "findings": [finding_dict(finding) for finding in report.findings],
        "summary": {
            "files": report.files,
            "licenses": report.licenses,
            "errors": report.count(Severity.ERROR),
            "warnings": report.count(Severity.WARNING),
            "waived": report.waived,
            "overrides": list(report.overrides),
            "base": report.base,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

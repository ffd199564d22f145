"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

One run. Its rule table is every rule in the registry (``Report.rules``), so it
cannot drift from ``licensegate rules``: each rule has its id, a ``name`` (the id in
CamelCase), its documentation as ``help`` and, as ``helpUri``, the web page of it
(``ruledoc.help_uri``: the rule's anchor in the README), and ``properties.tags``
(``licensegate``, ``file`` or ``policy``, ``waivable`` or ``protected``). Each result points at a path relative
to the repository root (``uriBaseId`` ``%SRCROOT%``) and carries the finding's
fingerprint as ``partialFingerprints["licensegate/v1"]``: it leaves the line
out, so a finding keeps its identity when entries are added above it. Columns
count characters (``columnKind`` ``unicodeCodePoints``), as everywhere in
licensegate. In change mode each result has a ``baselineState``: ``new``, or
``unchanged`` for a finding the base revision already had.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from checker import __version__, ruledoc
from checker.finding import Finding, RuleDoc
from checker.reporters import Report
from checker.reporters.identity import fingerprint

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = ruledoc.REPOSITORY_URL
FINGERPRINT_KEY = "licensegate/v1"
SRCROOT = "%SRCROOT%"


def _first_paragraph(text: str) -> str:
    return " ".join(text.strip().split("\n\n")[0].split())


def rule_name(rule_id: str) -> str:
    """SARIF's ``name`` for a rule: its id in CamelCase (``email-domain`` -> ``EmailDomain``). Viewers
    show the name beside the id, so a copy of the id would tell a reader nothing."""
    return "".join(word[:1].upper() + word[1:] for word in rule_id.split("-"))


def rule_descriptor(doc: RuleDoc) -> dict[str, Any]:
    return {
        "id": doc.id,
        "name": rule_name(doc.id),
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": _first_paragraph(doc.description) or doc.summary},
        "helpUri": ruledoc.help_uri(doc.id),
        "help": {"text": doc.description or doc.summary, "markdown": doc.description or doc.summary},
        "defaultConfiguration": {"level": str(doc.severity)},
        "properties": {"tags": ["licensegate", *doc.tags]},
    }


def artifact_location(path: str) -> dict[str, str]:
    """A URI reference for a path: relative to the repository root, or a file URI for an absolute path."""
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def result(finding: Finding, report: Report, rule_index: dict[str, int]) -> dict[str, Any]:
    text = f"{finding.license}: {finding.message}" if finding.license else finding.message
    entry: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        entry["ruleIndex"] = rule_index[finding.rule]
    entry["level"] = str(finding.severity)
    entry["message"] = {"text": text}
    entry["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": artifact_location(report.repo_path(finding.file)),
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }
        }
    ]
    entry["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(finding)}
    if finding.new is not None:
        entry["baselineState"] = "new" if finding.new else "unchanged"
    entry["properties"] = {"license": finding.license, "pointer": finding.pointer}
    return entry


def document(report: Report) -> dict[str, Any]:
    rule_index = {doc.id: index for index, doc in enumerate(report.rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "licensegate",
                        "informationUri": INFORMATION_URI,
                        "version": __version__,
                        "rules": [rule_descriptor(doc) for doc in report.rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [result(finding, report, rule_index) for finding in report.findings],
            }
        ],
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"

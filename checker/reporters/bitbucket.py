"""Bitbucket Code Insights: a report and its annotations, in one JSON document.

Bitbucket Cloud's reports API takes a report, then its annotations; the Pipelines step in
``bitbucket-pipelines.yml`` sends this document's two parts through the Pipelines proxy,
which authenticates the requests (no token anywhere)::

    {"report": {"title": "licensegate", "details": "1 error, 0 warnings in 1 file",
                "report_type": "BUG", "reporter": "licensegate", "result": "FAILED",
                "data": [{"title": "Errors", "type": "NUMBER", "value": 1}, ...]},
     "annotations": [{"external_id": "licensegate-3f0c...", "title": "email-domain",
                      "annotation_type": "BUG", "severity": "HIGH", "result": "FAILED",
                      "path": "licenses.yaml", "line": 18,
                      "summary": "SEN-12345678: 'admins@gmail.com' is outside ...",
                      "link": "https://github.com/licensegate/licensegate/blob/main/README.md#rule-email-domain"}]}

``report`` is the body of ``PUT .../commit/{commit}/reports/licensegate``: ``result`` is
``FAILED`` exactly when ``check`` exits 1 (``--strict`` included), ``details`` is the summary
line, ``data`` counts errors, warnings, licenses and files, and in change mode the new
findings and the revision compared with (six fields at most, as Bitbucket Data Center shows).

``annotations`` is the list to ``POST .../reports/licensegate/annotations``, at most 100 a
request (the recipe sends them in slices): one a finding, at most 1,000, Bitbucket's limit for a
report, findings that fail the check first (``details`` then says how many were left out).
An error is a ``BUG`` of severity ``HIGH``, a warning a ``CODE_SMELL`` of severity ``MEDIUM``;
a finding the base revision already had (change mode) is ``LOW`` with result ``IGNORED``, and
the findings that fail the check have result ``FAILED``. ``external_id`` is the finding's
identity (``identity.located``), so re-sending the report updates an annotation in place.
``summary`` is the message as plain text, cut to 450 characters as Bitbucket counts them
(UTF-16 code units; it refuses longer ones), with the whole message in ``details`` then.
Nothing is escaped for a markup language: Bitbucket shows these fields as text. Control
characters are shown as their escapes (``escape.terminal``), as in every other format.
"""

from __future__ import annotations

import json
from typing import Any

from checker import escape, ruledoc
from checker.finding import Finding, Severity
from checker.reporters import Report
from checker.reporters.identity import located
from checker.reporters.text import summary

REPORT_ID = "licensegate"
TITLE = "licensegate"
MAX_ANNOTATIONS = 1000  # a report's annotations
BATCH = 100  # annotations a request
MAX_SUMMARY = 450  # UTF-16 code units
MAX_DETAILS = 2000  # Bitbucket Data Center's limit for an annotation's message and a report's details

ANNOTATION_TYPE = {Severity.ERROR: "BUG", Severity.WARNING: "CODE_SMELL"}
SEVERITY = {Severity.ERROR: "HIGH", Severity.WARNING: "MEDIUM"}
EXISTING_SEVERITY = "LOW"


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut(text: str, limit: int) -> str:
    """TEXT at most LIMIT UTF-16 code units long: cut with an ellipsis where it is longer."""
    if utf16_length(text) <= limit:
        return text
    kept: list[str] = []
    used = 1  # the ellipsis
    for char in text:
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            break
        kept.append(char)
    return "".join(kept) + "\u2026"


def annotation(finding: Finding, report: Report, *, failing: bool) -> dict[str, Any]:
    text = escape.terminal(f"{finding.license}: {finding.message}" if finding.license else finding.message)
    existing = finding.new is False
    entry: dict[str, Any] = {
        "external_id": f"{REPORT_ID}-{located(finding, report)}",
        "title": finding.rule,
        "annotation_type": ANNOTATION_TYPE[finding.severity],
        "severity": EXISTING_SEVERITY if existing else SEVERITY[finding.severity],
    }
    if failing:
        entry["result"] = "FAILED"
    elif existing:
        entry["result"] = "IGNORED"
    entry["path"] = report.repo_path(finding.file)
    entry["line"] = finding.line
    entry["summary"] = cut(text, MAX_SUMMARY)
    if entry["summary"] != text:
        entry["details"] = cut(text, MAX_DETAILS)
    entry["link"] = ruledoc.help_uri(finding.rule)
    return entry


def _data(report: Report) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = [
        {"title": "Errors", "type": "NUMBER", "value": report.count(Severity.ERROR)},
        {"title": "Warnings", "type": "NUMBER", "value": report.count(Severity.WARNING)},
        {"title": "Licenses", "type": "NUMBER", "value": report.licenses},
        {"title": "Files", "type": "NUMBER", "value": report.files},
    ]
    if report.base is not None:
        new = sum(1 for finding in report.findings if finding.new)
        fields.append({"title": "New findings", "type": "NUMBER", "value": new})
        fields.append({"title": "Compared with", "type": "TEXT", "value": escape.terminal(report.base)})
    return fields


def document(report: Report) -> dict[str, Any]:
    failing = {id(finding) for finding in report.failing()}
    # Findings that fail the check first, each group in the report's order, when not all fit.
    ordered = sorted(report.findings, key=lambda finding: id(finding) not in failing)
    shown = ordered[:MAX_ANNOTATIONS]
    details = summary(report)
    if len(ordered) > len(shown):
        details += (
            f"; {len(ordered) - len(shown)} findings are not annotated"
            f" (Bitbucket keeps {MAX_ANNOTATIONS} a report): see the pipeline's log"
        )
    return {
        "report": {
            "title": TITLE,
            "details": cut(details, MAX_DETAILS),
            "report_type": "BUG",
            "reporter": "licensegate",
            "result": "FAILED" if failing else "PASSED",
            "data": _data(report),
        },
        "annotations": [annotation(finding, report, failing=id(finding) in failing) for finding in shown],
    }


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"

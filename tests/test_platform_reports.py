"""GitLab Code Quality and Bitbucket Code Insights: exact output, and the shapes the platforms publish.

GitLab: every entry is checked against the schema GitLab's own parser validates each entry
with (``tests/data/gitlab-codeclimate.json``, from GitLab's source; see tests/data/README.md),
and against the field table of GitLab's documentation, "Code Quality report format"
(https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format):
``description``, ``check_name``, ``fingerprint``, ``severity`` (``info``, ``minor``, ``major``,
``critical`` or ``blocker``), ``location.path`` (relative to the repository root) and
``location.lines.begin``.

Bitbucket: "Bitbucket Cloud REST API: Reports",
https://developer.atlassian.com/cloud/bitbucket/rest/api-group-reports/, gives the request
bodies of "Create or update a report" and "Bulk create or update annotations" with an example
of each (copied into ``tests/data/bitbucket-cloud-report.example.json`` and
``tests/data/bitbucket-cloud-annotations.example.json``), their "Possible field values", and
the limits: "a report can contain up to 1000 annotations", "You can upload up to 100
annotations per POST request". ``tests/data/bitbucket-code-insights.schema.json`` writes that
page down as a JSON Schema; the documented examples pass it, and so must every document
licensegate writes.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from checker.finding import Finding
from checker.reporters import Report, bitbucket, gitlab
from checker.reporters.text import summary
from checker.ruledoc import help_uri
from tests.conftest import DATA
from tests.test_reporters import (
    HOSTILE,
    OTHER,
    POLICY,
    RENEWAL,
    REPEATED,
    TIER,
    check,
    in_change_mode,
    make_report,
)

# --- gitlab -------------------------------------------------------------------------------------

GITLAB_SEVERITIES = ("info", "minor", "major", "critical", "blocker")


@functools.cache
def gitlab_validator() -> Draft7Validator:
    schema = json.loads((DATA / "gitlab-codeclimate.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def gitlab_errors(entries: Any) -> list[str]:
    """What GitLab would refuse: an entry its schema rejects (it stops reading there), or one the
    documented field table does not allow, or two entries with one fingerprint (it keeps one)."""
    assert isinstance(entries, list)
    errors = [
        f"{index}/{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for index, entry in enumerate(entries)
        for error in gitlab_validator().iter_errors(entry)
    ]
    for index, entry in enumerate(entries):
        location = entry.get("location", {})
        if entry.get("severity") not in GITLAB_SEVERITIES:
            errors.append(f"{index}/severity: {entry.get('severity')!r} is not one of GitLab's")
        if not isinstance(entry.get("check_name"), str):
            errors.append(f"{index}/check_name: missing")
        if not isinstance(location.get("path"), str) or location["path"].startswith("/"):
            errors.append(f"{index}/location/path: not a path relative to the repository root")
        begin = location.get("lines", {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            errors.append(f"{index}/location/lines/begin: not a line number")
    fingerprints = [entry.get("fingerprint") for entry in entries]
    if len(set(fingerprints)) != len(fingerprints):
        errors.append("fingerprints are not unique")
    return errors


def gitlab_entries(report: Report) -> list[dict[str, Any]]:
    output = gitlab.render(report)
    entries: list[dict[str, Any]] = json.loads(output)
    assert output == json.dumps(entries, indent=2, ensure_ascii=False) + "\n"
    return entries


def test_gitlab_one_entry_a_finding() -> None:
    report = make_report(POLICY, TIER, RENEWAL, OTHER, repo_paths={"licenses.yaml": "inventory/licenses.yaml"})
    entries = gitlab_entries(report)
    assert [{key: value for key, value in entry.items() if key != "fingerprint"} for entry in entries] == [
        {
            "description": "missing required key 'allowed_domains'",
            "check_name": "schema",
            "severity": "major",
            "location": {"path": "inventory/licenses.yaml", "lines": {"begin": 2}},
        },
        {
            "description": "SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5",
            "check_name": "schema",
            "severity": "major",
            "location": {"path": "inventory/licenses.yaml", "lines": {"begin": 16}},
        },
        {
            "description": "SEN-87654321: renews on 2026-12-20, in 24 days",
            "check_name": "renewal-horizon",
            "severity": "minor",
            "location": {"path": "inventory/licenses.yaml", "lines": {"begin": 30}},
        },
        {
            "description": "SEN-11111111: 'ops@gmail.com' is outside allowed_domains",
            "check_name": "email-domain",
            "severity": "major",
            "location": {"path": "teams/other.yaml", "lines": {"begin": 5}},
        },
    ]
    assert gitlab_errors(entries) == []


def test_gitlab_change_mode_existing_findings_are_info() -> None:
    entries = gitlab_entries(in_change_mode((TIER, True), (REPEATED, False), (RENEWAL, False)))
    assert [(entry["check_name"], entry["severity"]) for entry in entries] == [
        ("schema", "major"),
        ("duplicate-key", "info"),
        ("renewal-horizon", "info"),
    ]


def test_gitlab_without_findings_is_an_empty_list() -> None:
    assert gitlab.render(make_report()) == "[]\n"


def test_gitlab_fingerprints_ignore_the_line_and_tell_files_apart() -> None:
    findings = [POLICY, TIER, REPEATED, RENEWAL]
    moved = [dataclasses.replace(finding, line=finding.line + 7) for finding in findings]
    before = [entry["fingerprint"] for entry in gitlab_entries(make_report(*findings))]
    after = [entry["fingerprint"] for entry in gitlab_entries(make_report(*moved))]
    assert before == after
    # The same finding in two inventories is two findings, which GitLab would otherwise merge.
    twice = make_report(TIER, dataclasses.replace(TIER, file="teams/licenses.yaml"))
    assert gitlab_errors(gitlab_entries(twice)) == []


def test_gitlab_description_is_plain_text_with_controls_shown() -> None:
    (entry,) = gitlab_entries(make_report(HOSTILE))
    # Nothing escaped for markup (GitLab shows text); the line break and the bell are shown, not acted on.
    assert entry["description"] == "SEN-22222222: 'a\\x07b, c:d | 50% <x> & y' is not\\r\\nvalid"
    assert gitlab_errors([entry]) == []


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda entry: entry.pop("fingerprint"), "0/: 'fingerprint' is a required property"),
        (lambda entry: entry["location"]["lines"].update(begin="16"), "0/location/lines/begin: '16' is not of type"),
        (lambda entry: entry.update(severity="fatal"), "0/severity: 'fatal' is not one of GitLab's"),
        (lambda entry: entry["location"].update(path="/abs/licenses.yaml"), "0/location/path: not a path relative"),
    ],
)
def test_the_gitlab_checks_really_reject_broken_entries(breakage: Any, expected: str) -> None:
    (entry,) = gitlab_entries(make_report(TIER))
    broken = copy.deepcopy(entry)
    breakage(broken)
    errors = gitlab_errors([broken])
    assert errors
    assert errors[0].startswith(expected), errors


def test_check_format_gitlab(tmp_path: Path) -> None:
    entries = json.loads(check(tmp_path, "gitlab"))
    assert gitlab_errors(entries) == []
    assert [(entry["check_name"], entry["severity"], entry["location"]) for entry in entries] == [
        ("schema", "major", {"path": "licenses.yaml", "lines": {"begin": 16}}),
        ("duplicate-key", "major", {"path": "licenses.yaml", "lines": {"begin": 19}}),
    ]


# --- bitbucket ----------------------------------------------------------------------------------


@functools.cache
def bitbucket_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((DATA / "bitbucket-code-insights.schema.json").read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return schema


def bitbucket_errors(document: Any, definition: str) -> list[str]:
    """DOCUMENT against one definition of the documented shapes: ``report``, ``annotations request``
    (one POST) or ``licensegate document`` (what ``--format bitbucket`` writes)."""
    schema = {**bitbucket_schema(), "$ref": f"#/definitions/{definition}"}
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in Draft7Validator(schema).iter_errors(document)
    ]
    # Bitbucket counts a summary's characters in UTF-16 code units; JSON Schema counts code points.
    within = "annotations/" if isinstance(document, dict) else ""
    annotations = document.get("annotations", []) if isinstance(document, dict) else document
    if isinstance(annotations, list):
        for index, annotation in enumerate(annotations):
            if isinstance(annotation, dict) and bitbucket.utf16_length(annotation.get("summary", "")) > 450:
                errors.append(f"{within}{index}/summary: over 450 UTF-16 code units")
    return errors


def bitbucket_document(report: Report) -> dict[str, Any]:
    output = bitbucket.render(report)
    document: dict[str, Any] = json.loads(output)
    assert output == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert bitbucket_errors(document, "licensegate document") == []
    assert bitbucket_errors(document["report"], "report") == []
    annotations = document["annotations"]
    for start in range(0, len(annotations), 100):  # as the recipe sends them
        assert bitbucket_errors(annotations[start : start + 100], "annotations request") == []
    return document


@pytest.mark.parametrize(
    ("example", "definition"),
    [
        ("bitbucket-cloud-report.example.json", "report"),
        ("bitbucket-cloud-annotations.example.json", "annotations request"),
    ],
)
def test_atlassians_documented_examples_pass_the_shapes(example: str, definition: str) -> None:
    # Source: "Bitbucket Cloud REST API: Reports", https://developer.atlassian.com/cloud/bitbucket/rest/api-group-reports/
    # ("Create or update a report" and "Bulk create or update annotations", their sample cURL requests' bodies).
    assert bitbucket_errors(json.loads((DATA / example).read_text(encoding="utf-8")), definition) == []


def _annotation(**changes: Any) -> list[dict[str, Any]]:
    annotations: list[dict[str, Any]] = json.loads(
        (DATA / "bitbucket-cloud-annotations.example.json").read_text(encoding="utf-8")
    )
    annotations[0].update(changes)
    return annotations


@pytest.mark.parametrize(
    ("document", "definition", "where"),
    [
        (_annotation(severity="SEVERE"), "annotations request", "0/severity"),
        (_annotation(annotation_type="ERROR"), "annotations request", "0/annotation_type"),
        (_annotation(line=0), "annotations request", "0/line"),
        (_annotation(summary="x" * 451), "annotations request", "0/summary"),
        (_annotation(summary="\U0001f600" * 226), "annotations request", "0/summary"),
        (_annotation(external_id=None), "annotations request", "0/external_id"),
        (_annotation() * 51, "annotations request", ""),
        ({"title": "t", "result": "PASS"}, "report", "result"),
        ({"title": "t", "data": [{"title": "n", "type": "NUMBER", "value": "1"}]}, "report", "data/0/value"),
    ],
)
def test_the_bitbucket_shapes_really_reject_broken_documents(document: Any, definition: str, where: str) -> None:
    errors = bitbucket_errors(document, definition)
    assert errors
    assert all(error.split(": ")[0] == where for error in errors), errors


def test_bitbucket_report_and_annotations() -> None:
    report = make_report(POLICY, TIER, RENEWAL, repo_paths={"licenses.yaml": "inventory/licenses.yaml"}, waived=1)
    document = bitbucket_document(report)
    assert document["report"] == {
        "title": "licensegate",
        "details": "2 errors, 1 warning in 1 file; 1 waived",
        "report_type": "BUG",
        "reporter": "licensegate",
        "result": "FAILED",
        "data": [
            {"title": "Errors", "type": "NUMBER", "value": 2},
            {"title": "Warnings", "type": "NUMBER", "value": 1},
            {"title": "Licenses", "type": "NUMBER", "value": 2},
            {"title": "Files", "type": "NUMBER", "value": 1},
        ],
    }
    ids = [annotation.pop("external_id") for annotation in document["annotations"]]
    assert all(len(value) == 44 and value.startswith("licensegate-") for value in ids)
    assert len(set(ids)) == 3
    assert document["annotations"] == [
        {
            "title": "schema",
            "annotation_type": "BUG",
            "severity": "HIGH",
            "result": "FAILED",
            "path": "inventory/licenses.yaml",
            "line": 2,
            "summary": "missing required key 'allowed_domains'",
            "link": "https://github.com/licensegate/licensegate/blob/main/README.md#rule-schema",
        },
        {
            "title": "schema",
            "annotation_type": "BUG",
            "severity": "HIGH",
            "result": "FAILED",
            "path": "inventory/licenses.yaml",
            "line": 16,
            "summary": "SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5",
            "link": "https://github.com/licensegate/licensegate/blob/main/README.md#rule-schema",
        },
        {
            "title": "renewal-horizon",
            "annotation_type": "CODE_SMELL",
            "severity": "MEDIUM",
            "path": "inventory/licenses.yaml",
            "line": 30,
            "summary": "SEN-87654321: renews on 2026-12-20, in 24 days",
            "link": "https://github.com/licensegate/licensegate/blob/main/README.md#rule-renewal-horizon",
        },
    ]


@pytest.mark.parametrize(
    ("findings", "strict", "result"),
    [
        ((), False, "PASSED"),
        ((RENEWAL,), False, "PASSED"),
        ((RENEWAL,), True, "FAILED"),  # --strict: as the exit code
        ((TIER,), False, "FAILED"),
    ],
)
def test_bitbucket_result_is_the_exit_code(findings: tuple[Finding, ...], strict: bool, result: str) -> None:
    document = bitbucket_document(make_report(*findings, strict=strict))
    assert document["report"]["result"] == result
    assert [annotation.get("result") for annotation in document["annotations"]] == (
        ["FAILED"] * len(findings) if result == "FAILED" else [None] * len(findings)
    )


def test_bitbucket_change_mode() -> None:
    report = in_change_mode((TIER, True), (REPEATED, False), (RENEWAL, False))
    document = bitbucket_document(report)
    assert document["report"]["details"] == summary(report)
    assert document["report"]["data"][4:] == [
        {"title": "New findings", "type": "NUMBER", "value": 1},
        {"title": "Compared with", "type": "TEXT", "value": "origin/main"},
    ]
    assert [
        (annotation["title"], annotation["severity"], annotation.get("result"))
        for annotation in document["annotations"]
    ] == [("schema", "HIGH", "FAILED"), ("duplicate-key", "LOW", "IGNORED"), ("renewal-horizon", "LOW", "IGNORED")]


def test_bitbucket_keeps_a_long_message_whole_in_details() -> None:
    message = "x" * 300 + "\U0001f600" * 100 + "end"  # 503 code points, 603 UTF-16 code units
    (annotation,) = bitbucket_document(make_report(dataclasses.replace(TIER, message=message)))["annotations"]
    expected = f"SEN-12345678: {message}"
    # 14 + 300 + 2 * 67 code units and the ellipsis: one more emoji would take it to 451.
    assert annotation["summary"] == expected[: 14 + 300 + 67] + "\u2026"
    assert bitbucket.utf16_length(annotation["summary"]) == 449
    assert annotation["details"] == expected


def test_bitbucket_cuts_at_a_thousand_annotations_failing_findings_first() -> None:
    warnings = [dataclasses.replace(RENEWAL, line=line, license=f"SEN-{line:08}") for line in range(1, 1001)]
    errors = [dataclasses.replace(TIER, line=line + 2000, license=f"SEN-{line:08}") for line in range(1, 11)]
    document = bitbucket_document(make_report(*warnings, *errors))
    annotations = document["annotations"]
    assert len(annotations) == 1000
    assert [annotation["line"] for annotation in annotations[:10]] == list(range(2001, 2011))
    assert [annotation["line"] for annotation in annotations[10:]] == list(range(1, 991))
    assert document["report"]["details"] == (
        "10 errors, 1000 warnings in 1 file; 10 findings are not annotated (Bitbucket keeps 1000 a report):"
        " see the pipeline's log"
    )


def test_bitbucket_text_is_plain_with_controls_shown() -> None:
    (annotation,) = bitbucket_document(make_report(HOSTILE))["annotations"]
    assert annotation["summary"] == "SEN-22222222: 'a\\x07b, c:d | 50% <x> & y' is not\\r\\nvalid"


def test_bitbucket_links_every_rule_to_its_documentation() -> None:
    (annotation,) = bitbucket_document(make_report(OTHER))["annotations"]
    assert annotation["link"] == help_uri("email-domain")


def test_check_format_bitbucket(tmp_path: Path) -> None:
    document = json.loads(check(tmp_path, "bitbucket"))
    assert bitbucket_errors(document, "licensegate document") == []
    assert document["report"]["result"] == "FAILED"
    assert [(a["title"], a["path"], a["line"], a["severity"]) for a in document["annotations"]] == [
        ("schema", "licenses.yaml", 16, "HIGH"),
        ("duplicate-key", "licenses.yaml", 19, "HIGH"),
    ]


def test_bitbucket_annotation_ids_are_the_findings_identity() -> None:
    report = make_report(TIER, OTHER)
    first = [a["external_id"] for a in bitbucket_document(report)["annotations"]]
    moved = make_report(*(dataclasses.replace(finding, line=finding.line + 3) for finding in (TIER, OTHER)))
    assert [a["external_id"] for a in bitbucket_document(moved)["annotations"]] == first

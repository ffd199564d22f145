"""JUnit XML, for CI systems that show test reports (Jenkins, GitLab, Azure Pipelines).

The document follows the Apache Ant JUnit schema (windyroad ``JUnit.xsd``, kept in
``tests/data/junit.xsd`` and tested against):

- ``<testsuites>``, with no attributes: the schema allows none;
- one ``<testsuite>`` per file checked, named for the file, with every attribute
  the schema requires and its children in the schema's order (``properties``, the
  test cases, ``system-out``, ``system-err``);
- one ``<testcase>`` per license (``classname`` the file, ``name`` the SEN), and one
  named ``(file)`` for the findings about no license;
- a test case with errors has one ``<failure>``: the schema allows only one, so it
  carries all of them. ``type`` lists each distinct ``severity [rule]``, ``message``
  joins the errors as ``severity [rule] message`` with ``; ``, and the text has one
  ``FILE:LINE:COL: severity [rule] message`` line an error.

Warnings are not failures: ``check`` exits 0 on warnings alone, and a CI system that
shows a red test for them would contradict the exit code and teach people to ignore the
report. A test case whose findings are all warnings passes; the warnings are listed in
its suite's ``<system-out>`` as the text format shows them
(``FILE:LINE:COL: warning [rule] SEN: message``), since the schema gives a test case
no output of its own.

In change mode (``--base``) a finding the base revision already had fails nothing:
it is listed in its suite's ``<system-out>`` as the text format shows it
(``FILE:LINE:COL: severity [rule] SEN: message [existing]``), and a license whose
findings all existed before passes.

Every file checked is a suite and every license in it a test case, so licenses
without findings show as passing tests.

The schema requires a ``timestamp`` (local form, no zone: it is UTC here) and a
``hostname``: the time and host of rendering, unless given. That makes ``render``
read the clock; tests pass both.
"""

from __future__ import annotations

import datetime
import re
import socket
import xml.etree.ElementTree as ET

from checker.finding import Finding, Severity
from checker.reporters import Report

FILE_LEVEL = "(file)"  # the test case of the findings that concern no license

# XML 1.0 cannot carry these characters at all, not even escaped; a message may quote them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}" if match.group() < "\x80" else "\ufffd", text)


def failure_line(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}] {finding.message}"


def output_line(finding: Finding) -> str:
    """As the text format shows a finding that fails nothing (a warning, or one the base already had)."""
    where = f"{finding.file}:{finding.line}:{finding.column}: {finding.severity} [{finding.rule}]"
    subject = f" {finding.license}:" if finding.license else ""
    return f"{where}{subject} {finding.message}{' [existing]' if finding.new is False else ''}"


def _passes(finding: Finding) -> bool:
    return finding.new is False or finding.severity is not Severity.ERROR


def _case_name(finding: Finding) -> str:
    return finding.license or FILE_LEVEL


def _testcase(file: str, name: str, findings: list[Finding]) -> ET.Element:
    case = ET.Element("testcase", {"name": _xml_text(name), "classname": _xml_text(file), "time": "0"})
    failing = [finding for finding in findings if not _passes(finding)]
    if failing:
        kinds = dict.fromkeys(f"{finding.severity} [{finding.rule}]" for finding in failing)
        failure = ET.SubElement(
            case,
            "failure",
            {
                "message": _xml_text("; ".join(f"{f.severity} [{f.rule}] {f.message}" for f in failing)),
                "type": ", ".join(kinds),
            },
        )
        failure.text = _xml_text("\n".join(failure_line(finding) for finding in failing))
    return case


def _testsuite(
    report: Report, file: str, findings: list[Finding], *, index: int, timestamp: str, hostname: str
) -> ET.Element:
    cases: dict[str, list[Finding]] = {}
    if any(not finding.license for finding in findings):
        cases[FILE_LEVEL] = []
    for sen in report.checked.get(file, ()):
        cases.setdefault(sen, [])
    for finding in findings:
        cases.setdefault(_case_name(finding), []).append(finding)
    testcases = [_testcase(file, name, case_findings) for name, case_findings in cases.items()]
    failures = sum(1 for case in testcases if case.find("failure") is not None)
    suite = ET.Element(
        "testsuite",
        {
            "name": _xml_text(file),
            "tests": str(len(testcases)),
            "failures": str(failures),
            "errors": "0",
            "skipped": "0",
            "time": "0",
            "timestamp": timestamp,
            "hostname": _xml_text(hostname),
            "id": str(index),
            "package": _xml_text(report.repo_path(file)),
        },
    )
    ET.SubElement(suite, "properties")
    suite.extend(testcases)
    passing = [finding for finding in findings if _passes(finding)]
    system_out = ET.SubElement(suite, "system-out")
    if passing:
        system_out.text = _xml_text("\n".join(output_line(finding) for finding in passing))
    ET.SubElement(suite, "system-err")
    return suite


def document(report: Report, *, timestamp: datetime.datetime, hostname: str) -> ET.Element:
    by_file: dict[str, list[Finding]] = {file: [] for file in report.checked}
    for finding in report.findings:
        by_file.setdefault(finding.file, []).append(finding)
    if timestamp.tzinfo is not None:
        timestamp = timestamp.astimezone(datetime.timezone.utc)
    when = timestamp.strftime("%Y-%m-%dT%H:%M:%S")
    root = ET.Element("testsuites")
    for index, (file, findings) in enumerate(by_file.items()):
        root.append(_testsuite(report, file, findings, index=index, timestamp=when, hostname=hostname))
    return root


def render(
    report: Report,
    *,
    color: bool = False,
    timestamp: datetime.datetime | None = None,
    hostname: str | None = None,
) -> str:
    if timestamp is None:
        timestamp = datetime.datetime.now(datetime.timezone.utc)
    root = document(report, timestamp=timestamp, hostname=hostname or socket.gethostname() or "localhost")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"

"""GitHub Actions: one workflow command a finding, then the summary line.

Each finding becomes an annotation on the pull request's diff::

    ::error file=licenses.yaml,line=16,col=11,title=schema::SEN-12345678: 'tier' must be ...

Warnings are ``::warning``. In change mode (``--base``) a finding that was
already there before the change is a ``::notice`` titled ``RULE (existing)``:
visible, but not a red mark on a change that did not cause it. Paths are
relative to the repository root, as GitHub needs them to place an annotation.

``step_summary`` is the same report as Markdown for ``$GITHUB_STEP_SUMMARY``;
the CLI writes it, this module only builds it.
"""

from __future__ import annotations

from checker import escape
from checker.finding import Finding, Severity
from checker.reporters import Report
from checker.reporters.text import summary

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning"}


def escape_data(text: str) -> str:
    """A workflow command's message: what the runner would otherwise read as a line break, then
    every other control (an escape sequence for the log viewer, U+2028) shown escaped."""
    return escape.terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command's property value: also what would end the value or the properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding) -> str:
    return f"{finding.license}: {finding.message}" if finding.license else finding.message


def command(finding: Finding, report: Report) -> str:
    existing = finding.new is False
    name = "notice" if existing else _COMMAND[finding.severity]
    title = f"{finding.rule} (existing)" if existing else finding.rule
    properties = {
        "file": report.repo_path(finding.file),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": title,
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {joined}::{escape_data(_message(finding))}"


def _one_line(text: str) -> str:
    # A line break in the summary (a path given on the command line) could start a line the
    # runner reads as a workflow command; ``summary`` already shows it escaped, this stays as a guard.
    return " ".join(text.splitlines())


def render(report: Report, *, color: bool = False) -> str:
    lines = [command(finding, report) for finding in report.findings]
    lines.append(_one_line(summary(report)))
    return "\n".join(lines) + "\n"


def _severity(finding: Finding) -> str:
    if finding.new is None:
        return str(finding.severity)
    return f"{finding.severity} ({'new' if finding.new else 'existing'})"


def step_summary(report: Report) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the summary line and a table of every finding."""
    lines = ["## licensegate", "", escape.markdown(summary(report)), ""]
    if not report.findings:
        lines.append("No findings.")
        return "\n".join(lines) + "\n"
    lines += ["| Severity | File | Line | Rule | License | Message |", "|---|---|---|---|---|---|"]
    for finding in report.findings:
        cells = [
            _severity(finding),
            report.repo_path(finding.file),
            str(finding.line),
            finding.rule,
            finding.license or "",
            finding.message,
        ]
        lines.append("| " + " | ".join(escape.markdown(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"

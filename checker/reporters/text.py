"""One line a finding, the ``file:line:col:`` form editors and CI log parsers read.

The file name, the license and the message (which quotes keys and values from the file) are
data: ``escape.terminal`` shows their control characters escaped, so a finding stays one line
and nothing in it reaches the terminal or a log parser as a control.
"""

from __future__ import annotations

from checker import escape
from checker.finding import Finding, Severity
from checker.reporters import Report

_RESET = "\033[0m"
_STYLE = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[1;33m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    errors = _plural(report.count(Severity.ERROR), "error")
    warnings = _plural(report.count(Severity.WARNING), "warning")
    line = f"{errors}, {warnings} in {_plural(report.files, 'file')}"
    if report.base is not None:
        new = sum(1 for finding in report.findings if finding.new)
        line += f"; {new} new since {report.base}"
    if report.waived:
        line += f"; {report.waived} waived"
    if report.deselected:
        line += f"; {report.deselected} not selected"
    if report.overrides:
        line += f"; severity overrides: {', '.join(report.overrides)}"
    return escape.terminal(line)  # the base and the overrides' rule names come from the user


def line(finding: Finding, *, color: bool = False) -> str:
    where = f"{escape.terminal(finding.file)}:{finding.line}:{finding.column}:"
    severity = str(finding.severity)
    rule = f"[{finding.rule}]"
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_STYLE[finding.severity]}{severity}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    subject = f" {escape.terminal(finding.license)}:" if finding.license else ""
    existing = " [existing]" if finding.new is False else ""
    return f"{where} {severity} {rule}{subject} {escape.terminal(finding.message)}{existing}"


def render(report: Report, *, color: bool = False) -> str:
    lines = [line(finding, color=color) for finding in report.findings]
    if not report.quiet:
        lines.append(summary(report))
    return "".join(f"{text}\n" for text in lines)

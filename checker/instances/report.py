"""drift's formats: its own text, and check's machine formats, which read the same Report."""

from __future__ import annotations

from checker import escape
from checker.finding import Severity
from checker.formats import Formats
from checker.reporters import REPORTERS, Render, Report
from checker.reporters.text import line

# check's formats, which read the same Report; only the text is drift's own.
FORMATS: Formats[Render] = REPORTERS.replacing("text", "checker.instances.report:render_text")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render_text(report: Report, *, color: bool = False) -> str:
    """One line a drift, ``file:line:column:`` as check writes them, then one summary line."""
    lines = [line(finding, color=color) for finding in report.findings]
    file = next(iter(report.checked), "licenses.yaml")
    licenses = _plural(report.licenses, "license")
    if not report.findings:
        lines.append(f"no drift: {licenses} in {escape.terminal(file)}, as the instances report them")
    else:
        errors = _plural(report.count(Severity.ERROR), "error")
        warnings = _plural(report.count(Severity.WARNING), "warning")
        lines.append(f"{errors}, {warnings} of drift ({licenses} in {escape.terminal(file)})")
    return "".join(f"{text}\n" for text in lines)

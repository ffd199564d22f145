"""Output formats: a dict from format name to the module that renders it.

A reporter is a pure function from a Report to text. Modules are imported only
when their format is asked for, so the writers of heavier formats cost the
pre-commit hook nothing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Literal, Protocol

from checker.finding import Finding, RuleDoc, Severity

OutputFormat = Literal["text", "json"]

REPORTERS: dict[OutputFormat, str] = {
    "text": "checker.reporters.text",
    "json": "checker.reporters.json_",
}


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    licenses: int
    rules: tuple[RuleDoc, ...]
    # Severity overrides in force, as "file: rule=level", and findings silenced by waivers.
    overrides: tuple[str, ...] = ()
    waived: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


class Render(Protocol):
    """Every reporter's ``render``; formats without colour ignore ``color``."""

    def __call__(self, report: Report, *, color: bool = False) -> str: ...


def reporter(name: OutputFormat) -> Render:
    render: Render = importlib.import_module(REPORTERS[name]).render
    return render

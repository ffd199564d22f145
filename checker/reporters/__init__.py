"""The formats of ``check``: its registry, and the Report every reporter renders.

A reporter is a pure function from a Report to text (``render``), one module a format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from checker.finding import Finding, RuleDoc, Severity
from checker.formats import Formats


@dataclass(frozen=True)
class Report:
    findings: list[Finding]
    files: int
    licenses: int
    rules: tuple[RuleDoc, ...]
    # Severity overrides in force, as "file: rule=level", and findings silenced by waivers.
    overrides: tuple[str, ...] = ()
    waived: int = 0
    # File as shown -> its path relative to the repository root (POSIX), where known:
    # what SARIF and GitHub annotations need.
    repo_paths: dict[str, str] = field(default_factory=dict)
    # Change mode (--base REV): the revision the findings were compared with.
    base: str | None = None
    # Every file checked, with the SENs it declares: JUnit's suites and test cases.
    checked: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # --strict: warnings fail too. Formats that state a verdict (Bitbucket's PASSED/FAILED) read it.
    strict: bool = False
    # --quiet: the text format leaves out its summary line; the other formats ignore it.
    quiet: bool = False
    # How many findings --select and --ignore left out (they are not in ``findings``).
    deselected: int = 0

    def repo_path(self, file: str) -> str:
        return self.repo_paths.get(file, file)

    def failing(self, *, strict: bool | None = None) -> list[Finding]:
        """The findings that decide the exit code: errors (and warnings if strict, by default the
        report's own ``strict``), new ones only in change mode."""
        if strict is None:
            strict = self.strict
        levels = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
        return [f for f in self.findings if f.severity in levels and f.new is not False]

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)


class Render(Protocol):
    """Every reporter's ``render``; formats without colour ignore ``color``."""

    def __call__(self, report: Report, *, color: bool = False) -> str: ...


REPORTERS: Formats[Render] = Formats(
    {
        "text": "checker.reporters.text:render",
        "json": "checker.reporters.json_:render",
        "github": "checker.reporters.github:render",
        "sarif": "checker.reporters.sarif:render",
        "junit": "checker.reporters.junit:render",
        "gitlab": "checker.reporters.gitlab:render",
        "bitbucket": "checker.reporters.bitbucket:render",
    }
)

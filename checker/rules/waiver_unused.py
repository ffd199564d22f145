"""A waiver matches no finding.

## What it does
Reports a waiver in force (not expired, for a rule that may be waived) that silenced no
finding, at the waiver. It runs after every other rule.

## Why it matters
A waiver that silences nothing is stale: the problem was fixed, or the waiver names the
wrong license or rule. Left in place, it misleads the next reader and may silence a future
problem by accident.

## How to fix
Delete the waiver.

## Sources
- None outside licensegate: waivers are its own mechanism, described with every key in the
  schema (`licensegate schema`, the `waivers` section)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Waiver
from checker.rules.base import EXAMPLE

ID = "waiver-unused"
SEVERITY = Severity.WARNING
WAIVABLE = False
SUMMARY = "A waiver matches no finding."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE
BAD = (
    GOOD
    + """\
waivers:
  - rule: backup-contact
    license: SEN-12345678   # this license has a backup contact now
    reason: Team of one until the autumn hire
    expires: 2027-03-31
    owner: atlassian-admins@example.com
"""
)


def check_waivers(unused: list[Waiver]) -> Iterator[Problem]:
    """Runs after every other rule, on the waivers in force that silenced nothing."""
    for waiver in unused:
        yield Problem(
            waiver.pointer,
            f"waiver for {waiver.rule} on {waiver.license} matches no finding: delete it",
        )

"""A waiver matches no finding.

A waiver that silences nothing is stale: the problem was fixed, or the waiver
names the wrong license or rule. Delete it, so the next reader is not misled
and a future problem is not silenced by accident.

Bad:

    waivers:
      - rule: backup-contact
        license: SEN-12345678    # this license has a backup contact now
        reason: Team of one until the Q1 hire
        expires: 2027-01-31

Good: the waiver is deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Waiver

ID = "waiver-unused"
SEVERITY = Severity.WARNING
WAIVABLE = False
SUMMARY = "A waiver matches no finding."
POLICY_KEYS: tuple[str, ...] = ()


def check_waivers(unused: list[Waiver]) -> Iterator[Problem]:
    """Runs after every other rule, on the waivers in force that silenced nothing."""
    for waiver in unused:
        yield Problem(
            waiver.pointer,
            f"waiver for {waiver.rule} on {waiver.license} matches no finding: delete it",
        )

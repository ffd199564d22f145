"""A waiver has expired.

Waivers are time-boxed on purpose: an exception nobody revisits becomes policy.
After its `expires` date a waiver silences nothing, and this error asks for a
decision: fix what it waived, or renew it with a new reason and date. A waiver
is in force through its `expires` day.

Bad (with --today 2027-02-01):

    waivers:
      - rule: backup-contact
        license: SEN-12345678
        reason: Team of one until the Q1 hire
        expires: 2027-01-31

Good: the hire is added as a backup contact, and the waiver deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "waiver-expired"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A waiver's expires date is past: it silences nothing."
POLICY_KEYS: tuple[str, ...] = ()


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    for waiver in inputs.inventory.waivers:
        if waiver.expires is not None and waiver.expires < context.today:
            yield Problem(
                f"{waiver.pointer}/expires",
                f"waiver for {waiver.rule} expired on {waiver.expires}: fix the finding, or renew the waiver"
                " with a new reason and date",
            )

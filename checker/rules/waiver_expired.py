"""A waiver has expired.

## What it does
Reports a waiver whose `expires` date is before `--today`, at `expires`. A waiver is in force
through its `expires` day; after it, the waiver silences nothing and the finding it waived
is reported again.

## Why it matters
Waivers are time-boxed on purpose: an exception nobody revisits becomes policy. This error
asks for a decision instead of letting the exception run on unnoticed.

## How to fix
Fix what the waiver waived and delete it, or renew it with a new reason and date.

## Sources
- None outside licensegate: waivers are its own mechanism, described with every key in the
  schema (`licensegate schema`, the `waivers` section)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "waiver-expired"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A waiver's expires date is past: it silences nothing."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE
BAD = GOOD.replace(
    "    backup_contacts: [alice.martin@example.com]\n",
    """\
waivers:
  - rule: backup-contact
    license: SEN-12345678
    reason: Team of one until the autumn hire
    expires: 2026-10-31   # before --today 2026-11-26
    owner: atlassian-admins@example.com
""",
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    for waiver in inputs.inventory.waivers:
        if waiver.expires is not None and waiver.expires < context.today:
            yield Problem(
                f"{waiver.pointer}/expires",
                f"waiver for {waiver.rule} expired on {waiver.expires}: fix the finding, or renew the waiver"
                " with a new reason and date",
            )

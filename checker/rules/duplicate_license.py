"""A SEN is declared twice.

## What it does
Reports a license whose `id` (its SEN) an earlier entry already declares. The finding points
at the second `id`.

## Why it matters
A license is identified by its Support Entitlement Number (SEN), which stays the same for the
license's whole life. Two entries with the same SEN mean two sets of contacts and dates for
one license: whichever a reader trusts, the other is wrong. Atlassian publishes no official
SEN format (the public examples are `SEN-` and 7 or 8 digits), so a copied entry whose SEN
was not changed still looks right.

## How to fix
Merge the two entries, or give the copied one its own SEN: each entry takes the SEN shown for
that license in My Atlassian.

## Sources
- Atlassian KB, "Apps and user license"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "duplicate-license"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A SEN is declared twice."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = (
    EXAMPLE
    + """\
  - id: SEN-12345679
    product: Confluence
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [bob.chen@example.com]
"""
)
BAD = GOOD.replace("  - id: SEN-12345679\n", "  - id: SEN-12345678   # copied from the entry above and not changed\n")


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for number, license in enumerate(inputs.inventory.licenses, 1):
        if license.id is None:
            continue
        if license.id in first:
            yield Problem(
                f"{license.pointer}/id",
                f"{license.id} is declared twice (first as license {first[license.id]}):"
                " merge the two entries or correct this SEN",
            )
        else:
            first[license.id] = number

"""A license id (SEN or Entitlement number) is declared twice.

## What it does
Reports a license whose `id` (its SEN, or in cloud its Entitlement number) an earlier entry
already declares. The finding points at the second `id`.

## Why it matters
A license is identified by its Support Entitlement Number (SEN), which stays the same for the
license's whole life; cloud products and apps are moving to an Entitlement number
(`E-3XJ-WYD-KA7-HBJ`) and their site's cloud ID. Two entries with the same id mean two sets of
contacts and dates for one license: whichever a reader trusts, the other is wrong. Atlassian
publishes no official SEN format (the public examples are `SEN-` and 7 or 8 digits), so a copied
entry whose id was not changed still looks right.

## How to fix
Merge the two entries, or give the copied one its own id: each entry takes the SEN shown for
that license in My Atlassian, or the Entitlement number admin.atlassian.com shows for a cloud
product or connected app.

## Sources
- Atlassian KB, "Apps and user license"
- Atlassian Developer Community, "Introducing new cloud identifiers" and "Changes to SEN
  availability in Connect app install payload" (the Entitlement number `E-3XJ-WYD-KA7-HBJ`)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "duplicate-license"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A license id (SEN or Entitlement number) is declared twice."
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
                " merge the two entries or correct this id",
            )
        else:
            first[license.id] = number

"""A SEN is declared twice.

A Support Entitlement Number identifies one license for its whole life
(DOMAIN.md, "Identifiers"). Two entries with the same SEN mean two sets of
contacts and dates for one license: whichever a reader trusts, the other is wrong.
The finding points at the second `id`.

Bad:

    licenses:
      - id: SEN-12345678
        product: Jira Software
      - id: SEN-12345678      # copied and not changed
        product: Confluence

Good: each entry has the SEN shown in My Atlassian for that license.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "duplicate-license"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A SEN is declared twice."
POLICY_KEYS: tuple[str, ...] = ()


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

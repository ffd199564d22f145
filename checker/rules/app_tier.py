"""A Marketplace app names no declared host license, or its tier is below its host's.

## What it does
For every license with `app_of` (a Marketplace app), checks that `app_of` names a license
declared in the file, and that the app's `tier` is not below that license's; `unlimited`
exceeds every number. The finding points at `app_of`, or at the app's `tier`. May be waived
per license.

## Why it matters
A Marketplace app has its own license number, linked to the SEN of the product it extends,
and its user tier must match or exceed the host's (for Jira, the highest tier among the Jira
products on the instance). An app with a smaller tier will not renew as licensed. An app
whose `app_of` names no license in the file cannot be checked against its host, and likely
carries a stale or mistyped SEN.

## How to fix
Buy the app at its host's tier or above and update `tier`; correct `app_of` to the host's
SEN, or declare the host license.

## Sources
- Atlassian KB, "Apps and user license"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "app-tier"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A Marketplace app's app_of names no declared license, or its tier is below its host's."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = (
    EXAMPLE
    + """\
  - id: SEN-12345679
    product: Tempo Timesheets
    app_of: SEN-12345678
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [bob.chen@example.com]
"""
)
BAD = GOOD.replace(
    "    app_of: SEN-12345678\n    deployment: cloud\n    tier: 500\n",
    "    app_of: SEN-12345678\n    deployment: cloud\n    tier: 250   # below the host's 500\n",
)


def _size(tier: int | str) -> float:
    return float("inf") if tier == "unlimited" else float(tier)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    hosts = {license.id: license for license in inputs.inventory.licenses if license.id}
    for license in inputs.inventory.licenses:
        if license.app_of is None:
            continue
        host = hosts.get(license.app_of)
        if host is None:
            yield Problem(
                f"{license.pointer}/app_of",
                f"app_of names {license.app_of}, which is not declared here: add the host license or correct the SEN",
            )
            continue
        if license.tier is None or host.tier is None:
            continue
        if _size(license.tier) < _size(host.tier):
            yield Problem(
                f"{license.pointer}/tier",
                f"tier {license.tier} is below its host {host.id}'s tier {host.tier}:"
                " an app's tier must match or exceed its host's",
            )

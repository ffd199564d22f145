"""A Marketplace app names no declared host license, or its tier is below its host's.

A Marketplace app has its own license, linked to the host product's SEN, and its
user tier must match or exceed the host's (DOMAIN.md, "Identifiers"). An app whose
`app_of` names no license in the file cannot be checked against its host and is
likely a stale or mistyped SEN; an app with a smaller tier will not renew as
licensed. `unlimited` exceeds every number. May be waived per license.

Bad:

    - id: SEN-12345678
      product: Jira Software
      tier: 500
    - id: SEN-12345679
      product: Tempo Timesheets
      app_of: SEN-12345678
      tier: 250            # below the host's 500

Good: the app's tier is 500 or more.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "app-tier"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A Marketplace app's app_of names no declared license, or its tier is below its host's."
POLICY_KEYS: tuple[str, ...] = ()


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

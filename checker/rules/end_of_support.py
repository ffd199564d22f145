"""A license is for a deployment or product past, or near, its end of support.

## What it does
- `server`: an error, except for Fisheye and Crucible.
- `data-center`, and products with their own end date (Opsgenie): a warning once the date is
  inside `renewal_warning_days` of `--today`, or when `renews` falls after it (the renewal
  buys time that will not exist); an error once the date has passed.

The finding points at `deployment`, or at `renews` when that is what falls after the date.
May be waived per license while a migration is under way.

## Why it matters
Atlassian ended support for Server on 2024-02-15; Fisheye and Crucible are excluded from that
end. A Server license keeps running after its maintenance ends, but without updates or
support. Data Center reaches its end of life on 2029-03-28: its licenses expire and instances
become read-only. That date is reported by several Atlassian partners quoting Atlassian's
announcement. Opsgenie's end of support is 2027-04-05.

## How to fix
Migrate before the date (Server to cloud or Data Center, Data Center to cloud), then update
`deployment` here. While a migration is under way, waive the rule for the license with the
migration's planned end as `expires`.

## Sources
- Atlassian Developer blog, "End of new server sales"
- Atlassian Marketplace KB, "End of sale and support for server apps"
- Atlassian Purchasing, "What happens when the included maintenance ends"
- Atlassian partners' posts quoting Atlassian's Data Center end-of-life announcement (2029-03-28)
- Atlassian Support, Opsgenie documentation notice on its end of support (2027-04-05)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple

from checker.finding import Problem, Severity
from checker.model import Inputs, License
from checker.rules.base import EXAMPLE, Context

ID = "end-of-support"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A Server license, or a Data Center or product license near or past its end of life."
POLICY_KEYS: tuple[str, ...] = ("renewal_warning_days",)
GOOD = EXAMPLE
BAD = GOOD.replace("deployment: cloud", "deployment: server   # Server support ended on 2024-02-15")


class EndOfSupport(NamedTuple):
    what: str
    date: datetime.date
    source: str


# One table; the module docstring names the sources.
SERVER = EndOfSupport("Server", datetime.date(2024, 2, 15), "Atlassian")
SERVER_EXCEPTIONS = ("fisheye", "crucible")  # Atlassian: excluded from the Server end of support
DATA_CENTER = EndOfSupport("Data Center", datetime.date(2029, 3, 28), "partners, quoting Atlassian's announcement")
PRODUCTS = {
    "opsgenie": EndOfSupport("Opsgenie", datetime.date(2027, 4, 5), "Atlassian"),
}


def _product_end(license: License) -> EndOfSupport | None:
    product = (license.product or "").lower()
    return next((end for name, end in PRODUCTS.items() if name in product), None)


def _judge(license: License, end: EndOfSupport, inputs: Inputs, context: Context) -> Iterator[Problem]:
    deployment = f"{license.pointer}/deployment"
    if context.today > end.date:
        yield Problem(
            deployment, f"{end.what} reached its end of support on {end.date}: migrate, then update this entry"
        )
        return
    if license.renews is not None and license.renews > end.date:
        yield Problem(
            f"{license.pointer}/renews",
            f"renews {license.renews}, after {end.what}'s end of support on {end.date}: plan the migration first",
            severity=Severity.WARNING,
        )
        return
    days = (end.date - context.today).days
    if days <= inputs.policy.renewal_warning_days:
        yield Problem(
            deployment,
            f"{end.what} reaches its end of support in {days} days ({end.date}): plan the migration",
            severity=Severity.WARNING,
        )


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    for license in inputs.inventory.licenses:
        product = (license.product or "").lower()
        if license.deployment == "server":
            if not any(name in product for name in SERVER_EXCEPTIONS):
                yield Problem(
                    f"{license.pointer}/deployment",
                    f"Server reached its end of support on {SERVER.date}: migrate to cloud or Data Center",
                )
            continue
        if license.deployment == "data-center":
            yield from _judge(license, DATA_CENTER, inputs, context)
        end = _product_end(license)
        if end is not None:
            yield from _judge(license, end, inputs, context)

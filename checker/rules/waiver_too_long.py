"""A waiver ends too far in the future.

## What it does
Reports a waiver whose `expires` lies more than `max_waiver_days` (default 180) after the day
it is checked (`--today`). The finding points at `expires`. In change mode a waiver that is new
or extended in the change is also a `policy-relaxed` warning, and takes effect only once the
change has landed.

## Why it matters
A waiver silences a finding about a license: a missing backup contact, a renewal inside the
horizon, a Server license past its end of support. Server reached its end of support on
2024-02-15, and a Data Center license that expires makes Jira stop creating issues and
Confluence read-only. An exception with `expires: 9999-12-31` is a rule turned off for good.
Bounding every waiver makes someone look at each exception again, at least twice a year by
default.

## How to fix
Set `expires` to a date at most `max_waiver_days` away, and renew the waiver then if the reason
still holds. A team that wants longer exceptions raises `max_waiver_days` in the policy, in a
change of its own that the policy's owners review.

## Sources
- Atlassian developer blog, "End of new server sales"; Marketplace KB, "End of sale and support for server apps"
- Atlassian KB, "What happens when your Jira Server or Data Center license expires"
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "waiver-too-long"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A waiver expires more than max_waiver_days after the day it is checked."
POLICY_KEYS: tuple[str, ...] = ("max_waiver_days",)
BAD = EXAMPLE.replace(
    "    backup_contacts: [alice.martin@example.com]\n",
    """\
waivers:
  - rule: backup-contact
    license: SEN-12345678
    reason: Team of one until the next hire
    owner: atlassian-admins@example.com
    expires: 9999-12-31   # for good
""",
)
GOOD = BAD.replace("expires: 9999-12-31   # for good", "expires: 2027-03-31")


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    limit = inputs.policy.max_waiver_days
    latest = context.today + datetime.timedelta(days=min(limit, (datetime.date.max - context.today).days))
    for waiver in inputs.inventory.waivers:
        if waiver.expires is not None and waiver.expires > latest:
            yield Problem(
                f"{waiver.pointer}/expires",
                f"waiver for {waiver.rule} on {waiver.license} expires {waiver.expires}, more than {limit} days"
                f" after {context.today} (max_waiver_days): end it by {latest}",
            )

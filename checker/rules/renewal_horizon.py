"""A renewal is close, or past.

## What it does
Reports a license whose `renews` date is `renewal_warning_days` days away or fewer, as a
warning, and `renewal_error_days` days away or fewer, or past, as an error. "Days away"
counts from `--today` (by default the day of the run): exactly N days away is inside a
horizon of N days. The finding points at `renews`. May be waived per license.

## Why it matters
Renewals lapse when the reminder goes where nobody looks: the technical contact left,
changed teams or was on holiday; cloud sites have been deactivated for non-payment because
the reminders went to admins no longer on the team, or to spam, and an SSO subscription
lapsed the same way and took its configuration with it. Marketplace apps bought through
Atlassian get reminders 90, 45, 30 and 15 days before expiry and 15 days after, but only
whoever reads them can act. Lapsing hurts: when a Data Center license expires, Jira stops
creating issues (one expired Jira product makes the whole instance read-only), Confluence
goes read-only and apps stop working. A cloud product is cut off 15 days after a missed
payment and its data deleted 60 days later. A Server license keeps running after its
maintenance ends, but without updates or support.

## How to fix
Make sure the technical contact has the quote and the renewal is paid, then set `renews` to
the next renewal date.

## Sources
- Atlassian Developer, Marketplace, "Sales and renewals email campaigns"
- Atlassian KB, "What happens when your Jira Server or Data Center license expires"
- Atlassian Support, "Understand billing administration"
- Atlassian Purchasing, "What happens when the included maintenance ends"
- Atlassian public issue tracker, COMMERCE-17 (deactivation emails sent to former admins)
- Atlassian public issue tracker, ACCESS-1184 (an SSO subscription lapsed with its configuration)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "renewal-horizon"
SEVERITY = Severity.WARNING
WAIVABLE = True
SUMMARY = "A renewal is within renewal_warning_days (warning) or renewal_error_days or past (error)."
POLICY_KEYS: tuple[str, ...] = ("renewal_warning_days", "renewal_error_days")
GOOD = EXAMPLE
BAD = GOOD.replace("renews: 2027-09-30", "renews: 2026-12-04   # 8 days after --today 2026-11-26: an error")


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    policy = inputs.policy
    for license in inputs.inventory.licenses:
        if license.renews is None:
            continue
        days = (license.renews - context.today).days
        if days > max(policy.renewal_warning_days, policy.renewal_error_days):
            continue
        severity = Severity.ERROR if days <= policy.renewal_error_days else Severity.WARNING
        if days < 0:
            when = f"expired {-days} day{'s' if days != -1 else ''} ago ({license.renews})"
        elif days == 0:
            when = f"renews today ({license.renews})"
        else:
            when = f"renews in {days} day{'s' if days != 1 else ''} ({license.renews})"
        yield Problem(
            f"{license.pointer}/renews",
            f"{when}: make sure the technical contact has the quote, then update 'renews' once renewed",
            severity=severity,
        )

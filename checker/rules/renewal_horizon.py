"""A renewal is close, or past.

Renewals lapse when the reminder goes where nobody looks (DOMAIN.md, "The stories
behind the rules"), and lapsing hurts: an expired Data Center license makes Jira
or Confluence read-only, and a cloud product is cut off 15 days after a missed
payment (DOMAIN.md, "Renewal and lapse"). A renewal `renewal_warning_days` days
away or fewer is a warning; `renewal_error_days` days away or fewer, or past, is
an error. "Days away" counts from `--today`: exactly N days away is inside a
horizon of N days. Once renewed, update `renews`. May be waived per license.

Policy keys: `renewal_warning_days` (default 60), `renewal_error_days` (default 14).

Bad (with --today 2027-03-01):

    renews: 2027-03-10     # 9 days away: error

Good:

    renews: 2027-09-30
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "renewal-horizon"
SEVERITY = Severity.WARNING
WAIVABLE = True
SUMMARY = "A renewal is within renewal_warning_days (warning) or renewal_error_days or past (error)."
POLICY_KEYS: tuple[str, ...] = ("renewal_warning_days", "renewal_error_days")


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

"""A waiver or severity override names a rule the file may not exempt itself from.

## What it does
Reports a waiver (`waivers`) or a severity override (`policy.severity`) that names a rule the
file may not exempt itself from, and a name that is no rule at all. Only backup-contact,
renewal-horizon, end-of-support, unknown-contact and app-tier may be waived or
re-severitied. The waiver or override has no effect: the finding it aimed at stays.

## Why it matters
The other rules protect where license keys go (email-domain, email-typo, email-syntax,
shared-mailbox, departed-contact) or the integrity of the inventory itself
(duplicate-license, the waiver rules, the file's structure). Technical contacts receive the
license keys and security advisories, and billing and technical contacts the quotes. A change
that sends license mail outside the company, or to someone who left, must not be able to
approve itself in the same file it edits.

## How to fix
Delete the waiver or override and fix what the rule reports. A reseller, for example, is made
the billing contact through My Atlassian, and the technical contact stays a company mailbox.

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian Purchasing, "Adding a contact to existing licenses"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "waiver-forbidden"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A waiver or policy.severity override names a protected rule, or no rule at all."
POLICY_KEYS: tuple[str, ...] = ("severity",)
GOOD = EXAMPLE
BAD = (
    GOOD
    + """\
    billing_contact: renewals@reseller.example.net
waivers:
  - rule: email-domain   # protects where license mail goes
    license: SEN-12345678
    reason: Our reseller handles renewals
    expires: 2027-03-31
    owner: atlassian-admins@example.com
"""
)


def _complaint(rule: str, context: Context) -> str | None:
    if rule in context.waivable:
        return None
    if rule not in context.known_rules:
        return f"'{rule}' is not a rule (see 'licensegate rules')"
    allowed = ", ".join(sorted(context.waivable))
    return f"'{rule}' protects where license mail goes and cannot be waived or re-severitied; only {allowed} can"


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    for waiver in inputs.inventory.waivers:
        complaint = _complaint(waiver.rule, context) if waiver.rule else None
        if complaint:
            yield Problem(f"{waiver.pointer}/rule", f"waiver for {waiver.license}: {complaint}")
    for rule in inputs.policy.severity:
        complaint = _complaint(rule, context)
        if complaint:
            yield Problem(f"/policy/severity/{rule}", f"severity override: {complaint}", at_key=True)

"""An address is not a valid email address.

## What it does
Checks every address in the file: technical, backup and billing contacts, mailbox addresses
and members, and people. The check is the email-validator library's, offline (no DNS
lookups), so the verdict is the same on every machine and in CI. An address reported here
gets no email-typo or email-domain finding, and shared-mailbox and unknown-contact stay
silent on it.

## Why it matters
Technical contacts receive the license keys and security advisories, and quotes and purchase
confirmations go to the billing and technical contacts. One typo that breaks an address sends
all of that to nobody, and nobody notices until a renewal lapses. What an address may contain
is set by RFC 5321 and RFC 5322: one `@`, no two dots in a row, no spaces outside quotes.

## How to fix
Correct the address; the message says what is wrong with it.

## Sources
- RFC 5321, "Simple Mail Transfer Protocol"
- RFC 5322, "Internet Message Format", section 3.4.1 (addr-spec)
- email-validator documentation (pypi.org/project/email-validator)
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context, address_problems

ID = addresses.EMAIL_SYNTAX
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is not a valid email address."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE
BAD = GOOD.replace(
    "technical_contact: atlassian-admins@example.com",
    "technical_contact: atlassian-admins@example..com   # two dots in a row",
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

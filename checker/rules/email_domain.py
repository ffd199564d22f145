"""An address is outside the allowed domains.

## What it does
Reports every address in the file whose domain is not in `allowed_domains`; `*.example.com`
allows example.com and all its subdomains. An address that looks like a typo of an allowed
domain is reported by email-typo instead.

## Why it matters
Technical contacts receive the license keys and security advisories, and quotes and purchase
confirmations go to the billing and technical contacts: an address outside the company's
domains sends them outside the company. Such a contact is also hard to hand over: "Make
primary" takes effect at once only when the new contact shares the current primary's email
domain, and never for public mail domains.

## How to fix
Use a company address: a team mailbox or a colleague. If the domain is the company's, add it
to `allowed_domains`.

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian Purchasing, "Adding a contact to existing licenses"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context, address_problems

ID = addresses.EMAIL_DOMAIN
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is outside allowed_domains: license mail would leave the company."
POLICY_KEYS: tuple[str, ...] = ("allowed_domains",)
GOOD = EXAMPLE
BAD = GOOD.replace(
    "backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice.martin@gmail.com]   # a personal mailbox"
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

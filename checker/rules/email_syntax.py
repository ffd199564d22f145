"""An address is not a valid email address.

One typo sends license keys to nobody (DOMAIN.md, "The stories behind the rules").
Every address in the file is checked: technical, backup and billing contacts,
mailbox addresses and members, and people. The check is the email-validator
library's, offline (no DNS lookups), so it is the same on every machine and in CI.

Bad:

    technical_contact: atlassian-admins@example..com

Good:

    technical_contact: atlassian-admins@example.com
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context, address_problems

ID = addresses.EMAIL_SYNTAX
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is not a valid email address."
POLICY_KEYS: tuple[str, ...] = ()


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

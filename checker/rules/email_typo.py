"""An address is probably a typo: of an allowed domain, or of someone in the directory.

## What it does
Reports an address whose domain is not allowed but is one edit away from an allowed one
(`exmaple.com`, `example.co`; two edits when the allowed one has ten characters or more),
or looks the same (`examp1e.com`, or `example.com` with a Cyrillic "a"), with the address it
probably meant. So is an address in an allowed domain that is not in `people` but one or two edits
from someone who is (`alcie.martin@`). Such an address gets no email-domain finding.

## Why it matters
A typo in a technical contact sends license keys and renewal quotes to nobody, or to a
stranger who registered the look-alike domain. Letters from other scripts that look like
Latin ones (Unicode calls them confusables) make such an address impossible to spot by eye.

## How to fix
Use the address the message suggests. If the address really is right, add its domain to
`allowed_domains` or the person to `people`.

## Sources
- Unicode Technical Standard #39, "Unicode Security Mechanisms" (confusable detection)
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context, address_problems

ID = addresses.EMAIL_TYPO
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is a likely typo of an allowed domain or a directory entry (did you mean ...?)."
POLICY_KEYS: tuple[str, ...] = ("allowed_domains",)
GOOD = EXAMPLE
BAD = GOOD.replace(
    "backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice.martin@exmaple.com]   # 'exmaple'"
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

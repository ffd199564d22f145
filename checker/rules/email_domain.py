"""An address is outside the allowed domains.

License keys, quotes and security advisories go to the contacts (DOMAIN.md,
"Contacts"). An address outside the company's domains sends them outside the
company, and a contact in another domain cannot be made primary at once
(DOMAIN.md: "Make primary" takes effect at once only within the current
primary's domain, never for public mail domains). `allowed_domains` lists the
domains allowed; `*.example.com` allows example.com and its subdomains.

Policy keys: `allowed_domains`.

Bad:

    backup_contacts: [alice.martin@gmail.com]

Good:

    backup_contacts: [alice.martin@example.com]
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context, address_problems

ID = addresses.EMAIL_DOMAIN
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is outside allowed_domains: license mail would leave the company."
POLICY_KEYS: tuple[str, ...] = ("allowed_domains",)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

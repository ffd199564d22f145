"""An address is probably a typo: of an allowed domain, or of someone in the directory.

A typo in a technical contact sends license keys and renewal quotes to nobody, or
to a stranger who registered the look-alike domain. An address whose domain is not
allowed but is one edit away from an allowed one (`exmaple.com`, `example.co`), or
looks the same (`examp1e.com`, or `example.com` with a Cyrillic "a"), is reported
with the address it probably meant. So is an address in an allowed domain that is
not in `people` but one or two edits from someone who is (`alcie.martin@`).

Policy keys: `allowed_domains`.

Bad:

    backup_contacts: [alice.martin@exmaple.com]

Good:

    backup_contacts: [alice.martin@example.com]
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import addresses
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context, address_problems

ID = addresses.EMAIL_TYPO
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "An address is a likely typo of an allowed domain or a directory entry (did you mean ...?)."
POLICY_KEYS: tuple[str, ...] = ("allowed_domains",)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    return address_problems(inputs, context, ID)

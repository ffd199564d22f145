"""A backup contact or mailbox member has left.

Renewals lapse because the contact left or changed teams (DOMAIN.md, "The stories
behind the rules"), and once the only contact is gone, getting back in can take a
support case. A backup contact or mailbox member whose `people` entry has
`status: departed` must be replaced, both here and in My Atlassian (only the
customer can change contacts).

Bad:

    people:
      - {email: henrik.larsen@example.com, name: Henrik Larsen, status: departed}
    licenses:
      - id: SEN-12345678
        backup_contacts: [henrik.larsen@example.com]

Good: an active person replaces Henrik.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context
from checker.rules.unknown_contact import contacts

ID = "departed-contact"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A backup contact or mailbox member is a person whose status is departed."
POLICY_KEYS: tuple[str, ...] = ()


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    for pointer, address, whose in contacts(inputs):
        if inputs.directory.is_departed(address):
            yield Problem(
                pointer,
                f"{whose} '{address}' has departed: replace them here and in My Atlassian",
            )

"""A backup contact or mailbox member is not in the directory.

When the file declares `people`, it is the list of who may receive license mail.
A backup contact or mailbox member who is in neither `people` nor `mailboxes` is
someone nobody vouched for: add them to `people`, or correct the address. Silent
when `people` is not declared, and on addresses the email rules already report.
May be waived per license.

Bad:

    people:
      - {email: alice.martin@example.com, name: Alice Martin}
    licenses:
      - id: SEN-12345678
        backup_contacts: [zoe.quinn@example.com]

Good: Zoe Quinn is added to `people`.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "unknown-contact"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A backup contact or mailbox member is in neither people nor mailboxes."
POLICY_KEYS: tuple[str, ...] = ()


def contacts(inputs: Inputs) -> Iterator[tuple[str, str, str]]:
    """(pointer, address, whose) for every backup contact and mailbox member."""
    for license in inputs.inventory.licenses:
        for index, address in license.backup_contacts or []:
            yield f"{license.pointer}/backup_contacts/{index}", address, "backup contact"
    for mailbox in inputs.directory.mailboxes:
        for index, address in mailbox.members:
            yield f"{mailbox.pointer}/members/{index}", address, f"member of '{mailbox.address}'"


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    if inputs.directory.people is None:
        return
    for pointer, address, whose in contacts(inputs):
        key = address.lower()
        if key in inputs.directory.person_by_email or key in inputs.directory.mailbox_by_address:
            continue
        if context.verdict(address) is not None:
            continue
        yield Problem(pointer, f"{whose} '{address}' is not in 'people': add them, or correct the address")

"""The technical contact is not a shared team mailbox with enough active members.

The primary technical contact is the one address that receives license keys,
renewal quotes and security advisories (DOMAIN.md, "Contacts"). When it is one
person's inbox, renewals lapse the day that person is on holiday or leaves
(DOMAIN.md, "The stories behind the rules"), and only the customer can change it
afterwards. Atlassian itself recommends an organisational alias. So the technical
contact must be one of the declared `mailboxes`, and that mailbox must have at
least `min_mailbox_members` members who have not departed.

Policy keys: `min_mailbox_members` (default 2).

Bad:

    mailboxes:
      - address: atlassian-admins@example.com
        members: [alice.martin@example.com]      # one reader is no team
    licenses:
      - id: SEN-12345678
        technical_contact: alice.martin@example.com   # a person, not a mailbox

Good:

    mailboxes:
      - address: atlassian-admins@example.com
        members: [alice.martin@example.com, bob.chen@example.com]
    licenses:
      - id: SEN-12345678
        technical_contact: atlassian-admins@example.com
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "shared-mailbox"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "The technical contact is not a declared shared mailbox with enough active members."
POLICY_KEYS: tuple[str, ...] = ("min_mailbox_members",)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    needed = inputs.policy.min_mailbox_members
    for license in inputs.inventory.licenses:
        contact = license.technical_contact
        if contact is None or context.verdict(contact) is not None:
            continue  # missing (a schema finding) or not a good address (an email finding)
        pointer = f"{license.pointer}/technical_contact"
        mailbox = inputs.directory.mailbox_by_address.get(contact.lower())
        if mailbox is None:
            yield Problem(
                pointer,
                f"technical contact '{contact}' is not a shared mailbox: declare it under 'mailboxes'"
                " or use a team mailbox, so license mail does not depend on one inbox",
            )
            continue
        active = {member.lower() for _, member in mailbox.members if not inputs.directory.is_departed(member)}
        if len(active) < needed:
            yield Problem(
                pointer,
                f"mailbox '{contact}' has {len(active)} active member{'s' if len(active) != 1 else ''},"
                f" fewer than {needed} (min_mailbox_members): add members to it",
            )

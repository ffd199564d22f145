"""The technical contact is not a shared team mailbox with enough active members.

## What it does
Checks that each license's `technical_contact` is one of the declared `mailboxes`, and that
the mailbox reaches at least `min_mailbox_members` distinct active people. Members resolve
through nested mailboxes; with a `people` directory only declared, active people count (a
member that is unknown, departed, or a mailbox that reaches nobody counts for nothing).

## Why it matters
A license has exactly one primary technical contact, and that address receives the license
keys and security advisories; quotes and purchase confirmations go to the billing and
technical contacts. When it is one person's inbox, renewals lapse the day that person is on
holiday, changes teams or leaves. Only the customer can change the contact afterwards:
Atlassian's security policy forbids Atlassian and its partners from doing it on request, and
once the only contact has left, getting back in can take a support case. Atlassian recommends
an organisational email alias when many people need access.

## How to fix
Declare a team mailbox under `mailboxes` with at least `min_mailbox_members` active members,
make it the technical contact here, and make the same change in My Atlassian (only the
customer can).

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian Purchasing, "Adding a contact to existing licenses"
- Atlassian KB, "How do I add a technical or billing contact to my account"
- Atlassian public issue tracker, COMMERCE-17 (deactivation emails sent to former admins)
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "shared-mailbox"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "The technical contact is not a declared shared mailbox with enough active members."
POLICY_KEYS: tuple[str, ...] = ("min_mailbox_members",)
GOOD = EXAMPLE.replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [bob.chen@example.com]")
BAD = GOOD.replace(
    "members: [alice.martin@example.com, bob.chen@example.com]",
    "members: [alice.martin@example.com]   # one reader is no team",
).replace(
    "technical_contact: atlassian-admins@example.com",
    "technical_contact: alice.martin@example.com   # a person, not a mailbox",
)


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
        active = inputs.directory.reach(contact)
        if len(active) < needed:
            yield Problem(
                pointer,
                f"mailbox '{contact}' reaches {len(active)} active {'person' if len(active) == 1 else 'people'},"
                f" fewer than {needed} (min_mailbox_members): add members to it",
            )

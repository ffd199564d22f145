"""A backup contact or mailbox member has left.

## What it does
Reports a backup or billing contact, mailbox member or waiver owner whose `people` entry
has `status: departed` (in any of their entries, or at the base of the change), at the
address, whether it is written with their email or one of their aliases; and a billing
contact that is a mailbox reaching no active person. With a directory file imported from the
identity provider (`licensegate directory import`), a person deactivated, suspended or
archived there, or gone from a complete export, is departed without anyone editing YAML.

## Why it matters
Renewals lapse because the technical contact left or changed teams: a departed backup
contact is no longer a way back in, and a departed mailbox member no longer reads the
license mail the mailbox receives. Once the only contact is gone, getting back in can take
a support case, because only the customer can change a license's contacts: Atlassian's
security policy forbids Atlassian and its partners from doing it on request.

## How to fix
Replace the person with an active one, both here and in My Atlassian (only the customer
can change contacts).

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian Purchasing, "Adding a contact to existing licenses"
- Atlassian KB, "How do I add a technical or billing contact to my account"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context
from checker.rules.unknown_contact import contacts

ID = "departed-contact"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A backup or billing contact, member or waiver owner has departed, or a billing mailbox reaches no one."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE.replace(
    "  - {email: bob.chen@example.com, name: Bob Chen}\n",
    "  - {email: bob.chen@example.com, name: Bob Chen}\n"
    "  - {email: henrik.larsen@example.com, name: Henrik Larsen, status: departed}\n",
)
BAD = GOOD.replace(
    "backup_contacts: [alice.martin@example.com]",
    "backup_contacts: [henrik.larsen@example.com]   # has left the company",
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    directory = inputs.directory
    # A mailbox fed by an identity-provider group is fixed there, not in the file the import writes.
    groups = {
        f"{box.pointer}/members/{index}": box.group
        for box in directory.mailboxes
        if box.group
        for index, _ in box.members
    }
    for pointer, address, whose in contacts(inputs):
        if directory.is_departed(address):
            group = groups.get(pointer)
            fix = (
                f"remove them from the group '{group}' in the identity provider, then import again"
                if group
                else "replace them here and in My Atlassian"
            )
            yield Problem(pointer, f"{whose} '{address}' has departed: {fix}")
        elif whose == "billing contact" and directory.is_mailbox(address) and not directory.reach(address):
            yield Problem(
                pointer,
                f"billing contact '{address}' is a mailbox that reaches no active person: renewal quotes"
                " would go unread; add members to it",
            )

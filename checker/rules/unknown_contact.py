"""A backup contact or mailbox member is not in the directory.

## What it does
When the file declares `people` (or names a directory file that does, `directory: people.yaml`),
reports each backup contact, billing contact, mailbox member and waiver owner who is in neither
`people` (by email or alias) nor `mailboxes`, at the address. Silent when no `people` are
declared, and on addresses the email rules already report. May be waived per license.

## Why it matters
`people` is the list of who may receive license mail. Backup contacts are technical contacts,
and technical contacts receive the license keys and security advisories; a mailbox member
reads everything the mailbox receives. An address nobody vouched for may be a contractor,
someone from another team, or a colleague's address mistyped into a real one.

## How to fix
Add the person to `people`, or correct the address. With a directory file written by
`licensegate directory import`, add them in the identity provider and import again.

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

ID = "unknown-contact"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A backup or billing contact, mailbox member or waiver owner is in neither people nor mailboxes."
POLICY_KEYS: tuple[str, ...] = ()
BAD = EXAMPLE.replace(
    "backup_contacts: [alice.martin@example.com]", "backup_contacts: [zoe.quinn@example.com]   # not in people"
)
GOOD = EXAMPLE.replace(
    "  - {email: bob.chen@example.com, name: Bob Chen}\n",
    "  - {email: bob.chen@example.com, name: Bob Chen}\n  - {email: zoe.quinn@example.com, name: Zoe Quinn}\n",
).replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [zoe.quinn@example.com]")


def contacts(inputs: Inputs) -> Iterator[tuple[str, str, str]]:
    """(pointer, address, whose) for every recipient of license mail besides the technical contact
    (which shared-mailbox judges): backup and billing contacts, mailbox members, waiver owners."""
    for license in inputs.inventory.licenses:
        for index, address in license.backup_contacts or []:
            yield f"{license.pointer}/backup_contacts/{index}", address, "backup contact"
        if license.billing_contact:
            yield f"{license.pointer}/billing_contact", license.billing_contact, "billing contact"
    for mailbox in inputs.judged_mailboxes:
        for index, address in mailbox.members:
            yield f"{mailbox.pointer}/members/{index}", address, f"member of '{mailbox.address}'"
    for waiver in inputs.inventory.waivers:
        if waiver.owner:
            yield f"{waiver.pointer}/owner", waiver.owner, "waiver owner"


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    if not inputs.directory.declared:
        return
    for pointer, address, whose in contacts(inputs):
        if inputs.directory.knows(address):
            continue
        if context.verdict(address) is not None:
            continue
        where = f"the directory ({inputs.directory.file})" if inputs.directory.file else "'people'"
        yield Problem(pointer, f"{whose} '{address}' is not in {where}: add them, or correct the address")

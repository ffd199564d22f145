"""A license has too few backup contacts.

## What it does
Checks that every license has at least `min_backup_contacts` distinct backup contacts that
count: not the technical contact itself (addresses compare case-insensitively, and a person's
email and aliases are one contact), and not a
mailbox that reaches no active person or exactly the technical contact's people. (A departed,
unknown or misspelt person still counts here: their own finding reports them, once.)
The finding points at `backup_contacts`, or at the license where the key is missing. Nothing
is checked when `min_backup_contacts` is 0, or for an evaluation license (`type: evaluation`
and a `SEN-L` number), to which technical contacts cannot be added. Both are needed, so that
`type: evaluation` alone cannot switch the rule off; a cloud evaluation with an Entitlement number
is therefore still checked (nothing in `E-…` marks an evaluation: waive it until the trial ends,
and `licensegate drift` compares the type with what the instance reports). May be waived per license.

## Why it matters
Besides its one primary technical contact, a license can have any number of secondary
technical contacts. They are the way back in when the primary address stops working: only
the customer can change a license's contacts, since Atlassian's security policy forbids
Atlassian and its partners from doing it on request, and when the only contact has left,
getting access back can take a support case.

## How to fix
List people other than the technical contact under `backup_contacts`, and add them as
technical contacts of the license in My Atlassian. Technical contacts cannot be added to
evaluation licenses, so those are not checked.

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian Purchasing, "Adding a contact to existing licenses"
- Atlassian KB, "How do I add a technical or billing contact to my account"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Directory, Inputs, License
from checker.rules.base import EXAMPLE, Context

ID = "backup-contact"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A license has fewer than min_backup_contacts distinct backup contacts."
POLICY_KEYS: tuple[str, ...] = ("min_backup_contacts",)
GOOD = EXAMPLE
BAD = GOOD.replace(
    "backup_contacts: [alice.martin@example.com]",
    "backup_contacts: [atlassian-admins@example.com]   # the technical contact again",
)


def counted(license: License, directory: Directory) -> set[str]:
    """The backup contacts that count: not the technical contact, and not a mailbox that reaches
    no active person or exactly the technical contact's people. A person's address counts here even
    when it is departed, unknown or misspelt: its own finding says so, once."""
    primary = directory.canonical(license.technical_contact or "")
    reached = directory.reach(primary) if primary else frozenset()
    found = set()
    for _, address in license.backup_contacts or []:
        key = directory.canonical(address)  # a person's email and their alias are one contact
        if key == primary:
            continue
        if directory.is_mailbox(key):
            reach = directory.reach(key)
            if not reach or reach == reached:
                continue
        found.add(key)
    return found


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    needed = inputs.policy.min_backup_contacts
    if needed == 0:
        return
    for license in inputs.inventory.licenses:
        if license.type == "evaluation" and (license.id or "").startswith("SEN-L"):
            continue  # technical contacts cannot be added to evaluation licenses
        backups = counted(license, inputs.directory)
        if len(backups) >= needed:
            continue
        have = f"has {len(backups)} distinct backup contact{'s' if len(backups) != 1 else ''}"
        if license.backup_contacts is None:
            yield Problem(license.pointer, f"no 'backup_contacts': add at least {needed} besides the technical contact")
        else:
            yield Problem(
                f"{license.pointer}/backup_contacts",
                f"{have} besides the technical contact, fewer than {needed} (min_backup_contacts): add more",
            )

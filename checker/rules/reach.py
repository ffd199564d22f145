"""A license's mail reaches too few active people.

## What it does
Counts, for each license, the distinct active people its technical mail reaches: the members
of its technical contact's mailbox (through nested mailboxes) plus its backup contacts (a
backup that is a mailbox counts its members). A person written with two of their addresses
(an email and an alias) counts once; departed people, and with a directory people it does not
know, count for nothing. A license that reaches fewer than `min_reach` people is reported at
the license. `licensegate who --at-risk` lists the people whose departure alone would do it.
Nothing is checked when `min_reach` is 0, nor while `shared-mailbox` reports the technical
contact (not a mailbox, or one with fewer than `min_mailbox_members`): that is fixed first.
May be waived per license.

## Why it matters
License keys, renewal quotes, security advisories and end-of-support notices go to the
technical contacts. A mailbox of two plus one backup sounds like three readers, but when the
backup is also in the mailbox it is two, and one departure leaves a single inbox. Only the
customer can change a license's contacts afterwards: Atlassian's security policy forbids
Atlassian and its partners from doing it on request, and once the only contact has left,
getting back in can take a support case.

## How to fix
Add a backup contact who is not already in the technical contact's mailbox, or add members
to the mailbox, here and in My Atlassian (only the customer can change contacts).

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

ID = "reach"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A license's mail reaches fewer than min_reach distinct active people."
POLICY_KEYS: tuple[str, ...] = ("min_reach",)
GOOD = (
    EXAMPLE.replace("  allowed_domains: [example.com]\n", "  allowed_domains: [example.com]\n  min_reach: 3\n")
    .replace(
        "  - {email: bob.chen@example.com, name: Bob Chen}\n",
        "  - {email: bob.chen@example.com, name: Bob Chen}\n  - {email: carla.diaz@example.com, name: Carla Diaz}\n",
    )
    .replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [carla.diaz@example.com]")
)
BAD = GOOD.replace(
    "backup_contacts: [carla.diaz@example.com]",
    "backup_contacts: [alice.martin@example.com]   # already in the mailbox: two people in all",
)


def license_reach(license: License, directory: Directory) -> frozenset[str]:
    """The distinct active people (by email, lower-cased) a license's technical mail reaches."""
    found: set[str] = set()
    if license.technical_contact:
        found |= directory.reach(license.technical_contact)
    for _, address in license.backup_contacts or []:
        found |= directory.reach(address)
    return frozenset(found)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    needed = inputs.policy.min_reach
    minimum_members = inputs.policy.min_mailbox_members
    if needed == 0:
        return
    for license in inputs.inventory.licenses:
        contact = license.technical_contact
        if contact is None or context.verdict(contact) is not None:
            continue  # missing (a schema finding) or not a good address (an email finding)
        if not inputs.directory.is_mailbox(contact) or len(inputs.directory.reach(contact)) < minimum_members:
            continue  # shared-mailbox reports the technical contact first
        reached = license_reach(license, inputs.directory)
        if len(reached) >= needed:
            continue
        people = ", ".join(sorted(reached)) or "no one"
        yield Problem(
            license.pointer,
            f"license mail reaches {len(reached)} active {'person' if len(reached) == 1 else 'people'} ({people}),"
            f" fewer than {needed} (min_reach): add a backup contact outside the mailbox, or members to it",
        )

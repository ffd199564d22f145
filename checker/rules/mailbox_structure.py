"""A mailbox is one person's inbox, lists itself, or is part of a cycle of mailboxes.

## What it does
Reports a `mailboxes` entry whose address is also a declared person (at the mailbox's address),
and a member that is the mailbox itself or a mailbox whose members lead back to it (at that
member). Members resolve through nested mailboxes: the people a mailbox reaches are the active
declared people found by following its members, each counted once.

## Why it matters
The technical contact must be a shared team mailbox so that license keys, renewal quotes and
security advisories do not depend on one inbox; Atlassian recommends an organisational email
alias when many people need access. A "mailbox" that is one person's address, or two mailboxes
that list only each other, would pass for a team while reaching one person or nobody. Only the
customer can change a contact afterwards, and once the only contact has left, getting back in can
take a support case.

## How to fix
Declare the real distribution list's address as the mailbox and list the people who read it as
its members; remove the member that closes the cycle.

## Sources
- Atlassian KB, "How do I add a technical or billing contact to my account"
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "mailbox-structure"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A mailbox's address is a person's, or a mailbox lists itself or leads back to itself through others."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE.replace(
    "    members: [alice.martin@example.com, bob.chen@example.com]\n",
    "    members: [alice.martin@example.com, platform-oncall@example.com]\n"
    "  - address: platform-oncall@example.com\n"
    "    members: [bob.chen@example.com, carla.diaz@example.com]\n",
).replace(
    "  - {email: bob.chen@example.com, name: Bob Chen}\n",
    "  - {email: bob.chen@example.com, name: Bob Chen}\n  - {email: carla.diaz@example.com, name: Carla Diaz}\n",
)
BAD = GOOD.replace(
    "members: [bob.chen@example.com, carla.diaz@example.com]",
    "members: [atlassian-admins@example.com]   # leads back to the first mailbox",
)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    directory = inputs.directory
    for box in inputs.judged_mailboxes:
        if box.address is None:
            continue
        if directory.is_person(box.address):
            yield Problem(
                f"{box.pointer}/address",
                f"mailbox '{box.address}' is also declared as a person: a team mailbox is a shared address,"
                " not one person's inbox",
            )
        for index, member in box.members:
            if member.lower() == box.address.lower():
                yield Problem(f"{box.pointer}/members/{index}", f"mailbox '{box.address}' lists itself as a member")
            elif directory.members_reach(box, member):
                yield Problem(
                    f"{box.pointer}/members/{index}",
                    f"member '{member}' leads back to mailbox '{box.address}': a cycle of mailboxes reaches no one",
                )

"""A person or a mailbox is declared twice.

## What it does
Reports a second `people` entry with the same email, or a second `mailboxes` entry with the same
address (compared case-insensitively), at the second entry. The first entry is the one every rule
reads; a person is departed if any of their entries says so. An alias that is already another
person's email or alias is reported at the alias: an address belongs to one person.

## Why it matters
Many YAML readers and tools keep the last of two entries. A second entry could bring a departed
person back as `active`, or give a mailbox a different member list, while the first still reads
correctly to a reviewer. When the contact who left is the only one, getting back in can take a
support case with Atlassian, and only the customer can change contacts.

## How to fix
Merge the two entries into one, or correct the address of the second.

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- Atlassian KB, "How do I add a technical or billing contact to my account"
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "duplicate-entry"
SEVERITY = Severity.ERROR
WAIVABLE = False
SUMMARY = "A person's email or a mailbox's address is declared twice, or an alias is someone else's."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = EXAMPLE.replace(
    "members: [alice.martin@example.com, bob.chen@example.com]",
    "members: [alice.martin@example.com, bob.chen@example.com, carla.diaz@example.com]",
).replace(
    "  - {email: bob.chen@example.com, name: Bob Chen}\n",
    "  - {email: bob.chen@example.com, name: Bob Chen}\n"
    "  - {email: carla.diaz@example.com, name: Carla Diaz}\n"
    "  - {email: henrik.larsen@example.com, name: Henrik Larsen, status: departed}\n",
)
BAD = GOOD.replace(
    "  - {email: henrik.larsen@example.com, name: Henrik Larsen, status: departed}\n",
    "  - {email: henrik.larsen@example.com, name: Henrik Larsen, status: departed}\n"
    "  - {email: Henrik.Larsen@example.com, name: Henrik Larsen, status: active}   # back, says this entry\n",
)


def _repeats(entries: Iterable[tuple[str, str | None]]) -> Iterator[tuple[str, str]]:
    """(pointer, address) of every entry whose address an earlier entry already has."""
    seen: set[str] = set()
    for pointer, address in entries:
        if address is None:
            continue
        if address.lower() in seen:
            yield pointer, address
        seen.add(address.lower())


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    directory = inputs.directory
    for pointer, address in _repeats((box.pointer, box.address) for box in inputs.judged_mailboxes):
        yield Problem(f"{pointer}/address", f"mailbox '{address}' is declared twice: merge the two entries")
    for pointer, address in _repeats((person.pointer, person.email) for person in directory.people or []):
        yield Problem(
            f"{pointer}/email", f"person '{address}' is declared twice: merge the two entries; the first one counts"
        )
    yield from _shared_aliases(inputs)


def _shared_aliases(inputs: Inputs) -> Iterator[Problem]:
    """An alias that is already another person's address: one address, one owner. (An alias that is a
    mailbox's address makes the mailbox a person: mailbox-structure reports that.)"""
    directory = inputs.directory
    for person in directory.people or []:
        for index, alias in enumerate(person.aliases):
            owner = directory.person_by_email.get(alias.lower())
            if owner is not None and owner.pointer != person.pointer:
                yield Problem(
                    f"{person.pointer}/aliases/{index}",
                    f"alias '{alias}' is already {owner.email}'s address: an address belongs to one person",
                )

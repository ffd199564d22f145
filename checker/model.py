"""The typed, read-only inputs the rules judge: the inventory, the policy and the directory.

- ``Inventory``: the licenses and the waivers.
- ``Policy``: what the company requires (allowed domains, minimums, horizons, severities).
- ``Directory``: who exists (people, with their status) and which mailboxes reach whom.

``checker.sources`` builds them from parsed data; the schema has already reported every
value of the wrong type, so here such a value reads as None (or is left out) and no rule
has to guard against it again. Nothing here reads files or judges addresses.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: object) -> datetime.date | None:
    """YYYY-MM-DD only, as the schema's format check reads it (3.11's fromisoformat takes more)."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class Policy(NamedTuple):
    allowed_domains: tuple[str, ...]
    min_backup_contacts: int
    min_mailbox_members: int
    renewal_warning_days: int
    renewal_error_days: int
    severity: dict[str, str]


class Mailbox(NamedTuple):
    pointer: str
    address: str | None
    members: list[tuple[int, str]]


class Person(NamedTuple):
    pointer: str
    email: str | None
    departed: bool
    name: str | None = None


@dataclass(frozen=True)
class Directory:
    """People and mailboxes: who may receive license mail, and through which shared address."""

    mailboxes: list[Mailbox]
    people: list[Person] | None  # None: no directory of people declared

    @functools.cached_property
    def mailbox_by_address(self) -> dict[str, Mailbox]:
        return {box.address.lower(): box for box in self.mailboxes if box.address}

    @functools.cached_property
    def person_by_email(self) -> dict[str, Person]:
        return {person.email.lower(): person for person in self.people or [] if person.email}

    def is_departed(self, address: str) -> bool:
        person = self.person_by_email.get(address.lower())
        return person is not None and person.departed


class License(NamedTuple):
    pointer: str
    id: str | None
    product: str | None
    app_of: str | None
    deployment: str | None
    tier: int | str | None
    renews: datetime.date | None
    technical_contact: str | None
    # None when the key is missing: the backup-contact rule then points at the license.
    backup_contacts: list[tuple[int, str]] | None
    billing_contact: str | None


class Waiver(NamedTuple):
    pointer: str
    rule: str | None
    license: str | None
    expires: datetime.date | None


@dataclass(frozen=True)
class Inventory:
    licenses: list[License]
    waivers: list[Waiver]


@dataclass(frozen=True)
class Inputs:
    """The engine's three inputs, each from its own source."""

    inventory: Inventory
    policy: Policy
    directory: Directory

    @functools.cached_property
    def addresses(self) -> list[tuple[str, str]]:
        """Every address in the inputs with its pointer, in file order: what the email rules judge."""
        found: list[tuple[str, str]] = []
        for box in self.directory.mailboxes:
            if box.address:
                found.append((f"{box.pointer}/address", box.address))
            found.extend((f"{box.pointer}/members/{index}", member) for index, member in box.members)
        for person in self.directory.people or []:
            if person.email:
                found.append((f"{person.pointer}/email", person.email))
        for license in self.inventory.licenses:
            if license.technical_contact:
                found.append((f"{license.pointer}/technical_contact", license.technical_contact))
            found.extend(
                (f"{license.pointer}/backup_contacts/{index}", backup)
                for index, backup in license.backup_contacts or []
            )
            if license.billing_contact:
                found.append((f"{license.pointer}/billing_contact", license.billing_contact))
        return found

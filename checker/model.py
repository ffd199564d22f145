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


# The policy's numbers where a file leaves them out.
POLICY_DEFAULTS: dict[str, int] = {
    "min_backup_contacts": 1,
    "min_mailbox_members": 2,
    "min_reach": 2,
    "renewal_warning_days": 60,
    "renewal_error_days": 14,
    "max_waiver_days": 180,
    "tier_usage_warning": 90,
}


class Policy(NamedTuple):
    allowed_domains: tuple[str, ...]
    min_backup_contacts: int
    min_mailbox_members: int
    min_reach: int
    renewal_warning_days: int
    renewal_error_days: int
    max_waiver_days: int
    tier_usage_warning: int  # percent of a tier in use at which drift warns
    severity: dict[str, str]


class Mailbox(NamedTuple):
    pointer: str
    address: str | None
    members: list[tuple[int, str]]
    description: str | None = None
    group: str | None = None  # the identity provider's group that feeds the members


class Person(NamedTuple):
    pointer: str
    email: str | None
    departed: bool
    name: str | None = None
    aliases: tuple[str, ...] = ()  # other addresses that deliver to this person
    team: str | None = None


@dataclass(frozen=True)
class Directory:
    """People and mailboxes: who may receive license mail, and through which shared address.

    A person is known by their email and by each of their aliases: every lookup goes through one
    index, so ``First.Last@`` and ``flast@`` are one person wherever they are written."""

    mailboxes: list[Mailbox]
    people: list[Person] | None  # None: no directory of people declared
    # Change mode: what the base revision's directory said, which the change cannot undo: who had
    # departed, and (when the change removed the people section) who was declared.
    departed_before: frozenset[str] = frozenset()
    known_before: frozenset[str] = frozenset()
    # The directory file the people and mailboxes were read from (as the inventory names it), if any.
    file: str | None = None

    @functools.cached_property
    def mailbox_by_address(self) -> dict[str, Mailbox]:
        """The first entry of each address: a second one is a finding, never a replacement."""
        found: dict[str, Mailbox] = {}
        for box in self.mailboxes:
            if box.address:
                found.setdefault(box.address.lower(), box)
        return found

    @functools.cached_property
    def person_by_email(self) -> dict[str, Person]:
        """Each person by their email and by each alias, lower-cased. The first entry of an email
        wins (a second one is a finding, never a replacement), and an email wins over an alias."""
        found: dict[str, Person] = {}
        people = self.people or []
        for person in people:
            if person.email:
                found.setdefault(person.email.lower(), person)
        for person in people:
            for alias in person.aliases:
                found.setdefault(alias.lower(), person)
        return found

    def canonical(self, address: str) -> str:
        """The person's email for any of their addresses (lower-cased); other addresses as they are, lower-cased."""
        person = self.person_by_email.get(address.lower())
        return person.email.lower() if person is not None and person.email else address.lower()

    @functools.cached_property
    def departed(self) -> frozenset[str]:
        """Every departed address, lower-cased, aliases included: if any entry of the person says so
        (a second, active entry cannot bring someone back), or if they had departed at the base."""
        marked: set[str] = set()
        for person in self.people or []:
            if person.departed and person.email:
                marked.add(person.email.lower())
                marked.update(alias.lower() for alias in person.aliases)
        return frozenset(marked) | self.departed_before

    @functools.cached_property
    def known_people(self) -> frozenset[str]:
        """Every declared person's address (email or alias), lower-cased, here or at the base."""
        return frozenset(self.person_by_email) | self.known_before

    @property
    def declared(self) -> bool:
        """Whether a directory of people is declared (here, or at the base of a change)."""
        return self.people is not None or bool(self.known_before)

    def is_departed(self, address: str) -> bool:
        key = address.lower()
        return key in self.departed or self.canonical(key) in self.departed

    def is_person(self, address: str) -> bool:
        return address.lower() in self.known_people

    def is_mailbox(self, address: str) -> bool:
        return address.lower() in self.mailbox_by_address

    def knows(self, address: str) -> bool:
        """Declared as a person or a mailbox."""
        return self.is_person(address) or self.is_mailbox(address)

    def reach(self, address: str) -> frozenset[str]:
        """The distinct active people that mail to ADDRESS reaches, through nested mailboxes
        (cycles stop where they close), each by their email. Without a directory of people,
        every address that is not a mailbox counts as a person; with one, only declared people."""
        key = address.lower()
        known = self._reached.get(key)
        if known is None:
            known = self._reached[key] = self._reach(key)
        return known

    @functools.cached_property
    def _reached(self) -> dict[str, frozenset[str]]:
        return {}  # reach, once per address: rules ask it per license, and licenses share mailboxes

    def _reach(self, address: str) -> frozenset[str]:
        found: set[str] = set()
        seen: set[str] = set()
        pending = [address]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            box = self.mailbox_by_address.get(current)
            if box is not None:
                pending.extend(member.lower() for _, member in box.members)
            elif not self.is_departed(current) and (self.is_person(current) or not self.declared):
                found.add(self.canonical(current))
        return frozenset(found)

    def members_reach(self, mailbox: Mailbox, member: str) -> bool:
        """Whether MEMBER leads back to MAILBOX (itself, or a mailbox whose members do): a cycle."""
        target = (mailbox.address or "").lower()
        seen: set[str] = set()
        pending = [member.lower()]
        while pending:
            current = pending.pop()
            if current == target:
                return True
            if current in seen:
                continue
            seen.add(current)
            box = self.mailbox_by_address.get(current)
            if box is not None:
                pending.extend(m.lower() for _, m in box.members)
        return False


class License(NamedTuple):
    pointer: str
    id: str | None
    product: str | None
    app_of: str | None
    deployment: str | None
    type: str | None  # commercial, academic, community, evaluation, ...
    tier: int | str | None
    renews: datetime.date | None
    technical_contact: str | None
    # None when the key is missing: the backup-contact rule then points at the license.
    backup_contacts: list[tuple[int, str]] | None
    billing_contact: str | None
    cloud_id: str | None = None  # a cloud license's site


class Waiver(NamedTuple):
    pointer: str
    rule: str | None
    license: str | None
    expires: datetime.date | None
    owner: str | None = None


@dataclass(frozen=True)
class Inventory:
    licenses: list[License]
    # Every waiver declared: what the waiver rules judge.
    waivers: list[Waiver]
    # The waivers that may silence findings, where that differs from those declared: in change
    # mode, only those the base had, each until the earlier of its two end dates.
    waivers_in_force: list[Waiver] | None = None

    @property
    def in_force(self) -> list[Waiver]:
        return self.waivers if self.waivers_in_force is None else self.waivers_in_force


@dataclass(frozen=True)
class Inputs:
    """The engine's three inputs, each from its own source."""

    inventory: Inventory
    policy: Policy
    directory: Directory

    @functools.cached_property
    def judged_mailboxes(self) -> list[Mailbox]:
        """The mailboxes the rules judge. Those the inventory declares itself, all of them; those of a
        directory file (an identity provider's hundreds of groups), only the ones license mail
        reaches: a license's technical, backup or billing contact, and the mailboxes inside those."""
        directory = self.directory
        if directory.file is None:
            return directory.mailboxes
        reached: set[str] = set()
        pending = [
            address.lower()
            for license in self.inventory.licenses
            for address in (
                license.technical_contact,
                license.billing_contact,
                *(backup for _, backup in license.backup_contacts or []),
            )
            if address
        ]
        while pending:
            current = pending.pop()
            box = directory.mailbox_by_address.get(current)
            if box is None or current in reached:
                continue
            reached.add(current)
            pending.extend(member.lower() for _, member in box.members)
        return [box for box in directory.mailboxes if box.address and box.address.lower() in reached]

    @functools.cached_property
    def addresses(self) -> list[tuple[str, str]]:
        """Every address in the inputs with its pointer, in file order: what the email rules judge."""
        found: list[tuple[str, str]] = []
        for box in self.judged_mailboxes:
            if box.address:
                found.append((f"{box.pointer}/address", box.address))
            found.extend((f"{box.pointer}/members/{index}", member) for index, member in box.members)
        # A directory file holds the identity provider's people: only those who receive license mail
        # (contacts, members) are judged, where they are named. Aliases are the provider's spellings.
        judged = self.directory.people if self.directory.file is None else None
        for person in judged or []:
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
        for waiver in self.inventory.waivers:
            if waiver.owner:
                found.append((f"{waiver.pointer}/owner", waiver.owner))
        return found

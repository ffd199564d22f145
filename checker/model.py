"""A typed, read-only view of a parsed inventory, built once per file for the policy rules.

The schema has already reported every value of the wrong type; here such a value
reads as None (or is left out), so no rule has to guard against it again.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from checker.addresses import Judge, Verdict

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

DEFAULTS = {
    "min_backup_contacts": 1,
    "min_mailbox_members": 2,
    "renewal_warning_days": 60,
    "renewal_error_days": 14,
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_day(value: Any) -> datetime.date | None:
    """YYYY-MM-DD only, as the schema's format check reads it (3.11's fromisoformat takes more)."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _whole(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _addresses(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, str)]


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
    policy: Policy
    mailboxes: list[Mailbox]
    people: list[Person] | None  # None: no directory declared
    licenses: list[License]
    waivers: list[Waiver]
    # Every address in the file, with its pointer: what the email rules judge.
    addresses: list[tuple[str, str]] = field(default_factory=list)

    @functools.cached_property
    def mailbox_by_address(self) -> dict[str, Mailbox]:
        return {box.address.lower(): box for box in self.mailboxes if box.address}

    @functools.cached_property
    def person_by_email(self) -> dict[str, Person]:
        return {person.email.lower(): person for person in self.people or [] if person.email}

    @functools.cached_property
    def judge(self) -> Judge:
        from checker.addresses import Judge

        return Judge(self)

    def verdict(self, address: str) -> Verdict | None:
        """The email rules' verdict on an address: None when it is a good address."""
        return self.judge.verdict(address)

    def is_departed(self, address: str) -> bool:
        person = self.person_by_email.get(address.lower())
        return person is not None and person.departed


def _entries(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    entries = data.get(key)
    if not isinstance(entries, list):
        return []
    return [(f"/{key}/{index}", entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def build(data: dict[str, Any]) -> Inventory:
    raw_policy = data.get("policy") if isinstance(data.get("policy"), dict) else {}
    assert isinstance(raw_policy, dict)
    domains = raw_policy.get("allowed_domains")
    severity = raw_policy.get("severity")
    policy = Policy(
        allowed_domains=tuple(d.lower() for d in domains if isinstance(d, str)) if isinstance(domains, list) else (),
        severity={k: v for k, v in severity.items() if isinstance(v, str)} if isinstance(severity, dict) else {},
        **{key: _whole(raw_policy.get(key), default) for key, default in DEFAULTS.items()},
    )
    mailboxes = [
        Mailbox(pointer, _text(entry.get("address")), _addresses(entry.get("members")))
        for pointer, entry in _entries(data, "mailboxes")
    ]
    people = (
        [
            Person(pointer, _text(entry.get("email")), entry.get("status") == "departed", _text(entry.get("name")))
            for pointer, entry in _entries(data, "people")
        ]
        if "people" in data
        else None
    )
    licenses = []
    for pointer, entry in _entries(data, "licenses"):
        tier = entry.get("tier")
        licenses.append(
            License(
                pointer=pointer,
                id=_text(entry.get("id")),
                product=_text(entry.get("product")),
                app_of=_text(entry.get("app_of")),
                deployment=_text(entry.get("deployment")),
                tier=tier if (isinstance(tier, int) and not isinstance(tier, bool)) or tier == "unlimited" else None,
                renews=parse_day(entry.get("renews")),
                technical_contact=_text(entry.get("technical_contact")),
                backup_contacts=_addresses(entry["backup_contacts"]) if "backup_contacts" in entry else None,
                billing_contact=_text(entry.get("billing_contact")),
            )
        )
    waivers = [
        Waiver(pointer, _text(entry.get("rule")), _text(entry.get("license")), parse_day(entry.get("expires")))
        for pointer, entry in _entries(data, "waivers")
    ]
    addresses: list[tuple[str, str]] = []
    for box in mailboxes:
        if box.address:
            addresses.append((f"{box.pointer}/address", box.address))
        addresses.extend((f"{box.pointer}/members/{index}", member) for index, member in box.members)
    for person in people or []:
        if person.email:
            addresses.append((f"{person.pointer}/email", person.email))
    for license in licenses:
        if license.technical_contact:
            addresses.append((f"{license.pointer}/technical_contact", license.technical_contact))
        for index, backup in license.backup_contacts or []:
            addresses.append((f"{license.pointer}/backup_contacts/{index}", backup))
        if license.billing_contact:
            addresses.append((f"{license.pointer}/billing_contact", license.billing_contact))
    return Inventory(policy, mailboxes, people, licenses, waivers, addresses)

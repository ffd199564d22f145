"""From an export and the previous directory file to the next directory file.

- **People** are the export's users, keyed by every address they have (primary and aliases,
  case-insensitively): two users claiming one address is an error. A person of the previous
  directory that no exported user has any address of has left: kept, with ``status: departed``.
  Departed people stay in the file, so a contact who left is still recognised as one.
- **Mailboxes** of the previous file without ``group`` are kept by hand: carried over untouched.
  Mailboxes with ``group`` come from the export: every group whose membership the export holds
  and that has an address (its own mail, or the address of the previous mailbox that names it in
  ``group``, by name or id) is a mailbox whose members are the addresses of the users it reaches,
  nested groups included. A hand-kept mailbox wins over a group with the same address.
- A person whose address is a mailbox's is left out of ``people`` (a mailbox is not a person:
  Exchange lists a shared mailbox as a disabled user).
- Everything is sorted: people by email, mailboxes by address, aliases and members by address,
  case-insensitively; so the same export gives the same bytes, whatever the order of its files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from checker.errors import UsageError
from checker.idp import emit, records
from checker.idp.records import Export, Group, Member, Person

_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Directory:
    people: list[Person]  # in the file's order
    mailboxes: list[dict[str, Any]]
    newly_departed: list[str]  # addresses, as the file writes them, of people active before and departed now
    mailboxes_gone: list[str]  # group-fed mailboxes of the previous file whose group the export no longer has
    warnings: list[str] = field(default_factory=list)  # the merge's own; the export's are the source's

    @property
    def departed(self) -> int:
        return sum(1 for person in self.people if person.departed)


def _key(address: str) -> tuple[str, str]:
    return (address.lower(), address)


def _distinct(addresses: Iterable[str], *, without: str = "") -> list[str]:
    """The addresses once each (case-insensitively), sorted, without WITHOUT."""
    found: dict[str, str] = {}
    skip = without.lower()
    for address in addresses:
        lowered = address.lower()
        if lowered != skip and lowered not in found:
            found[lowered] = address
    return sorted(found.values(), key=_key) if len(found) > 1 else list(found.values())


class _Index:
    """The export's people and groups, by address and by id."""

    def __init__(self, export: Export) -> None:
        self.export = export
        self.by_address = {key: person for person in export.people for key in person.keys}
        if len(self.by_address) < sum(len(person.keys) for person in export.people):
            claimed: dict[str, Person] = {}
            for person in export.people:
                for key in person.keys:
                    other = claimed.setdefault(key, person)
                    if other is not person:
                        raise UsageError(
                            f"{other.where} and {person.where} both claim {key}: an address belongs to one person"
                        )
        self.by_id: dict[str, list[Person]] = {}
        for person in export.people:
            if person.id is not None:
                self.by_id.setdefault(person.id, []).append(person)
        self.group_by_address: dict[str, Group] = {}
        self.group_by_id: dict[str, list[Group]] = {}
        for group in export.groups:
            if group.address is not None:
                other_group = self.group_by_address.setdefault(group.address.lower(), group)
                if other_group is not group:
                    raise UsageError(f"{group.where}: has the address {group.address!r} of {other_group.where} too")
            if group.id is not None:
                self.group_by_id.setdefault(group.id, []).append(group)

    def person(self, member: Member) -> Person | None:
        if member.address is not None and member.address.lower() in self.by_address:
            return self.by_address[member.address.lower()]
        found = self.by_id.get(member.id or "", [])
        if len(found) > 1:
            raise UsageError(f"{member.where}: {found[0].where} and {found[1].where} have this id: which one is meant?")
        return found[0] if found else None

    def group(self, member: Member) -> Group | None:
        if member.address is not None and member.address.lower() in self.group_by_address:
            return self.group_by_address[member.address.lower()]
        found = self.group_by_id.get(member.id or "", [])
        if len(found) > 1:
            raise UsageError(f"{member.where}: {found[0].where} and {found[1].where} have this id: which one is meant?")
        return found[0] if found else None

    def reach(self, group: Group) -> list[str]:
        """The primary addresses of every user GROUP reaches, through nested groups too."""
        people: set[str] = set()
        seen = {id(group)}
        pending = [group]
        while pending:
            current = pending.pop()
            for member in current.members or ():
                person = self.person(member) if member.kind != "group" else None
                if person is not None:
                    people.add(person.email)
                    continue
                nested = self.group(member) if member.kind != "user" else None
                if nested is None:
                    if member.id is not None and member.id in self.export.skipped_ids:
                        continue  # a user without an address, warned about already
                    what = "user" if member.kind == "user" else "group" if member.kind == "group" else "user or group"
                    named = f"address {member.address}" if member.address else f"id {member.id}"
                    raise UsageError(
                        f"{member.where}: no {what} of the export has the {named}:"
                        " the export is incomplete, or the member is outside it"
                    )
                if nested.members is None:
                    raise UsageError(
                        f"{member.where}: the group {nested.name or nested.id or nested.address} is a member,"
                        f" but the export does not hold its members ({nested.where}): add its members pages"
                    )
                if id(nested) not in seen:
                    seen.add(id(nested))
                    pending.append(nested)
        return _distinct(people)


def _text(value: str, where: str, warnings: list[str]) -> str:
    """Text as the file can hold it: a lone surrogate (JSON can carry one, UTF-8 and YAML cannot)
    becomes U+FFFD, with a warning."""
    if value.isascii() or _SURROGATE.search(value) is None:
        return value
    warnings.append(f"{where}: {value[:60]!r} is not valid Unicode text: its lone surrogates are written as U+FFFD")
    return _SURROGATE.sub("\ufffd", value)


def _previous_entries(previous: dict[str, Any] | None, path: str, key: str, address_key: str) -> list[dict[str, Any]]:
    """The previous file's people or mailboxes, each a mapping with its address as text."""
    entries = (previous or {}).get(key) or []
    if not isinstance(entries, list):
        raise UsageError(f"{path}: {key} is not a list: fix the previous directory file, or remove it")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get(address_key), str):
            raise UsageError(f"{path}: {key}[{index}] has no {address_key}: fix the previous directory file")
    return entries


def build(export: Export, previous: dict[str, Any] | None, *, previous_path: str = "") -> Directory:
    """The next directory: the export's people and groups, and what the previous file keeps."""
    warnings: list[str] = []
    if not export.people:
        raise UsageError("the export holds no one with an address: refusing to write a directory of nobody")
    index = _Index(export)
    old_people = _previous_entries(previous, previous_path, "people", "email")
    old_mailboxes = _previous_entries(previous, previous_path, "mailboxes", "address")
    mailboxes, gone = _mailboxes(export, index, old_mailboxes, previous_path, warnings)
    taken = {address.lower() for address in mailboxes}

    people: dict[str, Person] = {}
    for person in export.people:
        if taken and not taken.isdisjoint(person.keys):
            warnings.append(f"{person.where}: {person.email} is a mailbox here, so not a person: left out of people")
            continue
        if not person.name.isascii() or (person.team is not None and not person.team.isascii()):
            team = None if person.team is None else _text(person.team, person.where, warnings)
            person = person._replace(name=_text(person.name, person.where, warnings), team=team)
        people[person.keys[0]] = person

    newly_departed = []
    for old in old_people:
        addresses = [old["email"], *[a for a in old.get("aliases") or [] if isinstance(a, str)]]
        current = next((index.by_address[a.lower()] for a in addresses if a.lower() in index.by_address), None)
        was_active = old.get("status") != "departed"
        if current is not None:
            if was_active and current.departed and current.email.lower() in people:
                newly_departed.append(current.email)
            continue
        if old["email"].lower() in people or old["email"].lower() in taken:
            continue
        # In the previous directory, not in the export: the person has left.
        name, team = old.get("name"), old.get("team")
        people[old["email"].lower()] = records.person(
            old["email"],
            name if isinstance(name, str) and name else old["email"],
            team if isinstance(team, str) else None,
            addresses[1:],
            True,
            f"{previous_path}: {old['email']}",
        )
        if was_active:
            newly_departed.append(old["email"])
    return Directory(
        people=[people[key] for key in sorted(people)],  # keys: lower-cased, distinct addresses
        mailboxes=[mailboxes[key] for key in sorted(mailboxes, key=lambda k: _key(mailboxes[k]["address"]))],
        newly_departed=_distinct(newly_departed),
        mailboxes_gone=_distinct(gone),
        warnings=warnings,
    )


def _mailboxes(
    export: Export, index: _Index, old: list[dict[str, Any]], path: str, warnings: list[str]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The next file's mailboxes by lower-cased address, and the group-fed ones that are gone."""
    if not export.can_have_groups:
        return {entry["address"].lower(): entry for entry in old}, []
    by_hand = {entry["address"].lower(): entry for entry in old if "group" not in entry}
    fed = [entry for entry in old if "group" in entry]
    if fed and not export.has_groups:
        names = ", ".join(str(entry["address"]) for entry in fed[:3])
        raise UsageError(
            f"{path}: mailboxes fed by a group ({names}), but no groups page among the files: add the groups pages,"
            " or remove 'group' from the mailboxes to keep them by hand"
        )
    # The previous mailboxes that name each group (by its name, id or address) in 'group'.
    links: dict[int, list[dict[str, Any]]] = {}
    for entry in fed:
        wanted = entry["group"]
        named = [
            group
            for group in export.groups
            if isinstance(wanted, str)
            and (wanted in (group.name, group.id) or wanted.lower() == (group.address or "").lower())
        ]
        if len(named) > 1:
            raise UsageError(
                f"{path}: mailbox {entry['address']} is fed by the group {wanted!r}, and {named[0].where} and"
                f" {named[1].where} both have that name: write the group's id in 'group' instead"
            )
        if named and named[0].members is None:
            raise UsageError(
                f"{path}: mailbox {entry['address']} is fed by the group {wanted!r} ({named[0].where}),"
                " but the export does not hold its members: add its members pages"
            )
        if named:
            links.setdefault(id(named[0]), []).append(entry)
    mailboxes: dict[str, dict[str, Any]] = dict(by_hand)
    for group in export.groups:
        if group.members is None:
            continue
        members = index.reach(group)  # every membership the export holds must resolve, mailbox or not
        targets = [(entry["address"], entry["group"], entry.get("description")) for entry in links.get(id(group), [])]
        if group.address is not None and group.address.lower() not in {a.lower() for a, _, _ in targets}:
            targets.append((group.address, group.name or group.id or group.address, None))
        for address, label, old_description in targets:
            if address.lower() in by_hand:
                warnings.append(
                    f"{group.where}: {address} is kept by hand in the directory file, so this group does not feed it"
                    f" (give it 'group: {label}' to have the import fill its members)"
                )
                continue
            if address.lower() in mailboxes:
                raise UsageError(f"{group.where}: gives the mailbox {address} members, and so does another group")
            mailbox: dict[str, Any] = {"address": address}
            description = group.description or (old_description if isinstance(old_description, str) else None)
            if description is not None:
                mailbox["description"] = _text(description, group.where, warnings)
            mailbox["group"] = _text(label, group.where, warnings)
            mailbox["members"] = members
            mailboxes[address.lower()] = mailbox
    gone = [entry["address"] for entry in fed if entry["address"].lower() not in mailboxes]
    return mailboxes, gone


_MAILBOX_KEYS = ("address", "description", "group", "members")
HEADER = (
    "Generated by 'licensegate directory import {source}' from an export of {exported}.",
    "Do not edit by hand: the next import rewrites this file. Mailboxes without 'group' are kept",
    "by hand and carried over; everything else comes from the identity provider.",
)


def header(source: str, exported: str) -> str:
    return "".join(f"# {line.format(source=source, exported=exported)}\n" for line in HEADER)


def render(directory: Directory) -> str:
    """The file's content after the header comment: what ``--check`` compares."""
    people = []
    for person in directory.people:
        entry: dict[str, Any] = {"email": person.email, "name": person.name}
        if person.team is not None:
            entry["team"] = person.team
        if person.aliases:
            entry["aliases"] = list(person.aliases)
        if person.departed:
            entry["status"] = "departed"
        people.append(entry)
    mailboxes = []
    for mailbox in directory.mailboxes:
        ordered: dict[str, Any] = {key: mailbox[key] for key in _MAILBOX_KEYS if key in mailbox}
        ordered.update((key, value) for key, value in mailbox.items() if key not in ordered)
        mailboxes.append(ordered)
    return emit.document({"people": people, "mailboxes": mailboxes})


def content(text: str) -> str:
    """A directory file's text without its leading comment lines: the part an import decides."""
    start = 0
    while text.startswith("#", start):
        end = text.find("\n", start)
        if end == -1:
            return ""
        start = end + 1
    return text[start:]

"""Who holds what: every place license mail reaches a person, and whose departure alone would
leave a license reaching fewer than ``min_reach`` people (``licensegate who``).

Pure functions over the engine's inputs; the command places each pointer in its file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from checker.model import Directory, Inputs, License, Mailbox, Person
from checker.rules.reach import license_reach


@dataclass(frozen=True)
class Appearance:
    """One place a person receives license mail, and what to change there when they leave."""

    pointer: str  # where it is written: in the inventory, or in the directory file for a mailbox
    role: str  # technical contact, backup contact, billing contact, mailbox member, waiver owner
    mailbox: str | None  # for a mailbox member: the mailbox
    license: str | None  # the license's id, for the roles a license has
    product: str | None
    through: tuple[str, ...]  # the mailboxes between the license's address and the person, outermost first
    address: str  # the address written there
    change: str  # what to do in the inventory or the directory
    my_atlassian: str | None  # what to do in My Atlassian, for a license's contacts
    reach_without: int | None  # how many people the license reaches without them
    min_reach: int


@dataclass(frozen=True)
class Holder:
    """Everything that reaches one person."""

    address: str  # as asked
    person: Person | None
    departed: bool
    appearances: list[Appearance]


def _paths(directory: Directory, address: str, target: frozenset[str]) -> tuple[str, ...] | None:
    """The mailboxes from ADDRESS down to one of TARGET (the person's addresses), or None when
    ADDRESS does not reach them; () when ADDRESS is one of theirs."""
    start = address.lower()
    if start in target:
        return ()
    pending: list[tuple[str, tuple[str, ...]]] = [(start, ())]
    seen: set[str] = set()
    while pending:
        current, path = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        box = directory.mailbox_by_address.get(current)
        if box is None:
            continue
        for _, member in box.members:
            if member.lower() in target:
                return (*path, box.address or current)
            pending.append((member.lower(), (*path, box.address or current)))
    return None


def _addresses(directory: Directory, address: str) -> tuple[Person | None, frozenset[str]]:
    person = directory.person_by_email.get(address.lower())
    if person is None:
        return None, frozenset({address.lower()})
    found = {alias.lower() for alias in person.aliases}
    if person.email:
        found.add(person.email.lower())
    return person, frozenset(found)


def _my_atlassian(role: str, license: License, through: tuple[str, ...]) -> str:
    sen = license.id or "the license"
    if through:
        return f"nothing while '{through[0]}' stays the {role} of {sen}"
    if role == "technical contact":
        return f"make a team mailbox the technical contact of {sen}"
    if role == "billing contact":
        return f"replace them as billing contact of {sen}"
    return f"remove them as a technical contact of {sen} and add their replacement"


def _license_roles(license: License) -> Iterator[tuple[str, str, str]]:
    if license.technical_contact:
        yield f"{license.pointer}/technical_contact", "technical contact", license.technical_contact
    for index, address in license.backup_contacts or []:
        yield f"{license.pointer}/backup_contacts/{index}", "backup contact", address
    if license.billing_contact:
        yield f"{license.pointer}/billing_contact", "billing contact", license.billing_contact


def holder(inputs: Inputs, address: str) -> Holder:
    """Every place mail for ADDRESS's person is written, directly or through mailboxes."""
    directory = inputs.directory
    person, theirs = _addresses(directory, address)
    found: list[Appearance] = []
    minimum = inputs.policy.min_reach
    for license in inputs.inventory.licenses:
        reached = license_reach(license, directory)
        without = len(reached - theirs) if reached & theirs else None
        for pointer, role, written in _license_roles(license):
            through = _paths(directory, written, theirs)
            if through is None:
                continue
            if through:
                change = f"remove them from {_members_of(directory.mailbox_by_address.get(through[-1].lower()))}"
            elif role == "backup contact":
                change = f"replace '{written}' with a colleague under backup_contacts"
            else:
                change = f"replace '{written}' as {role} with a team mailbox"
            found.append(
                Appearance(
                    pointer,
                    role,
                    None,
                    license.id,
                    license.product,
                    through,
                    written,
                    change,
                    _my_atlassian(role, license, through),
                    without,
                    minimum,
                )
            )
    for box in directory.mailboxes:
        found.extend(_memberships(box, theirs))
    for waiver in inputs.inventory.waivers:
        if waiver.owner and waiver.owner.lower() in theirs:
            found.append(
                Appearance(
                    f"{waiver.pointer}/owner",
                    "waiver owner",
                    None,
                    waiver.license,
                    None,
                    (),
                    waiver.owner,
                    f"give the waiver for {waiver.rule} a new owner",
                    None,
                    None,
                    minimum,
                )
            )
    return Holder(address, person, any(directory.is_departed(a) for a in theirs), found)


def _members_of(box: Mailbox | None) -> str:
    if box is None:
        return "the mailbox"
    if box.group:
        return f"the group '{box.group}' in the identity provider (it feeds '{box.address}'), then import"
    return f"the members of '{box.address}'"


def _memberships(box: Mailbox, theirs: frozenset[str]) -> Iterator[Appearance]:
    for index, member in box.members:
        if member.lower() in theirs:
            yield Appearance(
                f"{box.pointer}/members/{index}",
                "mailbox member",
                box.address,
                None,
                None,
                (),
                member,
                f"remove them from {_members_of(box)}",
                None,
                None,
                0,
            )


@dataclass(frozen=True)
class AtRisk:
    """A license whose mail reaches exactly ``min_reach`` people (or fewer already)."""

    pointer: str
    license: str | None
    product: str | None
    reached: tuple[str, ...]  # the people, by email
    min_reach: int


def at_risk(inputs: Inputs) -> tuple[dict[str, list[AtRisk]], list[AtRisk]]:
    """The people whose departure alone would leave a license reaching fewer than min_reach people,
    each with those licenses; and the licenses that already reach fewer."""
    minimum = inputs.policy.min_reach
    people: dict[str, list[AtRisk]] = {}
    below: list[AtRisk] = []
    if minimum == 0:
        return people, below
    for license in inputs.inventory.licenses:
        reached = tuple(sorted(license_reach(license, inputs.directory)))
        entry = AtRisk(license.pointer, license.id, license.product, reached, minimum)
        if len(reached) < minimum:
            below.append(entry)
        elif len(reached) == minimum:
            for address in reached:
                people.setdefault(address, []).append(entry)
    ordered = dict(sorted(people.items(), key=lambda item: (-len(item[1]), item[0])))
    return ordered, below

"""What changed in an inventory between two versions, entry by entry and field by field.

Licenses are matched by SEN, mailboxes by address, people by email, waivers by
rule and license, so moving an entry is no change. Lists of addresses
(backup contacts, mailbox members) compare as sets, case-insensitively: the
change names the addresses added and removed. Used by ``diff`` (and, later, by
``history``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

# (section, what identifies an entry, the fields holding sets of addresses)
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("licenses", "id", ("backup_contacts",)),
    ("mailboxes", "address", ("members",)),
    ("people", "email", ()),
    ("waivers", "rule+license", ()),
)

# Lists of addresses or domains, compared as sets: a change's old holds what was removed, new what was added.
SET_FIELDS: frozenset[str] = frozenset({"allowed_domains", *(name for _, _, names in SECTIONS for name in names)})


class Change(NamedTuple):
    section: str  # licenses, mailboxes, people, waivers, policy, version
    key: str | None  # the SEN, address or email; for waivers "rule license"; None for policy
    change: str  # added, removed, changed
    field: str | None = None
    old: Any = None
    new: Any = None


# What identifies an entry of each section.
IDENTITIES: dict[str, str] = {section: identity for section, identity, _ in SECTIONS}


def identity(section: str, entry: Any) -> str | None:
    """What an entry is matched by across revisions: the SEN as written; addresses (and a
    waiver's rule and license) case-insensitively. None where the entry has no identity."""
    names = IDENTITIES.get(section)
    if names is None or not isinstance(entry, dict):
        return None
    parts = [entry.get(name) for name in names.split("+")]
    if not all(isinstance(part, str) for part in parts):
        return None
    return " ".join(str(part) for part in parts).lower() if names != "id" else str(parts[0])


def _entries(data: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    entries = data.get(section)
    found: dict[str, dict[str, Any]] = {}
    if isinstance(entries, list):
        for entry in entries:
            key = identity(section, entry)
            if key is not None:
                found.setdefault(key, entry)
    return found


def _mapping(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _as_set(value: Any) -> dict[str, str]:
    """Address list -> {lowercase: as written}."""
    if not isinstance(value, list):
        return {}
    return {item.lower(): item for item in value if isinstance(item, str)}


def _fields(
    section: str, key: str | None, old: dict[str, Any], new: dict[str, Any], sets: tuple[str, ...]
) -> Iterator[Change]:
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name), new.get(name)
        if name in sets and (isinstance(before, list) or isinstance(after, list)):
            was, now = _as_set(before), _as_set(after)
            removed = [was[k] for k in was if k not in now]
            added = [now[k] for k in now if k not in was]
            if removed or added:
                yield Change(section, key, "changed", name, removed, added)
            continue
        if before != after or type(before) is not type(after):
            yield Change(section, key, "changed", name, before, after)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from OLD to NEW, in a stable order: policy first, then section by section."""
    changes: list[Change] = []
    if old.get("version") != new.get("version"):
        changes.append(Change("version", None, "changed", "version", old.get("version"), new.get("version")))
    changes.extend(_fields("policy", None, _mapping(old, "policy"), _mapping(new, "policy"), ("allowed_domains",)))
    for section, _, sets in SECTIONS:
        before, after = _entries(old, section), _entries(new, section)
        for key, entry in after.items():
            if key not in before:
                changes.append(Change(section, key, "added", new=entry))
        for key, entry in before.items():
            if key not in after:
                changes.append(Change(section, key, "removed", old=entry))
            else:
                changes.extend(_fields(section, key, entry, after[key], sets))
    return changes


def plain(value: Any) -> str:
    """A value as plain text: what ``history`` prints, and what summaries are made of."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value or '""'
    if isinstance(value, list):
        return ", ".join(plain(item) for item in value) or "(empty)"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def summary(section: str | None, entry: Any, show: Callable[[Any], str] = plain) -> str:
    """What an added or removed entry is, in one line: for ``diff`` and ``history`` alike."""
    if not isinstance(entry, dict):
        return show(entry)
    if section == "licenses":
        details = [show(entry["deployment"])] if "deployment" in entry else []
        details += [f"tier {show(entry['tier'])}"] if "tier" in entry else []
        details += [f"renews {show(entry['renews'])}"] if "renews" in entry else []
        text = show(entry.get("product"))
        text += f" ({', '.join(details)})" if details else ""
        if "technical_contact" in entry:
            text += f", technical contact {show(entry['technical_contact'])}"
        return text
    if section == "mailboxes":
        return f"members {show(entry.get('members'))}"
    if section == "people":
        return show(entry.get("name"))
    if section == "waivers":
        return show(entry.get("reason"))
    return show(entry)

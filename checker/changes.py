"""What changed in an inventory between two versions, entry by entry and field by field.

Licenses are matched by SEN, mailboxes by address, people by email, waivers by
rule and license, so moving an entry is no change. Lists of addresses
(backup contacts, mailbox members) compare as sets, case-insensitively: the
change names the addresses added and removed. Used by ``diff`` (and, later, by
``history``).
"""

from __future__ import annotations

from collections.abc import Iterator
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


def _key(entry: dict[str, Any], identity: str) -> str | None:
    parts = [entry.get(name) for name in identity.split("+")]
    if not all(isinstance(part, str) for part in parts):
        return None
    return " ".join(str(part) for part in parts).lower() if identity != "id" else str(parts[0])


def _entries(data: dict[str, Any], section: str, identity: str) -> dict[str, dict[str, Any]]:
    entries = data.get(section)
    found: dict[str, dict[str, Any]] = {}
    if isinstance(entries, list):
        for entry in entries:
            if isinstance(entry, dict):
                key = _key(entry, identity)
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
    for section, identity, sets in SECTIONS:
        before, after = _entries(old, section, identity), _entries(new, section, identity)
        for key, entry in after.items():
            if key not in before:
                changes.append(Change(section, key, "added", new=entry))
        for key, entry in before.items():
            if key not in after:
                changes.append(Change(section, key, "removed", old=entry))
            else:
                changes.extend(_fields(section, key, entry, after[key], sets))
    return changes


_NOUN = {
    "licenses": "",
    "mailboxes": "mailbox ",
    "people": "person ",
    "waivers": "waiver ",
    "policy": "policy",
    "version": "version",
}


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"`{item}`" for item in value) or "nothing"
    if value is None:
        return "(none)"
    return f"`{value}`"


def _summary(section: str, entry: dict[str, Any]) -> str:
    if section == "licenses":
        details = [str(entry[k]) for k in ("deployment",) if k in entry]
        details += [f"tier {entry['tier']}"] if "tier" in entry else []
        details += [f"renews {entry['renews']}"] if "renews" in entry else []
        return f"{entry.get('product', '?')} ({', '.join(details)})" if details else str(entry.get("product", ""))
    if section == "people":
        return str(entry.get("name", ""))
    if section == "mailboxes":
        return f"members {_show(entry.get('members', []))}"
    return str(entry.get("reason", ""))


def render_text(changes: list[Change], *, title: str) -> str:
    """Markdown, ready for a pull-request comment."""
    lines = [f"### {title}", ""]
    if not changes:
        lines.append("No changes to the inventory.")
    for change in changes:
        who = f"{_NOUN[change.section]}**{change.key}**" if change.key else f"**{_NOUN[change.section]}**"
        if change.change == "added":
            lines.append(f"- {who} added: {_summary(change.section, change.new)}")
        elif change.change == "removed":
            lines.append(f"- {who} removed: {_summary(change.section, change.old)}")
        elif isinstance(change.old, list) and isinstance(change.new, list) and change.field in SET_FIELDS:
            parts = [f"+ {_show([a])}" for a in change.new] + [f"\u2212 {_show([a])}" for a in change.old]
            lines.append(f"- {who} `{change.field}`: {', '.join(parts)}")
        else:
            lines.append(f"- {who} `{change.field}`: {_show(change.old)} \u2192 {_show(change.new)}")
    return "\n".join(lines) + "\n"

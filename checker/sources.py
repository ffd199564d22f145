"""Where the engine's three inputs come from: each source turns parsed data into one of them.

Today the inventory, the policy and the directory are all read from the inventory file's
own sections (``licenses``/``waivers``, ``policy``, ``people``/``mailboxes``). A separate
policy file or a directory exported from an identity provider is another function here
that returns a ``Policy`` or a ``Directory``; the command tells ``engine.judge`` which
top-level sections came from that file (``elsewhere``), so that findings are placed in the
file they are about; the engine and the rules do not change.
"""

from __future__ import annotations

from typing import Any

from checker import document, suffixes
from checker.errors import UsageError
from checker.finding import Problem
from checker.model import (
    POLICY_DEFAULTS,
    Directory,
    Inputs,
    Inventory,
    License,
    Mailbox,
    Person,
    Policy,
    Waiver,
    parse_day,
)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _whole(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def _addresses(value: Any) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, str)]


def _entries(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    entries = data.get(key)
    if not isinstance(entries, list):
        return []
    return [(f"/{key}/{index}", entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def policy_from(data: dict[str, Any]) -> Policy:
    """The policy from a document's ``policy`` section (defaults where a key is missing)."""
    raw = data.get("policy")
    raw_policy: dict[str, Any] = raw if isinstance(raw, dict) else {}
    domains = raw_policy.get("allowed_domains")
    severity = raw_policy.get("severity")
    return Policy(
        allowed_domains=_registrable(domains),
        severity={k: v for k, v in severity.items() if isinstance(v, str)} if isinstance(severity, dict) else {},
        **{key: _whole(raw_policy.get(key), default) for key, default in POLICY_DEFAULTS.items()},
    )


def _registrable(domains: object) -> tuple[str, ...]:
    """The allowed domains, without patterns such as '*.co.uk' that name no company (a schema
    finding): they are never applied."""
    if not isinstance(domains, list):
        return ()
    return tuple(d.lower() for d in domains if isinstance(d, str) and suffixes.public_suffix(d) is None)


def directory_from(data: dict[str, Any], *, file: str | None = None) -> Directory:
    """People and mailboxes from a document's ``people`` and ``mailboxes`` sections (the inventory's
    own, or those of the directory FILE it names)."""
    mailboxes = [
        Mailbox(
            pointer,
            _text(entry.get("address")),
            _addresses(entry.get("members")),
            _text(entry.get("description")),
            _text(entry.get("group")),
        )
        for pointer, entry in _entries(data, "mailboxes")
    ]
    people = (
        [
            Person(
                pointer,
                _text(entry.get("email")),
                entry.get("status") == "departed",
                _text(entry.get("name")),
                tuple(address for _, address in _addresses(entry.get("aliases"))),
                _text(entry.get("team")),
            )
            for pointer, entry in _entries(data, "people")
        ]
        if "people" in data
        else None
    )
    return Directory(mailboxes, people, file=file)


def _tier(value: Any) -> int | str | None:
    return value if (isinstance(value, int) and not isinstance(value, bool)) or value == "unlimited" else None


def inventory_from(data: dict[str, Any]) -> Inventory:
    """Licenses and waivers from a document's ``licenses`` and ``waivers`` sections."""
    licenses = [
        License(
            pointer=pointer,
            id=_text(entry.get("id")),
            product=_text(entry.get("product")),
            app_of=_text(entry.get("app_of")),
            deployment=_text(entry.get("deployment")),
            type=_text(entry.get("type")),
            tier=_tier(entry.get("tier")),
            renews=parse_day(entry.get("renews")),
            technical_contact=_text(entry.get("technical_contact")),
            backup_contacts=_addresses(entry["backup_contacts"]) if "backup_contacts" in entry else None,
            billing_contact=_text(entry.get("billing_contact")),
            cloud_id=_text(entry.get("cloud_id")),
        )
        for pointer, entry in _entries(data, "licenses")
    ]
    waivers = [
        Waiver(
            pointer,
            _text(entry.get("rule")),
            _text(entry.get("license")),
            parse_day(entry.get("expires")),
            _text(entry.get("owner")),
        )
        for pointer, entry in _entries(data, "waivers")
    ]
    return Inventory(licenses, waivers)


def from_inventory_file(data: dict[str, Any], *, directory_file: str | None = None) -> Inputs:
    """All three inputs from an inventory file's data, with any sections read from other files
    already in place (DIRECTORY_FILE: the directory file its people and mailboxes came from)."""
    return Inputs(inventory_from(data), policy_from(data), directory_from(data, file=directory_file))


def inventory_data(raw: bytes | None, where: str) -> dict[str, Any]:
    """The data of an inventory that ``diff`` and ``renewals`` read; a file that did not exist
    (at a revision) is empty, one that does not load is a usage error naming WHERE."""
    if raw is None:
        return {}
    loaded = document.load(raw)
    if loaded.document is None:
        raise UsageError(f"{where} is not a readable inventory: {loaded.why_unreadable()}")
    return loaded.document.data


def with_policy_file(data: dict[str, Any], policy: tuple[str, bytes] | None) -> dict[str, Any]:
    """DATA with its policy taken from a policy file (its name, its bytes) when there is one."""
    if policy is None:
        return data
    return {**data, "policy": policy_document(*policy)[0].data.get("policy")}


def policy_document(path: str, raw: bytes) -> tuple[document.Document, list[tuple[str, Problem]]]:
    """A policy file (``--policy``): a YAML mapping with a ``policy`` section and at most a
    ``version``, and what the loader found in it (a repeated key). One that does not load, or
    holds anything else, is a usage error."""
    loaded = document.load(raw)
    if loaded.document is None:
        raise UsageError(f"{path} is not a readable policy file: {loaded.why_unreadable()}")
    data = loaded.document.data
    if not isinstance(data.get("policy"), dict):
        raise UsageError(f"{path} is not a policy file: it needs a 'policy:' mapping at the top level")
    others = sorted(set(data) - {"version", "policy"})
    if others:
        raise UsageError(
            f"{path} is a policy file: only 'version' and 'policy' may be at its top level, not {others[0]!r}"
        )
    return loaded.document, list(loaded.problems)

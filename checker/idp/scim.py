"""SCIM 2.0: saved ``ListResponse`` pages of ``/Users`` and ``/Groups`` (or of the root endpoint).

The shapes are the RFCs' own examples: RFC 7643 section 8 (the User, Enterprise User and Group
representations, https://www.rfc-editor.org/rfc/rfc7643#section-8) and RFC 7644 section 3.4.2
(the ``ListResponse`` and its paging attributes, https://www.rfc-editor.org/rfc/rfc7644#section-3.4.2).

- A page is a ``ListResponse``: ``totalResults``, ``Resources``, and when paged ``startIndex``
  (1-based) and ``itemsPerPage``. A resource is a User (``userName``, or its schema or
  ``meta.resourceType`` says so) or a Group (its schema or resource type, ``members`` or a
  ``displayName`` without ``userName``); pages of both kinds may be mixed.
- A user's address is its ``primary`` email, else its first ``work`` email, else its first
  email, else its ``userName`` when that is an address; its other emails, except ``home`` ones
  (a personal address is not company mail), and its ``userName`` are its aliases. Its name is
  ``name.formatted``, else ``displayName``; its team the enterprise extension's ``department``.
  ``active: false`` is a departure (a user without ``active`` is active: the attribute is optional).
- A group's members are users and groups named by ``value``, the member's ``id``; nested groups
  count through to their users. SCIM groups have no mail address: a mailbox takes a group's
  members when the directory file names the group in its ``group`` key.
- The pages of each collection agree on ``totalResults`` and their ``startIndex`` ranges cover
  1 to ``totalResults`` exactly, with no gap (a page missing) and no overlap (a page twice);
  ``itemsPerPage``, where given, is the number of resources the page holds.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from checker.errors import UsageError
from checker.idp.records import (
    Export,
    Group,
    InputFile,
    Member,
    Options,
    Person,
    flag,
    is_address,
    not_a_page,
    parse_json,
    person,
    text,
)

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

Kind = Literal["User", "Group"]


def read(files: list[InputFile], options: Options) -> Export:
    del options  # nothing to set: the pages say it all
    export = Export()
    # collection (the kinds of resource its pages hold) -> pages: (path, startIndex, resources, totalResults)
    collections: dict[str, list[tuple[str, int, list[tuple[str, Kind, dict[str, Any]]], int]]] = {}
    for file in files:
        data = parse_json(file)
        total, start, resources = _page(file.path, data)
        kinds = sorted({kind for _, kind, _ in resources})
        if not resources:
            continue  # an empty page past the end, or of an empty collection: nothing to add
        collections.setdefault(" and ".join(f"{kind}s" for kind in kinds), []).append(
            (file.path, start, resources, total)
        )
    for what, pages in sorted(collections.items()):
        _check_pages(what, pages)
    for _, pages in sorted(collections.items()):
        for _, _, resources, _ in sorted(pages, key=lambda page: page[1]):
            for where, kind, resource in resources:
                if kind == "User":
                    person = _person(resource, where, export)
                    if person is not None:
                        export.people.append(person)
                else:
                    export.has_groups = True
                    export.groups.append(_group(resource, where))
    if not any("Users" in what for what in collections):
        raise UsageError("no users among the files: the people come from the ListResponse pages of /Users")
    return export


def _page(path: str, data: Any) -> tuple[int, int, list[tuple[str, Kind, dict[str, Any]]]]:
    if not isinstance(data, dict):
        raise not_a_page(path, data, "a SCIM ListResponse page")
    schemas = data.get("schemas")
    if not (isinstance(schemas, list) and LIST_RESPONSE in schemas) and "totalResults" not in data:
        if isinstance(schemas, list) and (USER_SCHEMA in schemas or GROUP_SCHEMA in schemas):
            raise UsageError(
                f"{path}: a single SCIM resource, not a ListResponse page: save the pages of /Users and /Groups"
            )
        raise not_a_page(path, data, f"a SCIM ListResponse page (no {LIST_RESPONSE} schema, no totalResults)")
    total = _count(path, data, "totalResults", required=True) or 0
    start = _count(path, data, "startIndex", required=False) or 1
    raw = data.get("Resources", [] if total == 0 else None)
    if not isinstance(raw, list):
        raise UsageError(f"{path}: a ListResponse without its Resources list")
    per_page = _count(path, data, "itemsPerPage", required=False)
    if per_page is not None and per_page != len(raw):
        raise UsageError(f"{path}: itemsPerPage is {per_page} but Resources holds {len(raw)}: the page is cut short")
    resources: list[tuple[str, Kind, dict[str, Any]]] = []
    for index, resource in enumerate(raw):
        where = f"{path}: Resources[{index}]"
        if isinstance(resource, dict) and isinstance(resource.get("id"), str):
            where += f" (id {resource['id']})"
        resources.append((where, _kind(resource, where), resource))
    return total, start, resources


def _count(path: str, data: dict[str, Any], key: str, *, required: bool) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        shown = "missing" if value is None else f"{json.dumps(value)[:80]}, not a count"
        raise UsageError(f"{path}: {key} is {shown}")
    return value


def _kind(resource: Any, where: str) -> Kind:
    if not isinstance(resource, dict):
        raise UsageError(f"{where}: not a resource object")
    schemas = resource.get("schemas")
    schemas = schemas if isinstance(schemas, list) else []
    meta = resource.get("meta")
    resource_type = meta.get("resourceType") if isinstance(meta, dict) else None
    if USER_SCHEMA in schemas or resource_type == "User" or "userName" in resource:
        return "User"
    if GROUP_SCHEMA in schemas or resource_type == "Group" or "members" in resource or "displayName" in resource:
        return "Group"
    raise UsageError(f"{where}: neither a User (userName) nor a Group (displayName, members)")


def _check_pages(what: str, pages: list[tuple[str, int, list[Any], int]]) -> None:
    first_path, _, _, total = pages[0]
    for path, _, _, other in pages[1:]:
        if other != total:
            raise UsageError(
                f"{what}: {first_path} and {path} disagree on totalResults ({total}, {other}):"
                " they are not from one export"
            )
    expected = 1
    previous = None
    for path, start, resources, _ in sorted(pages, key=lambda page: (page[1], page[0])):
        end = start + len(resources) - 1
        if start < expected:
            raise UsageError(
                f"{what}: {previous} and {path} both hold result {start} of {total}:"
                " a page is there twice, or the pages are not from one export"
            )
        if start > expected:
            after = f" after {previous}" if previous else ""
            raise UsageError(f"{what}: {_missing(expected, start - 1, total)}{after}: a page is missing")
        expected = end + 1
        previous = path
    if expected - 1 < total:
        raise UsageError(f"{what}: {_missing(expected, total, total)} after {previous}: the last page is missing")
    if expected - 1 > total:
        raise UsageError(f"{what}: the pages hold {expected - 1} results, totalResults says {total}")


def _missing(first: int, last: int, total: int) -> str:
    return (
        f"result {first} of {total} is missing" if first == last else f"results {first}-{last} of {total} are missing"
    )


def _emails(resource: dict[str, Any], where: str, export: Export) -> tuple[str | None, list[str]]:
    """The primary address and the other company addresses, in the order the user lists them."""
    raw = resource.get("emails")
    entries = [entry for entry in raw if isinstance(entry, dict)] if isinstance(raw, list) else []
    usable = []
    for entry in entries:
        value = entry.get("value")
        if is_address(value):
            usable.append(entry)
        elif value is not None:
            export.warnings.append(f"{where}: email {json.dumps(value)[:120]} is not an email address: left out")
    primary_entry = (
        next((entry for entry in usable if entry.get("primary") is True), None)
        or next((entry for entry in usable if entry.get("type") == "work"), None)
        or (usable[0] if usable else None)
    )
    user_name = resource.get("userName")
    user_name = user_name if is_address(user_name) else None
    primary = primary_entry["value"] if primary_entry else user_name
    others = [entry["value"] for entry in usable if entry is not primary_entry and entry.get("type") != "home"]
    return primary, [*others, *([user_name] if user_name else [])]


def _person(resource: dict[str, Any], where: str, export: Export) -> Person | None:
    primary, aliases = _emails(resource, where, export)
    if primary is None:
        export.warnings.append(f"{where}: no address (emails, userName): left out, since it cannot be a contact")
        if isinstance(resource.get("id"), str):
            export.skipped_ids.add(resource["id"])
        return None
    name = resource.get("name")
    enterprise = resource.get(ENTERPRISE)
    return person(
        email=primary,
        name=(text(name.get("formatted")) if isinstance(name, dict) else None)
        or text(resource.get("displayName"))
        or primary,
        team=text(enterprise.get("department")) if isinstance(enterprise, dict) else None,
        others=aliases,
        departed=not flag(resource, "active", where, default=True),
        where=where,
        id=text(resource.get("id")),
    )


def _group(resource: dict[str, Any], where: str) -> Group:
    raw = resource.get("members")
    members: list[Member] | None = None
    if isinstance(raw, list):
        members = []
        for index, member in enumerate(raw):
            member_where = f"{where}: members[{index}]"
            if not isinstance(member, dict) or not isinstance(member.get("value"), str):
                raise UsageError(f"{member_where}: a member without a value (the member's id)")
            member_where += f" (value {member['value']})"
            kind = member.get("type")
            members.append(
                Member(
                    member_where,
                    member["value"],
                    None,
                    "group" if kind == "Group" else "user" if kind == "User" else None,
                )
            )
    elif raw is not None:
        raise UsageError(f"{where}: members is {json.dumps(raw)[:80]}, not a list")
    return Group(
        where=where,
        id=text(resource.get("id")),
        name=text(resource.get("displayName")),
        address=None,
        description=None,
        members=None if members is None else tuple(members),
    )

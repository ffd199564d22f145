"""Google Workspace: saved pages of the Admin SDK Directory API's ``users.list``, ``groups.list``
and ``members.list``.

The shapes are Google's documented responses: "Manage user accounts"
(https://developers.google.com/workspace/admin/directory/v1/guides/manage-users), "Manage groups"
(https://developers.google.com/workspace/admin/directory/v1/guides/manage-groups), "Manage group
members" (https://developers.google.com/workspace/admin/directory/v1/guides/manage-group-members),
and the Users and Members resources of the API reference
(https://developers.google.com/workspace/admin/directory/reference/rest/v1/users,
https://developers.google.com/workspace/admin/directory/reference/rest/v1/members).

- A page holds a ``users``, ``groups`` or ``members`` list, and its ``kind`` says which
  (``admin#directory#users``, or ``directory#users`` in the guides' examples); Google leaves an
  empty list out, so a page with only its ``kind`` is an empty page. A members page does not name
  its group, so its file name does: ``<group email or id>.members.json``, or
  ``<group email or id>.members.<N>.json`` for a group of several pages.
- A user's address is ``primaryEmail`` (else its ``primary`` entry in ``emails``); ``aliases`` and
  ``nonEditableAliases`` are its aliases; its name is ``name.fullName``; its team the
  ``department`` of its primary organization. ``suspended`` or ``archived`` is a departure.
- A member of type ``USER`` or ``GROUP`` is found by its ``email``, else its ``id``; nested groups
  count through to their users. ``CUSTOMER`` (everyone in the account) and ``EXTERNAL`` members
  are left out with a warning. A member's ``status`` is not used: the user's own record says
  whether they left.
- Every collection has exactly one page without ``nextPageToken`` and no two pages with the same
  token. Google gives no count, so a page missing from the middle cannot be seen.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from checker.errors import UsageError
from checker.idp.records import (
    CursorPage,
    Export,
    Group,
    InputFile,
    Member,
    Options,
    Person,
    check_cursor_pages,
    flag,
    is_address,
    members_page_group,
    not_a_page,
    parse_json,
    person,
    record,
    text,
)

NEXT = "nextPageToken"
LISTS = ("users", "groups", "members")
_KINDS = {name: (f"admin#directory#{name}", f"directory#{name}") for name in LISTS}
_MEMBER_KINDS: dict[str, Literal["user", "group"]] = {"USER": "user", "GROUP": "group"}

Page = tuple[str, dict[str, Any]]


def read(files: list[InputFile], options: Options) -> Export:
    del options  # nothing to set: the pages say it all
    export = Export()
    pages: dict[str, list[Page]] = {name: [] for name in LISTS}
    members: dict[str, list[Page]] = {}
    for file in files:
        data = parse_json(file)
        kind = _kind(file.path, data)
        if kind == "members":
            group = members_page_group(file.path)
            if group is None:
                raise UsageError(
                    f"{file.path}: a members.list page, but its file name does not say whose:"
                    " name it <group email or id>.members.json"
                )
            members.setdefault(group.lower(), []).append((file.path, data))
        else:
            pages[kind].append((file.path, data))
    if not pages["users"]:
        raise UsageError("no users page among the files: the people come from the pages of users.list")
    _check_pages("users", pages["users"])
    for path, data in pages["users"]:
        for index, item in enumerate(data.get("users", [])):
            person = _person(item, record(path, "users", index, item), export)
            if person is not None:
                export.people.append(person)
    if pages["groups"]:
        export.has_groups = True
        _check_pages("groups", pages["groups"])
    _read_groups(pages["groups"], members, export)
    return export


def _kind(path: str, data: Any) -> str:
    if not isinstance(data, dict):
        raise not_a_page(path, data, "a Directory API page")
    for name in LISTS:
        if isinstance(data.get(name), list):
            return name
    for name in LISTS:
        if data.get("kind") in _KINDS[name]:
            if "id" in data or "email" in data or "primaryEmail" in data:
                raise UsageError(f"{path}: a single resource, not a page of {name}.list")
            return name  # an empty page: Google leaves out an empty list
    raise not_a_page(path, data, "a Directory API page (no users, groups or members list, no kind saying which)")


def _check_pages(what: str, pages: list[Page]) -> None:
    cursor_pages = []
    for path, data in pages:
        token = data.get(NEXT)
        if token is not None and not isinstance(token, str):
            raise UsageError(f"{path}: {NEXT} is {json.dumps(token)[:80]}, not a token")
        cursor_pages.append(CursorPage(path, token or None, 0))
    check_cursor_pages(what, cursor_pages, cursor=NEXT)


def _addresses(values: Any, where: str, name: str, export: Export) -> list[str]:
    found = []
    for value in values if isinstance(values, list) else []:
        if is_address(value):
            found.append(value)
        else:
            export.warnings.append(f"{where}: {name} {json.dumps(value)[:120]} is not an email address: left out")
    return found


def _person(item: Any, where: str, export: Export) -> Person | None:
    if not isinstance(item, dict):
        raise UsageError(f"{where}: not a user object")
    primary = item.get("primaryEmail")
    if not is_address(primary):
        if primary is not None:
            export.warnings.append(f"{where}: primaryEmail {json.dumps(primary)[:120]} is not an email address")
        emails = item.get("emails")
        entries = [e for e in emails if isinstance(e, dict)] if isinstance(emails, list) else []
        primary = next(
            (e.get("address") for e in entries if e.get("primary") is True and is_address(e.get("address"))), None
        )
    if primary is None:
        export.warnings.append(f"{where}: no address (primaryEmail, emails): left out, since it cannot be a contact")
        if isinstance(item.get("id"), str):
            export.skipped_ids.add(item["id"])
        return None
    name = item.get("name")
    full_name = None
    if isinstance(name, dict):
        parts = [part for part in (text(name.get("givenName")), text(name.get("familyName"))) if part]
        full_name = text(name.get("fullName")) or " ".join(parts) or None
    departed = flag(item, "suspended", where) or flag(item, "archived", where)
    return person(
        email=primary,
        name=full_name or primary,
        team=_department(item.get("organizations")),
        others=(
            _addresses(item.get("aliases"), where, "alias", export)
            + _addresses(item.get("nonEditableAliases"), where, "alias", export)
        ),
        departed=departed,
        where=where,
        id=text(item.get("id")),
    )


def _department(organizations: Any) -> str | None:
    entries = [entry for entry in organizations if isinstance(entry, dict)] if isinstance(organizations, list) else []
    entries.sort(key=lambda entry: entry.get("primary") is not True)  # the primary organization first
    return next((text(entry.get("department")) for entry in entries if text(entry.get("department"))), None)


def _read_groups(groups: list[Page], members: dict[str, list[Page]], export: Export) -> None:
    paged: dict[str, list[Member]] = {}
    for key, key_pages in members.items():
        _check_pages(f"members of {key}", key_pages)
        paged[key] = []
        for path, data in key_pages:
            for index, item in enumerate(data.get("members", [])):
                member = _member(item, record(path, "members", index, item), export)
                if member is not None:
                    paged[key].append(member)
    claimed: set[str] = set()
    for path, data in groups:
        for index, item in enumerate(data.get("groups", [])):
            where = record(path, "groups", index, item)
            if not isinstance(item, dict):
                raise UsageError(f"{where}: not a group object")
            address = item.get("email")
            if not is_address(address):
                if address is not None:
                    export.warnings.append(f"{where}: email {json.dumps(address)[:120]} is not an email address")
                address = None
            identifier = text(item.get("id"))
            found = next((key.lower() for key in (address, identifier) if key and key.lower() in paged), None)
            if found is not None:
                claimed.add(found)
            export.groups.append(
                Group(
                    where=where,
                    id=identifier,
                    name=text(item.get("name")),
                    address=address,
                    description=text(item.get("description")),
                    members=None if found is None else tuple(paged[found]),
                )
            )
    for key in sorted(set(paged) - claimed):
        raise UsageError(
            f"{members[key][0][0]}: the members of {key} (from the file name), but no group in the groups pages"
            " has that email or id"
        )


def _member(item: Any, where: str, export: Export) -> Member | None:
    if not isinstance(item, dict):
        raise UsageError(f"{where}: not a member object")
    kind = item.get("type")
    if kind in ("CUSTOMER", "EXTERNAL"):
        what = "everyone in the account" if kind == "CUSTOMER" else "outside the account"
        export.warnings.append(f"{where}: a {kind} member ({what}), not a user or group: left out")
        return None
    address = item.get("email")
    return Member(
        where,
        text(item.get("id")),
        address if is_address(address) else None,
        _MEMBER_KINDS.get(kind) if isinstance(kind, str) else None,
    )

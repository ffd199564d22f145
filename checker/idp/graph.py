"""Microsoft Graph (Entra ID): saved pages of ``GET /users``, ``GET /groups`` and
``GET /groups/{id}/members``.

The shapes are Microsoft's documented responses: "List users"
(https://learn.microsoft.com/en-us/graph/api/user-list), "List groups"
(https://learn.microsoft.com/en-us/graph/api/group-list), "List group members"
(https://learn.microsoft.com/en-us/graph/api/group-list-members), the user resource's
``mail``, ``userPrincipalName``, ``proxyAddresses``, ``displayName``, ``accountEnabled`` and
``department`` (https://learn.microsoft.com/en-us/graph/api/resources/user), and "Paging
Microsoft Graph data in your app" (https://learn.microsoft.com/en-us/graph/paging).

- A page is a JSON object with a ``value`` list. Users and groups pages are told apart by
  ``@odata.context`` (``...$metadata#users``, ``#groups``), else by their records' keys. A members
  page does not name its group, so its file name does: ``<group id or mail>.members.json``, or
  ``<group id or mail>.members.<N>.json`` for a group of several pages.
- A user's address is ``mail``, else the ``SMTP:`` proxy address (the primary one), else its
  ``userPrincipalName``; its other ``smtp:`` proxy addresses and its user principal name are its
  aliases (a guest's ``...#EXT#@`` principal name is not an address). ``accountEnabled: false``
  is a departure; a user record without ``accountEnabled`` is refused, since Graph returns it
  only when ``$select`` asks for it, and without it no deactivation would ever be seen.
- A group's ``members``, when ``$expand=members`` put them in the groups page, count only below
  20: Graph's ``$expand`` returns at most 20 directory objects and no next link.
- Every collection (the users, the groups, each group's members) has exactly one page without
  ``@odata.nextLink``, no two pages with the same link, and, where the first page carries
  ``@odata.count`` (``$count=true``), as many records as it says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    address_match,
    check_cursor_pages,
    is_address,
    members_page_group,
    not_a_page,
    parse_json,
    person,
    record,
    text,
)

NEXT = "@odata.nextLink"
COUNT = "@odata.count"
# Graph's $expand on a directory object's relationship returns at most this many, with no next link.
EXPAND_LIMIT = 20
_USER_KEYS = ("userPrincipalName", "accountEnabled")
_GROUP_KEYS = ("groupTypes", "mailEnabled", "securityEnabled", "members")
_MEMBER_KINDS: dict[str, Literal["user", "group"]] = {
    "#microsoft.graph.user": "user",
    "#microsoft.graph.group": "group",
}
SELECT = "id,displayName,mail,userPrincipalName,proxyAddresses,accountEnabled,department"

Page = tuple[str, dict[str, Any]]


def read(files: list[InputFile], options: Options) -> Export:
    del options  # nothing to set: the pages say it all
    export = Export()
    users: list[Page] = []
    groups: list[Page] = []
    members: dict[str, list[Page]] = {}
    for file in files:
        data = parse_json(file)
        kind, group = _kind(file.path, data)
        if kind == "members":
            members.setdefault(str(group).lower(), []).append((file.path, data))
        else:
            (users if kind == "users" else groups).append((file.path, data))
    if not users:
        raise UsageError(
            "no users page among the files: the people come from the pages of GET /users"
            " (a page's @odata.context ends in #users)"
        )
    _check_pages("users", users)
    people = export.people
    for path, data in users:
        for index, item in enumerate(data["value"]):
            person = _person(item, path, index, export)
            if person is not None:
                people.append(person)
    if groups:
        export.has_groups = True
        _check_pages("groups", groups)
    _read_groups(groups, members, export)
    return export


def _kind(path: str, data: Any) -> tuple[str, str | None]:
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise not_a_page(path, data, "a Microsoft Graph page (a JSON object with a 'value' list)")
    group = members_page_group(path)
    if group is not None:
        return "members", group
    context = data.get("@odata.context")
    collection = context.rpartition("#")[2] if isinstance(context, str) and "#" in context else ""
    if collection.startswith("users"):
        return "users", None
    if collection.startswith("groups"):
        return "groups", None
    if collection.startswith("directoryObjects"):
        raise UsageError(
            f"{path}: a group's members page (@odata.context #directoryObjects), but its file name does not say"
            " whose: name it <group id or mail>.members.json"
        )
    for item in data["value"]:
        if not isinstance(item, dict):
            continue
        odata_type = item.get("@odata.type")
        if odata_type == "#microsoft.graph.user" or any(key in item for key in _USER_KEYS):
            return "users", None
        if odata_type == "#microsoft.graph.group" or any(key in item for key in _GROUP_KEYS):
            return "groups", None
    raise UsageError(
        f"{path}: a Graph page, but whether of users or groups cannot be told: keep its @odata.context,"
        " and name a members page <group id or mail>.members.json"
    )


def _check_pages(what: str, pages: list[Page]) -> None:
    cursor_pages = []
    for path, data in pages:
        link = data.get(NEXT)
        count = data.get(COUNT)
        if link is not None and not isinstance(link, str):
            raise UsageError(f"{path}: {NEXT} is {json.dumps(link)[:80]}, not a link")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
            raise UsageError(f"{path}: {COUNT} is {json.dumps(count)[:80]}, not a count")
        cursor_pages.append(CursorPage(path, link or None, len(data["value"]), count))
    check_cursor_pages(what, cursor_pages, cursor=NEXT, total=COUNT)


def _address(value: Any, where: str, name: str, export: Export) -> str | None:
    if value is None or value == "":
        return None
    if is_address(value):
        return str(value)
    export.warnings.append(f"{where}: {name} {json.dumps(value)[:120]} is not an email address: left out")
    return None


def _person(item: Any, path: str, index: int, export: Export) -> Person | None:
    # Runs once per user, 50,000 times for a large tenant: plain loops, no helper per address.
    identifier = item.get("id") if type(item) is dict else None
    where = f"{path}: value[{index}] (id {identifier})" if type(identifier) is str else f"{path}: value[{index}]"
    if type(item) is not dict:
        raise UsageError(f"{where}: not a user object")
    enabled = item.get("accountEnabled")
    if enabled is not True and enabled is not False:
        if "accountEnabled" not in item:
            raise UsageError(
                f"{where}: no accountEnabled, so a disabled account would pass for an active one:"
                f" export the users with $select={SELECT}"
            )
        raise UsageError(f"{where}: accountEnabled is {json.dumps(enabled)[:80]}, not true or false")
    mail = item.get("mail")
    if mail is not None and not (type(mail) is str and address_match(mail)):
        mail = _address(mail, where, "mail", export)
    aliases = []
    primary_proxy = None
    proxies = item.get("proxyAddresses")
    for proxy in proxies if type(proxies) is list else ():
        if type(proxy) is not str:
            continue
        head = proxy[:5]
        if head != "smtp:" and head != "SMTP:" and head.lower() != "smtp:":
            continue  # X500:, SIP: and the like are not mail addresses
        address = proxy[5:].strip()
        if address == mail:
            if primary_proxy is None and proxy[:4] == "SMTP":
                primary_proxy = address
            continue
        if not address_match(address):
            _address(address, where, "proxy address", export)
            continue
        aliases.append(address)
        if primary_proxy is None and proxy[:4] == "SMTP":
            primary_proxy = address
    principal = item.get("userPrincipalName")
    if principal == mail or principal in aliases:
        pass  # counted already
    elif type(principal) is str and address_match(principal) and "#EXT#" not in principal.upper():
        aliases.append(principal)  # a guest's principal name (alice_contoso.com#EXT#@...) delivers nowhere
    else:
        principal = None
    primary = mail or primary_proxy or principal
    if primary is None:
        export.warnings.append(
            f"{where}: no address (mail, proxyAddresses, userPrincipalName): left out, since it cannot be a contact"
        )
        if type(identifier) is str:
            export.skipped_ids.add(identifier)
        return None
    name = item.get("displayName")
    team = item.get("department")
    return person(
        primary,
        name if type(name) is str and name else primary,
        team if type(team) is str and team else None,
        aliases,
        not enabled,
        where,
        identifier if type(identifier) is str and identifier else None,
    )


def _read_groups(groups: list[Page], members: dict[str, list[Page]], export: Export) -> None:
    # The members pages, by the group their file names give.
    paged: dict[str, list[Member]] = {}
    first_file: dict[str, str] = {}
    for key, pages in members.items():
        _check_pages(f"members of {key}", pages)
        first_file[key] = pages[0][0]
        paged[key] = _members(
            (
                (record(path, "value", index, item), item)
                for path, data in pages
                for index, item in enumerate(data["value"])
            ),
            export,
        )
    claimed: set[str] = set()
    for path, data in groups:
        for index, item in enumerate(data["value"]):
            where = record(path, "value", index, item)
            if not isinstance(item, dict):
                raise UsageError(f"{where}: not a group object")
            identifier = text(item.get("id"))
            address = _address(item.get("mail"), where, "mail", export)
            keys = [key.lower() for key in (identifier, address) if key]
            found = next((key for key in keys if key in paged), None)
            membership: list[Member] | None = None
            if found is not None:
                claimed.add(found)
                membership = paged[found]
            elif isinstance(item.get("members"), list):
                expanded = item["members"]
                if len(expanded) >= EXPAND_LIMIT:
                    raise UsageError(
                        f"{where}: {len(expanded)} members expanded in a groups page, and Graph's $expand stops at"
                        f" {EXPAND_LIMIT}: save the pages of GET /groups/{identifier or '{id}'}/members as"
                        f" {identifier or address}.members.json"
                    )
                membership = _members(
                    ((record(where, "members", position, member), member) for position, member in enumerate(expanded)),
                    export,
                )
            export.groups.append(
                Group(
                    where=where,
                    id=identifier,
                    name=text(item.get("displayName")),
                    address=address,
                    description=text(item.get("description")),
                    members=None if membership is None else tuple(membership),
                )
            )
    for key in sorted(set(paged) - claimed):
        raise UsageError(
            f"{first_file[key]}: the members of {key} (from the file name), but no group in the groups pages"
            " has that id or mail"
        )


def _members(items: Iterable[tuple[str, Any]], export: Export) -> list[Member]:
    found = []
    for where, item in items:
        if not isinstance(item, dict):
            raise UsageError(f"{where}: not a directory object")
        odata_type = item.get("@odata.type")
        kind = _MEMBER_KINDS.get(odata_type) if isinstance(odata_type, str) else None
        if isinstance(odata_type, str) and kind is None:
            # Contacts, devices, service principals: nobody who reads the mailbox as a person.
            export.warnings.append(f"{where}: {odata_type} is not a user or group: left out")
            continue
        address = item.get("mail")
        found.append(Member(where, text(item.get("id")), address if is_address(address) else None, kind))
    return found

"""What every identity-provider source makes of its export, and the helpers the sources share.

A source reads saved API pages (or a CSV file) and returns an ``Export``: the people it found,
the groups with what it knows of their members, and warnings. It checks its own format's
completeness (a page missing, a page there twice) and stops at the first problem with one
``UsageError`` line that names the file and the record, so ``directory import`` exits 2 and
writes nothing. Merging with the previous directory file happens in ``checker.idp.merge``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from checker import files
from checker.errors import UsageError

# The schema's email pattern (one '@', text on both sides, no spaces or control characters),
# and no lone surrogate either: those are not text and no YAML reader takes them back.
_ADDRESS = re.compile(r"[^@\s\x00-\x1f\x7f\ud800-\udfff]+@[^@\s\x00-\x1f\x7f\ud800-\udfff]+")
# Saved API pages are small; a 50,000-user export in one page is about 20 MB. Reading stops here.
MAX_BYTES = 256 * 1024 * 1024


# For text known to be a str, in loops that run once per user.
address_match = _ADDRESS.fullmatch


def is_address(value: object) -> bool:
    return isinstance(value, str) and address_match(value) is not None


def text(value: object) -> str | None:
    """A non-empty string, or None for anything else (null, a number, an empty string)."""
    return value if isinstance(value, str) and value else None


class Person(NamedTuple):
    """A user the export lists, with at least one address. (Tuples: an export has tens of
    thousands, and a frozen dataclass costs several times as much to build.)"""

    email: str  # the primary address, as the identity provider spells it
    name: str
    team: str | None
    # Other addresses that deliver to the same person: once each (case-insensitively), sorted,
    # never the primary. ``person()`` builds them so.
    aliases: tuple[str, ...]
    departed: bool
    where: str  # "users.1.json: value[3] (id 87d3...)", for messages
    id: str | None
    keys: tuple[str, ...]  # every address lower-cased, the primary first


def person(
    email: str, name: str, team: str | None, others: list[str], departed: bool, where: str, id: str | None = None
) -> Person:
    """A Person whose aliases are OTHERS once each, sorted, without the primary address."""
    primary = email.lower()
    found: dict[str, str] = {}
    for other in others:
        lowered = other.lower()
        if lowered not in found and lowered != primary:
            found[lowered] = other
    if not found:
        return Person(email, name, team, (), departed, where, id, (primary,))
    keys = sorted(found)  # distinct, so sorting the lower-cased forms orders the aliases too
    return Person(email, name, team, tuple([found[key] for key in keys]), departed, where, id, (primary, *keys))


class Member(NamedTuple):
    """One entry of a group's membership: a user or a group, named by id, address or both."""

    where: str
    id: str | None
    address: str | None
    kind: Literal["user", "group"] | None  # None: the export does not say


class Group(NamedTuple):
    where: str
    id: str | None
    name: str | None
    address: str | None
    description: str | None
    # None: the export does not hold this group's membership (no members pages, not expanded).
    members: tuple[Member, ...] | None


@dataclass
class Export:
    people: list[Person] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    # Whether the export holds a groups collection at all: without one, group-fed mailboxes
    # of the previous directory cannot be refreshed.
    has_groups: bool = False
    # False for a source that has no groups (CSV): the previous directory's mailboxes are kept as they are.
    can_have_groups: bool = True
    # Users left out for lacking an address: a membership naming them is dropped, not an error.
    skipped_ids: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """What the command line says about reading the export (only CSV has anything to say)."""

    # CSV: directory field (email, name, status, team, aliases) -> the column's header.
    columns: Mapping[str, str] = field(default_factory=dict)
    # CSV: status values (compared case-insensitively) that mean the person has left.
    departed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class InputFile:
    path: str
    raw: bytes


def read(path: str) -> InputFile:
    """One saved page (or CSV file), wherever it lies; what cannot be read is a usage error naming it."""
    return InputFile(path, files.read(path, limit=MAX_BYTES, what="a saved page", contained=False))


def parse_json(file: InputFile) -> Any:
    """The page's JSON, or a usage error saying why it is not JSON."""
    try:
        return json.loads(file.raw)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{file.path}: not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{file.path}: not JSON: the file is not UTF-8 text") from None
    except RecursionError:
        raise UsageError(f"{file.path}: not JSON this command reads: nested too deeply") from None


def record(path: str, array: str, index: int, item: object, id_key: str = "id") -> str:
    """How messages name a record: ``users.1.json: value[3] (id 87d3...)``."""
    identifier = item.get(id_key) if isinstance(item, dict) else None
    shown = (
        f" ({id_key} {identifier})" if isinstance(identifier, (str, int)) and not isinstance(identifier, bool) else ""
    )
    return f"{path}: {array}[{index}]{shown}"


def flag(item: dict[str, Any], key: str, where: str, *, default: bool = False) -> bool:
    """A documented boolean (``active``, ``suspended``): absent or null is DEFAULT; anything but a
    boolean is refused rather than guessed ("false" as a string would otherwise read as true)."""
    value = item.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise UsageError(f"{where}: {key} is {json.dumps(value)[:80]}, not true or false")
    return value


def error_response(data: dict[str, Any]) -> str | None:
    """The message of a saved error response (``{"error": ...}``, SCIM's Error schema), or None."""
    error = data.get("error")
    if isinstance(error, dict):
        return f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
    if isinstance(error, str):
        return error
    schemas = data.get("schemas")
    if isinstance(schemas, list) and "urn:ietf:params:scim:api:messages:2.0:Error" in schemas:
        return f"{data.get('status', '')}: {data.get('detail', '')}".strip(": ")
    return None


def not_a_page(path: str, data: Any, expected: str) -> UsageError:
    """The error for JSON that is not one of the source's pages."""
    if isinstance(data, dict):
        message = error_response(data)
        if message is not None:
            return UsageError(f"{path}: an error response ({message[:200]}), not a page of the export: fetch it again")
    return UsageError(f"{path}: not {expected}")


@dataclass(frozen=True)
class CursorPage:
    """A page of a collection paged by a cursor (Graph's @odata.nextLink, Google's nextPageToken)."""

    path: str
    next: str | None  # the cursor to the following page; None on the last page
    items: int
    total: int | None = None  # the collection's size, where the page says it (Graph's @odata.count)


def check_cursor_pages(what: str, pages: list[CursorPage], *, cursor: str, total: str = "") -> None:
    """One collection's pages make one whole: exactly one last page, no page twice, and the count
    the collection announced (if any) adds up. A page missing from the middle of a cursor-paged
    collection cannot be seen without a count: no page names its own cursor."""
    last = [page.path for page in pages if page.next is None]
    if not last:
        files = ", ".join(page.path for page in pages)
        raise UsageError(f"{what}: every page has {cursor} ({files}): the last page is missing")
    if len(last) > 1:
        raise UsageError(
            f"{what}: {last[0]} and {last[1]} are both a last page (no {cursor}):"
            " they are not from one export, or a page is there twice"
        )
    seen: dict[str, str] = {}
    for page in pages:
        if page.next is not None:
            if page.next in seen:
                raise UsageError(
                    f"{what}: {seen[page.next]} and {page.path} have the same {cursor}: the same page is there twice"
                )
            seen[page.next] = page.path
    counted = [page for page in pages if page.total is not None]
    if not counted:
        return
    first = counted[0]
    for page in counted[1:]:
        if page.total != first.total:
            raise UsageError(f"{what}: {first.path} and {page.path} disagree on {total} ({first.total}, {page.total})")
    held = sum(page.items for page in pages)
    if held < (first.total or 0):
        raise UsageError(f"{what}: the pages hold {held}, {first.path} says {total} {first.total}: a page is missing")
    if held > (first.total or 0):
        raise UsageError(
            f"{what}: the pages hold {held}, {first.path} says {total} {first.total}: a page is there twice,"
            " or the pages are not from one export"
        )


def members_page_group(path: str) -> str | None:
    """The group a members page belongs to, from its file name: ``<group>.members.json`` or
    ``<group>.members.<N>.json`` (a Graph or Google members page does not name its group)."""
    match = _MEMBERS_FILE.fullmatch(os.path.basename(path))
    return match.group("group") if match else None


_MEMBERS_FILE = re.compile(r"(?P<group>.+)\.members(?:\.[0-9]+)?\.json", re.IGNORECASE)

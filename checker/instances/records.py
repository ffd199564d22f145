"""What every instance source makes of a saved response: ``Reported`` licenses, and the helpers
the sources share.

A source reads saved responses (or a CSV file) and returns one ``Reported`` per license it
finds. It stops at the first problem with one ``UsageError`` line that names the file and the
record, so ``import`` and ``drift`` exit 2 and write nothing. Reading the files, the JSON and
saved error responses is ``checker.idp.records``' work, shared with ``directory import``.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from checker.errors import UsageError
from checker.idp.records import InputFile, not_a_page, parse_json, read

__all__ = ["InputFile", "Options", "Reported", "parse_json", "read"]

Deployment = Literal["cloud", "data-center", "server"]

# The schema's identifiers: a SEN, or a cloud Entitlement number.
SEN = re.compile(r"SEN-L?[0-9]{6,10}")
ENTITLEMENT = re.compile(r"E-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")
CLOUD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The schema's license types.
TYPES = ("commercial", "academic", "community", "open-source", "starter", "evaluation", "developer")


class Reported(NamedTuple):
    """One license as an instance reports it. None: the source does not say."""

    id: str | None  # the SEN or the Entitlement number
    product: str | None
    deployment: Deployment | None  # None: the source does not say (a CSV without the column)
    expires: datetime.date | None
    tier: int | str | None  # licensed users, or "unlimited"
    type: str | None  # one of TYPES
    evaluation: bool
    used: int | None  # users counting towards the license
    cloud_id: str | None
    where: str  # "prod-jira/jira-dc/jira-software.json", with the record for lists
    source: str  # the source's name, which says which licenses it can report


@dataclass(frozen=True)
class Options:
    """What the command line says about reading the files (only CSV has anything to say)."""

    # CSV: field -> the column's header.
    columns: dict[str, str] = field(default_factory=dict)


def stem(path: str) -> str:
    """A saved response's name without its folder and extensions: ``jira-software`` for
    ``prod/jira-dc/jira-software.json``."""
    return os.path.basename(path).split(".", 1)[0]


def json_object(file: InputFile, expected: str) -> dict[str, Any]:
    data = parse_json(file)
    if not isinstance(data, dict):
        raise not_a_page(file.path, data, expected)
    return data


def day_from_millis(value: object, where: str, key: str) -> datetime.date | None:
    """Atlassian's license dates: milliseconds since the epoch, read as a date in UTC. Absent or
    null: the license does not expire (a perpetual license)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{where}: {key} is {json.dumps(value)[:80]}, not a date in milliseconds since 1970")
    try:
        return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        raise UsageError(f"{where}: {key} is {value}, not a date in milliseconds since 1970") from None


def count(value: object, where: str, key: str, *, negative_is_unlimited: bool = False) -> int | str | None:
    """A number of users: a whole number, or None when absent. Where NEGATIVE_IS_UNLIMITED, a
    negative number is an unlimited tier."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{where}: {key} is {json.dumps(value)[:80]}, not a whole number")
    if value < 0:
        if negative_is_unlimited:
            return "unlimited"
        raise UsageError(f"{where}: {key} is {value}, not a number of users")
    return value


def license_type(value: object, where: str, key: str) -> str | None:
    """``Commercial``, ``COMMERCIAL``, ``OPEN_SOURCE``: one of the schema's types, or a usage error."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"{where}: {key} is {json.dumps(value)[:80]}, not a license type")
    name = value.strip().lower().replace("_", "-").replace(" ", "-")
    if name not in TYPES:
        raise UsageError(f"{where}: {key} {value!r} is not a license type licenses.yaml knows ({', '.join(TYPES)})")
    return name


def identifier(value: object, where: str, key: str) -> str:
    """A SEN or an Entitlement number, as the instance spells it."""
    if not isinstance(value, str) or not (SEN.fullmatch(value) or ENTITLEMENT.fullmatch(value)):
        shown = "missing" if value is None else f"{json.dumps(value)[:80]}"
        raise UsageError(
            f"{where}: {key} is {shown}, not a SEN (SEN-12345678) or an Entitlement number (E-3XJ-WYD-KA7-HBJ):"
            " it cannot be matched with licenses.yaml"
        )
    return value

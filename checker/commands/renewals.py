"""``licensegate renewals``: the renewals due within a window, in the format asked for."""

from __future__ import annotations

import datetime
from typing import Any

from checker import document, engine, files, output, renewals
from checker.commands import today_utc
from checker.commands.check import on_disk
from checker.errors import DataError, UsageError
from checker.model import parse_day
from checker.renewals_report import FORMATS, RenewalsReport


def _unreadable_renewal(data: dict[str, Any], path: str) -> str | None:
    """Why the first license whose ``renews`` is not a date cannot be listed, or None. A report
    that silently left it out would hide exactly the renewal nobody knows the date of."""
    entries = data.get("licenses")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or parse_day(entry.get("renews")) is not None:
            continue
        sen = entry.get("id") if isinstance(entry.get("id"), str) else f"/licenses/{index}"
        value = entry.get("renews")
        what = "is missing" if value is None else f"'{value}' is not a date (YYYY-MM-DD)"
        return f"{path}: {sen}: renews {what}; fix it, then run renewals again"  # entry shows it escaped
    return None


def run(
    path: str | None,
    *,
    within: int | None,
    today: datetime.date | None,
    output_format: str,
    policy: str | None = None,
    stdin_filename: str | None = None,
    output_file: str | None = None,
) -> int:
    path, raw = files.read_input(path, stdin_filename=stdin_filename)
    policy_file = None if policy is None else (policy, files.read(policy))
    # The inputs as check reads them: the people's names for the calendar's attendees may come
    # from the directory file the inventory names.
    loaded = engine.load(raw, path=path, policy=policy_file, directory=on_disk(path))
    if loaded.origin.doc is None:  # the loader's own words, as diff and history give them
        raise UsageError(
            f"{path} is not a readable inventory: {document.LoadResult(None, loaded.problems).why_unreadable()}"
        )
    problem = _unreadable_renewal(loaded.origin.doc.data, path)
    if problem is not None:
        raise DataError(problem)
    if loaded.inputs is None:
        raise UsageError(f"{path}: its directory cannot be read: {engine.why_unreadable(loaded)}")
    inputs = loaded.inputs
    day = today or today_utc()
    # A calendar holds every renewal, so that its alarms fire on time; the reports, the policy's horizon.
    window = within if within is not None or output_format == "ics" else renewals.default_window(inputs)
    found = renewals.due(inputs, today=day, within=window)
    report = RenewalsReport(found, path=path, today=day, within=window, inputs=inputs)
    output.write(FORMATS.get(output_format)(report), output_file=output_file)
    return 0

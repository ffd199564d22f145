"""``licensegate import``: add or update license entries from what the instances report.

Reads every saved response with its source, plans the edits of the inventory's text
(``checker.instances.edit``), prints each change, and writes the file whole (a temporary file
renamed over it) or, with ``--check``, only says whether it would change.
"""

from __future__ import annotations

import sys

from checker import csvrows, escape, files, output
from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.idp.records import is_address
from checker.instances import SOURCES, edit, records
from checker.instances.csv_ import FIELDS


def run(
    source: str,
    paths: list[str],
    *,
    into: str | None,
    check: bool,
    technical_contact: str | None,
    columns: list[str],
) -> int:
    options = _options(source, columns)
    if technical_contact is not None and not is_address(technical_contact):
        raise UsageError(f"--technical-contact {technical_contact!r}: not an email address")
    if len(set(paths)) != len(paths):
        raise UsageError(f"{next(p for p in paths if paths.count(p) > 1)}: given twice")
    reports = SOURCES[source]([records.read(path) for path in sorted(paths)], options)
    target = into or files.default_inventory()
    raw = files.read(target)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{target}: not UTF-8 text: import edits only a file licensegate can read") from None
    planned = edit.plan(target, text, reports, technical_contact=technical_contact)
    for warning in planned.warnings:
        sys.stderr.write(f"licensegate: warning: {escape.terminal(warning)}\n")
    sys.stdout.write("".join(f"{escape.terminal(change)}\n" for change in planned.changes))
    changed = bool(planned.changes)
    if check:
        state = "would change" if changed else "up to date"
    else:
        state = "written" if changed else "unchanged"
        if changed:
            output.write(planned.text, output_file=target)
    count = len(planned.changes)
    sys.stderr.write(f"licensegate: {escape.terminal(target)}: {count} change{'' if count == 1 else 's'} ({state})\n")
    return EXIT_FINDINGS if check and changed else EXIT_OK


def _options(source: str, columns: list[str]) -> records.Options:
    if source != "csv" and columns:
        raise UsageError("--column is for the csv source only")
    mapping = csvrows.column_mapping(columns, fields=FIELDS, example="id=License Number")
    return records.Options(columns=mapping)

"""CSV: an HR system's export of people, one row a person, columns mapped on the command line.

- UTF-8 (a byte-order mark is fine), comma-separated, a header row first (RFC 4180 quoting, as
  spreadsheets write it). Several files are read as one list.
- ``--column FIELD=HEADER`` says which column holds a field: ``email`` (required), ``name``,
  ``status``, ``team`` and ``aliases`` (addresses separated by commas, semicolons or spaces).
  Without it a field's column is the one headed with the field's own name. Headers compare
  case-insensitively. A column named on the command line must exist; ``email`` must always.
- ``--departed-status VALUE`` (repeatable) says which statuses mean the person has left,
  case-insensitively; the default is ``DEFAULT_DEPARTED``. Any other status is active.
- A row without a valid address is left out with a warning; an empty row is ignored.
- A CSV export has no groups: the previous directory's mailboxes are kept as they are.
- A CSV file is the whole list: nothing in it can say a row is missing.
"""

from __future__ import annotations

import csv
import io
import re

from checker.errors import UsageError
from checker.idp.records import MAX_BYTES, Export, InputFile, Options, Person, is_address, person

FIELDS = ("email", "name", "status", "team", "aliases")
DEFAULT_DEPARTED = ("departed", "inactive", "terminated", "suspended", "disabled", "deactivated", "archived", "left")
_SEPARATORS = re.compile(r"[\s,;]+")


def read(files: list[InputFile], options: Options) -> Export:
    export = Export(can_have_groups=False)
    departed = options.departed or frozenset(DEFAULT_DEPARTED)
    # Huge cells are data too: the default limit (128 KiB) would refuse them.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    for file in files:
        try:
            content = file.raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"{file.path}: not UTF-8 text (byte 0x{file.raw[exc.start]:02x} at offset {exc.start}):"
                " save it as UTF-8"
            ) from None
        # strict: a stray quote is an error, not a silently different row.
        reader = csv.reader(io.StringIO(content, newline=""), strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise UsageError(f"{file.path}: empty: expected a header row naming the columns")
            columns = _columns(file.path, header, options)
            for row in reader:
                person = _person(row, columns, f"{file.path}: line {reader.line_num}", departed, export)
                if person is not None:
                    export.people.append(person)
        except csv.Error as exc:
            raise UsageError(f"{file.path}: line {reader.line_num}: not CSV: {exc}") from None
    return export


def _columns(path: str, header: list[str], options: Options) -> dict[str, int]:
    names = [name.strip().casefold() for name in header]
    found = {}
    for name in FIELDS:
        wanted = options.columns.get(name, name)
        if wanted.strip().casefold() in names:
            found[name] = names.index(wanted.strip().casefold())
        elif name == "email" or name in options.columns:
            shown = ", ".join(repr(cell) for cell in header[:12]) + (", ..." if len(header) > 12 else "")
            raise UsageError(f"{path}: no column {wanted!r} for {name} (the header has {shown}): see --column")
    return found


def _person(
    row: list[str], columns: dict[str, int], where: str, departed: frozenset[str], export: Export
) -> Person | None:
    if not any(cell.strip() for cell in row):
        return None

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    email = cell("email")
    if not is_address(email):
        why = "no email" if not email else f"email {email!r} is not an email address"
        export.warnings.append(f"{where}: {why}: left out, since it cannot be a contact")
        return None
    aliases = []
    for alias in _SEPARATORS.split(cell("aliases")):
        if is_address(alias):
            aliases.append(alias)
        elif alias:
            export.warnings.append(f"{where}: alias {alias!r} is not an email address: left out")
    return person(
        email=email,
        name=cell("name") or email,
        team=cell("team") or None,
        others=aliases,
        departed=cell("status").casefold() in departed,
        where=where,
    )

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

import re

from checker import csvrows
from checker.idp.records import Export, InputFile, Options, Person, is_address, person

FIELDS = ("email", "name", "status", "team", "aliases")
DEFAULT_DEPARTED = ("departed", "inactive", "terminated", "suspended", "disabled", "deactivated", "archived", "left")
_SEPARATORS = re.compile(r"[\s,;]+")


def read(files: list[InputFile], options: Options) -> Export:
    export = Export(can_have_groups=False)
    departed = options.departed or frozenset(DEFAULT_DEPARTED)
    for file in files:
        for row in csvrows.rows(file.path, file.raw, fields=FIELDS, required="email", named=options.columns):
            found = _person(row, departed, export)
            if found is not None:
                export.people.append(found)
    return export


def _person(row: csvrows.Row, departed: frozenset[str], export: Export) -> Person | None:
    cell, where = row.cell, row.where
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

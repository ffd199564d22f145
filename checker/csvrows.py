"""A CSV export, as both imports read one (``directory import csv``, ``import csv``).

UTF-8 (a byte-order mark is fine), comma-separated, a header row first, RFC 4180 quoting read
strictly (a stray quote is an error, not a silently different row). ``--column FIELD=HEADER``
says which column holds a field; without it a field's column is the one headed with the field's
own name. Headers compare case-insensitively. A column named on the command line must exist, and
so must the required field's. Every problem is one line naming the file and the line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from checker.errors import UsageError


def column_mapping(specs: Sequence[str], *, fields: Sequence[str], example: str) -> dict[str, str]:
    """The ``--column FIELD=HEADER`` options as a mapping from field to header (EXAMPLE: one such
    option, for the message)."""
    mapping: dict[str, str] = {}
    for spec in specs:
        name, equals, header = spec.partition("=")
        name = name.strip()
        if not equals or not header.strip():
            raise UsageError(f"--column {spec!r}: write FIELD=HEADER, e.g. --column '{example}'")
        if name not in fields:
            raise UsageError(f"--column {spec!r}: FIELD is one of {', '.join(fields)}")
        if name in mapping:
            raise UsageError(f"--column: {name} is mapped twice")
        mapping[name] = header
    return mapping


class Row(NamedTuple):
    where: str  # "FILE: line N"
    cells: list[str]
    columns: dict[str, int]  # field -> index of its column

    def cell(self, field: str) -> str:
        """The field's cell, stripped; empty where the column is missing or the row is short."""
        index = self.columns.get(field)
        return self.cells[index].strip() if index is not None and index < len(self.cells) else ""


def rows(path: str, raw: bytes, *, fields: Sequence[str], required: str, named: Mapping[str, str]) -> Iterator[Row]:
    """Each row of PATH's RAW bytes that is not empty, with the columns of FIELDS (NAMED: the
    --column mapping)."""
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): save it as UTF-8"
        ) from None
    # Huge cells are data too: the default limit (128 KiB) would refuse them.
    csv.field_size_limit(max(csv.field_size_limit(), len(raw)))
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise UsageError(f"{path}: empty: expected a header row naming the columns")
        columns = _columns(path, header, fields=fields, required=required, named=named)
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield Row(f"{path}: line {reader.line_num}", cells, columns)
    except csv.Error as exc:
        raise UsageError(f"{path}: line {reader.line_num}: not CSV: {exc}") from None


def _columns(
    path: str, header: list[str], *, fields: Sequence[str], required: str, named: Mapping[str, str]
) -> dict[str, int]:
    names = [name.strip().casefold() for name in header]
    found = {}
    for field in fields:
        wanted = named.get(field, field)
        if wanted.strip().casefold() in names:
            found[field] = names.index(wanted.strip().casefold())
        elif field == required or field in named:
            shown = ", ".join(repr(cell) for cell in header[:12]) + (", ..." if len(header) > 12 else "")
            raise UsageError(f"{path}: no column {wanted!r} for {field} (the header has {shown}): see --column")
    return found

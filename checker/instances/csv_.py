"""csv: a license list exported by hand (from My Atlassian, admin.atlassian.com or a
spreadsheet), one row a license, columns mapped on the command line.

- UTF-8 (a byte-order mark is fine), comma-separated, a header row first (RFC 4180 quoting).
- ``--column FIELD=HEADER`` says which column holds a field: ``id`` (required: the SEN or the
  Entitlement number), ``product``, ``deployment`` (``cloud``, ``data-center``, ``server``, or
  ``Data Center``), ``expires`` (``YYYY-MM-DD``), ``tier`` (a number or ``unlimited``),
  ``type``, ``used`` and ``cloud_id``. Without it a field's column is the one headed with the
  field's own name, case-insensitively. A column named on the command line must exist.
- An empty cell says nothing; an empty row is ignored. A CSV list covers every license.
"""

from __future__ import annotations

import datetime

from checker import csvrows
from checker.errors import UsageError
from checker.instances.records import (
    CLOUD_ID,
    Deployment,
    InputFile,
    Options,
    Reported,
    identifier,
    license_type,
)

FIELDS = ("id", "product", "deployment", "expires", "tier", "type", "used", "cloud_id")
_DEPLOYMENTS: dict[str, Deployment] = {"cloud": "cloud", "data-center": "data-center", "server": "server"}


def read(files: list[InputFile], options: Options) -> list[Reported]:
    return [
        _license(row)
        for file in files
        for row in csvrows.rows(file.path, file.raw, fields=FIELDS, required="id", named=options.columns)
    ]


def _license(row: csvrows.Row) -> Reported:
    cell, where = row.cell, row.where
    deployment_text = cell("deployment").lower().replace(" ", "-")
    if deployment_text and deployment_text not in _DEPLOYMENTS:
        raise UsageError(f"{where}: deployment {cell('deployment')!r} is not cloud, data-center or server")
    expires = None
    if cell("expires"):
        try:
            expires = datetime.date.fromisoformat(cell("expires"))
        except ValueError:
            raise UsageError(f"{where}: expires {cell('expires')!r} is not a date (YYYY-MM-DD)") from None
    tier: int | str | None = None
    if cell("tier"):
        tier = "unlimited" if cell("tier").lower() == "unlimited" else _whole(cell("tier"), where, "tier")
    used = _whole(cell("used"), where, "used") if cell("used") else None
    cloud_id = cell("cloud_id") or None
    if cloud_id is not None and not CLOUD_ID.fullmatch(cloud_id):
        raise UsageError(f"{where}: cloud_id {cloud_id!r} is not a cloud ID (a lower-case UUID)")
    kind = license_type(cell("type") or None, where, "type")
    return Reported(
        id=identifier(cell("id") or None, where, "id"),
        product=cell("product") or None,
        deployment=_DEPLOYMENTS.get(deployment_text),
        expires=expires,
        tier=tier,
        type=kind,
        evaluation=kind == "evaluation",
        used=used,
        cloud_id=cloud_id,
        where=where,
        source="csv",
    )


def _whole(text: str, where: str, name: str) -> int:
    if not text.isdigit():
        raise UsageError(f"{where}: {name} {text!r} is not a whole number")
    return int(text)

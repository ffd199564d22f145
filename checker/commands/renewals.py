"""``licensegate renewals``: the renewals due within a window, in the format asked for."""

from __future__ import annotations

import datetime
import sys

from checker import files, renewals, sources
from checker.commands import today_utc
from checker.renewals_report import FORMATS, RenewalsReport


def run(path: str, *, within: int | None, today: datetime.date | None, output_format: str) -> int:
    inputs = sources.from_inventory_file(sources.inventory_data(files.read(path), path))
    day = today or today_utc()
    # A calendar holds every renewal, so that its alarms fire on time; the reports, the policy's horizon.
    window = within if within is not None or output_format == "ics" else renewals.default_window(inputs)
    found = renewals.due(inputs, today=day, within=window)
    report = RenewalsReport(found, path=path, today=day, within=window, inputs=inputs)
    sys.stdout.write(FORMATS.get(output_format)(report))
    return 0

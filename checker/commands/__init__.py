"""One module per command: read the inputs, call the core, print, return the exit code."""

from __future__ import annotations

import datetime


def today_utc() -> datetime.date:
    """The default ``--today``: the date in UTC, so the same commit at the same instant is judged
    the same on every machine, whatever its time zone."""
    return datetime.datetime.now(datetime.timezone.utc).date()

"""``licensegate history``: the inventory's audit trail from git, filtered, in the format asked for."""

from __future__ import annotations

import os
import sys

from checker import gitio
from checker.errors import UsageError
from checker.history import filters, walk
from checker.history.report import FORMATS


def run(
    path: str,
    *,
    licenses: list[str],
    field: str | None,
    since: str | None,
    until: str | None,
    author: str | None,
    rev: str | None,
    reverse: bool,
    all_parents: bool,
    output_format: str,
) -> int:
    chosen = filters.build_filters(licenses=licenses, field=field, since=since, until=until, author=author)
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a file")
    repository = gitio.Repository.for_path(path)
    name = repository.relative(path)
    events = filters.select(walk.trail(repository, name, rev=rev, all_parents=all_parents), chosen)
    if reverse:
        events = filters.oldest_first(events)
    sys.stdout.write(FORMATS.get(output_format)(events, name))
    return 0

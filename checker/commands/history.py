"""``licensegate history``: the inventory's audit trail from git, filtered, in the format asked for."""

from __future__ import annotations

import os

from checker import files, gitio, output
from checker.errors import UsageError
from checker.history import filters, walk
from checker.history.report import FORMATS


def run(
    path: str | None,
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
    output_file: str | None = None,
) -> int:
    chosen = filters.build_filters(licenses=licenses, field=field, since=since, until=until, author=author)
    # The nearest inventory; none on disk (deleted since), the default name, for git to find.
    path = path or files.discover() or files.DEFAULT_PATH
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a file")
    repository = gitio.Repository.for_path(path)
    name = repository.relative(path)
    events = filters.select(walk.trail(repository, name, rev=rev, all_parents=all_parents), chosen)
    if reverse:
        events = filters.oldest_first(events)
    output.write(FORMATS.get(output_format)(events, name), output_file=output_file)
    return 0

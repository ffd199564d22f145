"""Identity-provider exports made into the directory file (``licensegate directory import``).

One module per source turns saved pages into an ``Export`` (``records``): ``scim``, ``graph``,
``google`` and ``csv_``. ``merge`` joins it with the previous directory file (departures, hand-kept
mailboxes) and renders the next one with ``emit``, as JSON (which is YAML) that the loader reads
back, with ``json``, as exactly the data written. Nothing here prints or writes a file:
``checker.commands.directory`` does.
"""

from __future__ import annotations

from typing import Protocol

from checker.idp import csv_, google, graph, scim
from checker.idp.records import Export, InputFile, Options


class Source(Protocol):
    def __call__(self, files: list[InputFile], options: Options) -> Export: ...


# The command line's SOURCE choices, in the order --help lists them.
SOURCES: dict[str, Source] = {"scim": scim.read, "graph": graph.read, "google": google.read, "csv": csv_.read}

"""A folder of saved responses (``drift --from DIR``): ``DIR/<instance>/<source>/<file>``.

``<instance>`` is any name (one folder per instance), ``<source>`` one of the sources, and each
file is one saved response named as that source says (``prod-jira/jira-dc/jira-software.json``,
``wiki/confluence-dc/details.json``, ``org/cloud-admin/workspaces.json``). ``--fetch`` names
what it reads the same way, so both give the same report. Hidden files are skipped.
"""

from __future__ import annotations

import os

from checker import files
from checker.errors import UsageError
from checker.idp.records import MAX_BYTES
from checker.instances import SOURCES
from checker.instances.records import InputFile, Options, Reported


def _listing(folder: str) -> list[str]:
    try:
        return sorted(name for name in os.listdir(folder) if not name.startswith("."))
    except FileNotFoundError:
        raise UsageError(f"{folder}: no such folder") from None
    except NotADirectoryError:
        raise UsageError(f"{folder}: not a folder: --from names a folder of saved responses") from None
    except OSError as exc:
        raise UsageError(f"{folder}: cannot list: {exc.strerror or exc}") from None


def read(root: str) -> list[Reported]:
    found: list[Reported] = []
    for instance in _listing(root):
        folder = os.path.join(root, instance)
        if not os.path.isdir(folder):
            raise UsageError(f"{folder}: expected a folder per instance: {root}/<instance>/<source>/<file>")
        for source in _listing(folder):
            if source not in SOURCES:
                raise UsageError(
                    f"{os.path.join(folder, source)}: not a source ({', '.join(SOURCES)}):"
                    f" {root}/<instance>/<source>/<file>"
                )
            saved = [
                InputFile(
                    f"{instance}/{source}/{name}",
                    files.read(
                        os.path.join(folder, source, name), limit=MAX_BYTES, what="a saved response", contained=False
                    ),
                )
                for name in _listing(os.path.join(folder, source))
            ]
            if saved:
                found.extend(SOURCES[source](saved, Options()))
    if not found:
        raise UsageError(f"{root}: no saved responses: {root}/<instance>/<source>/<file>")
    return found

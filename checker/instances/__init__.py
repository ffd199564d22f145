"""What the Atlassian instances report about their licenses (``licensegate import`` and
``licensegate drift``).

One module per source turns saved responses into ``Reported`` licenses (``records``):
``jira_dc``, ``confluence_dc``, ``upm`` (all three read ``license_details``), ``cloud_admin``
and ``csv_``. ``compare`` judges an inventory against them, ``edit`` changes an inventory's
text in place, and ``fetch`` reads live instances over HTTP. Nothing here prints.
"""

from __future__ import annotations

from typing import Protocol

from checker.instances import cloud_admin, confluence_dc, csv_, jira_dc, upm
from checker.instances.records import InputFile, Options, Reported


class Source(Protocol):
    def __call__(self, files: list[InputFile], options: Options) -> list[Reported]: ...


# The command line's SOURCE choices, in the order --help lists them.
SOURCES: dict[str, Source] = {
    "jira-dc": jira_dc.read,
    "confluence-dc": confluence_dc.read,
    "upm": upm.read,
    "cloud-admin": cloud_admin.read,
    "csv": csv_.read,
}

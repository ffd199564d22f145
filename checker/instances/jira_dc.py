"""jira-dc: Jira Data Center's application license, one file per application, and optionally
the application role, which counts the users.

``GET /rest/plugins/applications/1.0/installed/<application>/license`` (Atlassian KB "How to
retrieve application license details or set the license via private REST API in Jira 7+"),
saved as ``<application>.json``: ``jira-software.json``, ``jira-servicedesk.json``,
``jira-core.json``. The response does not name the application, so the file name does.

``GET /rest/api/2/applicationrole/<application>`` (which the same KB points to for the used
and remaining users), saved as ``<application>.role.json``: its ``userCount`` ("the number of
users counting against your license") is the license's used users. Told apart by shape.
"""

from __future__ import annotations

from typing import Any

from checker.errors import UsageError
from checker.instances import license_details
from checker.instances.records import InputFile, Options, Reported, count, json_object, stem

# Application key -> the product's name, as a new inventory entry gets it.
APPLICATIONS = {
    "jira-software": "Jira Software",
    "jira-servicedesk": "Jira Service Management",
    "jira-core": "Jira Core",
}
APPLICATIONS_ROLE = "<application>.role.json"
PATH = "/rest/plugins/applications/1.0/installed/{application}/license"
ROLE_PATH = "/rest/api/2/applicationrole/{application}"


def read(files: list[InputFile], options: Options) -> list[Reported]:
    licenses: dict[str, tuple[InputFile, dict[str, Any]]] = {}
    used: dict[str, tuple[str, int | None]] = {}
    for file in files:
        application = stem(file.path)
        if application not in APPLICATIONS:
            raise UsageError(
                f"{file.path}: name the file after the application whose license it holds:"
                f" {', '.join(name + '.json' for name in APPLICATIONS)} (and {APPLICATIONS_ROLE})"
            )
        data = json_object(
            file, f"a Jira application license (GET {PATH.format(application=application)}) or application role"
        )
        if "userCount" in data or "numberOfSeats" in data:
            if data.get("key") not in (None, application):
                raise UsageError(f"{file.path}: the role of {data.get('key')!r}, not of {application}: name it so")
            users = count(data.get("userCount"), file.path, "userCount")
            used[application] = (file.path, users if isinstance(users, int) else None)
        else:
            licenses[application] = (file, data)
    for application, (where, _) in used.items():
        if application not in licenses:
            raise UsageError(f"{where}: the role of {application} without its license ({application}.json)")
    return [
        license_details.reported(
            data,
            file.path,
            product=APPLICATIONS[application],
            source="jira-dc",
            used=used.get(application, ("", None))[1],
        )
        for application, (file, data) in sorted(licenses.items())
    ]

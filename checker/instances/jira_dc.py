"""jira-dc: Jira Data Center's application license, one file per application.

``GET /rest/plugins/applications/1.0/installed/<application>/license`` (Atlassian KB "How to
retrieve application license details or set the license via private REST API in Jira 7+"),
saved as ``<application>.json``: ``jira-software.json``, ``jira-servicedesk.json``,
``jira-core.json``. The response does not name the application, so the file name does.
"""

from __future__ import annotations

from checker.errors import UsageError
from checker.instances import license_details
from checker.instances.records import InputFile, Options, Reported, json_object, stem

# Application key -> the product's name, as a new inventory entry gets it.
APPLICATIONS = {
    "jira-software": "Jira Software",
    "jira-servicedesk": "Jira Service Management",
    "jira-core": "Jira Core",
}
PATH = "/rest/plugins/applications/1.0/installed/{application}/license"


def read(files: list[InputFile], options: Options) -> list[Reported]:
    found = []
    for file in files:
        application = stem(file.path)
        if application not in APPLICATIONS:
            raise UsageError(
                f"{file.path}: name the file after the application whose license it holds:"
                f" {', '.join(name + '.json' for name in APPLICATIONS)}"
            )
        data = json_object(file, "a Jira application license (GET " + PATH.format(application=application) + ")")
        found.append(license_details.reported(data, file.path, product=APPLICATIONS[application], source="jira-dc"))
    return found

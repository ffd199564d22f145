"""upm: a Marketplace app's license from the Universal Plugin Manager of a Data Center instance.

``GET /rest/plugins/1.0/<app key>-key/license`` (Atlassian KB "How to access UPM REST API for
license details"), saved as ``<app key>.json``, e.g. ``com.example.app.json``: the response does
not name the app, so the file name does, and a new inventory entry's product is that key.
"""

from __future__ import annotations

import os

from checker.instances import license_details
from checker.instances.records import InputFile, Options, Reported, json_object

PATH = "/rest/plugins/1.0/{app}-key/license"


def app_key(path: str) -> str:
    name = os.path.basename(path)
    return name[: -len(".json")] if name.endswith(".json") else name


def read(files: list[InputFile], options: Options) -> list[Reported]:
    found = []
    for file in files:
        app = app_key(file.path)
        data = json_object(file, f"an app license from the Universal Plugin Manager (GET {PATH.format(app=app)})")
        found.append(license_details.reported(data, file.path, product=app, source="upm"))
    return found

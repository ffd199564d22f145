"""confluence-dc: Confluence Data Center's license and how many users count towards it.

Two responses: ``GET /rest/license/1.0/license/details`` (the license: Confluence 7.1 and later,
CONFSERVER-37100), saved as ``details.json``, and ``GET /rest/license/1.0/license/userCount``
(the users counting towards the license, a number), saved as ``userCount.json``. Told apart by
shape: the details are a JSON object, the count a number. The user count is optional.
"""

from __future__ import annotations

from checker.errors import UsageError
from checker.idp.records import parse_json
from checker.instances import license_details
from checker.instances.records import InputFile, Options, Reported, count

DETAILS = "/rest/license/1.0/license/details"
USER_COUNT = "/rest/license/1.0/license/userCount"


def read(files: list[InputFile], options: Options) -> list[Reported]:
    details: list[tuple[InputFile, dict[str, object]]] = []
    used: int | None = None
    counted: str | None = None
    for file in files:
        data = parse_json(file)
        if isinstance(data, dict) and license_details.is_license(data):
            details.append((file, data))
        elif isinstance(data, int) and not isinstance(data, bool):
            if counted is not None:
                raise UsageError(f"{file.path}: a second user count ({counted} is the first): give one")
            value = count(data, file.path, "the user count")
            used = value if isinstance(value, int) else None
            counted = file.path
        else:
            raise UsageError(
                f"{file.path}: not Confluence's license details (GET {DETAILS}) nor its user count (GET {USER_COUNT})"
            )
    if not details:
        where = counted or "confluence-dc"
        raise UsageError(f"{where}: no license details (GET {DETAILS}) beside the user count")
    if len(details) > 1:
        raise UsageError(f"{details[1][0].path}: a second license details file ({details[0][0].path} is the first)")
    file, data = details[0]
    return [license_details.reported(data, file.path, product="Confluence", source="confluence-dc", used=used)]

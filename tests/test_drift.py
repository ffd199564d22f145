"""``licensegate import`` and ``licensegate drift`` over what Atlassian's instances report.

The saved responses are in ``tests/data/atlassian/`` and its README cites where each shape comes
from: the Jira application license example of the Atlassian KB "How to retrieve application
license details or set the license via private REST API in Jira 7+"
(https://confluence.atlassian.com/jirakb/how-to-retrieve-application-license-details-via-rest-api-in-jira-7+-934728265.html),
and the workspaces response of "Org Workspaces APIs"
(https://developer.atlassian.com/cloud/admin/organization/rest/api-group-workspaces/).
``--fetch`` is tested against a real HTTP server on 127.0.0.1 that serves those files at their
real paths and checks the Authorization header.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import DATA, ROOT, licensegate_command, run

SAVED = DATA / "atlassian" / "saved"
TOKEN = "s3cr3t-token-value"

# A hand-written inventory: comments, odd quoting, blank lines, a cloud entry with its cloud ID.
INVENTORY = """\
# The company's Atlassian licenses.
version: 1
policy:
  allowed_domains: [example.com]

mailboxes:
  - address: atlassian-admins@example.com
    members: [alice.martin@example.com, bob.chen@example.com]

licenses:
  # Jira on the old server: replaced in 2027.
  - id: "SEN-2454822"
    product: 'Jira Software'
    deployment: server
    renews: '2027-01-31'   # the quote said so
    tier: 250
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]

  - id: E-3XJ-WYD-KA7-HBJ
    product: Jira Software
    deployment: cloud
    cloud_id: 4f5d2e1a-9b7c-4d3e-8f21-6a0b9c8d7e65
    renews: 2027-06-30
    tier: 100
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]

# Waivers go below.
"""

IMPORTED = """\
# The company's Atlassian licenses.
version: 1
policy:
  allowed_domains: [example.com]

mailboxes:
  - address: atlassian-admins@example.com
    members: [alice.martin@example.com, bob.chen@example.com]

licenses:
  # Jira on the old server: replaced in 2027.
  - id: "SEN-2454822"
    product: 'Jira Software'
    deployment: server
    renews: '2099-12-07'   # the quote said so
    tier: 10000
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]

  - id: E-3XJ-WYD-KA7-HBJ
    product: Jira Software
    deployment: cloud
    cloud_id: 4f5d2e1a-9b7c-4d3e-8f21-6a0b9c8d7e65
    renews: 2027-06-30
    tier: 200
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]

  - id: SEN-L12345678
    product: Confluence
    deployment: data-center
    renews: 2027-09-30
    tier: 500
    technical_contact: atlassian-admins@example.com

  - id: SEN-16421878
    product: com.example.app
    deployment: server
    renews: 2027-03-31
    tier: 10000
    technical_contact: atlassian-admins@example.com

# Waivers go below.
"""

NO_DRIFT = "no drift: 4 licenses in licenses.yaml, as the instances report them\n"


def import_all(folder: Path) -> None:
    steps = [
        ["jira-dc", str(SAVED / "prod-jira/jira-dc/jira-software.json")],
        [
            "confluence-dc",
            str(SAVED / "wiki/confluence-dc/details.json"),
            str(SAVED / "wiki/confluence-dc/userCount.json"),
        ],
        ["upm", str(SAVED / "prod-jira/upm/com.example.app.json")],
        ["cloud-admin", str(SAVED / "org/cloud-admin/workspaces.json")],
    ]
    for step in steps:
        result = run("import", *step, "--technical-contact", "atlassian-admins@example.com", cwd=folder)
        assert result.returncode == 0, result.stderr


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    import_all(tmp_path)
    return tmp_path


def test_import_changes_only_the_values_and_adds_entries(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    result = run("import", "jira-dc", str(SAVED / "prod-jira/jira-dc/jira-software.json"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0,
        "SEN-2454822: renews 2027-01-31 -> 2099-12-07\nSEN-2454822: tier 250 -> 10000\n",
    )
    assert result.stderr == "licensegate: licenses.yaml: 2 changes (written)\n"
    import_all(tmp_path)
    assert (tmp_path / "licenses.yaml").read_bytes() == IMPORTED.encode()
    again = run("import", "jira-dc", str(SAVED / "prod-jira/jira-dc/jira-software.json"), "--check", cwd=tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (
        0,
        "",
        "licensegate: licenses.yaml: 0 changes (up to date)\n",
    )


def test_import_check_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    result = run("import", "cloud-admin", str(SAVED / "org/cloud-admin/workspaces.json"), "--check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "E-3XJ-WYD-KA7-HBJ: tier 100 -> 200\n")
    assert (tmp_path / "licenses.yaml").read_text() == INVENTORY


def test_a_new_license_needs_a_technical_contact(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    result = run("import", "upm", str(SAVED / "prod-jira/upm/com.example.app.json"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "licensegate: SEN-16421878: not in licenses.yaml, and instances do not report contacts:"
        " give --technical-contact ADDRESS for the new entries\n"
    )
    assert (tmp_path / "licenses.yaml").read_text() == INVENTORY


def test_import_then_drift_reports_no_drift(imported: Path) -> None:
    result = run("drift", "--from", str(SAVED), cwd=imported)
    assert (result.returncode, result.stdout, result.stderr) == (0, NO_DRIFT, "")


def test_a_tier_changed_in_the_inventory_is_exactly_one_drift(imported: Path) -> None:
    path = imported / "licenses.yaml"
    path.write_text(path.read_text().replace("    tier: 500\n", "    tier: 1000\n"))
    result = run("drift", "--from", str(SAVED), cwd=imported)
    assert (result.returncode, result.stdout) == (
        1,
        "licenses.yaml:33:11: error [drift-tier] SEN-L12345678: tier 1000 in licenses.yaml, but"
        " wiki/confluence-dc/details.json says 500 users\n"
        "1 error, 0 warnings of drift (4 licenses in licenses.yaml)\n",
    )


def changed_sample(tmp_path: Path, relative: str, change: dict[str, Any]) -> Path:
    folder = tmp_path / "saved"
    shutil.copytree(SAVED, folder)
    sample = folder / relative
    sample.write_text(json.dumps({**json.loads(sample.read_text()), **change}))
    return folder


def test_a_date_changed_in_the_instance_is_exactly_one_drift(imported: Path, tmp_path: Path) -> None:
    folder = changed_sample(tmp_path, "wiki/confluence-dc/details.json", {"expiryDate": 1853884800000})
    result = run("drift", "--from", str(folder), cwd=imported)
    assert (result.returncode, result.stdout) == (
        1,
        "licenses.yaml:32:13: error [drift-renews] SEN-L12345678: renews 2027-09-30 in licenses.yaml, but"
        " wiki/confluence-dc/details.json says it expires 2028-09-30\n"
        "1 error, 0 warnings of drift (4 licenses in licenses.yaml)\n",
    )


def test_evaluation_and_deployment_drift(imported: Path, tmp_path: Path) -> None:
    folder = changed_sample(tmp_path, "prod-jira/upm/com.example.app.json", {"evaluation": True, "dataCenter": True})
    result = run("drift", "--from", str(folder), "--format", "json", cwd=imported)
    found = [(f["rule"], f["line"], f["license"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert result.returncode == 1
    assert found == [
        (
            "drift-type",
            36,
            "SEN-16421878",
            "type commercial in licenses.yaml, but prod-jira/upm/com.example.app.json says evaluation",
        ),
        (
            "drift-deployment",
            38,
            "SEN-16421878",
            "deployment server in licenses.yaml, but prod-jira/upm/com.example.app.json says data-center",
        ),
    ]


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (449, None),
        (
            450,
            "licenses.yaml:33:11: warning [drift-usage] SEN-L12345678: 450 users count towards a 500-user tier"
            " (wiki/confluence-dc/details.json): 90%, at or above policy.tier_usage_warning (90%)",
        ),
        (
            501,
            "licenses.yaml:33:11: error [drift-usage] SEN-L12345678: 501 users count towards a 500-user tier"
            " (wiki/confluence-dc/details.json): over the tier, a Data Center product stops adding users or goes"
            " read-only; buy the next tier or remove users",
        ),
    ],
)
def test_usage_against_the_tier(imported: Path, tmp_path: Path, used: int, expected: str | None) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(SAVED, folder)
    (folder / "wiki/confluence-dc/userCount.json").write_text(f"{used}\n")
    result = run("drift", "--from", str(folder), cwd=imported)
    lines = result.stdout.splitlines()
    assert lines[:-1] == ([] if expected is None else [expected])
    assert result.returncode == (1 if used > 500 else 0)


def test_the_usage_warning_comes_from_a_policy_file_as_check_reads_it(imported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    shutil.copytree(SAVED, folder)
    (folder / "wiki/confluence-dc/userCount.json").write_text("400\n")
    inventory = imported / "licenses.yaml"
    inventory.write_text(inventory.read_text().replace("policy:\n  allowed_domains: [example.com]\n", "", 1))
    (imported / "policy.yaml").write_text("policy:\n  allowed_domains: [example.com]\n  tier_usage_warning: 80\n")
    result = run("drift", "--from", str(folder), "--policy", "policy.yaml", cwd=imported)
    assert (result.returncode, result.stdout.splitlines()[0]) == (
        0,
        "licenses.yaml:31:11: warning [drift-usage] SEN-L12345678: 400 users count towards a 500-user tier"
        " (wiki/confluence-dc/details.json): 80%, at or above policy.tier_usage_warning (80%)",
    )
    without = run("drift", "--from", str(folder), cwd=imported)
    assert (without.returncode, without.stdout) == (0, NO_DRIFT)


def test_jira_users_come_from_the_application_role(imported: Path, tmp_path: Path) -> None:
    folder = changed_sample(tmp_path, "prod-jira/jira-dc/jira-software.role.json", {"userCount": 10001})
    result = run("drift", "--from", str(folder), cwd=imported)
    assert (result.returncode, result.stdout.splitlines()[0]) == (
        1,
        "licenses.yaml:16:11: error [drift-usage] SEN-2454822: 10001 users count towards a 10000-user tier"
        " (prod-jira/jira-dc/jira-software.json): over the tier, a Data Center product stops adding users or goes"
        " read-only; buy the next tier or remove users",
    )
    (folder / "prod-jira/jira-dc/jira-software.json").unlink()
    result = run("drift", "--from", str(folder), cwd=imported)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: prod-jira/jira-dc/jira-software.role.json: the role of jira-software without its license"
        " (jira-software.json)\n",
    )


def test_missing_on_either_side_are_findings(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY.replace("SEN-2454822", "SEN-7654321"))
    folder = tmp_path / "saved"
    shutil.copytree(SAVED / "prod-jira", folder / "prod-jira")
    result = run("drift", "--from", str(folder), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "licenses.yaml:12:3: error [drift-missing-in-inventory] SEN-2454822: prod-jira/jira-dc/jira-software.json"
        " reports SEN-2454822 (Jira Software, server), which licenses.yaml does not list: add it (licensegate import)",
        "licenses.yaml:12:3: error [drift-missing-in-inventory] SEN-16421878: prod-jira/upm/com.example.app.json"
        " reports SEN-16421878 (com.example.app, server), which licenses.yaml does not list: add it"
        " (licensegate import)",
        "licenses.yaml:12:5: error [drift-missing-in-instance] SEN-7654321: no instance read reports this license:"
        " it expired or was replaced, or its instance is missing from the instances read",
        "3 errors, 0 warnings of drift (2 licenses in licenses.yaml)",
    ]


@pytest.mark.parametrize("output_format", ["github", "sarif", "junit", "gitlab", "bitbucket"])
def test_every_check_format_renders_drift(imported: Path, tmp_path: Path, output_format: str) -> None:
    folder = changed_sample(tmp_path, "wiki/confluence-dc/details.json", {"maximumNumberOfUsers": 250})
    result = run("drift", "--from", str(folder), "--format", output_format, cwd=imported)
    assert result.returncode == 1
    assert "drift-tier" in result.stdout


# --- Bad input: one line naming the file and the record, exit 2 ----------------------------------


@pytest.mark.parametrize(
    ("source", "name", "content", "message"),
    [
        (
            "jira-dc",
            "jira-software.json",
            (DATA / "atlassian/kb-jira-application-license.json").read_text(),
            "jira-software.json: supportEntitlementNumber is missing, not a SEN (SEN-12345678) or an Entitlement"
            " number (E-3XJ-WYD-KA7-HBJ): it cannot be matched with licenses.yaml",
        ),
        (
            "jira-dc",
            "license.json",
            "{}",
            "license.json: name the file after the application whose license it holds: jira-software.json,"
            " jira-servicedesk.json, jira-core.json (and <application>.role.json)",
        ),
        (
            "jira-dc",
            "jira-core.json",
            "[1]",
            "jira-core.json: not a Jira application license"
            " (GET /rest/plugins/applications/1.0/installed/jira-core/license) or application role",
        ),
        (
            "upm",
            "com.example.app.json",
            '{"licenseType": "Commercial", "supportEntitlementNumber": "SEN-1234567", "expiryDate": "2027-01-01"}',
            'com.example.app.json: expiryDate is "2027-01-01", not a date in milliseconds since 1970',
        ),
        (
            "cloud-admin",
            "workspaces.json",
            '{"data": [{"id": "site", "attributes": {}}]}',
            "workspaces.json: data[0] (id site): id is 'site', not a cloud ID (a lower-case UUID)",
        ),
        (
            "cloud-admin",
            "workspaces.json",
            '{"errors": [{"status": "401"}]}',
            "workspaces.json: not a page of workspaces (POST /admin/v2/orgs/<orgId>/workspaces)",
        ),
        (
            "csv",
            "licenses.csv",
            "Product,Expires\nJira,2027-01-01\n",
            "licenses.csv: no column 'id' for id (the header has 'Product', 'Expires'): see --column",
        ),
        (
            "confluence-dc",
            "details.json",
            "true",
            "details.json: not Confluence's license details"
            " (GET /rest/license/1.0/license/details) nor its user count (GET /rest/license/1.0/license/userCount)",
        ),
    ],
)
def test_unusable_responses_are_one_line_exit_2(
    tmp_path: Path, source: str, name: str, content: str, message: str
) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    (tmp_path / name).write_text(content)
    result = run("import", source, name, "--technical-contact", "atlassian-admins@example.com", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"licensegate: {message}\n")
    assert (tmp_path / "licenses.yaml").read_text() == INVENTORY


def test_csv_with_a_column_mapping(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    result = run(
        "import",
        "csv",
        str(DATA / "atlassian/licenses.csv"),
        "--column",
        "id=License Number",
        "--column",
        "deployment=Hosting",
        "--column",
        "tier=Users",
        "--check",
        cwd=tmp_path,
    )
    assert result.stderr.splitlines()[0] == (
        "licensegate: SEN-L12345678: not in licenses.yaml, and instances do not report contacts:"
        " give --technical-contact ADDRESS for the new entries"
    )
    result = run(
        "import",
        "csv",
        str(DATA / "atlassian/licenses.csv"),
        "--column",
        "id=License Number",
        "--column",
        "deployment=Hosting",
        "--column",
        "tier=Users",
        "--column",
        "expires=Expires",
        "--technical-contact",
        "atlassian-admins@example.com",
        "--check",
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (
        1,
        "SEN-2454822: renews 2027-01-31 -> 2099-12-07\nSEN-2454822: tier 250 -> 10000\n"
        "added SEN-L12345678 (Confluence, data-center)\n",
    )


# --- --fetch: a real HTTP server on 127.0.0.1 ------------------------------------------------------


class Instances(http.server.ThreadingHTTPServer):
    """Serves the saved samples at their real paths; ``faults`` (path -> list of actions, used up
    one a request) makes a path answer 401, 500, slowly or with the wrong shape first."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Path] = {
            "/jira/rest/plugins/applications/1.0/installed/jira-software/license": SAVED
            / "prod-jira/jira-dc/jira-software.json",
            "/jira/rest/api/2/applicationrole/jira-software": SAVED / "prod-jira/jira-dc/jira-software.role.json",
            "/jira/rest/plugins/1.0/com.example.app-key/license": SAVED / "prod-jira/upm/com.example.app.json",
            "/wiki/rest/license/1.0/license/details": SAVED / "wiki/confluence-dc/details.json",
            "/wiki/rest/license/1.0/license/userCount": SAVED / "wiki/confluence-dc/userCount.json",
            "/admin/v2/orgs/0d2a1b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d/workspaces": SAVED / "org/cloud-admin/workspaces.json",
        }
        self.faults: dict[str, list[str]] = {}
        self.seen: list[tuple[str, str, str | None]] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a slow answer: nothing to report

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Instances

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.send_error(401, "Unauthorized")
            return
        faults = self.server.faults.get(self.path) or []
        fault = faults.pop(0) if faults else None
        if fault == "500":
            self.send_error(500, "Internal Server Error")
            return
        if fault == "401":
            self.send_error(401, "Unauthorized")
            return
        if fault == "slow":
            time.sleep(1.5)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        body = b'{"unexpected": true}' if fault == "shape" else route.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        assert json.loads(self.rfile.read(length)) == {"limit": 100}
        self._answer()


@pytest.fixture
def server() -> Iterator[Instances]:
    instances = Instances()
    thread = threading.Thread(target=instances.serve_forever, daemon=True)
    thread.start()
    try:
        yield instances
    finally:
        instances.shutdown()
        instances.server_close()


def instances_file(folder: Path, url: str) -> None:
    (folder / "instances.yaml").write_text(
        f"""\
instances:
  - name: prod-jira
    source: jira-dc
    url: {url}/jira
    token_env: JIRA_TOKEN
  - name: prod-jira
    source: upm
    url: {url}/jira
    token_env: JIRA_TOKEN
    apps: [com.example.app]
  - name: wiki
    source: confluence-dc
    url: {url}/wiki
    token_env: JIRA_TOKEN
  - name: org
    source: cloud-admin
    url: {url}
    token_env: JIRA_TOKEN
    org_id: 0d2a1b3c-4e5f-4a6b-8c7d-9e0f1a2b3c4d
"""
    )


def test_fetch_gives_what_the_saved_folder_gives(imported: Path, server: Instances, tmp_path: Path) -> None:
    instances_file(imported, server.url)
    folder = tmp_path / "saved"
    shutil.copytree(SAVED, folder)
    for variant in ({}, {"maximumNumberOfUsers": 250}):
        (folder / "wiki/confluence-dc/details.json").write_text(
            json.dumps({**json.loads((SAVED / "wiki/confluence-dc/details.json").read_text()), **variant})
        )
        server.routes["/wiki/rest/license/1.0/license/details"] = folder / "wiki/confluence-dc/details.json"
        for output_format in ("text", "json", "sarif"):
            fetched = run("drift", "--fetch", "--format", output_format, cwd=imported, env={"JIRA_TOKEN": TOKEN})
            saved = run("drift", "--from", str(folder), "--format", output_format, cwd=imported)
            assert (fetched.returncode, fetched.stdout, fetched.stderr) == (saved.returncode, saved.stdout, "")
            assert fetched.returncode == (1 if variant else 0)
    assert fetched.stdout.count("drift-tier") >= 1
    assert {method for method, _, _ in server.seen} == {"GET", "POST"}


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (
            "401",
            "prod-jira: GET {url}/jira/rest/plugins/applications/1.0/installed/jira-software/license: 401 Unauthorized:"
            " the credentials in JIRA_TOKEN are not accepted",
        ),
        (
            "shape",
            "prod-jira/jira-dc/jira-software.json: not a license (no maximumNumberOfUsers or licenseType)",
        ),
        (
            "slow",
            "prod-jira: GET {url}/jira/rest/plugins/applications/1.0/installed/jira-software/license: no answer"
            " within 0.5 s, 3 attempts",
        ),
        (
            "500 500 500",
            "prod-jira: GET {url}/jira/rest/plugins/applications/1.0/installed/jira-software/license:"
            " 500 Internal Server Error, 3 attempts",
        ),
    ],
)
def test_fetch_failures_name_the_instance_never_the_token(
    imported: Path, server: Instances, fault: str, message: str
) -> None:
    instances_file(imported, server.url)
    path = "/jira/rest/plugins/applications/1.0/installed/jira-software/license"
    server.faults[path] = fault.split() * (3 if fault == "slow" else 1)
    result = run("drift", "--fetch", "--timeout", "0.5", cwd=imported, env={"JIRA_TOKEN": TOKEN})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"licensegate: {message.format(url=server.url)}\n"
    assert TOKEN not in result.stderr


def test_a_500_then_200_is_retried(imported: Path, server: Instances) -> None:
    instances_file(imported, server.url)
    path = "/wiki/rest/license/1.0/license/details"
    server.faults[path] = ["500"]
    result = run("drift", "--fetch", cwd=imported, env={"JIRA_TOKEN": TOKEN})
    assert (result.returncode, result.stdout, result.stderr) == (0, NO_DRIFT, "")
    assert [seen for seen in server.seen if seen[1] == path] == [("GET", path, f"Bearer {TOKEN}")] * 2


def test_a_wrong_token_is_a_401(imported: Path, server: Instances) -> None:
    instances_file(imported, server.url)
    result = run("drift", "--fetch", cwd=imported, env={"JIRA_TOKEN": "wrong"})
    assert result.returncode == 2
    assert "401 Unauthorized: the credentials in JIRA_TOKEN are not accepted" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "http://jira.example.com",
            "instances.yaml: instances[0] (prod-jira): url 'http://jira.example.com': https:// only (http:// only to"
            " 127.0.0.1, ::1 or localhost)",
        ),
        (
            "https://admin:pw@jira.example.com",
            "instances.yaml: instances[0] (prod-jira): url holds credentials: name the token's variable in"
            " token_env instead",
        ),
    ],
)
def test_urls_are_https_or_loopback(imported: Path, url: str, message: str) -> None:
    (imported / "instances.yaml").write_text(
        f"instances:\n  - name: prod-jira\n    source: jira-dc\n    url: {url}\n    token_env: JIRA_TOKEN\n"
    )
    result = run("drift", "--fetch", cwd=imported, env={"JIRA_TOKEN": TOKEN})
    assert (result.returncode, result.stderr) == (2, f"licensegate: {message}\n")


def test_an_unset_token_variable_is_named(imported: Path, server: Instances) -> None:
    instances_file(imported, server.url)
    result = run("drift", "--fetch", cwd=imported)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: prod-jira: the environment variable JIRA_TOKEN (token_env) is not set\n",
    )


def test_an_unreachable_instance(imported: Path) -> None:
    (imported / "instances.yaml").write_text(
        "instances:\n  - name: gone\n    source: confluence-dc\n    url: http://127.0.0.1:9\n    token_env: T\n"
    )
    result = run("drift", "--fetch", "--timeout", "1", cwd=imported, env={"T": TOKEN})
    assert result.returncode == 2
    assert result.stderr.startswith(
        "licensegate: gone: GET http://127.0.0.1:9/rest/license/1.0/license/details: cannot reach it:"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give --from DIR (saved responses) or --fetch (the live instances), one of them"),
        (["--from", "x", "--fetch"], "give --from DIR (saved responses) or --fetch (the live instances), one of them"),
        (["--from", "nowhere"], "nowhere: no such folder"),
        (["--fetch", "--timeout", "0"], "'0' is not a number of seconds between 0 and 3600"),
    ],
)
def test_drift_usage_errors(imported: Path, args: list[str], message: str) -> None:
    result = run("drift", *args, cwd=imported)
    assert (result.returncode, result.stderr) == (2, f"licensegate: {message}\n")


def test_the_readme_daily_recipe_runs_as_written(imported: Path, server: Instances) -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```yaml\nname: drift\n") + len("```yaml\n")
    workflow = yaml.safe_load(readme[start : readme.index("```", start)])
    assert workflow[True] == {"schedule": [{"cron": "17 6 * * *"}], "workflow_dispatch": None}  # YAML 1.1: on
    (step,) = [s for s in workflow["jobs"]["drift"]["steps"] if "licensegate drift" in s.get("run", "")]
    assert step["env"] == {name: f"${{{{ secrets.{name} }}}}" for name in step["env"]}
    instances_file(imported, server.url)
    env = {name: TOKEN for name in step["env"]}
    env["PATH"] = f"{Path(licensegate_command()[0]).parent}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(
        ["sh", "-c", step["run"]], cwd=imported, env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")
    (imported / "licenses.yaml").write_text((imported / "licenses.yaml").read_text().replace("tier: 500", "tier: 50"))
    result = subprocess.run(
        ["sh", "-c", step["run"]], cwd=imported, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=licenses.yaml,line=33,col=11,title=drift-tier::SEN-L12345678: ")


# --- import keeps every byte it does not change ----------------------------------------------------


def csv_import(folder: Path, rows: str, *args: str) -> Any:
    (folder / "export.csv").write_text("id,product,deployment,expires,tier,type,cloud_id\n" + rows)
    return run("import", "csv", "export.csv", *args, cwd=folder)


def test_a_key_the_entry_lacks_goes_below_its_id(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(
        "version: 1\nlicenses:\n  -   id: SEN-1234567   # the old Jira\n      product: Jira\n"
        "      deployment: data-center\n      renews: 2027-01-01\n      technical_contact: a@example.com\n"
    )
    result = csv_import(tmp_path, "SEN-1234567,,,,250,academic,\n")
    assert (result.returncode, result.stdout) == (
        0,
        "SEN-1234567: tier (none) -> 250\nSEN-1234567: type commercial -> academic\n",
    )
    assert (tmp_path / "licenses.yaml").read_text() == (
        "version: 1\nlicenses:\n  -   id: SEN-1234567   # the old Jira\n      tier: 250\n      type: academic\n"
        "      product: Jira\n      deployment: data-center\n      renews: 2027-01-01\n"
        "      technical_contact: a@example.com\n"
    )


def test_line_ends_and_a_byte_order_mark_are_kept(tmp_path: Path) -> None:
    original = '\ufeffversion: 1\r\nlicenses:\r\n  - id: SEN-1234567\r\n    renews: "2027-01-01"\r\n'
    (tmp_path / "licenses.yaml").write_bytes(original.encode())
    result = csv_import(
        tmp_path,
        "SEN-1234567,,,2028-01-01,,,\nSEN-7654321,Confluence,cloud,2027-05-01,,,\n",
        "--technical-contact",
        "a@example.com",
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "licenses.yaml").read_bytes() == (
        '\ufeffversion: 1\r\nlicenses:\r\n  - id: SEN-1234567\r\n    renews: "2028-01-01"\r\n'
        "  - id: SEN-7654321\r\n    product: Confluence\r\n    deployment: cloud\r\n    renews: 2027-05-01\r\n"
        "    technical_contact: a@example.com\r\n"
    ).encode()


def test_a_flow_style_entry_is_edited_through_ruamel(tmp_path: Path) -> None:
    original = (
        "version: 1\nlicenses:\n"
        "  - {id: SEN-1234567, product: Jira Software, deployment: data-center, renews: 2027-01-01}   # prod\n"
        "  - {id: SEN-7654321, product: Confluence, deployment: data-center, renews: 2027-01-01}   # wiki\n"
        "# Waivers go below.\n"
    )
    (tmp_path / "licenses.yaml").write_text(original)
    # A value that is there is changed in the text, as in a block-style entry.
    result = csv_import(tmp_path, "SEN-1234567,,,2028-01-01,,,\n")
    assert (result.returncode, result.stdout) == (0, "SEN-1234567: renews 2027-01-01 -> 2028-01-01\n")
    assert (tmp_path / "licenses.yaml").read_text() == original.replace(
        "renews: 2027-01-01}   # prod", "renews: 2028-01-01}   # prod"
    )
    # A key the entry lacks: ruamel.yaml adds it after the id, in flow style; only that line changes.
    result = csv_import(tmp_path, "SEN-1234567,,,,250,academic,\n")
    assert (result.returncode, result.stdout) == (
        0,
        "SEN-1234567: tier (none) -> 250\nSEN-1234567: type commercial -> academic\n",
    )
    assert (tmp_path / "licenses.yaml").read_text() == (
        "version: 1\nlicenses:\n"
        "  - {id: SEN-1234567, tier: 250, type: academic, product: Jira Software, deployment: data-center,"
        " renews: 2028-01-01} # prod\n"
        "  - {id: SEN-7654321, product: Confluence, deployment: data-center, renews: 2027-01-01}   # wiki\n"
        "# Waivers go below.\n"
    )


def test_a_value_over_several_lines_is_rewritten_through_ruamel(tmp_path: Path) -> None:
    original = (
        "version: 1\nlicenses:\n"
        "  - id: SEN-1234567\n    product: Jira Software\n    deployment: data-center\n"
        "    type: >-\n      academic\n"
        "    renews: '2027-01-01'   # the quote says so\n"
        "    notes: >-\n      Bought in 2024 for the support team,\n      renewed with the Jira licenses.\n"
        "    technical_contact: a@example.com\n"
        "\n  - id: SEN-7654321\n    product: Confluence\n"
    )
    (tmp_path / "licenses.yaml").write_text(original)
    result = csv_import(tmp_path, "SEN-1234567,,,2028-02-02,,evaluation,\n")
    assert (result.returncode, result.stdout) == (
        0,
        "SEN-1234567: renews 2027-01-01 -> 2028-02-02\nSEN-1234567: type academic -> evaluation\n",
    )
    assert (tmp_path / "licenses.yaml").read_text() == original.replace(
        "      academic\n", "      evaluation\n"
    ).replace("'2027-01-01'", "'2028-02-02'")


def test_crlf_and_a_byte_order_mark_through_ruamel(tmp_path: Path) -> None:
    original = '\ufeffversion: 1\r\nlicenses: [{id: SEN-1234567, renews: "2027-01-01"}]\r\n# Waivers go below.\r\n'
    (tmp_path / "licenses.yaml").write_bytes(original.encode())
    result = csv_import(
        tmp_path,
        "SEN-1234567,,,2028-01-01,,,\nSEN-7654321,Confluence,cloud,2027-05-01,,,\n",
        "--technical-contact",
        "a@example.com",
    )
    assert (result.returncode, result.stdout) == (
        0,
        "SEN-1234567: renews 2027-01-01 -> 2028-01-01\nadded SEN-7654321 (Confluence, cloud)\n",
    )
    assert (tmp_path / "licenses.yaml").read_bytes() == (
        '\ufeffversion: 1\r\nlicenses: [{id: SEN-1234567, renews: "2028-01-01"}, {id: SEN-7654321, product: Confluence,'
        " deployment: cloud, renews: 2027-05-01, technical_contact: a@example.com}]\r\n# Waivers go below.\r\n"
    ).encode()


@pytest.mark.parametrize(
    ("original", "line"),
    [
        # ruamel.yaml writes a flow list without the spaces inside its brackets.
        ("version: 1\npolicy:\n  allowed_domains: [ example.com ]\nlicenses:\n  - {id: SEN-1234567}\n", 3),
        # Two lists indented differently: ruamel.yaml indents every list alike.
        (
            "version: 1\nmailboxes:\n- address: a@example.com\n  members: [b@example.com, c@example.com]\n"
            "licenses:\n  - {id: SEN-1234567}\n",
            3,
        ),
        ("version : 1\nlicenses:\n  - {id: SEN-1234567}\n", 1),
    ],
)
def test_ruamel_may_not_change_any_other_line(tmp_path: Path, original: str, line: int) -> None:
    (tmp_path / "licenses.yaml").write_text(original)
    result = csv_import(tmp_path, "SEN-1234567,,,,250,,\n")
    position = original[: original.index("{")].count("\n") + 1
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"licensegate: licenses.yaml:{position}:5: SEN-1234567's entry is in flow style ({{...}}),"
        f" and ruamel.yaml would also change line {line}: make the change by hand\n",
    )
    assert (tmp_path / "licenses.yaml").read_text() == original


@pytest.mark.parametrize(
    ("new", "regions", "expected"),
    [
        ("a\nB\nc\n", [(1, 1)], None),  # line 2 may change
        ("a\nB\nB2\nc\n", [(1, 2)], None),  # and become two lines
        ("A\nB\nc\n", [(1, 1)], 1),
        ("a\nB\nc\r\n", [(1, 1)], 3),  # a line end is part of the line
        ("a\nB\nc\nd\n", [(1, 1)], 4),  # a line added after the last one
        ("a\nB\n", [(1, 1)], 3),  # the last line lost
    ],
)
def test_the_guard_compares_every_line_outside_the_edit(
    new: str, regions: list[tuple[int, int]], expected: int | None
) -> None:
    from checker.instances.roundtrip import first_difference

    assert first_difference("a\nb\nc\n", new, [(1, 1)], regions) == expected


def test_an_inventory_written_as_json_is_left_to_the_hand(tmp_path: Path) -> None:
    original = '{"version": 1, "licenses": [{"id": "SEN-1234567", "renews": "2027-01-01"}]}\n'
    (tmp_path / "licenses.yaml").write_text(original)
    result = csv_import(tmp_path, "SEN-1234567,,,2028-01-01,,,\n")
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: licenses.yaml: written as JSON, which import does not edit: make the changes by hand\n",
    )
    assert (tmp_path / "licenses.yaml").read_text() == original


def test_an_empty_licenses_key_takes_new_entries(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text("version: 1\nlicenses:   # none yet\nwaivers: []\n")
    result = csv_import(
        tmp_path, "SEN-7654321,Confluence,cloud,2027-05-01,,,\n", "--technical-contact", "a@example.com"
    )
    assert (result.returncode, result.stdout) == (0, "added SEN-7654321 (Confluence, cloud)\n")
    assert (tmp_path / "licenses.yaml").read_text() == (
        "version: 1\nlicenses:   # none yet\n  - id: SEN-7654321\n    product: Confluence\n    deployment: cloud\n"
        "    renews: 2027-05-01\n    technical_contact: a@example.com\nwaivers: []\n"
    )


STARTER_ENTRIES = """\
licenses:
  - id: SEN-2454822
    product: Jira Software
    deployment: server
    renews: 2099-12-07
    tier: 10000
    technical_contact: atlassian-admins@example.com
  - id: SEN-L12345678
    product: Confluence
    deployment: data-center
    renews: 2027-09-30
    tier: 500
    technical_contact: atlassian-admins@example.com
  - id: SEN-16421878
    product: com.example.app
    deployment: server
    renews: 2027-03-31
    tier: 10000
    technical_contact: atlassian-admins@example.com
"""


def test_the_init_starter_takes_the_imported_licenses(tmp_path: Path) -> None:
    assert run("init", "--domain", "example.com", cwd=tmp_path).returncode == 0
    starter = (tmp_path / "licenses.yaml").read_text()
    assert starter.count("\nlicenses: []\n") == 1
    import_all(tmp_path)
    # licenses: [] became the list (through ruamel.yaml), then the text edit added to it; every
    # comment of the starter is where it was.
    assert (tmp_path / "licenses.yaml").read_text() == starter.replace("\nlicenses: []\n", "\n" + STARTER_ENTRIES)


def test_a_filled_in_starter_with_imported_licenses_passes_check(tmp_path: Path) -> None:
    assert run("init", "--domain", "example.com", cwd=tmp_path).returncode == 0
    path = tmp_path / "licenses.yaml"
    mailbox = (
        "mailboxes:\n  - address: atlassian-admins@example.com\n    description: Atlassian administrators\n"
        "    members: [alice.martin@example.com, bob.chen@example.com]\n"
    )
    starter = path.read_text()
    filled = starter.replace("".join(f"# {line}\n" for line in mailbox.splitlines()), mailbox).replace(
        "  # min_backup_contacts: 1 ", "  min_backup_contacts: 0   "
    )
    assert filled.count("\n") == starter.count("\n")
    assert filled != starter
    path.write_text(filled)
    result = run(
        "import",
        "confluence-dc",
        str(SAVED / "wiki/confluence-dc/details.json"),
        str(SAVED / "wiki/confluence-dc/userCount.json"),
        "--technical-contact",
        "atlassian-admins@example.com",
        cwd=tmp_path,
    )
    assert (result.returncode, result.stdout) == (0, "added SEN-L12345678 (Confluence, data-center)\n")
    assert path.read_text() == filled.replace(
        "\nlicenses: []\n",
        "\nlicenses:\n  - id: SEN-L12345678\n    product: Confluence\n    deployment: data-center\n"
        "    renews: 2027-09-30\n    tier: 500\n    technical_contact: atlassian-admins@example.com\n",
    )
    check = run("check", "--today", "2026-11-26", cwd=tmp_path)
    assert (check.returncode, check.stdout) == (0, "0 errors, 0 warnings in 1 file\n")


def test_data_from_an_instance_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text("version: 1\nlicenses:\n  - id: SEN-1234567\n    renews: 2027-01-01\n")
    result = csv_import(
        tmp_path, 'SEN-7654321,"Jira\x1b[31m: evil # x",cloud,2027-05-01,,,\n', "--technical-contact", "a@example.com"
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert result.stdout == "added SEN-7654321 (Jira\\x1b[31m: evil # x, cloud)\n"
    assert '    product: "Jira\\u001b[31m: evil # x"\n' in (tmp_path / "licenses.yaml").read_text()


def test_an_inventory_with_problems_is_not_edited(tmp_path: Path) -> None:
    original = "version: 1\nlicenses:\n  - id: SEN-1234567\n    id: SEN-1234567\n"
    (tmp_path / "licenses.yaml").write_text(original)
    result = csv_import(tmp_path, "SEN-1234567,,,2028-01-01,,,\n")
    assert result.returncode == 2
    assert result.stderr.startswith("licensegate: licenses.yaml: fix the inventory first (4:5: [duplicate-key] ")
    assert (tmp_path / "licenses.yaml").read_text() == original


def test_check_does_not_import_the_instance_modules(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text("version: 1\nlicenses: []\n")
    probe = (
        "import sys\nfrom checker import entry\ncode = entry.run(['check', 'licenses.yaml'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('checker.instances', 'ruamel'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "[]"

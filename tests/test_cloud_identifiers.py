"""Cloud licenses identified by their Entitlement number, with their site's cloud ID.

Atlassian is replacing the SEN for cloud products and apps with the Entitlement number, shown in
admin.atlassian.com; the published example is ``E-3XJ-WYD-KA7-HBJ`` (Atlassian Developer
Community, "Changes to SEN availability in Connect app install payload", which points to
"Introducing new cloud identifiers"). A cloud-only inventory must work everywhere a SEN does.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.reporters import REPORTERS
from tests.conftest import dedent, run, where
from tests.test_git import commit_all, git
from tests.test_reporters import junit_schema, sarif_validator

JIRA = "E-3XJ-WYD-KA7-HBJ"
TEMPO = "E-4KQ-8ZT-M2P-77C"
SITE = "8d2b2e4c-52bd-4bde-8e4a-41a6e0b6c1d0"
TODAY = ["--today", "2026-11-26"]

CLOUD = dedent(
    f"""
    version: 1
    policy:
      allowed_domains: [example.com]
    mailboxes:
      - address: atlassian-admins@example.com
        members: [alice.martin@example.com, bob.chen@example.com]
    people:
      - email: alice.martin@example.com
        name: Alice Martin
      - email: bob.chen@example.com
        name: Bob Chen
    licenses:
      - id: {JIRA}
        product: Jira
        deployment: cloud
        cloud_id: {SITE}
        site: example.atlassian.net
        tier: 500
        renews: 2027-09-30
        technical_contact: atlassian-admins@example.com
        backup_contacts: [alice.martin@example.com]
      - id: {TEMPO}
        product: Tempo Timesheets
        app_of: {JIRA}
        deployment: cloud
        cloud_id: {SITE}
        tier: 500
        renews: 2027-09-30
        technical_contact: atlassian-admins@example.com
        backup_contacts: [bob.chen@example.com]
    """
)
# The app's backup contact is an outside address: one finding on an Entitlement-numbered license.
OUTSIDE = CLOUD.replace("backup_contacts: [bob.chen@example.com]", "backup_contacts: [bob.chen@example.org]")


def edit(old: str, new: str, text: str = CLOUD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def retier(license: str, tier: int, text: str = CLOUD) -> str:
    """TEXT with the tier of LICENSE's entry (and no other) set to TIER."""
    before, entry = text.split(f"- id: {license}\n")
    return f"{before}- id: {license}\n" + entry.replace("tier: 500", f"tier: {tier}", 1)


@pytest.fixture
def cloud(tmp_path: Path) -> Path:
    (tmp_path / "licenses.yaml").write_text(CLOUD)
    return tmp_path


@pytest.mark.parametrize("name", REPORTERS.names)
def test_a_cloud_only_inventory_passes_in_every_format(cloud: Path, name: str) -> None:
    done = run("check", *TODAY, "--format", name, "licenses.yaml", cwd=cloud)
    assert (done.returncode, done.stderr) == (0, "")
    if name == "text":
        assert done.stdout == "0 errors, 0 warnings in 1 file\n"
    if name == "junit":
        cases = [case.get("name") for case in ET.fromstring(done.stdout).iter("testcase")]
        assert cases == [JIRA, TEMPO]


def test_a_finding_names_the_entitlement_number_in_every_format(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(OUTSIDE)
    line = (
        f"licenses.yaml:30:23: error [email-domain] {TEMPO}: 'bob.chen@example.org' is outside the allowed domains"
        " (example.com): license mail would leave the company"
    )
    text = run("check", *TODAY, "licenses.yaml", cwd=tmp_path)
    assert (text.returncode, text.stdout) == (1, f"{line}\n1 error, 0 warnings in 1 file\n")

    sarif = json.loads(run("check", *TODAY, "-f", "sarif", "licenses.yaml", cwd=tmp_path).stdout)
    sarif_validator().validate(sarif)
    [result] = sarif["runs"][0]["results"]
    assert result["message"]["text"].startswith(f"{TEMPO}: ")

    junit = run("check", *TODAY, "-f", "junit", "licenses.yaml", cwd=tmp_path).stdout
    junit_schema().validate(junit)
    failing = [case.get("name") for case in ET.fromstring(junit).iter("testcase") if case.find("failure") is not None]
    assert failing == [TEMPO]

    github = run("check", *TODAY, "-f", "github", "licenses.yaml", cwd=tmp_path).stdout
    assert github.splitlines()[0].startswith(
        f"::error file=licenses.yaml,line=30,col=23,title=email-domain::{TEMPO}: 'bob.chen@example.org'"
    )


def test_a_waiver_names_a_license_by_its_entitlement_number(tmp_path: Path) -> None:
    alone = edit("    backup_contacts: [bob.chen@example.com]\n", "")
    (tmp_path / "licenses.yaml").write_text(alone)
    done = run("check", *TODAY, "licenses.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout.split(" [")[1].split("]")[0]) == (1, "backup-contact")
    waived = alone + dedent(
        f"""
        waivers:
          - rule: backup-contact
            license: {TEMPO}
            reason: The second Tempo administrator starts in January.
            owner: atlassian-admins@example.com
            expires: 2027-01-31
        """
    )
    (tmp_path / "licenses.yaml").write_text(waived)
    done = run("check", *TODAY, "licenses.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "0 errors, 0 warnings in 1 file; 1 waived\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Capitals are part of the number: the finding says how to write it.
        (
            edit(f"id: {TEMPO}", "id: e-4kq-8zt-m2p-77c"),
            '\'id\' must be a SEN ("SEN-", an optional "L", then 6 to 10 digits) or an Entitlement number'
            " (such as E-3XJ-WYD-KA7-HBJ), got 'e-4kq-8zt-m2p-77c' (did you mean 'E-4KQ-8ZT-M2P-77C'?)",
        ),
        # Three groups, a group of four, a SEN's digits after E-: none is an Entitlement number.
        (edit(f"id: {TEMPO}", "id: E-4KQ-8ZT-M2P"), "got 'E-4KQ-8ZT-M2P'"),
        (edit(f"id: {TEMPO}", "id: E-4KQ-8ZT-M2P-77CC"), "got 'E-4KQ-8ZT-M2P-77CC'"),
        (edit(f"id: {TEMPO}", "id: E-12345678"), "got 'E-12345678'"),
        (edit(f"app_of: {JIRA}", "app_of: E-3XJ-WYD-KA7"), "'app_of' must be a SEN"),
        (
            edit(f"cloud_id: {SITE}\n    site:", "cloud_id: example.atlassian.net\n    site:"),
            "'cloud_id' must be a cloud ID",
        ),
    ],
)
def test_a_malformed_identifier_is_a_schema_finding(text: str, expected: str) -> None:
    from tests.conftest import findings

    messages = [finding.message for finding in findings(text) if finding.rule == "schema"]
    assert len(messages) == 1
    assert expected in messages[0]


def test_a_cloud_id_on_a_data_center_license_is_one_finding() -> None:
    text = edit(
        "deployment: cloud\n    cloud_id: " + SITE + "\n    site:",
        "deployment: data-center\n    cloud_id: nope\n    site:",
    )
    from tests.conftest import findings

    [finding] = [finding for finding in findings(text) if finding.rule == "schema"]
    assert (finding.line, finding.column, finding.message) == (
        16,
        15,
        "'cloud_id' must be left out: only a cloud license (deployment: cloud) has a site cloud ID, got 'nope'",
    )


def test_an_entitlement_number_declared_twice_and_an_app_below_its_host() -> None:
    text = edit(f"id: {TEMPO}", f"id: {JIRA}")
    assert ("duplicate-license", 22, 9) in where(text)
    below = retier(TEMPO, 250)
    assert where(below) == [("app-tier", 27, 11)]


def test_renewals_in_every_format(cloud: Path) -> None:
    done = run("renewals", "--today", "2027-09-01", "licenses.yaml", cwd=cloud)
    assert done.stdout.splitlines() == [
        "licenses.yaml: renewals within 60 days of 2027-09-01",
        f"2027-09-30 (in 29 days) warning {JIRA} Jira [cloud, tier 500] technical contact"
        " atlassian-admins@example.com; backups alice.martin@example.com",
        f"2027-09-30 (in 29 days) warning {TEMPO} Tempo Timesheets [cloud, tier 500] technical contact"
        " atlassian-admins@example.com; backups bob.chen@example.com",
    ]
    markdown = run("renewals", "--today", "2027-09-01", "-f", "markdown", "licenses.yaml", cwd=cloud).stdout
    assert f"| 2027-09-30 | in 29 days | {JIRA} | Jira | cloud | 500 |" in markdown
    as_json = json.loads(run("renewals", "--today", "2027-09-01", "-f", "json", "licenses.yaml", cwd=cloud).stdout)
    assert [renewal["license"] for renewal in as_json["renewals"]] == [JIRA, TEMPO]
    calendar = run("renewals", *TODAY, "-f", "ics", "licenses.yaml", cwd=cloud).stdout.splitlines()
    assert [line for line in calendar if line.startswith("UID:")] == [
        f"UID:{JIRA}-2027-09-30@licensegate",
        f"UID:{TEMPO}-2027-09-30@licensegate",
    ]


def test_history_follows_a_license_by_its_entitlement_number(cloud: Path) -> None:
    git(cloud, "init", "-q", "-b", "main")
    commit_all(cloud, "Add the cloud licenses")
    (cloud / "licenses.yaml").write_text(retier(JIRA, 1000))
    commit_all(cloud, "Jira to 1000 users")
    done = run("history", "--license", JIRA.lower(), "-f", "json", cwd=cloud)
    events = json.loads(done.stdout)
    assert [(event["license"], event["change"], event.get("field")) for event in events] == [
        (JIRA, "changed", "tier"),
        (JIRA, "added", None),
    ]
    assert (events[0]["old"], events[0]["new"]) == (500, 1000)


def test_raising_the_tier_usage_warning_is_a_relaxation(cloud: Path) -> None:
    git(cloud, "init", "-q", "-b", "main")
    commit_all(cloud, "Add the cloud licenses")
    (cloud / "licenses.yaml").write_text(
        edit("  allowed_domains: [example.com]\n", "  allowed_domains: [example.com]\n  tier_usage_warning: 99\n")
    )
    done = run("check", *TODAY, "--base", "HEAD", "licenses.yaml", cwd=cloud)
    assert done.returncode == 0
    assert "[policy-relaxed]" in done.stdout
    assert "tier_usage_warning" in done.stdout

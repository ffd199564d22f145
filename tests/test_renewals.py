"""`licensegate renewals`: the window, the order, the reports, and the calendar feed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import VALID, run

LICENSE = """\
  - id: {sen}
    product: {product}
    deployment: cloud
    tier: 100
    renews: {renews}
    technical_contact: atlassian-admins@example.com
    backup_contacts: [bob.chen@example.com]
"""
# With --today 2027-01-01: SEN-12345678 renews 2027-09-30 (272 days), the others as named.
DATES = {
    "SEN-20000001": ("Confluence", "2027-03-02"),  # 60 days: inside the default window, the edge
    "SEN-20000002": ("Bitbucket", "2027-03-03"),  # 61 days: outside
    "SEN-20000003": ("Opsgenie", "2026-12-30"),  # overdue by 2 days
    "SEN-20000004": ("Statuspage", "2027-01-15"),  # 14 days: error level
    "SEN-20000005": ("Jira Service Management", "2027-01-01"),  # today
}
INVENTORY = VALID + "".join(
    LICENSE.format(sen=sen, product=product, renews=renews) for sen, (product, renews) in DATES.items()
)
TODAY = "2027-01-01"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "licenses.yaml"
    target.write_text(INVENTORY)
    return target


def renewals(path: Path, *args: str) -> list[tuple[str, int, str]]:
    result = run("renewals", str(path), "--format", "json", *args)
    assert (result.returncode, result.stderr) == (0, "")
    return [(r["license"], r["days"], r["level"]) for r in json.loads(result.stdout)["renewals"]]


def test_default_window_is_the_warning_horizon_soonest_first(path: Path) -> None:
    assert renewals(path, "--today", TODAY) == [
        ("SEN-20000003", -2, "error"),
        ("SEN-20000005", 0, "error"),
        ("SEN-20000004", 14, "error"),
        ("SEN-20000001", 60, "warning"),
    ]


@pytest.mark.parametrize(
    ("within", "expected"),
    [
        ("0", ["SEN-20000003", "SEN-20000005"]),
        ("13", ["SEN-20000003", "SEN-20000005"]),
        ("14", ["SEN-20000003", "SEN-20000005", "SEN-20000004"]),
        ("61", ["SEN-20000003", "SEN-20000005", "SEN-20000004", "SEN-20000001", "SEN-20000002"]),
    ],
)
def test_within(path: Path, within: str, expected: list[str]) -> None:
    assert [sen for sen, _, _ in renewals(path, "--today", TODAY, "--within", within)] == expected


def test_json(path: Path) -> None:
    result = run("renewals", str(path), "--format", "json", "--today", TODAY, "--within", "0")
    document = json.loads(result.stdout)
    assert document == {
        "file": str(path),
        "today": "2027-01-01",
        "within": 0,
        "renewals": [
            {
                "license": "SEN-20000003",
                "product": "Opsgenie",
                "deployment": "cloud",
                "tier": 100,
                "renews": "2026-12-30",
                "days": -2,
                "overdue": True,
                "level": "error",
                "technical_contact": "atlassian-admins@example.com",
                "backup_contacts": ["bob.chen@example.com"],
            },
            {
                "license": "SEN-20000005",
                "product": "Jira Service Management",
                "deployment": "cloud",
                "tier": 100,
                "renews": "2027-01-01",
                "days": 0,
                "overdue": False,
                "level": "error",
                "technical_contact": "atlassian-admins@example.com",
                "backup_contacts": ["bob.chen@example.com"],
            },
        ],
    }


def test_text(path: Path) -> None:
    result = run("renewals", "licenses.yaml", "--today", TODAY, "--within", "14", cwd=path.parent)
    assert result.stdout == (
        "licenses.yaml: renewals within 14 days of 2027-01-01\n"
        "OVERDUE 2026-12-30 (overdue by 2 days) error SEN-20000003 Opsgenie [cloud, tier 100]"
        " technical contact atlassian-admins@example.com; backups bob.chen@example.com\n"
        "2027-01-01 (today) error SEN-20000005 Jira Service Management [cloud, tier 100]"
        " technical contact atlassian-admins@example.com; backups bob.chen@example.com\n"
        "2027-01-15 (in 14 days) error SEN-20000004 Statuspage [cloud, tier 100]"
        " technical contact atlassian-admins@example.com; backups bob.chen@example.com\n"
    )
    nothing = run("renewals", "licenses.yaml", "--today", "2026-01-01", cwd=path.parent)
    assert nothing.stdout == "licenses.yaml: renewals within 60 days of 2026-01-01\nnone\n"


def test_markdown_is_a_table(path: Path) -> None:
    result = run("renewals", "licenses.yaml", "--today", TODAY, "--format", "markdown", cwd=path.parent)
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "### licenses.yaml: renewals within 60 days of 2027-01-01",
        "",
        "| Renews | When | License | Product | Deployment | Tier | Technical contact | Backups |",
        "|---|---|---|---|---|---|---|---|",
    ]
    assert lines[4:] == [
        "| 2026-12-30 | **overdue by 2 days** | SEN-20000003 | Opsgenie | cloud | 100 |"
        " atlassian-admins@example.com | bob.chen@example.com |",
        "| 2027-01-01 | **today** | SEN-20000005 | Jira Service Management | cloud | 100 |"
        " atlassian-admins@example.com | bob.chen@example.com |",
        "| 2027-01-15 | **in 14 days** | SEN-20000004 | Statuspage | cloud | 100 |"
        " atlassian-admins@example.com | bob.chen@example.com |",
        "| 2027-03-02 | in 60 days | SEN-20000001 | Confluence | cloud | 100 |"
        " atlassian-admins@example.com | bob.chen@example.com |",
    ]
    assert all(line.count("|") == 9 for line in lines[2:])


def calendar(path: Path, *args: str) -> Calendar:
    result = run("renewals", str(path), "--format", "ics", *args)
    assert (result.returncode, result.stderr) == (0, "")
    return Calendar.from_ical(result.stdout)


def test_calendar_has_every_renewal_with_alarms_and_attendees(path: Path) -> None:
    parsed = calendar(path, "--today", TODAY)
    events = list(parsed.walk("VEVENT"))
    assert [str(event["UID"]) for event in events] == [
        "SEN-20000003-2026-12-30@licensegate",
        "SEN-20000005-2027-01-01@licensegate",
        "SEN-20000004-2027-01-15@licensegate",
        "SEN-20000001-2027-03-02@licensegate",
        "SEN-20000002-2027-03-03@licensegate",
        "SEN-12345678-2027-09-30@licensegate",
    ]
    jira = events[-1]
    assert jira.decoded("DTSTART") == datetime.date(2027, 9, 30)
    assert jira.decoded("DTEND") == datetime.date(2027, 10, 1)
    assert str(jira["SUMMARY"]) == "Renew SEN-12345678: Jira Software (cloud, tier 500)"
    attendees = jira["ATTENDEE"]
    assert isinstance(attendees, list)  # a repeated property is a list, which icalendar's annotation does not say
    assert [(str(a), a.params["ROLE"], a.params["CN"]) for a in attendees] == [
        ("mailto:atlassian-admins@example.com", "REQ-PARTICIPANT", "atlassian-admins@example.com"),
        ("mailto:alice.martin@example.com", "OPT-PARTICIPANT", "Alice Martin"),
    ]
    alarms = list(jira.walk("VALARM"))
    assert [alarm.decoded("TRIGGER") for alarm in alarms] == [
        datetime.timedelta(days=-60),
        datetime.timedelta(days=-14),
    ]
    assert all(str(alarm["ACTION"]) == "DISPLAY" for alarm in alarms)


def test_calendar_is_stable_across_runs(path: Path) -> None:
    first = run("renewals", str(path), "--format", "ics", "--today", TODAY).stdout
    assert run("renewals", str(path), "--format", "ics", "--today", TODAY).stdout == first
    later = calendar(path, "--today", "2027-02-01")
    assert {str(e["UID"]) for e in later.walk("VEVENT")} == {
        str(e["UID"]) for e in Calendar.from_ical(first).walk("VEVENT")
    }


@pytest.mark.parametrize("today", ["2026-12-01", "2027-01-01", "2027-01-16", "2027-03-02", "2027-08-01"])
def test_the_report_agrees_with_check(path: Path, today: str) -> None:
    listed = {(sen, level) for sen, _, level in renewals(path, "--today", today)}
    result = run("check", str(path), "--format", "json", "--today", today)
    found = {
        (f["license"], f["severity"]) for f in json.loads(result.stdout)["findings"] if f["rule"] == "renewal-horizon"
    }
    assert listed == found


def test_unreadable_inventory(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text("licenses: [\n")
    result = run("renewals", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("licensegate: licenses.yaml is not a readable inventory: 2:1: [yaml-syntax]")
    assert run("renewals", "missing.yaml", cwd=tmp_path).stderr == "licensegate: missing.yaml: no such file\n"


def test_calendar_of_the_last_day_there_is(tmp_path: Path) -> None:
    path = tmp_path / "licenses.yaml"
    path.write_text(VALID.replace("renews: 2027-09-30", 'renews: "9999-12-31"'))
    (event,) = calendar(path, "--today", TODAY).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(9999, 12, 31)
    assert "DTEND" not in event  # one day, said by DTSTART alone


def test_only_dates_the_schema_accepts_are_renewals(tmp_path: Path) -> None:
    path = tmp_path / "licenses.yaml"
    path.write_text(VALID.replace("renews: 2027-09-30", "renews: 2027-W01-1"))
    for output_format in ("text", "json", "markdown", "ics"):
        listed = run("renewals", "licenses.yaml", "--format", output_format, "--within", "400", cwd=tmp_path)
        assert (listed.returncode, listed.stdout, listed.stderr) == (
            1,
            "",
            "licensegate: licenses.yaml: SEN-12345678: renews '2027-W01-1' is not a date (YYYY-MM-DD);"
            " fix it, then run renewals again\n",
        )
    result = run("check", str(path), "--format", "json", "--today", "2026-12-31")
    assert [(f["rule"], f["pointer"]) for f in json.loads(result.stdout)["findings"]] == [
        ("schema", "/licenses/0/renews")
    ]


def test_within_widens_the_list_not_the_levels(path: Path) -> None:
    assert renewals(path, "--today", TODAY, "--within", "400") == [
        ("SEN-20000003", -2, "error"),
        ("SEN-20000005", 0, "error"),
        ("SEN-20000004", 14, "error"),
        ("SEN-20000001", 60, "warning"),
        ("SEN-20000002", 61, "ok"),
        ("SEN-12345678", 272, "ok"),
    ]
    text = run("renewals", "licenses.yaml", "--today", TODAY, "--within", "61", cwd=path.parent).stdout
    assert text.splitlines()[-1] == (
        "2027-03-03 (in 61 days) ok SEN-20000002 Bitbucket [cloud, tier 100]"
        " technical contact atlassian-admins@example.com; backups bob.chen@example.com"
    )
    table = run(
        "renewals", "licenses.yaml", "--today", TODAY, "--within", "61", "--format", "markdown", cwd=path.parent
    )
    assert table.stdout.splitlines()[-1] == (
        "| 2027-03-03 | in 61 days (ok) | SEN-20000002 | Bitbucket | cloud | 100 |"
        " atlassian-admins@example.com | bob.chen@example.com |"
    )


def test_a_license_without_a_renewal_date_stops_the_report(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(INVENTORY + "  - id: SEN-20000009\n    product: Jira\n")
    result = run("renewals", "--today", TODAY, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "licensegate: licenses.yaml: SEN-20000009: renews is missing; fix it, then run renewals again\n",
    )

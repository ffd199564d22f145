"""``licensegate who``: the offboarding checklist, and who holds licenses alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run
from tests.test_directory import INVENTORY, PEOPLE

WAIVER = """\
waivers:
  - rule: backup-contact
    license: SEN-12345678
    reason: Hiring a second administrator
    expires: 2026-12-31
    owner: amartin@example.com
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "licenses.yaml").write_text(INVENTORY + WAIVER)
    (tmp_path / "people.yaml").write_text(PEOPLE)
    return tmp_path


def test_every_place_a_person_is_reached(folder: Path) -> None:
    result = run("who", "amartin@example.com", cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "alice.martin@example.com: Alice Martin, active; also amartin@example.com\n"
        "license mail reaches them in 4 places:\n"
        "licenses.yaml:11:24: SEN-12345678 Jira Software: technical contact through 'atlassian-admins@example.com'\n"
        "    here: remove them from the group 'Atlassian admins' in the identity provider (it feeds"
        " 'atlassian-admins@example.com'), then import\n"
        "    My Atlassian: nothing while 'atlassian-admins@example.com' stays the technical contact of SEN-12345678\n"
        "    without them the license reaches 2 active people\n"
        "licenses.yaml:12:23: SEN-12345678 Jira Software: backup contact\n"
        "    here: replace 'alice.martin@example.com' with a colleague under backup_contacts\n"
        "    My Atlassian: remove them as a technical contact of SEN-12345678 and add their replacement\n"
        "    without them the license reaches 2 active people\n"
        "people.yaml:16:15: directory: member of 'atlassian-admins@example.com'\n"
        "    here: remove them from the group 'Atlassian admins' in the identity provider (it feeds"
        " 'atlassian-admins@example.com'), then import\n"
        "licenses.yaml:18:12: SEN-12345678: waiver owner\n"
        "    here: give the waiver for backup-contact a new owner\n"
    )


def test_json_names_each_place(folder: Path) -> None:
    result = run("who", "bob.chen@example.com", "licenses.yaml", "--format", "json", cwd=folder)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["person"] == {
        "email": "bob.chen@example.com",
        "name": "Bob Chen",
        "team": None,
        "aliases": [],
        "status": "active",
    }
    assert [
        (a["file"], a["line"], a["column"], a["role"], a["mailbox"], a["through"]) for a in report["appearances"]
    ] == [
        ("licenses.yaml", 11, 24, "technical contact", None, ["atlassian-admins@example.com"]),
        ("people.yaml", 16, 41, "mailbox member", "atlassian-admins@example.com", []),
    ]
    assert report["appearances"][0]["reach_without"] == 2


def test_someone_nothing_reaches(folder: Path) -> None:
    result = run("who", "zoe.quinn@example.com", cwd=folder)
    assert (result.returncode, result.stdout) == (
        0,
        "zoe.quinn@example.com: not in the directory\nno license mail reaches them\n",
    )


def test_at_risk_lists_who_holds_a_license_alone(folder: Path) -> None:
    people = folder / "people.yaml"
    people.write_text(people.read_text().replace(", deepak.rao@example.com]", "]"))  # the mailbox: Alice and Bob
    result = run("who", "--at-risk", "licenses.yaml", cwd=folder)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "alice.martin@example.com (Alice Martin): 1 license would fall below min_reach\n"
        "  licenses.yaml:6:5: SEN-12345678 Jira Software (reaches 2, min_reach 2; the others: bob.chen@example.com)\n"
        "bob.chen@example.com (Bob Chen): 1 license would fall below min_reach\n"
        "  licenses.yaml:6:5: SEN-12345678 Jira Software (reaches 2, min_reach 2;"
        " the others: alice.martin@example.com)\n"
    )
    report = json.loads(run("who", "--at-risk", "--format", "json", cwd=folder).stdout)
    assert report["min_reach"] == 2
    assert [(p["person"], [e["license"] for e in p["licenses"]]) for p in report["at_risk"]] == [
        ("alice.martin@example.com", ["SEN-12345678"]),
        ("bob.chen@example.com", ["SEN-12345678"]),
    ]


def test_at_risk_lists_licenses_already_below_first(folder: Path) -> None:
    inventory = folder / "licenses.yaml"
    inventory.write_text(
        inventory.read_text().replace(
            "  allowed_domains: [example.com]\n", "  allowed_domains: [example.com]\n  min_reach: 5\n"
        )
    )
    result = run("who", "--at-risk", cwd=folder)
    assert result.stdout.splitlines() == [
        "1 license already reach fewer than min_reach:",
        "  licenses.yaml:7:5: SEN-12345678 reaches 3: alice.martin@example.com, bob.chen@example.com,"
        " deepak.rao@example.com",
        "no one's departure alone would leave a license below min_reach",
    ]


def test_data_cannot_write_to_the_terminal(folder: Path) -> None:
    people = folder / "people.yaml"
    people.write_text(people.read_text().replace("name: Bob Chen", 'name: "Bob\\e[2J\\nChen"'))
    result = run("who", "bob.chen@example.com", cwd=folder)
    assert result.stdout.splitlines()[0] == "bob.chen@example.com: Bob\\x1b[2J\\nChen, active"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "licensegate: who takes an ADDRESS, or --at-risk (not both)\n"),
        (
            ("a@example.com", "--at-risk", "licenses.yaml"),
            "licensegate: who takes an ADDRESS, or --at-risk (not both)\n",
        ),
    ],
)
def test_usage(folder: Path, args: tuple[str, ...], message: str) -> None:
    result = run("who", *args, cwd=folder)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


def test_an_unreadable_directory_is_named(folder: Path) -> None:
    (folder / "people.yaml").write_text("version: 1\npeople: [\n")
    result = run("who", "bob.chen@example.com", cwd=folder)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "licensegate: licenses.yaml is not a readable inventory: people.yaml:3:1: [yaml-syntax]"
    )

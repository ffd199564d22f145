"""The directory file an inventory names (``directory: people.yaml``): read, placed, trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import ROOT, VALID, run
from tests.test_git import TODAY, commit_all, commit_with_hooks, future, git, push

INVENTORY = """\
version: 1
policy:
  allowed_domains: [example.com]
directory: people.yaml
licenses:
  - id: SEN-12345678
    product: Jira Software
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]
"""
PEOPLE = """\
# Written by licensegate directory import
version: 1
people:
  - email: alice.martin@example.com
    name: Alice Martin
    aliases: [amartin@example.com]
  - email: bob.chen@example.com
    name: Bob Chen
  - email: carla.diaz@example.com
    name: Carla Diaz
  - email: deepak.rao@example.com
    name: Deepak Rao
mailboxes:
  - address: atlassian-admins@example.com
    group: Atlassian admins
    members: [alice.martin@example.com, bob.chen@example.com, deepak.rao@example.com]
"""


def write(folder: Path, inventory: str = INVENTORY, people: str | None = PEOPLE) -> Path:
    (folder / "licenses.yaml").write_text(inventory)
    if people is not None:
        (folder / "people.yaml").write_text(people)
    return folder


def check(folder: Path, *args: str) -> tuple[int, list[tuple[str, int, int, str, str]]]:
    result = run("check", "--format", "json", *TODAY, *args, cwd=folder)
    assert result.stderr == ""
    found = json.loads(result.stdout)["findings"]
    return result.returncode, [(f["file"], f["line"], f["column"], f["rule"], f["message"]) for f in found]


def test_a_clean_inventory_with_a_directory_file(tmp_path: Path) -> None:
    assert check(write(tmp_path), "licenses.yaml") == (0, [])


def test_a_departure_in_the_directory_file_is_caught_at_the_contact(tmp_path: Path) -> None:
    write(tmp_path, people=PEOPLE.replace("    name: Alice Martin\n", "    name: Alice Martin\n    status: departed\n"))
    assert check(tmp_path, "licenses.yaml") == (
        1,
        [
            (
                "licenses.yaml",
                12,
                23,
                "departed-contact",
                "backup contact 'alice.martin@example.com' has departed: replace them here and in My Atlassian",
            ),
            (
                "people.yaml",
                17,
                15,
                "departed-contact",
                "member of 'atlassian-admins@example.com' 'alice.martin@example.com' has departed:"
                " remove them from the group 'Atlassian admins' in the identity provider, then import again",
            ),
        ],
    )


def test_an_alias_is_the_same_person(tmp_path: Path) -> None:
    departed = PEOPLE.replace("    name: Alice Martin\n", "    name: Alice Martin\n    status: departed\n")
    write(tmp_path, INVENTORY.replace("[alice.martin@example.com]", "[amartin@example.com]"), departed)
    code, found = check(tmp_path, "licenses.yaml")
    assert (code, found[0][:4]) == (1, ("licenses.yaml", 12, 23, "departed-contact"))
    assert "'amartin@example.com' has departed" in found[0][4]
    # Active: the alias is known (no unknown-contact), and alias plus email are one backup, not two.
    two = INVENTORY.replace("[alice.martin@example.com]", "[amartin@example.com, Alice.Martin@example.com]")
    write(
        tmp_path,
        two.replace(
            "  allowed_domains: [example.com]\n", "  allowed_domains: [example.com]\n  min_backup_contacts: 2\n"
        ),
        PEOPLE,
    )
    assert check(tmp_path, "licenses.yaml") == (
        1,
        [
            (
                "licenses.yaml",
                13,
                22,
                "backup-contact",
                "has 1 distinct backup contact besides the technical contact, fewer than 2 (min_backup_contacts):"
                " add more",
            )
        ],
    )


def test_findings_in_the_directory_file_are_placed_there(tmp_path: Path) -> None:
    people = PEOPLE.replace("    name: Bob Chen\n", "    name: Bob Chen\n    name: Robert Chen\n    shoe_size: 44\n")
    people = people.replace("version: 1\n", "version: 1\nextra: {}\n")
    write(tmp_path, people=people)
    assert check(tmp_path, "licenses.yaml") == (
        1,
        [
            (
                "people.yaml",
                3,
                1,
                "schema",
                "'extra' is not a directory section: a directory file holds 'version', 'people' and 'mailboxes'",
            ),
            (
                "people.yaml",
                10,
                5,
                "duplicate-key",
                "key 'name' is repeated (first at line 9): YAML readers keep only one of them, delete the other",
            ),
            (
                "people.yaml",
                11,
                5,
                "schema",
                "unknown key 'shoe_size'; allowed: email, name, status, team, aliases",
            ),
        ],
    )


def test_the_inventory_cannot_also_declare_people(tmp_path: Path) -> None:
    own = VALID[VALID.index("mailboxes:") : VALID.index("licenses:")]
    write(tmp_path, INVENTORY.replace("directory: people.yaml\n", "directory: people.yaml\n" + own))
    assert check(tmp_path, "licenses.yaml") == (
        1,
        [
            ("licenses.yaml", 5, 1, "schema", "the mailboxes come from people.yaml: remove this 'mailboxes' section"),
            ("licenses.yaml", 8, 1, "schema", "the people come from people.yaml: remove this 'people' section"),
        ],
    )


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ("staff.yaml", "the directory file cannot be read: staff.yaml: no such file"),
        ("../people.yaml", "the directory file cannot be read: ../people.yaml: outside {root}:"),
    ],
)
def test_a_directory_file_that_cannot_be_read_is_a_finding(tmp_path: Path, named: str, message: str) -> None:
    folder = tmp_path / "inventory"
    folder.mkdir()
    write(folder, INVENTORY.replace("directory: people.yaml", f"directory: {named}"))
    (tmp_path / "people.yaml").write_text(PEOPLE)  # outside the folder, which is in no repository
    code, found = check(folder, "licenses.yaml")
    assert (code, [f[:4] for f in found]) == (1, [("licenses.yaml", 4, 12, "schema")])
    assert found[0][4].startswith(message.format(root=folder))


def test_a_directory_file_must_stay_in_the_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", INVENTORY.replace("directory: people.yaml", "directory: ../people.yaml"), None)
    (tmp_path / "people.yaml").write_text(PEOPLE)
    assert check(tmp_path, "sub/licenses.yaml") == (0, [])  # inside the repository: fine
    commit_all(tmp_path, "An inventory in a folder, its directory at the top")
    assert check(tmp_path, "--base", "HEAD", "--head", "HEAD", "sub/licenses.yaml") == (0, [])


def test_a_directory_file_that_is_not_yaml_is_a_finding_there(tmp_path: Path) -> None:
    write(tmp_path, people="version: 1\npeople: [\n")
    code, found = check(tmp_path, "licenses.yaml")
    assert (code, [f[:4] for f in found]) == (1, [("people.yaml", 3, 1, "yaml-syntax")])


def test_schema_directory_prints_the_shipped_schema() -> None:
    result = run("schema", "--directory")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (ROOT / "schema" / "directory.schema.json").read_text()
    schema = json.loads(result.stdout)
    assert schema["required"] == ["version"]
    assert sorted(schema["properties"]) == ["mailboxes", "people", "version"]
    assert "aliases" in schema["properties"]["people"]["items"]["properties"]


# -- Change mode: the directory file read at both revisions ----------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    departed = PEOPLE.replace("    name: Carla Diaz\n", "    name: Carla Diaz\n    status: departed\n")
    write(tmp_path, people=departed)
    commit_all(tmp_path, "Inventory with a directory file")
    return tmp_path


def test_a_change_cannot_bring_back_someone_who_departed(repo: Path) -> None:
    people = repo / "people.yaml"
    people.write_text(people.read_text().replace("    status: departed\n", ""))
    inventory = repo / "licenses.yaml"
    inventory.write_text(INVENTORY.replace("[alice.martin@example.com]", "[carla.diaz@example.com]"))
    code, found = check(repo, "--base", "HEAD", "licenses.yaml")
    assert code == 1
    assert [f[:4] for f in found] == [
        ("licenses.yaml", 12, 23, "departed-contact"),
        ("people.yaml", 9, 12, "policy-relaxed"),
    ]
    assert found[1][4] == (
        "'carla.diaz@example.com' departed at the base and is no longer marked departed: still judged departed"
    )


def test_a_change_cannot_point_the_inventory_at_another_directory(repo: Path) -> None:
    (repo / "staff.yaml").write_text(PEOPLE)  # Carla active here
    inventory = repo / "licenses.yaml"
    inventory.write_text(
        INVENTORY.replace("people.yaml", "staff.yaml").replace("[alice.martin@example.com]", "[carla.diaz@example.com]")
    )
    code, found = check(repo, "--base", "HEAD", "licenses.yaml")
    assert (code, [f[:4] for f in found]) == (
        1,
        [
            ("licenses.yaml", 4, 12, "policy-relaxed"),
            ("licenses.yaml", 12, 23, "departed-contact"),
            ("staff.yaml", 9, 12, "policy-relaxed"),
        ],
    )
    assert found[0][4] == (
        "the directory moved from the directory file 'people.yaml' to 'staff.yaml': whoever had departed there"
        " is still judged departed"
    )


def test_the_staged_directory_file_is_what_is_judged(repo: Path) -> None:
    people = repo / "people.yaml"
    good = people.read_text()
    people.write_text(good.replace("    name: Alice Martin\n", "    name: Alice Martin\n    status: departed\n"))
    git(repo, "add", "people.yaml")
    people.write_text(good)  # the working tree is fine; what is staged is not
    code, found = check(repo, "--base", "HEAD", "--head", ":", "--all")
    assert (code, [f[:4] for f in found]) == (
        1,
        [("licenses.yaml", 12, 23, "departed-contact"), ("people.yaml", 18, 15, "departed-contact")],
    )


def test_the_plain_hook_runs_when_only_the_directory_file_changes(repo: Path) -> None:
    shutil.copy(ROOT / "hooks" / "pre-commit", repo / ".git" / "hooks" / "pre-commit")
    inventory = repo / "licenses.yaml"
    inventory.write_text(INVENTORY.replace("renews: 2027-09-30", f"renews: {future(365)}"))
    commit_all(repo, "Renewal a year away")
    people = repo / "people.yaml"
    people.write_text(
        people.read_text().replace("    name: Alice Martin\n", "    name: Alice Martin\n    status: departed\n")
    )
    result = commit_with_hooks(repo, "Alice left")
    assert result.returncode == 1
    assert (
        "licenses.yaml:12:23: error [departed-contact] SEN-12345678: backup contact 'alice.martin@example.com'"
        in result.stderr
    )


def test_a_push_that_only_changes_the_directory_file_is_judged(tmp_path: Path) -> None:
    bare = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    shutil.copy(ROOT / "hooks" / "pre-receive", bare / "hooks" / "pre-receive")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    write(clone, INVENTORY.replace("renews: 2027-09-30", f"renews: {future(365)}"))
    commit_all(clone, "Inventory")
    assert push(clone, "main").returncode == 0
    people = clone / "people.yaml"
    people.write_text(
        people.read_text().replace("    name: Alice Martin\n", "    name: Alice Martin\n    status: departed\n")
    )
    commit_all(clone, "Alice left")
    result = push(clone, "main")
    assert result.returncode == 1
    assert "remote: licensegate: refs/heads/main: licenses.yaml" in result.stderr
    assert "[departed-contact] SEN-12345678: backup contact 'alice.martin@example.com' has departed" in result.stderr


def test_what_the_loader_finds_in_a_policy_file_is_placed_there(tmp_path: Path) -> None:
    write(tmp_path, INVENTORY.replace("policy:\n  allowed_domains: [example.com]\n", ""))
    (tmp_path / "policy.yaml").write_text(
        "version: 1\npolicy:\n  allowed_domains: [example.com]\n  min_reach: 2\n  min_reach: 0\n"
    )
    assert check(tmp_path, "--policy", "policy.yaml", "licenses.yaml") == (
        1,
        [
            (
                "policy.yaml",
                5,
                3,
                "duplicate-key",
                "key 'min_reach' is repeated (first at line 4): YAML readers keep only one of them, delete the other",
            )
        ],
    )


def test_the_calendar_names_attendees_from_the_directory_file(tmp_path: Path) -> None:
    write(tmp_path)
    result = run("renewals", "--format", "ics", *TODAY, cwd=tmp_path)
    assert result.returncode == 0
    (event,) = Calendar.from_ical(result.stdout).walk("VEVENT")
    attendees = event["ATTENDEE"]
    assert isinstance(attendees, list)  # a repeated property is a list, which icalendar's annotation does not say
    assert [(str(a), a.params["CN"]) for a in attendees] == [
        ("mailto:atlassian-admins@example.com", "atlassian-admins@example.com"),
        ("mailto:alice.martin@example.com", "Alice Martin"),
    ]
    (tmp_path / "people.yaml").unlink()
    result = run("renewals", *TODAY, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: licenses.yaml: its directory cannot be read: licenses.yaml:4:12: [schema] the directory file"
        " cannot be read: people.yaml: no such file\n",
    )


def test_an_address_belongs_to_one_person(tmp_path: Path) -> None:
    people = PEOPLE.replace(
        "    name: Bob Chen\n", "    name: Bob Chen\n    aliases: [AMartin@example.com, atlassian-admins@example.com]\n"
    )
    write(tmp_path, people=people)
    assert check(tmp_path, "licenses.yaml") == (
        1,
        [
            (
                "people.yaml",
                9,
                15,
                "duplicate-entry",
                "alias 'AMartin@example.com' is already alice.martin@example.com's address: an address belongs to"
                " one person",
            ),
            (
                "people.yaml",
                15,
                14,
                "mailbox-structure",
                "mailbox 'atlassian-admins@example.com' is also declared as a person: a team mailbox is a shared"
                " address, not one person's inbox",
            ),
        ],
    )


def test_a_finding_in_the_directory_file_has_its_repository_path_in_sarif(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, people=PEOPLE.replace("    name: Bob Chen\n", "    name: Bob Chen\n    name: Robert Chen\n"))
    result = run("check", "--format", "sarif", *TODAY, "repo/licenses.yaml", cwd=tmp_path)
    assert result.returncode == 1
    (found,) = json.loads(result.stdout)["runs"][0]["results"]
    location = found["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"]) == ("people.yaml", 9)


def test_only_the_mailboxes_license_mail_reaches_are_judged(tmp_path: Path) -> None:
    # An identity provider has hundreds of groups; one nobody's license mail reaches is none of ours.
    people = PEOPLE.replace("    name: Carla Diaz\n", "    name: Carla Diaz\n    status: departed\n") + (
        "  - address: football@example.com\n"
        "    group: Five-a-side\n"
        "    members: [carla.diaz@example.com, fan@gmail.com]\n"
    )
    write(tmp_path, people=people)
    assert check(tmp_path, "licenses.yaml") == (0, [])
    # Once a license's mail reaches it, as a backup contact, every member is judged.
    write(
        tmp_path,
        INVENTORY.replace("[alice.martin@example.com]", "[alice.martin@example.com, football@example.com]"),
        people,
    )
    code, found = check(tmp_path, "licenses.yaml")
    assert (code, [f[:4] for f in found]) == (
        1,
        [("people.yaml", 20, 15, "departed-contact"), ("people.yaml", 20, 39, "email-domain")],
    )


def test_an_inventory_cannot_name_itself_as_its_directory(tmp_path: Path) -> None:
    # Its own people would then count as the directory's: the sections that are not a directory's say so.
    own = VALID[VALID.index("mailboxes:") : VALID.index("licenses:")]
    write(tmp_path, INVENTORY.replace("directory: people.yaml\n", "directory: licenses.yaml\n" + own), None)
    code, found = check(tmp_path, "licenses.yaml")
    assert code == 1
    assert [f[3:] for f in found if f[0] == "licenses.yaml" and f[1] in (2, 5, 13)][:3] == [
        ("schema", "'policy' is not a directory section: a directory file holds 'version', 'people' and 'mailboxes'"),
        ("schema", "the mailboxes come from licenses.yaml: remove this 'mailboxes' section"),
        ("schema", "'licenses' is not a directory section: a directory file holds 'version', 'people' and 'mailboxes'"),
    ]

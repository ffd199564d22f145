"""`licensegate history`: the audit trail from real git repositories with scripted histories."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import document
from checker.history import events as history_events
from checker.history import reader as history_reader
from tests.conftest import ROOT, dedent, run

BASE_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
ALICE = ("Alice Martin", "alice.martin@example.com")
BOB = ("Bob Chen", "bob.chen@example.com")
CARLA = ("Carla Diaz", "carla.diaz@example.com")

JIRA, CONFLUENCE, BITBUCKET = "SEN-12345678", "SEN-12345679", "SEN-12345680"
ADMINS, DEVTOOLS = "atlassian-admins@example.com", "devtools@example.com"
A, B, C = "alice.martin@example.com", "bob.chen@example.com", "carla.diaz@example.com"


def git(
    repo: Path,
    *args: str,
    who: tuple[str, str] = ALICE,
    committer: tuple[str, str] | None = None,
    when: str = "2026-01-01T00:00:00+00:00",
) -> str:
    """Git with fixed identities and dates and no user or system configuration."""
    committer = committer or who
    env = {
        **os.environ,
        **BASE_ENV,
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
        "GIT_COMMITTER_DATE": when,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(
    repo: Path, message: str, *, who: tuple[str, str], when: str, committer: tuple[str, str] | None = None
) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message, who=who, committer=committer, when=when)


def mailbox(address: str, *members: str) -> str:
    return f"  - address: {address}\n    members: [{', '.join(members)}]\n"


def person(email: str, name: str, status: str | None = None) -> str:
    return f"  - email: {email}\n    name: {name}\n" + (f"    status: {status}\n" if status else "")


def license_entry(
    sen: str,
    product: str,
    *,
    tier: int = 500,
    renews: str = "2027-09-30",
    contact: str = ADMINS,
    backups: tuple[str, ...] = (A,),
) -> str:
    return (
        f"  - id: {sen}\n    product: {product}\n    deployment: cloud\n    tier: {tier}\n    renews: {renews}\n"
        f"    technical_contact: {contact}\n    backup_contacts: [{', '.join(backups)}]\n"
    )


def inventory(mailboxes: list[str], people: list[str], licenses: list[str]) -> str:
    return (
        "version: 1\npolicy:\n  allowed_domains: [example.com]\n"
        f"mailboxes:\n{''.join(mailboxes)}people:\n{''.join(people)}licenses:\n{''.join(licenses)}"
    )


PEOPLE = [person(A, "Alice Martin"), person(B, "Bob Chen"), person(C, "Carla Diaz")]
JIRA_ENTRY = license_entry(JIRA, "Jira Software")
JIRA_RAISED = license_entry(JIRA, "Jira Software", tier=1000, renews="2028-09-30", backups=("Bob.Chen@example.com", A))
CONFLUENCE_ENTRY = license_entry(CONFLUENCE, "Confluence", backups=(B,))
CONFLUENCE_DEVTOOLS = license_entry(CONFLUENCE, "Confluence", contact=DEVTOOLS, backups=(B,))
CONFLUENCE_NO_BOB = license_entry(CONFLUENCE, "Confluence", contact=DEVTOOLS, backups=(C,))
BITBUCKET_ENTRY = license_entry(BITBUCKET, "Bitbucket", contact=DEVTOOLS, backups=(C,))
BROKEN = "version: 1\nlicenses: [\n"


def write(repo: Path, name: str, text: str) -> None:
    (repo / name).write_text(text)


@pytest.fixture(scope="module")
def audit_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine commits by three people: a rename, an unreadable revision, a side branch and a merge."""
    repo = tmp_path_factory.mktemp("audit") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    admins = mailbox(ADMINS, A, B)
    write(repo, "inventory.yaml", inventory([admins], PEOPLE, [JIRA_ENTRY, CONFLUENCE_ENTRY]))
    commit(repo, "Add the inventory", who=ALICE, when="2026-01-05T09:00:00+01:00")
    git(repo, "mv", "inventory.yaml", "licenses.yaml")
    commit(repo, "Move the inventory to licenses.yaml", who=BOB, when="2026-02-10T14:30:00-05:00")
    write(repo, "licenses.yaml", inventory([admins], PEOPLE, [JIRA_RAISED, CONFLUENCE_ENTRY]))
    commit(repo, "Raise the Jira tier\n\nApproved by procurement.", who=CARLA, when="2026-03-02T11:00:00+01:00")
    write(repo, "licenses.yaml", BROKEN)
    commit(repo, "WIP", who=ALICE, when="2026-03-03T08:00:00+01:00")
    # Fixed, Confluence moved above Jira (no change) and handed to the devtools mailbox.
    devtools = mailbox(DEVTOOLS, C, A)
    write(repo, "licenses.yaml", inventory([admins, devtools], PEOPLE, [CONFLUENCE_DEVTOOLS, JIRA_RAISED]))
    commit(repo, "Fix the file; Confluence goes to devtools", who=BOB, when="2026-03-04T16:45:00+01:00")
    git(repo, "checkout", "-q", "-b", "side")
    write(
        repo,
        "licenses.yaml",
        inventory([admins, devtools], PEOPLE, [CONFLUENCE_DEVTOOLS, JIRA_RAISED, BITBUCKET_ENTRY]),
    )
    commit(repo, "Add Bitbucket", who=CARLA, when="2026-03-10T10:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    departed = [person(A, "Alice Martin"), person(B, "Bob Chen", "departed"), person(C, "Carla Diaz")]
    write(
        repo,
        "licenses.yaml",
        inventory([mailbox(ADMINS, A, C), devtools], departed, [CONFLUENCE_NO_BOB, JIRA_RAISED]),
    )
    commit(repo, "Bob has left", who=ALICE, when="2026-03-11T09:00:00+01:00")
    git(repo, "merge", "-q", "--no-ff", "--no-commit", "side", when="2026-03-12T09:00:00+01:00")
    # The merge also changes a renewal date of its own (an "evil merge"): only it shows with --all-parents.
    jira_renewed = JIRA_RAISED.replace("renews: 2028-09-30", "renews: 2028-10-31")
    merged = inventory([mailbox(ADMINS, A, C), devtools], departed, [CONFLUENCE_NO_BOB, jira_renewed, BITBUCKET_ENTRY])
    write(repo, "licenses.yaml", merged)
    commit(repo, "Merge branch 'side'", who=ALICE, when="2026-03-12T09:00:00+01:00")
    write(
        repo,
        "licenses.yaml",
        inventory([mailbox(ADMINS, A, C), devtools], departed, [jira_renewed, BITBUCKET_ENTRY]),
    )
    commit(repo, "Retire Confluence", who=BOB, committer=ALICE, when="2026-04-01T12:00:00+02:00")
    return repo


def trail(repo: Path, *args: str) -> list[tuple[Any, ...]]:
    """The JSON events, each as (message, subject, change, field, old, new)."""
    result = run("history", "--format", "json", *args, cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")
    return [
        (
            event["message"],
            event["license"] or event["mailbox"] or event["person"],
            event["change"],
            event["field"],
            event["old"],
            event["new"],
        )
        for event in json.loads(result.stdout)
    ]


def added(sen: str, product: str, contact: str, backups: list[str], **changed: Any) -> dict[str, Any]:
    entry = {"id": sen, "product": product, "deployment": "cloud", "tier": 500, "renews": "2027-09-30"}
    return {**entry, "technical_contact": contact, "backup_contacts": backups, **changed}


def loader_problem(text: str) -> str:
    """How an unreadable revision is described: the loader's finding, as `diff` names it."""
    loaded = document.load(text.encode())
    assert loaded.document is None
    rule, problem = loaded.problems[-1]
    assert problem.position is not None
    return f"{problem.position[0]}:{problem.position[1]}: [{rule}] {problem.message}"


UNREADABLE = loader_problem(BROKEN)  # 3:1: [yaml-syntax] invalid YAML: ...
FIRST_PARENT = [
    ("Retire Confluence", CONFLUENCE, "removed", None, added(CONFLUENCE, "Confluence", DEVTOOLS, [C]), None),
    ("Merge branch 'side'", BITBUCKET, "added", None, None, added(BITBUCKET, "Bitbucket", DEVTOOLS, [C])),
    ("Merge branch 'side'", JIRA, "changed", "renews", "2028-09-30", "2028-10-31"),
    ("Bob has left", CONFLUENCE, "changed", "backup_contacts", [B], [C]),
    ("Bob has left", ADMINS, "changed", "members", [B], [C]),
    ("Bob has left", B, "changed", "status", "active", "departed"),
    ("Fix the file; Confluence goes to devtools", CONFLUENCE, "changed", "technical_contact", ADMINS, DEVTOOLS),
    (
        "Fix the file; Confluence goes to devtools",
        DEVTOOLS,
        "added",
        None,
        None,
        {"address": DEVTOOLS, "members": [C, A]},
    ),
    ("WIP", None, "unreadable", None, None, UNREADABLE),
    ("Raise the Jira tier", JIRA, "changed", "tier", 500, 1000),
    ("Raise the Jira tier", JIRA, "changed", "renews", "2027-09-30", "2028-09-30"),
    ("Raise the Jira tier", JIRA, "changed", "backup_contacts", [], ["Bob.Chen@example.com"]),
    ("Move the inventory to licenses.yaml", None, "renamed", None, "inventory.yaml", "licenses.yaml"),
    # The policy, key by key, and the people are part of the trail too.
    ("Add the inventory", None, "changed", "allowed_domains", [], ["example.com"]),
    ("Add the inventory", JIRA, "added", None, None, added(JIRA, "Jira Software", ADMINS, [A])),
    ("Add the inventory", CONFLUENCE, "added", None, None, added(CONFLUENCE, "Confluence", ADMINS, [B])),
    ("Add the inventory", ADMINS, "added", None, None, {"address": ADMINS, "members": [A, B]}),
    ("Add the inventory", A, "added", None, None, {"email": A, "name": "Alice Martin"}),
    ("Add the inventory", B, "added", None, None, {"email": B, "name": "Bob Chen"}),
    ("Add the inventory", C, "added", None, None, {"email": C, "name": "Carla Diaz"}),
]


def test_the_trail_follows_first_parents_renames_and_unreadable_revisions(audit_repo: Path) -> None:
    assert trail(audit_repo) == FIRST_PARENT


def test_all_parents_shows_each_side_and_only_the_merges_own_change(audit_repo: Path) -> None:
    events = trail(audit_repo, "--all-parents")
    merge = [event for event in events if event[0] == "Merge branch 'side'"]
    assert merge == [("Merge branch 'side'", JIRA, "changed", "renews", "2028-09-30", "2028-10-31")]
    side = [event for event in events if event[0] == "Add Bitbucket"]
    assert side == [("Add Bitbucket", BITBUCKET, "added", None, None, added(BITBUCKET, "Bitbucket", DEVTOOLS, [C]))]
    assert [event for event in events if event[0] not in ("Merge branch 'side'", "Add Bitbucket")] == [
        event for event in FIRST_PARENT if event[0] != "Merge branch 'side'"
    ]


def commit_keys(repo: Path, rev: str, who: tuple[str, str], date: str, message: str) -> dict[str, Any]:
    return {
        "commit": git(repo, "rev-parse", rev),
        "short": git(repo, "rev-parse", "--short", rev),
        "author": who[0],
        "email": who[1],
        "date": date,
        "message": message,
    }


def test_every_key_of_an_event(audit_repo: Path) -> None:
    result = run("history", "--format", "json", "--license", CONFLUENCE, "--field", "technical_contact", cwd=audit_repo)
    no_subject = {"mailbox": None, "person": None}
    assert json.loads(result.stdout) == [
        {
            **commit_keys(audit_repo, "HEAD", BOB, "2026-04-01T12:00:00+02:00", "Retire Confluence"),
            "license": CONFLUENCE,
            "change": "removed",  # with --field, a removed license shows that field's last value
            "field": "technical_contact",
            "old": DEVTOOLS,
            "new": None,
            **no_subject,
            "committer": "Alice Martin",
            "committer_email": A,
            "path": "licenses.yaml",
            "section": "licenses",
            "waiver": None,
        },
        {
            **commit_keys(
                audit_repo, "HEAD~3", BOB, "2026-03-04T16:45:00+01:00", "Fix the file; Confluence goes to devtools"
            ),
            "license": CONFLUENCE,
            "change": "changed",
            "field": "technical_contact",
            "old": ADMINS,
            "new": DEVTOOLS,
            **no_subject,
            "committer": "Bob Chen",
            "committer_email": B,
            "path": "licenses.yaml",
            "section": "licenses",
            "waiver": None,
        },
        {
            # The unreadable revision stays in view: what changed in it shows at the next readable one.
            **commit_keys(audit_repo, "HEAD~4", ALICE, "2026-03-03T08:00:00+01:00", "WIP"),
            "license": None,
            "change": "unreadable",
            "field": None,
            "old": None,
            "new": UNREADABLE,
            **no_subject,
            "committer": "Alice Martin",
            "committer_email": A,
            "path": "licenses.yaml",
            "section": None,
            "waiver": None,
        },
        {
            **commit_keys(audit_repo, "HEAD~7", ALICE, "2026-01-05T09:00:00+01:00", "Add the inventory"),
            "license": CONFLUENCE,
            "change": "added",  # and an added one its first value
            "field": "technical_contact",
            "old": None,
            "new": ADMINS,
            **no_subject,
            "committer": "Alice Martin",
            "committer_email": A,
            "path": "inventory.yaml",
            "section": "licenses",
            "waiver": None,
        },
    ]


def test_text_is_grouped_by_commit(audit_repo: Path) -> None:
    result = run("history", "--since", "2026-03-02", "--until", "2026-03-11T08:00+01:00", cwd=audit_repo)
    short = {n: git(audit_repo, "rev-parse", "--short", f"HEAD~{n}") for n in (3, 4, 5)}
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == dedent(
        f"""
        2026-03-04T16:45:00+01:00  {short[3]}  Bob Chen <bob.chen@example.com>
          Fix the file; Confluence goes to devtools
          - SEN-12345679 technical_contact: atlassian-admins@example.com \u2192 devtools@example.com
          - mailbox devtools@example.com added: members carla.diaz@example.com, alice.martin@example.com

        2026-03-03T08:00:00+01:00  {short[4]}  Alice Martin <alice.martin@example.com>
          WIP
          - licenses.yaml unreadable: {UNREADABLE}

        2026-03-02T11:00:00+01:00  {short[5]}  Carla Diaz <carla.diaz@example.com>
          Raise the Jira tier
          - SEN-12345678 tier: 500 \u2192 1000
          - SEN-12345678 renews: 2027-09-30 \u2192 2028-09-30
          - SEN-12345678 backup_contacts: + Bob.Chen@example.com
        """
    )


def test_text_of_people_committers_and_removals(audit_repo: Path) -> None:
    result = run("history", "--since", "2026-03-11", "--reverse", cwd=audit_repo)
    short = {n: git(audit_repo, "rev-parse", "--short", f"HEAD~{n}") for n in (0, 1, 2)}
    bitbucket = "Bitbucket (cloud, tier 500, renews 2027-09-30), technical contact devtools@example.com"
    confluence = "Confluence (cloud, tier 500, renews 2027-09-30), technical contact devtools@example.com"
    assert result.stdout.splitlines() == [
        f"2026-03-11T09:00:00+01:00  {short[2]}  Alice Martin <alice.martin@example.com>",
        "  Bob has left",
        "  - SEN-12345679 backup_contacts: + carla.diaz@example.com, \u2212 bob.chen@example.com",
        "  - mailbox atlassian-admins@example.com members: + carla.diaz@example.com, \u2212 bob.chen@example.com",
        "  - person bob.chen@example.com status: active \u2192 departed",
        "",
        f"2026-03-12T09:00:00+01:00  {short[1]}  Alice Martin <alice.martin@example.com>",
        "  Merge branch 'side'",
        f"  - SEN-12345680 added: {bitbucket}",
        "  - SEN-12345678 renews: 2028-09-30 \u2192 2028-10-31",
        "",
        f"2026-04-01T12:00:00+02:00  {short[0]}  Bob Chen <bob.chen@example.com>"
        " (committed by Alice Martin <alice.martin@example.com>)",
        "  Retire Confluence",
        f"  - SEN-12345679 removed: {confluence}",
    ]


@pytest.mark.parametrize(
    ("args", "messages"),
    [
        # One license: its changes, and the file's own events (where the trail has a gap).
        (
            ["--license", JIRA, "--license", "sen-12345680"],
            ["Merge branch 'side'", "Merge branch 'side'", "WIP", *["Raise the Jira tier"] * 3, "Add the inventory"],
        ),
        # A mailbox added shows its first members.
        (
            ["--field", "members"],
            ["Bob has left", "Fix the file; Confluence goes to devtools", "WIP", "Add the inventory"],
        ),
        (
            ["--author", "BOB"],
            [
                "Retire Confluence",
                *["Fix the file; Confluence goes to devtools"] * 2,
                "Move the inventory to licenses.yaml",
            ],
        ),
        (["--since", "2026-03-12", "--until", "2026-03-12"], ["Merge branch 'side'"] * 2),
        (["--since", "2026-04-01T09:59:59Z"], ["Retire Confluence"]),
        (["--since", "2026-04-01T10:00:01Z"], []),
        (["--rev", "HEAD~5..HEAD~3"], ["Fix the file; Confluence goes to devtools"] * 2 + ["WIP"]),
    ],
)
def test_filters(audit_repo: Path, args: list[str], messages: list[str]) -> None:
    assert [event[0] for event in trail(audit_repo, *args)] == messages


def test_the_walk_finds_the_last_readable_revision_before_the_range(audit_repo: Path) -> None:
    # HEAD~3 alone: its parent (the WIP revision) is unreadable, so it is compared with the one before.
    fixed = [event for event in FIRST_PARENT if event[0] == "Fix the file; Confluence goes to devtools"]
    assert trail(audit_repo, "--rev", "HEAD~4..HEAD~3") == fixed


def test_csv_has_the_json_columns(audit_repo: Path) -> None:
    as_json = json.loads(run("history", "--format", "json", cwd=audit_repo).stdout)
    result = run("history", "--format", "csv", cwd=audit_repo)
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == (
        "commit,short,author,email,date,message,license,change,field,old,new,mailbox,person,committer,committer_email,path"
        ",section,waiver"
    )
    assert [row["commit"] for row in rows] == [event["commit"] for event in as_json]
    assert rows[0]["old"] == json.dumps(as_json[0]["old"])  # whole entries and address lists as JSON
    tier = next(row for row in rows if row["field"] == "tier")
    assert (tier["license"], tier["old"], tier["new"], tier["mailbox"]) == (JIRA, "500", "1000", "")
    status = next(row for row in rows if row["field"] == "status")
    assert (status["person"], status["old"], status["new"]) == (B, "active", "departed")


def test_a_shallow_clone_says_where_the_trail_starts(audit_repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "3", f"file://{audit_repo}", str(clone))
    events = trail(clone)
    assert events == [
        *FIRST_PARENT[:3],
        ("Bob has left", None, "shallow", None, None, history_events.SHALLOW_NOTE),
    ]
    text = run("history", cwd=clone).stdout
    assert text.endswith(
        "  Bob has left\n"
        "  - shallow clone: the trail starts here; earlier history is not in this clone (git fetch --unshallow)\n"
    )


def test_the_shipped_inventory_tells_its_story() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = run("history", "--format", "json", cwd=ROOT)
    assert (result.returncode, result.stderr) == (0, "")
    events = json.loads(result.stdout)
    if any(event["change"] == "shallow" for event in events):
        return  # a shallow CI checkout: the trail starts at its boundary
    committed = document.load(git(ROOT, "show", "HEAD:licenses.yaml").encode() + b"\n").document
    assert committed is not None
    story: set[str] = set()
    for event in reversed(events):  # oldest first: the licenses present after each commit
        if event["section"] == "licenses" and event["change"] == "added":
            story.add(event["license"])
        elif event["section"] == "licenses" and event["change"] == "removed":
            story.discard(event["license"])
    assert story == {entry["id"] for entry in committed.data["licenses"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["other.yaml"], "licensegate: other.yaml: never committed (no commit in the history of HEAD adds it)\n"),
        ([".git"], "licensegate: .git: is a directory, not a file\n"),
        (
            ["--since", "last week"],
            "licensegate: --since 'last week': expected a date (YYYY-MM-DD) or an ISO 8601 time\n",
        ),
        (
            ["--until", "2026-02-30"],
            "licensegate: --until '2026-02-30': expected a date (YYYY-MM-DD) or an ISO 8601 time\n",
        ),
        (["--rev", "--all"], "licensegate: '--all' is not a revision or range\n"),
        (["--rev", "nope..HEAD"], "licensegate: 'nope..HEAD' is not a revision or range in {repo}/.git ("),
    ],
)
def test_bad_input_is_a_usage_error(audit_repo: Path, args: list[str], message: str) -> None:
    result = run("history", *args, cwd=audit_repo)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(message.format(repo=audit_repo))
    assert "Traceback" not in result.stderr


def test_outside_a_repository_and_before_the_first_commit(tmp_path: Path) -> None:
    result = run("history", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"licensegate: {tmp_path.resolve()} is not inside a git repository\n"
    git(tmp_path, "init", "-q", "-b", "main")
    result = run("history", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"licensegate: the repository at {tmp_path} has no commits yet\n")


# --- reading revisions piece by piece gives what the loader gives -------------------------------

LICENSE = "  - id: SEN-1000000{n}\n    product: Jira\n    tier: {n}00\n    backup_contacts: [a@example.com]\n"
TWO = LICENSE.format(n=1) + LICENSE.format(n=2)
ALIASED = LICENSE.format(n=1).replace("[a@", "&backups [a@") + LICENSE.format(n=2).replace(
    "[a@example.com]", "*backups"
)
HEAD = "version: 1\npolicy:\n  allowed_domains: [example.com]\n"


@pytest.mark.parametrize(
    ("text", "split"),
    [
        pytest.param(HEAD + "licenses:\n" + TWO, True, id="plain"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("\n  ", "\n").replace("  - id", "- id"), True, id="column-0"),
        pytest.param(
            "# top\n\n" + HEAD + "licenses:   # all of them\n\n  # first\n" + LICENSE.format(n=1) + "\n# x\n" + TWO,
            True,
            id="comments",
        ),
        pytest.param((HEAD + "licenses:\n" + TWO).replace("\n", "\r\n"), True, id="crlf"),
        pytest.param("\ufeff" + HEAD + "licenses:\n" + TWO, True, id="bom"),
        pytest.param(HEAD + "licenses:\n" + TWO + "    notes: |+\n      kept\n\n\n", True, id="keep-chomping"),
        pytest.param(HEAD + "licenses:\n" + TWO + "    notes: >\n      folded\n  -\n", True, id="empty-item"),
        pytest.param(
            HEAD + "licenses:\n" + TWO.replace("[a@example.com]", "\n      - a@example.com\n      - b"),
            True,
            id="nested",
        ),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("[a@example.com]", "[a@example.com,\n  b]"), True, id="flow"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("[a@example.com]", "[a@example.com,\nb]"), False, id="flow-0"),
        pytest.param(HEAD + "licenses:\n" + TWO + "    notes: >\n      folded", True, id="no-final-newline"),
        pytest.param(HEAD + "licenses: [{id: SEN-10000001}, {id: SEN-10000002}]\n", True, id="flow-section"),
        # Anchors: an entry that uses another's is parsed after it.
        pytest.param(HEAD + "licenses:\n" + ALIASED, True, id="alias"),
        pytest.param(
            HEAD + "mailboxes:\n  - address: a@example.com\n    members: &team [a@example.com, b@example.com]\n"
            "licenses:\n" + TWO.replace("[a@example.com]", "*team"),
            True,
            id="alias-across-sections",
        ),
        pytest.param(
            "x-defaults: &defaults {product: Jira, tier: 100}\n"
            + HEAD.replace("[example.com]", "&d [example.com]")
            + "licenses:\n  - <<: *defaults\n    id: SEN-10000001\n    backup_contacts: *d\n",
            True,
            id="merge-key",
        ),
        pytest.param(  # redefined: YAML readers disagree on it (PyYAML refuses it), so the loader does
            HEAD + "licenses:\n" + ALIASED + ALIASED.replace("SEN-1", "SEN-2").replace("a@", "c@"),
            False,
            id="alias-redefined",
        ),
        pytest.param(
            HEAD + "licenses:\n" + ALIASED[ALIASED.index("  - id: SEN-10000002") :] + ALIASED, False, id="alias-first"
        ),
        pytest.param(HEAD + "policy2: *p\nlicenses:\n" + ALIASED, False, id="alias-unknown"),
        pytest.param(HEAD + "licenses:\n" + TWO + "version: 2\n", False, id="repeated-key"),
        pytest.param(HEAD + "licenses:\n" + TWO + "---\nversion: 1\n", False, id="second-document"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("Jira", "Jira\u0085x: y", 1), False, id="nel"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("Jira", '"Jira\n  - id: SEN-1"', 1), False, id="quoted"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("    tier", "  -x: 1\n    tier", 1), False, id="dash-key"),
        pytest.param(HEAD + "licenses:\n" + TWO.replace("    tier", "\ttier", 1), False, id="tab"),
        pytest.param("", False, id="empty"),
        pytest.param("# nothing\n", False, id="comment-only"),
        pytest.param("- version: 1\n", False, id="list"),
        pytest.param("  version: 1\n", False, id="indented"),
    ],
)
def test_the_split_reads_what_the_loader_reads(text: str, split: bool) -> None:
    raw = text.encode()
    reader = history_reader.RevisionReader()
    state = reader.read(raw)
    loaded = document.load(raw)
    if loaded.document is None:
        assert isinstance(state, history_reader.Unreadable)
    else:
        assert isinstance(state, history_reader.Revision)
        assert {**state.rest, **{key: state.value(key) for key in state.sections}} == loaded.document.data
    assert reader.whole_parses == (0 if split else 1)


def test_only_new_pieces_are_parsed() -> None:
    reader = history_reader.RevisionReader()
    before = reader.read((HEAD + "licenses:\n" + TWO).encode())
    parsed = reader.pieces_parsed
    after = reader.read((HEAD + "licenses:\n" + TWO.replace("tier: 200", "tier: 300")).encode())
    assert (reader.pieces_parsed - parsed, reader.whole_parses) == (1, 0)
    assert isinstance(before, history_reader.Revision)
    assert isinstance(after, history_reader.Revision)
    found, _, _ = history_events.compare(before, after)
    assert [tuple(change) for change in found] == [("licenses", "SEN-10000002", "changed", "tier", 200, 300)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (TWO, LICENSE.format(n=2) + LICENSE.format(n=1)),  # moved: no change
        (TWO, LICENSE.format(n=2) + LICENSE.format(n=1).replace("100", "900")),  # moved and changed
        (TWO, LICENSE.format(n=1)),  # removed
        # A SEN declared twice: the first one counts, as in `diff`, whichever piece changed.
        (TWO + LICENSE.format(n=1).replace("100", "500"), LICENSE.format(n=1).replace("100", "500") + TWO),
        (TWO + TWO, TWO + TWO.replace("200", "300")),
    ],
)
def test_comparing_pieces_is_comparing_inventories(old: str, new: str) -> None:
    reader = history_reader.RevisionReader()
    before, after = (reader.read((HEAD + "licenses:\n" + text).encode()) for text in (old, new))
    assert isinstance(before, history_reader.Revision)
    assert isinstance(after, history_reader.Revision)
    whole = [document.load((HEAD + "licenses:\n" + text).encode()).document for text in (old, new)]
    assert whole[0] is not None
    assert whole[1] is not None
    from checker import changes

    assert history_events.compare(before, after)[0] == changes.diff(whole[0].data, whole[1].data)


def test_an_item_is_known_by_its_bytes_and_its_indentation() -> None:
    reader = history_reader.RevisionReader()
    indented = (HEAD + "licenses:\n  - id: SEN-10000001\n    tier: 1\n").encode()
    assert isinstance(reader.read(indented), history_reader.Revision)
    # The same bytes after the dash, at column 0: "tier" now continues the id's value, which YAML refuses.
    assert isinstance(reader.read(indented.replace(b"\n  - id", b"\n- id")), history_reader.Unreadable)


# Edits that stress the split: indentation, comments, tabs, block and flow scalars, anchors and
# aliases, line breaks YAML sees and a line split does not, document markers, control bytes.
EDITS = [
    *(b"\n", b"  - ", b"- ", b"  ", b"\t", b"#", b"# c\n", b"\t# c\n", b"|", b"|+", b">-", b'"', b"'", b"[", b"]"),
    *(b"{", b",", b": ", b"\r\n", b"\r", b"\xc2\x85", b"---\n", b"...\n", b"? ", b"!!str ", b"\x07", b"\xff"),
    *(b"&team ", b"*team", b"<<: *team\n    ", b"\n  -x: 1\n", b"\n-", b"\n  -\n", b"\nversion: 1\n", b"\nlicenses:\n"),
]
SHIPPED = (
    (ROOT / "licenses.yaml")
    .read_bytes()
    .replace(b"members: [alice", b"members: &team [alice", 1)
    .replace(b"backup_contacts: [bob.chen@example.com]", b"backup_contacts: *team", 1)
)
SHARED_READER = history_reader.RevisionReader()  # across examples, so cached pieces meet edited neighbours


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(EDITS), st.integers(0, 3)), min_size=1, max_size=4))
def test_any_edit_reads_as_the_loader_reads_it(edits: list[tuple[float, bytes, int]]) -> None:
    assert b"*team" in SHIPPED
    raw = bytearray(SHIPPED)
    for where, insert, delete in edits:
        at = int(where * len(raw))
        raw[at : at + delete] = insert
    loaded = document.load(bytes(raw))
    for reader in (history_reader.RevisionReader(), SHARED_READER):
        state = reader.read(bytes(raw))
        if loaded.document is None:
            assert isinstance(state, history_reader.Unreadable)
        else:
            assert isinstance(state, history_reader.Revision)
            assert {**state.rest, **{key: state.value(key) for key in state.sections}} == loaded.document.data

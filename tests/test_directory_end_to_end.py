"""Issue 13's promise, end to end: the identity provider deactivates someone, a scheduled import
records it, and `check` reports the license they were a backup contact of, with no hand edit of
any YAML; `who` then lists every place they appear.

The payloads are RFC 7643's own examples (section 8.3 "Enterprise User Extension Representation",
section 8.4 "Group Representation", https://www.rfc-editor.org/rfc/rfc7643#section-8) in RFC 7644
ListResponse pages (section 3.4.2), as tests/test_directory_import.py uses them; the only change
the identity provider makes between the two exports is the user's `active` attribute (RFC 7643
section 4.1.1).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run
from tests.test_directory_import import list_response, mandy, sample, save
from tests.test_git import TODAY, commit_all, git

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
    technical_contact: tour-guides@example.com
    backup_contacts: [bjensen@example.com]
"""
# SCIM groups have no address: the mailbox is declared once, naming the group that feeds it.
HAND_KEPT = """\
version: 1
people: []
mailboxes:
  - address: tour-guides@example.com
    description: Tour guides' shared inbox
    group: Tour Guides
"""


def export(folder: Path, *, babs_active: bool) -> list[str]:
    babs = sample("scim/rfc7643-8.3-enterprise-user.json")
    babs["active"] = babs_active
    return [
        save(folder, "users.1.json", list_response([babs], total=2, start=1)),
        save(folder, "users.2.json", list_response([{**mandy(), "active": True}], total=2, start=2)),
        save(folder, "groups.1.json", list_response([sample("scim/rfc7643-8.4-group.json")], total=1, start=1)),
    ]


def test_a_deactivation_in_the_identity_provider_fails_the_next_check(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    pages = tmp_path / "export"
    repo.mkdir()
    pages.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(INVENTORY)
    (repo / "people.yaml").write_text(HAND_KEPT)
    files = [str(pages / name) for name in export(pages, babs_active=True)]
    imported = run("directory", "import", "scim", *files, "-o", "people.yaml", "--exported", "2026-11-25", cwd=repo)
    assert imported.returncode == 0, imported.stderr
    assert run("check", *TODAY, cwd=repo).returncode == 0
    commit_all(repo, "Directory from the identity provider")

    # The next day Babs Jensen is deactivated; the scheduled job imports, then checks the change.
    files = [str(pages / name) for name in export(pages, babs_active=False)]
    check = run("directory", "import", "scim", *files, "-o", "people.yaml", "--check", cwd=repo)
    assert check.returncode == 1  # the file would change: the job opens a pull request
    imported = run("directory", "import", "scim", *files, "-o", "people.yaml", "--exported", "2026-11-26", cwd=repo)
    assert imported.returncode == 0
    assert "newly departed: bjensen@example.com" in imported.stderr
    assert git(repo, "status", "--porcelain").stdout == " M people.yaml\n"  # no hand edit of any YAML

    result = run("check", "--base", "HEAD", *TODAY, cwd=repo)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        "licenses.yaml:11:24: error [shared-mailbox] SEN-12345678: mailbox 'tour-guides@example.com' reaches 1"
        " active person, fewer than 2 (min_mailbox_members): add members to it",
        "licenses.yaml:12:23: error [departed-contact] SEN-12345678: backup contact 'bjensen@example.com' has"
        " departed: replace them here and in My Atlassian",
        "people.yaml:10:122: error [departed-contact] member of 'tour-guides@example.com' 'bjensen@example.com' has"
        " departed: remove them from the group 'Tour Guides' in the identity provider, then import again",
    ]

    who = json.loads(run("who", "bjensen@example.com", "--format", "json", cwd=repo).stdout)
    assert who["person"]["status"] == "departed"
    assert [(a["file"], a["line"], a["role"]) for a in who["appearances"]] == [
        ("licenses.yaml", 11, "technical contact"),
        ("licenses.yaml", 12, "backup contact"),
        ("people.yaml", 10, "mailbox member"),
    ]

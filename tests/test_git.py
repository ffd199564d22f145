"""The git workflow with real git: change mode, the plain and server-side hooks, and `diff`."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, VALID, licensegate_command, run

# Fixed identities and dates, and no user or system git configuration.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Alice Martin",
    "GIT_AUTHOR_EMAIL": "alice.martin@example.com",
    "GIT_AUTHOR_DATE": "2026-11-02T10:00:00+01:00",
    "GIT_COMMITTER_NAME": "Alice Martin",
    "GIT_COMMITTER_EMAIL": "alice.martin@example.com",
    "GIT_COMMITTER_DATE": "2026-11-02T10:00:00+01:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
IN_HORIZON = VALID.replace("renews: 2027-09-30", "renews: 2026-12-01")  # 5 days from the pinned today
TODAY = ["--today", "2026-11-26"]
EXTRA_LICENSE = """\
  - id: SEN-12345670
    product: Confluence
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [bob.chen@example.com]
"""


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=check
    )


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def copy_of(template: Path, destination: Path) -> Path:
    """A copy of a repository built once per module, for a test that changes it."""
    shutil.copytree(template, destination, symlinks=True)
    return destination


@pytest.fixture(scope="module")
def renewal_in_horizon_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("renewal-in-horizon") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(IN_HORIZON)
    commit_all(repo, "Add the inventory")
    return repo


@pytest.fixture
def repo_with_renewal_in_horizon(renewal_in_horizon_template: Path, tmp_path: Path) -> Path:
    """A repository whose committed inventory already has a renewal 5 days away."""
    return copy_of(renewal_in_horizon_template, tmp_path / "repo")


def check_json(repo: Path, *args: str) -> tuple[int, list[tuple[str, int, bool | None]]]:
    result = run("check", "--format", "json", *TODAY, *args, cwd=repo)
    assert result.stderr == ""
    findings = json.loads(result.stdout)["findings"]
    return result.returncode, [(f["rule"], f["line"], f.get("new")) for f in findings]


def test_existing_findings_do_not_fail_an_unrelated_change(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "licenses.yaml").write_text(IN_HORIZON.replace("Jira Software", "Jira"))
    assert check_json(repo, "--base", "HEAD") == (0, [("renewal-horizon", 17, False)])
    text = run("check", *TODAY, "--base", "HEAD", cwd=repo).stdout.splitlines()
    assert text[0].endswith("then update 'renews' once renewed [existing]")
    assert text[-1] == "1 error, 0 warnings in 1 file; 0 new since HEAD"
    # Without --base, the same file fails: the calendar, not the change.
    assert run("check", *TODAY, cwd=repo).returncode == 1


def test_a_new_problem_fails_the_change(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "licenses.yaml").write_text(
        IN_HORIZON.replace("technical_contact: atlassian-admins@example.com", "technical_contact: admins@gmail.com")
    )
    assert check_json(repo, "--base", "HEAD") == (1, [("renewal-horizon", 17, False), ("email-domain", 18, True)])


def test_identity_survives_moved_lines(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    # A new license above the old one moves the old finding down seven lines.
    (repo / "licenses.yaml").write_text(IN_HORIZON.replace("licenses:\n", "licenses:\n" + EXTRA_LICENSE))
    assert check_json(repo, "--base", "HEAD") == (0, [("renewal-horizon", 24, False)])


def test_identity_survives_a_rename(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "inventory").mkdir()
    git(repo, "mv", "licenses.yaml", "inventory/licenses.yaml")
    assert check_json(repo, "--base", "HEAD", "inventory/licenses.yaml") == (0, [("renewal-horizon", 17, False)])
    commit_all(repo, "Move the inventory")
    assert check_json(repo, "--base", "HEAD~1", "inventory/licenses.yaml") == (0, [("renewal-horizon", 17, False)])


def test_identity_survives_a_rename_to_a_non_ascii_path(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "\u00e9quipe").mkdir()
    git(repo, "mv", "licenses.yaml", "\u00e9quipe/licenses.yaml")
    commit_all(repo, "Move the inventory")
    assert check_json(repo, "--base", "HEAD~1", "\u00e9quipe/licenses.yaml") == (0, [("renewal-horizon", 17, False)])


def test_a_file_new_since_the_base_is_all_new(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "other.yaml").write_text(IN_HORIZON)
    assert check_json(repo, "--base", "HEAD", "other.yaml") == (1, [("renewal-horizon", 17, True)])


def test_base_where_the_file_was_invalid_yaml(tmp_path: Path) -> None:
    repo = tmp_path
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text("version: 1\npolicy: [\n")
    commit_all(repo, "Broken")
    (repo / "licenses.yaml").write_text(VALID)
    assert check_json(repo, "--base", "HEAD") == (0, [])
    (repo / "licenses.yaml").write_text(IN_HORIZON)
    assert check_json(repo, "--base", "HEAD") == (1, [("renewal-horizon", 17, True)])
    (repo / "licenses.yaml").write_text("version: 1\npolicy: [\n")
    assert check_json(repo, "--base", "HEAD") == (0, [("yaml-syntax", 3, False)])


def test_first_commit_compares_with_nothing(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "licenses.yaml").write_text(IN_HORIZON)
    assert check_json(tmp_path, "--base", "HEAD") == (1, [("renewal-horizon", 17, True)])


def test_head_reads_a_committed_or_staged_version(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "licenses.yaml").write_text("not: [valid\n")  # the working tree is not what is checked
    assert check_json(repo, "--head", "HEAD") == (1, [("renewal-horizon", 17, None)])
    (repo / "licenses.yaml").write_text(VALID)
    git(repo, "add", "licenses.yaml")
    (repo / "licenses.yaml").write_text("not: [valid\n")
    assert check_json(repo, "--base", "HEAD", "--head", ":") == (0, [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "no-such-rev"], "licensegate: 'no-such-rev' is not a revision in {repo}/.git\n"),
        (["--head", "no-such-rev"], "licensegate: 'no-such-rev' is not a revision in {repo}/.git\n"),
    ],
)
def test_bad_revision_is_a_usage_error(repo_with_renewal_in_horizon: Path, args: list[str], message: str) -> None:
    result = run("check", *args, cwd=repo_with_renewal_in_horizon)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == message.format(repo=repo_with_renewal_in_horizon)


def test_base_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(VALID)
    result = run("check", "--base", "HEAD", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, f"licensegate: {tmp_path} is not inside a git repository\n")


# -- hooks/pre-commit, the plain git hook -----------------------------------------------------------


def future(days: int) -> str:
    """A date relative to the real today: git hooks run without --today."""
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def hook_env() -> dict[str, str]:
    return {**GIT_ENV, "LICENSEGATE": licensegate_command()[0]}


def commit_with_hooks(repo: Path, message: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=repo,
        env={**os.environ, **hook_env()},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def plain_hook_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("plain-hook") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(VALID.replace("renews: 2027-09-30", f"renews: {future(5)}"))
    commit_all(repo, "Add the inventory")
    shutil.copy(ROOT / "hooks" / "pre-commit", repo / ".git" / "hooks" / "pre-commit")
    return repo


@pytest.fixture
def repo_with_plain_hook(plain_hook_template: Path, tmp_path: Path) -> Path:
    return copy_of(plain_hook_template, tmp_path / "repo")


def test_plain_hook_refuses_an_external_technical_contact(repo_with_plain_hook: Path) -> None:
    repo = repo_with_plain_hook
    path = repo / "licenses.yaml"
    path.write_text(path.read_text().replace("technical_contact: atlassian-admins", "technical_contact: admins-team"))
    path.write_text(path.read_text().replace("admins-team@example.com", "admins@contractor.io"))
    result = commit_with_hooks(repo, "Hand the licenses to the contractor")
    assert result.returncode == 1
    # git shows a hook's output on stderr.
    assert "licenses.yaml:18:24: error [email-domain] SEN-12345678: 'admins@contractor.io'" in result.stderr
    assert "[existing]" in result.stderr  # the renewal 5 days away was there before
    assert result.stderr.endswith(
        "licensegate: commit refused; fix the findings above (or see 'licensegate rules ID').\n"
    )
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_plain_hook_accepts_an_unrelated_fix(repo_with_plain_hook: Path) -> None:
    repo = repo_with_plain_hook
    path = repo / "licenses.yaml"
    path.write_text(path.read_text().replace("Jira Software", "Jira Software Premium"))
    result = commit_with_hooks(repo, "Correct the product name")
    assert result.returncode == 0, result.stdout + result.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "2"


def test_plain_hook_checks_what_is_staged(repo_with_plain_hook: Path) -> None:
    repo = repo_with_plain_hook
    path = repo / "licenses.yaml"
    good = path.read_text()
    path.write_text(good.replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: []"))
    git(repo, "add", "licenses.yaml")
    path.write_text(good)  # the fix is in the working tree, not in the commit
    result = subprocess.run(
        ["git", "commit", "-q", "-m", "Drop the backup"],
        cwd=repo,
        env={**os.environ, **hook_env()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "[backup-contact]" in result.stderr


# -- hooks/pre-receive, the server-side hook ---------------------------------------------------------


@pytest.fixture(scope="module")
def server_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("server")
    bare = folder / "server.git"
    git(folder, "init", "-q", "--bare", "-b", "main", str(bare))
    shutil.copy(ROOT / "hooks" / "pre-receive", bare / "hooks" / "pre-receive")
    clone = folder / "clone"
    git(folder, "clone", "-q", str(bare), str(clone))
    (clone / "licenses.yaml").write_text(VALID.replace("renews: 2027-09-30", f"renews: {future(365)}"))
    commit_all(clone, "Add the inventory")
    assert push(clone, "main").returncode == 0
    return bare, clone


@pytest.fixture
def server(server_template: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository with hooks/pre-receive installed, and a clone with one good commit pushed."""
    bare = copy_of(server_template[0], tmp_path / "server.git")
    clone = copy_of(server_template[1], tmp_path / "clone")
    git(clone, "remote", "set-url", "origin", str(bare))  # the copy's own server, not the template's
    return bare, clone


def push(clone: Path, *refspecs: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", "origin", *refspecs],
        cwd=clone,
        env={**os.environ, **hook_env()},
        capture_output=True,
        text=True,
        check=False,
    )


def depart_bob(clone: Path) -> None:
    path = clone / "licenses.yaml"
    text = path.read_text().replace("    name: Bob Chen\n", "    name: Bob Chen\n    status: departed\n")
    path.write_text(
        text.replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [bob.chen@example.com]")
    )


def test_push_with_a_departed_backup_is_rejected(server: tuple[Path, Path]) -> None:
    bare, clone = server
    depart_bob(clone)
    commit_all(clone, "Bob is the backup now")
    result = push(clone, "main")
    assert result.returncode == 1
    base = git(bare, "rev-parse", "main").stdout.strip()
    remote = [line.rstrip() for line in result.stderr.splitlines() if line.startswith("remote: ")]
    assert remote == [
        "remote: licensegate: refs/heads/main: licenses.yaml",
        "remote: licenses.yaml:6:41: error [departed-contact] member of 'atlassian-admins@example.com'"
        " 'bob.chen@example.com' has departed: replace them here and in My Atlassian",
        "remote: licenses.yaml:19:24: error [shared-mailbox] SEN-12345678: mailbox 'atlassian-admins@example.com'"
        " reaches 1 active person, fewer than 2 (min_mailbox_members): add members to it",
        "remote: licenses.yaml:20:23: error [departed-contact] SEN-12345678: backup contact 'bob.chen@example.com'"
        " has departed: replace them here and in My Atlassian",
        f"remote: 3 errors, 0 warnings in 1 file; 3 new since {base}",
        "remote: licensegate: push rejected: it introduces findings in licenses.yaml (see above).",
    ]
    assert "pre-receive hook declined" in result.stderr
    assert git(bare, "rev-list", "--count", "main").stdout.strip() == "1"


def test_push_of_an_inventory_in_a_subfolder(server: tuple[Path, Path]) -> None:
    _, clone = server
    (clone / "team a").mkdir()
    (clone / "team a" / "licenses.yaml").write_text((clone / "licenses.yaml").read_text())
    commit_all(clone, "A second inventory")
    result = push(clone, "main")
    assert result.returncode == 0, result.stderr
    depart_bob(clone)
    (clone / "team a" / "licenses.yaml").write_text((clone / "licenses.yaml").read_text())
    git(clone, "checkout", "-q", "--", "licenses.yaml")
    commit_all(clone, "Bob is team a's backup now")
    rejected = push(clone, "main")
    assert rejected.returncode == 1
    assert "remote: licensegate: refs/heads/main: team a/licenses.yaml" in rejected.stderr
    assert "remote: team a/licenses.yaml:20:23: error [departed-contact]" in rejected.stderr


def test_good_push_lands(server: tuple[Path, Path]) -> None:
    bare, clone = server
    path = clone / "licenses.yaml"
    path.write_text(path.read_text().replace("tier: 500", "tier: 1000"))
    commit_all(clone, "Grow the tier")
    result = push(clone, "main")
    assert result.returncode == 0, result.stderr
    assert git(bare, "rev-list", "--count", "main").stdout.strip() == "2"


def test_new_and_deleted_branches(server: tuple[Path, Path]) -> None:
    bare, clone = server
    git(clone, "checkout", "-q", "-b", "feature")
    assert push(clone, "feature").returncode == 0  # nothing new on it
    (clone / "README").write_text("hello\n")
    commit_all(clone, "Unrelated")
    assert push(clone, "feature").returncode == 0
    git(clone, "checkout", "-q", "-b", "bad")
    depart_bob(clone)
    commit_all(clone, "Bob is the backup now")
    rejected = push(clone, "bad")
    assert rejected.returncode == 1
    assert "[departed-contact]" in rejected.stderr
    assert push(clone, "--delete", "feature").returncode == 0
    assert git(bare, "for-each-ref", "--format=%(refname)").stdout.split() == ["refs/heads/main"]


# -- licensegate diff ------------------------------------------------------------------------------


def test_diff_text_and_json(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    changed = (
        IN_HORIZON.replace("tier: 500", "tier: 1000")
        .replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [Bob.Chen@example.com]")
        .replace("licenses:\n", "licenses:\n" + EXTRA_LICENSE)
    )
    (repo / "licenses.yaml").write_text(changed)
    text = run("diff", cwd=repo)
    assert (text.returncode, text.stderr) == (0, "")
    assert text.stdout == (
        "### licensegate diff HEAD..working tree (licenses.yaml)\n"
        "\n"
        "- **SEN-12345670** added: Confluence (cloud, tier 500, renews 2027-09-30),"
        " technical contact atlassian-admins@example.com\n"
        "- **SEN-12345678** `tier`: `500` \u2192 `1000`\n"
        "- **SEN-12345678** `backup_contacts`: + `Bob.Chen@example.com`, \u2212 `alice.martin@example.com`\n"
    )
    commit_all(repo, "Second")
    data = json.loads(run("diff", "--format", "json", "HEAD~1", "HEAD", "licenses.yaml", cwd=repo).stdout)
    assert data["from"] == "HEAD~1"
    assert data["to"] == "HEAD"
    assert data["changes"][1:] == [
        {"section": "licenses", "key": "SEN-12345678", "change": "changed", "field": "tier", "old": 500, "new": 1000},
        {
            "section": "licenses",
            "key": "SEN-12345678",
            "change": "changed",
            "field": "backup_contacts",
            "old": ["alice.martin@example.com"],
            "new": ["Bob.Chen@example.com"],
        },
    ]
    assert data["changes"][0]["change"] == "added"
    assert run("diff", "HEAD", "HEAD", cwd=repo).stdout.endswith("No changes to the inventory.\n")


def test_diff_of_an_unreadable_revision(repo_with_renewal_in_horizon: Path) -> None:
    repo = repo_with_renewal_in_horizon
    (repo / "licenses.yaml").write_text("version: [1\n")
    result = run("diff", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith("licensegate: licenses.yaml at the working tree is not a readable inventory: 2:1:")

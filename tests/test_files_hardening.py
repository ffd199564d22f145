"""File names, special files, revisions and the environment: each is one line and exit 2 (or
correct output), in bounded time, never a hang, a traceback or exit 3."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, VALID, findings, run, run_script
from tests.test_git import commit_all, git, push

BAD_CONTACT = VALID.replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: [x@gmail.com]")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with a good inventory committed, on main."""
    path = tmp_path / "repo"
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    (path / "licenses.yaml").write_text(VALID)
    commit_all(path, "initial inventory")
    return path


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "licenses.yaml")
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr
        == "licensegate: licenses.yaml: not a regular file (a FIFO, device or socket): refusing to read it\n"
    )


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").symlink_to("/dev/zero")
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: licenses.yaml: not a regular file (a FIFO, device or socket): refusing to read it\n",
    )


def test_a_link_out_of_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(VALID)
    (repo / "licenses.yaml").unlink()
    (repo / "licenses.yaml").symlink_to(outside)
    result = run("check", cwd=repo)
    assert (result.returncode, result.stderr) == (
        2,
        f"licensegate: licenses.yaml: a symbolic link to {outside}, outside {repo}: refusing to read it\n",
    )


def test_a_link_inside_the_repository_is_read(repo: Path) -> None:
    (repo / "inventory").mkdir()
    (repo / "licenses.yaml").rename(repo / "inventory" / "real.yaml")
    (repo / "licenses.yaml").symlink_to("inventory/real.yaml")
    result = run("check", "--today", "2026-11-26", cwd=repo)
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings in 1 file\n")


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    with open(tmp_path / "licenses.yaml", "wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)
    result = run("check", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: licenses.yaml: larger than 64 MiB: not an inventory\n",
    )


@pytest.mark.parametrize("revision", ["HEAD:licenses.yaml", "HEAD:", "@{-1}", "no-such-branch", "-v"])
def test_revisions_git_refuses_are_usage_errors(repo: Path, revision: str) -> None:
    result = run("check", "--base", revision, cwd=repo)
    assert result.returncode == 2
    assert result.stderr == f"licensegate: '{revision}' is not a revision in {repo}/.git\n"


@pytest.mark.parametrize("revision", [":/initial", "HEAD@{0}", "main@{upstream}"])
def test_every_spelling_git_accepts_works(repo: Path, tmp_path: Path, revision: str) -> None:
    if "upstream" in revision:
        bare = tmp_path / "origin.git"
        git(tmp_path, "clone", "-q", "--bare", str(repo), str(bare))
        git(repo, "remote", "add", "origin", str(bare))
        git(repo, "fetch", "-q", "origin")
        git(repo, "branch", "-q", "--set-upstream-to=origin/main", "main")
    (repo / "licenses.yaml").write_text(BAD_CONTACT)
    result = run("check", "--base", revision, "--today", "2026-11-26", cwd=repo)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.endswith(f"1 error, 0 warnings in 1 file; 1 new since {revision}\n")


def test_the_previous_branch_is_a_revision_once_there_is_one(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "side")
    result = run("check", "--base", "@{-1}", "--today", "2026-11-26", cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_missing_base_object_is_an_error_not_an_empty_file(repo: Path) -> None:
    blob = git(repo, "rev-parse", "HEAD:licenses.yaml").stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = run("check", "--base", "HEAD", cwd=repo)
    assert result.returncode == 2
    assert result.stderr.startswith(f"licensegate: licenses.yaml at {git(repo, 'rev-parse', 'HEAD').stdout.strip()}")
    assert "cannot be read" in result.stderr


def test_git_missing_from_path_is_one_line(repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("check", "--base", "HEAD", cwd=repo, env={"PATH": str(empty)})
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "licensegate: git is not installed or not on PATH: the git features need it\n"


def test_a_stdout_that_cannot_encode_a_value_gets_an_escape(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(VALID.replace("tier: 500", "tier: fünf"), encoding="utf-8")
    result = run_script("check", "--today", "2026-11-26", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 1
    assert "got 'f\\xfcnf'" in result.stdout
    assert "internal error" not in result.stderr


def test_the_default_day_is_the_same_in_every_time_zone(tmp_path: Path) -> None:
    # A renewal 15 days from today in UTC is a warning; judged by a local date a day off either
    # way it would be 14 days (an error) or 16: all three time zones must give the UTC answer.
    utc = datetime.datetime.now(datetime.timezone.utc).date()
    renews = (utc + datetime.timedelta(days=15)).isoformat()
    (tmp_path / "licenses.yaml").write_text(VALID.replace("renews: 2027-09-30", f"renews: {renews}"))
    outputs = {
        zone: run_script("check", cwd=tmp_path, env={"TZ": zone}).stdout for zone in ("UTC", "Etc/GMT-14", "Etc/GMT+12")
    }
    assert len(set(outputs.values())) == 1, outputs
    assert outputs["UTC"].endswith("0 errors, 1 warning in 1 file\n")


# -- file names that look like options, and --all -------------------------------------------------


@pytest.fixture
def named_repo(repo: Path) -> Path:
    """Beside licenses.yaml: a committed file whose name is an option, a look-alike, and a .yml in a subfolder."""
    (repo / "--base=HEAD licenses.yaml").write_text(BAD_CONTACT)
    (repo / "foo-licenses.yaml").write_text(BAD_CONTACT)
    (repo / "eu").mkdir()
    (repo / "eu" / "Licenses.YML").write_text(VALID)
    commit_all(repo, "more files")
    return repo


def test_all_lists_inventories_through_git(named_repo: Path) -> None:
    result = run("check", "--all", "--format", "json", "--today", "2026-11-26", cwd=named_repo)
    assert result.returncode == 0, result.stdout
    assert '"files": 2' in result.stdout
    (named_repo / "eu" / "Licenses.YML").write_text(BAD_CONTACT)
    result = run("check", "--all", "--base", "HEAD", "--today", "2026-11-26", cwd=named_repo)
    assert result.returncode == 1
    assert result.stdout.startswith("eu/Licenses.YML:19:23: error [email-domain] SEN-12345678: 'x@gmail.com'")


def test_all_takes_no_paths(named_repo: Path) -> None:
    result = run("check", "--all", "licenses.yaml", cwd=named_repo)
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: --all takes no paths: it checks every licenses.yaml git tracks\n",
    )


def test_a_path_after_double_dash_is_a_path(named_repo: Path) -> None:
    result = run("check", "--today", "2026-11-26", "--", "--base=HEAD licenses.yaml", cwd=named_repo)
    assert result.returncode == 1
    assert result.stdout.startswith("--base=HEAD licenses.yaml:19:23: error [email-domain]")


# -- the server hook's blind spots ----------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> tuple[Path, Path]:
    bare = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    shutil.copy(ROOT / "hooks" / "pre-receive", bare / "hooks" / "pre-receive")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    (clone / "licenses.yaml").write_text(
        VALID.replace("renews: 2027-09-30", f"renews: {datetime.date.today() + datetime.timedelta(days=365)}")
    )
    commit_all(clone, "Add the inventory")
    assert push(clone, "main").returncode == 0
    return bare, clone


def remote_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.rstrip() for line in result.stderr.splitlines() if line.startswith("remote: ")]


def test_deleting_an_inventory_is_refused_unless_the_server_allows_it(server: tuple[Path, Path]) -> None:
    bare, clone = server
    git(clone, "rm", "-q", "licenses.yaml")
    commit_all(clone, "Retire the inventory")
    result = push(clone, "main")
    assert result.returncode == 1
    assert remote_lines(result) == [
        "remote: licensegate: refs/heads/main: deletes the inventory licenses.yaml: retiring one needs"
        " 'git config licensegate.allowDelete true' on the server for that push",
        "remote: licensegate: push rejected: it introduces findings in licenses.yaml (see above).",
    ]
    git(bare, "config", "licensegate.allowDelete", "true")
    assert push(clone, "main").returncode == 0


def test_renaming_away_and_back_cannot_launder_a_bad_inventory(server: tuple[Path, Path]) -> None:
    bare, clone = server
    git(clone, "mv", "licenses.yaml", "draft.yaml")
    (clone / "draft.yaml").write_text(
        (clone / "draft.yaml").read_text().replace("alice.martin@example.com]", "x@gmail.com]")
    )
    commit_all(clone, "Park it as a draft")
    assert push(clone, "main").returncode == 1  # push 1: deletes the inventory
    git(bare, "config", "licensegate.allowDelete", "true")
    assert push(clone, "main").returncode == 0
    git(bare, "config", "--unset", "licensegate.allowDelete")
    git(clone, "mv", "draft.yaml", "licenses.yaml")
    commit_all(clone, "Back from draft")
    result = push(clone, "main")  # push 2: a file renamed into an inventory's name is all new
    assert result.returncode == 1
    assert any("[email-domain]" in line and "[existing]" not in line for line in remote_lines(result))


@pytest.mark.parametrize("name", ["Licenses.yaml", "eu/licenses.yml", "--head=v1/licenses.yaml"])
def test_every_spelling_of_an_inventory_is_checked(server: tuple[Path, Path], name: str) -> None:
    _, clone = server
    git(clone, "tag", "v1")
    (clone / name).parent.mkdir(parents=True, exist_ok=True)
    (clone / name).write_text(BAD_CONTACT)
    commit_all(clone, "Another inventory")
    result = push(clone, "main")
    assert result.returncode == 1
    assert f"remote: licensegate: refs/heads/main: {name}" in remote_lines(result)
    assert any(line.startswith(f"remote: {name}:") and "[email-domain]" in line for line in remote_lines(result))


def test_hooks_pass_paths_after_double_dash() -> None:
    assert '-- "$path"' in (ROOT / "hooks" / "pre-receive").read_text()
    assert "--all" in (ROOT / "hooks" / "pre-commit").read_text()


def test_a_number_past_pythons_digit_limit_is_a_finding() -> None:
    (finding,) = findings(VALID.replace("tier: 500", "tier: " + "7" * 5000))
    assert (finding.rule, finding.line, finding.column) == ("yaml-limits", 16, 11)
    assert finding.message == (
        "a number of 5000 characters is more than YAML readers convert: write it in quotes if it is text"
    )

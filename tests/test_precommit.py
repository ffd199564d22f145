"""The pre-commit framework, for real: another repository uses this one's hook definition."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.test_git import GIT_ENV, IN_HORIZON, commit_all, copy_of, git


def test_hook_definition() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "licensegate"
    assert hook["language"] == "python"
    # licensegate lists the inventories through git itself: no file name reaches its command line.
    assert hook["entry"] == "licensegate check --base HEAD --all"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    # Every YAML file: an inventory, or a directory file an inventory names (people.yaml, any name).
    names = (
        "licenses.yaml",
        "a/b/licenses.yaml",
        "people.yaml",
        "hr/staff.YML",
        "Licenses.YML",
        "README.md",
        "licenses.yaml.orig",
        "schema/licenses.schema.json",
    )
    assert [bool(files.search(p)) for p in names] == [True, True, True, True, True, False, False, False]


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This repository's working tree as a commit of its own, so the hooks under test are the ones on disk."""
    snapshot = tmp_path_factory.mktemp("licensegate-hook")
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name, follow_symlinks=False)
    git(snapshot, "init", "-q", "-b", "main")
    return snapshot, commit_all(snapshot, "Snapshot for the hook tests")


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def consumer_template(
    tmp_path_factory: pytest.TempPathFactory, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> Path:
    url, rev = hook_repository
    repo = tmp_path_factory.mktemp("consumer") / "consumer"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {url}\n    rev: {rev}\n    hooks:\n      - id: licensegate\n"
        "        args: [--today, '2026-11-26']\n"
    )
    (repo / "licenses.yaml").write_text(IN_HORIZON)
    commit_all(repo, "Add the inventory")
    pre_commit(repo, pre_commit_home, "install")
    return repo


@pytest.fixture
def consumer(consumer_template: Path, tmp_path: Path) -> Path:
    """A repository that uses licensegate through its .pre-commit-config.yaml, hook installed."""
    return copy_of(consumer_template, tmp_path / "consumer")


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=True,
    )


def commit(repo: Path, home: Path, message: str) -> subprocess.CompletedProcess[str]:
    git(repo, "add", "-A")
    return subprocess.run(
        ["git", "commit", "-m", message],
        cwd=repo,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_pre_commit_refuses_an_external_technical_contact(consumer: Path, pre_commit_home: Path) -> None:
    path = consumer / "licenses.yaml"
    path.write_text(IN_HORIZON.replace("atlassian-admins@example.com\n    backup", "admins@contractor.io\n    backup"))
    result = commit(consumer, pre_commit_home, "Hand the licenses to the contractor")
    assert result.returncode == 1, result.stdout + result.stderr
    # git shows a hook's output on stderr.
    assert "licensegate..............................................................Failed" in result.stderr
    assert (
        "licenses.yaml:18:24: error [email-domain] SEN-12345678: 'admins@contractor.io' is outside the allowed"
        " domains (example.com): license mail would leave the company" in result.stderr
    )
    assert git(consumer, "rev-list", "--count", "HEAD").stdout.strip() == "1"


def test_pre_commit_accepts_an_unrelated_fix_despite_an_old_renewal(consumer: Path, pre_commit_home: Path) -> None:
    (consumer / "licenses.yaml").write_text(IN_HORIZON.replace("Jira Software", "Jira Software Premium"))
    result = commit(consumer, pre_commit_home, "Correct the product name")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "licensegate..............................................................Passed" in result.stderr
    assert git(consumer, "rev-list", "--count", "HEAD").stdout.strip() == "2"

"""The release: sdist and wheel built from a tagged commit, checked by twine, the wheel installed
into a fresh virtual environment and every command the README documents run from it.

The source is this working tree (tracked and untracked files, as git lists them) committed in a
repository of its own and tagged ``v1.2.3``, so the version under test is the tag's. ``python -m
build`` builds the sdist, then the wheel from the sdist, as a package index's users get them; with
this environment's setuptools and setuptools-scm (the test extra) instead of an isolated build
environment, which would download them again. The fresh environment gets the wheel without its
dependencies, which it reads from this environment's site-packages through a ``.pth`` file (a
clean resolve would download them again, for seconds); ``pip check`` then says every requirement
the wheel declares is met.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import ROOT, VALID
from tests.test_git import GIT_ENV, commit_all, future, git

TAG = "v1.2.3"
VERSION = "1.2.3"


def source_tree(destination: Path) -> Path:
    """This working tree's files, as git lists them (tracked, and untracked but not ignored)."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name, follow_symlinks=False)
    return destination


def build(source: Path, outdir: Path, *kinds: str) -> list[Path]:
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", *kinds, "--outdir", str(outdir), str(source)],
        check=True,
        capture_output=True,
        env={**GIT_ENV, "PATH": "/usr/bin:/bin"},  # git for setuptools-scm, and nothing of this session's
    )
    return sorted(outdir.iterdir())


def wheel_version(wheel: Path) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    (line,) = [line for line in text.splitlines() if line.startswith("Version: ")]
    return line.removeprefix("Version: ")


class Release(NamedTuple):
    source: Path
    sdist: Path
    wheel: Path


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    source = source_tree(tmp_path_factory.mktemp("licensegate-release"))
    git(source, "init", "-q", "-b", "main")
    commit_all(source, "Release 1.2.3")
    git(source, "tag", TAG)
    built = build(source, tmp_path_factory.mktemp("dist"))  # the wheel from the sdist
    (sdist,) = [path for path in built if path.name.endswith(".tar.gz")]
    (wheel,) = [path for path in built if path.suffix == ".whl"]
    return Release(source, sdist, wheel)


def test_sdist_and_wheel_carry_the_tag_and_pass_twine_check(release: Release) -> None:
    assert (release.sdist.name, release.wheel.name) == (
        f"licensegate-{VERSION}.tar.gz",
        f"licensegate-{VERSION}-py3-none-any.whl",
    )
    assert wheel_version(release.wheel) == VERSION
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(release.sdist), str(release.wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("PASSED") == 2
    with zipfile.ZipFile(release.wheel) as archive:
        names = archive.namelist()
        packaged = archive.read("checker/licenses.schema.json").decode()
        version_file = archive.read("checker/_version.py").decode()
    assert packaged == (ROOT / "schema" / "licenses.schema.json").read_text()
    assert f"__version__ = version = '{VERSION}'" in version_file
    assert f"licensegate-{VERSION}.dist-info/licenses/LICENSE" in names
    with tarfile.open(release.sdist) as archive:
        members = {member.name.split("/", 1)[1] for member in archive.getmembers() if "/" in member.name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml", "schema/licenses.schema.json"} <= members


def test_the_version_without_git(tmp_path: Path, release: Release) -> None:
    # A `git archive` of the tag, as GitHub serves it and as a GitHub Action runs from: .git_archival.txt.
    archived = tmp_path / "archived"
    archived.mkdir()
    tar = tmp_path / "source.tar"
    git(release.source, "archive", "--format=tar", f"--output={tar}", TAG)
    with tarfile.open(tar) as archive:
        archive.extractall(archived, filter="data")
    assert "describe-name: v1.2.3" in (archived / ".git_archival.txt").read_text()
    (wheel,) = build(archived, tmp_path / "from-archive", "--wheel")
    assert wheel_version(wheel) == VERSION
    # A plain copy, with neither git nor a filled-in archival file: the fallback, and it still builds.
    copied = source_tree(tmp_path / "copied")
    (wheel,) = build(copied, tmp_path / "from-copy", "--wheel")
    assert wheel_version(wheel) == "0.0.0"


# -- the wheel, installed ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, release: Release) -> Path:
    """A fresh virtual environment with the wheel: its bin directory."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=False)  # ensurepip costs seconds: this environment's pip installs into it
    python = env_dir / "bin" / "python"
    install = ["--python", str(python), "install", "--quiet", "--no-compile", "--no-deps", str(release.wheel)]
    subprocess.run([sys.executable, "-m", "pip", *install], check=True, capture_output=True)
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    check = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout
    return env_dir / "bin"


# The commands run without --today, as the README shows them: the inventory renews a year from the
# real today, so they pass on any day.
INVENTORY = VALID.replace("renews: 2027-09-30", f"renews: {future(365)}")


@pytest.fixture(scope="module")
def adopter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A team's repository: an inventory, committed, then one change on top."""
    repo = tmp_path_factory.mktemp("adopter") / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(INVENTORY)
    commit_all(repo, "Add the inventory")
    (repo / "licenses.yaml").write_text(INVENTORY.replace("product: Jira Software", "product: Jira"))
    commit_all(repo, "Rename a product")
    return repo


# Every licensegate command line the README shows, made concrete, with its exit code.
README_COMMANDS = [
    ("licensegate check licenses.yaml", 0),
    ("licensegate check", 0),
    ("licensegate check --all", 0),
    ("licensegate check --base HEAD --all", 0),
    ("licensegate check --base HEAD~1 --all --format json", 0),
    ("licensegate check --all --format github", 0),
    ("licensegate check --all --format sarif", 0),
    ("licensegate check --all --format junit", 0),
    ("licensegate check --all --format gitlab", 0),
    ("licensegate check --all --format bitbucket", 0),
    ("licensegate check --select renewal-horizon,reach", 0),
    ("licensegate check --ignore end-of-support", 0),
    ("licensegate schema", 0),
    ("licensegate rules", 0),
    ("licensegate rules email-domain", 0),
    ("licensegate diff", 0),
    ("licensegate diff HEAD~1 HEAD --format json", 0),
    ("licensegate history", 0),
    ("licensegate history --format csv", 0),
    ("licensegate renewals", 0),
    ("licensegate renewals --format markdown", 0),
    ("licensegate renewals --format ics", 0),
    ("licensegate renewals --format json", 0),
    ("licensegate report -o site", 0),
    ("licensegate report --today 2028-12-15 -o site", 0),
    ("python -m checker check", 0),
]


def test_every_readme_command_is_in_the_table() -> None:
    readme = (ROOT / "README.md").read_text()
    shown = {word.split("`")[0] for word in readme.split("`licensegate ")[1:]}
    # The README's own spellings (placeholders in capitals) of the commands run below.
    assert shown >= {"check", "schema", "rules", "rules ID", "diff", "history", "check --base HEAD --all"}
    for command in ("check", "schema", "rules", "diff", "history", "renewals", "report"):
        assert any(line.startswith(f"licensegate {command}") for line, _ in README_COMMANDS), command


@pytest.mark.parametrize(("command", "exit_code"), README_COMMANDS)
def test_readme_commands_work_from_the_wheel(installed: Path, adopter: Path, command: str, exit_code: int) -> None:
    program, *args = command.split()
    result = subprocess.run(
        [str(installed / program), *args],
        cwd=adopter,
        env={**GIT_ENV, "PATH": f"{installed}:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (exit_code, ""), result.stdout
    assert result.stdout


def test_the_wheel_runs_its_own_code_and_says_its_version(installed: Path, adopter: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import checker; print(checker.__file__)"],
        cwd=adopter,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(installed.parent)), where.stdout  # not this checkout's checker
    version = subprocess.run([str(installed / "licensegate"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == f"licensegate {VERSION}\n"
    check = subprocess.run(
        [str(installed / "licensegate"), "check", "licenses.yaml"], cwd=adopter, capture_output=True, text=True
    )
    assert check.stdout == "0 errors, 0 warnings in 1 file\n"


def test_a_policy_kept_in_a_file_of_its_own(installed: Path, tmp_path: Path) -> None:
    # The README's `licensegate check --policy security/licensegate-policy.yaml`.
    policy = "policy:\n  allowed_domains: [example.com]\n"
    (tmp_path / "security").mkdir()
    (tmp_path / "security" / "licensegate-policy.yaml").write_text(policy)
    (tmp_path / "licenses.yaml").write_text(INVENTORY.replace(policy, ""))
    result = subprocess.run(
        [str(installed / "licensegate"), "check", "--policy", "security/licensegate-policy.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")


def test_init_from_the_wheel_pins_the_hook_at_the_release_tag(installed: Path, tmp_path: Path) -> None:
    # The README's `licensegate init --domain example.com`, in an empty repository.
    git(tmp_path, "init", "-q", "-b", "main")
    env = {**GIT_ENV, "PATH": f"{installed}:/usr/bin:/bin"}
    init = subprocess.run(
        [str(installed / "licensegate"), "init", "--domain", "example.com"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (init.returncode, init.stderr) == (0, "")
    assert f"    rev: {TAG}\n" in (tmp_path / ".pre-commit-config.yaml").read_text()
    assert (tmp_path / "schema" / "licenses.schema.json").read_text() == (
        ROOT / "schema" / "licenses.schema.json"
    ).read_text()
    check = subprocess.run(
        [str(installed / "licensegate"), "check"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert (check.returncode, check.stdout, check.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")

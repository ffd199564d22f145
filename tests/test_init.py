"""``licensegate init``: the starter files, never written over a file that exists, and a repository
that then commits through the real pre-commit framework.

The modeline is resolved as yaml-language-server resolves it (``resolveSchemaRef`` and
``getSchemaFromModeline`` in redhat-developer/yaml-language-server,
``src/languageservice/services/yamlSchemaService.ts`` and
``src/languageservice/services/modelineUtil.ts``): the first comment line matching
``^#\\s+(?:yaml-language-server\\s*:|\\$schema:)`` gives ``$schema=(\\S+)``; a value that is neither
``file:`` nor ``http…`` nor absolute is ``path.resolve(<the document's folder>, value)``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from checker.commands.init import hook_rev
from checker.schema import schema_text
from checker.starter import HEADER
from tests.conftest import ROOT, run, run_script
from tests.test_git import GIT_ENV, git
from tests.test_precommit import hook_repository, pre_commit_home  # noqa: F401  (session fixtures)

REV = "v1.2.3"
URL = "https://github.com/licensegate/licensegate"
BASE = ("init", "--domain", "example.com", "--hook-rev", REV)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under FOLDER (relative path -> bytes), and every folder (-> b'/')."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        found[path.relative_to(folder).as_posix()] = b"/" if path.is_dir() else path.read_bytes()
    return found


STARTER = ["licenses.yaml", "schema/licenses.schema.json", ".pre-commit-config.yaml"]
NEXT = (
    "next:\n"
    "  1. git init\n"
    "  2. edit licenses.yaml: your mailboxes, people and licenses (the comments show every key)\n"
    "  3. licensegate check\n"
    "  4. pre-commit install  (once in each clone: then every commit that changes a YAML file is checked)\n"
)


def test_init_in_an_empty_folder(tmp_path: Path) -> None:
    result = run(*BASE, cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "".join(f"wrote {name}\n" for name in STARTER) + NEXT
    files = snapshot(tmp_path)
    assert list(files) == [".pre-commit-config.yaml", "licenses.yaml", "schema", "schema/licenses.schema.json"]
    inventory = files["licenses.yaml"].decode().splitlines()
    assert inventory[0] == "# yaml-language-server: $schema=schema/licenses.schema.json"
    assert "version: 1" in inventory
    assert "  allowed_domains: [example.com]" in inventory
    assert "licenses: []" in inventory
    assert files["schema/licenses.schema.json"].decode() == schema_text()
    assert files[".pre-commit-config.yaml"].decode().splitlines()[2:] == [
        "repos:",
        f"  - repo: {URL}",
        f"    rev: {REV}",
        "    hooks:",
        "      - id: licensegate",
    ]


@pytest.mark.parametrize("today", ["2026-11-26", "2046-11-26", "2126-01-01"])
def test_a_fresh_init_passes_check_on_any_day(tmp_path: Path, today: str) -> None:
    run(*BASE, "--domain", "*.example.org", cwd=tmp_path)
    assert '  allowed_domains: [example.com, "*.example.org"]' in (tmp_path / "licenses.yaml").read_text()
    result = run("check", "--today", today, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")
    strict = run("check", "--strict", "--today", today, cwd=tmp_path)
    assert strict.returncode == 0, strict.stdout


def test_the_commented_examples_pass_check_once_uncommented(tmp_path: Path) -> None:
    run(*BASE, "--domain", "corp.example", cwd=tmp_path)
    text = (tmp_path / "licenses.yaml").read_text()
    assert "atlassian-admins@example.com" in text  # the first domain names the examples
    lines = [line for line in text.splitlines() if line != "licenses: []"]
    uncommented = [re.sub(r"^# (?=mailboxes:|people:|licenses:|waivers:|  )|^(  )# ", r"\1", line) for line in lines]
    body = "\n".join(uncommented) + "\n"
    (tmp_path / "licenses.yaml").write_text(body)
    loaded = yaml.safe_load(body)
    assert [len(loaded[key]) for key in ("mailboxes", "people", "licenses", "waivers")] == [1, 2, 3, 1]
    assert set(loaded["licenses"][0]) == {
        "id",
        "product",
        "deployment",
        "type",
        "tier",
        "renews",
        "technical_contact",
        "backup_contacts",
        "billing_contact",
        "site",
        "notes",
    }
    result = run("check", "--today", "2026-11-26", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file; 1 waived\n", "")


@pytest.mark.parametrize(
    ("version", "rev"),
    [
        ("1.2.0", "v1.2.0"),
        ("10.0", "v10.0"),
        ("1.2.1.dev3+g1a2b3c4", "1a2b3c4"),
        ("0.0.1.dev123+g05c4bc1bf.d20261126", "05c4bc1bf"),
        ("0.0.0", None),
        ("1.2.1.dev3", None),
        ("1.2.1rc1", None),
    ],
)
def test_the_hook_rev_of_a_version(version: str, rev: str | None) -> None:
    assert hook_rev(version) == rev


def test_the_default_rev_is_the_installed_version(tmp_path: Path) -> None:
    from checker import __version__

    run("init", "--domain", "example.com", cwd=tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert config["repos"][0] == {"repo": URL, "rev": hook_rev(__version__), "hooks": [{"id": "licensegate"}]}


def test_a_version_that_names_no_revision_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A copy built without git history says 0.0.0: no tag or commit to pin the hook to.
    monkeypatch.setattr("checker.commands.init.__version__", "0.0.0")
    result = run("init", "--domain", "example.com", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == (
        "licensegate: warning: licensegate 0.0.0 does not say which tag or commit it was built from: set rev in"
        " .pre-commit-config.yaml to one (or run init with --hook-rev)\n"
    )
    assert "    rev: v0.0.0\n" in (tmp_path / ".pre-commit-config.yaml").read_text()


def test_a_folder_name_is_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "a\x1b[31mb").mkdir()
    result = run(*BASE, "a\x1b[31mb", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == "wrote a\\x1b[31mb/licenses.yaml"
    assert "  3. licensegate check a\\x1b[31mb/licenses.yaml" in result.stdout.splitlines()


# -- never over a file that exists -----------------------------------------------------------------

ALL = (*BASE, "--ci", "github", "--ci", "gitlab", "--ci", "bitbucket", "--codeowners", "@example-corp/admins")
ALL_FILES = [
    *STARTER,
    ".github/workflows/licensegate.yml",
    ".gitlab-ci.yml",
    "bitbucket-pipelines.yml",
    ".github/CODEOWNERS",
    "CODEOWNERS",
    ".bitbucket/CODEOWNERS",
]


@pytest.mark.parametrize("existing", ALL_FILES)
def test_an_existing_file_stops_init_before_anything_is_written(tmp_path: Path, existing: str) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("theirs\n")
    before = snapshot(tmp_path)
    result = run(*ALL, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"licensegate: {existing}: already exists; init never overwrites a file (--force replaces it):"
        " nothing written\n"
    )
    assert snapshot(tmp_path) == before
    forced = run(*ALL, "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout.count("wrote ") == len(ALL_FILES)
    assert (tmp_path / existing).read_text() != "theirs\n"


def test_every_existing_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("licenses.yaml", ".pre-commit-config.yaml"):
        (tmp_path / "sub" / name).write_text("theirs\n")
    before = snapshot(tmp_path)
    result = run(*BASE, "sub", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "licensegate: sub/licenses.yaml, sub/.pre-commit-config.yaml: already exist; init never overwrites a file"
        " (--force replaces it): nothing written\n"
    )
    assert snapshot(tmp_path) == before


def test_a_symbolic_link_counts_as_a_file_that_exists(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = run(*BASE, cwd=tmp_path)
    assert result.returncode == 2
    assert "licenses.yaml: already exists" in result.stderr
    assert not (tmp_path / "nowhere.yaml").exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_target_that_cannot_be_a_file(tmp_path: Path, force: bool) -> None:
    (tmp_path / "schema").write_text("a file where the schema's folder goes\n")
    (tmp_path / ".pre-commit-config.yaml").mkdir()
    before = snapshot(tmp_path)
    result = run(*BASE, *(["--force"] if force else []), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "licensegate: schema/licenses.schema.json, .pre-commit-config.yaml: cannot be written as a file"
        " (a folder, or under a file)\n"
    )
    assert snapshot(tmp_path) == before


# -- unusable input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init"], "init needs --domain DOMAIN: the mail domain license mail may go to (repeatable)"),
        (
            ["init", "--domain", "not a domain"],
            "--domain 'not a domain' is not a mail domain (example.com, or *.example.com for its subdomains)",
        ),
        (
            ["init", "--domain", "alice@example.com"],
            "--domain 'alice@example.com' is not a mail domain (example.com, or *.example.com for its subdomains)",
        ),
        (
            ["init", "--domain", "example.com\nevil: 1"],
            "--domain 'example.com\\nevil: 1' is not a mail domain (example.com, or *.example.com for its subdomains)",
        ),
        (
            ["init", "--domain", "localhost"],
            "--domain 'localhost' is not a mail domain (example.com, or *.example.com for its subdomains)",
        ),
        (
            ["init", "--domain", "*.co.uk"],
            "--domain '*.co.uk' allows every domain under the public suffix co.uk: name the company's own domain",
        ),
        (
            ["init", "--domain", "github.io"],
            "--domain 'github.io' allows every domain under the public suffix github.io: name the company's own domain",
        ),
        (
            ["init", "--domain", "example.com", "--ci", "jenkins"],
            "'jenkins' is not a CI platform of init (github, gitlab, bitbucket)",
        ),
        (
            ["init", "--domain", "example.com", "--codeowners", "# everyone"],
            "--codeowners '# everyone' is not a code owner (@user, @org/team or an email address)",
        ),
        (
            ["init", "--domain", "example.com", "--codeowners", "@team\n* @evil"],
            "--codeowners '@team\\n* @evil' is not a code owner (@user, @org/team or an email address)",
        ),
        (
            ["init", "--domain", "example.com", "--ci", "github", "--hook-repo", "/srv/git/licensegate"],
            "--ci github: a GitHub Action is named by its repository on GitHub (https://HOST/OWNER/NAME), and the"
            " hook repository '/srv/git/licensegate' is not one: give --hook-repo",
        ),
        (["init", "--domain", "example.com", "--hook-rev", ""], "--hook-rev needs a tag or commit"),
        (["init", "--domain", "example.com", "missing"], "missing: no such folder"),
        (["init", "--domain", "example.com", "a-file"], "a-file: not a folder"),
    ],
)
def test_unusable_input(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a-file").write_text("")
    before = snapshot(tmp_path)
    result = run(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"licensegate: {message}\n")
    assert snapshot(tmp_path) == before


def test_init_writes_at_a_repository_top(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "team").mkdir()
    result = run(*BASE, "team", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"licensegate: team: inside the git repository {tmp_path.resolve()}: init writes at a repository's top"
        " (run it there)\n"
    )
    at_top = run(*BASE, cwd=tmp_path)
    assert at_top.returncode == 0
    assert "git init" not in at_top.stdout


@pytest.mark.parametrize(
    "repository",
    [
        "https://example.com/x\nevil: 1",
        "https://example.com/x # comment",
        'https://example.com/x"; rm -rf ~; echo "',
        "https://example.com/$(touch pwned)",
        "'quoted'",
        "- item",
        "https://example.com/\u2028x",
    ],
)
def test_hostile_hook_values_stay_values(tmp_path: Path, repository: str) -> None:
    rev = "v1\nhooks: []"
    result = run(
        *BASE[:-2], "--hook-repo", repository, "--hook-rev", rev, "--ci", "gitlab", "--ci", "bitbucket", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert config == {"repos": [{"repo": repository, "rev": rev, "hooks": [{"id": "licensegate"}]}]}
    requirement = f"licensegate @ git+{repository}@{rev}"
    gitlab = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    assert set(gitlab) == {"licenses:merge-request", "licenses:default-branch"}
    pipelines = yaml.safe_load((tmp_path / "bitbucket-pipelines.yml").read_text())
    installs = [
        gitlab["licenses:merge-request"]["script"][0],
        gitlab["licenses:default-branch"]["script"][0],
        pipelines["pipelines"]["pull-requests"]["**"][0]["step"]["script"][0],
        pipelines["pipelines"]["custom"]["licenses-full-check"][0]["step"]["script"][0],
    ]
    for install in installs:
        assert shlex.split(install) == ["pip", "install", requirement]


# -- the CI recipes are the README's ---------------------------------------------------------------


def readme_block(first_line: str) -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index(f"```yaml\n{first_line}\n") + len("```yaml\n")
    return readme[start : readme.index("```", start)]


def test_the_recipes_are_the_readme_and_the_repository_ones(tmp_path: Path) -> None:
    run(*ALL[:-2], "--hook-repo", URL, cwd=tmp_path)
    install = f'pip install "licensegate @ git+{URL}@{REV}"'
    github = (tmp_path / ".github/workflows/licensegate.yml").read_text()
    assert f"      - uses: licensegate/licensegate@{REV}\n" in github
    assert github == HEADER + readme_block("on: pull_request").replace("@<a tag or commit>", f"@{REV}")
    gitlab = (tmp_path / ".gitlab-ci.yml").read_text()
    assert f"    - {install}\n" in gitlab
    assert gitlab == HEADER + readme_block("licenses:merge-request:").replace("pip install .", install)
    # bitbucket-pipelines.yml installs licensegate from this checkout, with a comment saying so.
    ours = yaml.safe_load((ROOT / "bitbucket-pipelines.yml").read_text())
    written = (tmp_path / "bitbucket-pipelines.yml").read_text()
    assert written.count(f"            - {install}\n") == 2
    assert yaml.safe_load(written.replace(install, "pip install .")) == ours


def test_codeowners_stanza(tmp_path: Path) -> None:
    result = run(*BASE, "--ci", "github", "--hook-repo", URL, "--codeowners", "@example-corp/admins", cwd=tmp_path)
    assert result.stdout.splitlines()[:5] == [
        "wrote licenses.yaml",
        "wrote schema/licenses.schema.json",
        "wrote .pre-commit-config.yaml",
        "wrote .github/workflows/licensegate.yml",
        "wrote .github/CODEOWNERS",
    ]
    assert (tmp_path / ".github/CODEOWNERS").read_text() == (
        "# licensegate (licensegate init): the inventory and its policy, its schema, and the gate.\n"
        "/licenses.yaml                      @example-corp/admins\n"
        "/schema/licenses.schema.json        @example-corp/admins\n"
        "/.pre-commit-config.yaml            @example-corp/admins\n"
        "/.github/workflows/licensegate.yml  @example-corp/admins\n"
        "/.github/CODEOWNERS                 @example-corp/admins\n"
    )
    other = tmp_path / "other"
    other.mkdir()
    run(*BASE, "--codeowners", "@a", "--codeowners", "licenses@example.com", cwd=other)
    assert (other / "CODEOWNERS").read_text().splitlines()[1] == "/licenses.yaml                @a licenses@example.com"


# -- the editor's modeline -------------------------------------------------------------------------

_MODELINE = re.compile(r"^#\s+(?:yaml-language-server\s*:|\$schema:)")
_SCHEMA = re.compile(r"\$schema(?:=|:\s*)(\S+)")


def modeline_schema(document: Path) -> Path:
    """The schema file yaml-language-server opens for DOCUMENT (see the module docstring)."""
    comments = [line for line in document.read_text().splitlines() if line.startswith("#")]
    modeline = next(line for line in comments if _MODELINE.match(line))
    match = _SCHEMA.search(modeline)
    assert match is not None
    value = match.group(1)
    assert not value.startswith(("file:", "http"))
    assert not os.path.isabs(value)
    return Path(os.path.normpath(os.path.join(document.resolve().parent, value)))


def test_the_modeline_resolves_to_the_schema_beside_it(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    run(*BASE, str(repo), cwd=tmp_path)
    schema = modeline_schema(repo / "licenses.yaml")
    assert schema == (repo / "schema" / "licenses.schema.json").resolve()
    assert schema.read_text() == run("schema").stdout


class LanguageServer:
    """yaml-language-server over stdio: JSON-RPC messages with a Content-Length header (the Language
    Server Protocol's base protocol). Requests the server makes (workspace/configuration) are answered
    with the settings an editor gives: validation and hover on, no schema store (no network)."""

    SETTINGS: ClassVar[dict[str, Any]] = {"validate": True, "hover": True, "schemaStore": {"enable": False}}

    def __init__(self, command: str) -> None:
        self.process = subprocess.Popen(
            [command, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.watchdog = threading.Timer(60, self.process.kill)  # a server that hangs fails the test
        self.watchdog.start()

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = None
        while (line := self.process.stdout.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        assert length is not None, "the language server stopped"
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def until(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        while True:
            message = self.receive()
            if "method" in message and "id" in message:  # the server asks: answer, and read on
                items = message["params"].get("items", []) if message["method"] == "workspace/configuration" else None
                self.send({"id": message["id"], "result": None if items is None else [self.SETTINGS for _ in items]})
            elif wanted(message):
                return message

    def close(self) -> None:
        self.watchdog.cancel()
        self.process.kill()
        self.process.wait()


def language_server() -> str | None:
    """The yaml-language-server command (``npm install yaml-language-server``, then its
    ``node_modules/.bin`` on PATH, or YAML_LANGUAGE_SERVER naming it), or None."""
    if shutil.which("node") is None:
        return None
    return os.environ.get("YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


@pytest.mark.skipif(language_server() is None, reason="yaml-language-server (and node) not installed")
def test_yaml_language_server_applies_the_schema(tmp_path: Path) -> None:
    command = language_server()
    assert command is not None
    run(*BASE, cwd=tmp_path)
    document = tmp_path / "licenses.yaml"
    uri, text = document.as_uri(), document.read_text()
    server = LanguageServer(command)
    try:
        server.send(
            {
                "id": 1,
                "method": "initialize",
                "params": {
                    "processId": None,
                    "rootUri": tmp_path.as_uri(),
                    "capabilities": {"workspace": {"configuration": True}},
                },
            }
        )
        server.until(lambda message: message.get("id") == 1)
        server.send({"method": "initialized", "params": {}})
        server.send(
            {"method": "workspace/didChangeConfiguration", "params": {"settings": {"yaml": LanguageServer.SETTINGS}}}
        )

        def diagnostics() -> list[str]:
            published = server.until(lambda message: message.get("method") == "textDocument/publishDiagnostics")
            assert published["params"]["uri"] == uri
            return [diagnostic["message"] for diagnostic in published["params"]["diagnostics"]]

        opened = {"uri": uri, "languageId": "yaml", "version": 1, "text": text}
        server.send({"method": "textDocument/didOpen", "params": {"textDocument": opened}})
        assert diagnostics() == []  # the starter as written
        changed = {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": text.replace("version: 1", "version: 2")}],
        }
        server.send({"method": "textDocument/didChange", "params": changed})
        assert diagnostics() == ["Value must be 1."]  # only the schema says so
        line = text.splitlines().index("version: 1")
        position = {"line": line, "character": 2}
        server.send(
            {"id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": position}}
        )
        hover = server.until(lambda message: message.get("id") == 2)["result"]["contents"]["value"]
    finally:
        server.close()
    schema = tmp_path / "schema" / "licenses.schema.json"
    assert hover == (
        "#### Format version\n\nThe version of this file format. Always 1.\n\n"
        f"Source: [licenses.schema.json]({schema.as_uri()})"
    )


# -- end to end: init, then commit through the pre-commit framework -----------------------------


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


def test_init_then_commit_through_pre_commit(
    tmp_path: Path,
    hook_repository: tuple[Path, str],  # noqa: F811
    pre_commit_home: Path,  # noqa: F811
) -> None:
    url, rev = hook_repository
    repo = tmp_path / "adopter"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    result = run_script("init", "--domain", "example.com", "--hook-repo", str(url), "--hook-rev", rev, cwd=repo)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(pre_commit_home)}
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True, capture_output=True)
    first = commit(repo, pre_commit_home, "Start the license inventory")
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"^licensegate\.+Passed$", first.stdout + first.stderr, re.MULTILINE), first.stdout
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"
    # The first license, its technical contact outside the allowed domains: the hook refuses it.
    inventory = repo / "licenses.yaml"
    inventory.write_text(
        inventory.read_text().replace(
            "licenses: []\n",
            "licenses:\n"
            "  - id: SEN-12345678\n"
            "    product: Jira Software\n"
            "    deployment: cloud\n"
            "    renews: 2099-09-30\n"
            "    technical_contact: admins@contractor.io\n",
        )
    )
    second = commit(repo, pre_commit_home, "Hand the licenses to the contractor")
    assert second.returncode == 1, second.stdout + second.stderr
    assert re.search(r"^licensegate\.+Failed$", second.stderr, re.MULTILINE), second.stderr
    assert "error [email-domain] SEN-12345678: 'admins@contractor.io' is outside the allowed domains" in second.stderr
    assert git(repo, "rev-list", "--count", "HEAD").stdout.strip() == "1"

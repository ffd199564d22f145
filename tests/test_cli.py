"""The command line: output contract, exit codes, colour, usage errors.

Most tests run a command line in-process (``run``); a few run the installed console script in a
process of its own (``run_script``) on purpose: the shipped inventory, a usage error's exit code,
hostile input without a traceback, colour on a terminal and not on a pipe, and ``python -m checker``.
"""

from __future__ import annotations

import datetime
import json
import os
import pty
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from checker import engine
from checker.finding import Severity
from tests.conftest import ROOT, VALID, licensegate_command, run, run_script

BAD = VALID.replace("    tier: 500\n", "    tier: -5\n").replace(
    "    technical_contact: atlassian-admins@example.com\n",
    "    technical_contact: atlassian-admins@example.com\n    technical_contact: atlassian-admins@example.com\n",
)


# The shipped example passes for years: from today until its Data Center renewals come within the
# 60-day horizon (warnings, still exit 0 without --strict) and then the 14-day one (errors).
@pytest.mark.parametrize(
    ("today", "strict", "summary"),
    [
        ("2026-11-26", True, "0 errors, 0 warnings in 1 file"),
        ("2028-12-01", True, "0 errors, 0 warnings in 1 file"),
        ("2029-01-16", False, "0 errors, 7 warnings in 1 file"),
    ],
)
def test_shipped_inventory_passes(today: str, strict: bool, summary: str) -> None:
    result = run("check", *(["--strict"] if strict else []), "--today", today, cwd=ROOT)  # ./licenses.yaml
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == summary


def test_shipped_inventory_passes_every_day_for_two_years() -> None:
    # The README's first command must pass on any day of the two years after this release was
    # written (issue 15), without editing the file: every day is checked, the last one end to end.
    raw = (ROOT / "licenses.yaml").read_bytes()
    first, last = datetime.date(2026, 11, 26), datetime.date(2028, 11, 26)
    failing = {}
    for offset in range((last - first).days + 1):
        day = first + datetime.timedelta(days=offset)
        loaded = engine.load(raw, path="licenses.yaml")
        errors = [f for f in engine.check_loaded(loaded, today=day).findings if f.severity is Severity.ERROR]
        if errors:
            failing[day.isoformat()] = errors[0].message
    assert failing == {}
    result = run("check", "--today", last.isoformat(), "licenses.yaml", cwd=ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")


def test_shipped_inventory_passes_through_the_console_script() -> None:
    result = run_script("check", "--strict", "--today", "2026-11-26", cwd=ROOT)
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")


def test_text_output(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(BAD)
    result = run("check", "--today", "2026-11-26", "licenses.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout == (
        "licenses.yaml:16:11: error [schema] SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5\n"
        "licenses.yaml:19:5: error [duplicate-key] SEN-12345678: key 'technical_contact' is repeated"
        " (first at line 18): YAML readers keep only one of them, delete the other\n"
        "2 errors, 0 warnings in 1 file\n"
    )


def test_json_output(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(BAD)
    (tmp_path / "other.yaml").write_text(VALID)
    result = run("check", "--format", "json", "--today", "2026-11-26", "licenses.yaml", "other.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "version": 1,
        "findings": [
            {
                "file": "licenses.yaml",
                "line": 16,
                "column": 11,
                "rule": "schema",
                "severity": "error",
                "message": "'tier' must be a positive integer or \"unlimited\", got -5",
                "license": "SEN-12345678",
                "pointer": "/licenses/0/tier",
            },
            {
                "file": "licenses.yaml",
                "line": 19,
                "column": 5,
                "rule": "duplicate-key",
                "severity": "error",
                "message": "key 'technical_contact' is repeated (first at line 18):"
                " YAML readers keep only one of them, delete the other",
                "license": "SEN-12345678",
                "pointer": "/licenses/0/technical_contact",
            },
        ],
        "summary": {"files": 2, "licenses": 2, "errors": 2, "warnings": 0, "waived": 0, "overrides": [], "base": None},
    }


def test_findings_without_a_license(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text("version: 1\npolicy: {}\nlicenses: []\n")
    result = run("check", "--format", "json", cwd=tmp_path)
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["license"], finding["pointer"], finding["line"], finding["column"]) == (None, "/policy", 2, 9)
    assert run("check", cwd=tmp_path).stdout.splitlines()[0] == (
        "licenses.yaml:2:9: error [schema] missing required key 'allowed_domains'"
    )


def test_strict_passes_a_clean_file(inventory: Path) -> None:
    assert run("check", "--strict", "--today", "2026-11-26", str(inventory)).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.yaml"], "licensegate: missing.yaml: no such file\n"),
        (["check", "."], "licensegate: .: is a directory, not a file\n"),
        (["check", "licenses.yaml/x"], "licensegate: licenses.yaml/x: cannot read: Not a directory\n"),
    ],
)
def test_unreadable_paths_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "licenses.yaml").write_text(VALID)
    result = run(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_permission_denied_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "licenses.yaml"
    path.write_text(VALID)
    path.chmod(0)
    result = run("check", str(path))
    assert (result.returncode, result.stderr) == (2, f"licensegate: {path}: permission denied\n")


WAIVABLE_RULES = "app-tier, backup-contact, end-of-support, reach, renewal-horizon, unknown-contact"
FORMATS = "text, json, github, sarif, junit, gitlab, bitbucket"


# Every usage error is one line in our words, decided in one place (checker.entry), exit 2.
@pytest.mark.parametrize(
    ("args", "line"),
    [
        # A value, in the words of checker.arguments, whichever parser read it.
        (["check", "--today", "2026-13-01"], "'2026-13-01' is not a date (YYYY-MM-DD)"),
        (["check", "--today=26/11/2026"], "'26/11/2026' is not a date (YYYY-MM-DD)"),
        (["renewals", "--today", "tomorrow"], "'tomorrow' is not a date (YYYY-MM-DD)"),
        (["renewals", "--within", "-1"], "'-1' is not a number of days (0 or more)"),
        (["renewals", "--within", "ten"], "'ten' is not a number of days (0 or more)"),
        (["check", "--format", "xml"], f"'xml' is not an output format of check ({FORMATS})"),
        (["check", "-f=json"], f"'=json' is not an output format of check ({FORMATS})"),
        (["renewals", "-f", "sarif"], "'sarif' is not an output format of renewals (text, json, markdown, ics)"),
        (["who", "--at-risk", "-f", "csv"], "'csv' is not an output format of who (text, json)"),
        (["check", "--color", "blue"], "'blue' is not a colour mode (auto, always, never)"),
        # The framework's findings, in the words of checker.options.
        (["check", "--format"], "--format needs a value (see 'licensegate check --help')"),
        (["check", "-o"], "-o needs a value (see 'licensegate check --help')"),
        (["history", "--since"], "--since needs a value (see 'licensegate history --help')"),
        (["check", "--strict=yes"], "--strict takes no value (see 'licensegate check --help')"),
        (["check", "--no-such-option"], "no option '--no-such-option' (see 'licensegate check --help')"),
        (
            ["check", "--formt", "json"],
            "no option '--formt'; did you mean '--format'? (see 'licensegate check --help')",
        ),
        (["check", "-x"], "no option '-x' (see 'licensegate check --help')"),
        (["--versio"], "no option '--versio'; did you mean '--version'? (see 'licensegate --help')"),
        (["frobnicate"], "no command 'frobnicate' (see 'licensegate --help')"),
        (["chek"], "no command 'chek'; did you mean 'check' or 'schema'? (see 'licensegate --help')"),
        (["rules", "reach", "extra"], "unexpected argument 'extra' (see 'licensegate rules --help')"),
        # The command's own checks of what the options say together.
        (["check", "--select", "reech"], "--select: no rule 'reech'; 'licensegate rules' lists them"),
        (["check", "--ignore", "reach,x,y"], "--ignore: no rules 'x', 'y'; 'licensegate rules' lists them"),
        (
            ["check", "--ignore", "email-syntax"],
            "--ignore: email-syntax is protected and always reported;"
            f" --select and --ignore take the waivable rules ({WAIVABLE_RULES})",
        ),
        (
            ["check", "--select", "reach", "--select", "schema,policy-relaxed"],
            "--select: policy-relaxed, schema are protected and always reported;"
            f" --select and --ignore take the waivable rules ({WAIVABLE_RULES})",
        ),
        (["check", "-", "-"], "'-' (standard input) can be read only once"),
        (["check", "--all", "-"], "--all takes no paths: it checks every licenses.yaml git tracks"),
        (
            ["check", "--all", "--stdin-filename", "a.yaml"],
            "--all reads the files git tracks and --stdin-filename standard input: give one of them",
        ),
        (
            ["check", "--stdin-filename", "a.yaml", "b.yaml"],
            "--stdin-filename names standard input ('-'): it takes no other PATH (b.yaml)",
        ),
        (
            ["check", "-", "--head", ":"],
            "--head reads the files from git and '-' from standard input: give one of them",
        ),
        (["check", "-", "--base", "HEAD"], "--base with '-' needs --stdin-filename: the file's name in the repository"),
        (
            ["check", "-o", "licenses.yaml"],
            "licenses.yaml: is an input of this check; refusing to write the report over it",
        ),
        (["check", "-o", "missing/report.txt"], "missing/report.txt: cannot write: No such file or directory"),
        (["check", "-o", "."], ".: is a directory, not a file"),
    ],
)
def test_usage_errors_are_one_line_of_ours(inventory: Path, args: list[str], line: str) -> None:
    result = run(*args, cwd=inventory.parent)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"licensegate: {line}\n")


def test_the_readme_shows_the_real_usage_errors(inventory: Path) -> None:
    rows = re.findall(r"^\| `([^`]+)` \| `(licensegate: [^`]+)` \|$", (ROOT / "README.md").read_text(), re.MULTILINE)
    assert len(rows) == 12
    for command, line in rows:
        result = run(*shlex.split(command), cwd=inventory.parent)
        assert (result.returncode, result.stderr) == (2, f"{line}\n"), command


def test_usage_error_exits_2_from_the_console_script(inventory: Path) -> None:
    result = run_script("check", "--format", "xml", cwd=inventory.parent)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"licensegate: 'xml' is not an output format of check ({FORMATS})\n"


def run_on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run with stdout on a pseudo-terminal, as when a person types the command."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([*licensegate_command(), *args], stdout=follower, stderr=follower, cwd=cwd, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(BAD)
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    coloured = run_on_a_terminal(["check"], env, tmp_path)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    plain = run_on_a_terminal(["check"], {**env, "NO_COLOR": "1"}, tmp_path)
    assert "\x1b[" not in plain
    assert "licenses.yaml:16:11: error [schema] SEN-12345678:" in plain
    assert "\x1b[" not in run_script("check", cwd=tmp_path).stdout  # a pipe


def test_python_dash_m_checker(inventory: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "checker", "check", "--today", "2026-11-26", str(inventory)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings in 1 file\n")


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "schema" / "licenses.schema.json").read_text()


def test_version_and_help() -> None:
    from checker import __version__

    assert run("--version").stdout == f"licensegate {__version__}\n"
    result = run("check", "--help")
    assert result.returncode == 0
    for option in ("--format", "--today", "--strict"):
        assert option in result.stdout


def test_hostile_input_never_prints_a_traceback(tmp_path: Path) -> None:
    samples = {
        "binary.yaml": bytes(range(256)),
        "tag.yaml": b"!!python/object/apply:os.system ['true']\n",
        "deep.yaml": b"[" * 20000 + b"]" * 20000,
        "bomb.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n".encode() for i in range(8)
        ),
        "utf16.yaml": "version: 1\n".encode("utf-16"),
    }
    for name, raw in samples.items():
        (tmp_path / name).write_bytes(raw)
    result = run_script("check", *samples, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ""
    assert [line.split(" [")[1].split("]")[0] for line in result.stdout.splitlines()[:-1]] == [
        "yaml-encoding",
        "yaml-structure",
        "yaml-tag",
        "yaml-limits",
        "yaml-limits",
        "yaml-encoding",
    ]


# -- the in-process harness (tests.conftest.run) against the console script ------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["renewals", "--format", "ics", "--today", "2026-11-26", "--within", "400"],  # CRLF line ends
        ["check", "--help"],  # Typer's help, laid out for a stream that is not a terminal
    ],
)
def test_in_process_output_is_the_console_scripts(inventory: Path, args: list[str]) -> None:
    in_process, own_process = run(*args, cwd=inventory.parent), run_script(*args, cwd=inventory.parent)
    assert (in_process.returncode, in_process.stdout, in_process.stderr) == (
        own_process.returncode,
        own_process.stdout,
        own_process.stderr,
    )


def test_in_process_run_puts_back_the_environment_and_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("LICENSEGATE_DEBUG", "1")
    (tmp_path / "licenses.yaml").write_text(VALID)
    environment, directory, argv, stdin = dict(os.environ), os.getcwd(), sys.argv, sys.stdin
    summary = tmp_path / "summary.md"
    result = run(
        "check", "--format", "github", "--today", "2026-11-26", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == 0
    assert summary.exists()  # the override was there for the call
    assert (dict(os.environ), os.getcwd(), sys.argv, sys.stdin) == (environment, directory, argv, stdin)

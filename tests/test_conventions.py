"""Command-line conventions users bring from ruff, git and pre-commit (issue 15, item 5): the
inventory found upwards, '-' and --stdin-filename, --output-file, --color with NO_COLOR and
FORCE_COLOR, --quiet, --select and --ignore, shell completion, and help without the framework's
type names. Usage errors, one line each, are in tests/test_cli.py; the two parsers of check, in
tests/test_entry.py.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import pytest
import typer.core
import typer.main

from checker.cli import app
from checker.errors import UsageError
from checker.options import Command, Group, OutputFile
from tests.conftest import VALID, run, run_script
from tests.test_directory import INVENTORY, PEOPLE
from tests.test_git import commit_all, git

TODAY = ["--today", "2026-11-26"]
BAD = VALID.replace("tier: 500", "tier: -5")  # one schema error at 16:11
SCHEMA = "16:11: error [schema] SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5"
SUMMARY = "1 error, 0 warnings in 1 file"
# Findings of waivable rules (renewal-horizon, unknown-contact) and of a protected one (email-domain).
MIXED = VALID.replace("renews: 2027-09-30", "renews: 2026-12-01") + (
    "  - id: SEN-12345679\n"
    "    product: Confluence\n"
    "    deployment: cloud\n"
    "    tier: 500\n"
    "    renews: 2027-09-30\n"
    "    technical_contact: atlassian-admins@example.org\n"
    "    backup_contacts: [carol@example.com]\n"
)
RENEWAL = (
    "licenses.yaml:17:13: error [renewal-horizon] SEN-12345678: renews in 5 days (2026-12-01):"
    " make sure the technical contact has the quote, then update 'renews' once renewed"
)
DOMAIN = (
    "licenses.yaml:25:24: error [email-domain] SEN-12345679: 'atlassian-admins@example.org' is outside"
    " the allowed domains (example.com): license mail would leave the company"
)
UNKNOWN = (
    "licenses.yaml:26:23: error [unknown-contact] SEN-12345679: backup contact 'carol@example.com' is not in"
    " 'people': add them, or correct the address"
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with an inventory at its top and folders below it."""
    top = tmp_path / "repo"
    (top / "team" / "emea").mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    (top / "licenses.yaml").write_text(BAD)
    return top


# -- the inventory, found upwards as git finds .git -----------------------------------------------


@pytest.mark.parametrize(("folder", "shown"), [(".", ""), ("team", "../"), ("team/emea", "../../")])
def test_check_finds_the_nearest_inventory_here_or_above(repo: Path, folder: str, shown: str) -> None:
    result = run("check", *TODAY, cwd=repo / folder)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"{shown}licenses.yaml:{SCHEMA}\n{SUMMARY}\n", "")


def test_the_nearest_wins_in_any_case_and_as_yml(repo: Path) -> None:
    (repo / "licenses.yaml").write_text(VALID)
    (repo / "team" / "Licenses.YML").write_text(BAD)
    result = run("check", *TODAY, cwd=repo / "team" / "emea")
    assert (result.returncode, result.stdout) == (1, f"../Licenses.YML:{SCHEMA}\n{SUMMARY}\n")


def test_discovery_stops_at_the_repository_top(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(VALID)  # outside the repository: never read
    inner = tmp_path / "repo"
    (inner / "sub").mkdir(parents=True)
    git(inner, "init", "-q")
    result = run("check", cwd=inner / "sub")
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        f"licensegate: no licenses.yaml (or .yml) in this folder or a parent up to the repository's top ({inner});"
        " name the inventory\n",
    )


def test_discovery_without_a_repository_goes_up_to_the_root(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(BAD)
    (tmp_path / "a" / "b").mkdir(parents=True)
    result = run("check", *TODAY, cwd=tmp_path / "a" / "b")
    assert (result.returncode, result.stdout) == (1, f"../../licenses.yaml:{SCHEMA}\n{SUMMARY}\n")


def test_two_inventories_in_one_folder_are_a_usage_error(repo: Path) -> None:
    (repo / "licenses.yml").write_text(VALID)
    result = run("check", cwd=repo / "team")
    assert (result.returncode, result.stderr) == (
        2,
        "licensegate: ../licenses.yaml and ../licenses.yml: more than one inventory in one folder;"
        " name the one to read\n",
    )


def test_the_directory_file_is_found_beside_the_found_inventory(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "licenses.yaml").write_text(INVENTORY)
    (tmp_path / "people.yaml").write_text(PEOPLE.replace("members: [alice", "members: [zoe"))
    (tmp_path / "sub").mkdir()
    result = run("check", *TODAY, cwd=tmp_path / "sub")
    assert result.stdout.splitlines()[0] == (
        "../people.yaml:16:15: error [unknown-contact] member of 'atlassian-admins@example.com'"
        " 'zoe.martin@example.com' is not in the directory (../people.yaml): add them, or correct the address"
    )


def test_the_other_commands_find_it_too(repo: Path) -> None:
    (repo / "licenses.yaml").write_text(VALID)
    commit_all(repo, "Add the inventory")
    (repo / "licenses.yaml").write_text(VALID.replace("tier: 500", "tier: 1000"))
    emea = repo / "team" / "emea"
    assert run("renewals", *TODAY, cwd=emea).stdout == (
        "../../licenses.yaml: renewals within 60 days of 2026-11-26\nnone\n"
    )
    assert run("who", "--at-risk", cwd=emea).stdout.splitlines()[1] == (
        "  ../../licenses.yaml:13:5: SEN-12345678 Jira Software (reaches 2, min_reach 2; the others:"
        " bob.chen@example.com)"
    )
    assert run("diff", cwd=emea).stdout.splitlines()[-1] == "- **SEN-12345678** `tier`: `500` → `1000`"
    assert run("history", "--format", "json", cwd=emea).stdout == run("history", "--format", "json", cwd=repo).stdout


# -- '-' is standard input; --stdin-filename names it ------------------------------------------------


def test_standard_input_is_named_dash_as_in_ruff(tmp_path: Path) -> None:
    result = run("check", *TODAY, "-", cwd=tmp_path, stdin=BAD)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"-:{SCHEMA}\n{SUMMARY}\n", "")


@pytest.mark.parametrize("paths", [[], ["-"]])
def test_stdin_filename_names_it(tmp_path: Path, paths: list[str]) -> None:
    # As in ruff, --stdin-filename alone reads standard input.
    result = run("check", *TODAY, "--stdin-filename", "team/licenses.yaml", *paths, cwd=tmp_path, stdin=BAD)
    assert (result.returncode, result.stdout) == (1, f"team/licenses.yaml:{SCHEMA}\n{SUMMARY}\n")


def test_a_directory_file_is_found_beside_the_stdin_filename(tmp_path: Path) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "people.yaml").write_text(PEOPLE)
    named = run("check", *TODAY, "--stdin-filename", "team/licenses.yaml", cwd=tmp_path, stdin=INVENTORY)
    assert (named.returncode, named.stdout) == (0, "0 errors, 0 warnings in 1 file\n")
    # Without a name, beside the current folder, as for a file there: none here.
    unnamed = run("check", *TODAY, "-", cwd=tmp_path, stdin=INVENTORY)
    assert unnamed.stdout.splitlines()[0] == (
        "-:4:12: error [schema] the directory file cannot be read: people.yaml: no such file"
    )


def test_stdin_in_change_mode_is_compared_with_its_name_at_the_base(repo: Path) -> None:
    (repo / "licenses.yaml").write_text(VALID)
    commit_all(repo, "Add the inventory")
    # An editor's unsaved buffer, judged as the change it would be.
    result = run(
        "check", *TODAY, "--base", "HEAD", "--stdin-filename", "../licenses.yaml", cwd=repo / "team", stdin=BAD
    )
    assert (result.returncode, result.stdout) == (1, f"../licenses.yaml:{SCHEMA}\n{SUMMARY}; 1 new since HEAD\n")


def test_renewals_and_who_read_standard_input_too(tmp_path: Path) -> None:
    renewals = run("renewals", *TODAY, "-", cwd=tmp_path, stdin=VALID)
    assert renewals.stdout == "-: renewals within 60 days of 2026-11-26\nnone\n"
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "people.yaml").write_text(PEOPLE)
    who = run("who", "bob.chen@example.com", "--stdin-filename", "team/licenses.yaml", cwd=tmp_path, stdin=INVENTORY)
    assert who.stdout.splitlines()[2] == (
        "team/licenses.yaml:11:24: SEN-12345678 Jira Software: technical contact through 'atlassian-admins@example.com'"
    )


def test_standard_input_end_to_end(tmp_path: Path) -> None:
    result = run_script("check", *TODAY, "--stdin-filename", "licenses.yaml", cwd=tmp_path, stdin=BAD)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"licenses.yaml:{SCHEMA}\n{SUMMARY}\n", "")


# -- --output-file ------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_output_file_holds_what_stdout_would_have(repo: Path, output_format: str) -> None:
    to_stdout = run("check", *TODAY, "-f", output_format, cwd=repo)
    to_file = run("check", *TODAY, "-f", output_format, "-o", "report.out", cwd=repo)
    assert (to_file.returncode, to_file.stdout, to_file.stderr) == (1, "", "")  # the exit code is the check's
    assert (repo / "report.out").read_text() == to_stdout.stdout


def test_output_file_is_replaced_whole_keeping_its_mode(repo: Path) -> None:
    report = repo / "report.txt"
    report.write_text("an older, longer report\n" * 100)
    report.chmod(0o640)
    assert run("check", *TODAY, "--output-file", str(report), cwd=repo).returncode == 1
    assert report.read_text() == f"licenses.yaml:{SCHEMA}\n{SUMMARY}\n"
    assert stat.S_IMODE(report.stat().st_mode) == 0o640
    assert sorted(path.name for path in repo.iterdir()) == [".git", "licenses.yaml", "report.txt", "team"]


def test_a_new_output_file_gets_the_usual_permissions(repo: Path) -> None:
    umask = os.umask(0o022)
    try:
        run("check", *TODAY, "-o", "new.txt", cwd=repo)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((repo / "new.txt").stat().st_mode) == 0o644  # not mkstemp's 0o600


def test_every_report_command_writes_its_output_file(repo: Path) -> None:
    (repo / "licenses.yaml").write_text(VALID)
    commit_all(repo, "Add the inventory")
    assert run("renewals", *TODAY, "-f", "ics", "--within", "400", "-o", "renewals.ics", cwd=repo).stdout == ""
    assert (repo / "renewals.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")  # written byte for byte
    for args in (["who", "--at-risk"], ["diff"], ["history"]):
        to_stdout = run(*args, cwd=repo)
        assert (run(*args, "-o", "out.txt", cwd=repo).stdout, (repo / "out.txt").read_text()) == ("", to_stdout.stdout)


def test_an_unwritable_output_file_is_a_usage_error_end_to_end(repo: Path) -> None:
    result = run_script("check", "-o", "no/such/folder/report.txt", cwd=repo)
    assert (result.returncode, result.stdout, result.stderr) == (
        2,
        "",
        "licensegate: no/such/folder/report.txt: cannot write: No such file or directory\n",
    )


# -- --color, NO_COLOR, FORCE_COLOR ------------------------------------------------------------------

COLOURED = (
    "\x1b[1mlicenses.yaml:16:11:\x1b[0m \x1b[1;31merror\x1b[0m \x1b[2m[schema]\x1b[0m"
    " SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5"
)


# The option wins, then NO_COLOR, then FORCE_COLOR, then whether the output is a terminal (it is
# not, in process). An empty variable counts as unset, as both conventions say.
@pytest.mark.parametrize(
    ("option", "env", "coloured"),
    [
        ([], {}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "0"}, True),  # any value but the empty one
        ([], {"FORCE_COLOR": ""}, False),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ([], {"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
        (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),
        (["--color=never"], {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_precedence(repo: Path, option: list[str], env: dict[str, str], coloured: bool) -> None:
    result = run("check", *TODAY, *option, cwd=repo, env=env)
    assert result.stdout.splitlines()[0] == (COLOURED if coloured else f"licenses.yaml:{SCHEMA}")


def test_formats_without_colour_stay_plain_with_color_always(repo: Path) -> None:
    assert (
        run("check", "--color", "always", "-f", "json", cwd=repo).stdout == run("check", "-f", "json", cwd=repo).stdout
    )


def test_color_auto_writes_no_colour_into_an_output_file(repo: Path) -> None:
    run("check", *TODAY, "-o", "plain.txt", cwd=repo)
    run("check", *TODAY, "-o", "forced.txt", "--color", "always", cwd=repo)
    assert ((repo / "plain.txt").read_text(), (repo / "forced.txt").read_text()) == (
        f"licenses.yaml:{SCHEMA}\n{SUMMARY}\n",
        f"{COLOURED}\n{SUMMARY}\n",
    )


# -- --quiet ------------------------------------------------------------------------------------------


def test_quiet_prints_only_the_findings(repo: Path) -> None:
    assert run("check", *TODAY, "-q", cwd=repo).stdout == f"licenses.yaml:{SCHEMA}\n"
    (repo / "licenses.yaml").write_text(VALID)
    clean = run("check", *TODAY, "--quiet", cwd=repo)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")


@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "junit", "gitlab", "bitbucket"])
def test_quiet_changes_no_machine_format_nor_the_exit_code(repo: Path, output_format: str) -> None:
    loud, quiet = (run("check", *TODAY, "-f", output_format, *extra, cwd=repo) for extra in ([], ["-q"]))
    assert (quiet.returncode, quiet.stdout) == (loud.returncode, loud.stdout) == (1, loud.stdout)


# -- --select and --ignore -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "lines"),
    [
        ([], 1, [RENEWAL, DOMAIN, UNKNOWN, "3 errors, 0 warnings in 1 file"]),
        (["--select", "renewal-horizon"], 1, [RENEWAL, DOMAIN, "2 errors, 0 warnings in 1 file; 1 not selected"]),
        (["--select", "reach,app-tier"], 1, [DOMAIN, "1 error, 0 warnings in 1 file; 2 not selected"]),
        (
            ["--ignore", "renewal-horizon", "--ignore=unknown-contact"],
            1,
            [DOMAIN, "1 error, 0 warnings in 1 file; 2 not selected"],
        ),
        (
            ["--select", "renewal-horizon,unknown-contact", "--ignore", "unknown-contact"],
            1,
            [RENEWAL, DOMAIN, "2 errors, 0 warnings in 1 file; 1 not selected"],
        ),
    ],
)
def test_select_and_ignore_narrow_the_waivable_rules(
    tmp_path: Path, args: list[str], code: int, lines: list[str]
) -> None:
    (tmp_path / "licenses.yaml").write_text(MIXED)
    result = run("check", *TODAY, *args, cwd=tmp_path)
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (code, lines, "")


def test_what_is_not_selected_does_not_decide_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(MIXED.replace("example.org", "example.com").replace("carol", "bob.chen"))
    assert run("check", *TODAY, cwd=tmp_path).returncode == 1  # the renewal
    result = run("check", *TODAY, "--ignore", "renewal-horizon", "-f", "json", cwd=tmp_path)
    assert (result.returncode, json.loads(result.stdout)["findings"]) == (0, [])


def test_in_change_mode_they_filter_the_report_never_the_judgement(repo: Path) -> None:
    (repo / "licenses.yaml").write_text(VALID)
    commit_all(repo, "Add the inventory")
    # The change brings a renewal into the horizon and switches the rule off in its own policy.
    loosened = VALID.replace("renews: 2027-09-30", "renews: 2026-12-01").replace(
        "  allowed_domains: [example.com]\n", '  allowed_domains: [example.com]\n  severity: {renewal-horizon: "off"}\n'
    )
    (repo / "licenses.yaml").write_text(loosened)
    relaxed = "licenses.yaml:4:31: warning [policy-relaxed] severity of renewal-horizon lowered from warning to off"
    full = run("check", *TODAY, "--base", "HEAD", cwd=repo)
    assert full.stdout.splitlines() == [
        relaxed,
        RENEWAL.replace(":17:13:", ":18:13:"),  # judged by the base's policy, which had it on
        "1 error, 1 warning in 1 file; 2 new since HEAD",
    ]
    narrowed = run("check", *TODAY, "--base", "HEAD", "--ignore", "renewal-horizon", "--strict", cwd=repo)
    assert (narrowed.returncode, narrowed.stdout.splitlines()) == (
        1,  # the loosening is protected: it is reported, and fails with --strict, whatever is ignored
        [relaxed, "0 errors, 1 warning in 1 file; 1 new since HEAD; 1 not selected"],
    )


# -- help, in our words --------------------------------------------------------------------------------


def every_command_line() -> list[list[str]]:
    """The command path of the app and of every command and sub-app under it."""
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


# What Typer and Click write for a parameter that has no metavar of ours.
FRAMEWORK_WORDS = ["<bool>", "<str>", "<int>", "<list[", "<text|", "[x>=", "[x<=", "TEXT", "INTEGER", "INTEGER RANGE"]
FRAMEWORK_WORDS += ["BOOLEAN", "FLOAT", "FILENAME", "DATETIME", "UUID", "<path>", "<datetime>", "%Y-%m-%d"]


@pytest.mark.parametrize("path", every_command_line(), ids=lambda path: " ".join(path) or "licensegate")
def test_help_shows_no_framework_type_names(path: list[str]) -> None:
    result = run(*path, "--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert [word for word in FRAMEWORK_WORDS if word in result.stdout] == []


@pytest.mark.parametrize("path", every_command_line()[1:], ids=" ".join)
def test_every_option_and_argument_has_a_metavar_of_ours(path: list[str]) -> None:
    group = typer.main.get_command(app)
    command = group
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    context = command.make_context(" ".join(path), [], resilient_parsing=True)
    missing = [
        param.name
        for param in command.get_params(context)
        if not getattr(param, "is_flag", False) and param.metavar is None
    ]
    assert missing == []
    assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup)


# -- shell completion ------------------------------------------------------------------------------


def complete(words: str) -> list[str]:
    """What bash completion offers for the last of WORDS, asked as Typer's bash script asks."""
    cword = len(words.split(" ")) - 1
    env = {"_LICENSEGATE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    result = run(env=env)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        ("licensegate ch", ["check"]),
        ("licensegate check --sel", ["--select"]),
        ("licensegate check --format ", ["text", "json", "github", "sarif", "junit", "gitlab", "bitbucket"]),
        ("licensegate check --color ", ["auto", "always", "never"]),
        ("licensegate check --ignore reach,re", ["reach,renewal-horizon"]),
        ("licensegate renewals -f ", ["text", "json", "markdown", "ics"]),
        ("licensegate rules waiver-", ["waiver-expired", "waiver-forbidden", "waiver-too-long", "waiver-unused"]),
    ],
)
def test_completion_offers_commands_options_and_values(words: str, offered: list[str]) -> None:
    assert complete(words) == offered


def test_completion_is_installed_from_the_console_script() -> None:
    assert "--install-completion" in run("--help").stdout
    # What --install-completion writes into the shell's startup file, and --show-completion prints.
    script = run_script(env={"_LICENSEGATE_COMPLETE": "source_bash"})
    assert script.returncode == 0
    assert "complete -o default -F _licensegate_completion licensegate" in script.stdout


def test_the_fast_path_stays_free_of_typer(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(MIXED)
    code = (
        "import sys; from checker import entry;"
        " code = entry.run(['check', '--today', '2026-11-26', '-qo', 'out.txt', '--color', 'always',"
        " '--select', 'reach', '--ignore=app-tier', '--stdin-filename', 'licenses.yaml']);"
        " print(code, sorted({'typer', 'click', 'pydantic', 'rich'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, input=MIXED, capture_output=True, text=True, check=True
    )
    assert result.stdout == "1 []\n"
    assert (tmp_path / "out.txt").read_text().startswith("\x1b[1mlicenses.yaml:25:24:")


# -- a sub-app adopts the conventions through checker.options -----------------------------------------


def sub_app() -> typer.Typer:
    """A Typer app of its own, as the directory sub-app is, declared with our classes."""
    sub = typer.Typer(cls=Group, name="directory", no_args_is_help=True)

    @sub.command("import", cls=Command)
    def import_(
        source: Annotated[str, typer.Argument(metavar="SOURCE", help="Where the export comes from.")],
        pages: Annotated[int, typer.Option("--pages", metavar="N", help="How many pages.")] = 1,
        output_file: OutputFile = None,
    ) -> None:
        """Import."""

    @sub.command("other", cls=Command)
    def other() -> None:
        """Another command, so that the sub-app is a group."""

    return sub


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["import"], "missing SOURCE (see 'directory import --help')"),
        (["import", "scim", "-o"], "-o needs a value (see 'directory import --help')"),
        (["imprt"], "no command 'imprt'; did you mean 'import'? (see 'directory --help')"),
    ],
)
def test_a_sub_app_declared_with_our_classes_speaks_our_words(args: list[str], line: str) -> None:
    group = typer.main.get_command(sub_app())
    with pytest.raises(UsageError) as raised:
        group.main(args, prog_name="directory", standalone_mode=False)
    assert str(raised.value) == line


def test_a_sub_app_declared_with_our_classes_has_help_in_our_words(capsys: pytest.CaptureFixture[str]) -> None:
    group = typer.main.get_command(sub_app())
    assert group.main(["import", "--help"], prog_name="directory", standalone_mode=False) == 0
    text = capsys.readouterr().out
    assert "SOURCE" in text
    assert "--pages" in text
    assert [word for word in FRAMEWORK_WORDS if word in text] == []

"""The console script's shortcut for a plain `check` or `report` must parse exactly as Typer does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.core
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import app
from checker.entry import PLAIN, plain
from checker.errors import UsageError
from checker.reporters import REPORTERS
from tests.conftest import run_script


def typer_parse(argv: list[str]) -> dict[str, Any] | None:
    """The options of ARGV's command as Typer reads them; None where Typer refuses it or shows help instead."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)  # an app of several commands
    command = group.commands[argv[0]]
    try:
        params = dict(command.make_context(argv[0], argv[1:]).params)
    except (UsageError, typer.Exit):  # a usage error in our words, or --help
        return None
    for listed in ("paths", "select", "ignore"):  # check's lists: None when not given, as its command reads them
        if listed in params:
            params[listed] = list(params[listed] or [])
    return params


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "licenses.yaml"],
        ["check", "a.yaml", "b.yaml", "--strict"],
        ["check", "--format", "json", "a.yaml"],
        ["check", "-f", "sarif", "--format=github", "a.yaml"],
        ["check", "--today", "2026-11-26", "--today=2027-01-31"],
        ["check", "--base", "HEAD", "--head", ":", "sub/licenses.yaml"],
        ["check", "--base=origin/main", "--", "--strict"],
        ["check", "-", "x.yaml"],
        ["check", "-", "--stdin-filename", "team/licenses.yaml"],
        ["check", "--quiet", "-q", "--color", "never", "--color=always"],
        ["check", "-o", "report.sarif", "--output-file=report.json", "-qo", "r.txt"],
        ["check", "-qfjson", "-fsarif", "-qf", "junit"],
        ["check", "--select", "reach,app-tier", "--select=unknown-contact", "--ignore", "reach", "--ignore="],
        ["check", "--select", "no-such-rule"],  # checked by the command, the same for both parsers
        ["check", "--base", "--strict"],  # a value that looks like an option is a value
        ["report", "-o", "site"],
        ["report", "licenses.yaml", "--output-dir", "site"],
        ["report", "--output-dir=site", "-o", "public", "-"],
        ["report", "-osite", "--today", "2026-11-26", "--today=2027-01-31", "a.yaml"],
        ["report", "-o", "site", "--policy", "policy.yaml", "--policy=p.yaml", "--stdin-filename", "x/licenses.yaml"],
        ["report", "-o", "site", "--link-template", "https://git.example/r/blob/main/{path}#L{line}"],
        ["report", "-o", "site", "--link-template=HTTP://git.example/{path}"],  # a scheme in any case, as urlsplit
        ["report", "-o", "site", "--", "--today"],
        ["report", "-o", "--today"],  # a value that looks like an option is a value
        ["report", "-o", ""],  # an empty folder name is the command's to refuse, the same for both parsers
    ],
)
def test_plain_command_lines_parse_as_typer_parses_them(argv: list[str]) -> None:
    assert plain(argv) is not None
    assert plain(argv) == typer_parse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["rules"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "-qh"],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["check", "-o"],
        ["check", "--today", "2026-13-01"],
        ["check", "--today", "26/11/2026"],
        ["check", "--color", "blue"],
        ["check", "--no-such-option"],
        ["check", "-x"],
        ["check", "-f=json"],
        ["check", "--strict=yes"],
        ["check", "--quiet=yes"],
        ["check", "-q=x"],
        ["--version"],
        ["report"],  # -o is required: Typer says it is missing
        ["report", "a.yaml"],
        ["report", "-o", "site", "a.yaml", "b.yaml"],  # one PATH at most
        ["report", "-o", "site", "a.yaml", "--", "b.yaml"],
        ["report", "-o"],
        ["report", "--output-dir"],
        ["report", "-o", "site", "--help"],
        ["report", "-o", "site", "-h"],
        ["report", "-o", "site", "--today", "2026-02-30"],
        ["report", "-o", "site", "--link-template", "ftp://git.example/{path}"],
        ["report", "-o", "site", "--link-template", "https://git.example/blob/main/"],  # no {path}
        ["report", "-o", "site", "--link-template", "https://git.example/{path} x"],
        ["report", "-o", "site", "--format", "json"],  # check's options are not report's
        ["report", "-o", "site", "-q"],
        ["report", "-o", "site", "--strict"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert plain(argv) is None
    if argv[:1] and argv[0] in PLAIN:
        assert typer_parse(argv) is None  # Typer refuses it too (or shows help)


# Tokens of every kind check takes, well formed or not, for command lines made of any of them.
TOKENS = [
    *["licenses.yaml", "a.yaml", "-", "--", "", "-5", "x=y"],
    *["--strict", "--all", "--quiet", "-q", "-qq", "--strict=1", "--quiet=", "--help", "-h", "--version"],
    *["--format", "-f", "json", "xml", "--format=sarif", "--format=", "-fjson", "-fxml", "-qfjson", "-f=json"],
    *["--today", "2026-11-26", "2026-13-01", "--today=2027-01-31", "--today="],
    *["--base", "--head", "HEAD", ":", "--base=main", "--policy", "policy.yaml", "--policy=p.yaml"],
    *["--stdin-filename", "--stdin-filename=x.yaml", "--color", "always", "auto", "blue", "--color=never"],
    *["-o", "--output-file", "out.txt", "--output-file=r.json", "-oq", "-qo", "-qox"],
    *["--select", "--ignore", "reach", "reach,app-tier", "--select=renewal-horizon", "--ignore=nope"],
    *["--no-such", "-x", "-qx", "--selec", "--form"],
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=8))
def test_both_parsers_accept_exactly_the_same_command_lines(tokens: list[str]) -> None:
    # The fast path runs a command line only if Typer would accept it, with the same values; one
    # it passes on (help, a mistake) is one that Typer answers itself.
    argv = ["check", *tokens]
    assert plain(argv) == typer_parse(argv)


# The same for report; its -o is required, so it is put among the generated tokens, or not.
REPORT_TOKENS = [
    *["licenses.yaml", "a.yaml", "-", "--", "", "-5", "x=y"],
    *["-o", "--output-dir", "site", "--output-dir=public", "--output-dir=", "-osite", "-o=site", "-oq"],
    *["--today", "2026-11-26", "2026-13-01", "--today=2027-01-31", "--today="],
    *["--policy", "policy.yaml", "--policy=p.yaml", "--stdin-filename", "--stdin-filename=x.yaml"],
    *["--link-template", "https://git.example/{path}#L{line}", "ftp://git.example/{path}", "https://git.example/"],
    *["--link-template=http://h/{path}", "--link-template=", "{path}"],
    *["--help", "-h", "--version", "--format", "-f", "-q", "--strict", "--no-such", "-x", "--output", "--link"],
]
OUTPUT_DIR = [[], ["-o", "site"], ["--output-dir", "-"], ["-osite"], ["--output-dir=site"]]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(REPORT_TOKENS), max_size=6),
    st.sampled_from(OUTPUT_DIR),
    st.lists(st.sampled_from(REPORT_TOKENS), max_size=6),
)
def test_both_parsers_accept_exactly_the_same_report_command_lines(
    before: list[str], output_dir: list[str], after: list[str]
) -> None:
    argv = ["report", *before, *output_dir, *after]
    assert plain(argv) == typer_parse(argv)


def test_every_format_is_a_choice_of_the_command_line() -> None:
    assert REPORTERS.names == ("text", "json", "github", "sarif", "junit", "gitlab", "bitbucket")
    for name in REPORTERS.names:
        argv = ["check", "--format", name]
        assert plain(argv) == typer_parse(argv) == {**(typer_parse(["check"]) or {}), "output_format": name}


def test_shortcut_and_typer_give_the_same_output(inventory: Path) -> None:
    inventory.write_text(inventory.read_text().replace("tier: 500", "tier: 0"))
    argv = ["check", "--format", "json", "--today", "2026-11-26", str(inventory)]
    shortcut = run_script(*argv)  # both in a process of their own, as a person runs them
    through_typer = subprocess.run(
        [sys.executable, "-c", f"from checker.cli import app; app({argv!r})"], capture_output=True, text=True
    )
    assert (shortcut.returncode, shortcut.stderr) == (1, "")
    assert (through_typer.returncode, through_typer.stdout) == (1, shortcut.stdout)


def test_a_plain_report_stays_free_of_typer(inventory: Path) -> None:
    code = (
        "import sys; from checker import entry;"
        " code = entry.run(['report', '--today', '2026-11-26', '-osite', '--stdin-filename', 'licenses.yaml',"
        " '--link-template', 'https://git.example/r/blob/main/{path}#L{line}']);"
        " print(code, sorted({'typer', 'click', 'pydantic', 'rich'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=inventory.parent,
        input=inventory.read_text(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines()[-1] == "0 []"
    assert (inventory.parent / "site" / "index.html").read_text().startswith("<!DOCTYPE html>")


def test_shortcut_and_typer_write_the_same_report(inventory: Path) -> None:
    argv = ["report", "--today", "2026-11-26", str(inventory)]
    shortcut = run_script(*argv, "-o", "fast", cwd=inventory.parent)
    through_typer = subprocess.run(
        [sys.executable, "-c", f"from checker.cli import app; app({[*argv, '-o', 'typer']!r})"],
        cwd=inventory.parent,
        capture_output=True,
        text=True,
    )
    assert (shortcut.returncode, shortcut.stderr) == (0, "")
    assert shortcut.stdout == "fast/index.html: written (1 license, 0 errors, 0 warnings)\n"
    assert (through_typer.returncode, through_typer.stdout) == (0, shortcut.stdout.replace("fast/", "typer/"))
    fast, typer_page = (inventory.parent / folder / "index.html" for folder in ("fast", "typer"))
    assert fast.read_bytes() == typer_page.read_bytes()

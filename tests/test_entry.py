"""The console script's shortcut for a plain `check` must parse exactly as Typer does."""

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
from checker.entry import plain_check
from checker.errors import UsageError
from checker.reporters import REPORTERS
from tests.conftest import run_script


def typer_parse(argv: list[str]) -> dict[str, Any] | None:
    """check's options as Typer reads ARGV; None where Typer refuses it or shows help instead."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)  # an app of several commands
    command = group.commands["check"]
    try:
        params = dict(command.make_context("check", argv[1:]).params)
    except (UsageError, typer.Exit):  # a usage error in our words, or --help
        return None
    for listed in ("paths", "select", "ignore"):
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
    ],
)
def test_plain_command_lines_parse_as_typer_parses_them(argv: list[str]) -> None:
    assert plain_check(argv) is not None
    assert plain_check(argv) == typer_parse(argv)


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
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert plain_check(argv) is None
    if argv[:1] == ["check"]:
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
    assert plain_check(argv) == typer_parse(argv)


def test_every_format_is_a_choice_of_the_command_line() -> None:
    assert REPORTERS.names == ("text", "json", "github", "sarif", "junit", "gitlab", "bitbucket")
    for name in REPORTERS.names:
        argv = ["check", "--format", name]
        assert plain_check(argv) == typer_parse(argv) == {**(typer_parse(["check"]) or {}), "output_format": name}


def test_shortcut_and_typer_give_the_same_output(inventory: Path) -> None:
    inventory.write_text(inventory.read_text().replace("tier: 500", "tier: 0"))
    argv = ["check", "--format", "json", "--today", "2026-11-26", str(inventory)]
    shortcut = run_script(*argv)  # both in a process of their own, as a person runs them
    through_typer = subprocess.run(
        [sys.executable, "-c", f"from checker.cli import app; app({argv!r})"], capture_output=True, text=True
    )
    assert (shortcut.returncode, shortcut.stderr) == (1, "")
    assert (through_typer.returncode, through_typer.stdout) == (1, shortcut.stdout)

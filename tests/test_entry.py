"""The console script's shortcut for a plain `check` must parse exactly as Typer does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
import typer.core
import typer.main

from checker.cli import CheckFormat, app
from checker.entry import plain_check
from checker.reporters import REPORTERS
from tests.conftest import run_script


def typer_parse(argv: list[str]) -> dict[str, Any]:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)  # an app of several commands
    command = group.commands["check"]
    params = dict(command.make_context("check", argv[1:]).params)
    params["paths"] = list(params["paths"] or [])
    if params["today"] is not None:
        params["today"] = params["today"].date()
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
    ],
)
def test_plain_command_lines_parse_as_typer_parses_them(argv: list[str]) -> None:
    assert plain_check(argv) == typer_parse(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["rules"],
        ["check", "--help"],
        ["check", "-h"],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["check", "--today", "2026-13-01"],
        ["check", "--today", "26/11/2026"],
        ["check", "--no-such-option"],
        ["check", "-fjson"],
        ["check", "-f=json"],
        ["check", "--strict=yes"],
        ["--version"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert plain_check(argv) is None


def test_every_format_is_a_choice_of_the_command_line() -> None:
    assert (
        REPORTERS.names == get_args(CheckFormat) == ("text", "json", "github", "sarif", "junit", "gitlab", "bitbucket")
    )


def test_shortcut_and_typer_give_the_same_output(inventory: Path) -> None:
    inventory.write_text(inventory.read_text().replace("tier: 500", "tier: 0"))
    argv = ["check", "--format", "json", "--today", "2026-11-26", str(inventory)]
    shortcut = run_script(*argv)  # both in a process of their own, as a person runs them
    through_typer = subprocess.run(
        [sys.executable, "-c", f"from checker.cli import app; app({argv!r})"], capture_output=True, text=True
    )
    assert (shortcut.returncode, shortcut.stderr) == (1, "")
    assert (through_typer.returncode, through_typer.stdout) == (1, shortcut.stdout)

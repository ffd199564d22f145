from __future__ import annotations

import contextlib
import datetime
import io
import locale
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker import engine, entry
from checker.finding import Finding

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TODAY = datetime.date(2026, 11, 26)

# A valid inventory to edit in tests: its line numbers are part of the tests that use it.
VALID = """\
version: 1
policy:
  allowed_domains: [example.com]
mailboxes:
  - address: atlassian-admins@example.com
    members: [alice.martin@example.com, bob.chen@example.com]
people:
  - email: alice.martin@example.com
    name: Alice Martin
  - email: bob.chen@example.com
    name: Bob Chen
licenses:
  - id: SEN-12345678
    product: Jira Software
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]
"""


def findings(text: str | bytes, *, today: datetime.date = TODAY) -> list[Finding]:
    raw = text.encode() if isinstance(text, str) else text
    return engine.check_bytes(raw, path="licenses.yaml", today=today).findings


def where(text: str | bytes, **kwargs: datetime.date) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings(text, **kwargs)]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def licensegate_command() -> list[str]:
    """The installed console script beside the running interpreter."""
    script = Path(sys.executable).parent / "licensegate"
    if script.exists():
        return [str(script)]
    found = shutil.which("licensegate")
    assert found, "the licensegate console script is not installed"
    return [found]


# Switches a person may have set that would change the output: commands under test run without them.
UNSET = ("NO_COLOR", "FORCE_COLOR", "LICENSEGATE_DEBUG")


def run_script(
    *args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """The installed console script in a process of its own, for the few end-to-end tests."""
    full_env = {k: v for k, v in os.environ.items() if k not in UNSET}
    full_env.update(env or {})
    return subprocess.run(
        [*licensegate_command(), *args],
        cwd=cwd,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run(
    *args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None, stdin: str | bytes = b""
) -> subprocess.CompletedProcess[str]:
    """One command line in this process, through the console script's own ``checker.entry.run``.

    What the command sees is what ``run_script`` gives it: the working directory CWD, this
    environment without UNSET and with ENV, the console script's ``sys.argv``, no terminal on any
    stream and STDIN on standard input. All of it is put back afterwards, exactly. (Typer's program
    name does not come from ``sys.argv`` here: ``entry.run`` names it, as it must under ``python -m pytest``.)
    """
    argv = [*licensegate_command(), *args]
    stdout, stderr = _Pipe("strict"), _Pipe("backslashreplace")  # the error handlers Python uses on a pipe
    raw_stdin = stdin.encode() if isinstance(stdin, str) else stdin
    with (
        _working_directory(cwd),
        _environment(unset=UNSET, overrides=env or {}),
        _replaced(sys, "argv", argv),
        _replaced(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw_stdin), encoding=_ENCODING)),
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
    ):
        code = entry.run(list(args))
    return subprocess.CompletedProcess(argv, code, stdout.read_back(), stderr.read_back())


# What a new interpreter encodes its standard streams with on a pipe, and subprocess.run(text=True) decodes with.
_ENCODING = locale.getpreferredencoding(False)


class _Pipe(io.TextIOWrapper):
    """A standard stream as the console script has it on a pipe: text encoded into bytes, not a terminal."""

    def __init__(self, errors: str) -> None:
        super().__init__(io.BytesIO(), encoding=_ENCODING, errors=errors)

    def read_back(self) -> str:
        """What was written, decoded as ``subprocess.run(text=True)`` decodes it, with universal
        newlines: the calendar's CRLF line ends read as LF, as they do through a process."""
        self.flush()
        written = self.buffer
        assert isinstance(written, io.BytesIO)
        return written.getvalue().decode(_ENCODING).replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _working_directory(cwd: Path | str | None) -> Iterator[None]:
    saved = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved)


@contextlib.contextmanager
def _environment(*, unset: tuple[str, ...], overrides: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    try:
        for name in unset:
            os.environ.pop(name, None)
        os.environ.update(overrides)
        yield
    finally:
        for name in set(os.environ) - set(saved):
            del os.environ[name]
        for name, value in saved.items():
            if os.environ.get(name) != value:
                os.environ[name] = value


@contextlib.contextmanager
def _replaced(owner: object, name: str, value: object) -> Iterator[None]:
    saved = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, saved)


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "licenses.yaml"
    path.write_text(VALID)
    return path

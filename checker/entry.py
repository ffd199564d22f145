"""The console script: the one place where expected failures become a message and an exit code.

``licensegate check`` runs on every commit, and building the Typer app costs more
than the check itself on a small inventory (Typer and pydantic: about 70 ms), and
``report`` is held to 1.5x the time of ``check``. So a plain ``check`` or ``report``
command line (known options, well-formed values) runs directly, read with the command's
table in ``PLAIN``; everything else, including ``--help``, every other command and every
malformed command line, goes to Typer, which stays the one source of help and usage errors.
``tests/test_entry.py`` holds the two parsers to the same result, on every command line.

Usage errors are all said in our words, as one line: a value's by ``checker.arguments``
(whichever parser read it), the framework's by ``checker.options``; this module prints them.
"""

from __future__ import annotations

import gc
import importlib
import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from checker import arguments, escape
from checker.errors import EXIT_INTERNAL, EXIT_USAGE, LicensegateError, UsageError
from checker.reporters import REPORTERS


class Option(NamedTuple):
    """What one option name sets, as ``checker.cli`` declares it."""

    key: str
    takes_value: bool = True
    repeats: bool = False


@dataclass(frozen=True, kw_only=True)
class Plain:
    """A command the fast path runs: its options as ``checker.cli`` declares them, and how its
    Typer command calls the command module. tests/test_entry.py holds each table to Typer."""

    options: Mapping[str, Option]  # every name, long and short
    defaults: Mapping[str, Any]  # every key (the argument's too) as Typer leaves it when not given
    convert: Mapping[str, Callable[[str], Any]]  # a value as Typer's parser= reads it (the same function)
    argument: str  # the PATH argument's key: passed first, positionally
    many: bool  # PATH... (a list) or at most one PATH
    required: tuple[str, ...] = ()  # options without a default: missing, Typer says so
    module: str  # checker.commands.<name>, whose run() the Typer command calls

    def run(self, options: dict[str, Any]) -> int:
        command = importlib.import_module(self.module)
        return int(command.run(options.pop(self.argument), **options))


# Read the inventory as every command that judges it does (checker.options declares them once).
_INVENTORY = {"--today": Option("today"), "--policy": Option("policy"), "--stdin-filename": Option("stdin_filename")}

PLAIN: dict[str, Plain] = {
    "check": Plain(
        options={
            **_INVENTORY,
            "--format": Option("output_format"),
            "-f": Option("output_format"),
            "--base": Option("base"),
            "--head": Option("head"),
            "--color": Option("color"),
            "--output-file": Option("output_file"),
            "-o": Option("output_file"),
            "--select": Option("select", repeats=True),
            "--ignore": Option("ignore", repeats=True),
            "--strict": Option("strict", takes_value=False),
            "--all": Option("all_files", takes_value=False),
            "--quiet": Option("quiet", takes_value=False),
            "-q": Option("quiet", takes_value=False),
        },
        defaults={
            "paths": [],
            "output_format": "text",
            "today": None,
            "strict": False,
            "all_files": False,
            "base": None,
            "head": None,
            "policy": None,
            "stdin_filename": None,
            "quiet": False,
            "color": "auto",
            "output_file": None,
            "select": [],
            "ignore": [],
        },
        convert={
            "output_format": arguments.format_of(REPORTERS, "check"),
            "today": arguments.day,
            "color": arguments.color,
        },
        argument="paths",
        many=True,
        module="checker.commands.check",
    ),
    "report": Plain(
        options={
            **_INVENTORY,
            "--output-dir": Option("output_dir"),
            "-o": Option("output_dir"),
            "--link-template": Option("link_template"),
        },
        defaults={
            "path": None,
            "output_dir": None,
            "today": None,
            "policy": None,
            "stdin_filename": None,
            "link_template": None,
        },
        convert={"today": arguments.day, "link_template": arguments.link_template},
        argument="path",
        many=False,
        required=("output_dir",),
        module="checker.commands.report",
    ),
}


def plain(argv: list[str]) -> dict[str, Any] | None:
    """The options of a plain command line of a command in ``PLAIN``, read as Typer reads them
    (long options with ``=VALUE`` or a separate value, short ones clustered as ``-qf json`` or
    ``-fjson``, ``--``, '-' as a path), or None for Typer to handle: help, an unknown option, a
    value missing or refused, an extra argument, a required option missing, which Typer then reports."""
    command = PLAIN.get(argv[0]) if argv else None
    if command is None:
        return None
    table = command.options
    options: dict[str, Any] = {
        key: list(value) if isinstance(value, list) else value for key, value in command.defaults.items()
    }
    paths: list[str] = []
    rest = list(reversed(argv[1:]))  # popped from the end: the next token is rest[-1]

    def store(name: str, attached: str | None) -> bool:
        key, takes_value, repeats = table[name]
        if not takes_value:
            options[key] = True
            return attached is None
        value = attached if attached is not None else (rest.pop() if rest else None)
        if value is None:
            return False
        if repeats:
            options[key].append(value)
        else:
            options[key] = value
        return True

    while rest:
        token = rest.pop()
        if token == "--":
            paths.extend(reversed(rest))
            break
        if not token.startswith("-") or token == "-":
            paths.append(token)
        elif token.startswith("--"):
            name, equals, attached = token.partition("=")
            if name not in table or not store(name, attached if equals else None):
                return None  # --help, an unknown option, a flag given a value, a value missing
        else:  # short options, clustered: -q, -qf json, -fjson, -qfjson
            for at, letter in enumerate(token[1:], start=2):
                name = f"-{letter}"
                if name not in table:
                    return None  # -h, or an unknown letter
                takes_value = table[name].takes_value
                if not store(name, (token[at:] or None) if takes_value else None):
                    return None
                if takes_value:
                    break
    if command.many:
        options[command.argument] = paths
    elif len(paths) > 1:
        return None  # an extra argument
    elif paths:
        options[command.argument] = paths[0]
    if any(options[key] is None for key in command.required):
        return None
    for key, convert in command.convert.items():
        if options[key] is not None:
            try:
                options[key] = convert(options[key])
            except UsageError:
                return None  # Typer says why, in the same words
    return options


def _usage_error(exc: Exception) -> str | None:
    """A command-line mistake Typer found and ``checker.options`` did not put in our words (a
    command not declared with its classes), as one line; None for anything else.

    Typer vendors click privately, so its UsageError is recognised by its shape:
    a ``format_message()`` and an ``exit_code`` of 2.
    """
    format_message = getattr(exc, "format_message", None)
    if not callable(format_message) or getattr(exc, "exit_code", None) != EXIT_USAGE:
        return None
    message = str(format_message())
    if not message:
        return ""
    context = getattr(exc, "ctx", None)
    command = getattr(context, "command_path", None) or "licensegate"
    return f"{message} (see '{command} --help')"


def run(argv: list[str]) -> int:
    """Run one command line and return its exit code: every expected failure becomes one line
    on stderr here, and nowhere else. Tests call this in-process; ``main`` is the console script."""
    try:
        options = plain(argv)
        if options is not None:
            return PLAIN[argv[0]].run(options)
        from checker.cli import app

        return int(app(args=argv, prog_name="licensegate", standalone_mode=False) or 0)
    except SystemExit as exc:  # shell completion answers, then exits
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except LicensegateError as exc:
        # One line, whatever a path or a value quoted in the message holds.
        sys.stderr.write(f"licensegate: {escape.terminal(str(exc))}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("licensegate: interrupted\n")
        return 130
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is not None:
            if usage:  # empty after `licensegate` alone, whose help is already printed
                sys.stderr.write(f"licensegate: {usage}\n")
            return EXIT_USAGE
        # A bug: say so in one line, never a traceback.
        if os.environ.get("LICENSEGATE_DEBUG"):
            raise
        sys.stderr.write(
            f"licensegate: internal error: {type(exc).__name__}: {exc}"
            " (please report it; LICENSEGATE_DEBUG=1 shows the traceback)\n"
        )
        return EXIT_INTERNAL


def main() -> None:
    # A run builds one large acyclic structure and exits: the cyclic collector would only
    # rescan it, again and again as it grows (3x the time on 10,000 licenses).
    gc.disable()
    # A terminal or pipe whose encoding cannot show a character gets an escape, never a crash.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    sys.exit(run(sys.argv[1:]))

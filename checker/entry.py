"""The console script: the one place where expected failures become a message and an exit code.

``licensegate check`` runs on every commit, and building the Typer app costs more
than the check itself on a small inventory (Typer and pydantic: about 70 ms). So a
plain ``check`` command line (known options, well-formed values) runs directly;
everything else, including ``--help``, every other command and every malformed
command line, goes to Typer, which stays the one source of help and usage errors.
``tests/test_entry.py`` holds the two parsers to the same result, on every command line.

Usage errors are all said in our words, as one line: a value's by ``checker.arguments``
(whichever parser read it), the framework's by ``checker.options``; this module prints them.
"""

from __future__ import annotations

import gc
import io
import os
import sys
from typing import Any

from checker import arguments, escape
from checker.errors import EXIT_INTERNAL, EXIT_USAGE, LicensegateError, UsageError
from checker.reporters import REPORTERS

# check's options as checker.cli declares them: the name -> (its key, whether it takes a value,
# whether it may repeat). tests/test_entry.py holds this table and Typer to the same results.
_CHECK_OPTIONS: dict[str, tuple[str, bool, bool]] = {
    "--format": ("output_format", True, False),
    "-f": ("output_format", True, False),
    "--today": ("today", True, False),
    "--base": ("base", True, False),
    "--head": ("head", True, False),
    "--policy": ("policy", True, False),
    "--stdin-filename": ("stdin_filename", True, False),
    "--color": ("color", True, False),
    "--output-file": ("output_file", True, False),
    "-o": ("output_file", True, False),
    "--select": ("select", True, True),
    "--ignore": ("ignore", True, True),
    "--strict": ("strict", False, False),
    "--all": ("all_files", False, False),
    "--quiet": ("quiet", False, False),
    "-q": ("quiet", False, False),
}
# Each value as Typer's parser= reads it (the same functions): a value they refuse goes to Typer.
_CONVERT: dict[str, Any] = {
    "output_format": arguments.format_of(REPORTERS, "check"),
    "today": arguments.day,
    "color": arguments.color,
}


def plain_check(argv: list[str]) -> dict[str, Any] | None:
    """The options of a plain ``check`` command line, read as Typer reads them (long options with
    ``=VALUE`` or a separate value, short ones clustered as ``-qf json`` or ``-fjson``, ``--``,
    '-' as a path), or None for Typer to handle: help, an unknown option, a value missing or
    refused, which Typer then reports."""
    if not argv or argv[0] != "check":
        return None
    options: dict[str, Any] = {"paths": [], "output_format": "text", "today": None, "strict": False, "all_files": False}
    options.update(base=None, head=None, policy=None, stdin_filename=None, quiet=False, color="auto")
    options.update(output_file=None, select=[], ignore=[])
    rest = list(reversed(argv[1:]))  # popped from the end: the next token is rest[-1]

    def store(name: str, attached: str | None) -> bool:
        key, takes_value, repeats = _CHECK_OPTIONS[name]
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
            options["paths"].extend(reversed(rest))
            break
        if not token.startswith("-") or token == "-":
            options["paths"].append(token)
        elif token.startswith("--"):
            name, equals, attached = token.partition("=")
            if name not in _CHECK_OPTIONS or not store(name, attached if equals else None):
                return None  # --help, an unknown option, a flag given a value, a value missing
        else:  # short options, clustered: -q, -qf json, -fjson, -qfjson
            for at, letter in enumerate(token[1:], start=2):
                name = f"-{letter}"
                if name not in _CHECK_OPTIONS:
                    return None  # -h, or an unknown letter
                takes_value = _CHECK_OPTIONS[name][1]
                if not store(name, (token[at:] or None) if takes_value else None):
                    return None
                if takes_value:
                    break
    for key, convert in _CONVERT.items():
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
        options = plain_check(argv)
        if options is not None:
            from checker.commands import check

            return check.run(options.pop("paths"), **options)
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

"""The console script: the one place where expected failures become a message and an exit code.

``licensegate check`` runs on every commit, and building the Typer app costs more
than the check itself on a small inventory (Typer and pydantic: about 70 ms). So a
plain ``check`` command line (known options, well-formed values) runs directly;
everything else, including ``--help``, every other command and every malformed
command line, goes to Typer, which stays the one source of help and usage errors.
``tests/test_entry.py`` holds the two parsers to the same result.
"""

from __future__ import annotations

import datetime
import gc
import io
import os
import sys
from typing import Any

from checker import escape
from checker.errors import EXIT_INTERNAL, EXIT_USAGE, LicensegateError
from checker.reporters import REPORTERS

_VALUED = {
    "--format": "output_format",
    "-f": "output_format",
    "--today": "today",
    "--base": "base",
    "--head": "head",
    "--policy": "policy",
}


def plain_check(argv: list[str]) -> dict[str, Any] | None:
    """The options of a plain ``check`` command line, or None for Typer to handle."""
    if not argv or argv[0] != "check":
        return None
    options: dict[str, Any] = {"paths": [], "output_format": "text", "today": None, "strict": False, "all_files": False}
    options.update(base=None, head=None, policy=None)
    rest = iter(argv[1:])
    only_paths = False
    for token in rest:
        if only_paths or token == "-" or not token.startswith("-"):
            options["paths"].append(token)
            continue
        if token == "--":
            only_paths = True
            continue
        if token == "--strict":
            options["strict"] = True
            continue
        if token == "--all":
            options["all_files"] = True
            continue
        name, equals, attached = token.partition("=")
        if name not in _VALUED or (equals and name == "-f"):
            return None  # --help, -h, --version, an unknown or clustered option
        value = attached if equals else next(rest, None)
        if value is None:
            return None
        options[_VALUED[name]] = value
    if options["output_format"] not in REPORTERS:
        return None
    if options["today"] is not None:
        try:
            options["today"] = datetime.datetime.strptime(options["today"], "%Y-%m-%d").date()
        except ValueError:
            return None
    return options


def _usage_error(exc: Exception) -> str | None:
    """A command-line mistake Typer found, as one line; None for anything else.

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

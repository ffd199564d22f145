"""Expected failures. Each carries its exit code; ``cli.main`` turns it into one line on stderr."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class LicensegateError(Exception):
    """A failure the user can act on: printed as one line, never as a traceback."""

    exit_code = EXIT_USAGE


class UsageError(LicensegateError):
    """Bad arguments, or a path that cannot be read."""


class DataError(LicensegateError):
    """The inventory loads, but holds something a command cannot go on without (a renewal date
    it cannot read): exit 1, as for findings, since the file has to be fixed, not the command line."""

    exit_code = EXIT_FINDINGS

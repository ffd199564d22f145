"""Values from the command line, turned into what they mean or refused in our words. No Typer.

Each parser takes one option's text and returns its value, or raises a UsageError that says what
was expected. Typer calls them (``parser=`` in ``checker.options``) and so does the console
script's fast path (``checker.entry``), so a value means the same, and fails with the same line,
whichever parser read the command line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from checker.errors import UsageError
from checker.formats import Formats

# --color: the option wins, then NO_COLOR, then FORCE_COLOR, then whether the output is a terminal.
COLORS = ("auto", "always", "never")


def day(text: str) -> datetime.date:
    """--today: a calendar date, YYYY-MM-DD."""
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise UsageError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def days(text: str) -> int:
    """--within: a whole number of days, 0 or more."""
    if not (text.isascii() and text.isdigit()):
        raise UsageError(f"'{text}' is not a number of days (0 or more)")
    return int(text)


def link_template(text: str) -> str:
    """--link-template: an http or https address with ``{path}`` (and usually ``{line}``) in it."""
    from urllib.parse import urlsplit

    what = "a link template: an http:// or https:// address with {path} and {line} in it"
    parts = urlsplit(text) if text.isprintable() and " " not in text else None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UsageError(f"'{text}' is not {what}")
    if "{path}" not in text:
        raise UsageError(f"'{text}' has no {{path}}: not {what}")
    return text


def color(text: str) -> str:
    """--color: auto, always or never."""
    if text not in COLORS:
        raise UsageError(f"'{text}' is not a colour mode ({', '.join(COLORS)})")
    return text


def format_of(formats: Formats[Any], command: str) -> Callable[[str], str]:
    """--format for COMMAND: one of the names in its registry."""

    def parse(text: str) -> str:
        if text not in formats:
            raise UsageError(f"'{text}' is not an output format of {command} ({', '.join(formats.names)})")
        return text

    return parse


def source_of(sources: Any, command: str = "directory import") -> Callable[[str], str]:
    """A SOURCE argument: one of COMMAND's sources (directory import's identity providers, import's instances)."""

    def parse(text: str) -> str:
        if text not in sources:
            raise UsageError(f"'{text}' is not a source of {command} ({', '.join(sources)})")
        return text

    return parse


def seconds(text: str) -> float:
    """--timeout: a positive number of seconds, at most an hour."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise UsageError(f"'{text}' is not a number of seconds between 0 and 3600")
    return value


def ci_platform(text: str) -> str:
    """init's --ci: a CI platform whose recipe init writes (checker.starter.RECIPES)."""
    from checker.starter import RECIPES

    if text not in RECIPES:
        raise UsageError(f"'{text}' is not a CI platform of init ({', '.join(RECIPES)})")
    return text

"""What every command's Typer interface shares: option declarations written once, and the classes
that give help and usage errors in our words.

A command adopts the conventions by declaring ``cls=Command`` (``cls=Group`` for a Typer app
of its own) and its options with the declarations below: each value is parsed by
``checker.arguments``, which the fast path of ``check`` uses too, so an error is the same line
whichever parser met it, and ``checker.entry`` prints it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Annotated, Any

import typer
import typer.core

from checker import arguments
from checker.errors import EXIT_USAGE, UsageError
from checker.formats import Formats


def _completing(choices: Callable[[], tuple[str, ...]]) -> Callable[[str], list[str]]:
    """Shell completion of a value from CHOICES."""

    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices() if choice.startswith(incomplete)]

    return complete


def _complete_rule_ids(incomplete: str) -> list[str]:
    """--select and --ignore take comma-separated ids: complete the last one."""
    from checker.rules import WAIVABLE

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    chosen = set(done.split(","))
    return [f"{prefix}{rule}" for rule in sorted(WAIVABLE - chosen) if rule.startswith(last)]


def complete_all_rule_ids(incomplete: str) -> list[str]:
    from checker.rules import docs

    return [doc.id for doc in docs() if doc.id.startswith(incomplete)]


def format_option(formats: Formats[Any], command: str) -> Any:
    """--format / -f for COMMAND, its choices read from the command's registry."""
    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        parser=arguments.format_of(formats, command),
        autocompletion=_completing(lambda: formats.names),
        help=f"Output format: {', '.join(formats.names)}.",
    )


def today_option(what: str) -> Any:
    """--today: the date WHAT, so that a run can be reproduced."""
    return typer.Option(
        "--today",
        metavar="YYYY-MM-DD",
        parser=arguments.day,
        help=f"The date {what} (default: today's date in UTC).",
        show_default=False,
    )


def inventory_argument(help: str = "The inventory") -> Any:
    """An optional PATH: standard input for '-', the nearest inventory when it is left out."""
    return typer.Argument(
        metavar="PATH",
        help=f"{help} ('-' for standard input; default: the nearest licenses.yaml, here or in a parent folder).",
        show_default=False,
    )


# --policy, the same for every command that reads a policy.
PolicyFile = Annotated[
    str | None,
    typer.Option(
        "--policy",
        metavar="PATH",
        help="Take the policy from this file (a 'policy:' mapping) instead of the inventory's own section.",
        show_default=False,
    ),
]
OutputFile = Annotated[
    str | None,
    typer.Option(
        "--output-file",
        "-o",
        metavar="PATH",
        help="Write the report to PATH (replaced whole, never half-written) instead of standard output.",
        show_default=False,
    ),
]
StdinFilename = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        metavar="NAME",
        help="Read the inventory from standard input and show it as NAME; a directory file it names is found"
        " beside NAME.",
        show_default=False,
    ),
]
Quiet = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Only the findings: no summary line (text; other formats are unchanged)."),
]
Color = Annotated[
    str,
    typer.Option(
        "--color",
        metavar="WHEN",
        parser=arguments.color,
        autocompletion=_completing(lambda: arguments.COLORS),
        help="Colour the text output: auto (on a terminal; NO_COLOR turns it off, FORCE_COLOR on), always or never.",
    ),
]
Select = Annotated[
    list[str] | None,
    typer.Option(
        "--select",
        metavar="RULES",
        autocompletion=_complete_rule_ids,
        help="Report only these waivable rules (ids, comma-separated, repeatable); protected rules always report.",
        show_default=False,
    ),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(
        "--ignore",
        metavar="RULES",
        autocompletion=_complete_rule_ids,
        help="Leave these waivable rules out of the report (ids, comma-separated, repeatable).",
        show_default=False,
    ),
]


# -- help and usage errors in our words ------------------------------------------------------------


class _Argument(typer.core.TyperArgument):
    """Typer shows a type (<str>, <list[str]>) beside an argument's name: ours show the metavar only."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar is not None else super().display_type_rich(ctx)


class _Option(typer.core.TyperOption):
    """Typer shows <bool> beside a flag: ours show nothing; an option with a value, its metavar."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.is_flag else super().display_type_rich(ctx)


def _ours(param: Any) -> Any:
    # Typer builds its parameters itself and takes no class for them: the instances are given
    # ours, subclasses that change nothing but how help shows their type.
    if type(param) is typer.core.TyperArgument:
        param.__class__ = _Argument
    elif type(param) is typer.core.TyperOption:
        param.__class__ = _Option
    return param


def in_our_words(exc: typer.TyperException, ctx: Any) -> UsageError:
    """A command-line mistake the framework found, said in one line of ours. Typer publishes
    only one of its exception classes, so they are told apart by what they carry."""
    see = f" (see '{ctx.command_path} --help')"
    option = getattr(exc, "option_name", None)
    if isinstance(option, str):
        if hasattr(exc, "possibilities"):
            close = getattr(exc, "possibilities", None) or []
            hint = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
            return UsageError(f"no option '{option}'{hint}{see}")
        flags = {
            name for param in ctx.command.get_params(ctx) if getattr(param, "is_flag", False) for name in param.opts
        }
        return UsageError(f"{option} takes no value{see}" if option in flags else f"{option} needs a value{see}")
    param = getattr(exc, "param", None)
    if param is not None:  # a required argument missing, or a value a Typer type refused
        is_option = getattr(param, "param_type_name", None) == "option"
        name = "/".join(param.opts) if is_option else (param.metavar or param.name)
        if hasattr(exc, "param_type"):
            return UsageError(f"missing {name}{see}")
        return UsageError(f"{name}: {exc.message}{see}")
    message = exc.format_message()
    extra = re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", message, re.DOTALL)
    if extra:
        return UsageError(f"unexpected argument '{extra.group(1)}'{see}")
    return UsageError(f"{message}{see}")


def _framework_usage_error(exc: typer.TyperException) -> bool:
    return getattr(exc, "exit_code", None) == EXIT_USAGE


class Command(typer.core.TyperCommand):
    """Every command's class (``@app.command(cls=Command)``)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [_ours(param) for param in super().get_params(ctx)]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as exc:
            if not _framework_usage_error(exc):
                raise
            raise in_our_words(exc, ctx) from None


class Group(typer.core.TyperGroup):
    """The class of the app and of every sub-app (``typer.Typer(cls=Group)``)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return [_ours(param) for param in super().get_params(ctx)]

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args:
            return super().parse_args(ctx, args)  # no_args_is_help: the help, exit 2
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as exc:
            if not _framework_usage_error(exc):
                raise
            raise in_our_words(exc, ctx) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:
            if not _framework_usage_error(exc) or not args:
                raise
            close = difflib.get_close_matches(args[0], list(self.commands))
            hint = f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""
            raise UsageError(f"no command '{args[0]}'{hint} (see '{ctx.command_path} --help')") from None

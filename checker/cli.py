"""The ``licensegate`` command line: parse options, build objects, call the core, print, exit.

Every expected failure is a LicensegateError, turned into one line on stderr and
an exit code in ``main`` and nowhere else.
"""

from __future__ import annotations

import datetime
import os
import sys
from typing import Annotated

import typer

from checker import __version__
from checker.errors import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, LicensegateError, UsageError
from checker.reporters import OutputFormat

DEFAULT_PATH = "licenses.yaml"

app = typer.Typer(
    name="licensegate",
    help="Keep Atlassian license contacts on shared team mailboxes: check licenses.yaml before it lands.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"licensegate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Keep Atlassian license contacts on shared team mailboxes: check licenses.yaml before it lands."""


def read_inputs(paths: list[str]) -> list[tuple[str, bytes]]:
    """Each path's bytes; a path that cannot be read is a usage error (exit 2)."""
    inputs = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                inputs.append((path, handle.read()))
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{path}: is a directory, not a file") from None
        except PermissionError:
            raise UsageError(f"{path}: permission denied") from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return inputs


def use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help=f"Inventory files to check.  [default: {DEFAULT_PATH}]", show_default=False),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = "text",
    today: Annotated[
        datetime.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The date time-based rules judge by, YYYY-MM-DD.  [default: today]",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check inventory files against the schema and the policy rules.

    Exit status: 0 no errors, 1 findings, 2 usage error or unreadable file.
    """
    from checker import engine
    from checker.finding import Severity
    from checker.reporters import Report, reporter
    from checker.rules import docs
    from checker.rules.base import Context

    inputs = read_inputs(paths or [DEFAULT_PATH])
    context = Context(today=today.date() if today else datetime.date.today())
    results = [(path, engine.check_bytes(raw, path=path, context=context)) for path, raw in inputs]
    findings = [finding for _, result in results for finding in result.findings]
    report = Report(
        findings=findings,
        files=len(inputs),
        licenses=sum(result.licenses for _, result in results),
        rules=docs(),
        overrides=tuple(
            f"{path}: {rule}={level}" for path, result in results for rule, level in result.overrides.items()
        ),
        waived=sum(result.waived for _, result in results),
    )
    sys.stdout.write(reporter(output_format)(report, color=use_color()))
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    raise typer.Exit(EXIT_FINDINGS if any(f.severity in failing for f in findings) else EXIT_OK)


@app.command("rules")
def list_rules(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="Show one rule in full.", show_default=False)
    ] = None,
) -> None:
    """List every rule with its default severity, or show one rule's documentation."""
    from checker.rules import WAIVABLE, docs

    known = {doc.id: doc for doc in docs()}
    if rule_id is None:
        width = max(map(len, known))
        for doc in known.values():
            sys.stdout.write(f"{doc.id:<{width}}  {doc.severity!s:<7}  {doc.summary}\n")
        return
    if rule_id not in known:
        raise UsageError(f"no rule '{rule_id}'; 'licensegate rules' lists them")
    doc = known[rule_id]
    waivable = "yes" if rule_id in WAIVABLE else "no"
    sys.stdout.write(f"{doc.id} ({doc.severity} by default; waivable: {waivable})\n\n{doc.description}\n")


@app.command("schema")
def print_schema() -> None:
    """Print the JSON Schema of licenses.yaml (draft 2020-12)."""
    from checker.schema import schema_text

    sys.stdout.write(schema_text())


def main() -> None:
    """The console script: the one place expected failures become an exit code."""
    try:
        app()
    except LicensegateError as exc:
        sys.stderr.write(f"licensegate: {exc}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.stderr.write("licensegate: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line, never a traceback
        if os.environ.get("LICENSEGATE_DEBUG"):
            raise
        sys.stderr.write(
            f"licensegate: internal error: {type(exc).__name__}: {exc}"
            " (please report it; LICENSEGATE_DEBUG=1 shows the traceback)\n"
        )
        sys.exit(EXIT_INTERNAL)

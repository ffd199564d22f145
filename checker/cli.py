"""The ``licensegate`` command line: parse options, build objects, call the core, print, exit.

Every expected failure is a LicensegateError, turned into one line on stderr and
an exit code in ``main`` and nowhere else.
"""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

import typer

from checker import __version__
from checker.diff_report import FORMATS as DIFF_FORMATS
from checker.files import DEFAULT_PATH
from checker.history.report import FORMATS as HISTORY_FORMATS
from checker.idp import SOURCES
from checker.renewals_report import FORMATS as RENEWALS_FORMATS
from checker.reporters import REPORTERS
from checker.who_report import FORMATS as WHO_FORMATS

# Each option's choices come from its command's format registry, where the names are written once.
if TYPE_CHECKING:
    CheckFormat: TypeAlias = str
    DiffFormat: TypeAlias = str
    RenewalsFormat: TypeAlias = str
    HistoryFormat: TypeAlias = str
    WhoFormat: TypeAlias = str
    Source: TypeAlias = str
else:
    CheckFormat = Literal[REPORTERS.names]
    DiffFormat = Literal[DIFF_FORMATS.names]
    RenewalsFormat = Literal[RENEWALS_FORMATS.names]
    HistoryFormat = Literal[HISTORY_FORMATS.names]
    WhoFormat = Literal[WHO_FORMATS.names]
    Source = Literal[tuple(SOURCES)]

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


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help=f"Inventory files to check (default: {DEFAULT_PATH}).", show_default=False),
    ] = None,
    output_format: Annotated[
        CheckFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = "text",
    today: Annotated[
        datetime.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="The date time-based rules judge by, YYYY-MM-DD (default: today's date in UTC).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    all_files: Annotated[
        bool,
        typer.Option("--all", help="Check every licenses.yaml (or .yml, any case) that git tracks here."),
    ] = False,
    base: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Change mode: compare with each file as it was at REV; only new findings fail.",
            show_default=False,
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Option(
            metavar="REV",
            help="Read the files as committed at REV (':' for the staged version) instead of from disk.",
            show_default=False,
        ),
    ] = None,
    policy: PolicyFile = None,
) -> None:
    """Check inventory files against the schema and the policy rules.

    Exit status: 0 no errors, 1 findings, 2 usage error or unreadable file.
    """
    from checker.commands import check as command

    code = command.run(
        paths or [],
        output_format=output_format,
        today=today.date() if today else None,
        strict=strict,
        base=base,
        head=head,
        policy=policy,
        all_files=all_files,
    )
    raise typer.Exit(code)


@app.command("rules")
def list_rules(
    rule_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="Show one rule in full.", show_default=False)
    ] = None,
) -> None:
    """List every rule with its default severity, or show one rule's documentation."""
    from checker.commands import rules as command

    raise typer.Exit(command.run(rule_id))


@app.command("renewals")
def renewals_report(
    path: Annotated[str, typer.Argument(help="The inventory.", show_default=True)] = DEFAULT_PATH,
    within: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="List renewals at most DAYS away (default: the policy's renewal_warning_days; for ics, all).",
            metavar="DAYS",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        datetime.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="The date the report counts from, YYYY-MM-DD (default: today's date in UTC).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[RenewalsFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    policy: PolicyFile = None,
) -> None:
    """Renewals and expiries due soon, soonest first, overdue ones marked; or a calendar of them (ics)."""
    from checker.commands import renewals as command

    raise typer.Exit(
        command.run(
            path, within=within, today=today.date() if today else None, output_format=output_format, policy=policy
        )
    )


@app.command("diff")
def diff_revisions(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV_A [REV_B]] [PATH]",
            help=f"Compare PATH (default {DEFAULT_PATH}) at REV_A (default HEAD) with REV_B"
            " (default: the working tree). A PATH ends in .yaml or .yml, or follows '--'.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    policy: PolicyFile = None,
) -> None:
    """Show what changed in the inventory between two revisions, license by license and field by field."""
    from checker.commands import diff as command  # GitPython: only for the commands that read git

    raise typer.Exit(command.run(arguments or [], output_format=output_format, policy=policy))


@app.command("history")
def history_trail(
    path: Annotated[str, typer.Argument(metavar="PATH", help="The inventory whose history to show.")] = DEFAULT_PATH,
    licenses: Annotated[
        list[str] | None,
        typer.Option("--license", metavar="SEN", help="Only this license's changes (repeatable).", show_default=False),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Only changes of this field (technical_contact, backup_contacts, renews, members, status, ...).",
            show_default=False,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Only commits on or after DATE (YYYY-MM-DD or ISO 8601).", show_default=False
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Only commits on or before DATE (YYYY-MM-DD or ISO 8601).", show_default=False
        ),
    ] = None,
    author: Annotated[
        str | None,
        typer.Option(
            metavar="TEXT", help="Only commits whose author's name or email contains TEXT.", show_default=False
        ),
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            metavar="RANGE",
            help="Walk these commits (e.g. main~50..main) instead of HEAD's history.",
            show_default=False,
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Oldest first.")] = False,
    all_parents: Annotated[
        bool, typer.Option("--all-parents", help="Walk every side of merges, not only first parents.")
    ] = False,
    output_format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
) -> None:
    """Show the inventory's audit trail from git: who changed which license, when, and what it was before."""
    from checker.commands import history as command

    code = command.run(
        path,
        licenses=licenses or [],
        field=field,
        since=since,
        until=until,
        author=author,
        rev=rev,
        reverse=reverse,
        all_parents=all_parents,
        output_format=output_format,
    )
    raise typer.Exit(code)


@app.command("who")
def who_holds(
    address: Annotated[
        str | None,
        typer.Argument(help="The person's address (an alias works too).", show_default=False),
    ] = None,
    path: Annotated[
        str | None, typer.Argument(help=f"The inventory (default: {DEFAULT_PATH}).", show_default=False)
    ] = None,
    risk: Annotated[
        bool,
        typer.Option("--at-risk", help="List the people whose departure alone would leave a license below min_reach."),
    ] = False,
    output_format: Annotated[WhoFormat, typer.Option("--format", "-f", help="Output format.")] = "text",
    policy: PolicyFile = None,
) -> None:
    """Everything that reaches a person (their offboarding checklist), or who holds licenses alone.

    licensegate who ADDRESS [PATH]  |  licensegate who --at-risk [PATH]"""
    from checker.commands import who as command

    if risk and address is not None and path is None:
        path, address = address, None  # with --at-risk, the one argument is the inventory
    raise typer.Exit(command.run(address, path or DEFAULT_PATH, risk=risk, output_format=output_format, policy=policy))


@app.command("schema")
def print_schema(
    directory: Annotated[
        bool,
        typer.Option("--directory", help="The schema of a directory file (people.yaml) instead."),
    ] = False,
) -> None:
    """Print the JSON Schema of licenses.yaml, or of a directory file (draft 2020-12)."""
    from checker.schema import directory_schema_text, schema_text

    sys.stdout.write(directory_schema_text() if directory else schema_text())  # no module of its own


directory_app = typer.Typer(
    name="directory",
    help="The directory of people and mailboxes, built from the identity provider.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(directory_app)


@directory_app.command("import")
def directory_import(
    source: Annotated[
        Source, typer.Argument(metavar="SOURCE", help="Where the export comes from.", show_default=False)
    ],
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="Saved pages of the identity provider's API (users, groups and members pages, in any order),"
            " or CSV files.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The directory file to write, and the previous directory to start from (default: standard output).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing: exit 1 if the file at -o would change, 0 if not."),
    ] = False,
    exported: Annotated[
        datetime.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="The export's date, for the header comment (default: today's date in UTC).",
            show_default=False,
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="FIELD=HEADER",
            help="csv: the column that holds FIELD (email, name, status, team, aliases); repeatable."
            " Default: the column named like the field.",
            show_default=False,
        ),
    ] = None,
    departed: Annotated[
        list[str] | None,
        typer.Option(
            "--departed-status",
            metavar="VALUE",
            help="csv: a status that means the person has left (repeatable; default: departed, inactive,"
            " terminated, suspended, disabled, deactivated, archived, left).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the directory file from identity-provider exports.

    Exit status: 0 written, unchanged or up to date; 1 --check: the file would change; 2 unusable input.
    """
    from checker.commands import directory as command

    code = command.run_import(
        source,
        paths,
        output=output,
        check=check,
        exported=exported.date() if exported else None,
        columns=columns or [],
        departed=departed or [],
    )
    raise typer.Exit(code)

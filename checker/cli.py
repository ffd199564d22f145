"""The ``licensegate`` command line: parse options, build objects, call the core, print, exit.

Every expected failure is a LicensegateError, turned into one line on stderr and
an exit code in ``checker.entry`` and nowhere else. The options commands share, and the classes
that give help and usage errors in our words, are in ``checker.options``.
"""

from __future__ import annotations

import datetime
import sys
from typing import Annotated

import typer

from checker import __version__, arguments
from checker.diff_report import FORMATS as DIFF_FORMATS
from checker.history.report import FORMATS as HISTORY_FORMATS
from checker.idp import SOURCES
from checker.instances import SOURCES as INSTANCE_SOURCES
from checker.instances.report import FORMATS as DRIFT_FORMATS
from checker.options import (
    Color,
    Command,
    Group,
    Ignore,
    OutputFile,
    PolicyFile,
    Quiet,
    Select,
    StdinFilename,
    complete_all_rule_ids,
    format_option,
    inventory_argument,
    today_option,
)
from checker.renewals_report import FORMATS as RENEWALS_FORMATS
from checker.reporters import REPORTERS
from checker.who_report import FORMATS as WHO_FORMATS

app = typer.Typer(
    name="licensegate",
    cls=Group,
    help="Keep Atlassian license contacts on shared team mailboxes: check licenses.yaml before it lands.",
    add_completion=True,
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


@app.command(cls=Command)
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Inventory files to check ('-' for standard input; default: the nearest licenses.yaml,"
            " here or in a parent folder).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[str, format_option(REPORTERS, "check")] = "text",
    today: Annotated[datetime.date | None, today_option("time-based rules judge by")] = None,
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
    stdin_filename: StdinFilename = None,
    quiet: Quiet = False,
    color: Color = "auto",
    output_file: OutputFile = None,
    select: Select = None,
    ignore: Ignore = None,
) -> None:
    """Check inventory files against the schema and the policy rules.

    Exit status: 0 no errors, 1 findings, 2 usage error or unreadable file.
    """
    from checker.commands import check as command

    code = command.run(
        paths or [],
        output_format=output_format,
        today=today,
        strict=strict,
        base=base,
        head=head,
        policy=policy,
        all_files=all_files,
        stdin_filename=stdin_filename,
        quiet=quiet,
        color=color,
        output_file=output_file,
        select=select or [],
        ignore=ignore or [],
    )
    raise typer.Exit(code)


@app.command("rules", cls=Command)
def list_rules(
    rule_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID", help="Show one rule in full.", show_default=False, autocompletion=complete_all_rule_ids
        ),
    ] = None,
) -> None:
    """List every rule with its default severity, or show one rule's documentation."""
    from checker.commands import rules as command

    raise typer.Exit(command.run(rule_id))


@app.command("renewals", cls=Command)
def renewals_report(
    path: Annotated[str | None, inventory_argument()] = None,
    within: Annotated[
        int | None,
        typer.Option(
            parser=arguments.days,
            help="List renewals at most DAYS away (default: the policy's renewal_warning_days; for ics, all).",
            metavar="DAYS",
            show_default=False,
        ),
    ] = None,
    today: Annotated[datetime.date | None, today_option("the report counts from")] = None,
    output_format: Annotated[str, format_option(RENEWALS_FORMATS, "renewals")] = "text",
    policy: PolicyFile = None,
    stdin_filename: StdinFilename = None,
    output_file: OutputFile = None,
) -> None:
    """Renewals and expiries due soon, soonest first, overdue ones marked; or a calendar of them (ics)."""
    from checker.commands import renewals as command

    raise typer.Exit(
        command.run(
            path,
            within=within,
            today=today,
            output_format=output_format,
            policy=policy,
            stdin_filename=stdin_filename,
            output_file=output_file,
        )
    )


@app.command("diff", cls=Command)
def diff_revisions(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[REV_A [REV_B]] [PATH]",
            help="Compare PATH (default: the nearest licenses.yaml, here or in a parent folder) at REV_A"
            " (default HEAD) with REV_B (default: the working tree). A PATH ends in .yaml or .yml, or follows '--'.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[str, format_option(DIFF_FORMATS, "diff")] = "text",
    policy: PolicyFile = None,
    output_file: OutputFile = None,
) -> None:
    """Show what changed in the inventory between two revisions, license by license and field by field."""
    from checker.commands import diff as command  # GitPython: only for the commands that read git

    raise typer.Exit(command.run(arguments or [], output_format=output_format, policy=policy, output_file=output_file))


@app.command("history", cls=Command)
def history_trail(
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help="The inventory whose history to show (default: the nearest licenses.yaml, here or in a"
            " parent folder).",
            show_default=False,
        ),
    ] = None,
    licenses: Annotated[
        list[str] | None,
        typer.Option(
            "--license",
            metavar="ID",
            help="Only this license's changes: its SEN or Entitlement number (repeatable).",
            show_default=False,
        ),
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
            metavar="NAME", help="Only commits whose author's name or email contains NAME.", show_default=False
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
    output_format: Annotated[str, format_option(HISTORY_FORMATS, "history")] = "text",
    output_file: OutputFile = None,
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
        output_file=output_file,
    )
    raise typer.Exit(code)


@app.command("who", cls=Command)
def who_holds(
    address: Annotated[
        str | None,
        typer.Argument(metavar="ADDRESS", help="The person's address (an alias works too).", show_default=False),
    ] = None,
    path: Annotated[str | None, inventory_argument()] = None,
    risk: Annotated[
        bool,
        typer.Option("--at-risk", help="List the people whose departure alone would leave a license below min_reach."),
    ] = False,
    output_format: Annotated[str, format_option(WHO_FORMATS, "who")] = "text",
    policy: PolicyFile = None,
    stdin_filename: StdinFilename = None,
    output_file: OutputFile = None,
) -> None:
    """Everything that reaches a person (their offboarding checklist), or who holds licenses alone.

    licensegate who ADDRESS [PATH]  |  licensegate who --at-risk [PATH]"""
    from checker.commands import who as command

    if risk and address is not None and path is None:
        path, address = address, None  # with --at-risk, the one argument is the inventory
    code = command.run(
        address,
        path,
        risk=risk,
        output_format=output_format,
        policy=policy,
        stdin_filename=stdin_filename,
        output_file=output_file,
    )
    raise typer.Exit(code)


@app.command("report", cls=Command)
def html_report(
    output_dir: Annotated[
        str,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="DIR",
            help="The folder to write index.html into (made if missing; only index.html is replaced, whole).",
            show_default=False,
        ),
    ],
    path: Annotated[str | None, inventory_argument()] = None,
    today: Annotated[datetime.date | None, today_option("findings and renewals are judged by")] = None,
    policy: PolicyFile = None,
    stdin_filename: StdinFilename = None,
    link_template: Annotated[
        str | None,
        typer.Option(
            metavar="TEMPLATE",
            parser=arguments.link_template,
            help="Link each finding to its file and line: an http(s) address with {path} and {line}, e.g."
            " https://github.com/ORG/REPO/blob/main/{path}#L{line}.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a static HTML page of the inventory: renewals, who holds what, every finding.

    Exit status: 0 the page was written (whatever it shows); 2 usage error or unreadable file.
    """
    from checker.commands import report as command

    code = command.run(
        path,
        output_dir=output_dir,
        today=today,
        policy=policy,
        stdin_filename=stdin_filename,
        link_template=link_template,
    )
    raise typer.Exit(code)


@app.command("schema", cls=Command)
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
    cls=Group,
    help="The directory of people and mailboxes, built from the identity provider.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(directory_app)


@directory_app.command("import", cls=Command)
def directory_import(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            parser=arguments.source_of(SOURCES),
            help=f"Where the export comes from: {', '.join(SOURCES)}.",
            show_default=False,
        ),
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
            "--output-file",
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
        datetime.date | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            parser=arguments.day,
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
        exported=exported,
        columns=columns or [],
        departed=departed or [],
    )
    raise typer.Exit(code)


@app.command("init", cls=Command)
def init_repository(
    folder: Annotated[
        str | None,
        typer.Argument(
            metavar="DIR",
            help="The repository's top folder to write into (default: the current folder).",
            show_default=False,
        ),
    ] = None,
    domains: Annotated[
        list[str] | None,
        typer.Option(
            "--domain",
            metavar="DOMAIN",
            help="A mail domain license mail may go to (example.com, or *.example.com with its subdomains);"
            " repeatable, at least one.",
            show_default=False,
        ),
    ] = None,
    platforms: Annotated[
        list[str] | None,
        typer.Option(
            "--ci",
            metavar="PLATFORM",
            parser=arguments.ci_platform,
            help="Also write the CI recipe of github, gitlab or bitbucket (repeatable).",
            show_default=False,
        ),
    ] = None,
    owners: Annotated[
        list[str] | None,
        typer.Option(
            "--codeowners",
            metavar="OWNER",
            help="Also write a CODEOWNERS stanza giving OWNER (@user, @org/team, an email) the files init writes;"
            " repeatable.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that exist (default: exit 2, write nothing).")
    ] = False,
    hook_repository: Annotated[
        str | None,
        typer.Option(
            "--hook-repo",
            metavar="URL",
            help="The repository pre-commit and CI install licensegate from (default: licensegate's own).",
            show_default=False,
        ),
    ] = None,
    hook_revision: Annotated[
        str | None,
        typer.Option(
            "--hook-rev",
            metavar="REV",
            help="Its tag or commit (default: the one this licensegate was built from).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start an inventory in a repository: licenses.yaml, its schema, the pre-commit hook, CI and code owners.

    Exit status: 0 written; 2 unusable input, or a file that exists (then nothing is written).
    """
    from checker.commands import init as command

    code = command.run(
        folder,
        domains=domains or [],
        platforms=platforms or [],
        owners=owners or [],
        force=force,
        hook_repository=hook_repository,
        hook_revision=hook_revision,
    )
    raise typer.Exit(code)


@app.command("import", cls=Command)
def import_licenses(
    source: Annotated[
        str,
        typer.Argument(
            metavar="SOURCE",
            parser=arguments.source_of(INSTANCE_SOURCES, "import"),
            help=f"What reported the licenses: {', '.join(INSTANCE_SOURCES)}.",
            show_default=False,
        ),
    ],
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE",
            help="Saved responses of the instance's license endpoints, or CSV files.",
            show_default=False,
        ),
    ],
    into: Annotated[
        str | None,
        typer.Option(
            metavar="PATH",
            help="The inventory to add to and update (default: the nearest licenses.yaml).",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing: exit 1 if the inventory would change, 0 if not.")
    ] = False,
    technical_contact: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="The technical contact of the entries it adds (instances do not report contacts).",
            show_default=False,
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            metavar="FIELD=HEADER",
            help="csv: the column that holds FIELD (id, product, deployment, expires, tier, type, used, cloud_id);"
            " repeatable. Default: the column named like the field.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Add or update license entries from what the instances report, keeping the file's formatting.

    Exit status: 0 written or unchanged; 1 --check: the inventory would change; 2 unusable input.
    """
    from checker.commands import import_ as command

    code = command.run(
        source, paths, into=into, check=check, technical_contact=technical_contact, columns=columns or []
    )
    raise typer.Exit(code)


@app.command("drift", cls=Command)
def drift_report(
    path: Annotated[str | None, inventory_argument()] = None,
    from_dir: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="DIR",
            help="Saved responses, as DIR/<instance>/<source>/<file>.",
            show_default=False,
        ),
    ] = None,
    live: Annotated[bool, typer.Option("--fetch", help="Ask the live instances that --instances declares.")] = False,
    instances_file: Annotated[
        str | None,
        typer.Option(
            "--instances",
            metavar="FILE",
            help="The instances to ask, with their URLs and the variables that hold their tokens"
            " (default: instances.yaml beside the inventory).",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", parser=arguments.seconds, help="How long to wait for each answer."),
    ] = 10.0,
    output_format: Annotated[str, format_option(DRIFT_FORMATS, "drift")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    policy: PolicyFile = None,
    color: Color = "auto",
    output_file: OutputFile = None,
) -> None:
    """Compare the inventory with what the Atlassian instances report about each license.

    Exit status: 0 no drift errors, 1 drift, 2 usage error or unusable input.
    """
    from checker.commands import drift as command

    code = command.run(
        path,
        from_dir=from_dir,
        live=live,
        instances_file=instances_file,
        timeout=timeout,
        output_format=output_format,
        strict=strict,
        policy=policy,
        color=color,
        output_file=output_file,
    )
    raise typer.Exit(code)

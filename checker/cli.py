"""The ``licensegate`` command line: parse options, build objects, call the core, print, exit.

Every expected failure is a LicensegateError, turned into one line on stderr and
an exit code in ``main`` and nowhere else.
"""

from __future__ import annotations

import datetime
import os
import sys
from typing import Annotated, Any, Literal

import typer

from checker import __version__
from checker.errors import UsageError
from checker.reporters import OutputFormat
from checker.run import DEFAULT_PATH, read_inputs

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
        OutputFormat,
        typer.Option("--format", "-f", help="Output format."),
    ] = "text",
    today: Annotated[
        datetime.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            metavar="YYYY-MM-DD",
            help="The date time-based rules judge by, YYYY-MM-DD (default: today).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
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
) -> None:
    """Check inventory files against the schema and the policy rules.

    Exit status: 0 no errors, 1 findings, 2 usage error or unreadable file.
    """
    from checker import run

    code = run.check(
        paths or [DEFAULT_PATH],
        output_format=output_format,
        today=today.date() if today else None,
        strict=strict,
        base=base,
        head=head,
    )
    raise typer.Exit(code)


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
            help="The date the report counts from, YYYY-MM-DD (default: today).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Literal["text", "json", "markdown", "ics"], typer.Option("--format", "-f", help="Output format.")
    ] = "text",
) -> None:
    """Renewals and expiries due soon, soonest first, overdue ones marked; or a calendar of them (ics)."""
    from checker import inventory as inventory_module
    from checker import renewals

    ((_, raw),) = read_inputs([path])
    inventory = inventory_module.build(_load_inventory(raw, path))
    day = today.date() if today else datetime.date.today()
    window = within if within is not None or output_format == "ics" else renewals.default_window(inventory)
    found = renewals.due(inventory, today=day, within=window)
    if output_format == "ics":
        from checker import ics

        sys.stdout.write(ics.render(found, inventory=inventory, today=day, path=path))
        return
    render = {"text": renewals.render_text, "json": renewals.render_json, "markdown": renewals.render_markdown}
    sys.stdout.write(render[output_format](found, path=path, today=day, within=window))


def _load_inventory(raw: bytes | None, where: str) -> dict[str, Any]:
    """The inventory ``diff`` and ``renewals`` read: a file that did not exist (at a revision) is empty."""
    if raw is None:
        return {}
    from checker import document

    loaded = document.load(raw)
    if loaded.document is None:
        raise UsageError(f"{where} is not a readable inventory: {loaded.why_unreadable()}")
    return loaded.document.data


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
    output_format: Annotated[Literal["text", "json"], typer.Option("--format", "-f", help="Output format.")] = "text",
) -> None:
    """Show what changed in the inventory between two revisions, license by license and field by field."""
    import json

    from checker import changes, gitio

    revisions, path = _split_diff_arguments(arguments or [])
    if len(revisions) > 2:
        raise UsageError("diff takes at most two revisions and one path")
    rev_a = revisions[0] if revisions else "HEAD"
    rev_b = revisions[1] if len(revisions) > 1 else None
    repository = gitio.Repository.for_path(path)
    name = repository.relative(path)
    old_raw = repository.read(repository.resolve(rev_a), name)
    new_raw: bytes | None
    if rev_b is None:
        ((_, new_raw),) = read_inputs([path])
    else:
        new_raw = repository.read(repository.resolve(rev_b), name)
    found = changes.diff(
        _load_inventory(old_raw, f"{name} at {rev_a}"),
        _load_inventory(new_raw, f"{name} at {rev_b or 'the working tree'}"),
    )
    target = rev_b or "working tree"
    if output_format == "json":
        document = {
            "from": rev_a,
            "to": target,
            "path": name,
            "changes": [change._asdict() for change in found],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        sys.stdout.write(changes.render_text(found, title=f"licensegate diff {rev_a}..{target} ({name})"))


def _split_diff_arguments(arguments: list[str]) -> tuple[list[str], str]:
    if "--" in arguments:
        at = arguments.index("--")
        paths = arguments[at + 1 :]
        if len(paths) != 1:
            raise UsageError("diff takes one path after '--'")
        return arguments[:at], paths[0]
    if arguments and arguments[-1].endswith((".yaml", ".yml")):
        return arguments[:-1], arguments[-1]
    return arguments, DEFAULT_PATH


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
    output_format: Annotated[
        Literal["text", "json", "csv"], typer.Option("--format", "-f", help="Output format.")
    ] = "text",
) -> None:
    """Show the inventory's audit trail from git: who changed which license, when, and what it was before."""
    from checker import gitio, history
    from checker.history_report import REPORTERS

    filters = history.build_filters(licenses=licenses or [], field=field, since=since, until=until, author=author)
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory, not a file")
    repository = gitio.Repository.for_path(path)
    name = repository.relative(path)
    events = history.select(history.trail(repository, name, rev=rev, all_parents=all_parents), filters)
    if reverse:
        events = history.oldest_first(events)
    sys.stdout.write(REPORTERS[output_format](events, name))


@app.command("schema")
def print_schema() -> None:
    """Print the JSON Schema of licenses.yaml (draft 2020-12)."""
    from checker.schema import schema_text

    sys.stdout.write(schema_text())

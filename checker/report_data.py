"""What ``licensegate report`` shows, gathered from the engine's results: pure, no I/O, no HTML.

The findings are ``check``'s (the same load, the same engine); renewals and their levels are
``checker.renewals``'; who is at risk is ``checker.who.at_risk``; whom a license's mail reaches
is the directory's own ``reach``, the one ``reach`` and ``who`` count with.
"""

from __future__ import annotations

import datetime
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from checker import engine, renewals
from checker.finding import Finding, RuleDoc
from checker.model import Inputs, Waiver
from checker.rules import end_of_support
from checker.who import AtRisk, _license_roles, at_risk

# How far ahead the timeline looks.
TIMELINE_YEARS = 2


def timeline_end(today: datetime.date) -> datetime.date:
    """The timeline's last day: the same date TIMELINE_YEARS later (a 29 February, the 28th)."""
    year = today.year + TIMELINE_YEARS
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return today.replace(year=year, day=28) if (today.month, today.day) == (2, 29) else today.replace(year=year)


Place = Callable[[str], tuple[str, int, int]]  # pointer -> file, line, column


# How license mail reaches a person: (role, the mailbox written in the license or None) -> the
# licenses, in the inventory's order. The roles are checker.who's: technical contact, backup
# contact, billing contact.
Holdings = dict[tuple[str, "str | None"], list["str | None"]]


@dataclass(frozen=True)
class Holder:
    """An active person and every license whose mail reaches them."""

    email: str
    name: str | None
    team: str | None
    holdings: Holdings
    licenses: int  # how many distinct licenses
    alone: tuple[AtRisk, ...]  # the licenses their departure alone would leave below min_reach


@dataclass(frozen=True)
class EndOfSupport:
    what: str
    date: datetime.date
    licenses: int  # how many licenses of the inventory it concerns


@dataclass(frozen=True)
class Located:
    """A finding with where it is, as the page shows it: ``path:line:col``, and a link when a
    template was given."""

    finding: Finding
    link: str | None


@dataclass(frozen=True)
class ReportData:
    path: str
    today: datetime.date
    inputs: Inputs | None  # None: the inventory could not be read (its findings say why)
    findings: tuple[Located, ...]
    waived: int
    rules: Mapping[str, RuleDoc]
    renewals: tuple[renewals.Renewal, ...]  # every renewal, soonest first
    notes: Mapping[str, str]  # SEN -> the license's notes
    holders: tuple[Holder, ...]
    below: tuple[AtRisk, ...]  # licenses that already reach fewer than min_reach
    ends: tuple[EndOfSupport, ...]
    place: Place


def holdings(inputs: Inputs) -> dict[str, Holdings]:
    """For each active person (by email), every license whose mail reaches them, by role and
    mailbox. The licenses are grouped by the address written in them first, so each address's
    reach (the directory's) is asked once: asking ``checker.who.holder`` person by person would
    cost people x licenses."""
    directory = inputs.directory
    written: dict[tuple[str, str], list[str | None]] = {}
    for license in inputs.inventory.licenses:
        for _, role, address in _license_roles(license):
            written.setdefault((role, address), []).append(license.id)
    found: dict[str, Holdings] = {}
    for (role, address), licenses in written.items():
        via = address if directory.is_mailbox(address) else None
        for person in directory.reach(address):
            found.setdefault(person, {}).setdefault((role, via), []).extend(licenses)
    return found


def holders(inputs: Inputs, alone: Mapping[str, list[AtRisk]]) -> list[Holder]:
    """Everyone license mail reaches, those whose departure alone leaves the most licenses below
    min_reach first, then by name."""
    people = inputs.directory.person_by_email
    found = []
    for email, held in holdings(inputs).items():
        person = people.get(email)
        name = person.name if person is not None else None
        team = person.team if person is not None else None
        licenses = len({sen for sens in held.values() for sen in sens})
        found.append(Holder(email, name, team, held, licenses, tuple(alone.get(email, ()))))
    return sorted(
        found, key=lambda holder: (-len(holder.alone), (holder.name or holder.email).casefold(), holder.email)
    )


def ends(inputs: Inputs) -> list[EndOfSupport]:
    """The end-of-support dates the end-of-support rule knows that concern this inventory's licenses."""
    licenses = inputs.inventory.licenses
    count: dict[end_of_support.EndOfSupport, int] = {}
    for license in licenses:
        product = (license.product or "").lower()
        if license.deployment == "server" and not any(name in product for name in end_of_support.SERVER_EXCEPTIONS):
            count[end_of_support.SERVER] = count.get(end_of_support.SERVER, 0) + 1
        if license.deployment == "data-center":
            count[end_of_support.DATA_CENTER] = count.get(end_of_support.DATA_CENTER, 0) + 1
        for name, end in end_of_support.PRODUCTS.items():
            if name in product:
                count[end] = count.get(end, 0) + 1
    return sorted((EndOfSupport(end.what, end.date, number) for end, number in count.items()), key=lambda e: e.date)


def link_of(template: str | None, repo_paths: Mapping[str, str]) -> Callable[[Finding], str | None]:
    """The web address of a finding's file and line from TEMPLATE (``{path}`` percent-encoded,
    relative to the repository's top where the file is in one), or None without a template."""

    def link(finding: Finding) -> str | None:
        if template is None:
            return None
        path = urllib.parse.quote(repo_paths.get(finding.file, finding.file), safe="/")
        return template.replace("{path}", path).replace("{line}", str(finding.line))

    return link


def _notes(loaded: engine.Loaded, inputs: Inputs) -> dict[str, str]:
    doc = loaded.origin.doc
    entries = doc.data.get("licenses") if doc is not None else None
    if not isinstance(entries, list):
        return {}
    found: dict[str, str] = {}
    for license in inputs.inventory.licenses:
        entry = entries[int(license.pointer.rpartition("/")[2])]  # /licenses/N
        notes = entry.get("notes") if isinstance(entry, dict) else None
        if license.id and isinstance(notes, str):
            found.setdefault(license.id, notes)
    return found


def gather(
    loaded: engine.Loaded,
    result: engine.FileResult,
    *,
    today: datetime.date,
    rules: Mapping[str, RuleDoc],
    link: Callable[[Finding], str | None],
) -> ReportData:
    located = tuple(Located(finding, link(finding)) for finding in result.findings)
    inputs = loaded.inputs

    def place(pointer: str) -> tuple[str, int, int]:
        return engine.locate(loaded, pointer)

    if inputs is None:
        return ReportData(loaded.origin.path, today, None, located, result.waived, rules, (), {}, (), (), (), place)
    alone, below = at_risk(inputs)
    return ReportData(
        path=loaded.origin.path,
        today=today,
        inputs=inputs,
        findings=located,
        waived=result.waived,
        rules=rules,
        renewals=tuple(renewals.due(inputs, today=today, within=None)),
        notes=_notes(loaded, inputs),
        holders=tuple(holders(inputs, alone)),
        below=tuple(below),
        ends=tuple(ends(inputs)),
        place=place,
    )


def waiver_state(waiver: Waiver, today: datetime.date) -> tuple[str, int | None]:
    """A waiver's state for the page: 'in force' or 'expired', and the days until it ends (negative: since)."""
    if waiver.expires is None:
        return "no end date", None
    days = (waiver.expires - today).days
    return ("in force" if days >= 0 else "expired"), days

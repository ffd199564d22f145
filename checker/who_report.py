"""``licensegate who`` output: text for the person running the offboarding, JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker import escape
from checker.formats import Formats
from checker.who import AtRisk, Holder

Place = Callable[[str], tuple[str, int, int]]  # pointer -> file, line, column


@dataclass(frozen=True)
class WhoReport:
    holder: Holder | None  # who ADDRESS
    at_risk: tuple[dict[str, list[AtRisk]], list[AtRisk]] | None  # who --at-risk
    place: Place
    names: dict[str, str]  # email -> name, for the at-risk list


def _location(report: WhoReport, pointer: str) -> str:
    path, line, column = report.place(pointer)
    return f"{path}:{line}:{column}"


def _holder_text(report: WhoReport, holder: Holder) -> list[str]:
    person = holder.person
    if person is not None:
        team = f" ({person.team})" if person.team else ""
        aliases = f"; also {', '.join(person.aliases)}" if person.aliases else ""
        status = "departed" if holder.departed else "active"
        header = f"{person.email}: {person.name or person.email}{team}, {status}{aliases}"
    else:
        header = f"{holder.address}: not in the directory"
    lines = [header]
    if not holder.appearances:
        lines.append("no license mail reaches them")
        return lines
    count = len(holder.appearances)
    lines.append(f"license mail reaches them in {count} place{'s' if count != 1 else ''}:")
    for item in holder.appearances:
        subject = f"{item.license} {item.product or ''}".strip() if item.license else "directory"
        role = f"member of '{item.mailbox}'" if item.mailbox else item.role
        via = f" through '{item.through[0]}'" if item.through else ""
        lines.append(f"{_location(report, item.pointer)}: {subject}: {role}{via}")
        lines.append(f"    here: {item.change}")
        if item.my_atlassian:
            lines.append(f"    My Atlassian: {item.my_atlassian}")
        if item.reach_without is not None:
            short = " (fewer than min_reach: fix this first)" if item.reach_without < item.min_reach else ""
            lines.append(f"    without them the license reaches {item.reach_without} active people{short}")
    return lines


def _at_risk_text(report: WhoReport, people: dict[str, list[AtRisk]], below: list[AtRisk]) -> list[str]:
    lines = []
    if below:
        lines.append(f"{len(below)} license{'s' if len(below) != 1 else ''} already reach fewer than min_reach:")
        for entry in below:
            reached = ", ".join(entry.reached) or "no one"
            lines.append(
                f"  {_location(report, entry.pointer)}: {entry.license} reaches {len(entry.reached)}: {reached}"
            )
    if not people:
        lines.append("no one's departure alone would leave a license below min_reach")
    for address, entries in people.items():
        name = report.names.get(address)
        who = f"{address} ({name})" if name else address
        lines.append(f"{who}: {len(entries)} license{'s' if len(entries) != 1 else ''} would fall below min_reach")
        for entry in entries:
            others = ", ".join(a for a in entry.reached if a != address)
            lines.append(
                f"  {_location(report, entry.pointer)}: {entry.license} {entry.product or ''}".rstrip()
                + f" (reaches {len(entry.reached)}, min_reach {entry.min_reach}; the others: {others or 'no one'})"
            )
    return lines


def render_text(report: WhoReport) -> str:
    if report.holder is not None:
        lines = _holder_text(report, report.holder)
    else:
        assert report.at_risk is not None
        lines = _at_risk_text(report, *report.at_risk)
    # Names, addresses and products are data: each line is escaped whole (our words hold no control).
    return "".join(escape.terminal(line) + "\n" for line in lines)


def _located(report: WhoReport, pointer: str) -> dict[str, Any]:
    path, line, column = report.place(pointer)
    return {"file": path, "line": line, "column": column}


def render_json(report: WhoReport) -> str:
    document: dict[str, Any]
    if report.holder is not None:
        holder = report.holder
        person = holder.person
        document = {
            "address": holder.address,
            "person": None
            if person is None
            else {
                "email": person.email,
                "name": person.name,
                "team": person.team,
                "aliases": list(person.aliases),
                "status": "departed" if holder.departed else "active",
            },
            "appearances": [
                {
                    **_located(report, item.pointer),
                    "role": item.role,
                    "mailbox": item.mailbox,
                    "license": item.license,
                    "product": item.product,
                    "address": item.address,
                    "through": list(item.through),
                    "change": item.change,
                    "my_atlassian": item.my_atlassian,
                    "reach_without": item.reach_without,
                }
                for item in holder.appearances
            ],
        }
    else:
        assert report.at_risk is not None
        people, below = report.at_risk

        def entry(item: AtRisk) -> dict[str, Any]:
            return {
                **_located(report, item.pointer),
                "license": item.license,
                "product": item.product,
                "reached": list(item.reached),
            }

        document = {
            "min_reach": next((item.min_reach for items in [below, *people.values()] for item in items), None),
            "below": [entry(item) for item in below],
            "at_risk": [
                {"person": address, "name": report.names.get(address), "licenses": [entry(item) for item in items]}
                for address, items in people.items()
            ],
        }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS: Formats[Callable[[WhoReport], str]] = Formats(
    {"text": "checker.who_report:render_text", "json": "checker.who_report:render_json"}
)

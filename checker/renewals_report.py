"""``licensegate renewals`` output: text, JSON, a markdown table, or an RFC 5545 calendar (``checker.ics``)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Protocol

from checker import escape
from checker.formats import Formats
from checker.model import Inputs
from checker.renewals import Renewal, when


@dataclass(frozen=True)
class RenewalsReport:
    renewals: list[Renewal]
    path: str
    today: datetime.date
    within: int | None  # the window in days; None: every renewal
    inputs: Inputs  # the policy's horizons and the directory's names, for the calendar


def _title(report: RenewalsReport) -> str:
    window = "all renewals" if report.within is None else f"renewals within {report.within} days"
    return f"{report.path}: {window} of {report.today}"


def render_text(report: RenewalsReport) -> str:
    # The path, names, products and addresses are data: each line is escaped whole, as our own words
    # hold no control character, so a renewal stays one line.
    lines = [escape.terminal(_title(report))]
    if not report.renewals:
        lines.append("none")
    for renewal in report.renewals:
        marker = "OVERDUE " if renewal.overdue else ""
        backups = ", ".join(renewal.backup_contacts) or "none"
        lines.append(
            escape.terminal(
                f"{marker}{renewal.renews} ({when(renewal)}) {renewal.level} {renewal.license} {renewal.product}"
                f" [{renewal.deployment}, tier {renewal.tier}] technical contact {renewal.technical_contact};"
                f" backups {backups}"
            )
        )
    return "\n".join(lines) + "\n"


def render_json(report: RenewalsReport) -> str:
    document = {
        "file": report.path,
        "today": report.today.isoformat(),
        "within": report.within,
        "renewals": [
            {
                "license": renewal.license,
                "product": renewal.product,
                "deployment": renewal.deployment,
                "tier": renewal.tier,
                "renews": renewal.renews.isoformat(),
                "days": renewal.days,
                "overdue": renewal.overdue,
                "level": renewal.level,
                "technical_contact": renewal.technical_contact,
                "backup_contacts": list(renewal.backup_contacts),
            }
            for renewal in report.renewals
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(report: RenewalsReport) -> str:
    lines = [f"### {escape.markdown(str(_title(report)))}", ""]
    if not report.renewals:
        lines.append("No renewals due.")
        return "\n".join(lines) + "\n"
    lines.append("| Renews | When | License | Product | Deployment | Tier | Technical contact | Backups |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for renewal in report.renewals:
        backups = ", ".join(renewal.backup_contacts) or "none"
        cells = [
            renewal.renews,
            when(renewal) + (" (ok)" if renewal.level == "ok" else ""),
            renewal.license,
            renewal.product,
            renewal.deployment,
            renewal.tier,
            renewal.technical_contact,
            backups,
        ]
        escaped = [escape.markdown(str(cell)) for cell in cells]
        if renewal.overdue or renewal.level == "error":
            escaped[1] = f"**{escaped[1]}**"  # our emphasis, added after escaping the data
        lines.append("| " + " | ".join(escaped) + " |")
    return "\n".join(lines) + "\n"


class Render(Protocol):
    def __call__(self, report: RenewalsReport) -> str: ...


FORMATS: Formats[Render] = Formats(
    {
        "text": "checker.renewals_report:render_text",
        "json": "checker.renewals_report:render_json",
        "markdown": "checker.renewals_report:render_markdown",
        "ics": "checker.ics:render",
    }
)

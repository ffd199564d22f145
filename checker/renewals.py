"""Renewals due within a window, and the text, JSON and markdown reports of them.

The window and the levels are the renewal-horizon rule's: a renewal ``within``
days away or fewer is listed (the day itself included), and its level is
``error`` inside ``renewal_error_days`` or past, ``warning`` otherwise, so the
report agrees with ``check`` for the same ``--today``. Waivers do not hide a
renewal here: a waived renewal still has to be renewed.
"""

from __future__ import annotations

import datetime
import json
from typing import NamedTuple

from checker.inventory import Inventory


class Renewal(NamedTuple):
    license: str
    product: str | None
    deployment: str | None
    tier: int | str | None
    renews: datetime.date
    days: int  # negative: overdue
    level: str  # error or warning, as renewal-horizon would report it
    technical_contact: str | None
    backup_contacts: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return self.days < 0


def due(inventory: Inventory, *, today: datetime.date, within: int | None) -> list[Renewal]:
    """Renewals at most ``within`` days away (None: all), soonest first: overdue ones lead."""
    policy = inventory.policy
    found = []
    for license in inventory.licenses:
        if license.id is None or license.renews is None:
            continue
        days = (license.renews - today).days
        if within is not None and days > within:
            continue
        found.append(
            Renewal(
                license=license.id,
                product=license.product,
                deployment=license.deployment,
                tier=license.tier,
                renews=license.renews,
                days=days,
                level="error" if days <= policy.renewal_error_days else "warning",
                technical_contact=license.technical_contact,
                backup_contacts=tuple(address for _, address in license.backup_contacts or []),
            )
        )
    return sorted(found, key=lambda renewal: (renewal.days, renewal.license))


def default_window(inventory: Inventory) -> int:
    """The renewal-horizon rule's outer horizon."""
    return max(inventory.policy.renewal_warning_days, inventory.policy.renewal_error_days)


def when(renewal: Renewal) -> str:
    if renewal.days < 0:
        return f"overdue by {-renewal.days} day{'s' if renewal.days != -1 else ''}"
    if renewal.days == 0:
        return "today"
    return f"in {renewal.days} day{'s' if renewal.days != 1 else ''}"


def _title(path: str, today: datetime.date, within: int | None) -> str:
    window = "all renewals" if within is None else f"renewals within {within} days"
    return f"{path}: {window} of {today}"


def render_text(renewals: list[Renewal], *, path: str, today: datetime.date, within: int | None) -> str:
    lines = [_title(path, today, within)]
    if not renewals:
        lines.append("none")
    for renewal in renewals:
        marker = "OVERDUE " if renewal.overdue else ""
        backups = ", ".join(renewal.backup_contacts) or "none"
        lines.append(
            f"{marker}{renewal.renews} ({when(renewal)}) {renewal.level} {renewal.license} {renewal.product}"
            f" [{renewal.deployment}, tier {renewal.tier}] technical contact {renewal.technical_contact};"
            f" backups {backups}"
        )
    return "\n".join(lines) + "\n"


def render_json(renewals: list[Renewal], *, path: str, today: datetime.date, within: int | None) -> str:
    document = {
        "file": path,
        "today": today.isoformat(),
        "within": within,
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
            for renewal in renewals
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(renewals: list[Renewal], *, path: str, today: datetime.date, within: int | None) -> str:
    lines = [f"### {_cell(_title(path, today, within))}", ""]
    if not renewals:
        lines.append("No renewals due.")
        return "\n".join(lines) + "\n"
    lines.append("| Renews | When | License | Product | Deployment | Tier | Technical contact | Backups |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for renewal in renewals:
        when_cell = f"**{when(renewal)}**" if renewal.overdue or renewal.level == "error" else when(renewal)
        backups = ", ".join(renewal.backup_contacts) or "none"
        cells = [
            renewal.renews,
            when_cell,
            renewal.license,
            renewal.product,
            renewal.deployment,
            renewal.tier,
            renewal.technical_contact,
            backups,
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"

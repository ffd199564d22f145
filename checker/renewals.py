"""Renewals due within a window, and the text, JSON and markdown reports of them.

The levels are the renewal-horizon rule's: ``error`` inside ``renewal_error_days``
or past, ``warning`` inside ``renewal_warning_days``, and ``ok`` beyond both, where
``check`` reports nothing, so the report agrees with ``check`` for the same
``--today``. A renewal ``within`` days away or fewer is listed (the day itself
included): the window widens the list, never the levels. Waivers do not hide a
renewal here: a waived renewal still has to be renewed.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from checker.model import Inputs


class Renewal(NamedTuple):
    license: str
    product: str | None
    deployment: str | None
    tier: int | str | None
    renews: datetime.date
    days: int  # negative: overdue
    level: str  # error or warning, as renewal-horizon would report it; ok where it reports nothing
    technical_contact: str | None
    backup_contacts: tuple[str, ...]

    @property
    def overdue(self) -> bool:
        return self.days < 0


def _level(days: int, inputs: Inputs) -> str:
    if days <= inputs.policy.renewal_error_days:
        return "error"
    return "warning" if days <= default_window(inputs) else "ok"


def due(inputs: Inputs, *, today: datetime.date, within: int | None) -> list[Renewal]:
    """Renewals at most ``within`` days away (None: all), soonest first: overdue ones lead."""
    found = []
    for license in inputs.inventory.licenses:
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
                level=_level(days, inputs),
                technical_contact=license.technical_contact,
                backup_contacts=tuple(address for _, address in license.backup_contacts or []),
            )
        )
    return sorted(found, key=lambda renewal: (renewal.days, renewal.license))


def default_window(inputs: Inputs) -> int:
    """The renewal-horizon rule's outer horizon."""
    return max(inputs.policy.renewal_warning_days, inputs.policy.renewal_error_days)


def when(renewal: Renewal) -> str:
    if renewal.days < 0:
        return f"overdue by {-renewal.days} day{'s' if renewal.days != -1 else ''}"
    if renewal.days == 0:
        return "today"
    return f"in {renewal.days} day{'s' if renewal.days != 1 else ''}"

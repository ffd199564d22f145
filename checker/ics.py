"""Renewals as an RFC 5545 calendar, written with the icalendar library.

One all-day event per renewal. Its UID is the license and the renewal date, so a
calendar that re-imports or re-subscribes to the file updates the event instead
of adding a second one, and a renewal moved to a new date is a new event; a second
license with the same SEN and date (a duplicate the check reports) gets ``-2``,
``-3``... so that no event replaces another. The
technical contact and backups are attendees; two alarms fire at the policy's
warning and error horizons. DTSTAMP is the ``--today`` date, so the same
inventory and date give the same bytes. No METHOD: this is a published feed to
subscribe to, not an iTIP invitation.

Every string is data: icalendar escapes TEXT values and parameters itself, and an
address becomes a ``mailto:`` URI percent-encoded (RFC 6068), so a line break or a
``;`` in it cannot add a property. An alarm further away than a timedelta can hold
(a ``renewal_warning_days`` in the billions) is left out: no calendar could fire it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from checker import escape
from checker.model import Directory
from checker.renewals import Renewal
from checker.renewals_report import RenewalsReport

PRODID = "-//licensegate//Atlassian license renewals//EN"
UID_DOMAIN = "licensegate"


def uids(renewals: list[Renewal]) -> Iterator[str]:
    """Each renewal's UID, with ``-N`` before the domain from its second occurrence on."""
    seen: dict[str, int] = {}
    for renewal in renewals:
        base = f"{renewal.license}-{renewal.renews.isoformat()}"
        seen[base] = seen.get(base, 0) + 1
        yield f"{base}{'' if seen[base] == 1 else f'-{seen[base]}'}@{UID_DOMAIN}"


def mailto(address: str) -> str:
    """A ``mailto:`` URI: everything but ``@`` and unreserved characters percent-encoded."""
    return "mailto:" + quote(address, safe="@")


def _attendee(address: str, *, role: str, directory: Directory) -> vCalAddress:
    attendee: vCalAddress = vCalAddress(mailto(address))
    person = directory.person_by_email.get(address.lower())
    mailbox = directory.mailbox_by_address.get(address.lower())
    name = person.name if person is not None and person.name else address
    attendee.params["cn"] = vText(escape.ics_text(name))
    attendee.params["role"] = vText(role)
    attendee.params["cutype"] = vText("GROUP" if mailbox is not None else "INDIVIDUAL")
    return attendee


def _alarm(days: int, renewal: Renewal, horizon: str) -> Alarm | None:
    """The alarm DAYS before the renewal; None where a timedelta cannot hold DAYS."""
    if days > datetime.timedelta.max.days:
        return None
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description", escape.ics_text(f"{renewal.license} {renewal.product} renews in {days} days ({horizon} horizon)")
    )
    alarm.add("trigger", datetime.timedelta(days=-days))
    return alarm


def render(report: RenewalsReport) -> str:
    path, today, directory = report.path, report.today, report.inputs.directory
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", escape.ics_text(f"Atlassian license renewals ({path})"))
    stamp = datetime.datetime.combine(today, datetime.time(0), tzinfo=datetime.timezone.utc)
    policy = report.inputs.policy
    for renewal, event_uid in zip(report.renewals, uids(report.renewals), strict=True):
        event = Event()
        event.add("uid", escape.ics_text(event_uid))
        event.add("dtstamp", stamp)
        event.add("dtstart", renewal.renews)
        if renewal.renews < datetime.date.max:  # an all-day DTSTART alone is one day too (RFC 5545, 3.6.1)
            event.add("dtend", renewal.renews + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add(
            "summary",
            escape.ics_text(f"Renew {renewal.license}: {renewal.product} ({renewal.deployment}, tier {renewal.tier})"),
        )
        backups = ", ".join(renewal.backup_contacts) or "none"
        event.add(
            "description",
            escape.ics_text(
                f"{renewal.license} ({renewal.product}, {renewal.deployment}, tier {renewal.tier}) renews or expires"
                f" on {renewal.renews}.\nTechnical contact: {renewal.technical_contact}\nBackup contacts: {backups}\n"
                f"Source: {path}"
            ),
        )
        event.add("categories", ["Atlassian license renewal"])
        if renewal.technical_contact:
            event.add(
                "attendee",
                _attendee(renewal.technical_contact, role="REQ-PARTICIPANT", directory=directory),
                encode=False,
            )
        for address in renewal.backup_contacts:
            event.add("attendee", _attendee(address, role="OPT-PARTICIPANT", directory=directory), encode=False)
        horizons = {policy.renewal_warning_days: "warning", policy.renewal_error_days: "error"}
        for alarm in (_alarm(days, renewal, horizon) for days, horizon in horizons.items()):
            if alarm is not None:
                event.add_component(alarm)
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written.decode("utf-8")

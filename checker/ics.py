"""Renewals as an RFC 5545 calendar, written with the icalendar library.

One all-day event per renewal. Its UID is the license and the renewal date, so a
calendar that re-imports or re-subscribes to the file updates the event instead
of adding a second one, and a renewal moved to a new date is a new event. The
technical contact and backups are attendees; two alarms fire at the policy's
warning and error horizons. DTSTAMP is the ``--today`` date, so the same
inventory and date give the same bytes. No METHOD: this is a published feed to
subscribe to, not an iTIP invitation.
"""

from __future__ import annotations

import datetime

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from checker.model import Directory
from checker.renewals import Renewal
from checker.renewals_report import RenewalsReport

PRODID = "-//licensegate//Atlassian license renewals//EN"
UID_DOMAIN = "licensegate"


def uid(renewal: Renewal) -> str:
    return f"{renewal.license}-{renewal.renews.isoformat()}@{UID_DOMAIN}"


def _attendee(address: str, *, role: str, directory: Directory) -> vCalAddress:
    attendee: vCalAddress = vCalAddress(f"mailto:{address}")
    person = directory.person_by_email.get(address.lower())
    mailbox = directory.mailbox_by_address.get(address.lower())
    name = person.name if person is not None and person.name else address
    attendee.params["cn"] = vText(name)
    attendee.params["role"] = vText(role)
    attendee.params["cutype"] = vText("GROUP" if mailbox is not None else "INDIVIDUAL")
    return attendee


def _alarm(days: int, renewal: Renewal, horizon: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{renewal.license} {renewal.product} renews in {days} days ({horizon} horizon)")
    alarm.add("trigger", datetime.timedelta(days=-days))
    return alarm


def render(report: RenewalsReport) -> str:
    path, today, directory = report.path, report.today, report.inputs.directory
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Atlassian license renewals ({path})")
    stamp = datetime.datetime.combine(today, datetime.time(0), tzinfo=datetime.timezone.utc)
    policy = report.inputs.policy
    for renewal in report.renewals:
        event = Event()
        event.add("uid", uid(renewal))
        event.add("dtstamp", stamp)
        event.add("dtstart", renewal.renews)
        if renewal.renews < datetime.date.max:  # an all-day DTSTART alone is one day too (RFC 5545, 3.6.1)
            event.add("dtend", renewal.renews + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        event.add("summary", f"Renew {renewal.license}: {renewal.product} ({renewal.deployment}, tier {renewal.tier})")
        backups = ", ".join(renewal.backup_contacts) or "none"
        event.add(
            "description",
            f"{renewal.license} ({renewal.product}, {renewal.deployment}, tier {renewal.tier}) renews or expires"
            f" on {renewal.renews}.\nTechnical contact: {renewal.technical_contact}\nBackup contacts: {backups}\n"
            f"Source: {path}",
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
        event.add_component(_alarm(policy.renewal_warning_days, renewal, "warning"))
        if policy.renewal_error_days != policy.renewal_warning_days:
            event.add_component(_alarm(policy.renewal_error_days, renewal, "error"))
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written.decode("utf-8")

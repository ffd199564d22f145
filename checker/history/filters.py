"""Choosing events: ``--license``, ``--field``, ``--since``, ``--until``, ``--author``, ``--reverse``."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from checker.errors import UsageError
from checker.history.events import FILE_CHANGES, Commit, Event

When = datetime.date | datetime.datetime


def parse_when(text: str, option: str) -> When:
    """A --since/--until value: a day (YYYY-MM-DD) or an ISO 8601 time, with or without offset."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        if text.endswith(("Z", "z")):  # Python 3.10's fromisoformat does not read Z
            text = text[:-1] + "+00:00"
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} '{text}': expected a date (YYYY-MM-DD) or an ISO 8601 time") from None


def _compare_key(commit_date: str, bound: When) -> tuple[Any, Any]:
    """The commit's date and the bound, made comparable: days by the commit's own calendar."""
    moment = datetime.datetime.fromisoformat(commit_date)
    if not isinstance(bound, datetime.datetime):
        return moment.date(), bound
    if bound.tzinfo is None:
        return moment.replace(tzinfo=None), bound  # a wall-clock time, in each commit's own offset
    return moment, bound


@dataclass(frozen=True)
class Filters:
    licenses: frozenset[str] = frozenset()  # SENs, compared case-insensitively
    field: str | None = None
    since: When | None = None
    until: When | None = None
    author: str | None = None  # part of the author's name or email, case-insensitively

    def keeps_commit(self, commit: Commit) -> bool:
        if self.author is not None and self.author.casefold() not in f"{commit.author} <{commit.email}>".casefold():
            return False
        if self.since is not None:
            moment, bound = _compare_key(commit.date, self.since)
            if moment < bound:
                return False
        if self.until is not None:
            moment, bound = _compare_key(commit.date, self.until)
            if moment > bound:
                return False
        return True

    def apply(self, event: Event) -> Event | None:
        """The event as these filters show it, or None. With --field, an added or removed entry
        shows that field's value (the start or end of the field's story)."""
        if not self.keeps_commit(event.commit):
            return None
        if event.change in FILE_CHANGES:
            keep = event.change != "renamed" or (not self.licenses and self.field is None)
            return event if keep else None
        if self.licenses and (event.license is None or event.license.casefold() not in self.licenses):
            return None
        if self.field is None or event.field == self.field:
            return event
        if event.field is None and event.change == "added" and _has(event.new, self.field):
            return Event(
                event.commit, event.path, "added", event.section, event.key, self.field, None, event.new[self.field]
            )
        if event.field is None and event.change == "removed" and _has(event.old, self.field):
            return Event(
                event.commit, event.path, "removed", event.section, event.key, self.field, event.old[self.field]
            )
        return None


def _has(entry: Any, name: str) -> bool:
    return isinstance(entry, dict) and name in entry


def build_filters(
    *,
    licenses: Iterable[str] = (),
    field: str | None = None,
    since: str | None = None,
    until: str | None = None,
    author: str | None = None,
) -> Filters:
    return Filters(
        licenses=frozenset(sen.strip().casefold() for sen in licenses),
        field=field,
        since=parse_when(since, "--since") if since is not None else None,
        until=parse_when(until, "--until") if until is not None else None,
        author=author,
    )


def select(events: Iterable[Event], filters: Filters) -> list[Event]:
    return [shown for event in events if (shown := filters.apply(event)) is not None]


def oldest_first(events: Sequence[Event]) -> list[Event]:
    """Commits in the opposite order; each commit's events keep theirs."""
    groups: list[list[Event]] = []
    for event in events:
        if groups and groups[-1][0].commit.sha == event.commit.sha:
            groups[-1].append(event)
        else:
            groups.append([event])
    return [event for group in reversed(groups) for event in group]

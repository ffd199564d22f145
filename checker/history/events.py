"""The events of the trail: one per change between two readable revisions.

One event per change of a license (added, removed, or one field changed, with its old and new
value; address lists as sets), plus mailbox membership and people whose status changed, each
carrying its commit; and the file's own events (unreadable, renamed, shallow).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from checker import changes

if TYPE_CHECKING:  # the reader imports PyYAML, which the report formats do not need
    from checker.history.reader import Revision

ChangeKind = Literal["added", "removed", "changed", "unreadable", "renamed", "shallow"]
# The changes that concern the file rather than an entry: they survive --license and --field
# (except renamed), since they say where the trail has a gap.
FILE_CHANGES: frozenset[str] = frozenset({"unreadable", "renamed", "shallow"})
SHALLOW_NOTE = "shallow clone: the trail starts here; earlier history is not in this clone (git fetch --unshallow)"


class Commit(NamedTuple):
    sha: str
    short: str
    author: str
    email: str
    committer: str
    committer_email: str
    date: str  # the commit date, ISO 8601 with offset
    message: str  # first line


@dataclass(frozen=True)
class Event:
    """One change in the trail. ``section`` is licenses, policy, waivers, mailboxes or people; None
    for the file itself."""

    commit: Commit
    path: str  # the file's path at this commit
    change: ChangeKind
    section: str | None = None
    # The SEN, the mailbox address, the person's email, or a waiver's "rule license", as written;
    # None for the policy.
    key: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def license(self) -> str | None:
        """The license the event concerns: a license's own, or the one a waiver names."""
        if self.section == "waivers" and self.key is not None:
            return self.key.partition(" ")[2] or None
        return self.key if self.section == "licenses" else None

    @property
    def waiver(self) -> str | None:
        return self.key if self.section == "waivers" else None

    @property
    def mailbox(self) -> str | None:
        return self.key if self.section == "mailboxes" else None

    @property
    def person(self) -> str | None:
        return self.key if self.section == "people" else None


def compare(before: Revision, after: Revision) -> tuple[list[changes.Change], dict[str, Any], dict[str, Any]]:
    """changes.diff of two revisions, handed only the entries whose pieces differ; and the data it saw."""
    old: dict[str, Any] = dict(before.rest)
    new: dict[str, Any] = dict(after.rest)
    for section, _, _ in changes.SECTIONS:
        was, now = before.sections.get(section), after.sections.get(section)
        whole = was is None or now is None or section in before.duplicated or section in after.duplicated
        if whole:
            old[section], new[section] = before.value(section), after.value(section)
            continue
        assert was is not None
        assert now is not None
        if was == now:
            old[section] = new[section] = []
            continue
        kept_old, kept_new = set(was), set(now)
        old[section] = [piece.entry for piece in was if piece not in kept_new]
        new[section] = [piece.entry for piece in now if piece not in kept_old]
    return changes.diff(old, new), old, new


def _written(section: str, key: str, data: Mapping[str, Any]) -> str:
    """An address or email as written in the file (changes.diff lowercases them)."""
    name = changes.IDENTITIES[section]
    entries = data.get(section)
    for entry in entries if isinstance(entries, list) else []:
        if changes.identity(section, entry) == key:
            return str(entry[name])
    return key


def _status(value: Any) -> Any:
    return "active" if value is None else value


def events_of(commit: Commit, path: str, before: Revision, after: Revision) -> list[Event]:
    """The trail's events for one step: every change of a license, of the policy (key by key) and
    of a waiver; mailboxes added, removed or with other members; people added, removed or whose
    status changed."""
    found, old, new = compare(before, after)
    events = []
    for change in found:
        kind = cast(ChangeKind, change.change)  # added, removed or changed
        where = old if change.change == "removed" else new
        if change.section == "licenses" and change.key is not None:
            events.append(Event(commit, path, kind, "licenses", change.key, change.field, change.old, change.new))
        elif change.section == "policy":
            events.append(Event(commit, path, kind, "policy", None, change.field, change.old, change.new))
        elif change.section == "waivers" and change.key is not None:
            written = _waiver(change.key, where)
            events.append(Event(commit, path, kind, "waivers", written, change.field, change.old, change.new))
        elif change.section == "mailboxes" and change.key is not None:
            if change.change == "changed" and change.field != "members":
                continue
            written = _written("mailboxes", change.key, where)
            events.append(Event(commit, path, kind, "mailboxes", written, change.field, change.old, change.new))
        elif change.section == "people" and change.key is not None:
            if change.change == "changed":
                if change.field != "status" or _status(change.old) == _status(change.new):
                    continue
                change = change._replace(old=_status(change.old), new=_status(change.new))
            written = _written("people", str(change.key), where)
            events.append(Event(commit, path, kind, "people", written, change.field, change.old, change.new))
    return events


def _waiver(key: str, data: Mapping[str, Any]) -> str:
    """A waiver's rule and license as written (changes.diff lowercases them)."""
    entries = data.get("waivers")
    for entry in entries if isinstance(entries, list) else []:
        if changes.identity("waivers", entry) == key:
            return f"{entry['rule']} {entry['license']}"
    return key


def merged(per_parent: list[list[Event]]) -> list[Event]:
    """A merge's own changes: those that differ from every parent (conflict resolutions, evil merges)."""
    first, *others = per_parent
    seen = [{(e.section, e.key, e.change, e.field) for e in events} for events in others]
    return [e for e in first if all((e.section, e.key, e.change, e.field) in keys for keys in seen)]

"""The audit trail of an inventory: who changed which license, when, in which commit, and what it was before.

One event per change of a license between consecutive revisions of the file (added, removed, or one
field changed, with its old and new value; address lists as sets), plus mailbox membership and
people whose status changed, each carrying its commit. A revision where the file is not a readable
inventory is an ``unreadable`` event; the next readable revision is compared with the last readable
one, so nothing is invented. No I/O but through a ``GitSource`` (``gitio.Repository``), no printing.

Parsing every revision whole costs ~100 ms for a 1,000-license file, far too slow for thousands of
revisions. So ``InventoryReader`` splits a revision's bytes into top-level sections and each
sequence section (``licenses:``, ``mailboxes:``, ...) into its items, parses only the pieces it has
not seen before (cached by their bytes), and compares revisions piece by piece: an unchanged piece
is an unchanged entry. An entry that uses another's anchor is parsed after the entries that may
define it. Where the layout defeats the split (a flow collection continued at column 0, a second
document, a repeated top-level key, ...), a piece fails to parse on its own and the revision is
parsed whole, which gives the same data.
"""

from __future__ import annotations

import codecs
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, cast

from checker import changes
from checker.errors import UsageError

if TYPE_CHECKING:
    from checker.gitio import FileChange, FileCommit

ChangeKind = Literal["added", "removed", "changed", "unreadable", "renamed", "shallow"]
# The changes that concern the file rather than an entry: they survive --license and --field
# (except renamed), since they say where the trail has a gap.
FILE_CHANGES: frozenset[str] = frozenset({"unreadable", "renamed", "shallow"})
SHALLOW_NOTE = "shallow clone: the trail starts here; earlier history is not in this clone (git fetch --unshallow)"
SET_FIELDS = changes.SET_FIELDS
_IDENTITIES = {section: identity for section, identity, _ in changes.SECTIONS}


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
    """One change in the trail. ``section`` is licenses, mailboxes or people; None for the file itself."""

    commit: Commit
    path: str  # the file's path at this commit
    change: ChangeKind
    section: str | None = None
    key: str | None = None  # the SEN, the mailbox address or the person's email, as written
    field: str | None = None
    old: Any = None
    new: Any = None

    @property
    def license(self) -> str | None:
        return self.key if self.section == "licenses" else None

    @property
    def mailbox(self) -> str | None:
        return self.key if self.section == "mailboxes" else None

    @property
    def person(self) -> str | None:
        return self.key if self.section == "people" else None


# --- reading revisions -------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Piece:
    """One entry of a sequence section, parsed once: equal bytes are the same (interned) Piece."""

    entry: Any
    identity: str | None  # as changes.diff matches entries; None where it cannot
    # Its text, where it may define an anchor (it holds a "&"): later entries that use it are
    # parsed after it. None otherwise.
    anchors: bytes | None = None


@dataclass(frozen=True)
class Inventory:
    """A readable revision: split sections as pieces, everything else as data."""

    rest: Mapping[str, Any]
    sections: Mapping[str, tuple[Piece, ...]] = field(default_factory=dict)
    # Split sections where two entries share an identity: compared whole, as changes.diff does.
    duplicated: frozenset[str] = frozenset()

    def value(self, section: str) -> Any:
        pieces = self.sections.get(section)
        return self.rest.get(section) if pieces is None else [piece.entry for piece in pieces]


@dataclass(frozen=True)
class Unreadable:
    problem: str  # "line:column: [rule] message"


EMPTY = Inventory({})

# The patterns run over the revision with a newline put in front, so that every line starts
# after one: a literal first character lets the regex engine skip ahead, many times faster than
# "^" in MULTILINE mode over a 300 KB file.
# A line that starts a top-level entry: anything at column 0 except indentation, a comment, a
# blank line, or an item ("- ") of a sequence written at column 0.
_TOP_LEVEL = re.compile(rb"\n(?:[^ \t#\r\n-]|-[^ \t\r\n])")
_CONTENT = re.compile(rb"\n[ \t]*[^ \t\r\n#]")  # a line that is not blank or a comment
# Matched at the start of a line.
_BLOCK_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(?:#[^\n]*)?)?\r?\n")  # the value follows below
_INLINE_KEY = re.compile(rb"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|\r?\n|\Z)")
_ITEM = re.compile(rb"( *)-(?:[ \t]|\r?\n|\Z)")
_ITEM_FOLLOWS = (b" ", b"\t", b"\n", b"\r", b"")  # what follows the dash of an item
# Line breaks YAML honours and a line split does not see.
_LONE_CR = re.compile(rb"\r(?!\n)")
_OTHER_BREAKS = (b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
_FAILED = object()
_MISSING = object()
# Entries that may define anchors, at most, before an entry that uses one: beyond, the file is parsed whole.
_CONTEXT_LIMIT = 64


def _defeats_split(text: bytes) -> bool:
    """Line breaks the split does not see: checked in each new piece, not in each revision."""
    return (b"\r" in text and _LONE_CR.search(text) is not None) or any(brk in text for brk in _OTHER_BREAKS)


class InventoryReader:
    """Bytes of a revision -> Inventory or Unreadable, parsing only pieces not seen before.

    An entry that uses an anchor defined in another one (``backup_contacts: *platform-team``)
    cannot be parsed alone: it is parsed after every earlier entry that may define one (its
    context), in the order of the file, so the alias means what it means in the file."""

    def __init__(self) -> None:
        from checker import document  # PyYAML: imported by the reader only, so reporters can import events

        self._load = document.load
        # (section, the items' indentation) -> (items followed by another, the last item):
        # the item's bytes after its dash -> it parsed (None: not alone)
        self._pieces: dict[tuple[str, bytes], tuple[dict[bytes, Piece | None], dict[bytes, Piece | None]]] = {}
        # a whole top-level entry's bytes -> its value (_FAILED: not alone) and whether it may define anchors
        self._segments: dict[bytes, tuple[Any, bool]] = {}
        # The same for items that use an earlier entry's anchor, by (section, indentation, context).
        self._in_context: dict[
            tuple[str, bytes, tuple[bytes, ...]], tuple[dict[bytes, Piece | None], dict[bytes, Piece | None]]
        ] = {}
        # (section, text, context) -> the value of a top-level entry parsed after its context
        self._segments_in_context: dict[tuple[str, bytes, tuple[bytes, ...]], Any] = {}
        self.pieces_parsed = 0
        self.whole_parses = 0

    def read(self, raw: bytes) -> Inventory | Unreadable:
        split = self._split(raw)
        if split is not None:
            return split
        self.whole_parses += 1
        loaded = self._load(raw)
        if loaded.document is None:
            return Unreadable(loaded.why_unreadable())
        return Inventory(loaded.document.data)

    def _split(self, raw: bytes) -> Inventory | None:
        """The revision piece by piece; None where the layout defeats the split."""
        body = raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw
        text = b"\n" + body
        starts = [match.start() + 1 for match in _TOP_LEVEL.finditer(text)]
        first = _CONTENT.search(text)
        if not starts or first is None or first.start() + 1 != starts[0]:
            return None  # empty, or something before the first top-level key
        rest: dict[str, Any] = {}
        sections: dict[str, tuple[Piece, ...]] = {}
        duplicated = set()
        context: list[bytes] = []  # the texts so far that may define anchors
        # The comments above the first key are parsed with it: every byte is parsed somewhere.
        for begin, start, end in zip([1, *starts[1:]], starts, [*starts[1:], len(text)], strict=True):
            block = _BLOCK_KEY.match(text, start, end)
            if block is not None:
                key = block.group(1).decode()
                line = _CONTENT.search(text, block.end() - 1, end)
                item = _ITEM.match(text, line.start() + 1, end) if line is not None else None
                if item is not None:
                    pieces = self._pieces_of(key, text[begin:end], item.group(1), context)
                    if pieces is None or key in rest or key in sections:
                        return None
                    sections[key] = pieces
                    identities = [piece.identity for piece in pieces if piece.identity is not None]
                    if len(set(identities)) != len(identities):
                        duplicated.add(key)
                    continue
            inline = block or _INLINE_KEY.match(text, start, end)
            if inline is None:
                return None
            key = inline.group(1).decode()
            value = self._segment(key, text[begin:end], context)
            if value is _FAILED or key in rest or key in sections:
                return None
            rest[key] = value
        return Inventory(rest, sections, frozenset(duplicated))

    def _pieces_of(self, key: str, section: bytes, indent: bytes, context: list[bytes]) -> tuple[Piece, ...] | None:
        """A top-level key whose value is a block sequence, item by item.

        The hot loop of ``history``: one dict lookup an item seen before. Splitting at the newline
        before each dash takes that newline from the item before, so it is put back to parse it
        (a block scalar keeps or drops a final newline); the last item has its own."""
        dash = b"\n" + indent + b"-"
        prefix = key.encode() + b":\n" + indent + b"-"
        followed, last = self._pieces.setdefault((key, indent), ({}, {}))
        head, *parts, tail = section.split(dash)
        if self._segment(key, head + b"\n", context) is not None:
            return None  # the key line and the comments before the first item read as KEY: null, or not at all
        get = followed.get
        found: list[Piece] = []
        previous = b""
        known_context, get_in_context = 0, followed.get
        for part in parts:
            piece = get(part)
            if piece is None and context:
                if known_context != len(context):  # the context only grows
                    known_context, get_in_context = len(context), self._contextual(key, indent, context)[0].get
                piece = get_in_context(part)
            if piece is not None and piece.anchors is None:
                found.append(piece)
                previous = part
                continue
            taken = self._take(key, indent, part, previous, followed, found, context, dash, prefix, b"\n")
            if taken is None:
                return None
            previous = taken
        if self._take(key, indent, tail, previous, last, found, context, dash, prefix, b"") is None:
            return None
        return tuple(found)

    def _take(
        self,
        key: str,
        indent: bytes,
        part: bytes,
        previous: bytes,
        cache: dict[bytes, Piece | None],
        found: list[Piece],
        context: list[bytes],
        dash: bytes,
        prefix: bytes,
        end: bytes,
    ) -> bytes | None:
        """The slow path of _pieces_of: PART not seen before, not readable alone, or defining
        anchors. Appends its piece to FOUND; returns the item's bytes, or None to parse whole."""
        if part not in cache:
            if found and part[:1] not in _ITEM_FOLLOWS:  # "-x" at the items' indentation: not an item
                if found.pop().anchors is not None:
                    return None  # already in the context
                part = previous + dash + part
            if part not in cache:
                cache[part] = self._parse_piece(key, prefix + part + end)
        piece = cache[part]
        if piece is None:
            piece = self._piece_in_context(key, indent, part, context, prefix, end)
            if piece is None:
                return None
        found.append(piece)
        if piece.anchors is not None:
            context.append(piece.anchors)
        return part

    def _parse_piece(self, key: str, text: bytes) -> Piece | None:
        """One item parsed in the context it has in the file: under its key, at its indentation."""
        self.pieces_parsed += 1
        items = self._value(key, text)
        if not isinstance(items, list) or len(items) != 1:
            return None
        return Piece(items[0], _identity(key, items[0]), _anchors(text))

    def _contextual(
        self, key: str, indent: bytes, context: list[bytes]
    ) -> tuple[dict[bytes, Piece | None], dict[bytes, Piece | None]]:
        return self._in_context.setdefault((key, indent, tuple(context)), ({}, {}))

    def _piece_in_context(
        self, key: str, indent: bytes, part: bytes, context: list[bytes], prefix: bytes, end: bytes
    ) -> Piece | None:
        if not context or b"*" not in part or len(context) > _CONTEXT_LIMIT:
            return None  # it failed for another reason than an alias to an earlier entry
        followed, last = self._contextual(key, indent, context)
        cache = followed if end else last
        if part not in cache:
            self.pieces_parsed += 1
            text = prefix + part + end
            items = self._value(key, text, context)
            found = isinstance(items, list) and len(items) == 1
            cache[part] = Piece(items[0], _identity(key, items[0]), _anchors(text)) if found else None
        return cache[part]

    def _segment(self, key: str, chunk: bytes, context: list[bytes]) -> Any:
        """A top-level entry's value, parsed alone or after its context; _FAILED if it cannot be."""
        if chunk not in self._segments:
            self.pieces_parsed += 1
            self._segments[chunk] = (self._value(key, chunk), _anchors(chunk) is not None)
        value, anchors = self._segments[chunk]
        if value is _FAILED and context and b"*" in chunk and len(context) <= _CONTEXT_LIMIT:
            cache_key = (key, chunk, tuple(context))
            if cache_key not in self._segments_in_context:
                self.pieces_parsed += 1
                self._segments_in_context[cache_key] = self._value(key, chunk, context)
            value = self._segments_in_context[cache_key]
        if anchors and value is not _FAILED:
            context.append(chunk if chunk.endswith(b"\n") else chunk + b"\n")
        return value

    def _value(self, key: str, text: bytes, context: Sequence[bytes] = ()) -> Any:
        """TEXT parsed (after CONTEXT, whose entries come first and so lose to it where keys repeat):
        the value of its top-level KEY; _FAILED where it is not readable that way."""
        if _defeats_split(text):
            return _FAILED
        loaded = self._load(b"".join(context) + text if context else text)
        if loaded.document is None:
            return _FAILED
        data = loaded.document.data
        if not context and len(data) != 1:
            return _FAILED  # more than KEY: the split cut something that belongs together
        return data.get(key, _FAILED)


def _anchors(text: bytes) -> bytes | None:
    """TEXT if it may define an anchor (a "&" anywhere: a false alarm only costs context), else None."""
    if b"&" not in text:
        return None
    return text if text.endswith(b"\n") else text + b"\n"


def _identity(section: str, entry: Any) -> str | None:
    """What changes.diff matches this entry by (the SEN as written; addresses case-insensitively)."""
    identity = _IDENTITIES.get(section)
    if identity is None or not isinstance(entry, dict):
        return None
    parts = [entry.get(name) for name in identity.split("+")]
    if not all(isinstance(part, str) for part in parts):
        return None
    return " ".join(str(part) for part in parts).lower() if identity != "id" else str(parts[0])


# --- comparing revisions -----------------------------------------------------------------------


def compare(before: Inventory, after: Inventory) -> tuple[list[changes.Change], dict[str, Any], dict[str, Any]]:
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
    identity = _IDENTITIES[section]
    entries = data.get(section)
    for entry in entries if isinstance(entries, list) else []:
        if _identity(section, entry) == key:
            return str(entry[identity])
    return key


def _status(value: Any) -> Any:
    return "active" if value is None else value


def events_of(commit: Commit, path: str, before: Inventory, after: Inventory) -> list[Event]:
    """The trail's events for one step: every license change, mailbox membership, people's status."""
    found, old, new = compare(before, after)
    events = []
    for change in found:
        kind = cast(ChangeKind, change.change)  # added, removed or changed
        if change.section == "licenses" and change.key is not None:
            events.append(Event(commit, path, kind, "licenses", change.key, change.field, change.old, change.new))
        elif change.section == "mailboxes" and change.key is not None:
            if change.change == "changed" and change.field != "members":
                continue
            written = _written("mailboxes", change.key, old if change.change == "removed" else new)
            events.append(Event(commit, path, kind, "mailboxes", written, change.field, change.old, change.new))
        elif change.section == "people" and change.key is not None and change.field == "status":
            was, now = _status(change.old), _status(change.new)
            if was != now:
                written = _written("people", change.key, new)
                events.append(Event(commit, path, kind, "people", written, "status", was, now))
    return events


def _merged(per_parent: list[list[Event]]) -> list[Event]:
    """A merge's own changes: those that differ from every parent (conflict resolutions, evil merges)."""
    first, *others = per_parent
    seen = [{(e.section, e.key, e.change, e.field) for e in events} for events in others]
    return [e for e in first if all((e.section, e.key, e.change, e.field) in keys for keys in seen)]


# --- walking the history -----------------------------------------------------------------------


class GitSource(Protocol):
    """What the trail needs from git; gitio.Repository provides it."""

    def file_log(self, path: str, *, rev: str | None = ..., first_parent: bool = ...) -> list[FileCommit]: ...

    def blob(self, sha: str) -> bytes: ...

    def shallow_commits(self) -> frozenset[str]: ...


# Revisions kept parsed: a change is compared with the revision just before it, except across
# merges with --all-parents, so a few hundred bound the memory of a long history.
_STATES_KEPT = 256


class _Walk:
    def __init__(self, source: GitSource, reader: InventoryReader) -> None:
        self.source = source
        self.reader = reader
        self.shallow = source.shallow_commits()
        self.states: dict[str, Inventory | Unreadable] = {}
        # An unreadable blob -> the last readable revision before it (None: not known).
        self.readable_before: dict[str, Inventory | None] = {}

    def state(self, blob: str | None) -> Inventory | Unreadable:
        if blob is None:
            return EMPTY  # no file: an empty inventory
        state = self.states.get(blob)
        if state is None:
            state = self.states[blob] = self.reader.read(self.source.blob(blob))
            if len(self.states) > _STATES_KEPT:  # the oldest goes; reading it again is cheap (pieces are cached)
                del self.states[next(iter(self.states))]
        return state

    def base(self, entry: FileCommit, parent: int, blob: str | None, path: str) -> Inventory | None:
        """What a change is compared with: the revision before, or the last readable one before that."""
        state = self.state(blob)
        if isinstance(state, Inventory):
            return state
        assert blob is not None
        if blob not in self.readable_before:
            self.readable_before[blob] = self._search_back(entry, parent, path)
        return self.readable_before[blob]

    def _search_back(self, entry: FileCommit, parent: int, path: str) -> Inventory | None:
        """The walk started after an unreadable revision (--rev): look further back for a readable one."""
        if parent >= len(entry.parents):
            return None
        for older in self.source.file_log(path, rev=entry.parents[parent], first_parent=True):
            if older.change is not None:
                state = self.state(older.change.blob)
                if isinstance(state, Inventory):
                    return state
            if older.sha in self.shallow:
                return None
        return EMPTY  # unreadable ever since the file was created: before it, there was nothing

    def step(self, entry: FileCommit, change: FileChange) -> list[Event]:
        commit = Commit(
            entry.sha,
            entry.short,
            entry.author,
            entry.email,
            entry.committer,
            entry.committer_email,
            entry.date,
            entry.message,
        )
        events = []
        if entry.sha in self.shallow:
            events.append(Event(commit, change.path, "shallow", new=SHALLOW_NOTE))
            bases: list[Inventory | None] = [None]
        else:
            bases = [
                self.base(entry, parent, blob, path)
                for parent, (blob, path) in enumerate(zip(change.old_blobs, change.old_paths, strict=True))
            ]
        if change.status.startswith("R") and change.old_paths[0] != change.path:
            events.append(Event(commit, change.path, "renamed", old=change.old_paths[0], new=change.path))
        after = self.state(change.blob)
        if isinstance(after, Unreadable):
            assert change.blob is not None
            self.readable_before[change.blob] = bases[0]
            return [*events, Event(commit, change.path, "unreadable", new=after.problem)]
        known = [base for base in bases if base is not None]
        if not bases or len(known) < len(bases):
            return events  # nothing readable to compare with: this revision becomes the base
        per_parent = [events_of(commit, change.path, base, after) for base in known]
        return [*events, *(_merged(per_parent) if len(per_parent) > 1 else per_parent[0])]


def trail(
    source: GitSource,
    path: str,
    *,
    rev: str | None = None,
    all_parents: bool = False,
    reader: InventoryReader | None = None,
) -> list[Event]:
    """Every event in the history of PATH (as git names it), newest commit first."""
    log = source.file_log(path, rev=rev, first_parent=not all_parents)
    if not log and (rev is None or not source.file_log(path)):
        raise UsageError(f"{path}: never committed (no commit in the history of HEAD adds it)")
    walk = _Walk(source, reader or InventoryReader())
    steps = [walk.step(entry, entry.change) for entry in reversed(log) if entry.change is not None]
    return [event for events in reversed(steps) for event in events]


# --- choosing events ---------------------------------------------------------------------------

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

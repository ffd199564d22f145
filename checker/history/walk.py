"""Walking the file's history in git: the commits that changed it, compared revision by revision.

No I/O but through a ``GitSource`` (``gitio.Repository``): a revision where the file is not a
readable inventory is an ``unreadable`` event, and the next readable revision is compared with
the last readable one, so nothing is invented.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from checker.errors import UsageError
from checker.history.events import SHALLOW_NOTE, Commit, Event, events_of, merged
from checker.history.reader import EMPTY, Revision, RevisionReader, Unreadable

if TYPE_CHECKING:
    from checker.gitio import FileChange, FileCommit


class GitSource(Protocol):
    """What the trail needs from git; gitio.Repository provides it."""

    def file_log(self, path: str, *, rev: str | None = ..., first_parent: bool = ...) -> list[FileCommit]: ...

    def blob(self, sha: str) -> bytes: ...

    def shallow_commits(self) -> frozenset[str]: ...


# Revisions kept parsed: a change is compared with the revision just before it, except across
# merges with --all-parents, so a few hundred bound the memory of a long history.
_STATES_KEPT = 256


class _Walk:
    def __init__(self, source: GitSource, reader: RevisionReader) -> None:
        self.source = source
        self.reader = reader
        self.shallow = source.shallow_commits()
        self.states: dict[str, Revision | Unreadable] = {}
        # An unreadable blob -> the last readable revision before it (None: not known).
        self.readable_before: dict[str, Revision | None] = {}

    def state(self, blob: str | None) -> Revision | Unreadable:
        if blob is None:
            return EMPTY  # no file: an empty inventory
        state = self.states.get(blob)
        if state is None:
            state = self.states[blob] = self.reader.read(self.source.blob(blob))
            if len(self.states) > _STATES_KEPT:  # the oldest goes; reading it again is cheap (pieces are cached)
                del self.states[next(iter(self.states))]
        return state

    def base(self, entry: FileCommit, parent: int, blob: str | None, path: str) -> Revision | None:
        """What a change is compared with: the revision before, or the last readable one before that."""
        state = self.state(blob)
        if isinstance(state, Revision):
            return state
        assert blob is not None
        if blob not in self.readable_before:
            self.readable_before[blob] = self._search_back(entry, parent, path)
        return self.readable_before[blob]

    def _search_back(self, entry: FileCommit, parent: int, path: str) -> Revision | None:
        """The walk started after an unreadable revision (--rev): look further back for a readable one."""
        if parent >= len(entry.parents):
            return None
        for older in self.source.file_log(path, rev=entry.parents[parent], first_parent=True):
            if older.change is not None:
                state = self.state(older.change.blob)
                if isinstance(state, Revision):
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
            bases: list[Revision | None] = [None]
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
        return [*events, *(merged(per_parent) if len(per_parent) > 1 else per_parent[0])]


def trail(
    source: GitSource,
    path: str,
    *,
    rev: str | None = None,
    all_parents: bool = False,
    reader: RevisionReader | None = None,
) -> list[Event]:
    """Every event in the history of PATH (as git names it), newest commit first."""
    log = source.file_log(path, rev=rev, first_parent=not all_parents)
    if not log and (rev is None or not source.file_log(path)):
        raise UsageError(f"{path}: never committed (no commit in the history of HEAD adds it)")
    walk = _Walk(source, reader or RevisionReader())
    steps = [walk.step(entry, entry.change) for entry in reversed(log) if entry.change is not None]
    return [event for events in reversed(steps) for event in events]

"""``licensegate history`` output: pure functions from events to text, JSON or CSV.

Events are not findings, so these live beside ``reporters/`` rather than in it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Protocol

from checker import escape
from checker.changes import SET_FIELDS, plain, summary
from checker.formats import Formats
from checker.history.events import Event

# The contract first, then what identifies the other subjects, the committer and the file.
COLUMNS = (
    "commit",
    "short",
    "author",
    "email",
    "date",
    "message",
    "license",
    "change",
    "field",
    "old",
    "new",
    "mailbox",
    "person",
    "committer",
    "committer_email",
    "path",
    "section",
    "waiver",
)


def row(event: Event) -> dict[str, Any]:
    commit = event.commit
    return {
        "commit": commit.sha,
        "short": commit.short,
        "author": commit.author,
        "email": commit.email,
        "date": commit.date,
        "message": commit.message,
        "license": event.license,
        "change": event.change,
        "field": event.field,
        "old": event.old,
        "new": event.new,
        "mailbox": event.mailbox,
        "person": event.person,
        "committer": commit.committer,
        "committer_email": commit.committer_email,
        "path": event.path,
        "section": event.section,
        "waiver": event.waiver,
    }


def render_json(events: Sequence[Event], path: str) -> str:
    return json.dumps([row(event) for event in events], indent=2, ensure_ascii=False) + "\n"


def render_csv(events: Sequence[Event], path: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        values = row(event)
        writer.writerow([escape.csv_cell(values[column]) for column in COLUMNS])
    return out.getvalue()


_NOUN = {"licenses": "", "mailboxes": "mailbox ", "people": "person ", "waivers": "waiver ", "policy": "policy"}


def _describe(event: Event) -> str:
    if event.change == "unreadable":
        return f"{event.path} unreadable: {event.new}"
    if event.change == "renamed":
        return f"renamed {event.old} \u2192 {event.new}"
    if event.change == "shallow":
        return str(event.new)
    subject = _NOUN.get(event.section or "", "") + (event.key or "")
    if event.field is not None and event.change != "changed":
        value = event.new if event.change == "added" else event.old
        return f"{subject} {event.change} with {event.field}: {plain(value)}"
    if event.change == "added":
        return f"{subject} added: {summary(event.section, event.new)}"
    if event.change == "removed":
        return f"{subject} removed: {summary(event.section, event.old)}"
    if event.field in SET_FIELDS and isinstance(event.old, list) and isinstance(event.new, list):
        parts = [f"+ {plain(item)}" for item in event.new] + [f"\u2212 {plain(item)}" for item in event.old]
        return f"{subject} {event.field}: {', '.join(parts)}"
    return f"{subject} {event.field}: {plain(event.old)} \u2192 {plain(event.new)}"


def render_text(events: Sequence[Event], path: str) -> str:
    """Readable without git: one block a commit (date, who, what they wrote), one line a change."""
    if not events:
        return f"No changes to {escape.terminal(path)} found.\n"
    blocks: list[str] = []
    lines: list[str] = []
    current = None
    for event in events:
        commit = event.commit
        if commit.sha != current:
            if lines:
                blocks.append("\n".join(lines))
            current = commit.sha
            header = f"{commit.date}  {commit.short}  {commit.author} <{commit.email}>"
            if (commit.committer, commit.committer_email) != (commit.author, commit.email):
                header += f" (committed by {commit.committer} <{commit.committer_email}>)"
            # Names, addresses, the message and every value are data: escaped whole, as our own
            # words hold no control character, so each change stays one line.
            lines = [escape.terminal(header), f"  {escape.terminal(commit.message)}"]
        lines.append(f"  - {escape.terminal(_describe(event))}")
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


class Render(Protocol):
    def __call__(self, events: Sequence[Event], path: str) -> str: ...


FORMATS: Formats[Render] = Formats(
    {
        "text": "checker.history.report:render_text",
        "json": "checker.history.report:render_json",
        "csv": "checker.history.report:render_csv",
    }
)

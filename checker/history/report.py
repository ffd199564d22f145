"""``licensegate history`` output: pure functions from events to text, JSON or CSV.

Events are not findings, so these live beside ``reporters/`` rather than in it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

from checker.history import SET_FIELDS, Event

HistoryFormat = Literal["text", "json", "csv"]

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
    }


def render_json(events: Sequence[Event], path: str) -> str:
    return json.dumps([row(event) for event in events], indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # numbers, booleans, address lists, whole entries


def render_csv(events: Sequence[Event], path: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events:
        values = row(event)
        writer.writerow([_cell(values[column]) for column in COLUMNS])
    return out.getvalue()


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value or '""'
    if isinstance(value, list):
        return ", ".join(_show(item) for item in value) or "(empty)"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _summary(event: Event, entry: Any) -> str:
    if not isinstance(entry, dict):
        return _show(entry)
    if event.section == "licenses":
        details = [_show(entry["deployment"])] if "deployment" in entry else []
        details += [f"tier {_show(entry['tier'])}"] if "tier" in entry else []
        details += [f"renews {_show(entry['renews'])}"] if "renews" in entry else []
        text = _show(entry.get("product"))
        text += f" ({', '.join(details)})" if details else ""
        if "technical_contact" in entry:
            text += f", technical contact {_show(entry['technical_contact'])}"
        return text
    if event.section == "mailboxes":
        return f"members {_show(entry.get('members'))}"
    return _show(entry)


def _describe(event: Event) -> str:
    if event.change == "unreadable":
        return f"{event.path} unreadable: {event.new}"
    if event.change == "renamed":
        return f"renamed {event.old} \u2192 {event.new}"
    if event.change == "shallow":
        return str(event.new)
    subject = {"licenses": "", "mailboxes": "mailbox ", "people": "person "}.get(event.section or "", "")
    subject += event.key or ""
    if event.field is not None and event.change != "changed":
        value = event.new if event.change == "added" else event.old
        return f"{subject} {event.change} with {event.field}: {_show(value)}"
    if event.change == "added":
        return f"{subject} added: {_summary(event, event.new)}"
    if event.change == "removed":
        return f"{subject} removed: {_summary(event, event.old)}"
    if event.field in SET_FIELDS and isinstance(event.old, list) and isinstance(event.new, list):
        parts = [f"+ {_show(item)}" for item in event.new] + [f"\u2212 {_show(item)}" for item in event.old]
        return f"{subject} {event.field}: {', '.join(parts)}"
    return f"{subject} {event.field}: {_show(event.old)} \u2192 {_show(event.new)}"


def render_text(events: Sequence[Event], path: str) -> str:
    """Readable without git: one block a commit (date, who, what they wrote), one line a change."""
    if not events:
        return f"No changes to {path} found.\n"
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
            lines = [header, f"  {commit.message}"]
        lines.append(f"  - {_describe(event)}")
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


REPORTERS: dict[str, Callable[[Sequence[Event], str], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
}

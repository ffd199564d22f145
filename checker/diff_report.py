"""``licensegate diff`` output: markdown for a pull-request comment, or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from checker import escape
from checker.changes import SET_FIELDS, Change, plain, summary
from checker.formats import Formats


@dataclass(frozen=True)
class DiffReport:
    rev_a: str  # the revision compared from
    target: str  # the revision compared to, or "working tree"
    path: str  # the file, as git names it
    changes: list[Change]
    # How the change loosens the policy, the waivers or the directory (policy-relaxed's messages).
    relaxations: list[str] = field(default_factory=list)


_NOUN = {
    "licenses": "",
    "mailboxes": "mailbox ",
    "people": "person ",
    "waivers": "waiver ",
    "policy": "policy",
    "version": "version",
}


def _show(value: Any) -> str:
    """A value as code: a fence longer than any backtick run in it, so it cannot end the span."""
    if isinstance(value, list):
        return ", ".join(escape.code_span(str(item)) for item in value) or "nothing"
    if value is None:
        return "(none)"
    return escape.code_span(str(value))


def _markdown(value: Any) -> str:
    return escape.markdown(plain(value))


def render_text(report: DiffReport) -> str:
    """Markdown, ready for a pull-request comment."""
    title = escape.markdown(f"licensegate diff {report.rev_a}..{report.target} ({report.path})")
    lines = [f"### {title}", ""]
    if report.relaxations:
        lines.append("**This change loosens the rules** (each takes effect once it has landed):")
        lines.extend(f"- \u26a0 {escape.markdown(message)}" for message in report.relaxations)
        lines.append("")
    if not report.changes:
        lines.append("No changes to the inventory.")
    for change in report.changes:
        noun = _NOUN[change.section]
        who = f"{noun}**{escape.markdown(change.key)}**" if change.key else f"**{noun}**"
        field = escape.code_span(str(change.field))
        if change.change == "added":
            lines.append(f"- {who} added: {summary(change.section, change.new, _markdown)}")
        elif change.change == "removed":
            lines.append(f"- {who} removed: {summary(change.section, change.old, _markdown)}")
        elif isinstance(change.old, list) and isinstance(change.new, list) and change.field in SET_FIELDS:
            parts = [f"+ {_show([a])}" for a in change.new] + [f"\u2212 {_show([a])}" for a in change.old]
            lines.append(f"- {who} {field}: {', '.join(parts)}")
        else:
            lines.append(f"- {who} {field}: {_show(change.old)} \u2192 {_show(change.new)}")
    return "\n".join(lines) + "\n"


def render_json(report: DiffReport) -> str:
    document = {
        "from": report.rev_a,
        "to": report.target,
        "path": report.path,
        "changes": [change._asdict() for change in report.changes],
        "relaxations": report.relaxations,
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


class Render(Protocol):
    def __call__(self, report: DiffReport) -> str: ...


FORMATS: Formats[Render] = Formats(
    {"text": "checker.diff_report:render_text", "json": "checker.diff_report:render_json"}
)

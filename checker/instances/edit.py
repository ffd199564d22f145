"""``licensegate import``'s change to the inventory: the reported licenses made into edits of
the file's text, made in place.

Only the values that change are rewritten, each where it stands and in the quotes it was written
in; a key an entry lacks is added on the line below its ``id``; a new entry is added after the
last one, indented as the first one. Every other byte (comments, order, quoting, blank lines,
line ends) stays as it was. The result is read back with the project's loader and must hold
exactly the data intended, or nothing is written.

What the text cannot take (an entry in flow style, a value over several lines, ``licenses`` that
is not a block list) is raised here as ``NotByText`` and done instead, for the whole file, by
ruamel.yaml's round-trip editor (``checker.instances.roundtrip``), which has its own guards.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
from dataclasses import dataclass, field
from typing import Any

from checker import document
from checker.errors import UsageError
from checker.instances.compare import Entry, entries, match
from checker.instances.records import Reported

# The keys an import sets, in the order a new entry is written.
UPDATED = ("renews", "tier", "type", "deployment", "cloud_id")
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._()/+-]*[A-Za-z0-9._()/+-]|[A-Za-z]")
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")
_LINES = re.compile(r"(?<=\r\n)|(?<=[\n\x85\u2028\u2029])|(?<=\r)(?!\n)")
# YAML 1.1 words that a plain scalar would turn into a boolean or null.
_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


class NotByText(Exception):
    """This change cannot be made in the text where it stands: the round-trip editor makes it."""


@dataclass
class Plan:
    text: str
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _value(report: Reported, key: str) -> Any:
    if key == "renews":
        return None if report.expires is None else report.expires.isoformat()
    if key == "type":
        return report.type
    return getattr(report, key)


def _current(entry: Entry, key: str) -> Any:
    value = entry.data.get(key)
    if key == "type" and value is None:
        return "commercial"  # the schema's default: an entry without type is commercial
    if key == "renews" and isinstance(value, datetime.date):
        return value.isoformat()
    return value


def plan(path: str, text: str, reports: list[Reported], *, technical_contact: str | None) -> Plan:
    """The inventory's new text, what changed and why some reports could not be imported."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    loaded = document.load(body.encode("utf-8"))
    if loaded.document is None or loaded.problems:
        why = loaded.why_unreadable() if loaded.problems else "it cannot be read"
        raise UsageError(f"{path}: fix the inventory first ({why}): import changes only a file that reads cleanly")
    doc = loaded.document
    data = doc.data
    inventory = entries(data)
    expected = copy.deepcopy(data)
    result = Plan(text)
    updates: dict[str, dict[str, tuple[Any, str]]] = {}  # entry pointer -> key -> (value, where)
    added: dict[str, Reported] = {}
    for report, entry in match(reports, inventory):
        if entry is None:
            if report.id is None:
                result.warnings.append(
                    f"{report.where}: {report.product} on the site with cloud ID {report.cloud_id} is not in {path}:"
                    " workspaces report no Entitlement number, so add it by hand (with its cloud_id)"
                )
            elif report.id not in added:
                added[report.id] = report
            continue
        wanted = updates.setdefault(entry.pointer, {})
        for key in UPDATED:
            value = _value(report, key)
            if value is None or (key == "type" and value == "commercial" and "type" not in entry.data):
                continue
            if key in wanted and wanted[key][0] != value:
                raise UsageError(
                    f"{report.where} and {wanted[key][1]} disagree on {entry.id}'s {key}"
                    f" ({value} and {wanted[key][0]}): import one of them"
                )
            wanted[key] = (value, report.where)
    if added and technical_contact is None:
        raise UsageError(
            f"{', '.join(added)}: not in {path}, and instances do not report contacts:"
            " give --technical-contact ADDRESS for the new entries"
        )
    by_pointer = {entry.pointer: entry for entry in inventory}
    changed: dict[str, dict[str, Any]] = {}  # entry pointer -> key -> its new value, in the order found
    for pointer, wanted in updates.items():
        entry = by_pointer[pointer]
        index = int(pointer.rsplit("/", 1)[1])
        for key, (value, _where) in wanted.items():
            if _current(entry, key) == value:
                continue
            result.changes.append(f"{entry.id or pointer}: {key} {_shown(_current(entry, key))} -> {value}")
            expected["licenses"][index][key] = value
            changed.setdefault(pointer, {})[key] = value
    new_entries = []
    if added:
        assert technical_contact is not None
        for report in added.values():
            new_entries.append(_new_entry(report, technical_contact, path))
            result.changes.append(f"added {report.id} ({report.product}, {report.deployment})")
        if expected.get("licenses") is None:  # no licenses key, or an empty one
            expected["licenses"] = []
        expected["licenses"].extend(new_entries)
    if not result.changes:
        return result
    try:
        new_body = _by_text(body, doc, by_pointer, changed, new_entries, path)
        if not _reads_as(new_body, expected):
            raise NotByText(f"{path}: the text edit would change how the file reads")
    except NotByText as why:
        from checker.instances import roundtrip  # ruamel.yaml: only for what the text cannot take

        new_body = roundtrip.edit(body, changed, new_entries, path=path, why=str(why))
    if not _reads_as(new_body, expected):
        raise UsageError(
            f"{path}: cannot make these changes in place without changing how the file reads"
            f" ({'; '.join(result.changes)}): make them by hand"
        )
    result.text = bom + new_body
    return result


def _reads_as(text: str, expected: dict[str, Any]) -> bool:
    reread = document.load(text.encode("utf-8"))
    return reread.document is not None and not reread.problems and reread.document.data == expected


def _by_text(
    body: str,
    doc: document.Document,
    by_pointer: dict[str, Entry],
    changed: dict[str, dict[str, Any]],
    new_entries: list[dict[str, Any]],
    path: str,
) -> str:
    """BODY with the changes made in its text, every other byte kept; ``NotByText`` where that cannot be."""
    if doc.data and not doc.locations:
        # Read as JSON (which records no positions): ruamel.yaml would write YAML into it.
        raise UsageError(f"{path}: written as JSON, which import does not edit: make the changes by hand")
    edits: list[tuple[int, int, int, str]] = []  # (line index, start, end, replacement); start -1: insert a line
    lines = _LINES.split(body)
    newline = "\r\n" if "\r\n" in body else "\n"
    for pointer, values in changed.items():
        entry = by_pointer[pointer]
        inserted = 0
        for key, value in values.items():
            if key in entry.data:
                edits.append(_replace(lines, doc.locations[f"{pointer}/{key}"], value, path))
            else:
                edits.append(_insert_key(lines, doc, entry, key, value, inserted, newline, path))
                inserted += 1
    if new_entries:
        edits.extend(_append_entries(lines, doc, new_entries, newline, path))
    for line, start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        if start < 0:
            lines.insert(line, replacement)
        else:
            lines[line] = lines[line][:start] + replacement + lines[line][end:]
    return "".join(lines)


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)


def _scalar(value: Any, quote: str = "") -> str:
    """VALUE as a YAML scalar: numbers and dates plain; text plain when it reads back as the same
    text, else in QUOTE (the quotes the old value had), double quotes by default."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if quote == "'":
        return "'" + text.replace("'", "''") + "'"
    if quote == '"':
        return json.dumps(text, ensure_ascii=False)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) or _PLAIN_ADDRESS.fullmatch(text):
        return text
    if _PLAIN.fullmatch(text) and text.lower() not in _WORDS and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _replace(lines: list[str], position: tuple[int, int], value: Any, path: str) -> tuple[int, int, int, str]:
    line, column = position
    text = lines[line - 1]
    start = column - 1
    opening = text[start : start + 1]
    if opening == '"':
        end = start + 1
        while end < len(text) and text[end] != '"':
            end += 2 if text[end] == "\\" else 1
        end += 1
    elif opening == "'":
        end = start + 1
        while end < len(text):
            if text[end] == "'":
                if text[end + 1 : end + 2] == "'":
                    end += 2
                    continue
                break
            end += 1
        end += 1
    elif opening in ("|", ">"):
        raise NotByText(f"{path}:{line}:{column}: a value over several lines")
    else:
        match = re.compile(r"[^\r\n\x85\u2028\u2029]*?(?=\s+#|\s*[,}\]]|\s*$)").match(text, start)
        end = match.end() if match else len(text)
        opening = ""
    if end > len(text.rstrip("\r\n\x85\u2028\u2029")) + (1 if opening else 0) or end <= start:
        raise NotByText(f"{path}:{line}:{column}: a value over several lines")
    quote = opening if not isinstance(value, int) else ""
    return (line - 1, start, end, _scalar(value, quote))


def _insert_key(
    lines: list[str],
    doc: document.Document,
    entry: Entry,
    key: str,
    value: Any,
    order: int,
    newline: str,
    path: str,
) -> tuple[int, int, int, str]:
    line, column = doc.locations[entry.pointer]
    if lines[line - 1][column - 1 : column] == "{":
        raise NotByText(f"{path}:{line}:{column}: {entry.id}'s entry is in flow style ({{...}})")
    anchor = f"{entry.pointer}/id" if "id" in entry.data else f"{entry.pointer}/{next(iter(entry.data))}"
    id_line, _ = doc.locations[anchor]
    _, key_column = doc.key_locations[anchor]
    # Below the id's line; -1000 + order keeps several added keys in the order they were added.
    return (id_line, -1000 + order, -1, f"{' ' * (key_column - 1)}{key}: {_scalar(value)}{newline}")


def _new_entry(report: Reported, technical_contact: str, path: str) -> dict[str, Any]:
    if report.product is None:
        raise UsageError(f"{report.where}: {report.id} names no product: add it by hand")
    if report.deployment is None:
        raise UsageError(
            f"{report.where}: {report.id} says no deployment (cloud, data-center or server): add it by hand"
        )
    if report.expires is None:
        raise UsageError(f"{report.where}: {report.id} reports no expiry date, which renews needs: add it by hand")
    entry: dict[str, Any] = {"id": report.id, "product": report.product, "deployment": report.deployment}
    entry["renews"] = report.expires.isoformat()
    if report.tier is not None:
        entry["tier"] = report.tier
    if report.type is not None and report.type != "commercial":
        entry["type"] = report.type
    if report.cloud_id is not None:
        entry["cloud_id"] = report.cloud_id
    entry["technical_contact"] = technical_contact
    return entry


def _append_entries(
    lines: list[str], doc: document.Document, new_entries: list[dict[str, Any]], newline: str, path: str
) -> list[tuple[int, int, int, str]]:
    licenses = doc.data.get("licenses")
    if "licenses" in doc.data and licenses is None:
        raise NotByText(f"{path}:{doc.locations['/licenses'][0]}: licenses is empty (null)")
    if "licenses" not in doc.data:
        dash, indent, at = 2, 4, len(lines)
        head = f"licenses:{newline}"
        if lines and lines[-1] and not lines[-1].endswith(("\n", "\r")):
            head = newline + head
        text = head + "".join(_entry_text(entry, dash, indent, newline) for entry in new_entries)
        return [(at, -1, -1, text)]
    line, column = doc.locations["/licenses"]
    if not isinstance(licenses, list) or not licenses or lines[line - 1][column - 1 : column] == "[":
        raise NotByText(f"{path}:{line}:{column}: licenses is not a block list of entries")
    first_line, first_column = doc.locations["/licenses/0"]
    flow = lines[first_line - 1][first_column - 1 : first_column] == "{"
    indent = first_column + 1 if flow else first_column - 1
    dash = lines[first_line - 1].rfind("-", 0, first_column - 1)
    if dash < 0:
        raise NotByText(f"{path}:{first_line}:{first_column}: cannot tell how entries are indented")
    key_line = doc.key_locations["/licenses"][0]
    following = [pos[0] for pointer, pos in doc.key_locations.items() if pointer.count("/") == 1 and pos[0] > key_line]
    at = (min(following) - 1) if following else len(lines)
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    # Entries separated by a blank line get one too.
    spaced = len(licenses) > 1 and not lines[doc.locations["/licenses/1"][0] - 2].strip()
    text = "".join((newline if spaced else "") + _entry_text(entry, dash, indent, newline) for entry in new_entries)
    if at > 0 and not lines[at - 1].endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        text = newline + text
    return [(at, -1, -1, text)]


def _entry_text(entry: dict[str, Any], dash: int, indent: int, newline: str) -> str:
    keys = list(entry)
    first = f"{' ' * dash}-{' ' * (indent - dash - 1)}{keys[0]}: {_scalar(entry[keys[0]])}{newline}"
    return first + "".join(f"{' ' * indent}{key}: {_scalar(entry[key])}{newline}" for key in keys[1:])

"""``licensegate import``'s round-trip edits: what the text editor (``checker.instances.edit``)
cannot make where a value stands (an entry in flow style, a value over several lines, ``licenses``
that is not a block list), made with ruamel.yaml's round-trip mode on the whole file.

ruamel.yaml keeps comments, key order, quotes and flow style, and is told the file's own
indentation, line width and line ends; but it re-emits the whole file, so its result is held to
this: every line outside the entries that change (and, when ``licenses`` itself changes form, outside
the list) must be byte for byte what it was, or nothing is written. ``edit`` in ``checker.instances``
then reads the result back with licensegate's own loader, as for an edit in the text.
"""

from __future__ import annotations

import datetime
import io
import re
from itertools import zip_longest
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checker.errors import UsageError

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The line breaks PyYAML counts lines by, so that its line numbers index these lines.
_LINES = re.compile(r"(?<=\r\n)|(?<=[\n\x85\u2028\u2029])|(?<=\r)(?!\n)")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Wide enough that no line of an inventory is ever folded.
_WIDTH = 1 << 16

Region = tuple[int, int]  # first and last line, 0-based, of text an edit may change


def edit(
    body: str,
    changed: dict[str, dict[str, Any]],
    new_entries: list[dict[str, Any]],
    *,
    path: str,
    why: str,
) -> str:
    """BODY with CHANGED (entry pointer -> key -> value) made and NEW_ENTRIES appended to
    ``licenses``; WHY is why the text editor could not, for the message if this cannot either."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    newline = "\r\n" if "\r\n" in body else "\n"
    old_root = _compose(body, path)
    editor = YAML(typ="rt")
    editor.preserve_quotes = True
    editor.width = _WIDTH
    mapping, sequence, offset = _indentation(old_root)
    editor.indent(mapping=mapping, sequence=sequence, offset=offset)
    editor.explicit_start = body.lstrip().startswith("---")
    try:
        data = editor.load(body.replace("\r\n", "\n"))
        licenses = data.get("licenses")
        for pointer, values in changed.items():
            entry = licenses[int(pointer.rsplit("/", 1)[1])]
            after = list(entry).index("id") + 1 if "id" in entry else 1
            for key, value in values.items():
                if key in entry:
                    entry[key] = _like(entry[key], value)
                else:
                    entry.insert(after, key, _typed(value))
                    after += 1
        if new_entries:
            if licenses is None:
                licenses = data["licenses"] = CommentedSeq()
                licenses.fa.set_block_style()
            elif not licenses:
                licenses.fa.set_block_style()  # licenses: [] becomes a block list, as the entries are written
            for new in new_entries:
                licenses.append(CommentedMap((key, _typed(value)) for key, value in new.items()))
        out = io.StringIO()
        editor.dump(data, out)
    except Exception as error:  # whatever ruamel.yaml cannot do is done by hand, never a traceback
        raise UsageError(f"{why}, and ruamel.yaml cannot edit it ({error}): make the change by hand") from None
    new_body = out.getvalue().replace("\n", newline)
    whole_list = bool(new_entries) and not _is_block_list(_licenses(old_root))
    added = len(new_entries)
    old_regions = _regions(old_root, changed, added, whole_list=whole_list, before=True)
    new_regions = _regions(_compose(new_body, path), changed, added, whole_list=whole_list, before=False)
    line = first_difference(body, new_body, old_regions, new_regions)
    if line is not None:
        raise UsageError(f"{why}, and ruamel.yaml would also change line {line}: make the change by hand")
    return new_body


def first_difference(old: str, new: str, old_regions: list[Region], new_regions: list[Region]) -> int | None:
    """The first line (1-based, of OLD) outside OLD_REGIONS that is not, byte for byte, the
    corresponding line of NEW outside NEW_REGIONS (regions correspond in order); None if none."""
    old_lines = [line for line in _LINES.split(old) if line]
    new_lines = [line for line in _LINES.split(new) if line]
    at_old = at_new = 0
    ends = [(len(old_lines), len(old_lines)), (len(new_lines), len(new_lines))]
    for (old_first, old_last), (new_first, new_last) in zip(
        [*old_regions, ends[0]], [*new_regions, ends[1]], strict=True
    ):
        kept = zip_longest(old_lines[at_old:old_first], new_lines[at_new:new_first])
        for number, (before, after) in enumerate(kept, start=at_old + 1):
            if before != after:
                return number
        at_old = max(at_old, old_last + 1)
        at_new = max(at_new, new_last + 1)
    return None


def _compose(text: str, path: str) -> Node:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise UsageError(f"{path}: ruamel.yaml's result does not read as YAML ({error}): nothing written") from None
    if not isinstance(root, MappingNode):
        raise UsageError(f"{path}: not a mapping of keys: nothing written")
    return root


def _licenses(root: Node) -> tuple[Node, Node] | None:
    for key, value in root.value:
        if isinstance(key, ScalarNode) and key.value == "licenses":
            return key, value
    return None


def _is_block_list(found: tuple[Node, Node] | None) -> bool:
    return found is not None and isinstance(found[1], SequenceNode) and not found[1].flow_style and found[1].value


def _regions(
    root: Node, changed: dict[str, dict[str, Any]], added: int, *, whole_list: bool, before: bool
) -> list[Region]:
    """The lines the edit may change in the text ROOT was composed from (BEFORE the edit or after):
    the entries CHANGED names, and where ADDED entries go (before: the empty stretch after the
    last entry; after: the added entries); with WHOLE_LIST, the ``licenses`` key and its list, or
    the end of the file where there is none."""
    found = _licenses(root)
    if whole_list:
        if found is None:
            end = root.end_mark.line + 1
            return [(end, end - 1)]
        return [(found[0].start_mark.line, max(found[0].start_mark.line, _last_line(found[1])))]
    assert found is not None
    assert isinstance(found[1], SequenceNode)
    entries: list[Node] = found[1].value
    regions = [(entries[index].start_mark.line, _last_line(entries[index])) for index in _indexes(changed)]
    if added and before:
        after = _last_line(entries[-1]) + 1
        regions.append((after, after - 1))
    elif added:
        regions.append((entries[-added].start_mark.line, _last_line(entries[-1])))
    return sorted(regions)


def _indexes(changed: dict[str, dict[str, Any]]) -> list[int]:
    return [int(pointer.rsplit("/", 1)[1]) for pointer in changed]


def _last_line(node: Node) -> int:
    """The last line a node's text is on: a block collection ends with its last value (not at the
    next token, past the comments that follow it)."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return int(end.line) - 1  # a block scalar ends at the start of the line after it
    return max(int(end.line), int(node.start_mark.line))


def _indentation(root: Node) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as ruamel.yaml's ``indent`` takes them, read
    from the file: the first block mapping under a key, and a block list of mappings under a key
    (``licenses`` first); licensegate's own style where the file has none."""
    mapping = sequence = offset = None
    pairs: list[tuple[Node, Node]] = sorted(root.value, key=lambda pair: pair[0].value != "licenses")
    while pairs and (mapping is None or sequence is None):
        key, value = pairs.pop(0)
        column = key.start_mark.column
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            if mapping is None and value.start_mark.line > key.start_mark.line:
                mapping = value.start_mark.column - column
            pairs.extend(value.value)
        elif isinstance(value, SequenceNode) and not value.flow_style and value.value:
            first = value.value[0]
            if sequence is None and isinstance(first, MappingNode):
                sequence, offset = first.start_mark.column - column, value.start_mark.column - column
            for item in value.value:
                if isinstance(item, MappingNode):
                    pairs.extend(item.value)
    if sequence is None or offset is None or sequence < offset + 2:
        sequence, offset = 4, 2
    return (mapping if mapping and mapping > 0 else 2), sequence, offset


def _typed(value: Any) -> Any:
    """A value as ruamel.yaml should write it: a date as a date (plain), the rest as it is."""
    if isinstance(value, str) and _DATE.fullmatch(value):
        return datetime.date.fromisoformat(value)
    return value


def _like(old: Any, value: Any) -> Any:
    """VALUE written the way OLD was: in its quotes (or block style) when OLD was text written so."""
    from ruamel.yaml.scalarstring import ScalarString

    if isinstance(value, str) and isinstance(old, ScalarString):
        return type(old)(value)
    return _typed(value)

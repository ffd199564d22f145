"""Bytes -> Document (data plus the line and column of every node), or findings.

PyYAML's own loaders cannot be used as they are: they silently keep the last of
two equal keys (which would hide an edited contact), construct arbitrary tags,
expand alias bombs without bound, recurse on deep nesting and raise on invalid
dates. So this module composes the document itself from PyYAML's event stream
(libyaml's C parser where present): one iterative pass that builds the JSON data
model, records where every value and key stands, and turns each of those traps
into a finding.

Dates stay strings, as in JSON: the schema's ``format: date`` judges them, so
``2027-02-30`` is a finding and not an exception.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml import events as ev

from checker import structure as ids
from checker.finding import Problem, escape_pointer_token

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

Position = tuple[int, int]

# Deeper than any real inventory (which is 5 levels deep), far below the interpreter's
# recursion limit that jsonschema would hit walking the data.
MAX_DEPTH = 64
# Nodes that aliases may add to the document in total. A billion-laughs file asks
# for 10**9; a real inventory that reuses a contact list per license adds a few per license.
MAX_ALIAS_NODES = 1_000_000

_TAG_PREFIX = "tag:yaml.org,2002:"
# Characters YAML forbids anywhere in a stream, quoted or not (YAML 1.1, 5.1).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EDITOR_BREAKS = re.compile("\r\n|\r|\n")
# Values YAML 1.1 reads as something other than the text written.
_SURPRISING = {"bool", "null", "int", "float"}
# What a plain key that is not text reads as, for the message.
_KEY_KINDS = {"bool": "true or false", "null": "null", "int": "a number", "float": "a number", "timestamp": "a date"}
# Where libyaml and PyYAML's pure-Python parser (yaml.safe_load's) may disagree on whether a
# document is valid: tabs, and a block scalar header followed by a comment without a space.
_PARSERS_MAY_DIFFER = re.compile(r"\t|[|>][-+0-9]*#")
_DISAGREE = "YAML readers disagree on which value wins"


@dataclass(frozen=True)
class Document:
    """A parsed inventory: JSON-model data and where each node was written."""

    data: dict[str, Any]
    # JSON pointer -> (line, column) of the value, both 1-based.
    locations: dict[str, Position]
    # JSON pointer -> (line, column) of the mapping key that holds the value.
    key_locations: dict[str, Position]
    # JSON pointer -> source text, for plain scalars YAML 1.1 turned into a
    # boolean, null or number (``status: no`` is false): messages say to quote them.
    plain_text: dict[str, str] = field(default_factory=dict)

    def position(self, pointer: str, *, at_key: bool = False) -> Position:
        """Where the node at ``pointer`` stands; the nearest written ancestor for
        nodes inside an alias, the document start for the root."""
        table = self.key_locations if at_key else self.locations
        if pointer in table:
            return table[pointer]
        while pointer:
            pointer = pointer.rpartition("/")[0]
            if pointer in self.locations:
                return self.locations[pointer]
        return (1, 1)


@dataclass(frozen=True)
class LoadResult:
    document: Document | None
    problems: list[tuple[str, Problem]]

    def why_unreadable(self) -> str:
        """For a file that did not load: the finding that stopped it, as ``line:column: [rule] message``."""
        rule, problem = self.problems[-1]
        line, column = problem.position or (1, 1)
        return f"{line}:{column}: [{rule}] {problem.message}"


def decode(raw: bytes) -> tuple[str | None, list[tuple[str, Problem]]]:
    """Strict UTF-8 (a BOM is allowed); anything else is a ``yaml-encoding`` finding."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)):
        return None, [_problem(ids.YAML_ENCODING, "file is UTF-16 or UTF-32 encoded: save it as UTF-8", (1, 1))]
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    nul = raw.find(b"\0")
    if nul != -1:
        return None, [
            _problem(
                ids.YAML_ENCODING,
                "file contains a NUL byte: it is binary, not a YAML text file",
                _byte_position(raw, nul),
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [
            _problem(
                ids.YAML_ENCODING,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8",
                _byte_position(raw, exc.start),
            )
        ]


def load(raw: bytes) -> LoadResult:
    text, problems = decode(raw)
    if text is None:
        return LoadResult(None, problems)
    fast = _as_json(text)
    if fast is not None:
        return LoadResult(fast, [])
    return _Composer(text).run()


# A file written as JSON under its comment lines, as 'licensegate directory import' writes one:
# JSON is YAML too, and json reads it ten times faster than the composer below. Taken only where
# the two readings cannot differ: no escapes, tabs or line breaks other than LF (YAML folds them),
# no number but a short integer, no repeated key; anything else, and every position (wanted only
# for a finding), goes through the composer.
_JSON_BODY = re.compile(r"(?:[ \n]*#[^\n]*\n)*[ \n]*(?=\{)")
_JSON_UNSAFE = re.compile("[\\\\\t\r\x85\u2028\u2029\ufeff]")


_JSON_STRING = re.compile(r'"[^"\n]*"')  # no escapes here, so a string ends at the next quote
_KEY_BROKEN = re.compile(r"\n *:")


class _NotPlainJson(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise _NotPlainJson  # the composer reports the repeated key
    return found


def _integer(text: str) -> int:
    if len(text) > 15 or text == "-0":
        raise _NotPlainJson  # the composer judges large numbers (yaml-limits)
    return int(text)


def _decline(text: str) -> Any:
    raise _NotPlainJson


def _as_json(text: str) -> Document | None:
    start = _JSON_BODY.match(text)
    if start is None or _JSON_UNSAFE.search(text) or _NOT_PRINTABLE.search(text):
        return None
    if _KEY_BROKEN.search(_JSON_STRING.sub('""', text[start.end() :])):
        return None  # a key and its ':' on two lines: JSON, but not YAML
    import json

    try:
        data = json.loads(
            text[start.end() :],
            object_pairs_hook=_pairs,
            parse_int=_integer,
            parse_float=_decline,
            parse_constant=_decline,
        )
    except (_NotPlainJson, ValueError, RecursionError):
        return None
    plain_text: dict[str, str] = {}
    if not isinstance(data, dict) or not _plain_scalars(data, plain_text):
        return None
    return _JsonDocument(data, {}, {}, plain_text, text)


def _plain_scalars(root: dict[str, Any], found: dict[str, str]) -> bool:
    """Record the text of each scalar that is not a string, as the composer does for plain ones;
    False when the data nests deeper than half of MAX_DEPTH (the composer judges the limit).
    Pointers are built only where something is recorded: a directory is mostly strings."""
    pending: list[tuple[Any, str, Any, int]] = [(root, "", None, 0)]
    while pending:
        node, parent, name, depth = pending.pop()
        if depth > MAX_DEPTH // 2:
            return False
        pointer = None
        for key, value in node.items() if type(node) is dict else enumerate(node):
            kind = type(value)
            if kind is str:
                continue
            if pointer is None:
                pointer = parent if name is None else f"{parent}/{escape_pointer_token(str(name))}"
            if kind is dict or kind is list:
                pending.append((value, pointer, key, depth + 1))
            else:
                child = f"{pointer}/{escape_pointer_token(str(key))}"
                found[child] = "null" if value is None else str(value).lower() if kind is bool else str(value)
    return True


@dataclass(frozen=True)
class _JsonDocument(Document):
    """A document json read: its positions come from the composer, on the first one asked for."""

    text: str = ""

    @functools.cached_property
    def _composed(self) -> Document:
        composed = _Composer(self.text).run().document
        assert composed is not None, "json and the composer disagree on whether this is a document"
        return composed

    def position(self, pointer: str, *, at_key: bool = False) -> Position:
        return self._composed.position(pointer, at_key=at_key)


def _byte_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return (raw.count(b"\n", 0, offset) + 1, column)


def _problem(rule: str, message: str, position: Position, pointer: str = "") -> tuple[str, Problem]:
    return rule, Problem(pointer, message, position=position)


class _Stop(Exception):
    """The document cannot be built further; the finding is already recorded."""


class _Frame:
    """An open mapping or sequence while its events arrive."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_is_merge", "key_pos", "merges", "pointer", "size")

    def __init__(self, container: dict[str, Any] | list[Any], pointer: str, anchor: str | None) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.pointer = pointer
        self.anchor = anchor
        self.key: str | None = None  # mapping: the key whose value comes next
        self.key_is_merge = False  # mapping: that key is a plain '<<', YAML 1.1's merge key
        self.key_pos: Position = (1, 1)
        self.merges: list[tuple[Position, Any]] = []  # mapping: ``<<`` sources
        self.size = 1  # nodes in the expanded subtree


class _Composer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.problems: list[tuple[str, Problem]] = []
        self.locations: dict[str, Position] = {}
        self.key_locations: dict[str, Position] = {}
        self.plain_text: dict[str, str] = {}
        # anchor -> (value, expanded size, still open)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.anchor_positions: dict[str, Position] = {}
        # id of a mapping built with a merge -> its one-character keys whose explicit value
        # replaced a different merged one (see _merge: PyYAML reads those differently when merged again).
        self.shadowed: dict[int, set[str]] = {}
        # plain key text -> what YAML 1.1 reads it as ("str", "merge", "int", ...)
        self.key_tags: dict[str, str] = {}
        self.open_anchors: set[str] = set()
        self.alias_nodes = 0
        # plain scalar text -> (value, whether YAML 1.1 read it as something other than text)
        self.plain: dict[str, tuple[Any, bool]] = {}
        self.resolver = yaml.resolver.Resolver()
        self.constructor = yaml.constructor.SafeConstructor()
        # YAML also breaks lines at NEL, U+2028 and U+2029; editors and CI logs do not.
        # Where they occur, positions are counted from the character index instead.
        self.line_starts: list[int] | None = None
        if "\x85" in text or "\u2028" in text or "\u2029" in text:  # str's search beats a regex tenfold
            self.line_starts = [0, *(match.end() for match in _EDITOR_BREAKS.finditer(text))]

    def _mark(self, event: ev.Event) -> Position:
        assert event.start_mark is not None  # both of PyYAML's parsers mark every event
        return self._position(event.start_mark)

    def _position(self, mark: Any) -> Position:
        # libyaml puts the end of a stream that lacks a final newline on a line of its own,
        # past the file: place it after the last character, where an editor's cursor would be.
        at_end = mark.index >= len(self.text)
        if self.line_starts is None and not at_end:
            return (mark.line + 1, mark.column + 1)
        if self.line_starts is None:
            self.line_starts = [0, *(match.end() for match in _EDITOR_BREAKS.finditer(self.text))]
        index = min(mark.index, len(self.text))
        if at_end and self.text.endswith(("\n", "\r")) and len(self.line_starts) > 1:
            return (len(self.line_starts), 1)
        line = bisect.bisect_right(self.line_starts, index)
        return (line, index - self.line_starts[line - 1] + 1)

    def run(self) -> LoadResult:
        try:
            root = self._compose()
        except _Stop:
            return LoadResult(None, self.problems)
        except yaml.MarkedYAMLError as exc:
            return LoadResult(None, [*self.problems, self._syntax_problem(exc)])
        except yaml.reader.ReaderError:
            return LoadResult(None, [*self.problems, self._character_problem()])
        if root is None:
            return LoadResult(
                None,
                [
                    *self.problems,
                    _problem(
                        ids.EMPTY_FILE,
                        "file is empty: expected a mapping with 'version', 'policy' and 'licenses'",
                        (1, 1),
                    ),
                ],
            )
        if not isinstance(root, dict):
            kind = "a list" if isinstance(root, list) else "a single value"
            return LoadResult(
                None,
                [
                    *self.problems,
                    _problem(
                        ids.YAML_STRUCTURE,
                        f"top level is {kind}: expected a mapping with 'version', 'policy' and 'licenses'",
                        self.locations.get("", (1, 1)),
                    ),
                ],
            )
        document = Document(root, self.locations, self.key_locations, self.plain_text)
        return LoadResult(document, self.problems)

    def _character_problem(self) -> tuple[str, Problem]:
        # libyaml reports a byte offset, the pure-Python reader a character index: find it ourselves.
        match = _NOT_PRINTABLE.search(self.text)
        index = match.start() if match else 0
        # Lines as an editor counts them: a lone CR breaks a line too.
        starts = [0, *(found.end() for found in _EDITOR_BREAKS.finditer(self.text, 0, index))]
        position = (len(starts), index - starts[-1] + 1)
        code = ord(self.text[index]) if match else 0
        return _problem(
            ids.YAML_ENCODING, f"character U+{code:04X} is not allowed in a YAML file: is it binary?", position
        )

    def _syntax_problem(self, exc: yaml.MarkedYAMLError) -> tuple[str, Problem]:
        mark = exc.problem_mark or exc.context_mark
        position = self._position(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem:
            return _problem(ids.YAML_LIMITS, f"nesting is deeper than {MAX_DEPTH} levels", position)
        if mark is not None and self.text[mark.index : mark.index + 1] == "\t":
            return _problem(
                ids.YAML_SYNTAX, "invalid YAML: a tab character here; YAML indents with spaces only", position
            )
        context = f" ({exc.context})" if exc.context and exc.problem else ""
        return _problem(ids.YAML_SYNTAX, f"invalid YAML: {problem}{context}", position)

    def _compose(self) -> Any:
        loader = _EventLoader(self.text)
        try:
            root = self._walk(loader)
        finally:
            loader.dispose()
        if _PARSERS_MAY_DIFFER.search(self.text):
            self._pure_python_parse()
        return root

    def _pure_python_parse(self) -> None:
        """libyaml accepts some tabs and comments that yaml.safe_load's pure-Python parser refuses:
        a document one of them cannot read is refused, so every reader sees the same data."""
        loader: Any = yaml.SafeLoader(self.text)
        try:
            while loader.check_event():
                loader.get_event()
        except yaml.MarkedYAMLError as exc:
            rule, problem = self._syntax_problem(exc)
            message = f"{problem.message} (PyYAML's reader refuses this, libyaml accepts it: YAML readers disagree)"
            self.problems.append((rule, Problem("", message, position=problem.position)))
            raise _Stop from None
        finally:
            loader.dispose()

    def _walk(self, loader: Any) -> Any:
        get_event = loader.get_event
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        top: _Frame | None = None  # stack[-1], kept in a local: this loop runs once per YAML event
        locations = self.locations
        key_locations = self.key_locations
        plain = self.plain
        exact = self.line_starts is None  # positions straight from libyaml's marks
        scalar_event, alias_event = ev.ScalarEvent, ev.AliasEvent
        mapping_start, sequence_start = ev.MappingStartEvent, ev.SequenceStartEvent
        mapping_end, sequence_end = ev.MappingEndEvent, ev.SequenceEndEvent
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                position = (mark.line + 1, mark.column + 1) if exact else self._position(mark)
                if event.tag is not None:
                    self._refuse_tag(event)
                value = event.value
                if top is not None and top.is_map and top.key is None:  # a mapping key
                    token = value if "~" not in value and "/" not in value else escape_pointer_token(value)
                    pointer = f"{top.pointer}/{token}"
                    is_merge = False
                    if not event.style:  # plain: YAML 1.1 may read it as a number, a date or the merge key
                        key_tag = self.key_tags.get(value)
                        if key_tag is None:
                            key_tag = self.key_tags[value] = self._key_tag(value)
                        if key_tag == "merge":
                            is_merge = True
                            if top.merges:
                                self._repeated_merge(pointer, top.merges[0][0], position)
                        elif key_tag in _KEY_KINDS:
                            self._fail(
                                ids.YAML_STRUCTURE,
                                f"key {value!r} is read by YAML as {_KEY_KINDS[key_tag]}, not as text:"
                                f" write it in quotes, '{value}'",
                                position,
                            )
                    if value in top.container and not is_merge:
                        self._repeated(pointer, value, position)
                    top.key_is_merge = is_merge
                    top.key = value
                    top.key_pos = position
                    key_locations[pointer] = position
                    continue
                pointer = self._child_pointer(top)
                if not event.style:  # plain: YAML 1.1 decides what it is
                    cached = plain.get(value)
                    if cached is None:
                        if value in ("<<", "="):  # YAML 1.1's merge and value indicators: safe_load refuses them
                            self._fail(
                                ids.YAML_STRUCTURE,
                                f"an unquoted '{value}' is a special YAML 1.1 value that YAML readers do not"
                                f" read as text (PyYAML refuses it): write it in quotes, '{value}'",
                                position,
                            )
                        try:
                            cached = plain[value] = self._resolve(value)
                        except ValueError:  # past Python's 4,300-digit limit: safe_load refuses it too
                            self._fail(
                                ids.YAML_LIMITS,
                                f"a number of {len(value)} characters is more than YAML readers convert:"
                                " write it in quotes if it is text",
                                position,
                            )
                    value, surprising = cached
                    if surprising:
                        self.plain_text[pointer] = event.value
                locations[pointer] = position
                if event.anchor is not None:
                    self._anchor(event.anchor, position)
                    self.anchors[event.anchor] = (value, 1)
                if top is None:
                    root = value
                else:
                    self._attach(top, value, 1)
            elif kind is mapping_start or kind is sequence_start:
                if top is not None and top.is_map and top.key is None:
                    self._fail(
                        ids.YAML_STRUCTURE, "mapping keys must be plain text, not a mapping or list", self._mark(event)
                    )
                if len(stack) >= MAX_DEPTH:
                    self._fail(ids.YAML_LIMITS, f"nesting is deeper than {MAX_DEPTH} levels", self._mark(event))
                if event.tag is not None:
                    self._refuse_tag(event)
                pointer = self._child_pointer(top)
                locations[pointer] = self._mark(event)
                container: dict[str, Any] | list[Any] = {} if kind is mapping_start else []
                if event.anchor is not None:
                    self._anchor(event.anchor, locations[pointer])
                    self.anchors[event.anchor] = (container, 1)
                    self.open_anchors.add(event.anchor)
                top = _Frame(container, pointer, event.anchor)
                stack.append(top)
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                top = stack[-1] if stack else None
                if frame.merges:
                    self._merge(frame)
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.container, frame.size)
                    self.open_anchors.discard(frame.anchor)
                if top is not None:
                    self._attach(top, frame.container, frame.size)
                else:
                    root = frame.container
            elif kind is alias_event:
                self._alias(stack, event)
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self._fail(
                        ids.YAML_STRUCTURE,
                        "a second YAML document ('---'): keep the inventory in one document",
                        self._mark(event),
                    )
            elif kind is ev.StreamEndEvent:
                return root

    def _child_pointer(self, top: _Frame | None) -> str:
        if top is None:
            return ""
        if isinstance(top.container, dict):
            return f"{top.pointer}/{escape_pointer_token(top.key or '')}"
        return f"{top.pointer}/{len(top.container)}"

    def _attach(self, top: _Frame, value: Any, size: int) -> None:
        top.size += size
        container = top.container
        if isinstance(container, list):
            container.append(value)
            return
        key = top.key
        top.key = None
        assert key is not None
        if top.key_is_merge:
            top.key_is_merge = False
            top.merges.append((top.key_pos, value))
            return
        container[key] = value

    def _repeated(self, pointer: str, key: str, position: Position) -> None:
        first = self.key_locations[pointer]
        self.problems.append(
            (
                ids.DUPLICATE_KEY,
                Problem(
                    pointer,
                    f"key '{key}' is repeated (first at line {first[0]}):"
                    " YAML readers keep only one of them, delete the other",
                    at_key=True,
                    position=position,
                ),
            )
        )

    def _repeated_merge(self, pointer: str, first: Position, position: Position) -> None:
        self.problems.append(
            (
                ids.DUPLICATE_KEY,
                Problem(
                    pointer,
                    f"merge key '<<' is repeated (first at line {first[0]}): {_DISAGREE}"
                    " (PyYAML takes the last, others the first or refuse the file);"
                    " merge a list instead, '<<: [*first, *second]'",
                    at_key=True,
                    position=position,
                ),
            )
        )

    def _anchor(self, anchor: str, position: Position) -> None:
        """An anchor defined twice: libyaml takes the latest, PyYAML's safe_load refuses the file."""
        first = self.anchor_positions.setdefault(anchor, position)
        if first != position:
            self._fail(
                ids.YAML_STRUCTURE,
                f"anchor '&{anchor}' is defined twice (first at line {first[0]}): YAML readers disagree on"
                " which one an alias names (PyYAML refuses the file); give each anchor its own name",
                position,
            )

    def _key_tag(self, text: str) -> str:
        """What YAML 1.1 reads a plain key as: 'str', 'merge', 'int', 'timestamp', ..."""
        tag: str = self.resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        return tag[len(_TAG_PREFIX) :]

    def _resolve(self, text: str) -> tuple[Any, bool]:
        """A plain scalar's value as YAML 1.1 reads it, and whether that is not the text written."""
        tag: str = self.resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        name = tag[len(_TAG_PREFIX) :]
        construct = {
            "bool": self.constructor.construct_yaml_bool,
            "null": self.constructor.construct_yaml_null,
            "int": self.constructor.construct_yaml_int,
            "float": self.constructor.construct_yaml_float,
        }.get(name)
        if construct is None:  # str; timestamps stay text; '=' (value) and other rare tags
            return text, False
        return construct(yaml.ScalarNode(tag, text)), name in _SURPRISING and text not in ("", "~")

    def _refuse_tag(self, event: ev.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag is None:
            return
        shown = tag.replace(_TAG_PREFIX, "!!")
        self.problems.append(
            _problem(
                ids.YAML_TAG,
                f"YAML tags are not allowed: remove '{shown}' (quote a value that must stay text)",
                self._mark(event),
            )
        )

    def _alias(self, stack: list[_Frame], event: ev.AliasEvent) -> None:
        anchor = event.anchor or ""
        position = self._mark(event)
        if anchor not in self.anchors:
            self._fail(ids.YAML_SYNTAX, f"invalid YAML: alias '*{anchor}' names no anchor defined before it", position)
        if anchor in self.open_anchors:
            self._fail(
                ids.YAML_LIMITS,
                f"alias '*{anchor}' refers to a node that contains it: recursive data is not allowed",
                position,
            )
        if not stack:  # the whole document is an alias: cannot happen, an anchor must come first
            self._fail(ids.YAML_SYNTAX, "invalid YAML: the document is only an alias", position)
        top = stack[-1]
        if isinstance(top.container, dict) and top.key is None:
            self._fail(ids.YAML_STRUCTURE, "mapping keys must be plain text, not an alias", position)
        value, size = self.anchors[anchor]
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            self._fail(
                ids.YAML_LIMITS,
                f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (an alias bomb?): write the values out instead",
                position,
            )
        self.locations[self._child_pointer(top)] = position
        self._attach(top, value, size)

    def _merge(self, frame: _Frame) -> None:
        """YAML 1.1 merge keys (``<<: *defaults``): explicit keys win, then the merged mappings.

        Only where every YAML reader agrees. PyYAML 6.0.2 and later let the last of two
        sources win a key they share (the first, for one-character keys), older
        releases and other readers the first: so two sources that give one key different
        values, unless the mapping sets that key itself, are refused (``yaml-structure``).
        """
        container = frame.container
        assert isinstance(container, dict)
        explicit = set(container)
        merged: dict[str, Any] = {}  # key -> the value the first source gave
        shadowed: set[str] = set()
        # A repeated '<<' is already a duplicate-key finding: only the first is read.
        for position, source in frame.merges[:1]:
            sources = source if isinstance(source, list) else [source]
            for item in sources:
                if not isinstance(item, dict):
                    self._fail(
                        ids.YAML_STRUCTURE, "'<<' (merge key) must name a mapping or a list of mappings", position
                    )
                inner = self.shadowed.get(id(item), set())
                for key, value in item.items():
                    if key in explicit:
                        if len(key) <= 1 and not _same(container[key], value):
                            shadowed.add(key)
                        continue
                    if key in inner:
                        self._fail(
                            ids.YAML_STRUCTURE,
                            f"'<<' merges {key!r} from a mapping that itself replaces a merged {key!r}: {_DISAGREE}"
                            f" (PyYAML takes the replaced value for a one-character key); set {key!r} here",
                            position,
                        )
                    if key in merged:
                        if not _same(merged[key], value):
                            self._fail(
                                ids.YAML_STRUCTURE,
                                f"'<<' merges two mappings that give {key!r} different values: {_DISAGREE}"
                                f" (PyYAML takes the last, others the first); set {key!r} here or merge only one",
                                position,
                            )
                        continue
                    merged[key] = value
                    container[key] = value
                    pointer = f"{frame.pointer}/{escape_pointer_token(key)}"
                    self.locations.setdefault(pointer, position)
                    self.key_locations.setdefault(pointer, position)
        if shadowed:
            self.shadowed[id(container)] = shadowed

    def _fail(self, rule: str, message: str, position: Position) -> NoReturn:
        self.problems.append(_problem(rule, message, position))
        raise _Stop


def _same(a: Any, b: Any) -> bool:
    """One value, whichever reader picks it: the same node, or equal scalars of one type (1 is not 1.0 or true)."""
    return a is b or (type(a) is type(b) and not isinstance(a, (dict, list)) and a == b)

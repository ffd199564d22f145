"""Reading revisions of the inventory for ``history``, piece by piece.

Parsing every revision whole costs ~100 ms for a 1,000-license file, far too slow for thousands of
revisions. So ``RevisionReader`` splits a revision's bytes into top-level sections and each
sequence section (``licenses:``, ``mailboxes:``, ...) into its items, parses only the pieces it has
not seen before (cached by their bytes), and compares revisions piece by piece: an unchanged piece
is an unchanged entry. An entry that uses another's anchor is parsed after the entries that may
define it. Where the layout defeats the split (a flow collection continued at column 0, a second
document, a repeated top-level key, ...), a piece fails to parse on its own and the revision is
parsed whole, which gives the same data.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker import changes, document


@dataclass(frozen=True, eq=False)
class Piece:
    """One entry of a sequence section, parsed once: equal bytes are the same (interned) Piece."""

    entry: Any
    identity: str | None  # as changes.diff matches entries; None where it cannot
    # Its text, where it may define an anchor (it holds a "&"): later entries that use it are
    # parsed after it. None otherwise.
    anchors: bytes | None = None


@dataclass(frozen=True)
class Revision:
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


EMPTY = Revision({})

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


class RevisionReader:
    """Bytes of a revision -> Revision or Unreadable, parsing only pieces not seen before.

    An entry that uses an anchor defined in another one (``backup_contacts: *platform-team``)
    cannot be parsed alone: it is parsed after every earlier entry that may define one (its
    context), in the order of the file, so the alias means what it means in the file."""

    def __init__(self) -> None:
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

    def read(self, raw: bytes) -> Revision | Unreadable:
        split = self._split(raw)
        if split is not None:
            return split
        self.whole_parses += 1
        loaded = self._load(raw)
        if loaded.document is None:
            return Unreadable(loaded.why_unreadable())
        return Revision(loaded.document.data)

    def _split(self, raw: bytes) -> Revision | None:
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
        return Revision(rest, sections, frozenset(duplicated))

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
        return Piece(items[0], changes.identity(key, items[0]), _anchors(text))

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
            cache[part] = Piece(items[0], changes.identity(key, items[0]), _anchors(text)) if found else None
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

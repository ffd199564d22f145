"""A small, fast YAML writer for the directory file: block mappings and sequences, short lists of
scalars in flow style, every scalar either plain (when it is certainly read back as the same
text) or double-quoted with JSON's escapes.

A plain scalar here starts with a letter or digit and holds only letters, digits and ``_.@+'/()&-``
between single spaces, so no YAML indicator (``#``, ``:``, ``-``, ``[``, ``{``, ``&``, ``*``, ``!``,
``|``, ``>``, ``%``, ``@`` or a quote at the start) can act; words YAML 1.1 reads as booleans or
null (``no``, ``on``, ``null``, ``y``) and digits that could be a number or a date (anything
starting with a digit and holding no ``@``) are quoted. Everything else is JSON-quoted, which YAML's
double-quoted style reads the same way, plus a ``\\u`` escape for what JSON leaves raw but YAML
would not keep: DEL and the C1 controls, NEL and the line and paragraph separators (line breaks to
YAML), the byte-order mark and the two non-characters. ``tests/test_directory_import.py`` holds the
writer to one promise with a property test: what it writes, ``checker.document.load`` reads back
as exactly the data written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from checker.idp.records import Person

# Lists of scalars fit on one line up to this width; longer ones are written one item a line.
FLOW_WIDTH = 100
# A YAML simple key may be at most 1024 characters long; longer keys use the explicit '? ' form.
_SIMPLE_KEY_MAX = 1000
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+'/()&-]*(?: [A-Za-z0-9_.@+'/()&-]+)*")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def scalar(value: Any) -> str:
    """One scalar (text, number, boolean or null) as YAML that reads back as the same value."""
    if type(value) is str:
        if (
            _PLAIN.fullmatch(value)
            and (len(value) > 5 or value.lower() not in _YAML11_WORDS)
            and (value[0] > "9" or "@" in value)  # a letter first, or no number or date can hold an '@'
        ):
            return value
        quoted = json.dumps(value, ensure_ascii=False)
        return _RAW_IN_JSON.sub(_escape, quoted) if _RAW_IN_JSON.search(quoted) else quoted
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        # YAML 1.1 reads a float only with a dot in it: 1e+100 would read back as text.
        return text if "." in mantissa else f"{mantissa}.0{e}{exponent}"
    raise TypeError(f"not a YAML scalar: {type(value).__name__}")


# A line that is not certainly a plain scalar, among addresses one a line. Certainly plain: an '@'
# rules out every number, date and YAML 1.1 word, and the characters are _PLAIN's without the space.
_UNCERTAIN_ADDRESS = re.compile(r"^(?![A-Za-z0-9][A-Za-z0-9_.+'/()&-]*@[A-Za-z0-9_.@+'/()&-]*$).*$", re.MULTILINE)


def _text(value: str) -> str:
    """``scalar`` for text, its common case first: a plain scalar longer than any YAML 1.1 word."""
    if len(value) > 5 and _PLAIN.fullmatch(value) and (value[0] > "9" or "@" in value):
        return value
    return scalar(value)


class _Texts(dict[str, str]):
    """Text scalars as written, each worked out once per file: names and teams repeat."""

    def __missing__(self, value: str) -> str:
        written = self[value] = scalar(value)
        return written


class Writer:
    """Collects a file's lines. ``mapping`` and ``sequence`` write block collections; a list of
    scalars is written in flow style when it fits in FLOW_WIDTH, one item a line when not."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.line = self.lines.append
        self._texts = _Texts()

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def scalar(self, value: Any) -> str:
        return self._texts[value] if type(value) is str else scalar(value)

    def people(self, people: list[Person]) -> None:
        """The ``people`` entries. Addresses are nearly always plain scalars, and all different, so
        not worth caching: one pass of a regex over all of them, a line each, finds the few that are
        not, and only those are worked out one by one."""
        addresses = [address for person in people for address in (person.email, *person.aliases)]
        joined = "\n".join(addresses)
        if joined.count("\n") != len(addresses) - 1:  # an address with a line break: no lines to go by
            special = None
        else:
            special = {address: scalar(address) for address in _UNCERTAIN_ADDRESS.findall(joined)}
        for person in people:
            self.person(person, special)

    def person(self, person: Person, special: dict[str, str] | None = None) -> None:
        """A ``people`` entry, as one string of up to five lines. SPECIAL: the addresses that are
        not certainly plain, as written; None to work every address out."""
        address: Callable[[str], str] = _text if special is None else lambda value: special.get(value, value)
        texts = self._texts
        entry = f"  - email: {address(person.email)}\n    name: {texts[person.name]}"
        if person.team is not None:
            entry += f"\n    team: {texts[person.team]}"
        if person.aliases:
            aliases = f"\n    aliases: [{', '.join([address(alias) for alias in person.aliases])}]"
            if len(aliases) > FLOW_WIDTH + 1:
                aliases = "\n    aliases:" + "".join(f"\n      - {address(alias)}" for alias in person.aliases)
            entry += aliases
        if person.departed:
            entry += "\n    status: departed"
        self.line(entry)

    def mapping(self, entries: Mapping[str, Any], indent: str, *, first: str | None = None) -> None:
        """A block mapping's lines at INDENT; the first line starts with FIRST instead (``  - ``),
        for an entry of a block sequence."""
        lead = indent if first is None else first
        if not entries:
            self.line(f"{lead}{{}}")
            return
        texts = self._texts
        for key, value in entries.items():
            label = texts[key] if type(key) is str else scalar(key)
            if len(label) > _SIMPLE_KEY_MAX:
                self.line(f"{lead}? {label}")
                lead, label = indent, ""
            if type(value) is str:  # the common cases first: text, and a short list of text
                self.line(f"{lead}{label}: {texts[value]}")
            elif type(value) is list and value and all(type(item) is str for item in value):
                line = f"{lead}{label}: [{', '.join([texts[item] for item in value])}]"
                if len(line) <= FLOW_WIDTH:
                    self.line(line)
                else:
                    self.line(f"{lead}{label}:")
                    self.sequence(value, indent + "  ")
            else:
                self._value(value, indent, f"{label}:", lead)
            lead = indent

    def _value(self, value: Any, indent: str, label: str, lead: str) -> None:
        """``label value`` at INDENT (LEAD for this first line), in the style the value needs."""
        if not isinstance(value, (dict, list)):
            self.line(f"{lead}{label} {self.scalar(value)}")
        elif not value:
            self.line(f"{lead}{label} {'{}' if isinstance(value, dict) else '[]'}")
        elif isinstance(value, dict):
            self.line(f"{lead}{label}")
            self.mapping(value, indent + "  ")
        else:
            if not any(isinstance(item, (dict, list)) for item in value):
                line = f"{lead}{label} [{', '.join(map(self.scalar, value))}]"
                if len(line) <= FLOW_WIDTH:
                    self.line(line)
                    return
            self.line(f"{lead}{label}")
            self.sequence(value, indent + "  ")

    def sequence(self, items: Iterable[Any], indent: str) -> None:
        """A block sequence's lines at INDENT."""
        for item in items:
            if not isinstance(item, (dict, list)):
                self.line(f"{indent}- {self.scalar(item)}")
            elif not item:
                self.line(f"{indent}- {'{}' if isinstance(item, dict) else '[]'}")
            elif isinstance(item, dict):
                self.mapping(item, indent + "  ", first=f"{indent}- ")
            else:
                self.line(f"{indent}-")
                self.sequence(item, indent + "  ")


# Reading back what the writer wrote: a directory file is read at every import (the previous
# directory), and the project's loader, which keeps every position for findings, takes seconds on
# 50,000 people. ``parse`` reads the one layout ``Writer`` produces for a directory file and
# nothing else; ``checker.idp.merge.read_previous`` uses its result only when writing it again
# gives back the very same text, so it never differs from what the loader would read.
_ITEM = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[^,"]+?)\s*(,|$)')
_SECTIONS = (
    ("people", frozenset({"email", "name", "team", "aliases", "status"})),
    ("mailboxes", frozenset({"address", "description", "group", "members"})),
)


class _NotTheLayout(Exception):
    pass


def _read_scalar(text: str) -> str:
    if text[:1] == '"':
        value = json.loads(text)
        if type(value) is not str:
            raise _NotTheLayout
        return value
    return text


def _read_flow(text: str) -> list[str]:
    if text[-1:] != "]":
        raise _NotTheLayout
    inner = text[1:-1]
    if '"' not in inner:
        return inner.split(", ") if inner else []
    items = []
    position = 0
    while position < len(inner):
        match = _ITEM.match(inner, position)
        if match is None:
            raise _NotTheLayout
        items.append(_read_scalar(match.group(1)))
        position = match.end()
    return items


def _read_entry(chunk: str, keys: frozenset[str]) -> dict[str, Any]:
    """One sequence entry, the text after its ``  - ``: ``key: value`` lines at four spaces,
    block list items at six."""
    entry: dict[str, Any] = {}
    block: list[str] | None = None
    for field in chunk.split("\n    "):
        if block is not None and field[:4] == "  - ":
            block.append(_read_scalar(field[4:]))
            continue
        key, separator, value = field.partition(": ")
        if not separator:
            if field[-1:] != ":" or field[:-1] not in keys or field[:-1] in entry:
                raise _NotTheLayout
            block = entry[field[:-1]] = []
            continue
        if key not in keys or key in entry or not value:
            raise _NotTheLayout
        block = None
        entry[key] = _read_flow(value) if value[0] == "[" else _read_scalar(value)
    return entry


def parse(text: str) -> dict[str, Any] | None:
    """The data of TEXT if it is in the layout ``Writer`` gives a directory file (``version``,
    ``people`` and ``mailboxes`` whose entries hold text and lists of text); None if it cannot be.
    (A plain or quoted scalar never holds a line break, so every line starts where the layout says.)"""
    if not text.startswith("version: 1\npeople:") or not text.endswith("\n"):
        return None
    people, found, mailboxes = text[len("version: 1\n") : -1].partition("\nmailboxes:")
    if not found:
        return None
    data: dict[str, Any] = {"version": 1}
    try:
        for (section, keys), body in zip(_SECTIONS, (people, f"mailboxes:{mailboxes}"), strict=True):
            if body == f"{section}: []":
                data[section] = []
            elif body.startswith(f"{section}:\n  - "):
                data[section] = [_read_entry(chunk, keys) for chunk in body[len(section) + 6 :].split("\n  - ")]
            else:
                return None
    except (_NotTheLayout, ValueError):
        return None
    return data

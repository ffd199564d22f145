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
from collections.abc import Iterable, Mapping
from typing import Any

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
    if isinstance(value, str):
        if (
            _PLAIN.fullmatch(value)
            and value.lower() not in _YAML11_WORDS
            and not ("0" <= value[0] <= "9" and "@" not in value)
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


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def mapping(entries: Mapping[str, Any], indent: str, out: list[str], *, first: str | None = None) -> None:
    """A block mapping's lines at INDENT; the first line starts with FIRST instead (``  - ``), for an
    entry of a block sequence."""
    if not entries:
        out.append(f"{first if first is not None else indent}{{}}")
        return
    lead = first if first is not None else indent
    for key, value in entries.items():
        rendered = scalar(key)
        if len(rendered) > _SIMPLE_KEY_MAX:
            out.append(f"{lead}? {rendered}")
            lead = indent
            _value(value, indent, ":", out)
        else:
            _value(value, indent, f"{rendered}:", out, lead=lead)
        lead = indent


def _value(value: Any, indent: str, label: str, out: list[str], *, lead: str | None = None) -> None:
    """``label value`` at INDENT (LEAD for this first line), in the style the value needs."""
    lead = indent if lead is None else lead
    if _is_scalar(value):
        out.append(f"{lead}{label} {scalar(value)}")
    elif isinstance(value, dict):
        if not value:
            out.append(f"{lead}{label} {{}}")
        else:
            out.append(f"{lead}{label}")
            mapping(value, indent + "  ", out)
    elif not value:
        out.append(f"{lead}{label} []")
    elif all(_is_scalar(item) for item in value):
        line = f"{lead}{label} [{', '.join(scalar(item) for item in value)}]"
        if len(line) <= FLOW_WIDTH:
            out.append(line)
            return
        out.append(f"{lead}{label}")
        sequence(value, indent + "  ", out)
    else:
        out.append(f"{lead}{label}")
        sequence(value, indent + "  ", out)


def sequence(items: Iterable[Any], indent: str, out: list[str]) -> None:
    """A block sequence's lines at INDENT."""
    for item in items:
        if _is_scalar(item):
            out.append(f"{indent}- {scalar(item)}")
        elif isinstance(item, dict) and item:
            mapping(item, indent + "  ", out, first=f"{indent}- ")
        elif isinstance(item, dict):
            out.append(f"{indent}- {{}}")
        elif not item:
            out.append(f"{indent}- []")
        else:
            out.append(f"{indent}-")
            sequence(item, indent + "  ", out)

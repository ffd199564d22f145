"""The directory file's writer: JSON, one entry a line. JSON is YAML too, and the loader reads a
file written this way with ``json`` (``checker.document``), ten times faster than YAML; a pull
request shows one line per person or mailbox that changed.

Every string is double-quoted with JSON's escapes, plus a ``\\u`` escape for what JSON leaves raw
but YAML would not keep: DEL and the C1 controls, NEL and the line and paragraph separators (line
breaks to YAML), the byte-order mark, the two non-characters and lone surrogates. ``scalar`` writes
what JSON cannot say (a non-finite number, in a hand-kept mailbox's extra key) as a YAML scalar.
``tests/test_directory_import.py`` holds the writer to one promise with a property test: what it
writes, ``checker.document.load`` reads back as exactly the data written.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+'/()&-]*(?: [A-Za-z0-9_.@+'/()&-]+)*")
_YAML11_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


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


def _text(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    return _RAW_IN_JSON.sub(_escape, quoted) if _RAW_IN_JSON.search(quoted) else quoted


# A YAML simple key may be at most 1024 characters long; longer keys take the explicit '? ' form.
_SIMPLE_KEY_MAX = 1000


def _key(key: str) -> str:
    written = _text(key)
    return written if len(written) <= _SIMPLE_KEY_MAX else f"? {written}"


def flow(value: Any) -> str:
    """VALUE on one line: JSON wherever JSON can say it, a YAML scalar where it cannot."""
    if type(value) is str:
        return _text(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(str(key))}: {flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


def _entry(entry: dict[str, Any]) -> str:
    """A ``people`` entry, which holds only text: json's own encoder, a tenth of ``flow``'s cost
    (the import writes tens of thousands). The few characters YAML reads otherwise are escaped."""
    line = json.dumps(entry, ensure_ascii=False)
    if len(line) > _SIMPLE_KEY_MAX and any(len(key) > _SIMPLE_KEY_MAX // 6 for key in entry):
        return flow(entry)
    return _RAW_IN_JSON.sub(_escape, line) if _RAW_IN_JSON.search(line) else line


def document(sections: dict[str, list[dict[str, Any]]]) -> str:
    """A directory file's content: ``version``, then each section with one entry a line. People
    hold only text; a hand-kept mailbox may hold anything (a number JSON and YAML read apart)."""
    parts = ['{"version": 1']
    for name, entries in sections.items():
        write = _entry if name == "people" else flow
        if entries:
            parts.append(f'"{name}": [\n' + ",\n".join(f"  {write(entry)}" for entry in entries) + "\n]")
        else:
            parts.append(f'"{name}": []')
    return ",\n".join(parts) + "}\n"

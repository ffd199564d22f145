"""One escaping helper per output language, for text the tool did not write itself.

Values from an inventory, commit messages and author names reach reports. Each output
language has one function here that makes such text inert in it; renderers call it on
every value they did not write.
"""

from __future__ import annotations

import json
import re
from typing import Any

# What a terminal, a CI log parser or a text editor would act on instead of showing: C0 (tab and
# line feed included, so that one finding stays one line), DEL, C1 (NEL among them), the Unicode
# line and paragraph separators, and the bidi embeddings, overrides and isolates that reorder
# what is shown (Trojan Source, CVE-2021-42574).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def terminal(text: str) -> str:
    """Plain text for a terminal or a log: every control character shown as its escape
    (``\\n``, ``\\x1b``, ``\\u2028``), so data can neither start a line nor move the cursor.
    Backslashes are left as they are: the point is that nothing acts, and ordinary text
    (a Windows path) stays as it was written."""
    return _CONTROL.sub(_visible, text)


# Backslash first, so the escapes added after it are not escaped again. ``(`` only opens a
# link's destination right after ``]``, which is escaped itself; leaving a lone ``(`` alone
# keeps ordinary text ("Jira (cloud)") byte for byte.
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_\[\]|]")
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def markdown(text: str) -> str:
    """Inline markdown or a table cell: no emphasis, code span, link, image, HTML (comments
    included), cell boundary or line break comes from the text. Each of those characters is
    backslash-escaped (CommonMark 2.4) or, for ``<`` and ``&``, written as an entity; a line
    break becomes a space and any other control character its visible escape."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MARKDOWN_PUNCTUATION.sub(lambda match: "\\" + match.group(), text)
    text = text.replace("\\](", "\\]\\(")
    return terminal(_LINE_BREAK.sub(" ", text))


def code_span(text: str) -> str:
    """A markdown code span that shows TEXT literally whatever backticks it holds: the fence
    is one backtick longer than the longest run inside (CommonMark 6.1), padded with a space
    where the text starts or ends with a backtick or a space (one each side is stripped).
    Line breaks become spaces and controls their escapes: a line break would end the block."""
    text = terminal(_LINE_BREAK.sub(" ", text))
    runs = [len(run) for run in re.findall("`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A CSV cell: text as it is, nothing as empty, anything else (numbers, lists, entries) as
    JSON; a cell a spreadsheet would run as a formula is prefixed with ``'``, which it shows as text."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def ics_text(text: str) -> str:
    """An iCalendar TEXT value or parameter, before icalendar escapes it: RFC 5545 allows no
    control character but the line feed it escapes as ``\\n``; a carriage return is read as
    one, and every other control is shown as its escape."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(terminal(line) for line in lines)


def html(text: str) -> str:
    """HTML text or a quoted attribute value: ``&``, ``<``, ``>``, ``"`` and ``'`` as entities
    (``html.escape(quote=True)``), so nothing from data opens a tag, ends an attribute or starts
    an entity; every control character, the bidi overrides among them, shown as its escape, as
    in a terminal, so data can neither reorder what a reader sees nor hide part of it."""
    import html as _html  # the standard library's; only the report needs it

    return _html.escape(terminal(text), quote=True)

"""One escaping helper per output language, for text the tool did not write itself.

Values from an inventory, commit messages and author names reach reports. Each output
language has one function here that makes such text inert in it; renderers call it on
every value they did not write.
"""

from __future__ import annotations

import json
from typing import Any


def markdown(text: str) -> str:
    """A markdown table cell or inline text: a pipe would end the cell, a line break the row,
    and ``<`` and ``&`` would be read as HTML."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("|", "\\|")
    return " ".join(text.splitlines())


def csv_cell(value: Any) -> str:
    """A CSV cell: text as it is, nothing as empty, anything else (numbers, lists, entries) as JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)

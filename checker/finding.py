"""The finding model: the only types reporters see."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


class Problem(NamedTuple):
    """What a check yields: the smallest thing, before the engine places it.

    ``pointer`` is the JSON pointer of the offending node. ``at_key`` points at
    the mapping key instead of its value (an unknown or repeated key).
    ``position`` overrides the lookup where the node has no pointer (a syntax
    error points at the parser's position). ``Severity`` is defined before it.
    """

    pointer: str
    message: str
    at_key: bool = False
    position: tuple[int, int] | None = None
    # For rules with two levels (renewal-horizon, end-of-support); None: the rule's default.
    severity: Severity | None = None
    # Tells apart findings on one node in the finding's identity (a missing key's name).
    subject: str = ""


@dataclass(frozen=True, order=True)
class Finding:
    """One placed, immutable finding. Sorts by file, line, column, rule."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    license: str | None = None
    pointer: str = ""
    # Identity across revisions: rule, license, where in an entry, and the offending
    # value; never the line, which moves when entries are added above.
    fingerprint: str = field(default="", compare=False)
    # Change mode (--base): True if the change introduced it, False if it was there
    # before; None outside change mode.
    new: bool | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RuleDoc:
    """What ``licensegate rules``, the SARIF rule table and the docs show."""

    id: str
    severity: Severity
    summary: str
    description: str
    # What kind of rule it is, for tools that filter by tag (SARIF's properties.tags): "file" (the
    # loader: YAML and schema) or "policy", then "waivable" or "protected".
    tags: tuple[str, ...] = ()


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_tokens(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]

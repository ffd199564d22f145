"""``licensegate rules``: every rule in one line each, or one rule's documentation."""

from __future__ import annotations

import sys

from checker.errors import UsageError
from checker.rules import WAIVABLE, docs


def run(rule_id: str | None) -> int:
    known = {doc.id: doc for doc in docs()}
    if rule_id is None:
        width = max(map(len, known))
        for doc in known.values():
            sys.stdout.write(f"{doc.id:<{width}}  {doc.severity!s:<7}  {doc.summary}\n")
        return 0
    if rule_id not in known:
        raise UsageError(f"no rule '{rule_id}'; 'licensegate rules' lists them")
    doc = known[rule_id]
    waivable = "yes" if rule_id in WAIVABLE else "no"
    sys.stdout.write(f"{doc.id} ({doc.severity} by default; waivable: {waivable})\n\n{doc.description}\n")
    return 0

"""The rule registry: a plain dict from id to rule module.

Adding a rule is one module in this package, one line here and one test file.
"""

from __future__ import annotations

from checker.finding import RuleDoc
from checker.rules import structure
from checker.rules.base import Rule

RULES: dict[str, Rule] = {}


def docs() -> list[RuleDoc]:
    """Every rule the tool can report, structure rules first: for 'rules', SARIF and the README."""
    policy = [RuleDoc(rule.ID, rule.SEVERITY, rule.SUMMARY, (rule.__doc__ or "").strip()) for rule in RULES.values()]
    return [*structure.DOCS, *policy]

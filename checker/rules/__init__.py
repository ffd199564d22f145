"""The rule registry: a plain dict from id to rule module.

Adding a rule is one module in this package, one line here and one test file.
Each module's docstring is its documentation (``licensegate rules ID``).
"""

from __future__ import annotations

import functools

from checker import structure
from checker.finding import RuleDoc
from checker.rules import (
    app_tier,
    backup_contact,
    departed_contact,
    duplicate_license,
    email_domain,
    email_syntax,
    email_typo,
    end_of_support,
    renewal_horizon,
    shared_mailbox,
    unknown_contact,
    waiver_expired,
    waiver_forbidden,
    waiver_unused,
)
from checker.rules.base import Rule

# Rules that judge the inventory, in the order of the table.
RULES: dict[str, Rule] = {
    duplicate_license.ID: duplicate_license,
    shared_mailbox.ID: shared_mailbox,
    backup_contact.ID: backup_contact,
    renewal_horizon.ID: renewal_horizon,
    email_syntax.ID: email_syntax,
    email_typo.ID: email_typo,
    email_domain.ID: email_domain,
    unknown_contact.ID: unknown_contact,
    departed_contact.ID: departed_contact,
    end_of_support.ID: end_of_support,
    app_tier.ID: app_tier,
    waiver_expired.ID: waiver_expired,
    waiver_forbidden.ID: waiver_forbidden,
}
# The rules a file may waive or re-severity: each rule says so itself.
WAIVABLE: frozenset[str] = frozenset(rule_id for rule_id, rule in RULES.items() if rule.WAIVABLE)


@functools.cache
def docs() -> tuple[RuleDoc, ...]:
    """Every rule the tool can report, structure rules first: for 'rules', SARIF and the README."""
    policy = [RuleDoc(rule.ID, rule.SEVERITY, rule.SUMMARY, (rule.__doc__ or "").strip()) for rule in RULES.values()]
    unused = RuleDoc(
        waiver_unused.ID, waiver_unused.SEVERITY, waiver_unused.SUMMARY, (waiver_unused.__doc__ or "").strip()
    )
    return (*structure.DOCS, *policy, unused)

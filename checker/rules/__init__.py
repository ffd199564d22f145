"""The rule registry: a plain dict from id to rule module.

Adding a rule is one module in this package, one line here and one test file.
Each module's docstring is its documentation (``licensegate rules ID``).
"""

from __future__ import annotations

import functools

from checker import ruledoc, structure
from checker.finding import RuleDoc
from checker.model import POLICY_DEFAULTS
from checker.rules import (
    app_tier,
    backup_contact,
    departed_contact,
    duplicate_entry,
    duplicate_license,
    email_domain,
    email_syntax,
    email_typo,
    end_of_support,
    mailbox_structure,
    policy_relaxed,
    reach,
    renewal_horizon,
    shared_mailbox,
    unknown_contact,
    waiver_expired,
    waiver_forbidden,
    waiver_too_long,
    waiver_unused,
)
from checker.rules.base import Documented, Rule

# Rules that judge the inventory, in the order of the table.
RULES: dict[str, Rule] = {
    duplicate_license.ID: duplicate_license,
    duplicate_entry.ID: duplicate_entry,
    mailbox_structure.ID: mailbox_structure,
    shared_mailbox.ID: shared_mailbox,
    backup_contact.ID: backup_contact,
    reach.ID: reach,
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
    waiver_too_long.ID: waiver_too_long,
    policy_relaxed.ID: policy_relaxed,
}
# Every policy rule, in the order they are documented: waiver-unused runs in the engine, after the others.
DOCUMENTED: tuple[Documented, ...] = (*RULES.values(), waiver_unused)
# The rules a file may waive or re-severity: each rule says so itself.
WAIVABLE: frozenset[str] = frozenset(rule_id for rule_id, rule in RULES.items() if rule.WAIVABLE)


@functools.cache
def docs() -> tuple[RuleDoc, ...]:
    """Every rule the tool can report, loader rules first: for 'rules', SARIF and the README."""
    loader = [
        RuleDoc(
            rule.id,
            rule.severity,
            rule.summary,
            ruledoc.compose(rule.text, bad=rule.bad, good=rule.good),
            tags=("file", "protected"),
        )
        for rule in structure.RULES
    ]
    policy = [
        RuleDoc(
            rule.ID,
            rule.SEVERITY,
            rule.SUMMARY,
            ruledoc.compose(
                rule.__doc__ or "", bad=rule.BAD, good=rule.GOOD, policy_keys=rule.POLICY_KEYS, defaults=POLICY_DEFAULTS
            ),
            tags=("policy", "waivable" if rule.ID in WAIVABLE else "protected"),
        )
        for rule in DOCUMENTED
    ]
    return (*loader, *policy)

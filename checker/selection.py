"""``--select`` and ``--ignore``: which waivable rules a run of ``check`` reports, as in ruff.

They narrow the report, never the gate: protected rules (those no waiver may silence) and the
loader's rules always report, so neither option takes them. The engine runs every rule whatever
they say (in change mode, the base and the policy comparison are judged in full); they only
filter what is printed and what decides the exit code.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.errors import UsageError
from checker.rules import WAIVABLE, docs


def _rule_ids(option: str, values: Sequence[str]) -> frozenset[str]:
    """The rule ids in one option's values: comma-separated, repeatable."""
    ids = [rule.strip() for value in values for rule in value.split(",")]
    known = {doc.id for doc in docs()}
    unknown = sorted({rule for rule in ids if rule not in known})
    if unknown:
        named = ", ".join(f"'{rule}'" for rule in unknown)
        raise UsageError(f"{option}: no rule{'s' if len(unknown) > 1 else ''} {named}; 'licensegate rules' lists them")
    protected = sorted({rule for rule in ids if rule not in WAIVABLE})
    if protected:
        verb = "are" if len(protected) > 1 else "is"
        raise UsageError(
            f"{option}: {', '.join(protected)} {verb} protected and always reported;"
            f" --select and --ignore take the waivable rules ({', '.join(sorted(WAIVABLE))})"
        )
    return frozenset(ids)


def deselected(select: Sequence[str], ignore: Sequence[str]) -> frozenset[str]:
    """The rules left out of the report: with --select, the waivable rules it does not name;
    with --ignore, those it names."""
    chosen = _rule_ids("--select", select) if select else WAIVABLE
    ignored = _rule_ids("--ignore", ignore) if ignore else frozenset()
    return WAIVABLE - (chosen - ignored)

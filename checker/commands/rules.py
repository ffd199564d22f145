"""``licensegate rules``: every rule in one line each, or one rule's documentation."""

from __future__ import annotations

import sys

from checker.errors import UsageError
from checker.rules import WAIVABLE, docs

THREAT_MODEL = """\
What the gate guarantees, and what it cannot:
- Anyone who may edit licenses.yaml may also edit its policy, waivers and directory. So in change
  mode (check --base, the hooks, the CI recipes) a change is judged by the stricter of the base's
  and its own policy, waivers and departed people, and every loosening is a policy-relaxed warning
  that no waiver or override silences: a loosening lands on its own, through review.
- Waivers name an owner and end within max_waiver_days; where license mail goes (email-*,
  shared-mailbox, departed-contact, mailbox-structure, duplicate-*) cannot be waived at all.
- Keep the policy where its owners review it (check --policy with CODEOWNERS on that file) and make
  the check a required status check. The gate cannot stop an administrator who merges past a failed
  required check, pushes with hooks disabled, or rewrites the base branch's history.
"""


def run(rule_id: str | None) -> int:
    known = {doc.id: doc for doc in docs()}
    if rule_id is None:
        width = max(map(len, known))
        for doc in known.values():
            sys.stdout.write(f"{doc.id:<{width}}  {doc.severity!s:<7}  {doc.summary}\n")
        sys.stdout.write(f"\n{THREAT_MODEL}")
        return 0
    if rule_id not in known:
        raise UsageError(f"no rule '{rule_id}'; 'licensegate rules' lists them")
    doc = known[rule_id]
    waivable = "yes" if rule_id in WAIVABLE else "no"
    sys.stdout.write(f"{doc.id} ({doc.severity} by default; waivable: {waivable})\n\n{doc.description}\n")
    return 0

"""A change loosens the policy, a waiver or the directory.

## What it does
In change mode (`check --base`, the hooks, the CI recipes) it compares the policy, the waivers
and the directory at the base of the change with the head, and reports every loosening: a domain
or wildcard added to `allowed_domains`, a minimum lowered, a horizon shortened,
`max_waiver_days` raised, a severity lowered or turned off, a waiver added or extended, the
`people` directory removed, a departed person no longer marked departed. The head is judged with
the stricter of the two rules all the same, so a loosening takes effect only once it has landed.
It is a warning: no waiver or severity override can silence it.

## Why it matters
The person editing `licenses.yaml` can also edit the policy in it. Without this rule, one change
could add `gmail.com` to `allowed_domains` and point a license's technical contact at a personal
mailbox, and nothing would be reported. License keys, renewal quotes and security advisories go
to the contacts, and only the customer can change a contact afterwards: Atlassian's security
policy forbids Atlassian and its partners from doing it on request. A loosening of the rules must
therefore land on its own, visible to the reviewers who own the policy.

## How to fix
Make the loosening a change of its own, reviewed by the policy's owners (CODEOWNERS on the policy
file or on `licenses.yaml`); the change that uses it follows once it has landed. If the loosening
was not meant, undo it.

## Sources
- Atlassian Purchasing, "How can I change the billing and technical contacts for my Atlassian products"
- GitHub Docs, "About code owners"; GitLab Docs, "Code Owners"; Bitbucket Cloud, "Set up and use code owners"
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import EXAMPLE, Context

ID = "policy-relaxed"
SEVERITY = Severity.WARNING
WAIVABLE = False
SUMMARY = "A change loosens the policy, adds or extends a waiver, or weakens the directory (change mode)."
POLICY_KEYS: tuple[str, ...] = ()
GOOD = "# The same policy as at the base of the change.\n" + EXAMPLE
BAD = "# The base of the change allowed only example.com; this change adds gmail.com.\n" + EXAMPLE.replace(
    "allowed_domains: [example.com]", "allowed_domains: [example.com, gmail.com]"
)
# The base of the change the examples are judged against.
BASE = GOOD


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    yield from context.relaxations

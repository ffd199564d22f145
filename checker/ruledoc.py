"""Rule documentation in fixed sections, like ruff's: the same shape for every rule.

A rule's own text (its module docstring, or a loader rule's entry) has four sections, in
this order, each a markdown heading: ``What it does``, ``Why it matters``, ``How to fix``
and ``Sources``. The facts a rule rests on are stated in its own text, with the public page
they come from. ``compose`` adds the parts that are data, so they cannot drift from the
code: the bad and the good example (whole inventories, which a test runs through the
engine) and the policy keys the rule reads, with their defaults.
"""

from __future__ import annotations

from collections.abc import Mapping

# Where licensegate is published, and where each rule's documentation is read on the web: its row
# in the README's rule table, which carries an anchor named for the rule (a test holds every rule to
# one). The output formats link here (SARIF's helpUri, Bitbucket annotations), none defines it.
REPOSITORY_URL = "https://github.com/licensegate/licensegate"
README_URL = f"{REPOSITORY_URL}/blob/main/README.md"


def help_uri(rule_id: str) -> str:
    """The web page of a rule's documentation: the README, at the rule's anchor ``rule-ID``."""
    return f"{README_URL}#rule-{rule_id}"


WRITTEN = ("What it does", "Why it matters", "How to fix", "Sources")
SHOWN = ("What it does", "Why it matters", "Example", "How to fix", "Policy keys", "Sources")


def sections(text: str) -> dict[str, str]:
    """A rule's text by section heading (``## Heading``), in the order written."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.strip().splitlines():
        if line.startswith("## "):
            current = found.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in found.items()}


def _yaml(text: str) -> str:
    return f"```yaml\n{text.rstrip()}\n```"


def compose(
    text: str,
    *,
    bad: str,
    good: str,
    policy_keys: tuple[str, ...] = (),
    defaults: Mapping[str, object] | None = None,
) -> str:
    """The full documentation: the written sections, the examples and the policy keys, in SHOWN order."""
    written = sections(text)
    keys = [
        f"- `{key}`" + (f" (default {defaults[key]})" if defaults and key in defaults else "") for key in policy_keys
    ]
    parts = {
        **written,
        "Example": _yaml(bad),
        "How to fix": f"{written.get('How to fix', '')}\n\n{_yaml(good)}".strip(),
        "Policy keys": "\n".join(keys) or "None.",
    }
    return "\n\n".join(f"## {heading}\n{parts.get(heading, '')}" for heading in SHOWN)


# The documentation examples' common starting point: each rule's BAD and GOOD is this inventory,
# or a few lines changed or added to it.
EXAMPLE = """\
version: 1
policy:
  allowed_domains: [example.com]
mailboxes:
  - address: atlassian-admins@example.com
    members: [alice.martin@example.com, bob.chen@example.com]
people:
  - {email: alice.martin@example.com, name: Alice Martin}
  - {email: bob.chen@example.com, name: Bob Chen}
licenses:
  - id: SEN-12345678
    product: Jira Software
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]
"""

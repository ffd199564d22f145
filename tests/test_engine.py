"""The engine's seam: inventory, policy and directory are three inputs, and each may come from its own file."""

from __future__ import annotations

from checker import document, engine, sources
from checker.model import Inputs
from tests.conftest import TODAY, dedent

INVENTORY = dedent(
    """
    version: 1
    licenses:
      - id: SEN-12345678
        product: Jira Software
        deployment: cloud
        tier: 500
        renews: 2027-09-30
        technical_contact: atlassian-admins@example.com
        backup_contacts: [alice.martin@example.com]
    """
)
POLICY = dedent(
    """
    policy:
      allowed_domains: [example.com]
      severity:
        email-domain: "off"
    """
)
DIRECTORY = dedent(
    """
    mailboxes:
      - address: atlassian-admins@example.com
        members: [alice.martin@example.com, bob.chen@example.com]
    people:
      - email: alice.martin@example.com
      - email: bob.chen@example.com
        status: departed
    """
)


def loaded(text: str) -> document.Document:
    doc = document.load(text.encode()).document
    assert doc is not None
    return doc


def test_findings_are_placed_in_the_file_each_input_came_from() -> None:
    inventory, policy, directory = loaded(INVENTORY), loaded(POLICY), loaded(DIRECTORY)
    inputs = Inputs(
        sources.inventory_from(inventory.data),
        sources.policy_from(policy.data),
        sources.directory_from(directory.data),
    )
    found = engine.judge(
        inputs,
        origin=engine.Origin("licenses.yaml", inventory),
        today=TODAY,
        elsewhere={
            "policy": engine.Origin("policy.yaml", policy),
            "mailboxes": engine.Origin("people.yaml", directory),
            "people": engine.Origin("people.yaml", directory),
        },
    ).findings
    assert [(f.file, f.line, f.column, f.rule, f.license) for f in found] == [
        ("licenses.yaml", 8, 24, "shared-mailbox", "SEN-12345678"),
        ("people.yaml", 3, 41, "departed-contact", None),
        ("policy.yaml", 4, 5, "waiver-forbidden", None),
    ]


def test_one_file_gives_all_three_inputs() -> None:
    doc = loaded(INVENTORY + POLICY + DIRECTORY)
    inputs = sources.from_inventory_file(doc.data)
    assert [license.id for license in inputs.inventory.licenses] == ["SEN-12345678"]
    assert inputs.policy.allowed_domains == ("example.com",)
    assert inputs.policy.min_mailbox_members == 2  # the default
    assert [person.departed for person in inputs.directory.people or []] == [False, True]
    assert inputs.directory.is_departed("Bob.Chen@example.com")

"""Rule documentation: fixed sections, true examples, real policy keys, no pointer to a file users lack."""

from __future__ import annotations

import re

import pytest

from checker import engine, ruledoc, structure
from checker.rules import DOCUMENTED, docs
from checker.schema import schema
from tests.conftest import TODAY, findings, run

POLICY_RULES = {rule.ID: rule for rule in DOCUMENTED}
LOADER_RULES = {rule.id: rule for rule in structure.RULES}
EVERY_ID = [doc.id for doc in docs()]


def examples(rule_id: str) -> tuple[bytes, bytes]:
    if rule_id in LOADER_RULES:
        loader = LOADER_RULES[rule_id]
        return loader.bad.encode(loader.bad_encoding), loader.good.encode()
    rule = POLICY_RULES[rule_id]
    return rule.BAD.encode(), rule.GOOD.encode()


def written(rule_id: str) -> str:
    return LOADER_RULES[rule_id].text if rule_id in LOADER_RULES else POLICY_RULES[rule_id].__doc__ or ""


def test_every_rule_is_documented_once() -> None:
    assert len(EVERY_ID) == len(set(EVERY_ID)) == len(POLICY_RULES) + len(LOADER_RULES)


@pytest.mark.parametrize("rule_id", EVERY_ID)
def test_written_sections_are_the_fixed_ones_and_not_empty(rule_id: str) -> None:
    found = ruledoc.sections(written(rule_id))
    assert tuple(found) == ruledoc.WRITTEN
    assert all(found.values()), f"{rule_id}: an empty section"


@pytest.mark.parametrize("rule_id", EVERY_ID)
def test_rules_command_shows_the_fixed_sections(rule_id: str) -> None:
    result = run("rules", rule_id)
    assert result.returncode == 0
    assert re.findall(r"^## (.+)$", result.stdout, flags=re.MULTILINE) == list(ruledoc.SHOWN)


@pytest.mark.parametrize("rule_id", EVERY_ID)
def test_documentation_cites_no_file_users_do_not_have(rule_id: str) -> None:
    doc = next(doc for doc in docs() if doc.id == rule_id)
    assert not re.search(r"DOMAIN|\.md\b|shared/", doc.description)
    assert ruledoc.sections(written(rule_id))["Sources"].startswith("- ")


def rules_found(raw: bytes, base: str | None) -> set[str]:
    """The rules an example gets: on its own, or as a change from BASE (for change-mode rules)."""
    if base is None:
        return {finding.rule for finding in findings(raw, today=TODAY)}
    head = engine.load(raw, path="licenses.yaml")
    before = engine.load(base.encode(), path="licenses.yaml")
    return {finding.rule for finding in engine.check_change(head, before, today=TODAY).findings}


@pytest.mark.parametrize("rule_id", EVERY_ID)
def test_bad_example_gets_the_finding_and_good_example_none(rule_id: str) -> None:
    bad, good = examples(rule_id)
    base = getattr(POLICY_RULES.get(rule_id), "BASE", None)
    assert rule_id in rules_found(bad, base)
    assert rule_id not in rules_found(good, base)


def test_every_policy_key_a_rule_names_is_in_the_schema() -> None:
    keys = set(schema()["properties"]["policy"]["properties"])
    for rule in DOCUMENTED:
        assert set(rule.POLICY_KEYS) <= keys, rule.ID
    # tier_usage_warning is read by `licensegate drift`, not by a rule of `check`.
    assert {key for rule in DOCUMENTED for key in rule.POLICY_KEYS} | {"tier_usage_warning"} == keys

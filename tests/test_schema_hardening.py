"""Schema patterns anchored exactly, dates and addresses checked by pattern as well as format,
whole numbers without a decimal point, and allowed domains that name a company."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from fastjsonschema import JsonSchemaException
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import _fast_schema, schema, suffixes
from checker.document import load
from checker.model import parse_day
from tests.conftest import VALID, findings, where

WAIVER = """\
waivers:
  - rule: backup-contact
    license: SEN-12345678
    reason: Only one admin until March.
    expires: 2026-12-01
    owner: alice.martin@example.com
"""


def schema_findings(text: str) -> list[tuple[str, int, int]]:
    return [found for found in where(text) if found[0] == "schema"]


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1
    return text.replace(old, new)


# -- Trailing newlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        (edit("id: SEN-12345678", 'id: "SEN-12345678\\n"'), (13, 9)),
        (edit("    product: Jira", '    app_of: "SEN-12345670\\n"\n    product: Jira'), (14, 13)),
        (edit("renews: 2027-09-30", 'renews: "2027-09-30\\n"'), (17, 13)),
        (edit("[example.com]", '["example.com\\n"]'), (3, 21)),
        (VALID + WAIVER.replace("rule: backup-contact", 'rule: "backup-contact\\n"'), (21, 11)),
    ],
)
def test_a_trailing_newline_is_a_schema_finding(text: str, position: tuple[int, int]) -> None:
    assert schema_findings(text) == [("schema", *position)]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        (
            edit(
                "technical_contact: atlassian-admins@example.com",
                'technical_contact: "atlassian-admins@example.com\\n"',
            ),
            (18, 24),
        ),
        (VALID + WAIVER.replace("owner: alice.martin@example.com", 'owner: "alice.martin@example.com\\n"'), (25, 12)),
        (edit("technical_contact: atlassian-admins@example.com", "technical_contact: atlassian-admins"), (18, 24)),
    ],
)
def test_a_broken_address_is_one_email_syntax_finding(text: str, position: tuple[int, int]) -> None:
    """However an address is broken (a trailing newline, no '@'), it gets one finding: email-syntax's."""
    assert [found for found in where(text) if found[1:] == position] == [("email-syntax", *position)]
    assert schema_findings(text) == []


def test_the_waiver_used_above_is_valid() -> None:
    assert schema_findings(VALID + WAIVER) == []


def every_pattern(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in ([value] if key == "pattern" else every_pattern(value))]
    if isinstance(node, list):
        return [p for item in node for p in every_pattern(item)]
    return []


@pytest.mark.parametrize("pattern", every_pattern(schema.schema()))
def test_every_pattern_refuses_a_trailing_newline(pattern: str) -> None:
    samples = {
        "sen": "SEN-12345678",
        "entitlement": "E-3XJ-WYD-KA7-HBJ",
        "cloud id": "8d2b2e4c-52bd-4bde-8e4a-41a6e0b6c1d0",
        "date": "2027-09-30",
        "email": "a@example.com",
        "domain": "example.com",
        "rule": "backup-contact",
        "path": "people.yaml",
    }
    matching = [value for value in samples.values() if re.search(pattern, value)]
    assert matching, pattern
    for value in matching:
        assert re.search(pattern, value + "\n") is None


# -- Dates: both validators, every day ------------------------------------------------------------

LICENSE = load(VALID.encode()).document.data["licenses"][0]  # type: ignore[union-attr]


def verdicts(renews: str) -> tuple[bool, bool]:
    """(the fast path passes it, jsonschema passes it) for a license renewing on ``renews``."""
    entry = copy.deepcopy(LICENSE)
    entry["renews"] = renews
    try:
        _fast_schema.validate_license(entry)
        fast = True
    except JsonSchemaException:
        fast = False
    reference = schema.validator().evolve(schema=schema.schema()["properties"]["licenses"]["items"])
    return fast, not list(reference.iter_errors(entry))


def test_year_zero_is_a_schema_finding() -> None:
    text = edit("renews: 2027-09-30", "renews: 0000-01-01")
    assert where(text) == [("schema", 17, 13)]
    assert verdicts("0000-01-01") == (False, False)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z", fullmatch=True))
def test_fast_path_never_passes_a_date_jsonschema_refuses(day: str) -> None:
    fast, reference = verdicts(day)
    assert not (fast and not reference), day
    if fast and reference:
        assert parse_day(day) is not None


@pytest.mark.parametrize("day", ["tomorrow", "2027-9-30", "27-09-30", "2027-13-01", "2027-02-30", "2027-09-30T00:00"])
def test_dates_the_pattern_or_format_refuses(day: str) -> None:
    assert where(edit("renews: 2027-09-30", f"renews: '{day}'")) == [("schema", 17, 13)]


def test_a_date_is_one_finding_when_pattern_and_format_both_refuse_it() -> None:
    text = edit("renews: 2027-09-30", "renews: tomorrow")
    assert [f.message for f in findings(text)] == ["'renews' must be a date written YYYY-MM-DD, got 'tomorrow'"]


def test_address_with_a_control_character_is_one_email_syntax_finding() -> None:
    text = edit(
        "technical_contact: atlassian-admins@example.com", 'technical_contact: "atlassian-admins@exa\\tmple.com"'
    )
    assert where(text) == [("email-syntax", 18, 24)]


def test_address_pattern_is_in_the_schema_for_editors() -> None:
    email = schema.schema()["$defs"]["email"]
    assert email["format"] == "email"
    assert re.search(email["pattern"], "renewals@example.com")
    for bad in ("renewals", "@example.com", "renewals@", "a b@example.com", "a@b@example.com", "a@example.com\n"):
        assert re.search(email["pattern"], bad) is None, bad


# -- Whole numbers --------------------------------------------------------------------------------

# A value each key may have in VALID without another finding.
WHOLE = {"min_backup_contacts": 1, "min_mailbox_members": 2, "renewal_warning_days": 3, "renewal_error_days": 3}
WHOLE["max_waiver_days"] = 3
WHOLE["min_reach"] = 2
WHOLE["tier_usage_warning"] = 80
POLICY_KEYS = list(WHOLE)


@pytest.mark.parametrize("key", POLICY_KEYS)
def test_a_policy_number_with_a_decimal_point_is_a_schema_finding(key: str) -> None:
    whole = WHOLE[key]
    text = edit("  allowed_domains: [example.com]\n", f"  allowed_domains: [example.com]\n  {key}: {whole}.0\n")
    assert where(text) == [("schema", 4, len(key) + 5)]
    message = f"'{key}' must be a whole number written without a decimal point, got {whole}.0: write {whole}"
    assert findings(text)[0].message == message
    assert where(text.replace(f"{whole}.0", f"{whole}")) == []


def test_a_tier_with_a_decimal_point_is_a_schema_finding() -> None:
    text = edit("tier: 500", "tier: 500.0")
    assert where(text) == [("schema", 16, 11)]
    assert "write 500" in findings(text)[0].message


def test_every_integer_in_the_policy_is_covered() -> None:
    properties = schema.schema()["properties"]["policy"]["properties"]
    assert sorted(key for key, sub in properties.items() if sub.get("type") == "integer") == sorted(POLICY_KEYS)


# -- Allowed domains under a public suffix --------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "suffix"), [("*.co.uk", "co.uk"), ("*.com.au", "com.au"), ("*.github.io", "github.io")]
)
def test_a_pattern_that_stops_at_a_public_suffix_is_a_schema_finding(pattern: str, suffix: str) -> None:
    text = edit("[example.com]", f'[example.com, "{pattern}"]')
    assert where(text) == [("schema", 3, 34)]
    assert findings(text)[0].message == (
        f"'{pattern}' allows every domain under the public suffix {suffix}: name the company's own domain"
    )


def test_a_public_suffix_is_never_applied() -> None:
    text = edit("[example.com]", '[example.com, "*.co.uk"]')
    text = edit("backup_contacts: [alice.martin@example.com]", "backup_contacts: [someone@rival.co.uk]", text)
    assert ("email-domain", 19, 23) in where(text)


@pytest.mark.parametrize("pattern", ["com", "*.com"])
def test_a_top_level_domain_is_one_schema_finding(pattern: str) -> None:
    # The schema's pattern already asks for a name before the top-level domain: one finding, its own.
    text = edit("[example.com]", f'[example.com, "{pattern}"]')
    assert where(text) == [("schema", 3, 34)]
    assert "must be a mail domain" in findings(text)[0].message
    text = edit("backup_contacts: [alice.martin@example.com]", "backup_contacts: [someone@rival.com]", text)
    assert ("email-domain", 19, 23) in where(text)


@pytest.mark.parametrize("domain", ["example.co.uk", "*.example.co.uk", "*.example.com", "mail.example.com"])
def test_a_registrable_domain_is_fine(domain: str) -> None:
    assert where(edit("[example.com]", f'[example.com, "{domain}"]')) == []


def test_a_local_part_over_64_characters_is_refused() -> None:
    local = "a" * 65
    text = edit("backup_contacts: [alice.martin@example.com]", f"backup_contacts: [{local}@example.com]")
    (finding,) = [found for found in findings(text) if found.rule == "email-syntax"]
    assert (finding.line, finding.column) == (19, 23)
    assert "too long before the @-sign" in finding.message


def test_the_bundled_public_suffix_list_has_one_rule_a_line() -> None:
    """checker.suffixes finds a rule as a whole line: no rule line may carry anything after it."""
    text = suffixes._text()
    rules = [line for line in text.splitlines() if line and not line.startswith("//")]
    assert len(rules) > 5000
    assert [line for line in rules if line != line.split()[0] or "\r" in line] == []
    assert suffixes.public_suffix("*.co.uk") == "co.uk"
    assert suffixes.public_suffix("*.example.co.uk") is None

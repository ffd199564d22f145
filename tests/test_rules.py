"""Every policy rule: the bad example fires at the exact line and column, the good one stays silent."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.finding import Severity
from checker.rules import RULES, docs
from tests.conftest import VALID, findings, run

TODAY = datetime.date(2026, 11, 26)
APP = """\
  - id: SEN-12345679
    product: Tempo Timesheets
    app_of: SEN-12345678
    deployment: cloud
    tier: {tier}
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [bob.chen@example.com]
"""


def edit(*pairs: str, text: str = VALID) -> str:
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new)
    return text


def found(text: str, today: datetime.date = TODAY) -> list[tuple[str, int, int, Severity, str]]:
    return [(f.rule, f.line, f.column, f.severity, f.message) for f in findings(text, today=today)]


E, W = Severity.ERROR, Severity.WARNING


def test_every_rule_is_registered_and_documented() -> None:
    ids = [doc.id for doc in docs()]
    assert ids[8:] == [
        "duplicate-license",
        "duplicate-entry",
        "mailbox-structure",
        "shared-mailbox",
        "backup-contact",
        "reach",
        "renewal-horizon",
        "email-syntax",
        "email-typo",
        "email-domain",
        "unknown-contact",
        "departed-contact",
        "end-of-support",
        "app-tier",
        "waiver-expired",
        "waiver-forbidden",
        "waiver-too-long",
        "policy-relaxed",
        "waiver-unused",
    ]
    for rule in RULES.values():
        assert rule.BAD.startswith(("version: 1\n", "# ")), rule.ID
        assert rule.GOOD.startswith(("version: 1\n", "# ")), rule.ID


def test_good_example_is_silent() -> None:
    assert found(VALID) == []


def test_duplicate_license() -> None:
    text = VALID + APP.format(tier=500).replace("SEN-12345679", "SEN-12345678").replace(
        "    app_of: SEN-12345678\n", ""
    )
    assert found(text) == [
        (
            "duplicate-license",
            20,
            9,
            E,
            "SEN-12345678 is declared twice (first as license 1): merge the two entries or correct this id",
        )
    ]


def test_shared_mailbox_not_a_mailbox() -> None:
    text = edit("technical_contact: atlassian-admins@example.com", "technical_contact: bob.chen@example.com")
    assert found(text) == [
        (
            "shared-mailbox",
            18,
            24,
            E,
            "technical contact 'bob.chen@example.com' is not a shared mailbox: declare it under 'mailboxes'"
            " or use a team mailbox, so license mail does not depend on one inbox",
        )
    ]


def test_shared_mailbox_compares_case_insensitively_and_quotes_as_written() -> None:
    text = edit("technical_contact: atlassian-admins@example.com", "technical_contact: Atlassian-Admins@Example.com")
    assert found(text) == []


def test_shared_mailbox_too_few_active_members() -> None:
    text = edit("    name: Bob Chen\n", "    name: Bob Chen\n    status: departed\n")
    assert found(text) == [
        (
            "departed-contact",
            6,
            41,
            E,
            "member of 'atlassian-admins@example.com' 'bob.chen@example.com' has departed:"
            " replace them here and in My Atlassian",
        ),
        (
            "shared-mailbox",
            19,
            24,
            E,
            "mailbox 'atlassian-admins@example.com' reaches 1 active person, fewer than 2 (min_mailbox_members):"
            " add members to it",
        ),
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "backup_contacts: [alice.martin@example.com]",
            "backup_contacts: [atlassian-admins@example.com, ATLASSIAN-ADMINS@example.com]",
            [
                (
                    "backup-contact",
                    19,
                    22,
                    E,
                    "has 0 distinct backup contacts besides the technical contact, fewer than 1"
                    " (min_backup_contacts): add more",
                )
            ],
        ),
        (
            "backup_contacts: [alice.martin@example.com]",
            "backup_contacts: []",
            [
                (
                    "backup-contact",
                    19,
                    22,
                    E,
                    "has 0 distinct backup contacts besides the technical contact, fewer than 1"
                    " (min_backup_contacts): add more",
                )
            ],
        ),
        (
            "    backup_contacts: [alice.martin@example.com]\n",
            "",
            [("backup-contact", 13, 5, E, "no 'backup_contacts': add at least 1 besides the technical contact")],
        ),
        (
            "  allowed_domains: [example.com]\n",
            "  allowed_domains: [example.com]\n  min_backup_contacts: 2\n",
            [
                (
                    "backup-contact",
                    20,
                    22,
                    E,
                    "has 1 distinct backup contact besides the technical contact, fewer than 2"
                    " (min_backup_contacts): add more",
                )
            ],
        ),
        ("  allowed_domains: [example.com]\n", "  allowed_domains: [example.com]\n  min_backup_contacts: 0\n", []),
    ],
)
def test_backup_contact(old: str, new: str, expected: list[tuple[str, int, int, Severity, str]]) -> None:
    assert found(edit(old, new)) == expected


RENEWS = datetime.date(2027, 9, 30)


@pytest.mark.parametrize(
    ("days_before", "expected"),
    [
        (61, None),
        (60, (W, "renews in 60 days (2027-09-30)")),
        (59, (W, "renews in 59 days (2027-09-30)")),
        (15, (W, "renews in 15 days (2027-09-30)")),
        (14, (E, "renews in 14 days (2027-09-30)")),
        (13, (E, "renews in 13 days (2027-09-30)")),
        (1, (E, "renews in 1 day (2027-09-30)")),
        (0, (E, "renews today (2027-09-30)")),
        (-1, (E, "expired 1 day ago (2027-09-30)")),
        (-30, (E, "expired 30 days ago (2027-09-30)")),
    ],
)
def test_renewal_horizon_boundaries(days_before: int, expected: tuple[Severity, str] | None) -> None:
    today = RENEWS - datetime.timedelta(days=days_before)
    result = [f for f in found(VALID, today) if f[0] == "renewal-horizon"]
    if expected is None:
        assert result == []
    else:
        severity, when = expected
        suffix = ": make sure the technical contact has the quote, then update 'renews' once renewed"
        assert result == [("renewal-horizon", 17, 13, severity, when + suffix)]


def test_renewal_horizon_reads_the_policy() -> None:
    text = edit(
        "  allowed_domains: [example.com]\n",
        "  allowed_domains: [example.com]\n  renewal_warning_days: 90\n  renewal_error_days: 30\n",
    )
    assert [(f[0], f[1], f[3]) for f in found(text, RENEWS - datetime.timedelta(days=90))] == [
        ("renewal-horizon", 19, W)
    ]
    assert [(f[0], f[1], f[3]) for f in found(text, RENEWS - datetime.timedelta(days=30))] == [
        ("renewal-horizon", 19, E)
    ]


@pytest.mark.parametrize(
    ("address", "rule", "message"),
    [
        (
            "alice.martin@example..com",
            "email-syntax",
            "'alice.martin@example..com' is not a valid email address:"
            " An email address cannot have two periods in a row.",
        ),
        (
            "alice martin@example.com",
            "email-syntax",
            "'alice martin@example.com' is not a valid email address:"
            " The email address contains invalid characters before the @-sign: SPACE.",
        ),
        (
            "alice.martin@exmaple.com",
            "email-typo",
            "'alice.martin@exmaple.com' looks like a typo: did you mean 'alice.martin@example.com'?",
        ),
        (
            "alice.martin@example.co",
            "email-typo",
            "'alice.martin@example.co' looks like a typo: did you mean 'alice.martin@example.com'?",
        ),
        (
            "alice.martin@examp1e.com",
            "email-typo",
            "'alice.martin@examp1e.com' looks like a typo: did you mean 'alice.martin@example.com'?",
        ),
        (
            "alice.martin@ex\u0430mple.com",
            "email-typo",
            "'alice.martin@ex\u0430mple.com' looks like a typo: did you mean 'alice.martin@example.com'?",
        ),
        (
            "alcie.martin@example.com",
            "email-typo",
            "'alcie.martin@example.com' is not in the directory and looks like a typo:"
            " did you mean 'alice.martin@example.com'?",
        ),
        (
            "alice.martin@gmail.com",
            "email-domain",
            "'alice.martin@gmail.com' is outside the allowed domains (example.com):"
            " license mail would leave the company",
        ),
        (
            "zoe.quinn@example.com",
            "unknown-contact",
            "backup contact 'zoe.quinn@example.com' is not in 'people': add them, or correct the address",
        ),
    ],
)
def test_one_address_one_finding(address: str, rule: str, message: str) -> None:
    text = edit("backup_contacts: [alice.martin@example.com]", f"backup_contacts: [{address}]")
    assert found(text) == [(rule, 19, 23, E, message)]


def test_email_rules_judge_every_kind_of_address() -> None:
    text = edit(
        "  - address: atlassian-admins@example.com",
        "  - address: atlassian-admins@example.com\n    description: x",
        "members: [alice.martin@example.com, bob.chen@example.com]",
        "members: [alice.martin@example.com, bob.chen@example.com, carol@vendor.io]",
        "  - email: bob.chen@example.com",
        "  - email: bob.chen@exampel.com",
        "    backup_contacts: [alice.martin@example.com]",
        "    backup_contacts: [alice.martin@example.com]\n    billing_contact: finance@@example.com",
    )
    # bob.chen@example.com is no longer in the directory, whose entry now has a typo of its own;
    # so the mailbox reaches one declared person only.
    assert [(f[0], f[1], f[2]) for f in found(text)] == [
        ("unknown-contact", 7, 41),
        ("email-domain", 7, 63),
        ("email-typo", 11, 12),
        ("shared-mailbox", 19, 24),
        ("email-syntax", 21, 22),
    ]


def test_wildcard_domains_allow_subdomains() -> None:
    text = edit(
        "allowed_domains: [example.com]",
        'allowed_domains: ["*.example.com"]',
        "backup_contacts: [alice.martin@example.com]",
        "backup_contacts: [alice.martin@example.com, ops@eu.example.com, ops@eu.exmaple.com]",
    )
    result = found(text)
    assert [(f[0], f[1], f[2]) for f in result] == [("unknown-contact", 19, 49), ("email-typo", 19, 69)]
    assert "did you mean 'ops@eu.example.com'?" in result[1][4]


def test_unknown_contact_needs_a_directory() -> None:
    text = edit(
        "people:\n  - email: alice.martin@example.com\n    name: Alice Martin\n"
        "  - email: bob.chen@example.com\n    name: Bob Chen\n",
        "",
        "backup_contacts: [alice.martin@example.com]",
        "backup_contacts: [zoe.quinn@example.com]",
    )
    assert found(text) == []


@pytest.mark.parametrize(
    ("old", "new", "today", "expected"),
    [
        (
            "deployment: cloud",
            "deployment: server",
            TODAY,
            [
                (
                    "end-of-support",
                    15,
                    17,
                    E,
                    "Server reached its end of support on 2024-02-15: migrate to cloud or Data Center",
                )
            ],
        ),
        ("product: Jira Software\n    deployment: cloud", "product: Fisheye\n    deployment: server", TODAY, []),
        ("deployment: cloud", "deployment: data-center", TODAY, []),
        (
            "deployment: cloud\n    tier: 500\n    renews: 2027-09-30",
            "deployment: data-center\n    tier: 500\n    renews: 2029-06-30",
            TODAY,
            [
                (
                    "end-of-support",
                    17,
                    13,
                    W,
                    "renews 2029-06-30, after Data Center's end of support on 2029-03-28: plan the migration first",
                )
            ],
        ),
        (
            "deployment: cloud\n    tier: 500\n    renews: 2027-09-30",
            "deployment: data-center\n    tier: 500\n    renews: 2029-03-28",
            datetime.date(2029, 1, 27),
            [
                (
                    "end-of-support",
                    15,
                    17,
                    W,
                    "Data Center reaches its end of support in 60 days (2029-03-28): plan the migration",
                )
            ],
        ),
        (
            "deployment: cloud\n    tier: 500\n    renews: 2027-09-30",
            "deployment: data-center\n    tier: 500\n    renews: 2029-03-28",
            datetime.date(2029, 1, 26),
            [],
        ),
        (
            "deployment: cloud",
            "deployment: data-center",
            datetime.date(2029, 3, 29),
            [
                (
                    "end-of-support",
                    15,
                    17,
                    E,
                    "Data Center reached its end of support on 2029-03-28: migrate, then update this entry",
                ),
            ],
        ),
        (
            "product: Jira Software",
            "product: Opsgenie",
            TODAY,
            [
                (
                    "end-of-support",
                    17,
                    13,
                    W,
                    "renews 2027-09-30, after Opsgenie's end of support on 2027-04-05: plan the migration first",
                )
            ],
        ),
    ],
)
def test_end_of_support(
    old: str, new: str, today: datetime.date, expected: list[tuple[str, int, int, Severity, str]]
) -> None:
    assert [f for f in found(edit(old, new), today) if f[0] == "end-of-support"] == expected


@pytest.mark.parametrize(
    ("host_tier", "app", "expected"),
    [
        ("500", APP.format(tier=500), []),
        ("500", APP.format(tier="unlimited"), []),
        (
            "500",
            APP.format(tier=250),
            [
                (
                    "app-tier",
                    24,
                    11,
                    E,
                    "tier 250 is below its host SEN-12345678's tier 500: an app's tier must match or exceed its host's",
                )
            ],
        ),
        (
            "unlimited",
            APP.format(tier=10000),
            [
                (
                    "app-tier",
                    24,
                    11,
                    E,
                    "tier 10000 is below its host SEN-12345678's tier unlimited:"
                    " an app's tier must match or exceed its host's",
                )
            ],
        ),
        (
            "500",
            APP.format(tier=500).replace("app_of: SEN-12345678", "app_of: SEN-99999999"),
            [
                (
                    "app-tier",
                    22,
                    13,
                    E,
                    "app_of names SEN-99999999, which is not declared here: add the host license or correct the SEN",
                )
            ],
        ),
    ],
)
def test_app_tier(host_tier: str, app: str, expected: list[tuple[str, int, int, Severity, str]]) -> None:
    assert found(edit("tier: 500", f"tier: {host_tier}") + app) == expected


def waiver(rule: str, expires: str = "2027-01-31") -> str:
    return (
        "waivers:\n"
        f"  - rule: {rule}\n"
        "    license: SEN-12345678\n"
        "    reason: Team of one until the Q1 hire\n"
        f"    expires: {expires}\n"
        "    owner: atlassian-admins@example.com\n"
    )


NO_BACKUP = edit("    backup_contacts: [alice.martin@example.com]\n", "")


def test_waiver_silences_its_rule_for_its_license() -> None:
    assert found(NO_BACKUP + waiver("backup-contact")) == []


def test_waiver_applies_through_its_expiry_day() -> None:
    assert found(NO_BACKUP + waiver("backup-contact"), datetime.date(2027, 1, 31)) == []


def test_expired_waiver_silences_nothing() -> None:
    result = found(NO_BACKUP + waiver("backup-contact"), datetime.date(2027, 2, 1))
    assert [(f[0], f[1], f[2], f[3]) for f in result] == [("backup-contact", 13, 5, E), ("waiver-expired", 23, 14, E)]
    assert result[1][4] == (
        "waiver for backup-contact expired on 2027-01-31: fix the finding,"
        " or renew the waiver with a new reason and date"
    )


def test_unused_waiver() -> None:
    assert found(VALID + waiver("backup-contact")) == [
        ("waiver-unused", 21, 5, W, "waiver for backup-contact on SEN-12345678 matches no finding: delete it")
    ]


def test_protected_rules_cannot_be_waived() -> None:
    text = edit("backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice.martin@gmail.com]")
    result = found(text + waiver("email-domain"))
    assert [(f[0], f[1], f[2]) for f in result] == [("email-domain", 19, 23), ("waiver-forbidden", 21, 11)]
    assert result[1][4] == (
        "waiver for SEN-12345678: 'email-domain' protects where license mail goes and cannot be waived or"
        " re-severitied; only app-tier, backup-contact, end-of-support, reach, renewal-horizon, unknown-contact can"
    )


def test_waiver_naming_no_rule() -> None:
    assert found(VALID + waiver("backup-contacts")) == [
        (
            "waiver-forbidden",
            21,
            11,
            E,
            "waiver for SEN-12345678: 'backup-contacts' is not a rule (see 'licensegate rules')",
        )
    ]


SEVERITY = "  allowed_domains: [example.com]\n"


def test_severity_override_changes_a_waivable_rule() -> None:
    text = edit(SEVERITY, SEVERITY + "  severity:\n    backup-contact: warning\n", text=NO_BACKUP)
    assert [(f[0], f[3]) for f in found(text)] == [("backup-contact", W)]
    text = edit(SEVERITY, SEVERITY + "  severity:\n    backup-contact: 'off'\n", text=NO_BACKUP)
    assert found(text) == []


def test_severity_override_of_a_protected_rule_is_refused() -> None:
    text = edit(
        SEVERITY,
        SEVERITY + "  severity:\n    email-domain: 'off'\n",
        "backup_contacts: [alice.martin@example.com]",
        "backup_contacts: [alice.martin@gmail.com]",
    )
    assert [(f[0], f[1], f[2]) for f in found(text)] == [("waiver-forbidden", 5, 5), ("email-domain", 21, 23)]


def test_overrides_and_waivers_show_in_the_summary(tmp_path: Path) -> None:
    text = edit(SEVERITY, SEVERITY + "  severity:\n    renewal-horizon: error\n", text=NO_BACKUP)
    (tmp_path / "licenses.yaml").write_text(text + waiver("backup-contact", expires="2027-12-31"))
    result = run("check", "--today", "2027-09-01", cwd=tmp_path)
    assert result.stdout.splitlines()[-1] == (
        "1 error, 0 warnings in 1 file; 1 waived; severity overrides: licenses.yaml: renewal-horizon=error"
    )


def test_strict_fails_on_warnings(inventory: Path) -> None:
    assert run("check", "--today", "2027-08-30", str(inventory)).returncode == 0
    result = run("check", "--strict", "--today", "2027-08-30", str(inventory))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "0 errors, 1 warning in 1 file"


def test_rules_command() -> None:
    listing = run("rules")
    assert listing.returncode == 0
    ids = [doc.id for doc in docs()]
    lines = listing.stdout.splitlines()
    assert [line.split()[0] for line in lines[: len(ids)]] == ids
    assert lines[len(ids) : len(ids) + 2] == ["", "What the gate guarantees, and what it cannot:"]
    assert "backup-contact     error    A license has fewer than min_backup_contacts" in listing.stdout
    one = run("rules", "backup-contact")
    assert one.returncode == 0
    assert one.stdout.startswith(
        "backup-contact (error by default; waivable: yes)\n\n## What it does\nChecks that every"
    )
    assert "\n## Example\n```yaml\nversion: 1\n" in one.stdout
    assert "\n## How to fix\nList people other than the technical contact" in one.stdout
    missing = run("rules", "no-such-rule")
    assert (missing.returncode, missing.stderr) == (
        2,
        "licensegate: no rule 'no-such-rule'; 'licensegate rules' lists them\n",
    )


def test_readme_documents_every_rule() -> None:
    from checker.ruledoc import help_uri
    from checker.rules import WAIVABLE
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for doc in docs():
        waivable = "yes" if doc.id in WAIVABLE else "no"
        # The anchor is where help_uri points (SARIF's helpUri, Bitbucket annotations' link).
        anchor = f'<a id="rule-{doc.id}"></a>'
        assert f"| {anchor}`{doc.id}` | {doc.severity} | {waivable} | {doc.summary} |" in readme
        assert help_uri(doc.id) == f"https://github.com/licensegate/licensegate/blob/main/README.md#rule-{doc.id}"


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-z0-9_+.-]{1,20}@[A-Za-z0-9.-]{1,30}\.[A-Za-z]{2,8}", fullmatch=True))
def test_plain_addresses_are_ones_email_validator_accepts(address: str) -> None:
    """The shortcut past email-validator may only take addresses it would accept."""
    from email_validator import EmailNotValidError, validate_email

    from checker.addresses import plainly_valid

    if plainly_valid(address):
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as exc:  # pragma: no cover - the failure this test looks for
            pytest.fail(f"{address!r} taken as plainly valid, but email-validator says: {exc}")


@pytest.mark.parametrize(
    ("address", "plain"),
    [
        ("alice.martin@example.com", True),
        ("a_b+c-d@eu.example.co.uk", True),
        ("alice..martin@example.com", False),
        (".alice@example.com", False),
        ("alice@example.test", False),
        ("alice@xn--bcher-kva.com", False),
        ("alice@-example.com", False),
        ("ali ce@example.com", False),
        ("alice@example", False),
        ("\u00e9lise@example.com", False),
    ],
)
def test_plainly_valid(address: str, plain: bool) -> None:
    from checker.addresses import plainly_valid

    assert plainly_valid(address) is plain

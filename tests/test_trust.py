"""The gate cannot be talked out of itself: each attack is one change on a clean base, tried with
real git through `check --base` and through the server's pre-receive hook."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT, dedent, run
from tests.test_git import commit_all, future, git, push

# Renewals a year away (the hooks judge by the real date), a finance mailbox for billing,
# a departed person, and an old contractor address tolerated in an unused legacy mailbox.
BASE = dedent(
    f"""
    version: 1
    policy:
      allowed_domains: [example.com]
    mailboxes:
      - address: atlassian-admins@example.com
        members: [alice.martin@example.com, bob.chen@example.com]
      - address: finance@example.com
        members: [carla.diaz@example.com]
      - address: legacy-tools@example.com
        members: [carla.diaz@example.com, zed.contractor@gmail.com]
    people:
      - email: alice.martin@example.com
        name: Alice Martin
      - email: bob.chen@example.com
        name: Bob Chen
      - email: carla.diaz@example.com
        name: Carla Diaz
      - email: henrik.larsen@example.com
        name: Henrik Larsen
        status: departed
    licenses:
      - id: SEN-12345678
        product: Jira Software
        deployment: cloud
        tier: 500
        renews: {future(365)}
        technical_contact: atlassian-admins@example.com
        backup_contacts: [alice.martin@example.com]
        billing_contact: finance@example.com
    """
)
EXISTING = "licenses.yaml:10:39: error [email-domain]"  # the tolerated contractor address


def edit(*pairs: tuple[str, str]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new)
        return text

    return apply


ATTACKS = {
    "gmail-allowed-and-used": edit(
        ("allowed_domains: [example.com]", "allowed_domains: [example.com, gmail.com]"),
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice.martin@gmail.com]"),
    ),
    "wildcard-allowed-and-used": edit(
        ("allowed_domains: [example.com]", 'allowed_domains: [example.com, "*.co.uk"]'),
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice@lapsed.co.uk]"),
    ),
    "subdomain-wildcard-allowed-and-used": edit(
        ("allowed_domains: [example.com]", 'allowed_domains: [example.com, "*.lapsed.co.uk"]'),
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice@mail.lapsed.co.uk]"),
    ),
    "minimum-lowered-and-used": edit(
        ("allowed_domains: [example.com]", "allowed_domains: [example.com]\n  min_mailbox_members: 1"),
        (
            "members: [alice.martin@example.com, bob.chen@example.com]",
            "members: [alice.martin@example.com]",
        ),
    ),
    "a-person-called-a-mailbox": edit(
        (
            "  - address: finance@example.com\n",
            "  - address: alice.martin@example.com\n    members: [bob.chen@example.com]\n"
            "  - address: finance@example.com\n",
        ),
        ("technical_contact: atlassian-admins@example.com", "technical_contact: alice.martin@example.com"),
    ),
    "a-mailbox-that-lists-itself": edit(
        (
            "members: [alice.martin@example.com, bob.chen@example.com]",
            "members: [alice.martin@example.com, atlassian-admins@example.com]",
        ),
    ),
    "two-mailboxes-listing-each-other": edit(
        (
            "members: [alice.martin@example.com, bob.chen@example.com]",
            "members: [finance@example.com]",
        ),
        (
            "members: [carla.diaz@example.com]\n  - address: legacy",
            "members: [atlassian-admins@example.com]\n  - address: legacy",
        ),
    ),
    "departed-person-made-active-by-a-second-entry": edit(
        (
            "    status: departed\n",
            "    status: departed\n  - email: henrik.larsen@example.com\n    name: Henrik Larsen\n    status: active\n",
        ),
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [henrik.larsen@example.com]"),
    ),
    "directory-deleted": lambda text: (
        text[: text.index("people:")]
        + text[text.index("licenses:") :].replace(
            "backup_contacts: [alice.martin@example.com]", "backup_contacts: [henrik.larsen@example.com]"
        )
    ),
    "departed-status-removed": edit(
        ("    name: Henrik Larsen\n    status: departed\n", "    name: Henrik Larsen\n"),
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [henrik.larsen@example.com]"),
    ),
    "accepted-problem-moved-somewhere-worse": edit(
        (
            "members: [alice.martin@example.com, bob.chen@example.com]",
            "members: [alice.martin@example.com, bob.chen@example.com, zed.contractor@gmail.com]",
        ),
        ("members: [carla.diaz@example.com, zed.contractor@gmail.com]", "members: [carla.diaz@example.com]"),
    ),
    "waived-for-good": lambda text: (
        text.replace("    backup_contacts: [alice.martin@example.com]\n", "")
        + dedent(
            """
        waivers:
          - rule: backup-contact
            license: SEN-12345678
            reason: no time
            owner: alice.martin@example.com
            expires: 9999-12-31
        """
        )
    ),
    "departed-billing-contact": edit(
        ("billing_contact: finance@example.com", "billing_contact: henrik.larsen@example.com"),
    ),
    "empty-mailbox-as-sole-backup": edit(
        ("backup_contacts: [alice.martin@example.com]", "backup_contacts: [finance@example.com]"),
        (
            "members: [carla.diaz@example.com]\n  - address: legacy",
            "members: [henrik.larsen@example.com]\n  - address: legacy",
        ),
    ),
}
# What each attack is caught by: (rule, new) for every finding the change makes new.
CAUGHT = {
    "gmail-allowed-and-used": {("email-domain", True), ("policy-relaxed", True)},
    # '*.co.uk' names no company: a schema finding, and never applied, so nothing is relaxed.
    "wildcard-allowed-and-used": {("email-domain", True), ("schema", True)},
    "subdomain-wildcard-allowed-and-used": {("email-domain", True), ("policy-relaxed", True)},
    "minimum-lowered-and-used": {("shared-mailbox", True), ("policy-relaxed", True)},
    "a-person-called-a-mailbox": {("mailbox-structure", True), ("shared-mailbox", True), ("backup-contact", True)},
    "a-mailbox-that-lists-itself": {("mailbox-structure", True), ("shared-mailbox", True)},
    "two-mailboxes-listing-each-other": {
        ("mailbox-structure", True),
        ("shared-mailbox", True),
        ("departed-contact", True),
    },
    "departed-person-made-active-by-a-second-entry": {("duplicate-entry", True), ("departed-contact", True)},
    "directory-deleted": {("policy-relaxed", True), ("departed-contact", True)},
    "departed-status-removed": {("policy-relaxed", True), ("departed-contact", True)},
    "accepted-problem-moved-somewhere-worse": {("email-domain", True)},
    "waived-for-good": {("waiver-too-long", True), ("policy-relaxed", True), ("backup-contact", True)},
    "departed-billing-contact": {("departed-contact", True)},
    "empty-mailbox-as-sole-backup": {("backup-contact", True), ("departed-contact", True), ("departed-contact", True)},
}


@pytest.fixture
def clean_base(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(BASE)
    commit_all(repo, "A clean inventory")
    return repo


def new_findings(repo: Path) -> set[tuple[str, bool]]:
    result = run("check", "--base", "HEAD", "--format", "json", cwd=repo)
    assert result.stderr == ""
    return {(finding["rule"], finding["new"]) for finding in json.loads(result.stdout)["findings"] if finding["new"]}


def test_the_clean_base_has_only_its_tolerated_finding(clean_base: Path) -> None:
    result = run("check", cwd=clean_base)
    assert result.stdout.startswith(EXISTING)
    assert result.stdout.endswith("1 error, 0 warnings in 1 file\n")


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_fails_change_mode(clean_base: Path, attack: str) -> None:
    path = clean_base / "licenses.yaml"
    path.write_text(ATTACKS[attack](BASE))
    result = run("check", "--base", "HEAD", cwd=clean_base)
    assert result.returncode == 1, result.stdout
    assert new_findings(clean_base) == CAUGHT[attack]


@pytest.fixture
def server(tmp_path: Path) -> tuple[Path, Path]:
    """A bare repository with hooks/pre-receive, and a clone with the clean base pushed (before the
    hook was installed: its tolerated finding predates the gate)."""
    bare = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    (clone / "licenses.yaml").write_text(BASE)
    commit_all(clone, "A clean inventory")
    assert push(clone, "main").returncode == 0
    shutil.copy(ROOT / "hooks" / "pre-receive", bare / "hooks" / "pre-receive")
    return bare, clone


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_is_rejected_by_pre_receive(server: tuple[Path, Path], attack: str) -> None:
    bare, clone = server
    before = git(bare, "rev-parse", "main").stdout
    (clone / "licenses.yaml").write_text(ATTACKS[attack](BASE))
    commit_all(clone, attack)
    result = push(clone, "main")
    assert result.returncode == 1
    assert "remote: licensegate: push rejected: it introduces findings in licenses.yaml (see above)." in result.stderr
    assert git(bare, "rev-parse", "main").stdout == before


def test_a_relaxation_alone_passes_with_a_warning_and_the_next_change_may_use_it(server: tuple[Path, Path]) -> None:
    _, clone = server
    path = clone / "licenses.yaml"
    path.write_text(
        BASE.replace("allowed_domains: [example.com]", "allowed_domains: [example.com, subsidiary.example]")
    )
    commit_all(clone, "Allow the subsidiary's domain")
    result = push(clone, "main")
    assert result.returncode == 0, result.stderr
    assert (
        "remote: licenses.yaml:3:20: warning [policy-relaxed] allowed_domains: 'subsidiary.example' added:"
        " license mail may now go to addresses there"
    ) in result.stderr
    path.write_text(
        path.read_text().replace(
            "members: [carla.diaz@example.com]\n", "members: [carla.diaz@example.com, ines@subsidiary.example]\n"
        )
    )
    path.write_text(
        path.read_text().replace(
            "    name: Carla Diaz\n",
            "    name: Carla Diaz\n  - email: ines@subsidiary.example\n    name: Ines Moreau\n",
        )
    )
    commit_all(clone, "Ines from the subsidiary reads the finance mailbox")
    result = push(clone, "main")
    assert result.returncode == 0, result.stderr
    assert "policy-relaxed" not in result.stderr


def test_a_waiver_takes_effect_only_once_it_has_landed(clean_base: Path) -> None:
    path = clean_base / "licenses.yaml"
    waiver = dedent(
        f"""
        waivers:
          - rule: backup-contact
            license: SEN-12345678
            reason: Alice is on leave; Bob takes over next month
            owner: atlassian-admins@example.com
            expires: {future(30)}
        """
    )
    path.write_text(BASE.replace("    backup_contacts: [alice.martin@example.com]\n", "") + waiver)
    assert new_findings(clean_base) == {("backup-contact", True), ("policy-relaxed", True)}
    path.write_text(BASE + waiver)
    commit_all(clean_base, "The waiver alone")
    path.write_text(BASE.replace("    backup_contacts: [alice.martin@example.com]\n", "") + waiver)
    result = run("check", "--base", "HEAD", cwd=clean_base)
    assert result.returncode == 0, result.stdout
    assert result.stdout.endswith("; 1 waived\n")


def test_history_shows_the_policy_the_waivers_and_the_directory(clean_base: Path) -> None:
    path = clean_base / "licenses.yaml"
    path.write_text(
        ATTACKS["departed-status-removed"](
            BASE.replace(
                "allowed_domains: [example.com]", "allowed_domains: [example.com, gmail.com]\n  min_mailbox_members: 1"
            )
        )
    )
    commit_all(clean_base, "Loosen everything")
    result = run("history", cwd=clean_base)
    lines = result.stdout.splitlines()
    assert lines[2:7] == [
        "  - policy allowed_domains: + gmail.com",
        "  - policy min_mailbox_members: (none) \u2192 1",
        "  - SEN-12345678 backup_contacts: + henrik.larsen@example.com, \u2212 alice.martin@example.com",
        "  - person henrik.larsen@example.com status: departed \u2192 active",
        "",
    ]


def test_diff_shows_every_relaxation(clean_base: Path) -> None:
    path = clean_base / "licenses.yaml"
    path.write_text(
        ATTACKS["departed-status-removed"](
            BASE.replace("allowed_domains: [example.com]", "allowed_domains: [example.com, gmail.com]")
        )
    )
    result = run("diff", cwd=clean_base)
    assert result.stdout.splitlines()[:5] == [
        "### licensegate diff HEAD..working tree (licenses.yaml)",
        "",
        "**This change loosens the rules** (each takes effect once it has landed):",
        "- \u26a0 allowed\\_domains: 'gmail.com' added: license mail may now go to addresses there",
        "- \u26a0 'henrik.larsen@example.com' departed at the base and is no longer marked departed:"
        " still judged departed",
    ]
    data = json.loads(run("diff", "--format", "json", cwd=clean_base).stdout)
    assert len(data["relaxations"]) == 2


def test_every_command_reads_a_policy_file(clean_base: Path) -> None:
    """check, renewals and diff take the policy from --policy; an inventory that keeps one too is an error."""
    policy = clean_base / "policy.yaml"
    policy.write_text("version: 1\npolicy:\n  allowed_domains: [example.com]\n  renewal_warning_days: 400\n")
    inventory = clean_base / "licenses.yaml"
    inventory.write_text(BASE.replace("policy:\n  allowed_domains: [example.com]\n", ""))
    commit_all(clean_base, "The policy moves to its own file")
    checked = run("check", "--policy", "policy.yaml", "--strict", cwd=clean_base)
    assert checked.stdout.splitlines()[-1] == "1 error, 1 warning in 1 file"  # renewal within 400 days
    listed = run("renewals", "--policy", "policy.yaml", "--format", "json", cwd=clean_base)
    assert json.loads(listed.stdout)["within"] == 400
    policy.write_text(policy.read_text().replace("[example.com]", "[example.com, gmail.com]"))
    loosened = json.loads(run("diff", "--policy", "policy.yaml", "--format", "json", cwd=clean_base).stdout)
    assert loosened["relaxations"] == ["allowed_domains: 'gmail.com' added: license mail may now go to addresses there"]
    inventory.write_text(BASE)
    both = run("check", "--policy", "policy.yaml", cwd=clean_base)
    assert both.returncode == 1
    assert both.stdout.startswith("licenses.yaml:2:1: error [schema] the policy comes from policy.yaml: remove this")


def test_a_domain_swapped_in_one_change_allows_neither_until_it_has_landed(clean_base: Path) -> None:
    path = clean_base / "licenses.yaml"
    path.write_text(BASE.replace("allowed_domains: [example.com]", "allowed_domains: [example.org]"))
    result = run("check", "--base", "HEAD", "--format", "json", cwd=clean_base)
    messages = [finding["message"] for finding in json.loads(result.stdout)["findings"] if finding["new"]]
    assert "allowed_domains: 'example.org' added: license mail may now go to addresses there" in messages
    assert (
        "'atlassian-admins@example.com' is outside the allowed domains"
        " (none: the base and this change allow no domain in common): license mail would leave the company"
    ) in messages

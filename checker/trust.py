"""A change is judged by the rules it started with.

In change mode the inventory, the policy and the directory are read at the base and at the
head of the change. The head's licenses, mailboxes and people are judged with whichever of the
two policies and directories is stricter, key by key, so a change cannot loosen a rule and
profit from it at once; and every loosening is itself reported (``policy-relaxed``), so it
lands on its own, visible to the reviewers who own the policy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from checker.finding import Problem, Severity
from checker.model import Directory, Inputs, Inventory, Policy, Waiver

# How strict each severity is; a rule without an override has its default severity.
_RANK = {"off": 0, "warning": 1, "error": 2}
# The policy's numbers, and which way is stricter: True when a larger number is stricter.
_LARGER_IS_STRICTER = {
    "min_backup_contacts": True,
    "min_mailbox_members": True,
    "min_reach": True,
    "renewal_warning_days": True,
    "renewal_error_days": True,
    "max_waiver_days": False,
    "tier_usage_warning": False,
}


NO_COMMON_DOMAIN = "none: the base and this change allow no domain in common"


def _covers(pattern: str, allowed: tuple[str, ...]) -> bool:
    """Whether every domain PATTERN allows is allowed by ALLOWED too (an empty list allows everything)."""
    if not allowed:
        return True
    base = pattern.removeprefix("*.")
    for other in allowed:
        if other == pattern:
            return True
        if other.startswith("*."):
            root = other[2:]
            if base == root or base.endswith("." + root):
                return True
    return False


def _narrowed(pattern: str, allowed: tuple[str, ...]) -> str | None:
    """What is left of a head pattern that the base does not cover: ``*.example.com`` where the
    base allows only ``example.com`` still allows ``example.com``."""
    if pattern.startswith("*.") and pattern[2:] in allowed:
        return pattern[2:]
    return None


def _allowed(base: tuple[str, ...], head: tuple[str, ...]) -> tuple[str, ...]:
    if not base:
        return head
    if not head:
        return base
    kept = [pattern for pattern in head if _covers(pattern, base)]
    kept += [narrow for pattern in head if not _covers(pattern, base) and (narrow := _narrowed(pattern, base))]
    # Nothing in common: no domain is allowed, and messages say why (no address can equal this).
    return tuple(dict.fromkeys(kept)) or (NO_COMMON_DOMAIN,)


def _level(severity: Mapping[str, str], rule: str, defaults: Mapping[str, Severity]) -> str:
    default = defaults.get(rule)
    return severity.get(rule, str(default) if default is not None else "error")


def strictest_policy(base: Policy, head: Policy, defaults: Mapping[str, Severity]) -> Policy:
    numbers = {
        key: (max if larger else min)(getattr(base, key), getattr(head, key))
        for key, larger in _LARGER_IS_STRICTER.items()
    }
    severity = {}
    for rule in dict.fromkeys([*base.severity, *head.severity]):
        was, now = _level(base.severity, rule, defaults), _level(head.severity, rule, defaults)
        stricter = was if _RANK.get(was, 2) >= _RANK.get(now, 2) else now
        default = defaults.get(rule)
        if default is None or stricter != str(default):
            severity[rule] = stricter
    return Policy(allowed_domains=_allowed(base.allowed_domains, head.allowed_domains), severity=severity, **numbers)


def strictest_directory(base: Directory, head: Directory) -> Directory:
    """The head's directory, where everyone who had departed at the base stays departed, and
    a removed people section is replaced by the base's list of who was declared."""
    known = base.known_people if head.people is None and base.declared else frozenset()
    return dataclasses.replace(
        head,
        people=head.people if head.people is not None or not base.declared else [],
        departed_before=base.departed | head.departed_before,
        known_before=known | head.known_before,
    )


def _waiver_key(waiver: Waiver) -> tuple[str | None, str | None]:
    return (waiver.rule, (waiver.license or "").upper() or None)


def strictest_waivers(base: list[Waiver], head: list[Waiver]) -> list[Waiver]:
    """Only the waivers the base had, each until the earlier of its two end dates."""
    before = {_waiver_key(waiver): waiver for waiver in base}
    kept = []
    for waiver in head:
        old = before.get(_waiver_key(waiver))
        if old is None:
            continue
        if old.expires is not None and (waiver.expires is None or old.expires < waiver.expires):
            waiver = waiver._replace(expires=old.expires)
        kept.append(waiver)
    return kept


def strictest(base: Inputs, head: Inputs, defaults: Mapping[str, Severity]) -> Inputs:
    """The head's inputs, judged by the stricter of the base's and the head's rules."""
    return Inputs(
        Inventory(
            head.inventory.licenses,
            head.inventory.waivers,
            strictest_waivers(base.inventory.in_force, head.inventory.in_force),
        ),
        strictest_policy(base.policy, head.policy, defaults),
        strictest_directory(base.directory, head.directory),
    )


class _Where(NamedTuple):
    pointer: str
    message: str


def _policy_relaxations(base: Policy, head: Policy, defaults: Mapping[str, Severity]) -> Iterator[_Where]:
    for pattern in head.allowed_domains:
        if not _covers(pattern, base.allowed_domains):
            yield _Where(
                "/policy/allowed_domains",
                f"allowed_domains: '{pattern}' added: license mail may now go to addresses there",
            )
    if base.allowed_domains and not head.allowed_domains:
        yield _Where("/policy", "allowed_domains removed: license mail may now go to any domain")
    for key, larger in _LARGER_IS_STRICTER.items():
        was, now = getattr(base, key), getattr(head, key)
        if (now < was) if larger else (now > was):
            verb = "lowered" if now < was else "raised"
            yield _Where(f"/policy/{key}", f"{key} {verb} from {was} to {now}")
    for rule in dict.fromkeys([*base.severity, *head.severity]):
        was, now = _level(base.severity, rule, defaults), _level(head.severity, rule, defaults)
        if _RANK.get(now, 2) < _RANK.get(was, 2):
            yield _Where(f"/policy/severity/{rule}", f"severity of {rule} lowered from {was} to {now}")


def _waiver_relaxations(base: list[Waiver], head: list[Waiver]) -> Iterator[_Where]:
    before = {_waiver_key(waiver): waiver for waiver in base}
    for waiver in head:
        old = before.get(_waiver_key(waiver))
        what = f"waiver for {waiver.rule} on {waiver.license}"
        if old is None:
            yield _Where(waiver.pointer, f"{what} added: it takes effect once this change has landed")
        elif old.expires is not None and (waiver.expires is None or waiver.expires > old.expires):
            yield _Where(
                f"{waiver.pointer}/expires",
                f"{what} extended from {old.expires} to {waiver.expires}: the new date takes effect once this"
                " change has landed",
            )


def _directory_relaxations(base: Directory, head: Directory) -> Iterator[_Where]:
    if base.declared and head.people is None:
        yield _Where("", "the people directory was removed: the change is judged with the base's directory")
        return
    if base.file != head.file:
        was = f"the directory file '{base.file}'" if base.file else "this file's own people and mailboxes"
        now = f"'{head.file}'" if head.file else "this file's own sections"
        yield _Where(
            "/directory" if head.file else "/people",
            f"the directory moved from {was} to {now}: whoever had departed there is still judged departed",
        )
    for address in sorted(base.departed - head.departed):
        person = head.person_by_email.get(address)
        pointer = f"{person.pointer}/email" if person is not None else "/people"
        yield _Where(
            pointer, f"'{address}' departed at the base and is no longer marked departed: still judged departed"
        )


def relaxations(base: Inputs, head: Inputs, defaults: Mapping[str, Severity]) -> list[Problem]:
    """Every way the head's rules are looser than the base's, each at the head's key that changed."""
    found = [
        *_policy_relaxations(base.policy, head.policy, defaults),
        *_waiver_relaxations(base.inventory.waivers, head.inventory.waivers),
        *_directory_relaxations(base.directory, head.directory),
    ]
    return [Problem(where.pointer, where.message, subject=where.message) for where in found]

"""``licensegate init``: the starter files of an adopting repository, never over a file that exists.

Every target is looked at before anything is written: one that exists (without --force) or cannot
be a file stops the command with exit 2, naming them all, and nothing is written. Each file is then
written whole (``checker.output.write``: a temporary file renamed over its name).
"""

from __future__ import annotations

import datetime
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from checker import __version__, escape, files, output, starter
from checker.errors import EXIT_OK, UsageError
from checker.ruledoc import REPOSITORY_URL
from checker.starter import Hook, Written

# A CODEOWNERS owner: @user, @org/team, or an email address.
_OWNER = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9_.-]*)(?:/[A-Za-z0-9_.-]+)?|[^@\s#]+@[^@\s#]+\.[^@\s#]+")
# A release's version (1.2.0) is the tag v1.2.0; a build between tags (1.2.1.dev3+g1a2b3c4, and
# .dYYYYMMDD when built from a changed work tree) carries its commit after the 'g'.
_RELEASE = re.compile(r"\d+(?:\.\d+)*")
_NO_VERSION = "0.0.0"
_COMMIT = re.compile(r"\+g([0-9a-f]{7,40})(?:\.|$)")


def hook_rev(version: str) -> str | None:
    """The revision of licensegate's repository that VERSION was built from, or None if it does not say
    (0.0.0 is what a copy without git history, or a source tree never installed, says: no tag)."""
    if _RELEASE.fullmatch(version) and version != _NO_VERSION:
        return f"v{version}"
    commit = _COMMIT.search(version)
    return commit.group(1) if commit else None


def _domains(given: Sequence[str]) -> list[str]:
    from checker import suffixes
    from checker.schema import schema

    if not given:
        raise UsageError("init needs --domain DOMAIN: the mail domain license mail may go to (repeatable)")
    items = schema()["properties"]["policy"]["properties"]["allowed_domains"]["items"]
    pattern = re.compile(items["pattern"])
    domains: list[str] = []
    for domain in given:
        if not pattern.search(domain):
            raise UsageError(
                f"--domain '{domain}' is not a mail domain (example.com, or *.example.com for its subdomains)"
            )
        suffix = suffixes.public_suffix(domain)
        if suffix is not None:
            raise UsageError(f"--domain {suffixes.too_broad_message(domain, suffix)}")
        if domain.lower() not in (seen.lower() for seen in domains):
            domains.append(domain)
    return domains


def _owners(given: Sequence[str]) -> list[str]:
    for owner in given:
        if not _OWNER.fullmatch(owner):
            raise UsageError(f"--codeowners '{owner}' is not a code owner (@user, @org/team or an email address)")
    return list(dict.fromkeys(given))


def _plan(
    *,
    domains: list[str],
    hook: Hook,
    platforms: Sequence[str],
    owners: list[str],
) -> list[Written]:
    from checker.schema import schema_text

    planned = [
        Written(starter.INVENTORY, starter.inventory(domains)),
        Written(starter.SCHEMA, schema_text()),
        Written(starter.PRE_COMMIT_CONFIG, starter.pre_commit_config(hook)),
    ]
    chosen = list(dict.fromkeys(platforms))
    for platform in chosen:
        recipe = starter.RECIPES[platform]
        action = ""
        if platform == "github":
            found = starter.action_name(hook.repository)
            if found is None:
                raise UsageError(
                    f"--ci github: a GitHub Action is named by its repository on GitHub (https://HOST/OWNER/NAME),"
                    f" and the hook repository '{hook.repository}' is not one: give --hook-repo"
                )
            action = found
        planned.append(Written(recipe.path, recipe.text(hook, action)))
    if owners:
        places = list(dict.fromkeys([starter.RECIPES[platform].codeowners for platform in chosen]))
        places = places or [starter.CODEOWNERS]
        # The code owners files too: whoever may edit them may make themselves the policy's owner.
        stanza = starter.codeowners(owners, [*(written.path for written in planned), *places])
        planned.extend(Written(place, stanza) for place in places)
    return planned


def _refuse_existing(folder: str, planned: list[Written], *, force: bool) -> None:
    """Exit 2 before anything is written: every target that exists (without FORCE), or that
    cannot be written as a file (a folder, or under a file)."""
    existing: list[str] = []
    blocked: list[str] = []
    for written in planned:
        target = os.path.join(folder, written.path)
        parts = written.path.split("/")
        parents = [os.path.join(folder, *parts[:depth]) for depth in range(1, len(parts))]
        if os.path.isdir(target) or any(os.path.lexists(p) and not os.path.isdir(p) for p in parents):
            blocked.append(_shown(folder, written.path))
        elif os.path.lexists(target) and not force:
            existing.append(_shown(folder, written.path))
    if blocked:
        raise UsageError(f"{', '.join(blocked)}: cannot be written as a file (a folder, or under a file)")
    if existing:
        raise UsageError(
            f"{', '.join(existing)}: already {'exists' if len(existing) == 1 else 'exist'};"
            " init never overwrites a file (--force replaces it): nothing written"
        )


def _shown(folder: str, path: str) -> str:
    return os.path.normpath(os.path.join(folder, path))


def run(
    folder: str | None,
    *,
    domains: Sequence[str],
    platforms: Sequence[str],
    owners: Sequence[str],
    force: bool,
    hook_repository: str | None,
    hook_revision: str | None,
) -> int:
    folder = folder if folder is not None else "."
    if not os.path.exists(folder):
        raise UsageError(f"{folder}: no such folder")
    if not os.path.isdir(folder):
        raise UsageError(f"{folder}: not a folder")
    top = files.repository_root(os.path.join(folder, starter.INVENTORY))
    if top is not None and top != Path(os.path.realpath(folder)):
        raise UsageError(f"{folder}: inside the git repository {top}: init writes at a repository's top (run it there)")
    if hook_revision is not None and not hook_revision:
        raise UsageError("--hook-rev needs a tag or commit")
    if hook_repository is not None and not hook_repository:
        raise UsageError("--hook-repo needs a repository URL")
    warnings: list[str] = []
    rev = hook_revision if hook_revision is not None else hook_rev(__version__)
    if rev is None:
        rev = f"v{__version__}"
        warnings.append(
            f"licensegate {__version__} does not say which tag or commit it was built from: set rev in"
            f" {starter.PRE_COMMIT_CONFIG} to one (or run init with --hook-rev)"
        )
    hook = Hook(hook_repository or REPOSITORY_URL, rev)
    planned = _plan(domains=_domains(domains), hook=hook, platforms=platforms, owners=_owners(owners))
    _self_check(planned)
    _refuse_existing(folder, planned, force=force)
    for written in planned:  # each line as its file is written: a failure leaves a true account
        target = os.path.join(folder, written.path)
        try:
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{os.path.dirname(target)}: cannot create: {exc.strerror or exc}") from None
        output.write(written.text, output_file=target)
        output.write(f"wrote {escape.terminal(_shown(folder, written.path))}\n")
    for warning in warnings:
        sys.stderr.write(f"licensegate: warning: {escape.terminal(warning)}\n")
    inventory = escape.terminal(_shown(folder, starter.INVENTORY))
    steps = [] if top is not None else ["git init"]
    steps += [
        f"edit {inventory}: your mailboxes, people and licenses (the comments show every key)",
        "licensegate check" if folder == "." else f"licensegate check {inventory}",
        "pre-commit install  (once in each clone: then every commit that changes a YAML file is checked)",
    ]
    output.write("next:\n" + "".join(f"  {number}. {step}\n" for number, step in enumerate(steps, start=1)))
    return EXIT_OK


# The starter names no date, so any day judges it the same.
_ANY_DAY = datetime.date(2000, 1, 1)


def _self_check(planned: list[Written]) -> None:
    """The starter inventory passes check as written; a domain the rules refuse would make it fail."""
    from checker import engine
    from checker.finding import Severity

    (inventory,) = [written for written in planned if written.path == starter.INVENTORY]
    result = engine.check_bytes(inventory.text.encode(), path=starter.INVENTORY, today=_ANY_DAY)
    errors = [finding for finding in result.findings if finding.severity is Severity.ERROR]
    if errors:
        raise UsageError(f"the starter inventory would not pass check: {errors[0].message}")

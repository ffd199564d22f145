"""What ``licensegate init`` writes into an adopting repository: each file's path and text. No I/O.

The CI recipes are the README's (GitHub, GitLab) and this repository's ``bitbucket-pipelines.yml``,
with licensegate installed from the hook repository at the hook's revision instead of ``pip install .``;
``tests/test_init.py`` holds them equal, so they cannot drift. Every value the command line gives is
written as a YAML scalar that reads back as exactly that value (``scalar``), and into a shell command
only shell-quoted, so no value can add a key or a command.
"""

# The recipes are kept as the README and bitbucket-pipelines.yml write them, long shell lines included.
# ruff: noqa: E501

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

import yaml

INVENTORY = "licenses.yaml"
# Beside the inventory, where this repository keeps it too: the modeline is relative to the
# inventory's folder (yaml-language-server resolves it so), so it works wherever the clone is.
SCHEMA = "schema/licenses.schema.json"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
HOOK_ID = "licensegate"

Platform = Literal["github", "gitlab", "bitbucket"]


class Written(NamedTuple):
    """One file ``init`` writes: its path relative to the repository's top, and its text."""

    path: str
    text: str


class Hook(NamedTuple):
    """Where the pre-commit hook and CI install licensegate from."""

    repository: str
    rev: str


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def scalar(value: str, *, context: Literal["key", "item"] = "key") -> str:
    """VALUE as a YAML scalar: plain where YAML reads it back as exactly VALUE (as a mapping's value
    or a list's item, per CONTEXT), else double-quoted (JSON's quoting is YAML's)."""
    if value and not _CONTROL.search(value) and value == value.strip():
        document = f"k: {value}\n" if context == "key" else f"- {value}\n"
        try:
            loaded = yaml.safe_load(document)
        except yaml.YAMLError:
            loaded = None
        if loaded == ({"k": value} if context == "key" else [value]):
            return value
    return json.dumps(value, ensure_ascii=True)


def _shell_word(value: str) -> str:
    """VALUE as one shell word: in double quotes where nothing in it is special there (as the README
    writes requirements), else in single quotes."""
    if re.fullmatch(r"[A-Za-z0-9 ._/@+:~%=,-]*", value):
        return f'"{value}"'
    return shlex.quote(value)


def install_command(hook: Hook) -> str:
    """The CI recipes' install line: licensegate from the hook repository at the hook's revision."""
    return f"pip install {_shell_word(f'licensegate @ git+{hook.repository}@{hook.rev}')}"


# -- licenses.yaml ---------------------------------------------------------------------------------

_INVENTORY = """\
# yaml-language-server: $schema={schema}
#
# The Atlassian license inventory: every license, where its mail goes, and the policy that
# `licensegate check` holds them to (on every commit, through the pre-commit hook). Written by
# `licensegate init`; the first line lets editors with the YAML language server complete and
# explain every key. `licensegate schema` prints the whole format; `licensegate rules` the rules.
version: 1

# What the rules read. allowed_domains: the mail domains license mail may go to ("*.{domain}"
# would also allow its subdomains). The other keys are shown with their defaults.
policy:
  allowed_domains: [{domains}]
  # min_backup_contacts: 1      # backup contacts every license needs
  # min_mailbox_members: 2      # active people a technical-contact mailbox needs
  # min_reach: 2                # distinct active people every license's mail must reach
  # renewal_warning_days: 60    # a renewal this close is a warning
  # renewal_error_days: 14      # a renewal this close, or past, is an error
  # max_waiver_days: 180        # how far ahead a waiver may end
  # tier_usage_warning: 90      # licensegate drift: warn at this percentage of a tier in use

# The shared team mailboxes that receive license mail, and who reads each one.
# mailboxes:
#   - address: atlassian-admins@{domain}
#     description: Atlassian administrators
#     members: [alice.martin@{domain}, bob.chen@{domain}]

# The people who may be contacts; when someone leaves, set status: departed.
# (Or keep people and mailboxes in a directory file: `directory: people.yaml`.)
# people:
#   - email: alice.martin@{domain}
#     name: Alice Martin
#   - email: bob.chen@{domain}
#     name: Bob Chen
#     team: Platform
#     aliases: [bchen@{domain}]

# Every license, one entry each, as My Atlassian and admin.atlassian.com show it.
licenses: []
# licenses:
#   - id: SEN-12345678                 # the Support Entitlement Number
#     product: Jira Software
#     deployment: data-center          # cloud, data-center or server
#     type: commercial
#     tier: 500                        # user tier, or unlimited
#     renews: 2027-09-30               # next renewal or expiry
#     technical_contact: atlassian-admins@{domain}
#     backup_contacts: [alice.martin@{domain}]
#     billing_contact: bob.chen@{domain}
#     site: https://jira.{domain}
#     notes: Production instance
#   - id: SEN-23456789
#     product: Tempo Timesheets
#     deployment: data-center
#     tier: 500
#     renews: 2027-09-30
#     app_of: SEN-12345678             # a Marketplace app: the license it extends
#     technical_contact: atlassian-admins@{domain}
#   - id: E-3XJ-WYD-KA7-HBJ            # cloud: the Entitlement number admin.atlassian.com shows
#     product: Confluence
#     deployment: cloud
#     cloud_id: 8d2b2e4c-52bd-4bde-8e4a-41a6e0b6c1d0   # the site's cloud ID
#     site: example.atlassian.net
#     tier: 100
#     renews: 2027-09-30
#     technical_contact: atlassian-admins@{domain}
#     backup_contacts: [alice.martin@{domain}]

# Time-boxed exceptions to one rule for one license, each with an owner.
# waivers:
#   - rule: backup-contact
#     license: SEN-23456789
#     reason: The app's backup contact starts next month
#     expires: 2027-01-31
#     owner: alice.martin@{domain}
"""


def inventory(domains: Sequence[str]) -> str:
    """The starter inventory: no licenses, the policy's domains, commented examples of every section."""
    example = domains[0].removeprefix("*.")
    listed = ", ".join(scalar(domain, context="item") for domain in domains)
    return _INVENTORY.format(schema=SCHEMA, domains=listed, domain=example)


# -- .pre-commit-config.yaml -----------------------------------------------------------------------


def pre_commit_config(hook: Hook) -> str:
    return (
        "# licensegate checks licenses.yaml on every commit that changes a YAML file (licensegate init).\n"
        "# Run `pre-commit install` once in each clone; `pre-commit autoupdate` moves rev to the latest tag.\n"
        "repos:\n"
        f"  - repo: {scalar(hook.repository)}\n"
        f"    rev: {scalar(hook.rev)}\n"
        "    hooks:\n"
        f"      - id: {HOOK_ID}\n"
    )


# -- CI recipes ------------------------------------------------------------------------------------

# The README's GitHub Actions workflow, word for word but for the action's revision.
GITHUB_WORKFLOW = """\
on: pull_request
jobs:
  licenses:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write  # only for upload-sarif
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # change mode reads the base branch's version
      - uses: {action}
        with:
          base: origin/${{{{ github.base_ref }}}}
          upload-sarif: optional
"""

# The README's GitLab jobs, word for word but for the install line.
GITLAB_JOBS = """\
licenses:merge-request:
  image: python:3.12
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
      changes: ["**/licenses.yaml", "**/licenses.yml"]
  script:
    - {install}
    - git fetch origin "+refs/heads/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME:refs/remotes/origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - licensegate check --all --format gitlab --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" > gl-code-quality-report.json || [ $? -eq 1 ]
    - licensegate check --all --format junit --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" > licensegate.xml
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
      junit: licensegate.xml

licenses:default-branch:
  image: python:3.12
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - {install}
    - licensegate check --all --format gitlab > gl-code-quality-report.json || [ $? -eq 1 ]
    - licensegate check --all
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality-report.json
"""

# This repository's bitbucket-pipelines.yml, but for the install lines (and the comment about them).
BITBUCKET_PIPELINES = """\
# licensegate in Bitbucket Pipelines: every pull request is judged by what it changes (change mode
# against its destination branch), with a Code Insights report and its annotations on the pull
# request; the custom pipeline checks the whole branch, and a schedule runs it every day
# (Repository settings > Pipelines > Schedules: the default branch, "licenses-full-check"), so
# renewals and departures surface even when nobody edits licenses.yaml.
image: python:3.12

pipelines:
  pull-requests:
    "**":
      - step:
          name: licensegate (what the pull request changes)
          script:
            - {install}
            # Pipelines clones the source branch alone: fetch the destination to compare with.
            - git fetch origin "+refs/heads/$BITBUCKET_PR_DESTINATION_BRANCH:refs/remotes/origin/$BITBUCKET_PR_DESTINATION_BRANCH"
            # --all: licensegate lists the inventories through git, so no file name reaches a shell.
            - licensegate check --all --base "origin/$BITBUCKET_PR_DESTINATION_BRANCH"
          after-script:
            # Code Insights, also when the check failed: the report, then its annotations, 100 a
            # request (Bitbucket's limit). The Pipelines proxy authenticates each request: no token.
            - licensegate check --all --format bitbucket --base "origin/$BITBUCKET_PR_DESTINATION_BRANCH" > licensegate-insights.json || true
            - |
              python3 - <<'EOF'
              import json
              with open("licensegate-insights.json") as file:
                  insights = json.load(file)
              with open("licensegate-report.json", "w") as file:
                  json.dump(insights["report"], file)
              annotations = insights["annotations"]
              for start in range(0, len(annotations), 100):
                  with open(f"licensegate-annotations-{{start // 100:02}}.json", "w") as file:
                      json.dump(annotations[start : start + 100], file)
              EOF
            - export REPORT_URL="http://api.bitbucket.org/2.0/repositories/$BITBUCKET_REPO_FULL_NAME/commit/$BITBUCKET_COMMIT/reports/licensegate"
            # A report sent again for the same commit starts afresh: no annotation of the last run stays.
            - curl --silent --show-error --proxy http://localhost:29418 --request DELETE "$REPORT_URL"
            - curl --silent --show-error --fail --proxy http://localhost:29418 --request PUT "$REPORT_URL" --json @licensegate-report.json
            - for batch in licensegate-annotations-*.json; do [ -e "$batch" ] || continue; curl --silent --show-error --fail --proxy http://localhost:29418 --request POST "$REPORT_URL/annotations" --json @"$batch" || exit 1; done

  custom:
    licenses-full-check:
      - step:
          name: licensegate (the whole branch, renewals first)
          script:
            - {install}
            - licensegate renewals
            - licensegate check --all
"""

HEADER = "# Written by `licensegate init` from licensegate's README recipe.\n"

# A GitHub repository's URL, for the action's name (OWNER/NAME), which is all `uses:` takes.
_GITHUB_REPOSITORY = re.compile(r"https://[A-Za-z0-9.-]+/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?")


def action_name(repository: str) -> str | None:
    """OWNER/NAME of a repository URL ``https://HOST/OWNER/NAME[.git]``, or None."""
    match = _GITHUB_REPOSITORY.fullmatch(repository)
    return None if match is None else f"{match.group(1)}/{match.group(2)}"


def github_workflow(hook: Hook, action: str) -> str:
    return HEADER + GITHUB_WORKFLOW.format(action=scalar(f"{action}@{hook.rev}"))


def gitlab_ci(hook: Hook) -> str:
    return HEADER + GITLAB_JOBS.format(install=scalar(install_command(hook), context="item"))


def bitbucket_pipelines(hook: Hook) -> str:
    return BITBUCKET_PIPELINES.format(install=scalar(install_command(hook), context="item"))


class Recipe(NamedTuple):
    path: str
    codeowners: str  # where the platform reads code owners from
    text: Callable[[Hook, str], str]  # (hook, action name) -> the file


RECIPES: dict[str, Recipe] = {
    "github": Recipe(".github/workflows/licensegate.yml", ".github/CODEOWNERS", github_workflow),
    "gitlab": Recipe(".gitlab-ci.yml", "CODEOWNERS", lambda hook, _: gitlab_ci(hook)),
    "bitbucket": Recipe("bitbucket-pipelines.yml", ".bitbucket/CODEOWNERS", lambda hook, _: bitbucket_pipelines(hook)),
}
# Without a platform: the repository's top, where GitHub and GitLab both look.
CODEOWNERS = "CODEOWNERS"


def codeowners(owners: Sequence[str], paths: Sequence[str]) -> str:
    """A CODEOWNERS stanza giving OWNERS the files init wrote: the policy, its schema and the gate."""
    width = max(len(path) for path in paths) + 2
    lines = [f"/{path:<{width}}{' '.join(owners)}" for path in paths]
    return "# licensegate (licensegate init): the inventory and its policy, its schema, and the gate.\n" + "".join(
        f"{line}\n" for line in lines
    )

"""Benchmark: ``licensegate history`` against ``git log -p --follow`` on a long history.

Builds, in a temporary directory, a repository whose ``licenses.yaml`` holds 1,000 licenses
(about 300 KB) and 2,000 commits after the first, each changing one license (a tier, a renewal
date, a technical contact or a backup contact), with ``git fast-import``. Then times, best of
``--runs``:

- ``git log -p --follow -- licenses.yaml`` (the baseline), and
- ``licensegate history`` in text and JSON, as a user runs it (a new process each time).

and prints the times and the ratio history / git log (the target is at most 3).

With ``--aliases``, each mailbox's member list is an anchor and every license's backup contacts
an alias to one (``backup_contacts: *devtools``), so every license is parsed after the mailboxes.

    python bench/history_bench.py [--licenses 1000] [--commits 2000] [--runs 3] [--aliases] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}
PEOPLE = ["alice.martin", "bob.chen", "carla.diaz", "deepak.rao", "emma.schultz", "felix.novak", "grace.obi"]
MAILBOXES = ["atlassian-admins", "devtools", "service-desk-admins"]
PRODUCTS = ["Jira Software", "Confluence", "Bitbucket", "Jira Service Management", "ScriptRunner for Jira"]


def inventory_header(*, aliases: bool) -> str:
    return (
        "# yaml-language-server: $schema=schema/licenses.schema.json\n"
        "version: 1\n\npolicy:\n  allowed_domains: [example.com]\n  min_backup_contacts: 1\n\nmailboxes:\n"
        + "".join(
            f"  - address: {box}@example.com\n    description: The {box} team\n"
            f"    members: {f'&{box} ' if aliases else ''}[{PEOPLE[i]}@example.com, {PEOPLE[i + 1]}@example.com]\n"
            for i, box in enumerate(MAILBOXES)
        )
        + "\npeople:\n"
        + "".join(
            f"  - email: {person}@example.com\n    name: {person.replace('.', ' ').title()}\n    team: Platform\n"
            for person in PEOPLE
        )
        + "\nlicenses:\n"
    )


def license_block(
    number: int, *, tier: int = 500, renews: str = "2027-09-30", box: int = 0, backup: int = 0, aliases: bool = False
) -> str:
    backups = (
        f"*{MAILBOXES[backup % len(MAILBOXES)]}"
        if aliases
        else f"[{PEOPLE[backup % len(PEOPLE)]}@example.com, {PEOPLE[(backup + 1) % len(PEOPLE)]}@example.com]"
    )
    return (
        f"  - id: SEN-{10_000_000 + number}\n"
        f"    product: {PRODUCTS[number % len(PRODUCTS)]}\n"
        f"    deployment: {'cloud' if number % 2 else 'data-center'}\n"
        f"    tier: {tier}\n"
        f"    renews: {renews}\n"
        f"    site: https://site-{number:04d}.example.com\n"
        f"    technical_contact: {MAILBOXES[box % len(MAILBOXES)]}@example.com\n"
        f"    backup_contacts: {backups}\n"
        "    billing_contact: finance@example.com\n"
        "\n"
    )


def fast_import_stream(licenses: int, commits: int, *, aliases: bool) -> bytes:
    state: list[dict[str, Any]] = [
        {"tier": 500, "renews": "2027-09-30", "box": 0, "backup": 0} for _ in range(licenses)
    ]
    out: list[bytes] = []
    start = 1_767_225_600  # 2026-01-01T00:00:00Z
    for index in range(commits + 1):
        if index:
            number = (index * 7919) % licenses
            fields = state[number]
            kind = index % 4
            if kind == 0:
                fields["tier"] += 100
            elif kind == 1:
                fields["renews"] = f"{2028 + index % 5}-{1 + index % 12:02d}-15"
            elif kind == 2:
                fields["box"] += 1
            else:
                fields["backup"] += 1
            message = f"Change SEN-{10_000_000 + number}\n"
        else:
            message = "Add the inventory\n"
        text = inventory_header(aliases=aliases) + "".join(
            license_block(n, **state[n], aliases=aliases) for n in range(licenses)
        )
        content = text.encode()
        when = f"{start + index * 3600} +0100"
        header = (
            f"commit refs/heads/main\nmark :{index + 1}\n"
            f"author Bench <bench@example.com> {when}\ncommitter Bench <bench@example.com> {when}\n"
            f"data {len(message.encode())}\n{message}"
        ).encode()
        out.append(header)
        if index:
            out.append(f"from :{index}\n".encode())
        out.append(f"M 100644 inline licenses.yaml\ndata {len(content)}\n".encode())
        out.append(content)
        out.append(b"\n")
    return b"".join(out)


def build(repo: Path, licenses: int, commits: int, *, aliases: bool) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=ENV)
    stream = fast_import_stream(licenses, commits, aliases=aliases)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=stream, check=True, env=ENV)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True, env=ENV)


def best_of(runs: int, command: list[str], cwd: Path) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, env=ENV, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--licenses", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--aliases", action="store_true", help="backup contacts as aliases to mailbox members")
    parser.add_argument("--keep", action="store_true", help="keep the repository and print where it is")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="licensegate-bench-"))
    repo = workdir / "repo"
    try:
        began = time.perf_counter()
        build(repo, args.licenses, args.commits, aliases=args.aliases)
        size = (repo / "licenses.yaml").stat().st_size
        print(
            f"repository: {args.commits + 1} commits, {args.licenses} licenses, {size / 1000:.0f} KB file"
            f" (built in {time.perf_counter() - began:.1f} s)"
        )
        licensegate = [sys.executable, "-m", "checker", "history"]
        git_log = best_of(args.runs, ["git", "log", "-p", "--follow", "--", "licenses.yaml"], repo)
        text = best_of(args.runs, licensegate, repo)
        as_json = best_of(args.runs, [*licensegate, "--format", "json"], repo)
        print(f"git log -p --follow -- licenses.yaml   {git_log:6.2f} s")
        print(f"licensegate history                    {text:6.2f} s")
        print(f"licensegate history --format json      {as_json:6.2f} s")
        print(f"ratio history / git log: {text / git_log:.2f} (json: {as_json / git_log:.2f}; target: at most 3)")
    finally:
        if args.keep:
            print(f"kept: {repo}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: ``licensegate directory import`` against ``json.load`` of the same files.

Generates, in a temporary directory, a Microsoft Graph export of ``--users`` users (50,000 by
default) in pages of 999 (Graph's largest ``$top`` for users), with the properties the README's
recipe selects (``id``, ``displayName``, ``mail``, ``userPrincipalName``, ``proxyAddresses``,
``accountEnabled``, ``department``), ``@odata.count`` on the first page and ``@odata.nextLink``
on all but the last; ``--groups`` mail-enabled groups (200) in one groups page, and one members
page each (``<group id>.members.json``, 100 members). Then times, best of ``--runs``, each a new
process as a scheduled job runs it:

- ``python -c 'json.load every file'`` (the baseline: reading the export and nothing else),
- ``licensegate directory import graph FILE... -o people.yaml`` with no previous file (the first
  import), and
- the same with the previous file in place and the export unchanged (every later import: the
  previous directory is read, compared, and left alone),

and prints the times and the ratios import / json.load (the target is at most 4).

    python bench/directory_import.py [--users 50000] [--groups 200] [--runs 5] [--keep]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

JSON_LOAD = "import json, sys\nfor path in sys.argv[1:]:\n    json.load(open(path, 'rb'))"
PAGE = 999
MEMBERS = 100
DEPARTMENTS = ["Platform", "Sales", "Finance", "Support", "Legal", "Marketing", "Research & Development"]
GIVEN = ["Alice", "Bob", "Carla", "Deepak", "Emma", "Felix", "Grace", "Hiro", "Ines", "José"]
FAMILY = ["Martin", "Chen", "Diaz", "Rao", "Schultz", "Novak", "Obi", "Tanaka", "Silva", "Ñúñez"]


def user(number: int, rng: Any) -> dict[str, Any]:
    given, family = GIVEN[number % 10], FAMILY[number // 10 % 10]
    mail = f"{given.lower()}.{family.lower()}.{number}@example.com"
    short = f"{given[0].lower()}{family.lower()}{number}@example.com"
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "displayName": f"{given} {family}",
        "mail": mail,
        "userPrincipalName": short,
        "proxyAddresses": [f"SMTP:{mail}", f"smtp:{short}", f"smtp:{number}@example.onmicrosoft.com"],
        "accountEnabled": number % 20 != 0,
        "department": DEPARTMENTS[number % len(DEPARTMENTS)],
    }


def generate(folder: Path, users: int, groups: int) -> list[Path]:
    import random

    rng = random.Random(13)
    people = [user(number, rng) for number in range(users)]
    files = []
    pages = [people[start : start + PAGE] for start in range(0, users, PAGE)]
    for number, page in enumerate(pages, 1):
        data: dict[str, Any] = {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users"}
        if number == 1:
            data["@odata.count"] = users
        if number < len(pages):
            data["@odata.nextLink"] = f"https://graph.microsoft.com/v1.0/users?$top={PAGE}&$skiptoken=page{number + 1}"
        data["value"] = page
        files.append(folder / f"users.{number}.json")
        files[-1].write_text(json.dumps(data))
    group_list = []
    for number in range(groups):
        identifier = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        group_list.append(
            {
                "id": identifier,
                "displayName": f"Team {number}",
                "mail": f"team-{number}@example.com",
                "description": f"The shared mailbox of team {number}",
            }
        )
        members = [people[(number * MEMBERS + offset) % users] for offset in range(MEMBERS)]
        path = folder / f"{identifier}.members.json"
        path.write_text(
            json.dumps(
                {
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                    "value": [
                        {"@odata.type": "#microsoft.graph.user", "id": member["id"], "mail": member["mail"]}
                        for member in members
                    ],
                }
            )
        )
        files.append(path)
    files.append(folder / "groups.1.json")
    files[-1].write_text(
        json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups", "value": group_list})
    )
    return files


def best_of(runs: int, command: list[str], cwd: Path, *, before: Any = None) -> float:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        began = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--groups", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the export and print where it is")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="licensegate-bench-"))
    try:
        files = generate(folder, args.users, args.groups)
        size = sum(path.stat().st_size for path in files)
        print(f"export: {args.users:,} users, {args.groups} groups, {len(files)} files, {size / 1e6:.1f} MB")
        names = [path.name for path in files]
        baseline = [
            sys.executable,
            "-c",
            "import json, sys\nfor p in sys.argv[1:]:\n    json.load(open(p, 'rb'))",
            *names,
        ]
        licensegate = [sys.executable, "-m", "checker", "directory", "import", "graph", *names, "-o", "people.yaml"]
        target = folder / "people.yaml"
        json_load = best_of(args.runs, baseline, folder)
        first = best_of(args.runs, licensegate, folder, before=lambda: target.unlink(missing_ok=True))
        again = best_of(args.runs, licensegate, folder)
        print(f"directory file: {target.stat().st_size / 1e6:.1f} MB")
        print(f"json.load of every file                   {json_load:6.2f} s")
        print(f"directory import, first (no previous)     {first:6.2f} s   ratio {first / json_load:.2f}")
        print(f"directory import, again (previous, same)  {again:6.2f} s   ratio {again / json_load:.2f}")
        print("target: at most 4")
    finally:
        if args.keep:
            print(f"kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

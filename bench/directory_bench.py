"""The directory's cost: a large directory file, and many unknown addresses against it (issue 13).

    python bench/directory_bench.py [--runs N]

Two ratios, each the median of N paired runs of the console script (whole process, start-up
included), printed next to its target:

- `check` of 5,000 licenses with a 10,000-person, 500-group directory file, against the same
  inventory with a 100-person directory file (target: at most 1.25);
- 1,000 unknown addresses (not in the directory, not typos) against a 10,000-person directory,
  against the same inventory with those addresses known (target: at most 1.5). Before the typo
  index, 100 unknown addresses took 29 s: each was compared with every entry of its domain.

Run by hand; no test times anything.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIRST = ["alice", "bob", "carla", "deepak", "emma", "felix", "grace", "henrik", "ines", "jonas", "kira", "liam"]
LAST = ["martin", "chen", "diaz", "rao", "schultz", "novak", "obi", "larsen", "silva", "berg", "ito", "walsh"]
TEAMS = 40  # the mailboxes licenses use; the large directory has 460 more groups


def people(count: int) -> list[str]:
    return [f"{FIRST[n % 12]}.{LAST[(n // 12) % 12]}{n // 144 or ''}@example.com" for n in range(count)]


def directory(count: int, groups: int, rng: random.Random) -> str:
    """A directory file as 'licensegate directory import' writes one: comment lines, then JSON
    with one entry per line (JSON is YAML, and the loader reads it with json)."""
    everyone = people(count)
    entries = []
    for index, address in enumerate(everyone):
        person = {"email": address, "name": address.split("@")[0].replace(".", " ").title(), "team": "Platform"}
        if index % 7 == 0:
            person["aliases"] = [address.replace(".", "_", 1)]
        entries.append(person)
    boxes = []
    for n in range(groups):
        members = rng.sample(everyone[:100] if n < TEAMS else everyone, 3 if n < TEAMS else min(20, count))
        boxes.append({"address": f"team-{n:03d}@example.com", "group": f"Team {n:03d}", "members": sorted(members)})
    people_lines = ",\n".join("    " + json.dumps(entry) for entry in entries)
    box_lines = ",\n".join("    " + json.dumps(entry) for entry in boxes)
    return (
        f"# Written by bench/directory_bench.py\n{{\n  \"version\": 1,\n  \"people\": [\n{people_lines}\n  ],\n"
        f"  \"mailboxes\": [\n{box_lines}\n  ]\n}}\n"
    )


def inventory(count: int, rng: random.Random, *, unknown: int = 0) -> str:
    known = people(100)
    strangers = [f"stranger{n:04d}.zz@example.com" for n in range(unknown)]
    out = ["version: 1", "policy:", "  allowed_domains: [example.com]", "directory: people.yaml", "licenses:"]
    for index in range(count):
        backups = [strangers.pop(), strangers.pop()] if len(strangers) >= 2 else rng.sample(known, 2)
        out += [
            f"  - id: SEN-{10_000_000 + index}",
            "    product: Jira Software",
            "    deployment: cloud",
            "    tier: 500",
            f"    renews: 2028-0{1 + index % 9}-15",
            f"    technical_contact: team-{rng.randrange(TEAMS):03d}@example.com",
            f"    backup_contacts: [{', '.join(backups)}]",
        ]
    return "\n".join(out) + "\n"


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def ratio(a: Path, b: Path, runs: int) -> tuple[float, float, float]:
    """Median seconds of A and B, and the median of the pairwise ratios A/B."""
    licensegate = shutil.which("licensegate", path=str(Path(sys.executable).parent)) or "licensegate"
    command = [licensegate, "check", "--today", "2026-11-26", "licenses.yaml"]
    timed(command, a), timed(command, b)  # warm the caches
    pairs = [(timed(command, a), timed(command, b)) for _ in range(runs)]
    return (
        statistics.median(x for x, _ in pairs),
        statistics.median(y for _, y in pairs),
        statistics.median(x / y for x, y in pairs),
    )


def main() -> int:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cases = {
            "large": (inventory(5_000, random.Random(1)), directory(10_000, 500, random.Random(2))),
            "small": (inventory(5_000, random.Random(1)), directory(100, TEAMS, random.Random(2))),
            "unknown": (inventory(500, random.Random(3), unknown=1_000), directory(10_000, 500, random.Random(2))),
            "known": (inventory(500, random.Random(3)), directory(10_000, 500, random.Random(2))),
        }
        for name, (licenses, people_file) in cases.items():
            (root / name).mkdir()
            (root / name / "licenses.yaml").write_text(licenses)
            (root / name / "people.yaml").write_text(people_file)
        print(f"machine: {os.cpu_count()} cores, median of {runs} paired runs")
        for label, a, b, target in (
            ("5,000 licenses: 10,000-person vs 100-person directory", "large", "small", 1.25),
            ("1,000 unknown vs none, 10,000-person directory", "unknown", "known", 1.5),
        ):
            seconds_a, seconds_b, found = ratio(root / a, root / b, runs)
            passed = found <= target
            ok &= passed
            print(
                f"  {label:<58} {seconds_a:6.2f} s / {seconds_b:6.2f} s = {found:5.2f}"
                f"  (target <= {target})  {'ok' if passed else 'MISSED'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

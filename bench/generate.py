"""Realistic synthetic inventories for the benchmarks.

    python bench/generate.py N > licenses.yaml

N licenses (about a fifth of them Marketplace apps of an earlier product license),
a few hundred people, tens of shared mailboxes, renewal dates spread over three
years, and a sprinkling of findings (about one license in 200: a departed backup,
an external address, a typo'd domain, an app tier below its host's), so the
checker does real work and reports real positions. Deterministic for a given N.
"""

from __future__ import annotations

import datetime
import random
import sys

PRODUCTS = ["Jira Software", "Confluence", "Jira Service Management", "Bitbucket", "Statuspage", "Compass"]
APPS = ["Tempo Timesheets", "ScriptRunner for Jira", "Xray Test Management", "draw.io Diagrams", "Gliffy"]
FIRST = ["alice", "bob", "carla", "deepak", "emma", "felix", "grace", "henrik", "ines", "jonas", "kira", "liam"]
LAST = ["martin", "chen", "diaz", "rao", "schultz", "novak", "obi", "larsen", "silva", "berg", "ito", "walsh"]


def generate(count: int, *, seed: int = 7) -> str:
    rng = random.Random(seed)
    people = [f"{first}.{last}{n or ''}@example.com" for n in range(3) for first in FIRST for last in LAST][:300]
    departed = set(rng.sample(people, 15))
    mailboxes = [f"team-{n:02d}@example.com" for n in range(40)]
    out = [
        "# yaml-language-server: $schema=schema/licenses.schema.json",
        "version: 1",
        "policy:",
        "  allowed_domains: [example.com]",
        "mailboxes:",
    ]
    for address in mailboxes:
        members = rng.sample([p for p in people if p not in departed], 3)
        out += [
            f"  - address: {address}",
            f"    description: Team mailbox {address[5:7]}",
            f"    members: [{', '.join(members)}]",
        ]
    out.append("people:")
    for address in people:
        name = address.split("@")[0].replace(".", " ").title()
        out += [f"  - email: {address}", f"    name: {name}"]
        if address in departed:
            out.append("    status: departed")
    out.append("licenses:")
    start = datetime.date(2027, 1, 1)
    hosts: list[tuple[str, int]] = []
    for index in range(count):
        sen = f"SEN-{10_000_000 + index}"
        renews = start + datetime.timedelta(days=rng.randrange(0, 3 * 365))
        backups = rng.sample([p for p in people if p not in departed], 2)
        tier = rng.choice([10, 25, 50, 100, 250, 500, 1000, 2000])
        technical = rng.choice(mailboxes)
        app_of = None
        if hosts and rng.random() < 0.2:
            app_of, tier = rng.choice(hosts)
            product = rng.choice(APPS)
        else:
            product = rng.choice(PRODUCTS)
            hosts.append((sen, tier))
        trouble = rng.random()
        if trouble < 0.002:
            backups[0] = rng.choice(sorted(departed))
        elif trouble < 0.004:
            backups[0] = f"contractor{index}@gmail.com"
        elif trouble < 0.006:
            backups[0] = backups[0].replace("example.com", "exmaple.com")
        elif trouble < 0.008 and app_of:
            tier = 5
        out += [f"  - id: {sen}", f"    product: {product}"]
        if app_of:
            out.append(f"    app_of: {app_of}")
        out += [
            f"    deployment: {rng.choice(['cloud', 'cloud', 'cloud', 'data-center'])}",
            f"    tier: {tier}",
            f"    renews: {renews.isoformat()}",
            f"    technical_contact: {technical}",
            f"    backup_contacts: [{', '.join(backups)}]",
            "    billing_contact: finance@example.com",
        ]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1])))

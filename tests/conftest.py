from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker import engine
from checker.finding import Finding

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TODAY = datetime.date(2026, 11, 26)

# A valid inventory to edit in tests: its line numbers are part of the tests that use it.
VALID = """\
version: 1
policy:
  allowed_domains: [example.com]
mailboxes:
  - address: atlassian-admins@example.com
    members: [alice.martin@example.com, bob.chen@example.com]
people:
  - email: alice.martin@example.com
    name: Alice Martin
  - email: bob.chen@example.com
    name: Bob Chen
licenses:
  - id: SEN-12345678
    product: Jira Software
    deployment: cloud
    tier: 500
    renews: 2027-09-30
    technical_contact: atlassian-admins@example.com
    backup_contacts: [alice.martin@example.com]
"""


def findings(text: str | bytes, *, today: datetime.date = TODAY) -> list[Finding]:
    raw = text.encode() if isinstance(text, str) else text
    return engine.check_bytes(raw, path="licenses.yaml", today=today).findings


def where(text: str | bytes, **kwargs: datetime.date) -> list[tuple[str, int, int]]:
    return [(f.rule, f.line, f.column) for f in findings(text, **kwargs)]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def licensegate_command() -> list[str]:
    """The installed console script beside the running interpreter."""
    script = Path(sys.executable).parent / "licensegate"
    if script.exists():
        return [str(script)]
    found = shutil.which("licensegate")
    assert found, "the licensegate console script is not installed"
    return [found]


def run(
    *args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "LICENSEGATE_DEBUG")}
    full_env.update(env or {})
    return subprocess.run(
        [*licensegate_command(), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "licenses.yaml"
    path.write_text(VALID)
    return path

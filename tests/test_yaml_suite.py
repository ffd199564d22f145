"""The official YAML test suite's 402 documents: each gives findings or a clean pass, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.finding import Severity
from tests.conftest import DATA, findings, run

# Invalid documents that libyaml 0.2.5 reads anyway (it is lenient about some
# indentation and directive errors); each still gets findings.
LIBYAML_ACCEPTS = {
    "9C9N.error.yaml",
    "DK95-01.error.yaml",
    "MUS6-00.error.yaml",
    "QB6E.error.yaml",
    "S98Z.error.yaml",
    "SU5Z.error.yaml",
    "X4QW.error.yaml",
}
SUITE = sorted((DATA / "yaml-test-suite").glob("*.yaml"))


def test_suite_is_present() -> None:
    assert len(SUITE) == 402


@pytest.mark.parametrize("path", SUITE, ids=[path.name for path in SUITE])
def test_document(path: Path) -> None:
    result = findings(path.read_bytes())
    # Nothing in the suite is an inventory: every document gets at least one error.
    assert any(f.severity is Severity.ERROR for f in result)
    assert all(f.line >= 1 and f.column >= 1 for f in result)
    if path.name.endswith(".error.yaml") and path.name not in LIBYAML_ACCEPTS:
        assert {f.rule for f in result} & {"yaml-syntax", "yaml-structure", "yaml-encoding", "yaml-limits"}


def test_whole_suite_through_the_console_script() -> None:
    result = run("check", "--format", "json", *map(str, SUITE))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ""

"""Schema violations: one finding each, at the value that is wrong, with a message for people."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.schema import schema, schema_text
from tests.conftest import ROOT, VALID, findings


def edit(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edit("    tier: 500\n", "    teir: 500\n"),
            [(16, 5, "/licenses/0/teir", "unknown key 'teir' (did you mean 'tier'?)")],
            id="typo-key",
        ),
        pytest.param(
            edit("    tier: 500\n", "    tier: -5\n"),
            [(16, 11, "/licenses/0/tier", "'tier' must be a positive integer or \"unlimited\", got -5")],
            id="negative-tier",
        ),
        pytest.param(
            edit("    tier: 500\n", "    tier: lots\n"),
            [(16, 11, "/licenses/0/tier", "'tier' must be a positive integer or \"unlimited\", got 'lots'")],
            id="word-tier",
        ),
        pytest.param(
            edit("renews: 2027-09-30", "renews: 2027-02-30"),
            [(17, 13, "/licenses/0/renews", "'renews' must be a date written YYYY-MM-DD, got '2027-02-30'")],
            id="invalid-date",
        ),
        pytest.param(
            edit("renews: 2027-09-30", "renews: 30/09/2027"),
            [(17, 13, "/licenses/0/renews", "'renews' must be a date written YYYY-MM-DD, got '30/09/2027'")],
            id="date-format",
        ),
        pytest.param(
            edit("deployment: cloud", "deployment: clod"),
            [
                (
                    15,
                    17,
                    "/licenses/0/deployment",
                    "'deployment' must be one of cloud, data-center, server, got 'clod' (did you mean 'cloud'?)",
                )
            ],
            id="enum",
        ),
        pytest.param(
            edit("id: SEN-12345678", "id: SEN-1234"),
            [
                (
                    13,
                    9,
                    "/licenses/0/id",
                    '\'id\' must be a SEN ("SEN-", an optional "L", then 6 to 10 digits) or an Entitlement number'
                    " (such as E-3XJ-WYD-KA7-HBJ), got 'SEN-1234'",
                )
            ],
            id="sen-pattern",
        ),
        pytest.param(
            edit("    technical_contact: atlassian-admins@example.com\n", ""),
            [(13, 5, "/licenses/0", "missing required key 'technical_contact'")],
            id="missing-required",
        ),
        pytest.param(
            edit("    name: Bob Chen\n", "    name: Bob Chen\n    status: no\n"),
            [
                (
                    12,
                    13,
                    "/people/1/status",
                    "'status' must be one of active, departed, got false"
                    " (YAML reads the unquoted no as false: write it in quotes, 'no')",
                )
            ],
            id="yaml-1.1-boolean",
        ),
        pytest.param(
            edit("product: Jira Software", "product: 12:30"),
            [
                (
                    14,
                    14,
                    "/licenses/0/product",
                    "'product' must be text, got 750"
                    " (YAML reads the unquoted 12:30 as 750: write it in quotes, '12:30')",
                )
            ],
            id="yaml-1.1-sexagesimal",
        ),
        pytest.param(
            edit("backup_contacts: [alice.martin@example.com]", "backup_contacts: [alice.martin@example.com, 7]"),
            [(19, 49, "/licenses/0/backup_contacts/1", "'backup_contacts' entry 2 must be an email address, got 7")],
            id="list-entry",
        ),
        pytest.param(
            edit("version: 1", "version: 2"),
            [(1, 10, "/version", "'version' must be 1, got 2")],
            id="version",
        ),
        pytest.param(
            edit("  allowed_domains: [example.com]", "  allowed_domains: []"),
            [(3, 20, "/policy/allowed_domains", "'allowed_domains' must not be empty")],
            id="empty-domains",
        ),
    ],
)
def test_schema_findings(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    result = findings(text)
    assert all(f.rule == "schema" for f in result)
    assert [(f.line, f.column, f.pointer, f.message) for f in result] == expected


def test_done_when_four_mistakes_give_four_findings() -> None:
    text = (
        VALID.replace("    tier: 500\n", "    teir: 500\n")
        .replace("deployment: cloud", "deployment: [cloud]")
        .replace("    renews: 2027-09-30\n", "    renews: 2027-02-30\n    product: Jira\n")
    )
    assert [(f.rule, f.line, f.column) for f in findings(text)] == [
        ("schema", 15, 17),  # wrong type
        ("schema", 16, 5),  # typo'd key
        ("schema", 17, 13),  # invalid date
        ("duplicate-key", 18, 5),
    ]


def test_every_violation_is_reported() -> None:
    text = edit("tier: 500", "tier: 0").replace("deployment: cloud", "deployment: moon")
    assert [(f.line, f.pointer) for f in findings(text)] == [(15, "/licenses/0/deployment"), (16, "/licenses/0/tier")]


def test_schema_describes_every_property() -> None:
    def walk(node: object, path: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub or "title" not in sub:
                    missing.append(f"{path}/{name}")
            if node.get("type") == "object" and "propertyNames" not in node:  # a record, not a map
                assert node.get("additionalProperties") is False, path
            for key, sub in node.items():
                missing += walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for index, sub in enumerate(node):
                missing += walk(sub, f"{path}/{index}")
        return missing

    loaded = schema()
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert loaded["$id"]
    assert walk(loaded, "") == []


def test_packaged_schema_is_the_top_level_file() -> None:
    assert schema_text() == (ROOT / "schema" / "licenses.schema.json").read_text()
    json.loads(schema_text())


def test_fast_validator_is_up_to_date() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "schema" / "build_fast_validator.py"), "--check"], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(
        [
            "",
            "x",
            "SEN-12345678",
            "SEN-L1234567",
            "2027-02-29",
            "2028-02-29",
            "2027-13-01",
            "2027-01-01\n",
            "a@b",
            "a@b@c",
            "@b",
            "a@",
            "unlimited",
            "cloud",
            "server",
            "off",
            "warning",
            "example.com",
            "*.example.com",
            "backup-contact",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["id", "product", "tier", "renews", "address", "members", "email", "name", "status", "rule", "x"]
            ),
            children,
            max_size=3,
        )
    ),
    max_leaves=6,
)


def _pointers(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _pointers(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _pointers(value, (*prefix, index))
    return found


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_fast_path_never_passes_what_jsonschema_rejects(data: st.DataObject) -> None:
    """The generated validator may be stricter than jsonschema (it then asks jsonschema), never laxer."""
    import copy

    from fastjsonschema import JsonSchemaException

    from checker import _fast_schema, document
    from checker.schema import validator

    loaded = document.load(VALID.encode()).document
    assert loaded is not None
    inventory = copy.deepcopy(loaded.data)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_pointers(inventory)[1:]))
        parent: Any = inventory  # a mapping or a list, as the pointer walks down the YAML tree
        for token in path[:-1]:
            parent = parent[token]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            parent.pop(path[-1])
        else:
            parent[path[-1]] = data.draw(JSON_VALUES)
    try:
        _fast_schema.validate_inventory(inventory)
    except JsonSchemaException:
        return
    assert list(validator().iter_errors(inventory)) == []


@pytest.mark.parametrize("name", ["VALID", "shipped"])
def test_fast_path_passes_valid_inventories(name: str) -> None:
    from checker import _fast_schema, document

    raw = VALID.encode() if name == "VALID" else (ROOT / "licenses.yaml").read_bytes()
    loaded = document.load(raw).document
    assert loaded is not None
    _fast_schema.validate_inventory(loaded.data)  # raises if the fast path would not be taken


def test_a_leap_day_takes_the_slow_path_and_is_valid() -> None:
    from fastjsonschema import JsonSchemaException

    from checker import _fast_schema, document

    text = VALID.replace("renews: 2027-09-30", "renews: 2028-02-29")
    loaded = document.load(text.encode()).document
    assert loaded is not None
    with pytest.raises(JsonSchemaException):
        _fast_schema.validate_inventory(loaded.data)
    assert findings(text) == []

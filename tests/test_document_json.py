"""The loader's JSON path: a file written as JSON reads exactly as the YAML composer reads it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import document
from checker.document import _as_json, _Composer

SUITE = sorted((Path(__file__).resolve().parent / "data" / "yaml-test-suite").glob("*.yaml"))

SCALARS = (
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    | st.integers(-(10**17), 10**17)
    | st.booleans()
    | st.none()
    | st.floats(allow_nan=True)
    | st.sampled_from(["yes", "no", "~", "2027-02-30", "0x1F", "1e3", "#", "&a", "*a", "!tag", "'", '"', "a: b"])
)
DATA = st.dictionaries(
    st.text(max_size=8),
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
        max_leaves=20,
    ),
    max_size=6,
)


def composed(text: str) -> document.LoadResult:
    return _Composer(text).run()


def assert_same_reading(text: str) -> None:
    fast = _as_json(text)
    if fast is None:
        return
    slow = composed(text)
    assert slow.problems == []
    assert slow.document is not None
    assert (fast.data, fast.plain_text) == (slow.document.data, slow.document.plain_text)
    for pointer, where in slow.document.locations.items():
        assert fast.position(pointer) == where
    for pointer, where in slow.document.key_locations.items():
        assert fast.position(pointer, at_key=True) == where


@settings(max_examples=500, deadline=None)
@given(
    data=DATA,
    indent=st.sampled_from([None, 1, 2]),
    separators=st.sampled_from([(", ", ": "), (",", ":"), (",", ": ")]),
    header=st.lists(st.text(alphabet="abc #:-", max_size=10).map(lambda t: "#" + t), max_size=2),
    ascii_only=st.booleans(),
)
def test_json_reads_as_the_composer_reads_it(
    data: dict[str, Any], indent: int | None, separators: tuple[str, str], header: list[str], ascii_only: bool
) -> None:
    body = json.dumps(data, indent=indent, separators=separators, ensure_ascii=ascii_only)
    assert_same_reading("".join(line + "\n" for line in header) + body + "\n")


@pytest.mark.parametrize("path", SUITE, ids=[path.name for path in SUITE])
def test_the_yaml_suite_reads_the_same_either_way(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert_same_reading(text)


def test_the_json_path_is_taken_for_a_plain_directory_file() -> None:
    text = "# header\nversion: 1\n"
    assert _as_json(text) is None  # block YAML: the composer
    text = (
        "# Written by licensegate directory import\n"
        '{"version": 1,\n "people": [\n  {"email": "a@example.com", "name": "Ä"}\n ]}\n'
    )
    fast = _as_json(text)
    assert fast is not None
    assert fast.data == {"version": 1, "people": [{"email": "a@example.com", "name": "Ä"}]}
    assert fast.position("/people/0/name") == (4, 38)
    assert fast.position("/people/0/name", at_key=True) == (4, 30)


@pytest.mark.parametrize(
    "body",
    [
        '{"a": 1, "a": 2}',  # the composer reports the repeated key
        '{"a": "x\\ty"}',  # escapes
        '{"a": 1.5}',  # numbers other than short integers
        '{"a": 12345678901234567890}',
        '{"a": NaN}',
        '{"a": -0}',
        '{"a":\t1}',
        '{"a": "x"}\n# trailing comment',
        "[1, 2]",
        '{"a": "\u2028"}',
        "{" * 40 + "}" * 40,
    ],
)
def test_anything_else_goes_through_the_composer(body: str) -> None:
    assert _as_json(body) is None
    assert document.load(body.encode()).document is None or document.load(body.encode()).problems is not None

"""One reading of YAML: every document the loader accepts reads as ``yaml.safe_load`` reads it.

Normalisation: licensegate keeps dates as text (the JSON model), so a ``datetime.date`` from
``yaml.safe_load`` is compared as its ISO text, which is the text as written (YAML 1.1 reads
only ``YYYY-MM-DD`` as a date). Documents where ``yaml.safe_load`` returns a
``datetime.datetime`` are excluded: their ISO text is not always the text written. Values are
compared with their types (``1``, ``1.0`` and ``true`` differ) and NaN equals NaN.
"""

from __future__ import annotations

import datetime
import math
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.document import load
from tests.conftest import DATA, VALID, dedent, findings, where

SUITE = sorted((DATA / "yaml-test-suite").glob("*.yaml"))


class _HasDatetime(Exception):
    pass


def typed(value: Any) -> Any:
    """The value with every scalar tagged by its type, dates as their ISO text."""
    if isinstance(value, dict):
        return {typed(key): typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    if isinstance(value, datetime.datetime):
        raise _HasDatetime
    if isinstance(value, datetime.date):
        return ("str", value.isoformat())
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def divergence(text: str | bytes) -> str | None:
    """Why the loader's data differs from yaml.safe_load's, for a document the loader accepts."""
    raw = text.encode() if isinstance(text, str) else text
    result = load(raw)
    if result.document is None or result.problems:
        return None
    try:
        expected = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        return f"licensegate accepts it, yaml.safe_load raises {exc!r}"
    try:
        reference = typed(expected)
    except _HasDatetime:
        return None
    got = typed(result.document.data)
    return None if got == reference else f"licensegate reads {result.document.data!r}, yaml.safe_load {expected!r}"


def accepted(text: str) -> bool:
    result = load(text.encode())
    return result.document is not None and not result.problems


# -- Generated documents with anchors, aliases and merge keys -------------------------------------

KEYS = ("x", "y", "key", "name", "technical_contact", "'<<'", '"x"', "=", "1", "true", "~", "2027-01-01")
SCALARS: tuple[str, ...] = (
    "1",
    "'1'",
    "1.0",
    "0x1f",
    "1_000",
    "true",
    "no",
    "~",
    "''",
    "text",
    "2027-01-01",
    "'2027-01-01'",
)
SCALARS += (".nan", ".inf", "12:30", "[a, b]", "{p: q}", "=", "<<", "'='")


@st.composite
def merge_documents(draw: st.DrawFn) -> str:
    """Top-level mappings d0, d1, ... each anchored &aN, whose values and merge sources are
    earlier anchors, then an ``out`` mapping merging some of them."""
    lines = ["s: &s shared"]
    anchors = ["s"]
    mappings: list[str] = []
    for index in range(draw(st.integers(1, 5))):
        name = f"a{index}"
        lines.append(f"d{index}: &{name}")
        body = _mapping_body(draw, mappings, anchors)
        if body:
            lines.extend(f"  {line}" for line in body)
        else:
            lines[-1] += " {}"
        anchors.append(name)
        mappings.append(name)
    lines.append("out:")
    body = _mapping_body(draw, mappings, anchors) or ["k: v"]
    lines.extend(f"  {line}" for line in body)
    return "\n".join(lines) + "\n"


def _mapping_body(draw: st.DrawFn, mappings: list[str], anchors: list[str]) -> list[str]:
    entries = [f"{key}: {_value(draw, anchors)}" for key in draw(st.lists(st.sampled_from(KEYS), max_size=4))]
    if mappings:
        for _ in range(draw(st.integers(0, 2))):
            sources = draw(st.lists(st.sampled_from(mappings), min_size=1, max_size=3))
            merge = (
                f"*{sources[0]}"
                if len(sources) == 1 and draw(st.booleans())
                else f"[{', '.join('*' + s for s in sources)}]"
            )
            entries.insert(draw(st.integers(0, len(entries))), f"<<: {merge}")
    return entries


def _value(draw: st.DrawFn, anchors: list[str]) -> str:
    if draw(st.booleans()):
        return f"*{draw(st.sampled_from(anchors))}"
    return draw(st.sampled_from(SCALARS))


@settings(max_examples=400, deadline=None)
@given(merge_documents())
def test_generated_documents_read_as_safe_load_reads_them(text: str) -> None:
    assert divergence(text) is None, text


def test_the_generator_reaches_accepted_merges() -> None:
    """The property above is only worth something if merged documents get through."""
    text = dedent(
        """
        s: &s shared
        d0: &a0
          x: *s
          key: 1
        d1: &a1
          name: text
          <<: *a0
        out:
          <<: [*a0, *a1]
          x: 2
        """
    )
    assert accepted(text)
    assert divergence(text) is None


# -- The YAML test suite ----------------------------------------------------------------------------


def test_yaml_test_suite_reads_as_safe_load_reads_it() -> None:
    compared = [path for path in SUITE if accepted(path.read_text(encoding="utf-8", errors="replace"))]
    # Most suite documents are lists or scalars at the top level, which the loader refuses.
    assert len(compared) >= 60
    diverging = {path.name: why for path in SUITE if (why := divergence(path.read_bytes())) is not None}
    assert diverging == {}


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("3GZX.yaml", "yaml-structure"),  # an anchor defined twice: PyYAML refuses it
        ("DFF7.yaml", "yaml-structure"),  # an empty key: null to PyYAML
        ("DC7X.yaml", "yaml-syntax"),  # tabs libyaml reads and PyYAML's parser does not
        ("X4QW.error.yaml", "yaml-syntax"),  # '>#' without a space: libyaml reads it
    ],
)
def test_suite_documents_readers_disagree_on_are_refused(name: str, rule: str) -> None:
    result = load((DATA / "yaml-test-suite" / name).read_bytes())
    assert result.document is None
    assert [found_rule for found_rule, _ in result.problems] == [rule]


# -- Merge keys in an inventory ---------------------------------------------------------------------

MERGED = VALID.replace("  - id: SEN-12345678\n", "  - &good\n    id: SEN-12345678\n") + (
    "  - &bad\n"
    "    id: SEN-22345678\n"
    "    product: Confluence\n"
    "    deployment: cloud\n"
    "    renews: 2027-09-30\n"
    "    technical_contact: someone@gmail.com\n"
    "  - id: SEN-32345678\n"
    "    <<: [*good, *bad]\n"  # line 28
)


def test_merge_sources_that_disagree_are_refused_at_the_merge_key() -> None:
    assert where(MERGED) == [("yaml-structure", 28, 5)]
    message = findings(MERGED)[0].message
    assert "YAML readers disagree on which value wins" in message
    assert "'product'" in message


def test_explicit_keys_settle_what_merge_sources_disagree_on() -> None:
    text = MERGED.replace(
        "    <<: [*good, *bad]\n",
        "    <<: [*good, *bad]\n    product: Bitbucket\n    technical_contact: atlassian-admins@example.com\n"
        "    backup_contacts: [alice.martin@example.com]\n",
    )
    assert accepted(text)
    assert divergence(text) is None
    data = load(text.encode()).document
    assert data is not None
    assert data.data["licenses"][2]["technical_contact"] == "atlassian-admins@example.com"
    assert data.data["licenses"][2]["tier"] == 500  # only *good gives a tier


def test_merge_sources_without_shared_keys_are_read_as_safe_load_reads_them() -> None:
    text = dedent(
        """
        a: &a {product: Jira Software, deployment: cloud}
        b: &b {technical_contact: atlassian-admins@example.com}
        c:
          <<: [*a, *b]
          id: SEN-12345678
        """
    )
    assert accepted(text)
    assert divergence(text) is None


def test_a_repeated_merge_key_is_a_duplicate_key() -> None:
    text = MERGED.replace("    <<: [*good, *bad]\n", "    <<: *good\n    <<: *bad\n")
    assert ("duplicate-key", 29, 5) in where(text)
    duplicate = next(f for f in findings(text) if f.rule == "duplicate-key")
    assert "YAML readers disagree on which value wins" in duplicate.message
    assert (duplicate.line, duplicate.column) == (29, 5)


def test_a_merge_source_that_replaces_a_merged_one_character_key() -> None:
    # PyYAML 6.0.2+ keeps the first of two merged pairs whose keys are the same str object,
    # which one-character keys always are: c.x would be 1 there, 2 by the YAML merge rules.
    text = "a: &a {x: 1}\nb: &b {<<: *a, x: 2}\nc:\n  <<: *b\n"
    assert where(text) == [("yaml-structure", 4, 3)]
    assert divergence(text.replace("x", "xx")) is None
    assert accepted(text.replace("x", "xx"))


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("1: a\n", (1, 1)),
        ("a: b\ntrue: c\n", (2, 1)),
        ("a: b\n~: c\n", (2, 1)),
        ("a:\n  2027-01-01: c\n", (2, 3)),
        ("a: =\n", (1, 4)),
        ("a: [b, <<]\n", (1, 8)),
    ],
)
def test_plain_scalars_yaml_does_not_read_as_text_are_refused(text: str, position: tuple[int, int]) -> None:
    assert where(text) == [("yaml-structure", *position)]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    text = "a: &a {x: 1}\nc:\n  '<<': *a\n"
    result = load(text.encode())
    assert result.document is not None
    assert result.document.data["c"] == {"<<": {"x": 1}}
    assert divergence(text) is None


def test_divergence_sees_a_difference() -> None:
    """The comparison itself can fail: types count, and licensegate's data is compared."""
    assert typed({"a": 1}) != typed({"a": True})
    assert typed({"a": 1}) != typed({"a": 1.0})
    assert typed({"d": datetime.date(2027, 1, 1)}) == typed({"d": "2027-01-01"})

"""The loader: every bad-input class becomes a finding at its exact position."""

from __future__ import annotations

import time

import pytest

from checker import document
from tests.conftest import VALID, dedent, findings, where


def test_valid_inventory_is_clean() -> None:
    assert findings(VALID) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [("empty-file", 1, 1)], id="empty"),
        pytest.param("# only a comment\n\n", [("empty-file", 1, 1)], id="only-comments"),
        pytest.param("---\n...\n", [("empty-file", 1, 1)], id="empty-document"),
        pytest.param("- a\n- b\n", [("yaml-structure", 1, 1)], id="top-level-list"),
        pytest.param("\n\njust text\n", [("yaml-structure", 3, 1)], id="top-level-scalar"),
        pytest.param("a: 1\n---\nb: 2\n", [("yaml-structure", 2, 1)], id="two-documents"),
        pytest.param("? [a, b]\n: 1\n", [("yaml-structure", 1, 3)], id="list-as-key"),
        pytest.param("a: [1, 2\nb: 3\n", [("yaml-syntax", 2, 2)], id="unclosed-flow"),
        pytest.param("a: 'open\n", [("yaml-syntax", 2, 1)], id="unclosed-quote"),
        pytest.param("a:\n\tb: 1\n", [("yaml-syntax", 2, 1)], id="tab-indent"),
        pytest.param("a: b: c\n", [("yaml-syntax", 1, 5)], id="mapping-in-plain"),
        pytest.param("a: *nowhere\n", [("yaml-syntax", 1, 4)], id="undefined-alias"),
        pytest.param("a: &x [1, *x]\n", [("yaml-limits", 1, 11)], id="recursive-alias"),
    ],
)
def test_unusable_documents(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert where(text) == expected


def test_syntax_message_names_the_problem() -> None:
    (finding,) = findings("a:\n\tb: 1\n")
    assert finding.message == "invalid YAML: a tab character here; YAML indents with spaces only"
    (finding,) = findings("a: [1, 2\nb: 3\n")
    assert finding.message == "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"


def test_duplicate_key_points_at_second_occurrence_and_keeps_checking() -> None:
    text = VALID.replace(
        "    technical_contact: atlassian-admins@example.com\n",
        "    technical_contact: atlassian-admins@example.com\n    technical_contact: 42\n",
    )
    result = findings(text)
    assert [(f.rule, f.line, f.column, f.license, f.pointer) for f in result] == [
        ("duplicate-key", 19, 5, "SEN-12345678", "/licenses/0/technical_contact"),
        ("schema", 19, 24, "SEN-12345678", "/licenses/0/technical_contact"),
    ]
    assert result[0].message == (
        "key 'technical_contact' is repeated (first at line 18): YAML readers keep only one of them, delete the other"
    )


@pytest.mark.parametrize(
    ("tagged", "shown"),
    [
        ("!!python/object/apply:os.system ['echo pwned']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!str Jira", "!!str"),
        ("!custom Jira", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
    ],
)
def test_tags_are_refused(tagged: str, shown: str) -> None:
    text = VALID.replace("product: Jira Software", f"product: {tagged}")
    result = [f for f in findings(text) if f.rule == "yaml-tag"]
    assert [(f.line, f.column, f.message) for f in result] == [
        (14, 14, f"YAML tags are not allowed: remove '{shown}' (quote a value that must stay text)")
    ]


def test_tag_on_a_mapping_is_refused() -> None:
    text = VALID.replace("policy:\n", "policy: !!python/object:__main__.Policy\n")
    assert where(text) == [("yaml-tag", 2, 9)]


@pytest.mark.parametrize(
    ("raw", "expected", "message"),
    [
        (
            b"version: 1\n\x00\x01\x02",
            ("yaml-encoding", 2, 1),
            "file contains a NUL byte: it is binary, not a YAML text file",
        ),
        (
            "version: 1\n".encode("utf-16"),
            ("yaml-encoding", 1, 1),
            "file is UTF-16 or UTF-32 encoded: save it as UTF-8",
        ),
        (
            "a: 1\nname: José\n".encode("latin-1"),
            ("yaml-encoding", 2, 10),
            "file is not valid UTF-8 (byte 0xe9): save it as UTF-8",
        ),
        (
            b"a: caf\xc3\xa9\nb: \xff\n",
            ("yaml-encoding", 2, 4),
            "file is not valid UTF-8 (byte 0xff): save it as UTF-8",
        ),
        (
            b"a: caf\xc3\xa9\nb: \x07\n",
            ("yaml-encoding", 2, 4),
            "character U+0007 is not allowed in a YAML file: is it binary?",
        ),
    ],
)
def test_encoding(raw: bytes, expected: tuple[str, int, int], message: str) -> None:
    (finding,) = findings(raw)
    assert (finding.rule, finding.line, finding.column) == expected
    assert finding.message == message


def test_utf8_bom_is_accepted() -> None:
    assert findings(b"\xef\xbb\xbf" + VALID.encode()) == []


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_bounded() -> None:
    started = time.process_time()
    result = findings(billion_laughs())
    assert time.process_time() - started < 5  # generous: a real bomb would run for hours
    assert [(f.rule, f.line, f.column) for f in result] == [("yaml-limits", 7, 8)]
    assert result[0].message == (
        "aliases expand to more than 1,000,000 nodes (an alias bomb?): write the values out instead"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[" * 20000 + "]" * 20000, [("yaml-limits", 1, 1001)], id="flow-20000"),
        pytest.param("a: " + "[" * 100 + "]" * 100 + "\n", [("yaml-limits", 1, 67)], id="flow-100"),
        pytest.param("".join(" " * i + "a:\n" for i in range(2000)), [("yaml-limits", 65, 65)], id="block-2000"),
    ],
)
def test_deep_nesting(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert where(text) == expected


def test_aliases_reuse_a_contact_list() -> None:
    text = VALID.replace(
        "    members: [alice.martin@example.com, bob.chen@example.com]",
        "    members: &platform [alice.martin@example.com, bob.chen@example.com]",
    ).replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: *platform")
    assert findings(text) == []
    loaded = document.load(text.encode()).document
    assert loaded is not None
    assert loaded.data["licenses"][0]["backup_contacts"] == ["alice.martin@example.com", "bob.chen@example.com"]
    # A finding inside aliased content points at the alias, where the reader sees it.
    assert loaded.position("/licenses/0/backup_contacts/1") == (19, 22)


def test_merge_keys() -> None:
    text = dedent(
        """
        defaults: &defaults
          deployment: cloud
          tier: 500
        license:
          <<: *defaults
          tier: 100
        """
    )
    loaded = document.load(text.encode()).document
    assert loaded is not None
    assert loaded.data["license"] == {"tier": 100, "deployment": "cloud"}
    assert loaded.position("/license/deployment") == (5, 3)
    assert loaded.position("/license/tier") == (6, 9)


def test_dates_stay_text_and_plain_values_resolve_as_yaml_1_1() -> None:
    loaded = document.load(b"a: 2027-02-30\nb: no\nc: ~\nd: 0x1F\ne: '500'\nf: 1_000\ng: 12:30\n").document
    assert loaded is not None
    assert loaded.data == {"a": "2027-02-30", "b": False, "c": None, "d": 31, "e": "500", "f": 1000, "g": 750}
    assert loaded.plain_text == {"/b": "no", "/d": "0x1F", "/f": "1_000", "/g": "12:30"}


def test_every_node_has_a_location() -> None:
    loaded = document.load(VALID.encode()).document
    assert loaded is not None
    assert loaded.locations["/licenses/0"] == (13, 5)
    assert loaded.locations["/licenses/0/id"] == (13, 9)
    assert loaded.key_locations["/licenses/0/tier"] == (16, 5)
    assert loaded.locations["/licenses/0/tier"] == (16, 11)
    assert loaded.locations["/mailboxes/0/members/1"] == (6, 41)


def test_positions_count_lines_as_editors_do() -> None:
    # YAML also breaks lines at NEL, U+2028 and U+2029 inside quoted text; editors do not.
    text = 'a: "Jira\u2028Software\x85"\nb: [1, 2\n'
    assert where(text.encode()) == [("yaml-syntax", 3, 1)]
    loaded = document.load('a: "Jira\u2028Software"\nb: éé\n'.encode()).document
    assert loaded is not None
    assert loaded.locations == {"": (1, 1), "/a": (1, 4), "/b": (2, 4)}


def test_a_character_finding_counts_a_lone_carriage_return_as_a_line_break() -> None:
    # Found by test_mangled_bytes_never_crash: the line was counted from LF alone.
    loaded = document.load(b"\rversion: 1\npolicy:\r\n  x: a\x0cb\n")
    assert [(rule, problem.position) for rule, problem in loaded.problems] == [("yaml-encoding", (4, 7))]

"""The typo index finds exactly what comparing with every known address finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.addresses import Nearby, _close

LETTERS = st.text(alphabet="abc.1", min_size=1, max_size=14)
DOMAINS = st.sampled_from(["example.com", "eu.example.com"])


def brute_force(address: str, known: set[str]) -> set[str]:
    return {
        other for other in known if other.rpartition("@")[2] == address.rpartition("@")[2] and _close(address, other)
    }


@settings(max_examples=400, deadline=None)
@given(
    known=st.sets(st.tuples(LETTERS, DOMAINS).map("@".join), max_size=30),
    local=LETTERS,
    domain=DOMAINS,
)
def test_the_index_agrees_with_comparing_every_address(known: set[str], local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    expected = brute_force(address, known)
    found = Nearby(known).closest(address)
    assert (found is None) == (not expected)
    assert found is None or found in expected


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(alphabet="abcdefgh.", min_size=1, max_size=16),
    edits=st.lists(st.tuples(st.sampled_from(["delete", "insert", "replace", "swap"]), st.integers(0, 20)), max_size=2),
)
def test_every_address_within_two_edits_is_a_candidate(name: str, edits: list[tuple[str, int]]) -> None:
    typo = list(name)
    for kind, at in edits:
        at = at % (len(typo) + 1)
        if kind == "insert":
            typo.insert(at, "z")
        elif typo and at < len(typo):
            if kind == "delete":
                del typo[at]
            elif kind == "replace":
                typo[at] = "z"
            elif at + 1 < len(typo):
                typo[at], typo[at + 1] = typo[at + 1], typo[at]
    known = f"{name}@example.com"
    assert known in Nearby({known}).candidates(f"{''.join(typo)}@example.com") or not "".join(typo)


def test_the_closest_is_the_fewest_edits_then_alphabetical() -> None:
    known = {"alice.martin@example.com", "alice.marten@example.com", "alice.mratin@example.com"}
    nearby = Nearby(known)
    assert nearby.closest("alice.martim@example.com") == "alice.martin@example.com"  # 1 edit; marten is 2
    assert nearby.closest("alice.martn@example.com") == "alice.marten@example.com"  # 1 edit from both: alphabetical
    assert nearby.closest("zoe.quinn@example.com") is None
    assert nearby.closest("alice.martin@eu.example.com") is None  # another domain is another person

"""Properties over generated inventories: valid ones are clean, one bad contact is one exact finding,
and no mangling of a file's bytes makes the checker crash or point outside the file."""

from __future__ import annotations

import codecs
import dataclasses
import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import engine
from checker.finding import Severity
from checker.rules import docs
from tests.conftest import TODAY, findings, run

assert datetime.date(2026, 11, 26) == TODAY  # the date every property judges by

# Local parts of the directory: pairwise more than two edits apart, so no address is a likely typo of another.
PEOPLE = (
    "alice.martin",
    "bob.chen",
    "carla.nguyen",
    "dmitri.okafor",
    "eun-ji.park",
    "farid.haddad",
    "greta.lindqvist",
    "hiroshi.tanaka",
    "ingrid.solberg",
    "jamal.wright",
    "kofi.mensah",
    "lucia.fernandez",
)
MAILBOXES = ("atlassian-admins", "jira-owners", "confluence-stewards")
DEPARTED = ("henrik.larsen", "olga.petrova", "quentin.blake")
EXTERNAL_DOMAINS = ("gmail.com", "outlook.com", "contractor.io", "vendor-mail.net", "proton.me", "yahoo.co.uk")
EXTERNAL_LOCALS = ("someone", "renewals", "alice.martin", "j.doe+atlassian")
PRODUCTS = ("Jira Software", "Confluence", "Bitbucket", "Jira Service Management", "Tempo Timesheets")
RULE_IDS = frozenset(doc.id for doc in docs())


def edits(a: str, b: str) -> int:
    """Levenshtein distance, written here so the test does not trust checker.addresses."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


_LOCALS = PEOPLE + MAILBOXES + DEPARTED
assert all(edits(a, b) > 2 for a in _LOCALS for b in _LOCALS if a < b)


# -- The model and its writer -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Person:
    email: str
    name: str
    departed: bool = False


@dataclasses.dataclass(frozen=True)
class License:
    sen: str
    product: str
    tier: int
    renews: datetime.date
    technical_contact: str
    backups: tuple[str, ...]
    # block: one key a line, backups as a flow list; block-list: backups as a block sequence;
    # flow: the whole license as one flow mapping on one line.
    style: str
    quote: str  # how its addresses are written: plain, single or double


@dataclasses.dataclass(frozen=True)
class Inventory:
    mailboxes: tuple[tuple[str, tuple[str, ...]], ...]
    people: tuple[Person, ...]
    licenses: tuple[License, ...]


@dataclasses.dataclass(frozen=True)
class Written:
    text: str
    # JSON pointer -> (line, column) where each address was written, both 1-based, columns in characters.
    positions: dict[str, tuple[int, int]]

    def encoded(self, newline: str, bom: bool) -> bytes:
        """The file's bytes: its positions hold for either newline, with or without a byte-order mark."""
        return (codecs.BOM_UTF8 if bom else b"") + self.text.replace("\n", newline).encode()


def text_scalar(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)


def address_scalar(address: str, quote: str) -> str:
    return {"plain": address, "single": f"'{address}'", "double": f'"{address}"'}[quote]


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.positions: dict[str, tuple[int, int]] = {}

    def line(self, *parts: str | tuple[str, str]) -> None:
        """One line of text; a (pointer, scalar) part records where that scalar starts."""
        text = ""
        for part in parts:
            if isinstance(part, tuple):
                pointer, part = part
                self.positions[pointer] = (len(self.lines) + 1, len(text) + 1)
            text += part
        self.lines.append(text)


def flow_list(pointer: str, items: tuple[str, ...], quote: str) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = ["["]
    for index, item in enumerate(items):
        parts += [", "] if index else []
        parts.append((f"{pointer}/{index}", address_scalar(item, quote)))
    return [*parts, "]"]


def write(inventory: Inventory) -> Written:
    out = Writer()
    out.line("version: 1")
    out.line("policy:")
    out.line("  allowed_domains: [example.com]")
    out.line("mailboxes:")
    for index, (address, members) in enumerate(inventory.mailboxes):
        out.line("  - address: ", (f"/mailboxes/{index}/address", address))
        out.line("    members: ", *flow_list(f"/mailboxes/{index}/members", members, "plain"))
    out.line("people:")
    for index, person in enumerate(inventory.people):
        status = ", status: departed" if person.departed else ""
        out.line(
            "  - {email: ",
            (f"/people/{index}/email", person.email),
            f", name: {text_scalar(person.name)}{status}}}",
        )
    out.line("licenses:")
    for index, license in enumerate(inventory.licenses):
        pointer = f"/licenses/{index}"
        contact = (f"{pointer}/technical_contact", address_scalar(license.technical_contact, license.quote))
        backups = flow_list(f"{pointer}/backup_contacts", license.backups, license.quote)
        if license.style == "flow":
            out.line(
                f"  - {{id: {license.sen}, product: {text_scalar(license.product)}, deployment: cloud,"
                f" tier: {license.tier}, renews: {license.renews}, technical_contact: ",
                contact,
                ", backup_contacts: ",
                *backups,
                "}",
            )
            continue
        out.line(f"  - id: {license.sen}")
        out.line(f"    product: {text_scalar(license.product)}")
        out.line("    deployment: cloud")
        out.line(f"    tier: {license.tier}")
        out.line(f"    renews: {license.renews}")
        out.line("    technical_contact: ", contact)
        if license.style == "block":
            out.line("    backup_contacts: ", *backups)
        else:
            out.line("    backup_contacts:")
            for number, backup in enumerate(license.backups):
                scalar = address_scalar(backup, license.quote)
                out.line("      - ", (f"{pointer}/backup_contacts/{number}", scalar))
    return Written("\n".join(out.lines) + "\n", out.positions)


# -- Strategies ---------------------------------------------------------------------------------

# Free text for names and products, written double-quoted: any character a YAML file may hold, with
# the line breaks YAML 1.1 knows besides '\n' (NEL, LS, PS), which editors do not count as lines.
FREE_TEXT = st.text(
    st.characters(
        codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\x85", exclude_characters="\ufffe\uffff"
    ),
    min_size=1,
    max_size=20,
)
# How the file is saved: '\n' or '\r\n' line ends, with or without a UTF-8 byte-order mark.
SAVED = st.tuples(st.sampled_from(["\n", "\r\n"]), st.booleans())


def spellings(address: str) -> st.SearchStrategy[str]:
    """The same address as people write it: addresses compare case-insensitively."""
    local, _, domain = address.partition("@")
    return st.sampled_from([address, f"{local}@{domain.upper()}", f"{local.title()}@{domain}"])


@st.composite
def licenses(draw: st.DrawFn, sen: str, mailboxes: list[str], people: list[str]) -> License:
    return License(
        sen=sen,
        product=draw(st.sampled_from(PRODUCTS) | FREE_TEXT.filter(lambda p: "opsgenie" not in p.lower())),
        tier=draw(st.integers(1, 10_000)),
        renews=draw(st.dates(datetime.date(2027, 6, 1), datetime.date(2028, 12, 31))),
        technical_contact=draw(st.sampled_from(mailboxes).flatmap(spellings)),
        backups=tuple(
            draw(spellings(backup))
            for backup in draw(st.lists(st.sampled_from(people), min_size=1, max_size=3, unique=True))
        ),
        style=draw(st.sampled_from(["block", "block-list", "flow"])),
        quote=draw(st.sampled_from(["plain", "single", "double"])),
    )


@st.composite
def inventories(draw: st.DrawFn) -> Inventory:
    locals_ = draw(st.lists(st.sampled_from(PEOPLE), min_size=4, max_size=len(PEOPLE), unique=True))
    people = [f"{local}@example.com" for local in locals_]
    boxes = [f"{box}@example.com" for box in draw(st.lists(st.sampled_from(MAILBOXES), min_size=1, unique=True))]
    members = [draw(st.lists(st.sampled_from(people), min_size=2, max_size=4, unique=True)) for _ in boxes]
    sens = draw(st.lists(st.integers(0, 99_999_999), min_size=1, max_size=8, unique=True))
    return Inventory(
        mailboxes=tuple(
            (draw(spellings(box)), tuple(draw(spellings(member)) for member in readers))
            for box, readers in zip(boxes, members, strict=True)
        ),
        people=tuple(
            Person(draw(spellings(email)), draw(st.sampled_from([local.replace(".", " ").title()]) | FREE_TEXT))
            for email, local in zip(people, locals_, strict=True)
        ),
        licenses=tuple(draw(licenses(f"SEN-{sen:08d}", boxes, people)) for sen in sens),
    )


@st.composite
def one_backup(draw: st.DrawFn) -> tuple[Inventory, int, int]:
    """A valid inventory and the (license, backup contact) index pair to spoil."""
    inventory = draw(inventories())
    index = draw(st.integers(0, len(inventory.licenses) - 1))
    number = draw(st.integers(0, len(inventory.licenses[index].backups) - 1))
    return inventory, index, number


def replace_backup(inventory: Inventory, index: int, number: int, address: str) -> Inventory:
    license = inventory.licenses[index]
    backups = (*license.backups[:number], address, *license.backups[number + 1 :])
    spoiled = dataclasses.replace(license, backups=backups)
    return dataclasses.replace(
        inventory, licenses=(*inventory.licenses[:index], spoiled, *inventory.licenses[index + 1 :])
    )


# -- Property A: a valid inventory is clean ----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(inventories(), SAVED)
def test_valid_inventory_has_no_findings(inventory: Inventory, saved: tuple[str, bool]) -> None:
    assert findings(write(inventory).encoded(*saved), today=TODAY) == []


# -- Property B: one bad backup contact is one finding, exactly where it is written ------------


def only_finding(raw: bytes) -> tuple[str, str, int, int, str, str | None]:
    (finding,) = findings(raw, today=TODAY)
    return finding.rule, finding.pointer, finding.line, finding.column, finding.severity, finding.license


@settings(max_examples=40, deadline=None)
@given(one_backup(), st.sampled_from(DEPARTED), SAVED, st.data())
def test_departed_backup_contact_is_one_finding(
    spoil: tuple[Inventory, int, int], local: str, saved: tuple[str, bool], data: st.DataObject
) -> None:
    inventory, index, number = spoil
    address = data.draw(spellings(f"{local}@example.com"), label="backup contact")
    departed = Person(f"{local}@example.com", local.replace(".", " ").title(), departed=True)
    at = data.draw(st.integers(0, len(inventory.people)), label="people index")
    inventory = replace_backup(inventory, index, number, address)
    inventory = dataclasses.replace(inventory, people=(*inventory.people[:at], departed, *inventory.people[at:]))
    written = write(inventory)
    pointer = f"/licenses/{index}/backup_contacts/{number}"
    line, column = written.positions[pointer]
    sen = inventory.licenses[index].sen
    assert only_finding(written.encoded(*saved)) == ("departed-contact", pointer, line, column, "error", sen)


@settings(max_examples=40, deadline=None)
@given(one_backup(), st.sampled_from(EXTERNAL_LOCALS), st.sampled_from(EXTERNAL_DOMAINS), SAVED, st.data())
def test_external_backup_contact_is_one_finding(
    spoil: tuple[Inventory, int, int], local: str, domain: str, saved: tuple[str, bool], data: st.DataObject
) -> None:
    inventory, index, number = spoil
    address = data.draw(spellings(f"{local}@{domain}"), label="backup contact")
    written = write(replace_backup(inventory, index, number, address))
    pointer = f"/licenses/{index}/backup_contacts/{number}"
    line, column = written.positions[pointer]
    sen = inventory.licenses[index].sen
    assert only_finding(written.encoded(*saved)) == ("email-domain", pointer, line, column, "error", sen)


# -- Robustness: mangled bytes never crash the checker (issue 7) -------------------------------

Mutation = Callable[[bytes], bytes]


@st.composite
def mutations(draw: st.DrawFn, raw: bytes) -> Mutation:
    """One random edit, drawn against the bytes it will apply to."""
    lines = raw.split(b"\n")
    k = draw(st.integers(0, len(lines) - 1))
    p = draw(st.integers(0, len(raw)))
    kind = draw(
        st.sampled_from(
            [
                *("delete-line", "duplicate-line", "indent", "flip-byte"),
                *("tab", "break", "unicode", "anchor", "alias", "long"),
            ]
        )
    )
    if kind == "delete-line":
        return lambda raw: b"\n".join(lines[:k] + lines[k + 1 :])
    if kind == "duplicate-line":
        return lambda raw: b"\n".join(lines[: k + 1] + lines[k:])
    if kind == "indent":
        spaces = draw(st.integers(0, 8))
        return lambda raw: b"\n".join([*lines[:k], b" " * spaces + lines[k].lstrip(b" "), *lines[k + 1 :]])
    if kind == "flip-byte":
        bits = draw(st.integers(1, 255))
        q = min(p, len(raw) - 1)
        return lambda raw: raw[:q] + bytes([raw[q] ^ bits]) + raw[q + 1 :]
    inserted = {
        "tab": b"\t",
        # Line breaks other than '\n': YAML 1.1 also breaks at NEL, U+2028 and U+2029, editors do not.
        "break": draw(st.sampled_from(["\r", "\r\n", "\x85", "\u2028", "\u2029"])).encode(),
        "unicode": draw(st.characters(codec="utf-8")).encode(),
        "anchor": b"&a ",
        "alias": draw(st.sampled_from([b"*a", b"*a ", b"<<: *a\n", b"[*a, *a, *a]"])),
        "long": draw(st.sampled_from([b"x", b"\xc3\xa9", b"a@example.com, "])) * draw(st.integers(1_000, 60_000)),
    }[kind]
    return lambda raw: raw[:p] + inserted + raw[p:]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    raw = write(draw(inventories())).text.encode()
    for _ in range(draw(st.integers(1, 4))):
        raw = draw(mutations(raw))(raw)
    return raw


def editor_lines(raw: bytes) -> list[str] | None:
    """The file's lines as an editor shows them; None when it is not UTF-8 text."""
    try:
        text = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return re.split("\r\n|\r|\n", text)


@settings(max_examples=150, deadline=None)
@given(mangled())
def test_mangled_bytes_never_crash(raw: bytes) -> None:
    result = engine.check_bytes(raw, path="licenses.yaml", today=TODAY)
    lines = editor_lines(raw)
    for finding in result.findings:
        assert finding.line >= 1, finding
        assert finding.column >= 1, finding
        assert finding.severity in (Severity.ERROR, Severity.WARNING), finding
        assert finding.rule in RULE_IDS, finding
        if lines is None:
            continue
        # Inside the file: at most just past the end of a line.
        assert finding.line <= len(lines), finding
        assert finding.column <= len(lines[finding.line - 1]) + 1, finding
    assert result.findings == sorted(result.findings)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(mangled(), min_size=4, max_size=4))
def test_console_script_survives_mangled_files(tmp_path: Path, files: list[bytes]) -> None:
    names = [f"mangled{number}.yaml" for number in range(len(files))]
    for name, raw in zip(names, files, strict=True):
        (tmp_path / name).write_bytes(raw)
    result = run("check", "--format", "json", "--today", TODAY.isoformat(), *names, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == ""
    # The command line reports exactly what the engine finds.
    expected = [
        (f.file, f.line, f.column, f.rule, str(f.severity), f.message)
        for name, raw in zip(names, files, strict=True)
        for f in engine.check_bytes(raw, path=name, today=TODAY).findings
    ]
    reported = json.loads(result.stdout)["findings"]
    assert [(f["file"], f["line"], f["column"], f["rule"], f["severity"], f["message"]) for f in reported] == expected


# -- Found by the properties above, kept as an example ---------------------------------------------


def test_line_separator_in_a_product() -> None:
    """YAML breaks lines at U+2028 inside quoted text; positions must still count lines as editors do."""
    inventory = Inventory(
        mailboxes=(("atlassian-admins@example.com", ("alice.martin@example.com", "bob.chen@example.com")),),
        people=(Person("alice.martin@example.com", "Alice Martin"), Person("bob.chen@example.com", "Bob Chen")),
        licenses=(
            License(
                "SEN-12345678",
                "Jira\u2028Software",
                500,
                datetime.date(2027, 9, 30),
                "atlassian-admins@example.com",
                ("alice.martin@gmail.com",),
                "block",
                "plain",
            ),
        ),
    )
    written = write(inventory)
    line, column = written.positions["/licenses/0/backup_contacts/0"]
    assert only_finding(written.text.encode())[:4] == ("email-domain", "/licenses/0/backup_contacts/0", line, column)


@pytest.mark.parametrize(
    ("text", "position"),
    [("a: 1\nb", (2, 2)), ("\r\na: 1\nb", (3, 2)), ("a: 1\r\nb", (2, 2)), ("a: 1\nb\n", (3, 1))],
)
def test_syntax_error_at_the_end_of_the_file(text: str, position: tuple[int, int]) -> None:
    """libyaml ends a stream without a final newline on a line past the file; the finding stays inside it."""
    (finding,) = findings(text)
    assert (finding.rule, finding.line, finding.column) == ("yaml-syntax", *position)

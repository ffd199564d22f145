"""``licensegate report``: the command line, the file it writes, and the HTML as a parser reads it.

What a person sees in the page, in a real browser, is ``tests/test_report_browser.py``.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import html.parser
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import engine
from checker.commands.check import on_disk
from checker.report_data import holdings
from checker.who import holder
from tests.conftest import DATA, ROOT, VALID, run
from tests.test_git import commit_all, git

TODAY = ("--today", "2026-11-26")
EVERY_RULE = DATA / "report" / "every-rule.yaml"
# Every rule that can report on a readable file outside change mode (see the fixture's comment).
UNREACHABLE = {"yaml-syntax", "yaml-encoding", "yaml-structure", "yaml-limits", "empty-file", "policy-relaxed"}


class Parsed(html.parser.HTMLParser):
    """Every element and attribute of a page, and its script and style text, as a tokenizer reads them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.raw else None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.raw[self._open].append(data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


def report(tmp_path: Path, *args: str, inventory: str | None = None) -> str:
    """The page ``report`` writes for INVENTORY (default: the shipped one)."""
    source = tmp_path / "licenses.yaml"
    if inventory is not None:
        source.write_text(inventory)
    result = run(
        "report", *TODAY, "-o", str(tmp_path / "site"), *args, str(source if inventory else ROOT / "licenses.yaml")
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{tmp_path / 'site' / 'index.html'}: written (")
    return (tmp_path / "site" / "index.html").read_text()


def test_writes_index_html_and_nothing_else(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "renewals.ics").write_text("BEGIN:VCALENDAR\r\n")
    result = run("report", *TODAY, "-o", str(site), str(ROOT / "licenses.yaml"))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"{site / 'index.html'}: written (11 licenses, 0 errors, 0 warnings)\n",
        "",
    )
    # The folder's other files stay; no temporary file is left behind.
    assert sorted(path.name for path in site.iterdir()) == ["index.html", "renewals.ics"]
    page = (site / "index.html").read_text()
    assert page.startswith('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">')
    assert "<title>" + str(ROOT / "licenses.yaml") + ": licenses, renewals and findings on 2026-11-26</title>" in page
    # Written again over itself: replaced whole, the same bytes for the same inputs.
    assert run("report", *TODAY, "-o", str(site), str(ROOT / "licenses.yaml")).returncode == 0
    assert (site / "index.html").read_text() == page


def test_makes_the_folder(tmp_path: Path) -> None:
    assert run("report", *TODAY, "-o", str(tmp_path / "a" / "b"), str(ROOT / "licenses.yaml")).returncode == 0
    assert [path.name for path in (tmp_path / "a" / "b").iterdir()] == ["index.html"]


def test_an_index_html_that_is_a_link_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("keep me")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").symlink_to(outside)
    assert run("report", *TODAY, "-o", str(site), str(ROOT / "licenses.yaml")).returncode == 0
    assert outside.read_text() == "keep me"  # never written outside DIR
    assert not (site / "index.html").is_symlink()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "licensegate: missing --output-dir/-o (see 'licensegate report --help')\n"),
        (
            ("-o", "site", "--link-template", "ftp://example.com/{path}#L{line}"),
            "licensegate: 'ftp://example.com/{path}#L{line}' is not a link template: an http:// or https:// address"
            " with {path} and {line} in it\n",
        ),
        (
            ("-o", "site", "--link-template", "javascript:alert(1)//{path}"),
            "licensegate: 'javascript:alert(1)//{path}' is not a link template: an http:// or https:// address"
            " with {path} and {line} in it\n",
        ),
        (
            ("-o", "site", "--link-template", "https://example.com/blob/main#L{line}"),
            "licensegate: 'https://example.com/blob/main#L{line}' has no {path}: not a link template: an http://"
            " or https:// address with {path} and {line} in it\n",
        ),
        (("-o", "site", "missing.yaml"), "licensegate: missing.yaml: no such file\n"),
        (
            ("-o", "licenses.yaml", "licenses.yaml"),
            "licensegate: licenses.yaml: not a directory: -o names the folder the page is written into\n",
        ),
    ],
)
def test_usage_errors_write_nothing(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    (tmp_path / "licenses.yaml").write_text(VALID)
    result = run("report", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", message)
    assert not (tmp_path / "site").exists()
    assert (tmp_path / "licenses.yaml").read_text() == VALID


def test_an_unreadable_inventory_still_gets_its_page(tmp_path: Path) -> None:
    page = report(tmp_path, inventory="version: 1\nlicenses: [\n")
    assert "The inventory could not be read: the findings below say why." in page
    assert '<a href="#rule-yaml-syntax">yaml-syntax</a>' in page


def test_findings_link_to_file_and_line(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "inventory dir").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "inventory dir" / "licenses.yaml").write_text(VALID.replace("alice.martin@example.com]", "x@gmail.com]"))
    commit_all(repo, "Add the inventory")
    template = "https://github.com/example-corp/licenses/blob/main/{path}#L{line}"
    result = run("report", *TODAY, "-o", "site", "--link-template", template, "inventory dir/licenses.yaml", cwd=repo)
    assert result.returncode == 0
    page = (repo / "site" / "index.html").read_text()
    link = (
        '<a class="where" href="https://github.com/example-corp/licenses/blob/main/inventory%20dir/licenses.yaml#L19">'
        "inventory dir/licenses.yaml:19:23</a>"
    )
    assert link in page
    # Without a template: the place, as text.
    run("report", *TODAY, "-o", "plain", "inventory dir/licenses.yaml", cwd=repo)
    plain = (repo / "plain" / "index.html").read_text()
    assert '<span class="where">inventory dir/licenses.yaml:19:23</span>' in plain
    assert 'href="http' not in plain


def test_every_rule_is_shown_with_its_explanation(tmp_path: Path) -> None:
    page = report(tmp_path, inventory=EVERY_RULE.read_text())
    again = run("report", *TODAY, "-o", "site", "licenses.yaml", cwd=tmp_path)
    assert again.stdout == "site/index.html: written (7 licenses, 23 errors, 4 warnings)\n"
    assert again.returncode == 0  # the page is written: 0, whatever it shows
    result = json.loads(run("check", *TODAY, "-f", "json", str(tmp_path / "licenses.yaml")).stdout)
    from checker.rules import docs

    assert {finding["rule"] for finding in result["findings"]} == {doc.id for doc in docs()} - UNREACHABLE
    # Each finding's row, and each rule's "why" and "how to fix" once, under its anchor.
    rows = re.findall(r'<tr data-choice="(error|warning)">', page[page.index('id="finding-table"') :])
    assert len(rows) == len(result["findings"]) == 27
    for rule in {finding["rule"] for finding in result["findings"]}:
        assert page.count(f'<h3 id="rule-{rule}">{rule}</h3>') == 1
    assert "<h4>Why it matters</h4>" in page


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "javascript:alert(3)",
    "\u202egnp.exe",
    "bell\x07 escape\x1b[2J",
    '=HYPERLINK("http://example.net","click")',
    "</style></svg></title><a href=javascript:alert(4)>x</a>",
    "&amp; ' \"",
    "x" * 3000,
]


def hostile_inventory() -> str:
    """Every hostile string in a name, a team, a product, a note, a SEN and an address."""
    q = json.dumps
    people = "".join(
        f"  - {{email: person{n}@example.com, name: {q(text)}, team: {q(text)}}}\n" for n, text in enumerate(HOSTILE)
    )
    members = ", ".join(f"person{n}@example.com" for n in range(len(HOSTILE)))
    licenses = "".join(
        f"  - id: {q(text if n % 2 else f'SEN-2000000{n}')}\n    product: {q(text)}\n    deployment: cloud\n"
        f"    renews: 2027-0{1 + n % 9}-01\n    technical_contact: team@example.com\n"
        f"    backup_contacts: [person{n}@example.com, {q(text[:40])}]\n    notes: {q(text)}\n"
        for n, text in enumerate(HOSTILE)
    )
    return (
        "version: 1\npolicy:\n  allowed_domains: [example.com]\nmailboxes:\n"
        f"  - address: team@example.com\n    members: [{members}]\npeople:\n{people}licenses:\n{licenses}"
    )


def test_nothing_from_the_inventory_becomes_markup(tmp_path: Path) -> None:
    page = report(tmp_path, inventory=hostile_inventory())
    parsed = Parsed(page)
    assert [tag for tag, _ in parsed.tags if tag in ("script", "img", "iframe", "object", "embed", "base")] == [
        "script"
    ]
    for tag, attributes in parsed.tags:
        assert not any(name.startswith("on") for name in attributes), tag
        links = [attributes.get(name) or "" for name in ("href", "src", "action", "formaction", "xlink:href")]
        assert not any(link.lower().lstrip().startswith("javascript:") for link in links), tag
    # Shown as text, escaped once: each string's characters as entities, controls as visible escapes.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert "\\u202egnp.exe" in page
    assert "\u202e" not in page
    assert "bell\\x07 escape\\x1b[2J" in page
    assert "\x1b" not in page
    assert "=HYPERLINK(&quot;http://example.net&quot;,&quot;click&quot;)" in page
    assert "&amp;amp; &#x27; &quot;" in page


def test_the_policy_forbids_every_request_and_allows_only_its_own_script_and_style(tmp_path: Path) -> None:
    parsed = Parsed(report(tmp_path))
    (policy,) = [
        a["content"] for tag, a in parsed.tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    (script,), (style,) = [["".join(parsed.raw["script"])], ["".join(parsed.raw["style"])]]
    assert policy == (
        f"default-src 'none'; style-src '{digest(style)}'; script-src '{digest(script)}'; img-src data:;"
        " base-uri 'none'; form-action 'none'"
    )
    # Nothing that loads: no src, no stylesheet link, no external href but the page's own anchors.
    assert not [a for tag, a in parsed.tags if "src" in a or (tag == "link")]
    assert {(a.get("href") or "#")[0] for tag, a in parsed.tags if tag == "a"} == {"#"}


@pytest.mark.parametrize("inventory", [ROOT / "licenses.yaml", EVERY_RULE])
def test_holdings_agree_with_who(inventory: Path) -> None:
    """The page's one-pass holdings are what ``who ADDRESS`` finds for each active person."""
    loaded = engine.load(inventory.read_bytes(), path=str(inventory), directory=on_disk(str(inventory)))
    assert loaded.inputs is not None
    found = holdings(loaded.inputs)
    directory = loaded.inputs.directory
    people = [p for p in directory.people or [] if p.email and not directory.is_departed(p.email)]
    assert found
    for person in people:
        assert person.email is not None
        expected = sorted(
            (item.license or "", item.role)
            for item in holder(loaded.inputs, person.email).appearances
            if item.role in ("technical contact", "backup contact", "billing contact")
        )
        held = found.get(person.email.lower(), {})
        assert sorted((sen or "", role) for (role, _), sens in held.items() for sen in sens) == expected


def test_policy_file_and_standard_input_as_check_reads_them(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("policy:\n  allowed_domains: [example.org]\n")
    inventory = VALID.replace("policy:\n  allowed_domains: [example.com]\n", "")
    result = run(
        "report", *TODAY, "-o", "site", "--policy", "policy.yaml", "--stdin-filename", "licenses.yaml",
        cwd=tmp_path, stdin=inventory,
    )  # fmt: skip
    check = run(
        "check", *TODAY, "--policy", "policy.yaml", "--stdin-filename", "licenses.yaml", cwd=tmp_path, stdin=inventory
    )
    assert check.stdout.endswith("7 errors, 0 warnings in 1 file\n")
    assert (result.returncode, result.stdout) == (0, "site/index.html: written (1 license, 7 errors, 0 warnings)\n")
    page = (tmp_path / "site" / "index.html").read_text()
    assert page.count('<tr data-choice="error">') == 7
    assert "<title>licenses.yaml: licenses, renewals and findings on 2026-11-26</title>" in page


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Jira Software (cloud)", "Jira Software (cloud)"),
        ("<b>&'\"", "&lt;b&gt;&amp;&#x27;&quot;"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("a\nb\tc\x1b[2J", "a\\nb\\tc\\x1b[2J"),
    ],
)
def test_escape_html(text: str, shown: str) -> None:
    from checker import escape

    assert escape.html(text) == shown


@pytest.mark.parametrize("today", ["0001-01-01", "2028-02-29", "9998-06-15", "9999-12-31"])
def test_any_day_gets_a_page(tmp_path: Path, today: str) -> None:
    result = run("report", "--today", today, "-o", "site", str(EVERY_RULE), cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "site" / "index.html").read_text().endswith("</script></body></html>\n")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(max_size=60),
    renews=st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)),
)
def test_whatever_the_inventory_holds_the_page_is_inert(tmp_path: Path, text: str, renews: datetime.date) -> None:
    """Any text in a product, a note and a name, any renewal date: a page, and no markup from data."""
    q = json.dumps
    inventory = (
        VALID.replace("renews: 2027-09-30", f"renews: {renews}")
        .replace("product: Jira Software", f"product: {q(text)}\n    notes: {q(text)}")
        .replace("name: Alice Martin", f"name: {q(text)}")
    )
    (tmp_path / "licenses.yaml").write_text(inventory)
    result = run("report", *TODAY, "-o", "site", "licenses.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    parsed = Parsed((tmp_path / "site" / "index.html").read_text())
    assert [tag for tag, _ in parsed.tags if tag in ("script", "img", "iframe", "object", "embed", "base")] == [
        "script"
    ]
    assert not [name for _, attributes in parsed.tags for name in attributes if name.startswith("on")]

"""Hostile names and values through every output format, each read back by its consumer.

A YAML key and values carry a forged workflow command, a terminal escape, a carriage return,
an HTML comment, a backtick, a pipe, spreadsheet formulas and U+2028. Each output must parse,
and nothing from the data may act as a control in it: start a line (a workflow command),
move a terminal's cursor, run as a spreadsheet formula or hide the rest of a markdown comment.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar
from markdown_it import MarkdownIt

from checker import escape
from tests.conftest import VALID, run
from tests.test_git import GIT_ENV, commit_all, git
from tests.test_platform_reports import bitbucket_errors, gitlab_errors
from tests.test_reporters import junit_errors, sarif_errors

EVIL = "\n::error file=x::forged \x1b[2J \r <!-- ` | \u2028"
PRODUCT = '=HYPERLINK("http://x")' + EVIL
DEPLOYMENT = "+1" + EVIL
KEY = "key" + EVIL
VALUE = "@SUM(A1)" + EVIL
TODAY = ("--today", "2026-11-26")


def q(text: str) -> str:
    """TEXT as a YAML double-quoted scalar: a JSON string is one."""
    return json.dumps(text)


HOSTILE = (
    VALID.replace("renews: 2027-09-30", "renews: 2026-12-01").replace(
        "    product: Jira Software\n    deployment: cloud\n",
        f"    product: {q(PRODUCT)}\n    deployment: {q(DEPLOYMENT)}\n",
    )
    + f"    {q(KEY)}: {q(VALUE)}\n"
)
# Our own workflow commands: the only lines of any output that may start with "::".
OURS = ("::error file=licenses.yaml,", "::warning file=licenses.yaml,", "::notice file=licenses.yaml,")
CONTROLS = ("\x1b", "\r", "\u2028", "\x85")
# markdown-it-py comes with Typer's rich; "commonmark" plus GFM tables, as GitHub reads a comment.
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def read_back(text: str) -> str:
    """TEXT as ``run`` returns what a command printed: with universal newlines, a CR reads as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def assert_inert_text(output: str) -> None:
    assert not any(char in output for char in CONTROLS)
    assert all(line.startswith(OURS) for line in output.split("\n") if line.startswith("::"))


def assert_inert_markdown(output: str, *, code_spans: bool = False) -> None:
    """Read by a CommonMark parser with tables: no HTML, link or image at all, and no emphasis
    but our own (the renewal date in bold, the license key in diff); outside code spans, no
    ``<!--`` in the output. Inside a code span a backtick fence longer than any run of
    backticks in it keeps ``<!--`` literal (CommonMark 6.1), which the parser confirms."""
    assert_inert_text(output)
    tokens = [child for token in _MARKDOWN.parse(output) for child in token.children or [token]]
    kinds = {token.type for token in tokens}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "em_open"}
    if not code_spans:
        assert "<!--" not in output
    assert not any(line.startswith("<!--") for line in output.splitlines())


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    (tmp_path / "licenses.yaml").write_text(HOSTILE)
    return tmp_path


# --- the escaping functions, exactly --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain C:\\path (ok)", "plain C:\\path (ok)"),
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x1b[2J\x00\x7f\x85\x9b", "\\x1b[2J\\x00\\x7f\\x85\\x9b"),
        ("\u2028\u2029\u202e\u2066\u2069", "\\u2028\\u2029\\u202e\\u2066\\u2069"),
        ("Jos\xe9 \u00a0\u4e2d", "Jos\xe9 \u00a0\u4e2d"),
    ],
)
def test_terminal(text: str, expected: str) -> None:
    assert escape.terminal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jira Software (cloud), 50% off", "Jira Software (cloud), 50% off"),
        ("a <!-- b & c", "a &lt;!-- b &amp; c"),
        ("![x](http://y) [z]", "!\\[x\\]\\(http://y) \\[z\\]"),
        ("`a` *b* _c_ | d \\ e", "\\`a\\` \\*b\\* \\_c\\_ \\| d \\\\ e"),
        ("x\n\nNo changes to the inventory.", "x  No changes to the inventory."),
        ("a\r\nb\u2028c\x1bd", "a b c\\x1bd"),
    ],
)
def test_markdown(text: str, expected: str) -> None:
    assert escape.markdown(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cloud", "`cloud`"),
        ("a`b", "``a`b``"),
        ("``x", "``` ``x ```"),
        ("x` ", "`` x`  ``"),
        ("a\nb", "`a b`"),
    ],
)
def test_code_span(text: str, expected: str) -> None:
    assert escape.code_span(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=b", "a=b"),
        (-5, "'-5"),
        (5, "5"),
        (["-x"], '["-x"]'),
        (None, ""),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert escape.csv_cell(value) == expected


# --- check ----------------------------------------------------------------------------------------


def check(directory: Path, output_format: str) -> str:
    result = run("check", "--format", output_format, *TODAY, cwd=directory)
    assert (result.returncode, result.stderr) == (1, "")
    return result.stdout


def test_check_text(hostile: Path) -> None:
    output = check(hostile, "text")
    assert_inert_text(output)
    assert output.splitlines()[2] == (
        "licenses.yaml:20:5: error [schema] SEN-12345678: unknown key"
        " 'key\\n::error file=x::forged \\x1b[2J \\r <!-- ` | \\u2028'; allowed: id, product, app_of, deployment,"
        " type, tier, renews, cloud_id, site, technical_contact, backup_contacts, billing_contact, notes"
    )
    assert len(output.splitlines()) == 4  # three findings and the summary


def test_check_github(hostile: Path) -> None:
    output = check(hostile, "github")
    assert_inert_text(output)
    assert output.splitlines()[2].startswith(
        "::error file=licenses.yaml,line=20,col=5,title=schema::SEN-12345678: unknown key"
        " 'key%0A::error file=x::forged \\x1b[2J %0D <!-- ` | \\u2028'"
    )
    assert len(output.splitlines()) == 4


def test_check_json(hostile: Path) -> None:
    findings = json.loads(check(hostile, "json"))["findings"]
    assert any(repr(KEY)[1:-1] in finding["message"] or KEY in finding["message"] for finding in findings)


def test_check_sarif(hostile: Path) -> None:
    assert sarif_errors(json.loads(check(hostile, "sarif"))) == []


def test_check_gitlab(hostile: Path) -> None:
    output = check(hostile, "gitlab")
    entries = json.loads(output)
    assert gitlab_errors(entries) == []
    assert not any(char in entry["description"] for entry in entries for char in (*CONTROLS, "\n"))
    assert entries[2]["description"].startswith("SEN-12345678: unknown key 'key\\n::error file=x::forged \\x1b[2J")


def test_check_bitbucket(hostile: Path) -> None:
    document = json.loads(check(hostile, "bitbucket"))
    assert bitbucket_errors(document, "licensegate document") == []
    summaries = [annotation["summary"] for annotation in document["annotations"]]
    assert not any(char in text for text in summaries for char in (*CONTROLS, "\n"))
    assert summaries[2].startswith("SEN-12345678: unknown key 'key\\n::error file=x::forged \\x1b[2J")


def test_check_junit(hostile: Path) -> None:
    output = check(hostile, "junit")
    assert junit_errors(output) == []
    assert "\x1b" not in output
    assert "<!--" not in output


def test_step_summary(hostile: Path) -> None:
    summary = hostile / "summary.md"
    result = run("check", "--format", "github", *TODAY, cwd=hostile, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == 1
    text = summary.read_text()
    assert_inert_markdown(text)
    rows = [line for line in text.splitlines() if line.startswith("| error")]
    assert len(rows) == 3
    assert all(line.replace("\\|", "").count("|") == 7 for line in rows)


# --- renewals -------------------------------------------------------------------------------------


def renewals(directory: Path, output_format: str) -> str:
    result = run("renewals", "--format", output_format, *TODAY, cwd=directory)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def test_renewals_text(hostile: Path) -> None:
    output = renewals(hostile, "text")
    assert_inert_text(output)
    assert output.splitlines()[1] == (
        "2026-12-01 (in 5 days) error SEN-12345678"
        ' =HYPERLINK("http://x")\\n::error file=x::forged \\x1b[2J \\r <!-- ` | \\u2028'
        " [+1\\n::error file=x::forged \\x1b[2J \\r <!-- ` | \\u2028, tier 500]"
        " technical contact atlassian-admins@example.com; backups alice.martin@example.com"
    )


def test_renewals_json(hostile: Path) -> None:
    (renewal,) = json.loads(renewals(hostile, "json"))["renewals"]
    assert (renewal["product"], renewal["deployment"]) == (PRODUCT, DEPLOYMENT)


def test_renewals_markdown(hostile: Path) -> None:
    output = renewals(hostile, "markdown")
    assert_inert_markdown(output)
    assert output.splitlines()[-1] == (
        "| 2026-12-01 | **in 5 days** | SEN-12345678 |"
        ' =HYPERLINK("http://x") ::error file=x::forged \\x1b\\[2J   &lt;!-- \\` \\|   |'
        " +1 ::error file=x::forged \\x1b\\[2J   &lt;!-- \\` \\|   | 500 |"
        " atlassian-admins@example.com | alice.martin@example.com |"
    )


def test_renewals_calendar(hostile: Path) -> None:
    (event,) = Calendar.from_ical(renewals(hostile, "ics")).walk("VEVENT")
    summary = f"Renew SEN-12345678: {read_back(PRODUCT)} ({read_back(DEPLOYMENT)}, tier 500)"
    assert str(event["SUMMARY"]) == summary.replace("\x1b", "\\x1b").replace("\u2028", "\\u2028")


def test_calendar_survives_hostile_addresses_duplicates_and_huge_horizons(tmp_path: Path) -> None:
    inventory = VALID.replace(
        "allowed_domains: [example.com]", "allowed_domains: [example.com]\n  renewal_warning_days: 10000000000"
    ).replace("technical_contact: atlassian-admins@example.com", f"technical_contact: {q('a b@example.com' + EVIL)}")
    duplicate = inventory[inventory.index("  - id: SEN-12345678") :]
    (tmp_path / "licenses.yaml").write_text(inventory + duplicate)
    (first, second) = Calendar.from_ical(renewals(tmp_path, "ics")).walk("VEVENT")
    assert (str(first["UID"]), str(second["UID"])) == (
        "SEN-12345678-2027-09-30@licensegate",
        "SEN-12345678-2027-09-30-2@licensegate",
    )
    attendees = first["ATTENDEE"]
    assert isinstance(attendees, list)  # a repeated property is a list, which icalendar's annotation does not say
    attendee = attendees[0]
    assert str(attendee) == (
        "mailto:a%20b@example.com%0A%3A%3Aerror%20file%3Dx%3A%3Aforged%20%1B%5B2J%20%0D%20%3C%21--%20%60%20%7C%20%E2%80%A8"
    )
    # The warning horizon is beyond any timedelta: only the error alarm is left.
    assert [alarm.decoded("TRIGGER") for alarm in first.walk("VALARM")] == [datetime.timedelta(days=-14)]


# --- history and diff -----------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "licenses.yaml").write_text(VALID)
    commit_all(repo, "Add the inventory")
    (repo / "licenses.yaml").write_text(HOSTILE)
    git(repo, "add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "--no-verify", "--author", "@SUM(A1) \x1b[2J <-1@example.com>", "-m", PRODUCT],
        cwd=repo,
        env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    return repo


def history(repo: Path, output_format: str) -> str:
    result = run("history", "--format", output_format, cwd=repo)
    assert (result.returncode, result.stderr) == (0, "")
    return result.stdout


def test_history_text(repo: Path) -> None:
    output = history(repo, "text")
    assert_inert_text(output)
    assert output.splitlines()[:2] == [
        "2026-11-02T10:00:00+01:00  " + output.split()[1] + "  @SUM(A1) \\x1b[2J <-1@example.com>"
        " (committed by Alice Martin <alice.martin@example.com>)",
        '  =HYPERLINK("http://x")',
    ]


def test_history_json(repo: Path) -> None:
    events = json.loads(history(repo, "json"))
    assert {event["author"] for event in events} >= {"@SUM(A1) \x1b[2J"}
    assert PRODUCT in [event["new"] for event in events]


def test_history_csv(repo: Path) -> None:
    rows = list(csv.reader(io.StringIO(history(repo, "csv"))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert "'" + read_back(PRODUCT) in cells
    assert "'@SUM(A1) \x1b[2J" in cells
    assert "'-1@example.com" in cells


def test_diff_text(repo: Path) -> None:
    result = run("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 0
    assert_inert_markdown(result.stdout, code_spans=True)
    assert "No changes to the inventory." not in result.stdout
    tokens = [child for token in _MARKDOWN.parse(result.stdout) for child in token.children or []]
    shown = [token.content for token in tokens if token.type == "code_inline"]
    assert "key ::error file=x::forged \\x1b[2J   <!-- ` |  " in shown  # a backtick inside, the span intact
    assert '- **SEN-12345678** `product`: `Jira Software` \u2192 `` =HYPERLINK("http://x") ::error file=x::forged' in (
        result.stdout
    )


def test_diff_json(repo: Path) -> None:
    document = json.loads(run("diff", "--format", "json", "HEAD~1", "HEAD", cwd=repo).stdout)
    assert PRODUCT in [change["new"] for change in document["changes"]]

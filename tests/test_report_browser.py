"""``licensegate report``'s page in a real browser: Debian's headless Chromium, driven by Playwright.

Four pages are generated: the shipped inventory (clean), one with a finding of every rule
(``tests/data/report/every-rule.yaml``), 2,000 generated licenses, and one full of hostile
strings. The tests assert what a person sees (the counts, the timeline's events in date order, a
sort, a filter, the at-risk list), that the page works with scripts disabled, makes no request
but for itself and logs nothing to the console, and that axe-core finds no serious or critical
accessibility violation in the light or the dark colour scheme. Screenshots at desktop and phone
widths go to ``artifacts/report/`` (or ``$LICENSEGATE_ARTIFACTS``), never compared pixel by pixel.

Chromium is Debian's (``apt-get install chromium chromium-driver``, as ``.ci/run`` does); Playwright
drives it through ``executable_path`` and never downloads a browser of its own. Each launch gets a
fresh temporary profile (Playwright makes one and removes it). Without /usr/bin/chromium these
tests are skipped, saying so. axe-core is the copy that the axe-playwright-python package bundles.
"""

from __future__ import annotations

import datetime
import importlib.resources
import importlib.util
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run
from tests.test_report import EVERY_RULE, HOSTILE, hostile_inventory

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium chromium-driver"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None or importlib.util.find_spec("axe_playwright_python") is None,
        reason="Playwright or axe-playwright-python is not installed: pip install -e '.[dev]'",
    ),
]
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TODAY = "2026-11-26"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def generated(count: int) -> str:
    """COUNT licenses whose figures are known by construction: license N renews N - 5 days from
    TODAY (5 overdue, 20 within the 14-day error horizon, 66 within the 60-day warning horizon,
    737 within the timeline (up to 2028-11-26)); 20 people, 10 mailboxes of two, each license's backup
    outside its mailbox (3 people reached, min_reach 2: none at risk)."""
    today = datetime.date.fromisoformat(TODAY)
    people = [f"person{n:02d}@example.com" for n in range(20)]
    out = ["version: 1", "policy:", "  allowed_domains: [example.com]", "mailboxes:"]
    for box in range(10):
        out += [f"  - address: team{box}@example.com", f"    members: [{people[2 * box]}, {people[2 * box + 1]}]"]
    out.append("people:")
    out += [f"  - {{email: {address}, name: Person {n:02d}, team: Team {n // 2}}}" for n, address in enumerate(people)]
    out.append("licenses:")
    products = ["Jira Software", "Confluence", "Bitbucket", "Jira Service Management"]
    for n in range(count):
        out += [
            f"  - id: SEN-{10_000_000 + n}",
            f"    product: {products[n % 4]}",
            "    deployment: cloud",
            f"    renews: {today + datetime.timedelta(days=n - 5)}",
            f"    technical_contact: team{n % 10}@example.com",
            f"    backup_contacts: [{people[(2 * (n % 10) + 2) % 20]}]",
        ]
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The four pages, each written by the command as a user runs it."""
    folder = tmp_path_factory.mktemp("report")
    sources = {
        "clean": ROOT / "licenses.yaml",
        "every-rule": EVERY_RULE,
        "big": folder / "big" / "licenses.yaml",
        "hostile": folder / "hostile" / "licenses.yaml",
    }
    sources["big"].parent.mkdir()
    sources["big"].write_text(generated(2000))
    sources["hostile"].parent.mkdir()
    sources["hostile"].write_text(hostile_inventory())
    found = {}
    for name, source in sources.items():
        result = run("report", "--today", TODAY, "-o", str(folder / "site" / name), str(source))
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        found[name] = folder / "site" / name / "index.html"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium for the module: each test opens its own context (its own storage, scheme, scripts)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page open in a fresh context, with everything it asked the network for and logged."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(path: Path, **options: Any) -> Visit:
        context = browser.new_context(viewport=options.pop("viewport", DESKTOP), **options)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda message: seen.console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: seen.console.append(f"pageerror: {error}"))

        def on_dialog(dialog: Any) -> None:
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return seen

    yield open_page
    for context in contexts:
        context.close()


def texts(page: Any, selector: str) -> list[str]:
    found: list[str] = page.locator(selector).all_inner_texts()
    return found


def visible_rows(page: Any, table: str) -> list[str]:
    rows: list[str] = page.locator(f"#{table} tbody tr:visible td:nth-child(4)").all_inner_texts()
    return rows


@pytest.mark.parametrize("name", ["clean", "every-rule", "big", "hostile"])
def test_no_request_and_no_console_message(visit: Any, pages: dict[str, Path], name: str) -> None:
    seen = visit(pages[name])
    seen.page.locator("#findings").scroll_into_view_if_needed()
    assert seen.requests == [pages[name].as_uri()]  # the page itself, nothing else
    assert seen.console == []
    assert seen.dialogs == []


def test_the_clean_inventory_summary(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["clean"]).page
    assert [text.replace("\n", " ") for text in texts(page, "#stats li")] == [
        "11 licenses",
        "0 errors",
        "0 warnings",
        "0 overdue",
        "0 due within 14 days (overdue included)",
        "0 due within 60 days (overdue included)",
        "0 waivers in force",
        "9 people license mail reaches",
        "0 below min_reach (2)",
    ]
    assert texts(page, "#products tbody tr")[-1] == "All products\t4\t7\t11"
    assert texts(page, "#finding-table") == ["Every finding, errors first, then by place in the file: no findings"]
    # Nothing renews in the next 24 months; the caption says when the next one is, and Data Center's end.
    assert page.locator("svg#timeline g.event").count() == 0
    caption = page.locator("#timeline-caption").inner_text()
    assert "11 renewals after 2028-11-26 (the next on 2029-01-31)." in caption
    assert "Data Center: support ends on 2029-03-28, after this timeline (7 licenses)." in caption


def test_the_summary_counts_of_every_rule(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["every-rule"]).page
    assert [text.replace("\n", " ") for text in texts(page, "#stats li")] == [
        "7 licenses",
        "23 errors",
        "4 warnings",
        "1 overdue",
        "2 due within 14 days (overdue included)",
        "3 due within 60 days (overdue included)",
        "4 waivers in force",
        "3 people license mail reaches",
        "5 below min_reach (3)",
    ]
    assert page.locator("#finding-table tbody tr").count() == 27
    # Each finding names its rule, which links to the rule's explanation on the page.
    page.locator("#finding-table tbody tr", has_text="mailbox-structure").first.get_by_role("link").click()
    assert page.evaluate("location.hash") == "#rule-mailbox-structure"
    assert page.locator("#rule-mailbox-structure").is_visible()
    assert texts(page, "#waivers tbody tr td:nth-child(5)") == [
        "expired 26 days ago",
        "in force, ends in 94 days",
        "in force, ends in 125 days",
        "in force, ends in 125 days",
        "in force, ends in 2912113 days",
    ]


def test_the_timeline_shows_each_renewal_on_its_date_in_order(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["every-rule"]).page
    assert page.locator("svg#timeline g.event title").all_text_contents() == [
        "2026-11-01: SEN-10000004 Opsgenie, overdue by 25 days (overdue)",
        "2026-12-04: SEN-10000001 Jira Software, in 8 days (error)",
        "2027-01-15: SEN-10000001 Confluence, in 50 days (warning)",
        "2027-06-30: SEN-10000002 Bitbucket, in 216 days (ok)",
        "2027-09-30: SEN-10000005 Tempo Timesheets, in 308 days (ok)",
        "2027-10-31: SEN-10000007 Compass, in 339 days (ok)",
    ]
    # Placed left to right by date, the overdue one left of today's line; shape tells the level too.
    boxes = [box["x"] for box in (e.bounding_box() for e in page.locator("svg#timeline g.event").all()) if box]
    assert boxes == sorted(boxes)
    today = page.locator("svg#timeline line.today").bounding_box()
    assert today is not None
    assert boxes[0] < today["x"] < boxes[1]
    shapes = [page.locator("svg#timeline g.event").nth(n).evaluate("g => g.lastElementChild.tagName") for n in range(6)]
    assert shapes == ["path", "path", "circle", "rect", "rect", "rect"]
    # End-of-support dates within the timeline: Opsgenie's; Server's is past and Data Center's later.
    assert page.locator("svg#timeline g.end-of-support title").all_text_contents() == [
        "Opsgenie end of support: 2027-04-05"
    ]
    caption = page.locator("#timeline-caption").inner_text()
    assert "Server: support ended on 2024-02-15 (1 license)." in caption
    assert "Data Center: support ends on 2029-03-28, after this timeline (1 license)." in caption


def test_the_licenses_at_risk_come_first(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["every-rule"]).page
    assert texts(page, "#below tbody tr td:first-child") == [
        "SEN-10000001",
        "SEN-10000002",
        "SEN-10000003",
        "SEN-10000004",
        "SEN-10000005",
    ]
    assert texts(page, "#below tbody tr td:nth-child(4)") == [
        "alice.martin@example.com, bob.chen@example.com",
        "carla.diaz@example.com",
        "no one",
        "alice.martin@example.com, bob.chen@example.com",
        "alice.martin@example.com, bob.chen@example.com",
    ]
    # The people whose departure alone leaves licenses below min_reach lead the people table.
    people = texts(page, "#people tbody tr td:nth-child(4)")
    assert people == ["SEN-10000001, SEN-10000007", "SEN-10000001, SEN-10000007", "SEN-10000001, SEN-10000007"]
    assert texts(page, "#people tbody tr td:first-child")[0] == "Alice Martin\nalice.martin@example.com"


def test_the_2000_license_page_counts_sorts_and_filters(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["big"]).page
    assert [text.replace("\n", " ") for text in texts(page, "#stats li")][:6] == [
        "2000 licenses",
        "20 errors",
        "46 warnings",
        "5 overdue",
        "20 due within 14 days (overdue included)",
        "66 due within 60 days (overdue included)",
    ]
    assert page.locator("svg#timeline g.event").count() == 737
    table = page.locator("#renewal-table")
    assert table.locator("tbody tr").count() == 737
    assert visible_rows(page, "renewal-table")[:3] == ["SEN-10000000", "SEN-10000001", "SEN-10000002"]
    assert table.locator("th[aria-sort]").all_inner_texts() == ["Renews"]
    # Sort by license, descending (a second click), with the header's state said to assistive technology.
    header = table.get_by_role("button", name="License")
    header.click()
    header.click()
    assert table.locator("th[aria-sort]").evaluate("th => [th.textContent, th.getAttribute('aria-sort')]") == [
        "License",
        "descending",
    ]
    assert visible_rows(page, "renewal-table")[:3] == ["SEN-10000736", "SEN-10000735", "SEN-10000734"]
    # Filter: type, and only the matching rows stay; the status line says how many.
    page.get_by_label("Filter renewals").fill("SEN-1000012")
    assert visible_rows(page, "renewal-table") == [f"SEN-1000012{n}" for n in range(9, -1, -1)]
    assert page.locator("#renewal-table").locator("xpath=../..").get_by_role("status").first.inner_text() == (
        "10 of 737 renewals shown"
    )
    page.get_by_label("Filter renewals").fill("")
    page.get_by_label("Level", exact=True).select_option("overdue")
    assert visible_rows(page, "renewal-table") == [f"SEN-1000000{n}" for n in range(4, -1, -1)]
    page.get_by_label("Severity", exact=True).select_option("error")
    assert page.locator("#finding-table tbody tr:visible").count() == 20


def test_without_javascript_every_table_is_complete(visit: Any, pages: dict[str, Path]) -> None:
    scripted = visit(pages["big"]).page
    plain = visit(pages["big"], java_script_enabled=False).page
    tables = ["products", "findings-by-rule", "renewal-table", "people", "finding-table"]
    for table in tables:
        rows = plain.locator(f"#{table} tbody tr")
        assert rows.count() == scripted.locator(f"#{table} tbody tr").count() > 0, table
        assert plain.locator(f"#{table} tbody tr:visible").count() == rows.count(), table
    assert plain.locator("button.sort").count() == 0
    assert plain.locator(".controls").count() == 0
    assert scripted.locator("#renewal-table button.sort").count() == 8
    assert plain.locator("svg#timeline g.event").count() == 737
    assert plain.locator("noscript").count() == 1


def test_hostile_strings_show_as_text(visit: Any, pages: dict[str, Path]) -> None:
    seen = visit(pages["hostile"])
    page = seen.page
    assert page.locator("script").count() == 1
    assert page.locator("img, iframe, object, embed, base, link, style").count() == 1  # our one <style>
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))"
            ".filter(name => name.startsWith('on'))"
        )
        == []
    )
    hrefs = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert all(href.startswith("#") for href in hrefs)
    notes = texts(page, "#renewal-table tbody tr td:nth-child(8)")
    shown = {
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(2)>',
        "javascript:alert(3)",
        "\\u202egnp.exe",
        "bell\\x07 escape\\x1b[2J",
        '=HYPERLINK("http://example.net","click")',
        "</style></svg></title><a href=javascript:alert(4)>x</a>",
        "&amp; ' \"",
        "x" * 3000,
    }
    assert len(HOSTILE) == len(shown)
    assert set(notes) == shown
    assert seen.dialogs == []
    # A 3,000-character word wraps inside its cell: the page is no wider than a phone's screen.
    phone = visit(pages["hostile"], viewport=PHONE).page
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["clean", "every-rule", "hostile"])
def test_axe_finds_no_serious_violation(visit: Any, pages: dict[str, Path], name: str, scheme: str) -> None:
    """axe-core run in the page. The page's Content-Security-Policy allows only its own script
    (by hash), so the context bypasses it to let axe in: what axe judges is the page, not its policy."""
    page = visit(pages[name], color_scheme=scheme, bypass_csp=True).page
    page.evaluate((importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text())
    # Long tables are laid out when they come near the screen (content-visibility): render them all first.
    page.add_style_tag(content=".big{content-visibility:visible}")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert results["testEngine"]["version"].startswith("4.")


def artifacts() -> Path:
    folder = Path(os.environ.get("LICENSEGATE_ARTIFACTS") or ROOT / "artifacts") / "report"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize(("width", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(visit: Any, pages: dict[str, Path], width: str, viewport: dict[str, int], scheme: str) -> None:
    for name in ("clean", "every-rule", "big"):
        page = visit(pages[name], viewport=viewport, color_scheme=scheme).page
        target = artifacts() / f"{name}-{width}-{scheme}.png"
        page.screenshot(path=str(target), full_page=name != "big")
        assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_printing_shows_every_row_and_no_controls(visit: Any, pages: dict[str, Path]) -> None:
    page = visit(pages["big"]).page
    page.get_by_label("Filter renewals").fill("SEN-1000012")
    page.emulate_media(media="print")
    assert page.locator(".controls").first.is_hidden()
    assert page.locator("#renewal-table tbody tr:visible").count() == 737
    assert page.pdf()[:5] == b"%PDF-"


def test_the_readme_screenshot(visit: Any, tmp_path: Path) -> None:
    """The README's picture: the shipped inventory when its Data Center licenses come due. Written
    to the artifacts; docs/report.png is this file, copied."""
    result = run("report", "--today", "2028-12-15", "-o", str(tmp_path), "licenses.yaml", cwd=ROOT)
    assert result.returncode == 0
    page = visit(tmp_path / "index.html", viewport={"width": 1100, "height": 800}).page
    assert page.locator("svg#timeline g.event").count() == 7
    # From the top of the page to the end of the timeline.
    figure = page.locator("figure").bounding_box()
    assert figure is not None
    clip = {"x": 0, "y": 0, "width": 1100, "height": figure["y"] + figure["height"] + 16}
    page.screenshot(path=str(artifacts() / "readme.png"), full_page=True, clip=clip)


@pytest.mark.parametrize("name", ["clean", "every-rule"])
def test_headings_in_order_and_focus_visible(visit: Any, pages: dict[str, Path], name: str) -> None:
    page = visit(pages[name]).page
    levels = page.evaluate("[...document.querySelectorAll('h1, h2, h3, h4')].map(h => Number(h.tagName[1]))")
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
    assert page.evaluate("[...document.querySelectorAll('main, header, nav, footer')].map(e => e.tagName)") == [
        "HEADER",
        "NAV",
        "MAIN",
        "FOOTER",
    ]
    # The first Tab shows the skip link, focused and outlined; following it lands on the content.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.textContent, s.outlineStyle, s.outlineWidth, e.getBoundingClientRect().left >= 0]; })()"
    )
    assert focused == ["Skip to the content", "solid", "3px", True]
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # Every control the script adds has a label.
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input, select')].filter(e => !e.labels || e.labels.length === 0).length"
    )
    assert unlabelled == 0

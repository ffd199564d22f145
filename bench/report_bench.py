"""How long ``licensegate report`` takes against ``check``, and how long its page takes to render.

    python bench/report_bench.py [N] [RUNS]

Generates N licenses (default 2,000: ``bench/generate.py``, with the billing mailbox it names
declared), then:

1. runs ``licensegate report`` and ``licensegate check`` on it in turn, RUNS times each (default
   15), whole-process, and prints the medians and the median of the pair-by-pair ratios;
2. opens the page in headless Chromium (Debian's ``chromium``, driven by Playwright, as the tests
   do) RUNS times, each in a fresh context, and prints the medians of what the browser's own
   Navigation Timing says: DOMContentLoaded (the HTML parsed), loadEventEnd (the page and its
   script done) and the first contentful paint.

Needs the dev extra (Playwright) and /usr/bin/chromium. Prints; judges nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

TODAY = "2026-11-26"
CHROMIUM = "/usr/bin/chromium"
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
FINANCE = "  - address: finance@example.com\n    members: [ines.moreau@example.com, jonas.berg@example.com]\n"


def inventory(count: int) -> str:
    """generate.py's inventory, with the billing contact it names declared (else every license
    has an unknown-contact finding, which no real inventory has)."""
    text = generate(count)
    text = text.replace("mailboxes:\n", "mailboxes:\n" + FINANCE, 1)
    people = "people:\n  - {email: ines.moreau@example.com, name: Ines Moreau}\n"  # jonas.berg is generated
    return text.replace("people:\n", people, 1)


def licensegate() -> str:
    return str(Path(sys.executable).parent / "licensegate")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def commands(folder: Path, runs: int) -> None:
    source = folder / "licenses.yaml"
    report = [licensegate(), "report", "--today", TODAY, "-o", str(folder / "site"), str(source)]
    check = [licensegate(), "check", "--today", TODAY, str(source)]
    timed(report), timed(check)  # warm-up: bytecode, file cache
    pairs = [(timed(report), timed(check)) for _ in range(runs)]
    median_report = statistics.median(a for a, _ in pairs)
    median_check = statistics.median(b for _, b in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    print(f"report {median_report:.3f} s, check {median_check:.3f} s, ratio {ratio:.2f} (median of {runs} pairs)")


def browser(page_path: Path, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {"domContentLoaded": [], "loadEventEnd": [], "firstContentfulPaint": []}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs + 1):
            context = chromium.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            timing = page.evaluate(
                """() => {
                  const n = performance.getEntriesByType("navigation")[0];
                  const p = performance.getEntriesByName("first-contentful-paint")[0];
                  return {domContentLoaded: n.domContentLoadedEventEnd, loadEventEnd: n.loadEventEnd,
                          firstContentfulPaint: p ? p.startTime : -1};
                }"""
            )
            context.close()
            for key in figures:
                figures[key].append(timing[key])
        chromium.close()
    size = page_path.stat().st_size
    medians = ", ".join(f"{key} {statistics.median(values[1:]):.0f} ms" for key, values in figures.items())
    print(f"page {size / 1e6:.1f} MB: {medians} (median of {runs}, after one warm-up)")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "licenses.yaml").write_text(inventory(count))
        commands(folder, runs)
        if os.path.exists(CHROMIUM):
            browser(folder / "site" / "index.html", runs)
        else:
            print(f"{CHROMIUM} is missing: no browser figures (apt-get install chromium)")


if __name__ == "__main__":
    main()

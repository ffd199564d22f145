"""``licensegate report``: the inventory, its renewals, who holds what and every finding, as one
static HTML page (``DIR/index.html``)."""

from __future__ import annotations

import datetime
import os

from checker import engine, escape, files, output, report_data, report_html
from checker.commands import today_utc
from checker.commands.check import on_disk, refuse_to_overwrite
from checker.errors import EXIT_OK, UsageError
from checker.finding import Severity
from checker.rules import docs

PAGE = "index.html"


def _folder(output_dir: str) -> str:
    """DIR, made if missing; the page is written inside it and nowhere else."""
    if os.path.exists(output_dir) and not os.path.isdir(output_dir):
        raise UsageError(f"{output_dir}: not a directory: -o names the folder the page is written into")
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{output_dir}: cannot make the folder: {exc.strerror or exc}") from None
    target = os.path.join(output_dir, PAGE)
    if os.path.isdir(target):
        raise UsageError(f"{target}: is a directory, not a file")
    return target


def run(
    path: str | None,
    *,
    output_dir: str,
    today: datetime.date | None = None,
    policy: str | None = None,
    stdin_filename: str | None = None,
    link_template: str | None = None,
) -> int:
    """Write the page; exit 0 once it is written, whatever it shows (the page is the report:
    ``check`` is the gate). A file that cannot be read is a usage error and writes nothing."""
    path, raw = files.read_input(path, stdin_filename=stdin_filename)
    policy_file = None if policy is None else (policy, files.read(policy))
    target = os.path.join(output_dir, PAGE)
    refuse_to_overwrite(target, [path, *([policy] if policy else [])])
    # As check reads and judges it: the same load (policy file, directory file) and the same engine.
    loaded = engine.load(raw, path=path, policy=policy_file, directory=on_disk(path))
    day = today or today_utc()
    result = engine.check_loaded(loaded, today=day)
    shown = sorted({finding.file for finding in result.findings} | {path})
    link = report_data.link_of(link_template, files.repository_paths([name for name in shown if name != files.STDIN]))
    data = report_data.gather(loaded, result, today=day, rules={doc.id: doc for doc in docs()}, link=link)
    page = report_html.render(data)
    written = _folder(output_dir)
    output.write(page, output_file=written)
    errors = sum(1 for finding in result.findings if finding.severity == Severity.ERROR)
    counts = (
        f"{result.licenses} license{'s' if result.licenses != 1 else ''}, {errors} error{'s' if errors != 1 else ''}"
    )
    warnings = len(result.findings) - errors
    output.write(f"{escape.terminal(written)}: written ({counts}, {warnings} warning{'s' if warnings != 1 else ''})\n")
    return EXIT_OK

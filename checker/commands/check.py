"""``licensegate check``: read the inputs, call the engine, print the report, pick the exit code.

No option parsing here, and no Typer: ``checker.entry`` calls this directly for a plain
``licensegate check`` (the pre-commit hook's case), ``checker.cli`` for the rest.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
from dataclasses import dataclass

from checker import engine, files
from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.reporters import REPORTERS, Report
from checker.rules import docs


def use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@dataclass(frozen=True)
class Input:
    """One file to check: its name as shown, its bytes, and in change mode its bytes at the base."""

    path: str
    raw: bytes
    base_raw: bytes | None = None


def build_inputs(paths: list[str], *, base: str | None, head: str | None) -> list[Input]:
    """The files to check; with --base or --head, read through git."""
    if base is None and head is None:
        return [Input(path, files.read(path)) for path in paths]
    from checker import gitio  # GitPython: only in change mode

    repository = gitio.Repository.for_path(paths[0])
    head_rev = None if head is None else (gitio.INDEX if head == gitio.INDEX else repository.resolve(head))
    base_rev = None if base is None else repository.resolve(base)
    inputs = []
    for path in paths:
        if head_rev is None:
            shown, raw = path, files.read(path)
            name = repository.relative(path)
        else:
            shown = name = repository.relative(path)
            found = repository.read(head_rev, name)
            if found is None:
                raise UsageError(f"{name}: not in {head}")
            raw = found
        base_raw = None
        if base_rev is not None:
            base_raw = repository.read(base_rev, name)
            if base_raw is None:
                renamed = repository.renamed_from(base_rev, name, head_rev)
                base_raw = repository.read(base_rev, renamed) if renamed else None
        inputs.append(Input(shown, raw, base_raw))
    return inputs


def write_step_summary(report: Report, path: str) -> None:
    """GitHub shows only ten annotations of each level: the job summary gets every finding."""
    from checker.reporters import github

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(github.step_summary(report))
    except OSError as exc:
        raise UsageError(f"GITHUB_STEP_SUMMARY={path}: cannot write: {exc.strerror or exc}") from None


def run(
    paths: list[str],
    *,
    output_format: str = "text",
    today: datetime.date | None = None,
    strict: bool = False,
    base: str | None = None,
    head: str | None = None,
) -> int:
    """Check PATHS and print the report; returns the exit code."""
    inputs = build_inputs(paths, base=base, head=head)
    day = today or datetime.date.today()
    results = []
    for item in inputs:
        result = engine.check_bytes(item.raw, path=item.path, today=day)
        if base is not None:
            before = (
                [] if item.base_raw is None else engine.check_bytes(item.base_raw, path=item.path, today=day).findings
            )
            result = dataclasses.replace(result, findings=engine.mark_new(result.findings, before))
        results.append((item.path, result))
    report = Report(
        findings=[finding for _, result in results for finding in result.findings],
        files=len(inputs),
        licenses=sum(result.licenses for _, result in results),
        rules=docs(),
        overrides=tuple(
            f"{path}: {rule}={level}" for path, result in results for rule, level in result.overrides.items()
        ),
        waived=sum(result.waived for _, result in results),
        repo_paths=files.repository_paths([item.path for item in inputs]),
        base=base,
        checked={path: result.sens for path, result in results},
    )
    sys.stdout.write(REPORTERS.get(output_format)(report, color=use_color()))
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        write_step_summary(report, os.environ["GITHUB_STEP_SUMMARY"])
    return EXIT_FINDINGS if report.failing(strict=strict) else EXIT_OK

"""Running ``check``: read the inputs, call the engine, print the report, pick the exit code.

No option parsing here, and no Typer: ``checker.entry`` calls this directly for a
plain ``licensegate check`` (the pre-commit hook's case), ``checker.cli`` for the rest.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.reporters import OutputFormat, Report

DEFAULT_PATH = "licenses.yaml"


def read_inputs(paths: list[str]) -> list[tuple[str, bytes]]:
    """Each path's bytes; a path that cannot be read is a usage error (exit 2)."""
    inputs = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                inputs.append((path, handle.read()))
        except FileNotFoundError:
            raise UsageError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise UsageError(f"{path}: is a directory, not a file") from None
        except PermissionError:
            raise UsageError(f"{path}: permission denied") from None
        except OSError as exc:
            raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return inputs


def use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@dataclass(frozen=True)
class Input:
    """One file to check: its name as shown, its bytes, and in change mode its bytes at the base."""

    path: str
    raw: bytes
    base_raw: bytes | None = None


def build_inputs(paths: list[str], *, base: str | None, head: str | None) -> tuple[list[Input], str | None]:
    """The files to check; with --base or --head, read through git. Returns them and the base's name."""
    if base is None and head is None:
        return [Input(path, raw) for path, raw in read_inputs(paths)], None
    from checker import gitio

    repository = gitio.Repository.for_path(paths[0])
    head_rev = None if head is None else (gitio.INDEX if head == gitio.INDEX else repository.resolve(head))
    base_rev = None if base is None else repository.resolve(base)
    inputs = []
    for path in paths:
        if head_rev is None:
            ((shown, raw),) = read_inputs([path])
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
    return inputs, base


def repository_paths(paths: list[str]) -> dict[str, str]:
    """Each path relative to the root of the git work tree it is in, found without GitPython."""
    found = {}
    for path in paths:
        full = Path(path).resolve()
        for parent in full.parents:
            if (parent / ".git").exists():
                found[path] = full.relative_to(parent).as_posix()
                break
    return found


def write_step_summary(report: Report, path: str) -> None:
    """GitHub shows only ten annotations of each level: the job summary gets every finding."""
    from checker.reporters import github

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(github.step_summary(report))
    except OSError as exc:
        raise UsageError(f"GITHUB_STEP_SUMMARY={path}: cannot write: {exc.strerror or exc}") from None


def check(
    paths: list[str],
    *,
    output_format: OutputFormat = "text",
    today: datetime.date | None = None,
    strict: bool = False,
    base: str | None = None,
    head: str | None = None,
) -> int:
    """Check PATHS and print the report; returns the exit code."""
    from checker import engine
    from checker.reporters import reporter
    from checker.rules import docs
    from checker.rules.base import Context

    inputs, base_name = build_inputs(paths, base=base, head=head)
    context = Context(today=today or datetime.date.today())
    results = []
    for item in inputs:
        result = engine.check_bytes(item.raw, path=item.path, context=context)
        if base_name is not None:
            before = (
                []
                if item.base_raw is None
                else engine.check_bytes(item.base_raw, path=item.path, context=context).findings
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
        repo_paths=repository_paths([item.path for item in inputs]),
        base=base_name,
        checked={path: result.sens for path, result in results},
    )
    sys.stdout.write(reporter(output_format)(report, color=use_color()))
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        write_step_summary(report, os.environ["GITHUB_STEP_SUMMARY"])
    return EXIT_FINDINGS if report.failing(strict=strict) else EXIT_OK

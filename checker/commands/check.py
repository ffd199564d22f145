"""``licensegate check``: read the inputs, call the engine, print the report, pick the exit code.

No option parsing here, and no Typer: ``checker.entry`` calls this directly for a plain
``licensegate check`` (the pre-commit hook's case), ``checker.cli`` for the rest.
"""

from __future__ import annotations

import datetime
import os
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker import engine, files, output, selection
from checker.commands import today_utc
from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.reporters import REPORTERS, Report
from checker.rules import docs

if TYPE_CHECKING:
    from checker.gitio import Repository


@dataclass(frozen=True)
class Input:
    """One file to check: its name as shown, its bytes, and in change mode its bytes at the base."""

    path: str
    raw: bytes
    base_raw: bytes | None = None
    # With --policy: the policy file's name as shown, its bytes, and its bytes at the base.
    policy: tuple[str, bytes] | None = None
    base_policy: tuple[str, bytes] | None = None
    # Where the directory file the inventory names is read from, here and at the base.
    directory: engine.ReadDirectory | None = None
    base_directory: engine.ReadDirectory | None = None


def on_disk(inventory: str) -> engine.ReadDirectory:
    """The directory file INVENTORY names, read from the working tree."""

    def read(named: str) -> tuple[str, bytes]:
        path = files.named_by(inventory, named)
        return path, files.read(path)

    return read


def in_revision(repository: Repository, rev: str, inventory: str, where: str) -> engine.ReadDirectory:
    """The directory file INVENTORY (named as in the repository) names, read at REV (WHERE says which)."""

    def read(named: str) -> tuple[str, bytes]:
        name = posixpath.normpath(posixpath.join(posixpath.dirname(inventory), named))
        if name == ".." or name.startswith("../"):
            raise UsageError(f"{named}: outside the repository: a directory file must be inside it")
        raw = repository.read(rev, name)
        if raw is None:
            raise UsageError(f"{name}: not in {where}")
        return name, raw

    return read


def build_inputs(
    paths: list[str],
    *,
    base: str | None,
    head: str | None,
    policy: str | None = None,
    stdin_filename: str | None = None,
) -> list[Input]:
    """The files to check; with --base or --head, read through git (the policy file too). A PATH
    of '-' is standard input, shown (and, in change mode, found in the repository) as
    STDIN_FILENAME."""

    def read(path: str) -> tuple[str, bytes]:
        return files.read_input(path, stdin_filename=stdin_filename if path == files.STDIN else None)

    if base is None and head is None:
        policy_file = None if policy is None else (policy, files.read(policy))
        return [
            Input(shown, raw, policy=policy_file, directory=on_disk(shown))
            for shown, raw in (read(path) for path in paths)
        ]
    from checker import gitio  # GitPython: only in change mode

    def in_repository(path: str) -> str:
        """Where PATH is on disk: standard input is where its --stdin-filename says."""
        return stdin_filename if path == files.STDIN and stdin_filename is not None else path

    repository = gitio.Repository.for_path(in_repository(paths[0]))
    head_rev = None if head is None else (gitio.INDEX if head == gitio.INDEX else repository.resolve(head))
    base_rev = None if base is None else repository.resolve(base)
    policy_at_head: tuple[str, bytes] | None = None
    policy_at_base: tuple[str, bytes] | None = None
    if policy is not None:
        policy_name = repository.relative(policy)
        raw_policy = files.read(policy) if head_rev is None else repository.read(head_rev, policy_name)
        if raw_policy is None:
            raise UsageError(f"{policy_name}: not in {head}")
        policy_at_head = (policy if head_rev is None else policy_name, raw_policy)
        before = None if base_rev is None else repository.read(base_rev, policy_name)
        # A policy file new since the base: the base's own policy section is what the change started with.
        policy_at_base = None if before is None else (policy_at_head[0], before)
    inputs = []
    for path in paths:
        if head_rev is None:
            shown, raw = read(path)
            name = repository.relative(in_repository(path))
        else:
            shown = name = repository.relative(path)
            found = repository.read(head_rev, name)
            if found is None:
                raise UsageError(f"{name}: not in {head}")
            raw = found
        base_raw = None
        base_name = name
        if base_rev is not None:
            base_raw = repository.read(base_rev, name)
            if base_raw is None:
                # Followed only from another inventory: a file renamed into an inventory's name
                # (draft.yaml -> licenses.yaml) was never checked as one, so all of it is new.
                renamed = repository.renamed_from(base_rev, name, head_rev)
                base_raw = repository.read(base_rev, renamed) if renamed and files.is_inventory(renamed) else None
                base_name = renamed or name
        head_directory = (
            on_disk(path)
            if head_rev is None
            else in_revision(repository, head_rev, name, "the staged files" if head_rev == gitio.INDEX else str(head))
        )
        base_directory = None if base_rev is None else in_revision(repository, base_rev, base_name, str(base))
        inputs.append(Input(shown, raw, base_raw, policy_at_head, policy_at_base, head_directory, base_directory))
    return inputs


def write_step_summary(report: Report, path: str) -> None:
    """GitHub shows only ten annotations of each level: the job summary gets every finding."""
    from checker.reporters import github

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(github.step_summary(report))
    except OSError as exc:
        raise UsageError(f"GITHUB_STEP_SUMMARY={path}: cannot write: {exc.strerror or exc}") from None


def all_inventories() -> list[str]:
    """Every inventory git tracks in the repository around the current folder (``check --all``),
    listed by git with NUL separators, so no file name is ever split or read as an option."""
    from checker import gitio

    repository = gitio.Repository.find(".")
    found = [path for path in repository.tracked() if files.is_inventory(path)]
    if not found:
        raise UsageError("--all: git tracks no licenses.yaml (or .yml) in this repository")
    return found


def inventories(
    paths: list[str], *, all_files: bool, stdin_filename: str | None, base: str | None, head: str | None
) -> list[str]:
    """The inventories to check: PATHS; with --all, every one git tracks; with --stdin-filename
    or a PATH of '-', standard input; with none of them, the nearest one (``files.discover``)."""
    if all_files:
        if stdin_filename is not None:
            raise UsageError("--all reads the files git tracks and --stdin-filename standard input: give one of them")
        if paths:
            raise UsageError("--all takes no paths: it checks every licenses.yaml git tracks")
        return all_inventories()
    if stdin_filename is not None:
        if any(path != files.STDIN for path in paths):
            other = next(path for path in paths if path != files.STDIN)
            raise UsageError(f"--stdin-filename names standard input ('-'): it takes no other PATH ({other})")
        paths = [files.STDIN]
    if paths.count(files.STDIN) > 1:
        raise UsageError("'-' (standard input) can be read only once")
    if files.STDIN in paths and head is not None:
        raise UsageError("--head reads the files from git and '-' from standard input: give one of them")
    if files.STDIN in paths and base is not None and stdin_filename is None:
        raise UsageError("--base with '-' needs --stdin-filename: the file's name in the repository")
    return paths or [files.default_inventory()]


def refuse_to_overwrite(output_file: str | None, paths: list[str]) -> None:
    """-o naming a file being checked would replace the inventory with its own report."""
    if output_file is None or not os.path.exists(output_file):
        return
    for path in paths:
        if path != files.STDIN and os.path.exists(path) and os.path.samefile(path, output_file):
            raise UsageError(f"{output_file}: is an input of this check; refusing to write the report over it")


def _shown(inputs: list[Input], results: list[tuple[str, engine.FileResult]]) -> list[str]:
    """Every file the report names: the inventories, then the files their findings point into."""
    found = [item.path for item in inputs] + [finding.file for _, result in results for finding in result.findings]
    return list(dict.fromkeys(found))


def run(
    paths: list[str],
    *,
    output_format: str = "text",
    today: datetime.date | None = None,
    strict: bool = False,
    base: str | None = None,
    head: str | None = None,
    policy: str | None = None,
    all_files: bool = False,
    stdin_filename: str | None = None,
    quiet: bool = False,
    color: str = "auto",
    output_file: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> int:
    """Check PATHS (or, with ALL_FILES, every inventory git tracks) and print the report; returns
    the exit code."""
    hidden = selection.deselected(select or [], ignore or []) if select or ignore else frozenset()
    paths = inventories(paths, all_files=all_files, stdin_filename=stdin_filename, base=base, head=head)
    refuse_to_overwrite(output_file, [*paths, *([policy] if policy else [])])
    inputs = build_inputs(paths, base=base, head=head, policy=policy, stdin_filename=stdin_filename)
    day = today or today_utc()
    results = []
    for item in inputs:
        loaded = engine.load(item.raw, path=item.path, policy=item.policy, directory=item.directory)
        if base is None:
            result = engine.check_loaded(loaded, today=day)
        else:
            before = (
                None
                if item.base_raw is None
                else engine.load(item.base_raw, path=item.path, policy=item.base_policy, directory=item.base_directory)
            )
            result = engine.check_change(loaded, before, today=day)
        results.append((item.path, result))
    found = [finding for _, result in results for finding in result.findings]
    # --select and --ignore narrow what is reported, after the engine judged everything.
    shown = [finding for finding in found if finding.rule not in hidden]
    report = Report(
        findings=shown,
        files=len(inputs),
        licenses=sum(result.licenses for _, result in results),
        rules=docs(),
        overrides=tuple(
            f"{path}: {rule}={level}" for path, result in results for rule, level in result.overrides.items()
        ),
        waived=sum(result.waived for _, result in results),
        # The inventories, and the policy and directory files findings point into (never standard input).
        repo_paths=files.repository_paths([path for path in _shown(inputs, results) if path != files.STDIN]),
        base=base,
        checked={path: result.sens for path, result in results},
        strict=strict,
        quiet=quiet,
        deselected=len(found) - len(shown),
    )
    rendered = REPORTERS.get(output_format)(report, color=output.use_color(color, output_file=output_file))
    output.write(rendered, output_file=output_file)
    if output_format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        write_step_summary(report, os.environ["GITHUB_STEP_SUMMARY"])
    return EXIT_FINDINGS if report.failing() else EXIT_OK

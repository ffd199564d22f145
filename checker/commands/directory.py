"""``licensegate directory import``: identity-provider exports made into the directory file.

Reads every page, has the source make an export of it, merges that with the previous directory
(the file at ``-o``), and writes the result atomically, or only says whether it would change
(``--check``). Every problem with the input is found before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import sys
import tempfile
from typing import Any

from checker import csvrows, escape, files
from checker.commands import today_utc
from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.idp import SOURCES, merge, records
from checker.idp.csv_ import FIELDS

# The keys a directory file has; a file at -o with others (licenses, policy) is not one.
_DIRECTORY_KEYS = {"version", "people", "mailboxes"}


def run_import(
    source: str,
    paths: list[str],
    *,
    output: str | None,
    check: bool,
    exported: datetime.date | None,
    columns: list[str],
    departed: list[str],
) -> int:
    if check and output is None:
        raise UsageError("--check compares with the directory file at -o PATH: give -o")
    options = _options(source, columns, departed)
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise UsageError(f"{path}: given twice")
        seen.add(path)
    # In name order, so that which problem is reported first does not depend on the shell's order.
    export = SOURCES[source]([records.read(path) for path in sorted(paths)], options)
    _warn(export.warnings)  # before the merge, which may stop for what they explain
    current = _current(output)
    directory = merge.build(export, _previous(output, current), previous_path=output or "")
    _warn(directory.warnings)
    body = merge.render(directory)
    text = merge.header(source, (exported or today_utc()).isoformat()) + body
    if output is None:
        _write_stdout(text)
        _summary("directory", directory, None)
        return EXIT_OK
    same = current is not None and merge.content(current.decode("utf-8", errors="replace")) == body
    if check:
        _summary(output, directory, "up to date" if same else "would change")
        return EXIT_OK if same else EXIT_FINDINGS
    if not same:
        _write_atomically(output, text)
    _summary(output, directory, "unchanged" if same else "written")
    return EXIT_OK


def _options(source: str, columns: list[str], departed: list[str]) -> records.Options:
    if source != "csv" and (columns or departed):
        raise UsageError("--column and --departed-status are for the csv source only")
    mapping = csvrows.column_mapping(columns, fields=FIELDS, example="email=Work Email")
    return records.Options(columns=mapping, departed=frozenset(value.strip().casefold() for value in departed))


def _current(output: str | None) -> bytes | None:
    """The directory file at -o as it is now, or None if there is none yet."""
    if output is None or not os.path.lexists(output):
        return None
    return files.read(output)


def _previous(output: str | None, current: bytes | None) -> dict[str, Any] | None:
    if output is None or current is None:
        return None
    from checker import document  # the project's loader (a file the import wrote: read with json)

    loaded = document.load(current)
    if loaded.document is None:
        raise UsageError(f"{output}: cannot read the previous directory file: {loaded.why_unreadable()}")
    if loaded.problems:
        rule, problem = loaded.problems[0]
        line, column = problem.position or (1, 1)
        raise UsageError(f"{output}:{line}:{column}: [{rule}] {problem.message}: fix the previous directory file first")
    data = loaded.document.data
    others = sorted(set(data) - _DIRECTORY_KEYS)
    if others:
        raise UsageError(
            f"{output}: not a directory file (it has {', '.join(repr(key) for key in others[:3])}):"
            " -o names the directory file, such as people.yaml, never the inventory"
        )
    return data


def _write_stdout(text: str) -> None:
    # The file's bytes are UTF-8 whatever the terminal's encoding, as a redirect to a file expects.
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _write_atomically(output: str, text: str) -> None:
    """A temporary file in the same folder, then one rename: a reader sees the old file or the new
    one, never half of one, and a failure leaves the old file as it was."""
    target = os.path.realpath(output)
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=".tmp")
    except FileNotFoundError:
        raise UsageError(f"{output}: no such folder: {folder}") from None
    except OSError as exc:
        raise UsageError(f"{output}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        sys.stderr.write(f"licensegate: warning: {escape.terminal(warning)}\n")


def _summary(target: str, directory: merge.Directory, state: str | None) -> None:
    people = len(directory.people)
    mailboxes = len(directory.mailboxes)
    line = (
        f"{target}: {people} {'person' if people == 1 else 'people'} ({directory.departed} departed),"
        f" {mailboxes} {'mailbox' if mailboxes == 1 else 'mailboxes'}; "
    )
    line += (
        f"newly departed: {', '.join(directory.newly_departed)}"
        if directory.newly_departed
        else "no one newly departed"
    )
    if directory.mailboxes_gone:
        line += f"; mailboxes whose group is gone: {', '.join(directory.mailboxes_gone)}"
    if state is not None:
        line += f" ({state})"
    sys.stderr.write(f"licensegate: {escape.terminal(line)}\n")

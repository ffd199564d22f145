"""Where a command's report goes: standard output, or the file ``--output-file`` names, and
whether it is coloured. Every command writes its report through ``write``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys

from checker.errors import UsageError


def use_color(mode: str, *, output_file: str | None) -> bool:
    """--color: ``always`` and ``never`` win; for ``auto``, a non-empty NO_COLOR turns colour off
    (https://no-color.org), then a non-empty FORCE_COLOR turns it on (https://force-color.org),
    and otherwise there is colour only when the report goes to a terminal."""
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return output_file is None and sys.stdout.isatty()


def write(text: str, *, output_file: str | None = None) -> None:
    """TEXT to standard output, or to OUTPUT_FILE, replaced whole: a reader of that file sees the
    previous report or the new one, never half of one. A file that cannot be written is a usage
    error (exit 2)."""
    if output_file is None:
        sys.stdout.write(text)
        return
    import tempfile  # only for --output-file

    if os.path.isdir(output_file):
        raise UsageError(f"{output_file}: is a directory, not a file")
    folder = os.path.dirname(output_file) or "."
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(output_file)}.")
    except OSError as exc:
        raise UsageError(f"{output_file}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, _mode(output_file))
        os.replace(temporary, output_file)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise UsageError(f"{output_file}: cannot write: {exc.strerror or exc}") from None


def _mode(path: str) -> int:
    """The permissions a report file gets: those of the file it replaces, or what a new file
    gets under the umask (mkstemp's own are private to the user)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask

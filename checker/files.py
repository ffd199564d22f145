"""Files on disk: reading an inventory, and naming it as its repository does. No GitPython.

Every failure to read is one ``UsageError`` line (exit 2), whatever the command.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from checker.errors import UsageError

DEFAULT_PATH = "licenses.yaml"
# A PATH of '-' is standard input, as for ruff, git and most tools.
STDIN = "-"
# What is an inventory, wherever it is: licenses.yaml in any folder, in any case, or .yml.
# .pre-commit-hooks.yaml and hooks/pre-receive use the same pattern.
INVENTORY_NAME = re.compile(r"(^|/)licenses\.ya?ml$", re.IGNORECASE)
# Far beyond any inventory (50,000 licenses are about 16 MB); reading stops here.
MAX_BYTES = 64 * 1024 * 1024


def is_inventory(path: str) -> bool:
    return INVENTORY_NAME.search(path.replace(os.sep, "/")) is not None


def read(path: str, *, limit: int = MAX_BYTES, what: str = "an inventory", contained: bool = True) -> bytes:
    """PATH's bytes; a path that cannot be read is a usage error (exit 2). Only a regular file is
    read (a FIFO would block, a device never end), at most LIMIT bytes (past it, not WHAT), and,
    when CONTAINED, a symbolic link only when its target stays inside the folder tree it was found
    in (the repository, for a checkout)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(path)
            raise UsageError(f"{path}: not a regular file (a FIFO, device or socket): refusing to read it")
        if contained and os.path.islink(path):
            _check_link(path)
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            raise UsageError(f"{path}: larger than {limit // (1024 * 1024)} MiB: not {what}")
        return raw
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_stdin(shown: str = STDIN) -> bytes:
    """Standard input's bytes (``-`` on the command line), at most MAX_BYTES; SHOWN names it in errors."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise UsageError(f"{shown}: no standard input to read")
    try:
        raw: bytes = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read standard input: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise UsageError(f"{shown}: larger than {MAX_BYTES // (1024 * 1024)} MiB: not an inventory")
    return raw


def read_input(path: str | None, *, stdin_filename: str | None = None) -> tuple[str, bytes]:
    """The inventory a command that reads one file was given: its name as shown and its bytes.
    ``-`` is standard input, shown as ``--stdin-filename``'s NAME (or as ``-``), which is also
    where a directory file it names is looked for (without --stdin-filename, the current folder).
    No PATH: standard input with --stdin-filename (as in ruff), else the nearest inventory."""
    if path is None:
        path = STDIN if stdin_filename is not None else default_inventory()
    if stdin_filename is not None and path != STDIN:
        raise UsageError(f"--stdin-filename names standard input ('-'): it takes no other PATH ({path})")
    if path == STDIN:
        shown = STDIN if stdin_filename is None else stdin_filename
        return shown, read_stdin(shown)
    return path, read(path)


def discover() -> str | None:
    """The inventory a command reads when it is given no PATH, found as git finds ``.git``: the
    nearest licenses.yaml (or .yml, any case) in the current folder or a parent, up to the
    repository's top (the folder with ``.git``) or the filesystem's root. Named relative to the
    current folder, as findings then show it; None if there is none."""
    here = Path(os.getcwd())
    for folder in (here, *here.parents):
        try:
            found = sorted(
                entry.name
                for entry in os.scandir(folder)
                if INVENTORY_NAME.fullmatch(entry.name) and not entry.is_dir()
            )
        except OSError:  # a folder we may not list: look further up
            found = []
        if len(found) > 1:
            names = " and ".join(os.path.relpath(folder / name) for name in found)
            raise UsageError(f"{names}: more than one inventory in one folder; name the one to read")
        if found:
            return os.path.relpath(folder / found[0])
        if (folder / ".git").exists():
            break
    return None


def default_inventory() -> str:
    """The inventory a command reads when given no PATH (``discover``); a usage error if none."""
    found = discover()
    if found is None:
        top = repository_root(os.path.join(os.getcwd(), DEFAULT_PATH))
        where = f"up to the repository's top ({top})" if top is not None else "up to the filesystem's root"
        raise UsageError(f"no licenses.yaml (or .yml) in this folder or a parent {where}; name the inventory")
    return found


def named_by(inventory: str, named: str) -> str:
    """The path of a file an inventory names (its directory file), NAMED being relative to the
    inventory's folder. It must stay inside the inventory's repository (without one, inside the
    inventory's folder): a usage error otherwise, which the engine reports at the inventory's key."""
    folder = os.path.dirname(inventory)
    shown = os.path.normpath(os.path.join(folder, named))
    root = repository_root(inventory) or Path(os.path.abspath(folder or "."))
    target = Path(os.path.abspath(shown))
    if target != root and root not in target.parents:
        raise UsageError(f"{named}: outside {root}: a directory file must be inside the inventory's repository")
    return shown


def _check_link(path: str) -> None:
    """A committed symbolic link must not make the check read outside the repository."""
    folder = Path(os.path.abspath(path)).parent.resolve()
    root = next((parent for parent in (folder, *folder.parents) if (parent / ".git").exists()), Path.cwd().resolve())
    target = Path(path).resolve()
    if target != root and root not in target.parents:
        raise UsageError(f"{path}: a symbolic link to {target}, outside {root}: refusing to read it")


def repository_root(path: str) -> Path | None:
    """The top of the git work tree that holds PATH (the nearest folder with a ``.git``), or None."""
    for parent in Path(path).resolve().parents:
        if (parent / ".git").exists():
            return parent
    return None


def relative_to(path: str, root: Path) -> str | None:
    """PATH relative to ROOT with forward slashes, as git names files; None if it is outside."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def repository_paths(paths: list[str]) -> dict[str, str]:
    """Each path that is inside a git work tree, relative to that tree's top."""
    found = {}
    for path in paths:
        root = repository_root(path)
        relative = relative_to(path, root) if root is not None else None
        if relative is not None:
            found[path] = relative
    return found

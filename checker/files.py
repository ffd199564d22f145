"""Files on disk: reading an inventory, and naming it as its repository does. No GitPython.

Every failure to read is one ``UsageError`` line (exit 2), whatever the command.
"""

from __future__ import annotations

from pathlib import Path

from checker.errors import UsageError

DEFAULT_PATH = "licenses.yaml"


def read(path: str) -> bytes:
    """PATH's bytes; a path that cannot be read is a usage error (exit 2)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


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

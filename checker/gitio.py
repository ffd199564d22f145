"""The one module that imports GitPython: files as they were at a revision.

Imported only by the commands and options that read git (``check --base``,
``diff``), so ``check`` in a pre-commit hook starts without it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import git
from git.exc import BadName, GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from checker.errors import UsageError

# What `--head` and the diff command accept for the staging area, as `git show :path` does.
INDEX = ":"
# The tree of no files: the "before" of a root commit, and of a repository with no commits yet.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True)
class Repository:
    repo: git.Repo

    @classmethod
    def find(cls, start: str | Path = ".") -> Repository:
        try:
            return cls(git.Repo(start, search_parent_directories=True))
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise UsageError(f"{os.path.abspath(start)} is not inside a git repository") from None

    @property
    def root(self) -> Path | None:
        """The working tree's top, or None in a bare repository (a server)."""
        top = self.repo.working_tree_dir
        return Path(top) if top is not None else None

    def relative(self, path: str) -> str:
        """PATH as git names it: relative to the repository root, with forward slashes."""
        if self.root is None:
            return path.replace(os.sep, "/")
        full = Path(path).resolve()
        try:
            return full.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise UsageError(f"{path}: outside the repository at {self.root}") from None

    def resolve(self, rev: str) -> str:
        """The full object name of a commit (or tree); a clear usage error for anything else."""
        if rev == EMPTY_TREE:
            return rev
        try:
            return self.repo.rev_parse(f"{rev}^{{commit}}").hexsha
        except (BadName, ValueError, GitCommandError):
            if rev == "HEAD" and not self.has_commits():
                return EMPTY_TREE  # the first commit of a repository: everything in it is new
            raise UsageError(f"'{rev}' is not a revision in {self.repo.git_dir}") from None

    def has_commits(self) -> bool:
        try:
            self.repo.head.commit  # noqa: B018 - raises when HEAD points at no commit yet
        except ValueError:
            return False
        return True

    def read(self, rev: str, path: str) -> bytes | None:
        """PATH's bytes at REV (a resolved commit, EMPTY_TREE, or INDEX); None where it did not exist."""
        if rev == EMPTY_TREE:
            return None
        spec = f":{path}" if rev == INDEX else f"{rev}:{path}"
        try:
            output = self.repo.git.execute(["git", "cat-file", "blob", spec], stdout_as_string=False)
        except GitCommandError:
            return None
        assert isinstance(output, bytes)
        return output

    def renamed_from(self, rev: str, path: str, head: str | None = None) -> str | None:
        """Where PATH was at REV if git sees it renamed since (to HEAD's commit, or the working tree)."""
        if rev == EMPTY_TREE:
            return None
        args = ["--name-status", "-M", "--diff-filter=R", rev]
        if head is not None and head != INDEX:
            args.append(head)
        elif head == INDEX:
            args.insert(0, "--cached")
        try:
            output = self.repo.git.diff(*args)
        except GitCommandError:
            return None
        for line in output.splitlines():
            status, old, new = [*line.split("\t"), "", ""][:3]
            if status.startswith("R") and new == path:
                return old
        return None

    def changed_paths(self, old: str, new: str) -> list[str]:
        """Paths that differ between two revisions."""
        return [line for line in self.repo.git.diff("--name-only", old, new).splitlines() if line]

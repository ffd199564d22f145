"""The one module that imports GitPython: files as they were at a revision.

Imported only by the commands and options that read git (``check --base``,
``diff``), so ``check`` in a pre-commit hook starts without it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

# GitPython refuses to import without a git executable; licensegate says so itself, in one line.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from checker import files
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
        if shutil.which(os.environ.get("GIT_PYTHON_GIT_EXECUTABLE", "git")) is None:
            raise UsageError("git is not installed or not on PATH: the git features need it")
        try:
            return cls(git.Repo(start, search_parent_directories=True))
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise UsageError(f"{os.path.abspath(start)} is not inside a git repository") from None

    @classmethod
    def for_path(cls, path: str) -> Repository:
        """The repository PATH belongs to, searched from its folder, or from the current one
        where that folder does not exist on disk (a file read from a commit, a bare server)."""
        folder = os.path.dirname(path) or "."
        return cls.find(folder if os.path.isdir(folder) else ".")

    @property
    def root(self) -> Path | None:
        """The working tree's top, or None in a bare repository (a server)."""
        top = self.repo.working_tree_dir
        return Path(top) if top is not None else None

    def relative(self, path: str) -> str:
        """PATH as git names it: relative to the repository root, with forward slashes."""
        if self.root is None:
            return path.replace(os.sep, "/")
        relative = files.relative_to(path, self.root)
        if relative is None:
            raise UsageError(f"{path}: outside the repository at {self.root}")
        return relative

    def resolve(self, rev: str) -> str:
        """The full object name of a commit (or tree); a clear usage error for anything else."""
        if rev == EMPTY_TREE:
            return rev
        # git itself reads the revision, so every spelling git accepts works (HEAD@{upstream}, :/text, @{-1}).
        # Two steps: ":/text^{commit}" would search for the text "text^{commit}".
        try:
            found = self.repo.git.rev_parse("--verify", "--quiet", "--end-of-options", rev)
            found = self.repo.git.rev_parse("--verify", "--quiet", f"{found.strip()}^{{commit}}")
        except GitCommandError:
            found = ""
        if not isinstance(found, str) or len(found.strip()) != 40:
            if rev == "HEAD" and not self.has_commits():
                return EMPTY_TREE  # the first commit of a repository: everything in it is new
            raise UsageError(f"'{rev}' is not a revision in {self.repo.git_dir}")
        return found.strip()

    def tracked(self) -> list[str]:
        """Every file git tracks, as paths from the current folder (``git ls-files -z``)."""
        output = self.repo.git.execute(["git", "ls-files", "-z", "--full-name"], stdout_as_string=False)
        assert isinstance(output, bytes)
        top = self.root
        names = [name.decode("utf-8", "surrogateescape") for name in output.split(b"\0") if name]
        if top is None:
            return names
        return [os.path.relpath(top / name) for name in names]

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
        listed = (
            ["git", "ls-files", "--stage", "-z", "--", path]
            if rev == INDEX
            else ["git", "ls-tree", "-z", rev, "--", path]
        )
        try:
            entry = self.repo.git.execute(listed, stdout_as_string=False)
        except GitCommandError as exc:
            raise UsageError(f"cannot list {path} at {rev}: {_first_line(exc.stderr)}") from None
        if not entry:
            return None  # the file did not exist there
        try:
            output = self.repo.git.execute(["git", "cat-file", "blob", spec], stdout_as_string=False)
        except GitCommandError as exc:
            # Listed but unreadable: a missing object (a partial or corrupt clone) is no empty file.
            raise UsageError(f"{path} at {rev} cannot be read: {_first_line(exc.stderr)}") from None
        assert isinstance(output, bytes)
        return output

    def renamed_from(self, rev: str, path: str, head: str | None = None) -> str | None:
        """Where PATH was at REV if git sees it renamed since (to HEAD's commit, or the working tree)."""
        if rev == EMPTY_TREE:
            return None
        args = ["-z", "--name-status", "-M", "--diff-filter=R", rev]
        if head is not None and head != INDEX:
            args.append(head)
        elif head == INDEX:
            args.insert(0, "--cached")
        try:
            output = self.repo.git.diff(*args)
        except GitCommandError:
            return None
        # -z: NUL-separated "status, old, new" triples, paths unquoted (non-ASCII names included).
        fields: list[str] = str(output).split("\0")
        for status, old, new in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
            if status.startswith("R") and new == path:
                return old
        return None

    # `licensegate history`: the commits that changed one file, and the blobs they left.

    def file_log(self, path: str, *, rev: str | None = None, first_parent: bool = True) -> list[FileCommit]:
        """Every commit that changed PATH (following renames), newest first, with the blobs before and after.

        One ``git log --follow --raw`` process for the whole list. With ``first_parent`` a merge is
        compared with its first parent, as ``git log --first-parent`` shows it; otherwise every side
        is walked and a merge is listed only where it differs from all its parents (``-c``).
        """
        if rev is not None and (not rev or rev.startswith("-")):
            raise UsageError(f"'{rev}' is not a revision or range")
        merges = ["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--diff-merges=combined"]
        command = [
            "git",
            "log",
            "--follow",
            "--raw",
            "--no-abbrev",
            "-z",
            "--no-color",
            "--no-show-signature",
            f"--format={_LOG_FORMAT}",
            *merges,
            rev or "HEAD",
            "--",
            path,
        ]
        try:
            output = self.repo.git.execute(command, stdout_as_string=False)
        except GitCommandError as exc:
            if rev is None and not self.has_commits():
                raise UsageError(f"the repository at {self.root or self.repo.git_dir} has no commits yet") from None
            detail = _first_line(exc.stderr)
            if rev is not None:
                raise UsageError(f"'{rev}' is not a revision or range in {self.repo.git_dir} ({detail})") from None
            raise UsageError(f"git log failed: {detail}") from None
        assert isinstance(output, bytes)
        commits = _parse_file_log(output, path)
        shorts = self.short_names([commit.sha for commit in commits])
        return [commit._replace(short=shorts.get(commit.sha, commit.sha[:7])) for commit in commits]

    def short_names(self, shas: list[str]) -> dict[str, str]:
        """Each commit's abbreviated name as git shows it (unique in this repository), a few processes in all."""
        found: dict[str, str] = {}
        for start in range(0, len(shas), 1000):
            chunk = shas[start : start + 1000]
            output = self.repo.git.execute(["git", "log", "--no-walk=unsorted", "--format=%H %h", *chunk])
            assert isinstance(output, str)
            for line in output.splitlines():
                sha, _, short = line.partition(" ")
                if short:
                    found[sha] = short
        return found

    def blob(self, sha: str) -> bytes:
        """A blob's bytes, through GitPython's one long-running ``git cat-file --batch``: no process per blob."""
        try:
            data = self.repo.odb.stream(bytes.fromhex(sha)).read()
        except ValueError:  # git cat-file answered "missing"
            raise UsageError(f"object {sha} is not in this repository (a partial clone?): fetch it first") from None
        assert isinstance(data, bytes)
        return data

    def shallow_commits(self) -> frozenset[str]:
        """The commits where a shallow clone's history is cut (empty for a full clone)."""
        try:
            text = (Path(self.repo.common_dir) / "shallow").read_text(encoding="ascii")
        except (FileNotFoundError, UnicodeDecodeError):
            return frozenset()
        return frozenset(line.strip() for line in text.splitlines() if line.strip())


class FileChange(NamedTuple):
    """What one commit did to the followed file, as ``git log --raw`` reports it."""

    status: str  # A, M, D, R100, ...; for a merge compared with all parents, one letter per parent
    path: str  # the file's path after the commit
    old_paths: tuple[str, ...]  # per parent compared: its path before (differs after a rename)
    old_blobs: tuple[str | None, ...]  # per parent compared: the blob before; None where there was no file
    blob: str | None  # the blob after; None where the commit deleted the file


class FileCommit(NamedTuple):
    sha: str
    short: str
    parents: tuple[str, ...]
    author: str
    email: str
    committer: str
    committer_email: str
    date: str  # the commit (committer) date, strict ISO 8601 with its offset
    message: str  # the first line of the message
    change: FileChange | None  # None: listed without a change to the file


# \x01 marks a commit; fields and raw diff lines are NUL-separated (-z), so no text can be mistaken for them.
_LOG_FORMAT = "%x01%H%x00%P%x00%an%x00%ae%x00%cn%x00%ce%x00%cI%x00%B"
_LOG_FIELDS = 8


def _first_line(stderr: object) -> str:
    """Git's message from a GitCommandError's stderr (which GitPython wraps as "stderr: '...'")."""
    text = str(stderr or "").strip().removeprefix("stderr:").strip()
    if len(text) > 1 and text[0] == text[-1] == "'":
        text = text[1:-1]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "no message").removeprefix("fatal: ")


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _blob_name(sha: str) -> str | None:
    return None if not sha.strip("0") else sha


def _parse_file_log(output: bytes, path: str) -> list[FileCommit]:
    """Parse ``git log -z --raw`` output; ``path`` is the file's name at the newest commit."""
    tokens = output.split(b"\0")
    commits: list[FileCommit] = []
    current = path
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        if not token:
            index += 1
            continue
        if token.startswith(b"\x01"):
            fields = [_decode(token[1:]), *(_decode(t) for t in tokens[index + 1 : index + _LOG_FIELDS])]
            index += _LOG_FIELDS
            sha, parents, author, email, committer, committer_email, date, message = fields
            first_line = message.strip("\n").split("\n", 1)[0].strip()
            commits.append(
                FileCommit(
                    sha,
                    sha[:7],  # replaced by git's own abbreviation in file_log
                    tuple(parents.split()),
                    author,
                    email,
                    committer,
                    committer_email,
                    date,
                    first_line,
                    None,
                )
            )
            continue
        if not token.startswith(b":") or not commits:
            raise ValueError(f"unexpected git log output near {token[:60]!r}")
        header = _decode(token)
        colons = len(header) - len(header.lstrip(":"))
        parts = header[colons:].split()
        status = parts[-1]
        shas = parts[colons + 1 : 2 * colons + 2]  # one blob per parent, then the result
        count = 2 if colons == 1 and status[:1] in "RC" else 1
        paths = [_decode(t) for t in tokens[index + 1 : index + 1 + count]]
        index += 1 + count
        new_path = paths[-1]
        old_path = paths[0]
        commit = commits[-1]
        if commit.change is not None and new_path != current:
            continue  # another path in the same commit: keep the followed one
        change = FileChange(
            status=status,
            path=new_path,
            old_paths=(old_path,) * colons,
            old_blobs=tuple(_blob_name(sha) for sha in shas[:-1]),
            blob=_blob_name(shas[-1]),
        )
        commits[-1] = commit._replace(change=change)
        if new_path == current:
            current = old_path
    return commits

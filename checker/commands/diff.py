"""``licensegate diff``: what changed in the inventory between two revisions."""

from __future__ import annotations

from checker import changes, files, gitio, output, sources, trust
from checker.diff_report import FORMATS, DiffReport
from checker.engine import DEFAULT_SEVERITY
from checker.errors import UsageError


def split_arguments(arguments: list[str]) -> tuple[list[str], str]:
    """``[REV_A [REV_B]] [PATH]``: a PATH ends in .yaml or .yml, or follows '--'."""
    if "--" in arguments:
        at = arguments.index("--")
        paths = arguments[at + 1 :]
        if len(paths) != 1:
            raise UsageError("diff takes one path after '--'")
        return arguments[:at], paths[0]
    if arguments and arguments[-1].endswith((".yaml", ".yml")):
        return arguments[:-1], arguments[-1]
    # The nearest inventory; none on disk (deleted since), the default name, for git to find.
    return arguments, files.discover() or files.DEFAULT_PATH


def run(arguments: list[str], *, output_format: str, policy: str | None = None, output_file: str | None = None) -> int:
    revisions, path = split_arguments(arguments)
    if len(revisions) > 2:
        raise UsageError("diff takes at most two revisions and one path")
    rev_a = revisions[0] if revisions else "HEAD"
    rev_b = revisions[1] if len(revisions) > 1 else None
    repository = gitio.Repository.for_path(path)
    name = repository.relative(path)
    old_rev = repository.resolve(rev_a)
    new_rev = None if rev_b is None else repository.resolve(rev_b)
    old_raw = repository.read(old_rev, name)
    new_raw = files.read(path) if new_rev is None else repository.read(new_rev, name)
    old = sources.inventory_data(old_raw, f"{name} at {rev_a}")
    new = sources.inventory_data(new_raw, f"{name} at {rev_b or 'the working tree'}")
    if policy is not None:  # the policy file at each revision (where it did not exist, the inventory's own)
        policy_name = repository.relative(policy)
        old_policy = repository.read(old_rev, policy_name)
        new_policy = files.read(policy) if new_rev is None else repository.read(new_rev, policy_name)
        old = sources.with_policy_file(old, None if old_policy is None else (policy_name, old_policy))
        new = sources.with_policy_file(new, None if new_policy is None else (policy_name, new_policy))
    loosened = trust.relaxations(sources.from_inventory_file(old), sources.from_inventory_file(new), DEFAULT_SEVERITY)
    report = DiffReport(
        rev_a=rev_a,
        target=rev_b or "working tree",
        path=name,
        changes=changes.diff(old, new),
        relaxations=[problem.message for problem in loosened],
    )
    output.write(FORMATS.get(output_format)(report), output_file=output_file)
    return 0

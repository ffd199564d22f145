"""``licensegate who``: everything that reaches one person, or who holds a license alone."""

from __future__ import annotations

import functools

from checker import engine, files, output
from checker.commands.check import on_disk
from checker.errors import EXIT_OK, UsageError
from checker.who import at_risk, holder
from checker.who_report import FORMATS, WhoReport


def run(
    address: str | None,
    path: str | None,
    *,
    risk: bool,
    output_format: str,
    policy: str | None = None,
    stdin_filename: str | None = None,
    output_file: str | None = None,
) -> int:
    if (address is None) == (not risk):
        raise UsageError("who takes an ADDRESS, or --at-risk (not both)")
    path, raw = files.read_input(path, stdin_filename=stdin_filename)
    policy_file = None if policy is None else (policy, files.read(policy))
    loaded = engine.load(raw, path=path, policy=policy_file, directory=on_disk(path))
    if loaded.inputs is None:
        raise UsageError(f"{path} is not a readable inventory: {engine.why_unreadable(loaded)}")
    inputs = loaded.inputs
    names = {p.email.lower(): p.name for p in inputs.directory.people or [] if p.email and p.name}
    report = WhoReport(
        holder=holder(inputs, address) if address is not None else None,
        at_risk=at_risk(inputs) if risk else None,
        place=functools.partial(engine.locate, loaded),
        names=names,
    )
    output.write(FORMATS.get(output_format)(report), output_file=output_file)
    return EXIT_OK

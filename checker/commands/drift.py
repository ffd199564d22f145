"""``licensegate drift``: the inventory against what the instances report, as findings placed at
the license's entry, in text or any of check's formats."""

from __future__ import annotations

import os

from checker import engine, files, output
from checker.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from checker.finding import Finding, Problem
from checker.instances import compare, fetch, saved
from checker.instances.records import Reported
from checker.instances.report import FORMATS
from checker.reporters import Report


def run(
    path: str | None,
    *,
    from_dir: str | None,
    live: bool,
    instances_file: str | None,
    timeout: float,
    output_format: str,
    strict: bool,
    color: str,
    policy: str | None = None,
    output_file: str | None,
) -> int:
    if (from_dir is None) == (not live):
        raise UsageError("give --from DIR (saved responses) or --fetch (the live instances), one of them")
    if instances_file is not None and not live:
        raise UsageError("--instances names the instances --fetch reads: give --fetch")
    shown, raw = files.read_input(path)
    # The policy as check reads it: tier_usage_warning may live in a --policy file.
    policy_file = None if policy is None else (policy, files.read(policy))
    loaded = engine.load(raw, path=shown, policy=policy_file)
    if loaded.inputs is None or loaded.origin.doc is None:
        raise UsageError(f"{shown}: cannot be read: {engine.why_unreadable(loaded)}")
    data = loaded.origin.doc.data
    reports = _reports(shown, from_dir=from_dir, instances_file=instances_file, timeout=timeout)
    inventory = compare.entries(data)
    drifts = compare.compare(inventory, reports, file=shown, usage_warning=loaded.inputs.policy.tier_usage_warning)
    findings = []
    for drift in drifts:
        file, line, column = engine.locate(loaded, drift.pointer)
        problem = Problem(drift.pointer, drift.message, subject=drift.message)
        findings.append(
            Finding(
                file,
                line,
                column,
                drift.rule,
                drift.severity,
                drift.message,
                license=drift.license,
                pointer=drift.pointer,
                fingerprint=engine.fingerprint(drift.rule, drift.license, problem, data),
            )
        )
    report = Report(
        findings=engine.distinct(sorted(findings)),
        files=1,
        licenses=len(inventory),
        rules=compare.KINDS,
        repo_paths={} if shown == files.STDIN else files.repository_paths([shown]),
        checked={shown: tuple(entry.id for entry in inventory if entry.id)},
        strict=strict,
    )
    render = FORMATS.get(output_format)
    output.write(render(report, color=output.use_color(color, output_file=output_file)), output_file=output_file)
    return EXIT_FINDINGS if report.failing() else EXIT_OK


def _reports(shown: str, *, from_dir: str | None, instances_file: str | None, timeout: float) -> list[Reported]:
    if from_dir is not None:
        return saved.read(from_dir.rstrip("/") or "/")
    config = instances_file or fetch.default_config(shown if shown != files.STDIN else "licenses.yaml")
    declared = fetch.instances(config, files.read(config, what="an instances file", contained=False))
    return fetch.read(declared, timeout=timeout, environ=dict(os.environ))

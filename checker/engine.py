"""Schema and rules over one file's bytes -> sorted findings. No I/O, no printing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checker import document
from checker.finding import Finding, Problem, Severity, pointer_tokens
from checker.rules import RULES, structure
from checker.rules.base import Context


@dataclass(frozen=True)
class FileResult:
    findings: list[Finding]
    licenses: int


def check_bytes(raw: bytes, *, path: str, context: Context) -> FileResult:
    loaded = document.load(raw)
    doc = loaded.document
    if doc is None:
        return FileResult(sorted(_place(path, None, loaded.problems)), 0)

    from checker import schema  # jsonschema: only once there is a document to validate

    problems: list[tuple[str, Problem]] = list(loaded.problems)
    problems.extend((structure.SCHEMA, problem) for problem in schema.validate(doc.data, doc.plain_text))
    for rule in RULES.values():
        problems.extend((rule.ID, problem) for problem in rule.check(doc.data, context))
    licenses = doc.data.get("licenses")
    count = len(licenses) if isinstance(licenses, list) else 0
    return FileResult(sorted(_place(path, doc, problems)), count)


def _place(path: str, doc: document.Document | None, problems: Iterable[tuple[str, Problem]]) -> Iterable[Finding]:
    severities = {rule.ID: rule.SEVERITY for rule in RULES.values()}
    for rule_id, problem in problems:
        if problem.position is not None:
            line, column = problem.position
        elif doc is not None:
            line, column = doc.position(problem.pointer, at_key=problem.at_key)
        else:
            line, column = 1, 1
        yield Finding(
            file=path,
            line=line,
            column=column,
            rule=rule_id,
            severity=severities.get(rule_id, Severity.ERROR),
            message=problem.message,
            license=license_of(doc.data, problem.pointer) if doc is not None else None,
            pointer=problem.pointer,
        )


def license_of(data: dict[str, Any], pointer: str) -> str | None:
    """The SEN a finding concerns: the license's id, or the license a waiver names."""
    tokens = pointer_tokens(pointer)
    if len(tokens) < 2 or tokens[0] not in ("licenses", "waivers") or not tokens[1].isdigit():
        return None
    entries = data.get(tokens[0])
    index = int(tokens[1])
    if not isinstance(entries, list) or index >= len(entries) or not isinstance(entries[index], dict):
        return None
    sen = entries[index].get("id" if tokens[0] == "licenses" else "license")
    return sen if isinstance(sen, str) else None

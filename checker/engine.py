"""Schema and rules over one file's bytes -> sorted findings. No I/O, no printing."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from checker import addresses, document, schema, sources, structure
from checker.finding import Finding, Problem, Severity, pointer_tokens
from checker.model import Inputs
from checker.rules import RULES, WAIVABLE, docs, waiver_unused
from checker.rules.base import Context

_DEFAULT_SEVERITY = {rule.ID: rule.SEVERITY for rule in RULES.values()} | {waiver_unused.ID: waiver_unused.SEVERITY}


@dataclass(frozen=True)
class FileResult:
    findings: list[Finding]
    licenses: int
    # The file's severity overrides in force (rule -> error, warning or off).
    overrides: dict[str, str] = field(default_factory=dict)
    # How many findings the file's waivers silenced.
    waived: int = 0
    # The SENs the file declares, in order.
    sens: tuple[str, ...] = ()


def context_for(inputs: Inputs, today: datetime.date) -> Context:
    """What the rules may ask: the date, the address verdicts, and the registry's rule sets."""
    judge = addresses.Judge(inputs.policy, inputs.directory)
    known = frozenset(doc.id for doc in docs())
    return Context(today=today, verdict=judge.verdict, known_rules=known, waivable=WAIVABLE)


def check_bytes(raw: bytes, *, path: str, today: datetime.date) -> FileResult:
    """One inventory file, with the policy and the directory it declares itself."""
    loaded = document.load(raw)
    doc = loaded.document
    if doc is None:
        return FileResult(sorted(_place(path, None, loaded.problems)), 0)
    problems: list[tuple[str, Problem]] = list(loaded.problems)
    problems.extend((structure.SCHEMA, problem) for problem in schema.validate(doc.data, doc.plain_text))
    inputs = sources.from_inventory_file(doc.data)
    return judge(inputs, path=path, doc=doc, today=today, problems=problems)


def judge(
    inputs: Inputs,
    *,
    path: str,
    doc: document.Document,
    today: datetime.date,
    problems: Iterable[tuple[str, Problem]] = (),
) -> FileResult:
    """The rules over the three inputs, then severity overrides and waivers; PROBLEMS (the
    loader's and the schema's) join them. Findings are placed in DOC, shown as PATH."""
    found: list[tuple[str, Problem]] = list(problems)
    context = context_for(inputs, today)
    for rule in RULES.values():
        found.extend((rule.ID, problem) for problem in rule.check(inputs, context))

    # Only the waivable rules may be re-severitied or waived; waiver-forbidden reports the rest.
    overrides = {rule: level for rule, level in inputs.policy.severity.items() if rule in WAIVABLE}
    waivers = {
        (waiver.rule, waiver.license): waiver
        for waiver in inputs.inventory.waivers
        if waiver.rule in WAIVABLE and waiver.expires is not None and waiver.expires >= today
    }
    findings: list[Finding] = []
    used: set[tuple[str | None, str | None]] = set()
    waived = 0
    for finding in _place(path, doc, found):
        level = overrides.get(finding.rule)
        if level == "off":
            continue
        if level is not None:
            finding = dataclasses.replace(finding, severity=Severity(level))
        key = (finding.rule, finding.license)
        if key in waivers:
            used.add(key)
            waived += 1
        else:
            findings.append(finding)
    unused = [waiver for key, waiver in waivers.items() if key not in used]
    findings.extend(_place(path, doc, ((waiver_unused.ID, p) for p in waiver_unused.check_waivers(unused))))
    licenses = doc.data.get("licenses")
    count = len(licenses) if isinstance(licenses, list) else 0
    sens = tuple(dict.fromkeys(license.id for license in inputs.inventory.licenses if license.id))
    return FileResult(sorted(findings), count, overrides, waived, sens)


def _place(path: str, doc: document.Document | None, problems: Iterable[tuple[str, Problem]]) -> Iterator[Finding]:
    for rule_id, problem in problems:
        if problem.position is not None:
            line, column = problem.position
        elif doc is not None:
            line, column = doc.position(problem.pointer, at_key=problem.at_key)
        else:
            line, column = 1, 1
        license = license_of(doc.data, problem.pointer) if doc is not None else None
        yield Finding(
            file=path,
            line=line,
            column=column,
            rule=rule_id,
            severity=problem.severity or _DEFAULT_SEVERITY.get(rule_id, Severity.ERROR),
            message=problem.message,
            license=license,
            pointer=problem.pointer,
            fingerprint=fingerprint(rule_id, license, problem, doc.data if doc is not None else None),
        )


def fingerprint(rule: str, license: str | None, problem: Problem, data: dict[str, Any] | None) -> str:
    """A finding's identity across revisions: rule, license, where in an entry (list indexes
    left out, since entries move) and the offending scalar value; never the line."""
    if data is None or not problem.pointer:
        what = problem.message  # about the text itself (syntax, encoding, tags): no line in the message
    else:
        shape = "/".join("*" if token.isdigit() else token for token in pointer_tokens(problem.pointer))
        value = value_at(data, problem.pointer)
        scalar = "" if isinstance(value, (dict, list)) else f"{type(value).__name__}:{value}"
        what = f"{shape}={scalar}/{problem.subject}"
    return hashlib.sha256(f"{rule}\0{license}\0{what}".encode()).hexdigest()[:32]


def value_at(data: Any, pointer: str) -> Any:
    for token in pointer_tokens(pointer):
        if isinstance(data, dict):
            data = data.get(token)
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return None
    return data


def mark_new(findings: list[Finding], base: list[Finding]) -> list[Finding]:
    """Change mode: a finding is new unless the base revision had one with the same identity."""
    remaining = Counter(finding.fingerprint for finding in base)
    marked = []
    for finding in findings:
        existed = remaining[finding.fingerprint] > 0
        if existed:
            remaining[finding.fingerprint] -= 1
        marked.append(dataclasses.replace(finding, new=not existed))
    return marked


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

"""Schema and rules over one file's bytes -> sorted findings. No I/O, no printing."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from checker import addresses, changes, document, schema, sources, structure, trust
from checker.errors import LicensegateError
from checker.finding import Finding, Problem, Severity, pointer_tokens
from checker.model import Inputs
from checker.rules import DOCUMENTED, RULES, WAIVABLE, docs, waiver_unused
from checker.rules.base import Context

DEFAULT_SEVERITY: dict[str, Severity] = {rule.ID: rule.SEVERITY for rule in DOCUMENTED}


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


def context_for(inputs: Inputs, today: datetime.date, *, relaxations: tuple[Problem, ...] = ()) -> Context:
    """What the rules may ask: the date, the address verdicts, the registry's rule sets, and in
    change mode the ways the change loosens the rules."""
    judge = addresses.Judge(inputs.policy, inputs.directory)
    known = frozenset(doc.id for doc in docs())
    return Context(today=today, verdict=judge.verdict, known_rules=known, waivable=WAIVABLE, relaxations=relaxations)


# Reads the directory file an inventory names: its name as written in the inventory -> the name
# to show and its bytes. Bound by the command to the working tree or to a revision; a file that
# cannot be read raises a LicensegateError, which becomes a finding at the inventory's key.
ReadDirectory = Callable[[str], tuple[str, bytes]]
_DIRECTORY_SECTIONS = ("people", "mailboxes")


@dataclass(frozen=True)
class Loaded:
    """One inventory file, read: where its findings go, what the loader and the schema found,
    its three inputs (None when the file, or the directory file it names, is not a readable YAML
    mapping), the files that sections of it were read from instead (a policy file, a directory
    file), and what the loader found in those files, placed there."""

    origin: Origin
    problems: list[tuple[str, Problem]]
    inputs: Inputs | None
    elsewhere: dict[str, Origin] = field(default_factory=dict)
    side: tuple[tuple[Origin, tuple[tuple[str, Problem], ...]], ...] = ()


def load(
    raw: bytes,
    *,
    path: str,
    policy: tuple[str, bytes] | None = None,
    directory: ReadDirectory | None = None,
) -> Loaded:
    """An inventory file with the policy it declares, or the one in POLICY (its name as shown, and
    its bytes) when the policy has a file of its own; and with its own people and mailboxes, or
    those of the directory file it names (``directory: people.yaml``), read through DIRECTORY.
    Without DIRECTORY, a named directory file is not read (no people are declared)."""
    loaded = document.load(raw)
    doc = loaded.document
    if doc is None:
        return Loaded(Origin(path, None), list(loaded.problems), None)
    problems: list[tuple[str, Problem]] = list(loaded.problems)
    data, plain_text = doc.data, doc.plain_text
    elsewhere: dict[str, Origin] = {}
    side: list[tuple[Origin, tuple[tuple[str, Problem], ...]]] = []
    if policy is not None:
        policy_doc, policy_problems = sources.policy_document(*policy)
        side.append((Origin(policy[0], policy_doc), tuple(policy_problems)))
        if "policy" in data:
            problems.append(
                (
                    structure.SCHEMA,
                    Problem(
                        "",  # about this file, not the policy file that the /policy section is read from
                        f"the policy comes from {policy[0]}: remove this 'policy' section",
                        position=doc.position("/policy", at_key=True),
                    ),
                )
            )
        data = {**data, "policy": policy_doc.data.get("policy")}
        plain_text = {**plain_text, **{k: v for k, v in policy_doc.plain_text.items() if k.startswith("/policy")}}
        elsewhere["policy"] = Origin(policy[0], policy_doc)
    named = data.get("directory")
    directory_file = None
    if directory is not None and isinstance(named, str) and schema.is_directory_path(named):
        try:
            shown, directory_raw = directory(named)
        except LicensegateError as exc:
            problems.append((structure.SCHEMA, Problem("/directory", f"the directory file cannot be read: {exc}")))
            return Loaded(Origin(path, doc), problems, None, elsewhere, tuple(side))
        directory_loaded = document.load(directory_raw)
        directory_doc = directory_loaded.document
        origin = Origin(shown, directory_doc)
        side.append((origin, tuple(directory_loaded.problems)))
        if directory_doc is None:
            return Loaded(Origin(path, doc), problems, None, elsewhere, tuple(side))
        side.append((origin, tuple((structure.SCHEMA, p) for p in schema.directory_top_level(directory_doc.data))))
        for section in _DIRECTORY_SECTIONS:
            if section in data:
                problems.append(
                    (
                        structure.SCHEMA,
                        Problem(
                            "",  # about this file, not the directory file that the section is read from
                            f"the {section} come from {shown}: remove this '{section}' section",
                            position=doc.position(f"/{section}", at_key=True),
                        ),
                    )
                )
        data = {k: v for k, v in data.items() if k not in _DIRECTORY_SECTIONS}
        data.update({k: v for k, v in directory_doc.data.items() if k in _DIRECTORY_SECTIONS})
        plain_text = {
            **{k: v for k, v in plain_text.items() if not k.startswith(("/people", "/mailboxes"))},
            **{k: v for k, v in directory_doc.plain_text.items() if k.startswith(("/people", "/mailboxes"))},
        }
        elsewhere.update({section: origin for section in _DIRECTORY_SECTIONS})
        directory_file = shown
    problems.extend((structure.SCHEMA, problem) for problem in schema.validate(data, plain_text))
    inputs = sources.from_inventory_file(data, directory_file=directory_file)
    return Loaded(Origin(path, doc), problems, inputs, elsewhere, tuple(side))


def why_unreadable(loaded: Loaded) -> str:
    """For an inventory whose inputs could not be read: the first finding that stopped it."""
    found = sorted([*_place(loaded.origin, loaded.problems, loaded.elsewhere), *_place_side(loaded.side)])
    if not found:
        return "it cannot be read"
    first = found[0]
    return f"{first.file}:{first.line}:{first.column}: [{first.rule}] {first.message}"


def locate(loaded: Loaded, pointer: str) -> tuple[str, int, int]:
    """The file, line and column of POINTER in a loaded inventory, in the file its section came from."""
    where = loaded.elsewhere.get(pointer[1:].partition("/")[0], loaded.origin)
    line, column = where.doc.position(pointer) if where.doc is not None else (1, 1)
    return where.path, line, column


def check_bytes(raw: bytes, *, path: str, today: datetime.date) -> FileResult:
    """One inventory file, judged on its own."""
    return check_loaded(load(raw, path=path), today=today)


def check_loaded(loaded: Loaded, *, today: datetime.date) -> FileResult:
    if loaded.inputs is None:
        found = [*_place(loaded.origin, loaded.problems, loaded.elsewhere), *_place_side(loaded.side)]
        return FileResult(distinct(sorted(found)), 0)
    return judge(
        loaded.inputs,
        origin=loaded.origin,
        today=today,
        problems=loaded.problems,
        elsewhere=loaded.elsewhere,
        side=loaded.side,
    )


def check_change(head: Loaded, base: Loaded | None, *, today: datetime.date) -> FileResult:
    """Change mode: the head judged by the stricter of its own and the base's policy, waivers and
    directory, with every loosening reported; a finding is new unless the base had it too."""
    before = [] if base is None else check_loaded(base, today=today).findings
    if base is None or base.inputs is None or head.inputs is None:
        result = check_loaded(head, today=today)
    else:
        relaxed = tuple(trust.relaxations(base.inputs, head.inputs, DEFAULT_SEVERITY))
        effective = trust.strictest(base.inputs, head.inputs, DEFAULT_SEVERITY)
        result = judge(
            effective,
            origin=head.origin,
            today=today,
            problems=head.problems,
            relaxations=relaxed,
            elsewhere=head.elsewhere,
            side=head.side,
        )
    return dataclasses.replace(result, findings=mark_new(result.findings, before))


@dataclass(frozen=True)
class Origin:
    """A file the inputs were read from: the name findings show, and the document that places them."""

    path: str
    doc: document.Document | None


def judge(
    inputs: Inputs,
    *,
    origin: Origin,
    today: datetime.date,
    problems: Iterable[tuple[str, Problem]] = (),
    elsewhere: Mapping[str, Origin] | None = None,
    relaxations: tuple[Problem, ...] = (),
    side: tuple[tuple[Origin, tuple[tuple[str, Problem], ...]], ...] = (),
) -> FileResult:
    """The rules over the three inputs, then severity overrides and waivers; PROBLEMS (the
    loader's and the schema's) join them. Findings are placed in ORIGIN, the inventory file,
    except those about a top-level section that ELSEWHERE says was read from another file
    (``{"policy": Origin(...)}`` for a separate policy file). SIDE holds what the loader found in
    those other files, each placed in its own."""
    found: list[tuple[str, Problem]] = list(problems)
    context = context_for(inputs, today, relaxations=relaxations)
    for rule in RULES.values():
        found.extend((rule.ID, problem) for problem in rule.check(inputs, context))

    # Only the waivable rules may be re-severitied or waived; waiver-forbidden reports the rest.
    overrides = {rule: level for rule, level in inputs.policy.severity.items() if rule in WAIVABLE}
    waivers = {
        (waiver.rule, waiver.license): waiver
        for waiver in inputs.inventory.in_force
        if waiver.rule in WAIVABLE and waiver.expires is not None and waiver.expires >= today
    }
    findings: list[Finding] = []
    used: set[tuple[str | None, str | None]] = set()
    waived = 0
    for finding in (*_place(origin, found, elsewhere), *_place_side(side)):
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
    findings.extend(_place(origin, ((waiver_unused.ID, p) for p in waiver_unused.check_waivers(unused)), elsewhere))
    licenses = origin.doc.data.get("licenses") if origin.doc is not None else None
    count = len(licenses) if isinstance(licenses, list) else 0
    sens = tuple(dict.fromkeys(license.id for license in inputs.inventory.licenses if license.id))
    return FileResult(distinct(sorted(findings)), count, overrides, waived, sens)


def _place(
    origin: Origin, problems: Iterable[tuple[str, Problem]], elsewhere: Mapping[str, Origin] | None = None
) -> Iterator[Finding]:
    for rule_id, problem in problems:
        where = elsewhere.get(problem.pointer[1:].partition("/")[0], origin) if elsewhere else origin
        path, doc = where.path, where.doc
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
            severity=problem.severity or DEFAULT_SEVERITY.get(rule_id, Severity.ERROR),
            message=problem.message,
            license=license,
            pointer=problem.pointer,
            fingerprint=fingerprint(rule_id, license, problem, doc.data if doc is not None else None),
        )


def _place_side(side: Iterable[tuple[Origin, Iterable[tuple[str, Problem]]]]) -> Iterator[Finding]:
    for origin, problems in side:
        yield from _place(origin, problems)


def fingerprint(rule: str, license: str | None, problem: Problem, data: dict[str, Any] | None) -> str:
    """A finding's identity across revisions: rule, license, where in an entry (list indexes
    left out, since entries move) and the offending scalar value; never the line."""
    if data is None or not problem.pointer:
        what = problem.message  # about the text itself (syntax, encoding, tags): no line in the message
    else:
        shape = "/".join(_shape(data, pointer_tokens(problem.pointer)))
        value = value_at(data, problem.pointer)
        scalar = "" if isinstance(value, (dict, list)) else f"{type(value).__name__}:{value}"
        what = f"{shape}={scalar}/{problem.subject}"
    return hashlib.sha256(f"{rule}\0{license}\0{what}".encode()).hexdigest()[:32]


def _shape(data: dict[str, Any], tokens: list[str]) -> Iterator[str]:
    """Where a pointer is, without list indexes (entries move): an entry of a section is named by
    its identity (the SEN, the mailbox's address, the person's email), a place in a list by '*'.
    So a member's finding names its mailbox, and moving it to another mailbox is a new finding."""
    for index, token in enumerate(tokens):
        if not token.isdigit():
            yield token
        elif index == 1:
            entries = data.get(tokens[0])
            entry = entries[int(token)] if isinstance(entries, list) and int(token) < len(entries) else None
            yield f"[{changes.identity(tokens[0], entry) or '*'}]"
        else:
            yield "*"


def distinct(findings: list[Finding]) -> list[Finding]:
    """Findings in file order, each with an identity no other finding in the file shares: a
    repeat of the same problem is told apart by how many came before it."""
    seen: Counter[str] = Counter()
    found = []
    for finding in findings:
        seen[finding.fingerprint] += 1
        if seen[finding.fingerprint] > 1:
            repeat = f"{finding.fingerprint}#{seen[finding.fingerprint]}"
            finding = dataclasses.replace(finding, fingerprint=hashlib.sha256(repeat.encode()).hexdigest()[:32])
        found.append(finding)
    return found


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

"""The packaged JSON Schema, its validators (built once), and schema errors as Problems.

Two validators: the code fastjsonschema generated from the schema
(``checker/_fast_schema.py``, see ``schema/build_fast_validator.py``) says whether
the inventory, then each license, is valid; jsonschema, the reference, is imported
only when something is not, and explains it. A valid inventory never imports it.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

from checker import suffixes
from checker.finding import Problem, escape_pointer_token
from checker.model import parse_day

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

SCHEMA_RESOURCE = "licenses.schema.json"


def schema_text() -> str:
    return resources.files("checker").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


@functools.cache
def _directory_path() -> re.Pattern[str]:
    return re.compile(schema()["properties"]["directory"]["pattern"])


def is_directory_path(value: str) -> bool:
    """What the schema's ``directory`` pattern admits: a relative path to a .yaml or .yml file."""
    return _directory_path().search(value) is not None


DIRECTORY_SECTIONS = ("people", "mailboxes")


def directory_schema() -> dict[str, Any]:
    """The JSON Schema of a directory file: the inventory schema's ``people`` and ``mailboxes``,
    written once there, under a ``version``. ``licensegate schema --directory`` prints it."""
    inventory = schema()
    properties = inventory["properties"]
    return {
        "$schema": inventory["$schema"],
        "$id": inventory["$id"].replace("licenses.schema.json", "directory.schema.json"),
        "title": "licensegate directory",
        "description": "The people and shared mailboxes an inventory names with 'directory:', usually written"
        " by 'licensegate directory import' from the identity provider. Checked with the inventory by"
        " 'licensegate check'.",
        "type": "object",
        "additionalProperties": False,
        "required": ["version"],
        "properties": {"version": properties["version"], **{key: properties[key] for key in DIRECTORY_SECTIONS}},
        "$defs": {"email": inventory["$defs"]["email"]},
    }


def directory_schema_text() -> str:
    return json.dumps(directory_schema(), indent=2, ensure_ascii=False) + "\n"


def directory_top_level(data: dict[str, Any]) -> Iterator[Problem]:
    """A directory file's own keys: a version, and no section but people and mailboxes (whose
    entries the inventory schema judges, placed in the directory file)."""
    if "version" not in data:
        yield Problem("", "missing 'version': a directory file starts with 'version: 1'")
    elif data["version"] != 1 or isinstance(data["version"], bool):
        yield Problem("/version", f"'version' must be 1, got {_show(data['version'])}")
    for key in data:
        if key != "version" and key not in DIRECTORY_SECTIONS:
            yield Problem(
                f"/{escape_pointer_token(str(key))}",
                f"'{key}' is not a directory section: a directory file holds 'version', 'people' and 'mailboxes'",
                at_key=True,
            )


def is_date(value: object) -> bool:
    """YYYY-MM-DD and a real calendar day (not 2027-02-30): the rules read dates the same way."""
    return not isinstance(value, str) or parse_day(value) is not None


def _is_email(value: object) -> bool:
    # The schema only asks for one '@' with text on both sides; the email-syntax
    # rule judges addresses fully, with a message that says what is wrong.
    if not isinstance(value, str):
        return True
    local, at, domain = value.rpartition("@")
    return bool(at and local and domain)


@functools.cache
def validator() -> Any:
    """jsonschema's validator, the reference: imported and built only when the fast path says no."""
    import jsonschema

    format_checker = jsonschema.FormatChecker(formats=())
    format_checker.checks("date")(is_date)
    format_checker.checks("email")(_is_email)
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema(), format_checker=format_checker)


# What the schema's "x-expected" says of a key that its entry must not have.
LEFT_OUT = "must be left out"

# The policy's whole numbers: JSON Schema's "integer" admits 3.0, which the policy would not read.
POLICY_INTEGERS = (
    "min_backup_contacts",
    "min_mailbox_members",
    "min_reach",
    "renewal_warning_days",
    "renewal_error_days",
    "max_waiver_days",
    "tier_usage_warning",
)


def validate(data: dict[str, Any], plain_text: dict[str, str]) -> Iterator[Problem]:
    """Every schema violation in ``data``, each as a Problem with a message for people.

    The generated fast validator answers first, for the whole inventory and then per
    license; jsonschema, the reference, explains only the parts it did not pass. A value
    that fails two of a keyword's checks (a date's pattern and its format) is one finding.
    """
    seen: set[tuple[str, str]] = set()
    checks = (*_validate(data, plain_text), *_decimal_whole_numbers(data, plain_text), *_public_suffixes(data))
    # A key that must not be there at all (a cloud ID on a Data Center license) is that one finding,
    # not also one for how its value is written.
    left_out = {problem.pointer for problem in checks if LEFT_OUT in problem.message}
    for problem in checks:
        if problem.pointer in left_out and LEFT_OUT not in problem.message:
            continue
        if (problem.pointer, problem.message) not in seen:
            seen.add((problem.pointer, problem.message))
            yield problem


def _decimal_whole_numbers(data: dict[str, Any], plain_text: dict[str, str]) -> Iterator[Problem]:
    """``min_mailbox_members: 3.0`` and ``tier: 500.0``: JSON Schema's integer admits them, the
    YAML reader gives a float that the policy would silently replace by its default."""
    places: list[tuple[tuple[str | int, ...], Any]] = []
    policy = data.get("policy")
    if isinstance(policy, dict):
        places += [(("policy", key), policy.get(key)) for key in POLICY_INTEGERS]
    licenses = data.get("licenses")
    if isinstance(licenses, list):
        places += [
            (("licenses", i, "tier"), item.get("tier")) for i, item in enumerate(licenses) if isinstance(item, dict)
        ]
    for path, value in places:
        if isinstance(value, float) and value.is_integer():
            pointer = _pointer(path)
            written = plain_text.get(pointer, _show(value))
            yield Problem(
                pointer,
                f"{_subject(path)} must be a whole number written without a decimal point, got {written}:"
                f" write {int(value)}",
            )


def _public_suffixes(data: dict[str, Any]) -> Iterator[Problem]:
    """``*.co.uk`` in allowed_domains: every company under a public suffix. Entries the schema's
    pattern refuses already have their finding; the policy never applies either (sources)."""
    policy = data.get("policy")
    domains = policy.get("allowed_domains") if isinstance(policy, dict) else None
    if not isinstance(domains, list):
        return
    pattern = re.compile(schema()["properties"]["policy"]["properties"]["allowed_domains"]["items"]["pattern"])
    for index, domain in enumerate(domains):
        if isinstance(domain, str) and pattern.search(domain):
            suffix = suffixes.public_suffix(domain)
            if suffix is not None:
                yield Problem(f"/policy/allowed_domains/{index}", suffixes.too_broad_message(domain, suffix))


def _validate(data: dict[str, Any], plain_text: dict[str, str]) -> Iterator[Problem]:
    from fastjsonschema import JsonSchemaException

    from checker import _fast_schema

    try:
        _fast_schema.validate_inventory(data)
        return
    except JsonSchemaException:
        pass
    licenses = data.get("licenses")
    if not isinstance(licenses, list):
        for error in validator().iter_errors(data):
            yield from _problems(error, plain_text, ())
        return
    for error in validator().iter_errors({**data, "licenses": []}):
        yield from _problems(error, plain_text, ())
    entry = None
    for index, item in enumerate(licenses):
        try:
            _fast_schema.validate_license(item)
            continue
        except JsonSchemaException:
            pass
        if entry is None:
            entry = validator().evolve(schema=schema()["properties"]["licenses"]["items"])
        for error in entry.iter_errors(item):
            yield from _problems(error, plain_text, ("licenses", index))


def _pointer(path: Any) -> str:
    return "".join(f"/{escape_pointer_token(token)}" for token in path)


def _subject(path: Any) -> str:
    """How a message names the node: 'tier', or 'backup_contacts' entry 2."""
    tokens = list(path)
    if not tokens:
        return "the file"
    last = tokens[-1]
    if isinstance(last, int):
        parent = next((t for t in reversed(tokens) if isinstance(t, str)), "list")
        return f"'{parent}' entry {last + 1}"
    return f"'{last}'"


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def _subschema(error: ValidationError) -> dict[str, Any]:
    return dict(error.schema) if isinstance(error.schema, dict) else {}


def _expected(error: ValidationError) -> str:
    sub = _subschema(error)
    if "x-expected" in sub:
        return str(sub["x-expected"])
    keyword = error.validator
    value: Any = sub.get(str(keyword))
    if keyword == "type":
        types = value if isinstance(value, list) else [value]
        return " or ".join(_TYPE_WORDS.get(str(t), str(t)) for t in types)
    if keyword == "enum":
        return "one of " + ", ".join(str(v) for v in value)
    if keyword == "const":
        return _show(value)
    if keyword == "minLength":
        return "non-empty text"
    if keyword == "minimum":
        return f"at least {value}"
    return f"valid ({keyword} {_show(value)})"


def _quote_hint(pointer: str, instance: Any, plain_text: dict[str, str]) -> str:
    """YAML 1.1 reads unquoted no, on, ~ or 12:30 as false, true, null or 750."""
    text = plain_text.get(pointer)
    if text is None or text == _show(instance):
        return ""
    return f" (YAML reads the unquoted {text} as {_show(instance)}: write it in quotes, '{text}')"


def _is_email_schema(error: ValidationError) -> bool:
    return _subschema(error).get("format") == "email"


def _defer_to_email_syntax(value: object) -> bool:
    """Text in an address field is judged by the email-syntax rule alone, which names the fault
    (no '@', a space, a line break): one address, one finding. The schema's pattern and format are
    there for editors."""
    return isinstance(value, str)


def _problems(error: ValidationError, plain_text: dict[str, str], prefix: tuple[str | int, ...]) -> Iterator[Problem]:
    path = (*prefix, *error.absolute_path)
    pointer = _pointer(path)
    instance = error.instance
    keyword = error.validator
    constraint: Any = _subschema(error).get(str(keyword))
    if keyword == "required":
        hints = _subschema(error).get("x-missing", {})
        for key in constraint:
            if error.message.startswith(repr(key)):
                hint = f": {hints[key]}" if key in hints else ""
                yield Problem(pointer, f"missing required key '{key}'{hint}", subject=key)
        return
    if keyword == "additionalProperties" and isinstance(instance, dict):
        known = list(_subschema(error).get("properties", {}))
        for key in instance:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; allowed: {', '.join(known)}"
            yield Problem(f"{pointer}/{escape_pointer_token(key)}", f"unknown key '{key}'{hint}", at_key=True)
        return
    if keyword in ("pattern", "format") and _is_email_schema(error) and _defer_to_email_syntax(instance):
        return  # the email-syntax rule says what is wrong with it: one address, one finding
    if keyword == "uniqueItems" and isinstance(instance, list):
        yield Problem(pointer, f"{_subject(path)} lists a value twice")
        return
    if keyword == "minItems":
        yield Problem(pointer, f"{_subject(path)} must not be empty")
        return
    message = f"{_subject(path)} must be {_expected(error)}, got {_show(instance)}"
    if keyword == "pattern" and isinstance(instance, str):
        capitals = instance.strip().upper()
        if capitals != instance.strip() and re.search(str(constraint), capitals):
            message += f" (did you mean '{capitals}'?)"
    if keyword == "enum" and isinstance(instance, str):
        close = difflib.get_close_matches(instance, [str(v) for v in constraint], n=1)
        if close:
            message += f" (did you mean '{close[0]}'?)"
    yield Problem(pointer, message + _quote_hint(pointer, instance, plain_text))

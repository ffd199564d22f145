"""Rules about the file itself, enforced by the loader and the schema.

They run before any policy rule: a file that is not a readable YAML mapping
cannot be judged further, so these findings come alone.
"""

from __future__ import annotations

from checker.finding import RuleDoc, Severity

YAML_SYNTAX = "yaml-syntax"
YAML_ENCODING = "yaml-encoding"
YAML_STRUCTURE = "yaml-structure"
YAML_TAG = "yaml-tag"
YAML_LIMITS = "yaml-limits"
DUPLICATE_KEY = "duplicate-key"
EMPTY_FILE = "empty-file"
SCHEMA = "schema"

DOCS = (
    RuleDoc(
        YAML_SYNTAX,
        Severity.ERROR,
        "The file is not valid YAML.",
        "The parser stopped at the position shown. Nothing else in the file can be checked until it"
        " parses. Common causes: a tab used for indentation, an unclosed quote or bracket, a value"
        " starting with '@' or '*' that needs quotes.",
    ),
    RuleDoc(
        YAML_ENCODING,
        Severity.ERROR,
        "The file is not UTF-8 text.",
        "licenses.yaml must be UTF-8 (a byte-order mark is tolerated). UTF-16, Latin-1 and binary"
        " files are refused with the position of the first byte that is not UTF-8 text.",
    ),
    RuleDoc(
        YAML_STRUCTURE,
        Severity.ERROR,
        "The YAML is valid but not shaped like an inventory.",
        "The top level must be one mapping in one YAML document; mapping keys must be plain text.",
    ),
    RuleDoc(
        YAML_TAG,
        Severity.ERROR,
        "A YAML tag ('!!python/object', '!!str', '!custom') is used.",
        "Tags make YAML readers construct arbitrary types, and some readers run code for them."
        " An inventory never needs one: quote a value that must stay text.",
    ),
    RuleDoc(
        YAML_LIMITS,
        Severity.ERROR,
        "The file nests too deep, or its aliases expand too far.",
        "Aliases ('*name') may reuse a list of contacts, but a chain of aliases that expands to"
        " more than a million nodes ('billion laughs') is refused, as is a recursive alias and"
        " nesting deeper than 64 levels. These limits keep every check fast and bounded.",
    ),
    RuleDoc(
        DUPLICATE_KEY,
        Severity.ERROR,
        "A mapping has the same key twice.",
        "Most YAML readers silently keep the last value, so a second 'technical_contact:' added"
        " below the first hides which address license mail really goes to. The finding points at"
        " the second occurrence.",
    ),
    RuleDoc(
        EMPTY_FILE,
        Severity.ERROR,
        "The file is empty.",
        "An empty inventory (or one holding only comments) declares no licenses and no policy;"
        " it is almost always a mistake, such as a truncated save.",
    ),
    RuleDoc(
        SCHEMA,
        Severity.ERROR,
        "A value breaks the licenses.yaml schema.",
        "schema/licenses.schema.json (printed by 'licensegate schema') defines every key, its type"
        " and its allowed values. Every violation is reported, each at the value that is wrong, or"
        " at the mapping that lacks a required key. Unquoted 'yes', 'no', 'on', 'off' and 'null'"
        " are booleans or null in YAML 1.1: the message says to quote them.",
    ),
)

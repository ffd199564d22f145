"""Rules about the file itself, enforced by the loader and the schema.

They run before any policy rule: a file that is not a readable YAML mapping
cannot be judged further, so these findings come alone.
"""

from __future__ import annotations

from typing import NamedTuple

from checker.finding import Severity
from checker.ruledoc import EXAMPLE

YAML_SYNTAX = "yaml-syntax"
YAML_ENCODING = "yaml-encoding"
YAML_STRUCTURE = "yaml-structure"
YAML_TAG = "yaml-tag"
YAML_LIMITS = "yaml-limits"
DUPLICATE_KEY = "duplicate-key"
EMPTY_FILE = "empty-file"
SCHEMA = "schema"


class LoaderRule(NamedTuple):
    """A rule the loader or the schema enforces; ``text`` has the sections ``checker.ruledoc`` reads."""

    id: str
    severity: Severity
    summary: str
    text: str
    # Whole files for the documentation's example: BAD gets this rule's finding, GOOD none.
    bad: str
    good: str
    # How BAD is saved (yaml-encoding's example is not UTF-8).
    bad_encoding: str = "utf-8"


# A whole, valid inventory: every loader rule's good example.
_VALID = EXAMPLE

# A name that is not ASCII, for the encoding rule's example.
_NON_ASCII = _VALID.replace(
    "members: [alice.martin@example.com, bob.chen@example.com]",
    "members: [alice.martin@example.com, zoe.quinn@example.com]",
).replace(
    "  - {email: bob.chen@example.com, name: Bob Chen}",
    "  - {email: zoe.quinn@example.com, name: Zo\u00eb Quinn}   # saved as UTF-8",
)

RULES: tuple[LoaderRule, ...] = (
    LoaderRule(
        YAML_SYNTAX,
        Severity.ERROR,
        "The file is not valid YAML.",
        """\
## What it does
Reports the first place where the file stops being YAML, at the line and column where the
parser stopped. Nothing else in the file is checked until it parses.

## Why it matters
A file that does not parse says nothing about any license: no rule can run on it, and every
tool that reads it fails the same way. YAML is strict about layout: indentation carries the
structure and may use spaces only, never tabs.

## How to fix
Look at the position shown and just above it. Common causes: a tab used for indentation, a
key indented one space too far or too little, an unclosed quote or bracket, a value starting
with `@` or `*` that needs quotes.

## Sources
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Indentation Spaces"
- PyYAML documentation (pyyaml.org/wiki/PyYAMLDocumentation)
""",
        bad=_VALID.replace(
            "    backup_contacts: [alice.martin@example.com]",
            "     backup_contacts: [alice.martin@example.com]   # one space too far",
            1,
        ),
        good=_VALID,
    ),
    LoaderRule(
        YAML_ENCODING,
        Severity.ERROR,
        "The file is not UTF-8 text.",
        """\
## What it does
Refuses a file that is not UTF-8 text, at the position of the first byte that is not: UTF-16
and UTF-32, Latin-1 and other legacy code pages, and binary files (a NUL byte, or a character
YAML does not allow anywhere). A UTF-8 byte-order mark is tolerated.

## Why it matters
The same bytes read differently in another encoding, so a name or address saved as Latin-1
is not the text that was typed once another tool reads it as UTF-8. YAML 1.2 streams are
Unicode, and UTF-8 is the encoding every reader accepts.

## How to fix
Save the file as UTF-8 ("UTF-8" or "UTF-8 without BOM" in the editor's encoding menu), and
check the non-ASCII letters afterwards.

## Sources
- RFC 3629, "UTF-8, a transformation format of ISO 10646"
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Character Encodings"
""",
        bad=_NON_ASCII.replace("# saved as UTF-8", "# saved as Latin-1"),
        good=_NON_ASCII,
        bad_encoding="latin-1",
    ),
    LoaderRule(
        YAML_STRUCTURE,
        Severity.ERROR,
        "The YAML is valid but not shaped like an inventory.",
        """\
## What it does
Checks the shape YAML allows but an inventory does not: the top level must be one mapping, in
one YAML document (no second `---`), and mapping keys must be plain text, not a mapping, a
list or an alias. A merge key (`<<`) must name a mapping or a list of mappings, and is read only
where every YAML reader agrees: two merged mappings that give one key different values (unless
the mapping sets the key itself) are refused. So are plain keys YAML reads as a number, a
boolean, null or a date (`1:`, `true:`, `~:`), unquoted `=` or `<<` values and an anchor defined
twice: for every file licensegate accepts, the data it judges is what other YAML readers return.

## Why it matters
Every other rule reads `version`, `policy`, `licenses` and the rest from one top-level
mapping. A list at the top, or a second document, holds data that most readers would
silently drop or misread.

## How to fix
Put everything under one top-level mapping with `version`, `policy` and `licenses`, in a
single document, and write keys as plain text.

## Sources
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Documents" and "Mappings"
""",
        bad="""\
# the licenses alone: the top level is a list, not a mapping
- id: SEN-12345678
  product: Jira Software
  deployment: cloud
  tier: 500
  renews: 2027-09-30
  technical_contact: atlassian-admins@example.com
  backup_contacts: [alice.martin@example.com]
""",
        good=_VALID,
    ),
    LoaderRule(
        YAML_TAG,
        Severity.ERROR,
        "A YAML tag ('!!python/object', '!!str', '!custom') is used.",
        """\
## What it does
Reports every YAML tag (`!!python/object`, `!!str`, `!custom`), at the tagged value.

## Why it matters
Tags make YAML readers construct arbitrary types, and some readers run code for them: PyYAML's
unsafe loader builds any Python object a `!!python/object` tag names, which is why its
documentation warns against loading untrusted input that way. An inventory never needs a tag.

## How to fix
Delete the tag. Quote a value that must stay text (`"no"`, `"1.0"`) instead of tagging it.

## Sources
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Tags"
- PyYAML documentation (pyyaml.org/wiki/PyYAMLDocumentation), "Loading YAML"
""",
        bad=_VALID.replace("    product: Jira Software", "    product: !!str Jira Software   # a tag", 1),
        good=_VALID,
    ),
    LoaderRule(
        YAML_LIMITS,
        Severity.ERROR,
        "The file nests too deep, or its aliases expand too far.",
        """\
## What it does
Refuses a chain of aliases (`*name`) that expands to more than a million nodes, an alias that
refers to a node containing it (recursive data), and nesting deeper than 64 levels. An alias
that reuses a list of contacts is fine.

## Why it matters
A few lines of anchors and aliases can expand to billions of nodes (the "billion laughs"
attack) and exhaust the memory of any reader that expands them. A real inventory is five
levels deep and aliases add a few nodes per license, so these limits keep every check fast
and bounded without getting in the way.

## How to fix
Write the values out instead of nesting aliases within aliases, and flatten the nesting.

## Sources
- Wikipedia, "Billion laughs attack"
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Node Anchors" and "Alias Nodes"
""",
        bad="""\
version: 1
policy:
  allowed_domains: [example.com]
lol1: &lol1 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
lol2: &lol2 [*lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1, *lol1]
lol3: &lol3 [*lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2, *lol2]
lol4: &lol4 [*lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3, *lol3]
lol5: &lol5 [*lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4, *lol4]
lol6: [*lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5, *lol5]   # over a million nodes
licenses: []
""",
        good=_VALID.replace(
            "members: [alice.martin@example.com, bob.chen@example.com]",
            "members: &platform [alice.martin@example.com, bob.chen@example.com]",
        ).replace("backup_contacts: [alice.martin@example.com]", "backup_contacts: *platform   # one alias, reused"),
    ),
    LoaderRule(
        DUPLICATE_KEY,
        Severity.ERROR,
        "A mapping has the same key twice.",
        """\
## What it does
Reports a key that a mapping already has, at its second occurrence, with the line of the first.
A second merge key (`<<`) in one mapping is reported too: readers disagree on which one wins.

## Why it matters
YAML requires the keys of a mapping to be unique, but most YAML readers silently keep the last
value instead of refusing the file. A second `technical_contact:` added below the first hides
which address license mail really goes to: a reviewer reads one, the tools use the other.

## How to fix
Keep one of the two and delete the other.

## Sources
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Mapping" (keys are unique)
- PyYAML documentation (pyyaml.org/wiki/PyYAMLDocumentation)
""",
        bad=_VALID + "    technical_contact: bob.chen@example.com   # the same key again\n",
        good=_VALID,
    ),
    LoaderRule(
        EMPTY_FILE,
        Severity.ERROR,
        "The file is empty.",
        """\
## What it does
Reports a file that holds no YAML value at all: empty, or only comments and blank lines.

## Why it matters
An empty inventory declares no licenses and no policy, so there is nothing to check and
nothing guards the licenses it once listed. It is almost always a mistake, such as a
truncated save or a bad merge.

## How to fix
Restore the file from version control, or start from a mapping with `version`, `policy` and
`licenses`.

## Sources
- YAML Ain't Markup Language version 1.2.2 (yaml.org/spec/1.2.2), "Streams" (a stream may hold no document)
""",
        bad="""\
# Atlassian license inventory
# (truncated: nothing but comments is left)
""",
        good=_VALID,
    ),
    LoaderRule(
        SCHEMA,
        Severity.ERROR,
        "A value breaks the licenses.yaml schema.",
        """\
## What it does
Validates the file against its JSON Schema (printed by `licensegate schema`), which defines
every key, its type and its allowed values. Every violation is reported, each at the value
that is wrong, or at the mapping that lacks a required key.

## Why it matters
The rules can only judge what they can read: a misspelt key, a date that does not exist or a
deployment the tools do not know would otherwise be skipped in silence. In YAML 1.1, which
PyYAML and many other readers follow, unquoted `yes`, `no`, `on`, `off` and `null` are booleans or null,
not text: the message says to quote them.

## How to fix
Correct the value as the message says; `licensegate schema` prints every key with its
description, and editors that read the schema complete and check the file as you type.

## Sources
- JSON Schema draft 2020-12 (json-schema.org), "JSON Schema Validation"
- YAML 1.1, "Boolean Language-Independent Type" (yaml.org/type/bool.html)
""",
        bad=_VALID.replace(
            "    deployment: cloud", "    deployment: datacenter   # not cloud, data-center or server", 1
        ),
        good=_VALID,
    ),
)

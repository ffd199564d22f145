"""The github, sarif and junit output formats: exact output, and the published schemas they must satisfy."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import functools
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from checker import __version__, engine
from checker.finding import Finding, RuleDoc, Severity
from checker.reporters import REPORTERS, Report, github, junit, sarif
from checker.reporters.text import summary
from checker.ruledoc import help_uri
from checker.rules import docs
from tests.conftest import DATA, TODAY, VALID, run

ERROR, WARNING = Severity.ERROR, Severity.WARNING

POLICY = Finding("licenses.yaml", 2, 9, "schema", ERROR, "missing required key 'allowed_domains'", None, "/policy")
TIER = Finding(
    "licenses.yaml",
    16,
    11,
    "schema",
    ERROR,
    "'tier' must be a positive integer or \"unlimited\", got -5",
    "SEN-12345678",
    "/licenses/0/tier",
)
REPEATED = Finding(
    "licenses.yaml",
    19,
    5,
    "duplicate-key",
    ERROR,
    "key 'technical_contact' is repeated (first at line 18): YAML readers keep only one of them, delete the other",
    "SEN-12345678",
    "/licenses/0/technical_contact",
)
RENEWAL = Finding(
    "licenses.yaml",
    30,
    13,
    "renewal-horizon",
    WARNING,
    "renews on 2026-12-20, in 24 days",
    "SEN-87654321",
    "/licenses/1/renews",
)
OTHER = Finding(
    "teams/other.yaml",
    5,
    3,
    "email-domain",
    ERROR,
    "'ops@gmail.com' is outside allowed_domains",
    "SEN-11111111",
    "/licenses/0/backup_contacts/0",
)
# Characters every format must carry safely: workflow-command and Markdown delimiters, a
# line break, a control character a message may quote, XML's markup characters.
HOSTILE = Finding(
    "licenses.yaml",
    7,
    5,
    "email-syntax",
    ERROR,
    "'a\x07b, c:d | 50% <x> & y' is not\r\nvalid",
    "SEN-22222222",
    "/mailboxes/0/address",
)


def make_report(*findings: Finding, **kwargs: Any) -> Report:
    files = len({finding.file for finding in findings}) or 1
    licenses = len({finding.license for finding in findings if finding.license})
    return Report(findings=sorted(findings), files=files, licenses=licenses, rules=docs(), **kwargs)


def in_change_mode(*findings: tuple[Finding, bool]) -> Report:
    return make_report(*(dataclasses.replace(finding, new=new) for finding, new in findings), base="origin/main")


def test_the_registry_knows_every_format() -> None:
    assert REPORTERS.names == ("text", "json", "github", "sarif", "junit", "gitlab", "bitbucket")
    assert REPORTERS.get("github") is github.render
    assert REPORTERS.get("sarif") is sarif.render
    assert REPORTERS.get("junit") is junit.render


def test_reporters_import_no_parser_validator_or_git() -> None:
    code = (
        "import sys, checker.reporters.github, checker.reporters.sarif, checker.reporters.junit,"
        " checker.reporters.gitlab, checker.reporters.bitbucket;"
        " print(sorted({'jsonschema', 'yaml', 'git'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


# --- github -------------------------------------------------------------------------------------


def test_github_one_command_a_finding_then_the_summary() -> None:
    report = make_report(POLICY, TIER, RENEWAL, repo_paths={"licenses.yaml": "inventory/licenses.yaml"})
    assert github.render(report) == (
        "::error file=inventory/licenses.yaml,line=2,col=9,title=schema::missing required key 'allowed_domains'\n"
        "::error file=inventory/licenses.yaml,line=16,col=11,title=schema::"
        "SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5\n"
        "::warning file=inventory/licenses.yaml,line=30,col=13,title=renewal-horizon::"
        "SEN-87654321: renews on 2026-12-20, in 24 days\n"
        "2 errors, 1 warning in 1 file\n"
    )


def test_github_escapes_message_and_properties() -> None:
    report = make_report(HOSTILE, repo_paths={"licenses.yaml": "a,b:c%d/licenses.yaml"})
    assert github.render(report) == (
        "::error file=a%2Cb%3Ac%25d/licenses.yaml,line=7,col=5,title=email-syntax::"
        "SEN-22222222: 'a\\x07b, c:d | 50%25 <x> & y' is not%0D%0Avalid\n"
        "1 error, 0 warnings in 1 file\n"
    )


@pytest.mark.parametrize(
    ("text", "data", "value"),
    [
        ("plain text", "plain text", "plain text"),
        ("100%", "100%25", "100%25"),
        ("%0A", "%250A", "%250A"),  # an escape already in the text stays literal
        ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
        ("k: v, w", "k: v, w", "k%3A v%2C w"),
        ("::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"),
    ],
)
def test_github_escaping_rules(text: str, data: str, value: str) -> None:
    assert (github.escape_data(text), github.escape_property(text)) == (data, value)


def test_github_change_mode_existing_findings_are_notices() -> None:
    report = in_change_mode((TIER, True), (REPEATED, False), (RENEWAL, False))
    lines = github.render(report).splitlines()
    assert lines[:-1] == [
        "::error file=licenses.yaml,line=16,col=11,title=schema::"
        "SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5",
        "::notice file=licenses.yaml,line=19,col=5,title=duplicate-key (existing)::"
        "SEN-12345678: key 'technical_contact' is repeated (first at line 18):"
        " YAML readers keep only one of them, delete the other",
        "::notice file=licenses.yaml,line=30,col=13,title=renewal-horizon (existing)::"
        "SEN-87654321: renews on 2026-12-20, in 24 days",
    ]
    assert lines[-1] == summary(report)


def test_github_summary_line_cannot_start_a_workflow_command() -> None:
    report = make_report(overrides=("x\n::error::forged: backup-contact=off",))
    output = github.render(report)
    assert output == "0 errors, 0 warnings in 1 file; severity overrides: x\\n::error::forged: backup-contact=off\n"
    assert not any(line.startswith("::") for line in output.splitlines())


def test_step_summary_table() -> None:
    report = make_report(POLICY, RENEWAL, HOSTILE, repo_paths={"licenses.yaml": "inventory/licenses.yaml"})
    assert github.step_summary(report) == (
        "## licensegate\n"
        "\n"
        "2 errors, 1 warning in 1 file\n"
        "\n"
        "| Severity | File | Line | Rule | License | Message |\n"
        "|---|---|---|---|---|---|\n"
        "| error | inventory/licenses.yaml | 2 | schema |  | missing required key 'allowed\\_domains' |\n"
        "| error | inventory/licenses.yaml | 7 | email-syntax | SEN-22222222 |"
        " 'a\\x07b, c:d \\| 50% &lt;x> &amp; y' is not valid |\n"
        "| warning | inventory/licenses.yaml | 30 | renewal-horizon | SEN-87654321 |"
        " renews on 2026-12-20, in 24 days |\n"
    )


def test_step_summary_marks_new_and_existing_in_change_mode() -> None:
    report = in_change_mode((TIER, True), (RENEWAL, False))
    assert github.step_summary(report) == (
        "## licensegate\n"
        "\n"
        f"{summary(report)}\n"
        "\n"
        "| Severity | File | Line | Rule | License | Message |\n"
        "|---|---|---|---|---|---|\n"
        "| error (new) | licenses.yaml | 16 | schema | SEN-12345678 |"
        " 'tier' must be a positive integer or \"unlimited\", got -5 |\n"
        "| warning (existing) | licenses.yaml | 30 | renewal-horizon | SEN-87654321 |"
        " renews on 2026-12-20, in 24 days |\n"
    )


def test_step_summary_without_findings() -> None:
    report = make_report(waived=1)
    assert github.step_summary(report) == "## licensegate\n\n0 errors, 0 warnings in 1 file; 1 waived\n\nNo findings.\n"


# --- sarif --------------------------------------------------------------------------------------


@functools.cache
def sarif_validator() -> Draft7Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)  # no format checker: the structure is what matters here


def sarif_errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in sarif_validator().iter_errors(document)
    ]


def sarif_document(report: Report) -> dict[str, Any]:
    output = sarif.render(report)
    assert output.endswith("}\n")
    document: dict[str, Any] = json.loads(output)
    assert output == json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return document


SARIF_REPORTS = {
    "none": make_report(),
    "findings": make_report(POLICY, TIER, REPEATED, RENEWAL, OTHER, HOSTILE),
    "change mode": in_change_mode((TIER, True), (RENEWAL, False)),
    "odd paths": make_report(
        OTHER, POLICY, repo_paths={"teams/other.yaml": "my teams/ö:1.yaml", "licenses.yaml": "/abs/licenses.yaml"}
    ),
}


@pytest.mark.parametrize("name", SARIF_REPORTS)
def test_sarif_is_valid_against_the_oasis_schema(name: str) -> None:
    assert sarif_errors(sarif_document(SARIF_REPORTS[name])) == []


def _break_level(document: dict[str, Any]) -> None:
    document["runs"][0]["results"][0]["level"] = "fatal"


def _break_line(document: dict[str, Any]) -> None:
    document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0


def _break_baseline(document: dict[str, Any]) -> None:
    document["runs"][0]["results"][0]["baselineState"] = "old"


def _break_rule(document: dict[str, Any]) -> None:
    del document["runs"][0]["tool"]["driver"]["rules"][0]["id"]


def _break_version(document: dict[str, Any]) -> None:
    document["version"] = "2.0.0"


def _break_runs(document: dict[str, Any]) -> None:
    del document["runs"]


@pytest.mark.parametrize(
    ("breakage", "where"),
    [
        (_break_level, "runs/0/results/0/level"),
        (_break_line, "runs/0/results/0/locations/0/physicalLocation/region/startLine"),
        (_break_baseline, "runs/0/results/0/baselineState"),
        (_break_rule, "runs/0/tool/driver/rules/0"),
        (_break_version, "version"),
        (_break_runs, ""),
    ],
)
def test_the_sarif_schema_really_rejects_broken_documents(breakage: Any, where: str) -> None:
    document = copy.deepcopy(sarif_document(SARIF_REPORTS["findings"]))
    breakage(document)
    errors = sarif_errors(document)
    assert errors
    assert all(error.split(": ")[0] == where for error in errors), errors


def test_sarif_run_and_rule_table() -> None:
    document = sarif_document(make_report(TIER))
    assert [document["$schema"], document["version"], len(document["runs"])] == [
        "https://json.schemastore.org/sarif-2.1.0.json",
        "2.1.0",
        1,
    ]
    (run_,) = document["runs"]
    driver = run_["tool"]["driver"]
    assert {key: value for key, value in driver.items() if key != "rules"} == {
        "name": "licensegate",
        "informationUri": "https://github.com/licensegate/licensegate",
        "version": __version__,
    }
    assert run_["columnKind"] == "unicodeCodePoints"
    assert [rule["id"] for rule in driver["rules"]] == [doc.id for doc in docs()]
    for rule, doc in zip(driver["rules"], docs(), strict=True):
        assert rule["name"] != rule["id"]
        assert rule["name"] == sarif.rule_name(doc.id)
        assert rule["helpUri"] == help_uri(doc.id)
        assert rule["properties"]["tags"] in (
            ["licensegate", "file", "protected"],
            ["licensegate", "policy", "protected"],
            ["licensegate", "policy", "waivable"],
        )
        assert rule["shortDescription"] == {"text": doc.summary}
        assert rule["help"] == {"text": doc.description, "markdown": doc.description}
        assert rule["defaultConfiguration"] == {"level": str(doc.severity)}
        assert rule["fullDescription"]["text"]
        assert "\n" not in rule["fullDescription"]["text"]
    tags = {rule["id"]: rule["properties"]["tags"][1:] for rule in driver["rules"]}
    assert (tags["yaml-syntax"], tags["email-domain"], tags["backup-contact"]) == (
        ["file", "protected"],
        ["policy", "protected"],
        ["policy", "waivable"],
    )
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in driver["rules"]}
    assert (levels["schema"], levels["renewal-horizon"], levels["waiver-unused"]) == ("error", "warning", "warning")


def test_sarif_rule_descriptor() -> None:
    doc = RuleDoc(
        "made-up", WARNING, "One line.", "First paragraph,\nwrapped.\n\n  Second paragraph.\n", tags=("policy",)
    )
    assert sarif.rule_descriptor(doc) == {
        "id": "made-up",
        "name": "MadeUp",
        "shortDescription": {"text": "One line."},
        "fullDescription": {"text": "First paragraph, wrapped."},
        "helpUri": "https://github.com/licensegate/licensegate/blob/main/README.md#rule-made-up",
        "help": {
            "text": "First paragraph,\nwrapped.\n\n  Second paragraph.\n",
            "markdown": "First paragraph,\nwrapped.\n\n  Second paragraph.\n",
        },
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["licensegate", "policy"]},
    }


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [("schema", "Schema"), ("email-domain", "EmailDomain"), ("yaml-syntax", "YamlSyntax"), ("a--b", "AB")],
)
def test_sarif_rule_names_are_camel_case(rule_id: str, name: str) -> None:
    assert sarif.rule_name(rule_id) == name


def test_sarif_result() -> None:
    finding = dataclasses.replace(TIER, fingerprint="0123456789abcdef0123456789abcdef")
    document = sarif_document(make_report(finding, repo_paths={"licenses.yaml": "inventory/licenses.yaml"}))
    (result,) = document["runs"][0]["results"]
    assert result == {
        "ruleId": "schema",
        "ruleIndex": [doc.id for doc in docs()].index("schema"),
        "level": "error",
        "message": {"text": "SEN-12345678: 'tier' must be a positive integer or \"unlimited\", got -5"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "inventory/licenses.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 16, "startColumn": 11},
                }
            }
        ],
        "partialFingerprints": {"licensegate/v1": "0123456789abcdef0123456789abcdef"},
        "properties": {"license": "SEN-12345678", "pointer": "/licenses/0/tier"},
    }


def test_sarif_result_without_a_license_and_for_a_rule_not_in_the_table() -> None:
    finding = Finding("licenses.yaml", 1, 1, "not-a-rule", WARNING, "text", None, "")
    (result,) = sarif_document(make_report(finding))["runs"][0]["results"]
    assert "ruleIndex" not in result
    assert (result["ruleId"], result["level"], result["message"], result["properties"]) == (
        "not-a-rule",
        "warning",
        {"text": "text"},
        {"license": None, "pointer": ""},
    )


def test_sarif_rule_index_names_the_result_rule() -> None:
    document = sarif_document(make_report(POLICY, TIER, REPEATED, RENEWAL, OTHER, HOSTILE))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    results = document["runs"][0]["results"]
    assert [result["ruleId"] for result in results] == [
        "schema",
        "email-syntax",
        "schema",
        "duplicate-key",
        "renewal-horizon",
        "email-domain",
    ]
    assert [rules[result["ruleIndex"]]["id"] for result in results] == [result["ruleId"] for result in results]


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("licenses.yaml", {"uri": "licenses.yaml", "uriBaseId": "%SRCROOT%"}),
        ("my teams/ö:1.yaml", {"uri": "my%20teams/%C3%B6%3A1.yaml", "uriBaseId": "%SRCROOT%"}),
        ("/abs/licenses.yaml", {"uri": "file:///abs/licenses.yaml"}),
    ],
)
def test_sarif_artifact_locations_are_uri_references(path: str, location: dict[str, str]) -> None:
    assert sarif.artifact_location(path) == location


def test_sarif_baseline_state_in_change_mode_only() -> None:
    changed = sarif_document(in_change_mode((TIER, True), (RENEWAL, False)))["runs"][0]["results"]
    assert [result.get("baselineState") for result in changed] == ["new", "unchanged"]
    plain = sarif_document(make_report(TIER, RENEWAL))["runs"][0]["results"]
    assert [result.get("baselineState") for result in plain] == [None, None]


def _fingerprints(report: Report) -> list[str]:
    return [result["partialFingerprints"]["licensegate/v1"] for result in sarif_document(report)["runs"][0]["results"]]


def test_sarif_fingerprints_ignore_the_line() -> None:
    findings = [POLICY, TIER, REPEATED, RENEWAL]
    moved = [dataclasses.replace(finding, line=finding.line + 7, column=finding.column + 2) for finding in findings]
    before, after = _fingerprints(make_report(*findings)), _fingerprints(make_report(*moved))
    assert before == after
    assert len(set(before)) == len(before)  # and they tell findings apart
    assert all(re.fullmatch("[0-9a-f]{32}", value) for value in before)


@pytest.mark.parametrize(
    "change", [{"message": "other"}, {"license": "SEN-99999999"}, {"pointer": "/licenses/2/tier"}, {"rule": "x"}]
)
def test_sarif_fingerprints_change_with_what_identifies_a_finding(change: dict[str, Any]) -> None:
    assert _fingerprints(make_report(dataclasses.replace(TIER, **change))) != _fingerprints(make_report(TIER))


def test_sarif_fingerprints_of_the_engine_survive_lines_added_above() -> None:
    bad = VALID.replace("    tier: 500\n", "    tier: -5\n").replace(
        "    backup_contacts: [alice.martin@example.com]\n", "    backup_contacts: [alice.martin@gmail.com]\n"
    )
    moved = bad.replace("licenses:\n", "# Jira first, then its apps.\n\nlicenses:\n")

    def results(text: str) -> list[tuple[str, int, str]]:
        findings = engine.check_bytes(text.encode(), path="licenses.yaml", today=TODAY).findings
        document = sarif_document(make_report(*findings))
        return [
            (
                result["ruleId"],
                result["locations"][0]["physicalLocation"]["region"]["startLine"],
                result["partialFingerprints"]["licensegate/v1"],
            )
            for result in document["runs"][0]["results"]
        ]

    before, after = results(bad), results(moved)
    assert [(rule, line) for rule, line, _ in before] == [("schema", 16), ("email-domain", 19)]
    assert [(rule, line) for rule, line, _ in after] == [("schema", 18), ("email-domain", 21)]
    assert [value for *_, value in before] == [value for *_, value in after]


# --- junit --------------------------------------------------------------------------------------

WHEN = datetime.datetime(2026, 11, 26, 9, 30, 0)


@functools.cache
def junit_schema() -> Any:
    # xmlschema belongs in the test extra: XML Schema validation is not in the standard library.
    import xmlschema

    return xmlschema.XMLSchema(str(DATA / "junit.xsd"))


def junit_errors(text: str) -> list[str]:
    return [str(error.reason) for error in junit_schema().iter_errors(text)]


def junit_xml(report: Report) -> str:
    return junit.render(report, timestamp=WHEN, hostname="ci-runner")


def test_junit_document() -> None:
    report = make_report(POLICY, TIER, REPEATED, RENEWAL, OTHER, repo_paths={"teams/other.yaml": "inv/other.yaml"})
    assert junit_xml(report) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<testsuites>\n"
        '  <testsuite name="licenses.yaml" tests="3" failures="2" errors="0" skipped="0" time="0"'
        ' timestamp="2026-11-26T09:30:00" hostname="ci-runner" id="0" package="licenses.yaml">\n'
        "    <properties />\n"
        '    <testcase name="(file)" classname="licenses.yaml" time="0">\n'
        '      <failure message="error [schema] missing required key \'allowed_domains\'" type="error [schema]">'
        "licenses.yaml:2:9: error [schema] missing required key 'allowed_domains'</failure>\n"
        "    </testcase>\n"
        '    <testcase name="SEN-12345678" classname="licenses.yaml" time="0">\n'
        "      <failure message=\"error [schema] 'tier' must be a positive integer or &quot;unlimited&quot;, got -5;"
        " error [duplicate-key] key 'technical_contact' is repeated (first at line 18):"
        ' YAML readers keep only one of them, delete the other" type="error [schema], error [duplicate-key]">'
        "licenses.yaml:16:11: error [schema] 'tier' must be a positive integer or \"unlimited\", got -5\n"
        "licenses.yaml:19:5: error [duplicate-key] key 'technical_contact' is repeated (first at line 18):"
        " YAML readers keep only one of them, delete the other</failure>\n"
        "    </testcase>\n"
        '    <testcase name="SEN-87654321" classname="licenses.yaml" time="0" />\n'
        "    <system-out>licenses.yaml:30:13: warning [renewal-horizon] SEN-87654321:"
        " renews on 2026-12-20, in 24 days</system-out>\n"
        "    <system-err />\n"
        "  </testsuite>\n"
        '  <testsuite name="teams/other.yaml" tests="1" failures="1" errors="0" skipped="0" time="0"'
        ' timestamp="2026-11-26T09:30:00" hostname="ci-runner" id="1" package="inv/other.yaml">\n'
        "    <properties />\n"
        '    <testcase name="SEN-11111111" classname="teams/other.yaml" time="0">\n'
        "      <failure message=\"error [email-domain] 'ops@gmail.com' is outside allowed_domains\""
        ' type="error [email-domain]">'
        "teams/other.yaml:5:3: error [email-domain] 'ops@gmail.com' is outside allowed_domains</failure>\n"
        "    </testcase>\n"
        "    <system-out />\n"
        "    <system-err />\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


JUNIT_REPORTS = {
    "none": make_report(),
    "findings": make_report(POLICY, TIER, REPEATED, RENEWAL, OTHER),
    "hostile": make_report(HOSTILE, dataclasses.replace(HOSTILE, license=None, message="\x00\ud800\ufffe")),
    "change mode": in_change_mode((POLICY, False), (TIER, True), (REPEATED, False), (RENEWAL, False)),
}


@pytest.mark.parametrize("name", JUNIT_REPORTS)
def test_junit_is_valid_against_the_xsd(name: str) -> None:
    assert junit_errors(junit_xml(JUNIT_REPORTS[name])) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    <properties />\n", ""),  # required, first
        ("    <system-err />\n", ""),  # required, last
        ("<testsuites>", '<testsuites name="licensegate">'),  # the schema allows it no attributes
        (' hostname="ci-runner"', ""),
        (' timestamp="2026-11-26T09:30:00"', ' timestamp="2026-11-26T09:30:00Z"'),
        ("</failure>", "</failure><failure type='x' />"),  # one failure a test case, at most
    ],
)
def test_the_xsd_really_rejects_broken_documents(old: str, new: str) -> None:
    text = junit_xml(JUNIT_REPORTS["findings"])
    assert old in text
    assert junit_errors(text.replace(old, new, 1))


def test_junit_counts_match_its_test_cases() -> None:
    root = ET.fromstring(junit_xml(JUNIT_REPORTS["findings"]))
    assert root.tag == "testsuites"
    summary = [
        (
            suite.get("name"),
            suite.get("id"),
            suite.get("tests"),
            suite.get("failures"),
            [case.get("name") for case in suite.iter("testcase")],
        )
        for suite in root
    ]
    assert summary == [
        ("licenses.yaml", "0", "3", "2", ["(file)", "SEN-12345678", "SEN-87654321"]),
        ("teams/other.yaml", "1", "1", "1", ["SEN-11111111"]),
    ]
    for suite in root:
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(1 for case in cases if case.find("failure") is not None))
        assert [child.tag for child in suite] == ["properties", *["testcase"] * len(cases), "system-out", "system-err"]


def test_junit_carries_characters_xml_cannot() -> None:
    root = ET.fromstring(junit_xml(JUNIT_REPORTS["hostile"]))
    failures = {case.get("name"): case.find("failure") for case in root.iter("testcase")}
    assert list(failures) == ["(file)", "SEN-22222222"]
    file_level, hostile = failures["(file)"], failures["SEN-22222222"]
    assert file_level is not None
    assert hostile is not None
    assert file_level.text == "licenses.yaml:7:5: error [email-syntax] \\x00\ufffd\ufffd"
    # XML reads CR LF in text as one line break; in an attribute it is written as character references, and kept.
    assert hostile.text == "licenses.yaml:7:5: error [email-syntax] 'a\\x07b, c:d | 50% <x> & y' is not\nvalid"
    assert hostile.get("message") == "error [email-syntax] 'a\\x07b, c:d | 50% <x> & y' is not\r\nvalid"


def test_junit_change_mode_existing_findings_fail_nothing() -> None:
    root = ET.fromstring(junit_xml(JUNIT_REPORTS["change mode"]))
    (suite,) = root
    cases = {case.get("name"): case.find("failure") for case in suite.iter("testcase")}
    assert list(cases) == ["(file)", "SEN-12345678", "SEN-87654321"]
    assert cases["(file)"] is None
    assert cases["SEN-87654321"] is None
    failure = cases["SEN-12345678"]
    assert failure is not None
    assert (failure.get("type"), failure.text) == (
        "error [schema]",
        "licenses.yaml:16:11: error [schema] 'tier' must be a positive integer or \"unlimited\", got -5",
    )
    assert (suite.get("tests"), suite.get("failures")) == ("3", "1")
    assert suite.findtext("system-out") == (
        "licenses.yaml:2:9: error [schema] missing required key 'allowed_domains' [existing]\n"
        "licenses.yaml:19:5: error [duplicate-key] SEN-12345678: key 'technical_contact' is repeated"
        " (first at line 18): YAML readers keep only one of them, delete the other [existing]\n"
        "licenses.yaml:30:13: warning [renewal-horizon] SEN-87654321: renews on 2026-12-20, in 24 days [existing]"
    )


def test_junit_without_findings_is_an_empty_testsuites() -> None:
    assert junit_xml(make_report()) == '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites />\n'


def test_junit_timestamp_is_utc_without_a_zone_and_defaults_to_now() -> None:
    aware = datetime.datetime(2026, 11, 26, 10, 30, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    root = ET.fromstring(junit.render(make_report(TIER), timestamp=aware, hostname="h"))
    assert root[0].get("timestamp") == "2026-11-26T09:30:00"
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
    text = junit.render(make_report(TIER))
    after = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
    suite = ET.fromstring(text)[0]
    assert before <= datetime.datetime.fromisoformat(suite.get("timestamp", "")) <= after
    assert suite.get("hostname")
    assert junit_errors(text) == []


# --- the reference data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sha256"),
    [
        ("sarif-schema-2.1.0.json", "ad6db49878699b091f3eeb765b6e29e92a34bad4da88664d000c923b549c3a25"),
        ("junit.xsd", "4012c0d561c3e7c68b383182fa249c37293dfd3e6e76ab73c1b6a3c16155ec95"),
        ("gitlab-codeclimate.json", "66b43685a7569ad97e773a552f0d9d98e35b45c03fbe31b6a478c1af8d737a92"),
        ("bitbucket-cloud-report.example.json", "9a429230f68cb0250b5d2daa16dbe5f5d4184677fc2416c753c78f6c71dd66db"),
        (
            "bitbucket-cloud-annotations.example.json",
            "8c9df9843a0bf6fcaa500d7600034e2cc33cb14d663d54e824e5e8a18c4c3db9",
        ),
    ],
)
def test_reference_schemas_are_the_published_bytes(name: str, sha256: str) -> None:
    # tests/data/README.md says where they come from; a re-save or line-ending change shows here.
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == sha256


# --- end to end ---------------------------------------------------------------------------------

BAD = VALID.replace("    tier: 500\n", "    tier: -5\n").replace(
    "    technical_contact: atlassian-admins@example.com\n",
    "    technical_contact: atlassian-admins@example.com\n    technical_contact: atlassian-admins@example.com\n",
)
TIER_MESSAGE = "'tier' must be a positive integer or \"unlimited\", got -5"
REPEATED_MESSAGE = (
    "key 'technical_contact' is repeated (first at line 18): YAML readers keep only one of them, delete the other"
)


def check(tmp_path: Path, output_format: str) -> str:
    (tmp_path / "licenses.yaml").write_text(BAD)
    result = run("check", "--format", output_format, "--today", "2026-11-26", "licenses.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    return result.stdout


def test_check_format_github(tmp_path: Path) -> None:
    assert check(tmp_path, "github") == (
        f"::error file=licenses.yaml,line=16,col=11,title=schema::SEN-12345678: {TIER_MESSAGE}\n"
        f"::error file=licenses.yaml,line=19,col=5,title=duplicate-key::SEN-12345678: {REPEATED_MESSAGE}\n"
        "2 errors, 0 warnings in 1 file\n"
    )


def test_check_format_sarif(tmp_path: Path) -> None:
    document = json.loads(check(tmp_path, "sarif"))
    assert sarif_errors(document) == []
    (run_,) = document["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [doc.id for doc in docs()]
    assert [
        (
            result["ruleId"],
            rules[result["ruleIndex"]]["id"],
            result["level"],
            result["message"]["text"],
            result["locations"][0]["physicalLocation"]["artifactLocation"],
            result["locations"][0]["physicalLocation"]["region"],
            result["properties"],
            bool(re.fullmatch("[0-9a-f]{32}", result["partialFingerprints"]["licensegate/v1"])),
        )
        for result in run_["results"]
    ] == [
        (
            "schema",
            "schema",
            "error",
            f"SEN-12345678: {TIER_MESSAGE}",
            {"uri": "licenses.yaml", "uriBaseId": "%SRCROOT%"},
            {"startLine": 16, "startColumn": 11},
            {"license": "SEN-12345678", "pointer": "/licenses/0/tier"},
            True,
        ),
        (
            "duplicate-key",
            "duplicate-key",
            "error",
            f"SEN-12345678: {REPEATED_MESSAGE}",
            {"uri": "licenses.yaml", "uriBaseId": "%SRCROOT%"},
            {"startLine": 19, "startColumn": 5},
            {"license": "SEN-12345678", "pointer": "/licenses/0/technical_contact"},
            True,
        ),
    ]


def test_check_format_junit(tmp_path: Path) -> None:
    output = check(tmp_path, "junit")
    assert output.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')
    assert junit_errors(output) == []
    (suite,) = ET.fromstring(output)
    assert {key: suite.get(key) for key in ("name", "tests", "failures", "errors", "skipped", "id", "package")} == {
        "name": "licenses.yaml",
        "tests": "1",
        "failures": "1",
        "errors": "0",
        "skipped": "0",
        "id": "0",
        "package": "licenses.yaml",
    }
    (case,) = suite.iter("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert (case.get("classname"), case.get("name"), failure.get("type"), failure.text) == (
        "licenses.yaml",
        "SEN-12345678",
        "error [schema], error [duplicate-key]",
        f"licenses.yaml:16:11: error [schema] {TIER_MESSAGE}\n"
        f"licenses.yaml:19:5: error [duplicate-key] {REPEATED_MESSAGE}",
    )


def test_check_format_junit_lists_passing_licenses(tmp_path: Path) -> None:
    second = (
        "  - id: SEN-12345679\n    product: Confluence\n    deployment: cloud\n    tier: 500\n"
        "    renews: 2027-09-30\n    technical_contact: atlassian-admins@example.com\n"
        "    backup_contacts: [bob.chen@example.com]\n"
    )
    (tmp_path / "licenses.yaml").write_text(BAD + second)
    (tmp_path / "clean.yaml").write_text(VALID)
    result = run("check", "--format", "junit", "--today", "2026-11-26", "licenses.yaml", "clean.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert junit_errors(result.stdout) == []
    suites = ET.fromstring(result.stdout)
    assert [
        (
            suite.get("name"),
            suite.get("tests"),
            suite.get("failures"),
            [(case.get("name"), case.find("failure") is not None) for case in suite.iter("testcase")],
        )
        for suite in suites
    ] == [
        ("licenses.yaml", "2", "1", [("SEN-12345678", True), ("SEN-12345679", False)]),
        ("clean.yaml", "1", "0", [("SEN-12345678", False)]),
    ]


def test_github_step_summary_gets_every_finding(tmp_path: Path) -> None:
    (tmp_path / "licenses.yaml").write_text(BAD)
    summary = tmp_path / "summary.md"
    summary.write_text("# Earlier step\n")
    result = run(
        "check", "--format", "github", "--today", "2026-11-26", cwd=tmp_path, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert result.returncode == 1
    written = summary.read_text()
    assert written.startswith("# Earlier step\n## licensegate\n\n2 errors, 0 warnings in 1 file\n\n")
    assert "| error | licenses.yaml | 16 | schema | SEN-12345678 |" in written
    assert "| error | licenses.yaml | 19 | duplicate-key | SEN-12345678 |" in written

"""The CI recipes, run as written: the GitHub workflow, the README's GitLab jobs, bitbucket-pipelines.yml.

Each runs in real git repositories built here: an origin whose default branch holds the
inventory, and a clone with a pull request's branch, cloned the way the platform clones it.
What a recipe says is run by bash as it stands; only what the platform provides is given:
its variables (``${{ github.base_ref }}``, ``$CI_MERGE_REQUEST_TARGET_BRANCH_NAME``,
``$BITBUCKET_PR_DESTINATION_BRANCH``, ...) and, for Bitbucket's Code Insights requests, the
Pipelines proxy on ``localhost:29418``, played by a small HTTP server that records what curl
sends. ``pip install .`` is not run: licensegate is installed already (``test_packaging`` installs
the wheel). The recipes run without ``--today``, so the inventories renew a year from the real
today and the tests hold on any day.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from tests.conftest import ROOT, VALID, licensegate_command
from tests.test_git import GIT_ENV, commit_all, copy_of, future, git
from tests.test_platform_reports import bitbucket_errors, gitlab_errors

CURRENT = VALID.replace("renews: 2027-09-30", f"renews: {future(365)}")
# The pull request's change: the technical contact moves outside the company.
EXTERNAL = CURRENT.replace("atlassian-admins@example.com\n    backup", "admins@gmail.com\n    backup")
# Files whose names a shell would split into an option, or that only end like an inventory:
# neither may change what is checked or how.
HOSTILE = VALID.replace("alice.martin@example.com]", "x@gmail.com]")


def sh(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One recipe command (or a script of several, stopping at the first that fails), in bash."""
    return subprocess.run(
        ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def ci_env(**variables: str) -> dict[str, str]:
    """The environment a CI job has here: licensegate on PATH, fixed git identities, the platform's variables."""
    bin_dir = Path(licensegate_command()[0]).parent
    return {**os.environ, **GIT_ENV, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **variables}


@pytest.fixture(scope="module")
def origin_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hosted repository: the inventory on main, and a pull request's branch that changes it."""
    origin = tmp_path_factory.mktemp("origin") / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", "main")
    (origin / "licenses.yaml").write_text(CURRENT)
    (origin / "--base=HEAD licenses.yaml").write_text(HOSTILE)
    (origin / "foo-licenses.yaml").write_text(HOSTILE)
    commit_all(origin, "Add the inventory")
    git(origin, "checkout", "-q", "-b", "feature")
    (origin / "licenses.yaml").write_text(EXTERNAL)
    commit_all(origin, "External contact")
    git(origin, "checkout", "-q", "main")
    return origin


@pytest.fixture
def origin(origin_template: Path, tmp_path: Path) -> Path:
    return copy_of(origin_template, tmp_path / "origin")


def clone(origin: Path, destination: Path, *options: str) -> Path:
    git(destination.parent, "clone", "-q", *options, f"file://{origin}", str(destination))
    return destination


def gitlab_checkout(origin: Path, destination: Path, branch: str) -> Path:
    """As GitLab's runner fetches a pipeline's commit: a new repository, the branch alone, 20 commits deep, detached."""
    destination.mkdir()
    git(destination, "init", "-q")
    git(destination, "remote", "add", "origin", f"file://{origin}")
    git(destination, "fetch", "-q", "--depth", "20", "origin", f"+refs/heads/{branch}:refs/remotes/origin/{branch}")
    git(destination, "checkout", "-q", "-f", f"origin/{branch}")
    return destination


# -- GitHub (the workflow and the action it uses) ------------------------------------------------


def workflow_job(job: str) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "licenses.yml").read_text())
    steps: list[dict[str, Any]] = workflow["jobs"][job]["steps"]
    return steps


def action() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text())
    return found


_EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_COMPARISON = re.compile(r"inputs\.([\w-]+) == '([^']*)'")


def expand(text: str, values: dict[str, str]) -> str:
    """TEXT with each ``${{ name }}`` replaced by its value, as the runner does; an unknown name is an error."""
    return _EXPRESSION.sub(lambda match: values[match.group(1)], text)


def condition(expression: str, inputs: dict[str, str]) -> bool:
    """The few expressions action.yml uses: ``inputs.NAME == 'VALUE'``, joined by ``||``."""
    expression = _EXPRESSION.sub(lambda match: match.group(1), expression)
    alternatives = [_COMPARISON.fullmatch(part.strip()) for part in expression.split("||")]
    assert all(alternatives), expression
    return any(inputs[match.group(1)] == match.group(2) for match in alternatives if match)


class ActionRun(NamedTuple):
    ran: list[str]  # the steps run, by name
    uploaded: dict[str, Any] | None  # the upload step's inputs, if it would run
    upload_may_fail: bool
    result: subprocess.CompletedProcess[str]  # the last step run's, which is the action's


def run_action(given: dict[str, str], *, context: dict[str, str], cwd: Path, env: dict[str, str]) -> ActionRun:
    """action.yml's steps with the inputs a workflow gives (after expanding its own ``${{ }}``): every
    ``run`` as written, but the install, whose pip install of this checkout test_packaging covers;
    RESULT is the last step run's, which is the action's."""
    metadata = action()
    inputs = {name: spec.get("default", "") for name, spec in metadata["inputs"].items()}
    assert set(given) <= set(inputs), given
    inputs.update({name: expand(value, context) for name, value in given.items()})
    values = {f"inputs.{name}": value for name, value in inputs.items()} | {"runner.temp": env["RUNNER_TEMP"]}
    ran: list[str] = []
    uploaded = None
    upload_may_fail = False
    result = subprocess.CompletedProcess[str]([], 0, "", "")
    for step in metadata["runs"]["steps"]:
        if "if" in step and not condition(step["if"], inputs):
            continue
        ran.append(step["name"])
        if "uses" in step:
            assert step["uses"] == "github/codeql-action/upload-sarif@v3"
            uploaded = {key: expand(value, values) for key, value in step["with"].items()}
            upload_may_fail = condition(step["continue-on-error"], inputs)
            continue
        if step["name"] == "Install licensegate":
            continue
        assert step["shell"] == "bash"
        step_env = {**env, **{key: expand(value, values) for key, value in step.get("env", {}).items()}}
        result = sh(step["run"], cwd, step_env)
        if result.returncode != 0:
            break  # a failed step fails the action: the runner runs none after it
    return ActionRun(ran, uploaded, upload_may_fail, result)


def test_action_metadata() -> None:
    metadata = action()
    assert metadata["runs"]["using"] == "composite"
    assert {name: spec["default"] for name, spec in metadata["inputs"].items()} == {
        "base": "",
        "format": "github",
        "policy": "",
        "upload-sarif": "false",
    }
    steps = metadata["runs"]["steps"]
    assert [step["name"] for step in steps] == [
        "Install licensegate",
        "SARIF for code scanning",
        "Upload SARIF",
        "Check the inventories",
    ]
    # Installed from the action's own checkout, in a virtual environment, then on PATH for later steps.
    install = steps[0]["run"]
    assert 'pip" install --quiet "$GITHUB_ACTION_PATH"' in install
    assert 'echo "$RUNNER_TEMP/licensegate/bin" >> "$GITHUB_PATH"' in install
    # No input is spliced into a script: they reach the shell as environment variables.
    assert all("${{" not in step.get("run", "") for step in steps)


def test_workflow_pull_request_job_runs_the_action_as_written(origin: Path, tmp_path: Path) -> None:
    steps = workflow_job("pull-request")
    assert [step.get("uses") for step in steps] == ["actions/checkout@v4", "actions/setup-python@v5", "./"]
    assert steps[0]["with"] == {"fetch-depth": 0}
    checkout = clone(origin, tmp_path / "checkout", "--branch", "feature")  # as actions/checkout, fetch-depth 0
    summary = tmp_path / "summary.md"
    env = ci_env(RUNNER_TEMP=str(tmp_path / "runner-temp"), GITHUB_STEP_SUMMARY=str(summary))
    Path(env["RUNNER_TEMP"]).mkdir()
    done = run_action(steps[2]["with"], context={"github.base_ref": "main"}, cwd=checkout, env=env)
    assert done.ran == ["Install licensegate", "SARIF for code scanning", "Upload SARIF", "Check the inventories"]
    assert done.uploaded == {"sarif_file": f"{env['RUNNER_TEMP']}/licensegate.sarif", "category": "licensegate"}
    assert done.upload_may_fail  # upload-sarif: optional
    results = json.loads(Path(env["RUNNER_TEMP"], "licensegate.sarif").read_text())["runs"][0]["results"]
    assert [(r["ruleId"], r["baselineState"]) for r in results] == [("email-domain", "new")]
    assert (done.result.returncode, done.result.stderr) == (1, "")
    assert done.result.stdout == (
        "::error file=licenses.yaml,line=18,col=24,title=email-domain::SEN-12345678: 'admins@gmail.com' is outside"
        " the allowed domains (example.com): license mail would leave the company\n"
        "1 error, 0 warnings in 1 file; 1 new since origin/main\n"
    )
    assert "| error (new) | licenses.yaml | 18 | email-domain | SEN-12345678 |" in summary.read_text()


@pytest.mark.parametrize(
    ("given", "ran", "may_fail"),
    [
        ({}, ["Install licensegate", "Check the inventories"], False),
        (
            {"upload-sarif": "true"},
            ["Install licensegate", "SARIF for code scanning", "Upload SARIF", "Check the inventories"],
            False,
        ),
        (
            {"upload-sarif": "optional"},
            ["Install licensegate", "SARIF for code scanning", "Upload SARIF", "Check the inventories"],
            True,
        ),
    ],
)
def test_action_sarif_switch(
    given: dict[str, str], ran: list[str], may_fail: bool, origin: Path, tmp_path: Path
) -> None:
    checkout = clone(origin, tmp_path / "checkout")
    env = ci_env(RUNNER_TEMP=str(tmp_path))
    done = run_action(given, context={}, cwd=checkout, env=env)
    assert (done.ran, done.upload_may_fail) == (ran, may_fail)
    assert (done.result.returncode, done.result.stdout) == (0, "0 errors, 0 warnings in 1 file\n")


def test_action_inputs_reach_licensegate_as_data(origin: Path, tmp_path: Path) -> None:
    checkout = clone(origin, tmp_path / "checkout")
    (checkout / "licenses.yaml").write_text(CURRENT.replace("policy:\n  allowed_domains: [example.com]\n", ""))
    (checkout / "policy.yaml").write_text("policy:\n  allowed_domains: [example.org]\n")
    commit_all(checkout, "The policy in a file of its own")
    env = ci_env(RUNNER_TEMP=str(tmp_path))
    done = run_action({"format": "json", "policy": "policy.yaml"}, context={}, cwd=checkout, env=env)
    findings = json.loads(done.result.stdout)["findings"]
    assert (done.result.returncode, {finding["rule"] for finding in findings}) == (1, {"email-domain"})
    given = {"base": "HEAD~1 $(touch pwned)", "policy": "policy.yaml"}
    done = run_action(given, context={}, cwd=checkout, env=env)
    assert (done.result.returncode, done.ran) == (2, ["Install licensegate", "Check the inventories"])
    assert done.result.stderr.startswith("licensegate: 'HEAD~1 $(touch pwned)' is not a revision")  # never a command
    assert not (checkout / "pwned").exists()


def test_workflow_daily_job_runs_as_written(origin: Path, tmp_path: Path) -> None:
    steps = workflow_job("daily")
    assert [step.get("uses") for step in steps] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        "./",
        None,
        "actions/upload-artifact@v4",
    ]
    checkout = clone(origin, tmp_path / "checkout")
    summary = tmp_path / "summary.md"
    env = ci_env(RUNNER_TEMP=str(tmp_path), GITHUB_STEP_SUMMARY=str(summary))
    done = run_action(steps[2].get("with", {}), context={}, cwd=checkout, env=env)
    assert (done.ran, done.result.returncode) == (["Install licensegate", "Check the inventories"], 0)
    # The renewal report runs whether the check passed or not (only a cancelled run skips it).
    assert steps[3]["if"] == steps[4]["if"] == "${{ !cancelled() }}"
    result = sh(steps[3]["run"], checkout, env)
    assert (result.returncode, result.stderr) == (0, "")
    assert (checkout / "renewals.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")  # RFC 5545: CRLF
    assert summary.read_text().endswith((checkout / "renewals.md").read_text())


# -- GitLab (the README's jobs) -------------------------------------------------------------------


def readme_job(job: str) -> dict[str, Any]:
    """A job of the README's ``.gitlab-ci.yml`` blocks, parsed."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index(f"\n{job}:\n") + 1
    block = readme[start : readme.index("```", start)]
    found: dict[str, Any] = yaml.safe_load(block)[job]
    return found


def script(job: dict[str, Any]) -> str:
    """The job's script as the runner runs it, one command after the other, less ``pip install .``."""
    lines: list[str] = job["script"]
    assert lines[0] == "pip install ."
    return "\n".join(lines[1:])


def test_gitlab_merge_request_job_runs_as_written(origin: Path, tmp_path: Path) -> None:
    job = readme_job("licenses:merge-request")
    assert job["artifacts"] == {
        "when": "always",
        "reports": {"codequality": "gl-code-quality-report.json", "junit": "licensegate.xml"},
    }
    checkout = gitlab_checkout(origin, tmp_path / "checkout", "feature")
    env = ci_env(CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main")
    result = sh(script(job), checkout, env)
    # The JUnit line fails the job, as the finding is new; stderr has only git fetch's report.
    assert result.returncode == 1
    assert result.stderr.endswith(" main       -> origin/main\n")
    quality = json.loads((checkout / "gl-code-quality-report.json").read_text())
    assert gitlab_errors(quality) == []
    assert [(entry["check_name"], entry["severity"], entry["location"]) for entry in quality] == [
        ("email-domain", "major", {"path": "licenses.yaml", "lines": {"begin": 18}}),
    ]
    suites = ET.fromstring((checkout / "licensegate.xml").read_text())
    assert [suite.get("name") for suite in suites] == ["licenses.yaml"]  # the hostile names are not inventories
    (failure,) = suites.iter("failure")
    assert (failure.text or "").startswith("licenses.yaml:18:24: error [email-domain] 'admins@gmail.com'")


def test_gitlab_default_branch_job_runs_as_written(origin: Path, tmp_path: Path) -> None:
    job = readme_job("licenses:default-branch")
    assert job["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}
    checkout = gitlab_checkout(origin, tmp_path / "checkout", "main")
    result = sh(script(job), checkout, ci_env())
    assert (result.returncode, result.stdout, result.stderr) == (0, "0 errors, 0 warnings in 1 file\n", "")
    assert json.loads((checkout / "gl-code-quality-report.json").read_text()) == []
    # The same job on the pull request's branch: its finding fails the job, and is in the report.
    (checkout / "licenses.yaml").write_text(EXTERNAL)
    result = sh(script(job), checkout, ci_env())
    assert result.returncode == 1
    assert [entry["check_name"] for entry in json.loads((checkout / "gl-code-quality-report.json").read_text())] == [
        "email-domain"
    ]


def test_gitlab_pages_job_runs_as_written(origin: Path, tmp_path: Path) -> None:
    job = readme_job("pages")
    checkout = gitlab_checkout(origin, tmp_path / "checkout", "main")
    gitlab = {"CI_PROJECT_URL": "https://gitlab.example.com/corp/licenses", "CI_COMMIT_SHA": "0123abc"}
    result = sh(script(job), checkout, ci_env(**gitlab))
    assert (result.returncode, result.stderr) == (0, "")
    assert sorted(path.name for path in (checkout / "public").iterdir()) == [
        "index.html",
        "renewals.ics",
        "renewals.md",
    ]
    assert (checkout / "public" / "renewals.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert (checkout / "public" / "renewals.md").read_text().startswith("### licenses.yaml: renewals within 60 days")
    assert (
        "<title>licenses.yaml: licenses, renewals and findings on " in (checkout / "public" / "index.html").read_text()
    )
    # A finding links to its file and line at the pipeline's commit; the page is written all the same.
    (checkout / "licenses.yaml").write_text(EXTERNAL)
    assert sh(script(job), checkout, ci_env(**gitlab)).returncode == 0
    page = (checkout / "public" / "index.html").read_text()
    assert 'href="https://gitlab.example.com/corp/licenses/-/blob/0123abc/licenses.yaml#L18"' in page


def readme_workflow(name: str) -> dict[str, Any]:
    """A workflow the README shows as a block that starts with ``# .github/workflows/NAME``, parsed."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index(f"```yaml\n# .github/workflows/{name}\n") + len("```yaml\n")
    found: dict[str, Any] = yaml.safe_load(readme[start : readme.index("```", start)])
    return found


def test_github_pages_workflow_runs_as_written(origin: Path, tmp_path: Path) -> None:
    workflow = readme_workflow("pages.yml")
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["publish"]["steps"]
    assert [step.get("uses") for step in steps] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        None,
        "actions/upload-pages-artifact@v3",
        "actions/deploy-pages@v4",
    ]
    # What the upload step uploads: the folder the run step wrote.
    assert steps[3]["with"] == {"path": "public"}
    checkout = clone(origin, tmp_path / "checkout")
    (checkout / "licenses.yaml").write_text(EXTERNAL)  # a finding, to follow its link
    github = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "example-corp/licenses",
        "GITHUB_SHA": "0123abc",
    }
    result = sh(commands(steps[2]["run"].splitlines()), checkout, ci_env(**github))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "public/index.html: written (1 license, 1 error, 0 warnings)\n",
        "",
    )
    assert sorted(path.name for path in (checkout / "public").iterdir()) == ["index.html", "renewals.ics"]
    assert (checkout / "public" / "renewals.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    page = (checkout / "public" / "index.html").read_text()
    assert 'href="https://github.com/example-corp/licenses/blob/0123abc/licenses.yaml#L18"' in page


# -- Bitbucket (bitbucket-pipelines.yml) ----------------------------------------------------------

PROXY = ("127.0.0.1", 29418)  # where the recipe's curl finds the Pipelines proxy


class Request(NamedTuple):
    method: str
    url: str
    headers: dict[str, str]
    body: bytes


class _Recorder(http.server.ThreadingHTTPServer):
    requests: list[Request]


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    """Bitbucket's API behind the Pipelines proxy, as far as the recipe uses it: it answers every
    request with 200 and ``{}``, and records it (through a proxy, the request line has the whole URL)."""

    server: _Recorder

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(Request(self.command, self.path, dict(self.headers.items()), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_PUT = do_POST = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def pipelines_proxy() -> Iterator[list[Request]]:
    server = _Recorder(PROXY, _ProxyHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.requests
    finally:
        server.shutdown()
        server.server_close()


def pipelines() -> dict[str, Any]:
    found: dict[str, Any] = yaml.safe_load((ROOT / "bitbucket-pipelines.yml").read_text())["pipelines"]
    return found


def commands(lines: list[str]) -> str:
    """A step's commands as Pipelines runs them, in one shell, less ``pip install .``."""
    return "\n".join(line for line in lines if line != "pip install .")


# Many new findings in one pull request: more annotations than Bitbucket takes in one request.
MANY = EXTERNAL + "".join(
    f"  - id: SEN-{20000000 + number}\n    product: App {number}\n    deployment: cloud\n"
    f"    renews: {future(365)}\n    technical_contact: atlassian-admins@example.com\n"
    f"    backup_contacts: [person{number}@gmail.com]\n"
    for number in range(130)
)


def test_bitbucket_pull_request_pipeline_runs_as_written(
    origin: Path, tmp_path: Path, pipelines_proxy: list[Request]
) -> None:
    git(origin, "checkout", "-q", "feature")
    (origin / "licenses.yaml").write_text(MANY)
    head = commit_all(origin, "Many apps, each with an external backup")
    git(origin, "checkout", "-q", "main")
    # As Pipelines clones: the source branch alone, shallow.
    checkout = clone(origin, tmp_path / "build", "--branch", "feature", "--single-branch", "--depth", "50")
    (step,) = [item["step"] for item in pipelines()["pull-requests"]["**"]]
    env = ci_env(
        BITBUCKET_PR_DESTINATION_BRANCH="main",
        BITBUCKET_REPO_FULL_NAME="example-corp/licenses",
        BITBUCKET_COMMIT=head,
    )
    result = sh(commands(step["script"]), checkout, env)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "licenses.yaml:18:24: error [email-domain] SEN-12345678: 'admins@gmail.com' is outside the allowed"
        " domains (example.com): license mail would leave the company"
    )
    assert lines[-1] == "131 errors, 0 warnings in 1 file; 131 new since origin/main"

    after = sh(commands(step["after-script"]), checkout, env)
    assert (after.returncode, after.stderr) == (0, ""), after.stderr
    url = f"http://api.bitbucket.org/2.0/repositories/example-corp/licenses/commit/{head}/reports/licensegate"
    assert [(request.method, request.url) for request in pipelines_proxy] == [
        ("DELETE", url),
        ("PUT", url),
        ("POST", f"{url}/annotations"),
        ("POST", f"{url}/annotations"),
    ]
    # No credential leaves the step: the proxy adds it.
    assert not any("Authorization" in request.headers for request in pipelines_proxy)
    report = json.loads(pipelines_proxy[1].body)
    assert bitbucket_errors(report, "report") == []
    assert (report["result"], report["details"]) == (
        "FAILED",
        "131 errors, 0 warnings in 1 file; 131 new since origin/main",
    )
    batches = [json.loads(request.body) for request in pipelines_proxy[2:]]
    assert [len(batch) for batch in batches] == [100, 31]
    for batch, request in zip(batches, pipelines_proxy[2:], strict=True):
        assert request.headers["Content-Type"] == "application/json"
        assert bitbucket_errors(batch, "annotations request") == []
    assert batches[0][0]["summary"].startswith("SEN-12345678: 'admins@gmail.com' is outside")
    assert len({annotation["external_id"] for batch in batches for annotation in batch}) == 131


def test_bitbucket_pipeline_without_findings_sends_a_passed_report(
    origin: Path, tmp_path: Path, pipelines_proxy: list[Request]
) -> None:
    checkout = clone(origin, tmp_path / "build", "--branch", "main", "--single-branch", "--depth", "50")
    (step,) = [item["step"] for item in pipelines()["pull-requests"]["**"]]
    env = ci_env(BITBUCKET_PR_DESTINATION_BRANCH="main", BITBUCKET_REPO_FULL_NAME="a/b", BITBUCKET_COMMIT="0" * 40)
    assert sh(commands(step["script"]), checkout, env).returncode == 0
    assert sh(commands(step["after-script"]), checkout, env).returncode == 0
    assert [request.method for request in pipelines_proxy] == ["DELETE", "PUT"]  # no annotations to send
    assert json.loads(pipelines_proxy[1].body)["result"] == "PASSED"


def test_bitbucket_scheduled_full_check_runs_as_written(origin: Path, tmp_path: Path) -> None:
    (step,) = [item["step"] for item in pipelines()["custom"]["licenses-full-check"]]
    checkout = clone(origin, tmp_path / "build", "--branch", "main", "--single-branch", "--depth", "50")
    result = sh(commands(step["script"]), checkout, ci_env())
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("0 errors, 0 warnings in 1 file\n")
    (checkout / "licenses.yaml").write_text(EXTERNAL)  # the same branch after a bad merge
    assert sh(commands(step["script"]), checkout, ci_env()).returncode == 1

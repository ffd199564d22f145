"""Live instances (``drift --fetch``): read what each instance reports over HTTPS.

The instances come from a file (``instances.yaml`` beside the inventory, or ``--instances``):

    instances:
      - name: prod-jira               # a folder name: letters, digits, '.', '_', '-'
        source: jira-dc               # jira-dc, confluence-dc, upm or cloud-admin
        url: https://jira.example.com # the base URL (cloud-admin: https://api.atlassian.com)
        token_env: JIRA_TOKEN         # the environment variable that holds the token
        user_env: JIRA_USER           # optional: Basic authentication as this user with the token
        applications: [jira-software] # jira-dc: whose licenses to read (default: jira-software)
        apps: [com.example.app]       # upm: the app keys whose licenses to read
        org_id: 0d2a...               # cloud-admin: the organization's id

Each response is named as ``drift --from`` names saved ones (``prod-jira/jira-dc/jira-software.json``)
and read by the same source, so ``--fetch`` and ``--from`` give the same report. A token is read
from the environment only, sent only to its instance (never on a redirect) and never printed.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from checker.errors import UsageError
from checker.idp.records import MAX_BYTES
from checker.instances import SOURCES, cloud_admin, confluence_dc, jira_dc, upm
from checker.instances.records import InputFile, Options, Reported

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ENV = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Attempts for a 5xx answer, a timeout or a refused connection, and the pause before each retry.
ATTEMPTS = 3
BACKOFF = (0.5, 1.0)
# cloud-admin: workspaces asked for per page.
WORKSPACES_PER_PAGE = 100


@dataclass(frozen=True)
class Instance:
    name: str
    source: str
    url: str
    token_env: str
    user_env: str | None
    applications: tuple[str, ...]
    apps: tuple[str, ...]
    org_id: str | None


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    saved_as: str  # the file name, as drift --from names it
    body: bytes | None = None


def instances(config: str, raw: bytes) -> list[Instance]:
    """The instances a config file declares; anything else in it is a usage error naming it."""
    from checker import document

    loaded = document.load(raw)
    if loaded.document is None:
        raise UsageError(f"{config}: not readable YAML: {loaded.why_unreadable()}")
    data = loaded.document.data
    items = data.get("instances")
    if set(data) != {"instances"} or not isinstance(items, list) or not items:
        raise UsageError(f"{config}: expected one key, 'instances', with a list of instances")
    found: list[Instance] = []
    for index, item in enumerate(items):
        found.append(_instance(f"{config}: instances[{index}]", item))
    # One instance may be read by several sources (Jira's license and its apps' licenses), each
    # answer named <name>/<source>/...: a name and a source only once.
    pairs = [(instance.name, instance.source) for instance in found]
    for name, source in pairs:
        if pairs.count((name, source)) > 1:
            raise UsageError(f"{config}: two instances named {name!r} with source {source}")
    return found


_KEYS = {"name", "source", "url", "token_env", "user_env", "applications", "apps", "org_id"}


def _instance(where: str, item: Any) -> Instance:
    if not isinstance(item, dict):
        raise UsageError(f"{where}: not a mapping")
    unknown = sorted(set(item) - _KEYS)
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (keys: {', '.join(sorted(_KEYS))})")

    def text(key: str, *, required: bool = True) -> str | None:
        value = item.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value:
            raise UsageError(f"{where}: {key} is {'missing' if value is None else 'not text'}")
        return value

    def names(key: str) -> tuple[str, ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and _NAME.fullmatch(v) for v in value):
            raise UsageError(f"{where}: {key} is not a list of keys")
        return tuple(value)

    name = text("name") or ""
    if not _NAME.fullmatch(name):
        raise UsageError(f"{where}: name {name!r}: letters, digits, '.', '_' and '-' only (it names a folder)")
    where = f"{where} ({name})"
    source = text("source") or ""
    if source not in SOURCES or source == "csv":
        raise UsageError(f"{where}: source {source!r} is not one of jira-dc, confluence-dc, upm, cloud-admin")
    url = (text("url") or "").rstrip("/")
    _check_url(where, url)
    token_env = text("token_env") or ""
    user_env = text("user_env", required=False)
    for key, value in (("token_env", token_env), ("user_env", user_env)):
        if value is not None and not _ENV.fullmatch(value):
            raise UsageError(f"{where}: {key} names an environment variable (A-Z, 0-9, _): not a value")
    instance = Instance(
        name, source, url, token_env, user_env, names("applications"), names("apps"), text("org_id", required=False)
    )
    if source == "upm" and not instance.apps:
        raise UsageError(f"{where}: apps: list the app keys whose licenses to read")
    if source == "cloud-admin" and instance.org_id is None:
        raise UsageError(f"{where}: org_id: the organization whose workspaces to read")
    if any(application not in jira_dc.APPLICATIONS for application in instance.applications):
        raise UsageError(f"{where}: applications: one or more of {', '.join(jira_dc.APPLICATIONS)}")
    return instance


def _check_url(where: str, url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise UsageError(f"{where}: url holds credentials: name the token's variable in token_env instead")
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return  # a tunnel or a test server on this machine
    raise UsageError(f"{where}: url {url!r}: https:// only (http:// only to 127.0.0.1, ::1 or localhost)")


def calls(instance: Instance) -> list[Call]:
    """What to ask an instance, and the name each answer is saved under."""
    if instance.source == "jira-dc":
        return [
            call
            for application in instance.applications or ("jira-software",)
            for call in (
                Call("GET", jira_dc.PATH.format(application=application), f"{application}.json"),
                Call("GET", jira_dc.ROLE_PATH.format(application=application), f"{application}.role.json"),
            )
        ]
    if instance.source == "confluence-dc":
        return [
            Call("GET", confluence_dc.DETAILS, "details.json"),
            Call("GET", confluence_dc.USER_COUNT, "userCount.json"),
        ]
    if instance.source == "upm":
        return [Call("GET", upm.PATH.format(app=app), f"{app}.json") for app in instance.apps]
    body = json.dumps({"limit": WORKSPACES_PER_PAGE}).encode()
    path = cloud_admin.PATH.format(org=urllib.parse.quote(instance.org_id or "", safe=""))
    return [Call("POST", path, "workspaces.json", body)]


def read(
    declared: list[Instance],
    *,
    timeout: float,
    environ: dict[str, str],
    sleep: Callable[[float], None] = time.sleep,
) -> list[Reported]:
    found: list[Reported] = []
    for instance in declared:
        authorization = _authorization(instance, environ)
        answers = [
            InputFile(
                f"{instance.name}/{instance.source}/{call.saved_as}",
                _ask(instance, call, authorization, timeout=timeout, sleep=sleep),
            )
            for call in calls(instance)
        ]
        found.extend(SOURCES[instance.source](answers, Options()))
    return found


def _authorization(instance: Instance, environ: dict[str, str]) -> str:
    token = environ.get(instance.token_env)
    if not token:
        raise UsageError(f"{instance.name}: the environment variable {instance.token_env} (token_env) is not set")
    if instance.user_env is None:
        return f"Bearer {token}"
    user = environ.get(instance.user_env)
    if not user:
        raise UsageError(f"{instance.name}: the environment variable {instance.user_env} (user_env) is not set")
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode("ascii")


def _ask(
    instance: Instance, call: Call, authorization: str, *, timeout: float, sleep: Callable[[float], None]
) -> bytes:
    url = instance.url + call.path
    what = f"{instance.name}: {call.method} {url}"
    request = urllib.request.Request(url, data=call.body, method=call.method)
    request.add_header("Accept", "application/json")
    if call.body is not None:
        request.add_header("Content-Type", "application/json")
    # Unredirected: a redirect to another host never carries the token.
    request.add_unredirected_header("Authorization", authorization)
    for attempt in range(ATTEMPTS):
        last = attempt == ATTEMPTS - 1
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body: bytes = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise UsageError(f"{what}: the answer is larger than {MAX_BYTES // (1024 * 1024)} MiB")
            return body
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                variables = instance.token_env + (f" and {instance.user_env}" if instance.user_env else "")
                raise UsageError(
                    f"{what}: {exc.code} {exc.reason}: the credentials in {variables} are not accepted"
                    + (" (or lack the permission)" if exc.code == 403 else "")
                ) from None
            if exc.code < 500:
                raise UsageError(f"{what}: {exc.code} {exc.reason}") from None
            if last:
                raise UsageError(f"{what}: {exc.code} {exc.reason}, {ATTEMPTS} attempts") from None
        except TimeoutError:
            if last:
                raise UsageError(f"{what}: no answer within {timeout:g} s, {ATTEMPTS} attempts") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError):
                if last:
                    raise UsageError(f"{what}: no answer within {timeout:g} s, {ATTEMPTS} attempts") from None
            elif last:
                raise UsageError(f"{what}: cannot reach it: {getattr(reason, 'strerror', None) or reason}") from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            if last:
                reason = getattr(exc, "strerror", None) or exc or type(exc).__name__
                raise UsageError(f"{what}: cannot reach it: {reason}") from None
        except ValueError as exc:  # a URL urllib cannot use
            raise UsageError(f"{what}: not a URL it can ask: {exc}") from None
        sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
    raise AssertionError("unreachable")  # pragma: no cover


def default_config(inventory: str) -> str:
    """``instances.yaml`` beside the inventory."""
    return os.path.join(os.path.dirname(inventory), "instances.yaml")

"""The inventory against what the instances report: which license is which, and where they
disagree. Pure: entries and reported licenses in, ``Drift`` out; no I/O, no printing.

An entry and a reported license are the same license when they have the same id (SEN or
Entitlement number); a cloud workspace, which reports none, is the entry with its ``cloud_id``
and product. An entry is expected among the reports only when a source that could report it
was read (see ``expected``), so pointing ``drift`` at one Jira instance does not call every
Confluence license missing.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from checker.finding import RuleDoc, Severity, escape_pointer_token
from checker.instances.records import Reported
from checker.model import parse_day

# The kinds of drift: their ids are part of the output contract, as rule ids are for check.
MISSING_IN_INVENTORY = "drift-missing-in-inventory"
MISSING_IN_INSTANCE = "drift-missing-in-instance"
RENEWS = "drift-renews"
TIER = "drift-tier"
TYPE = "drift-type"
DEPLOYMENT = "drift-deployment"
USAGE = "drift-usage"

KINDS: tuple[RuleDoc, ...] = (
    RuleDoc(MISSING_IN_INVENTORY, Severity.ERROR, "An instance reports a license licenses.yaml does not list.", ""),
    RuleDoc(MISSING_IN_INSTANCE, Severity.ERROR, "licenses.yaml lists a license no instance read reports.", ""),
    RuleDoc(RENEWS, Severity.ERROR, "renews differs from the expiry date the instance reports.", ""),
    RuleDoc(TIER, Severity.ERROR, "tier differs from the licensed users the instance reports.", ""),
    RuleDoc(TYPE, Severity.ERROR, "type differs from the license type (or evaluation) the instance reports.", ""),
    RuleDoc(DEPLOYMENT, Severity.ERROR, "deployment differs from what the instance reports.", ""),
    RuleDoc(
        USAGE,
        Severity.ERROR,
        "Users at or above policy.tier_usage_warning percent of the tier (warning), or over it (error).",
        "",
    ),
)
KINDS = tuple(RuleDoc(doc.id, doc.severity, doc.summary, doc.summary, ("drift",)) for doc in KINDS)


class Entry(NamedTuple):
    """One license entry of the inventory, as written."""

    pointer: str  # /licenses/3
    data: dict[str, Any]

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        return value if isinstance(value, str) else None

    @property
    def id(self) -> str | None:
        return self.text("id")


class Drift(NamedTuple):
    rule: str
    severity: Severity
    pointer: str
    message: str
    license: str | None


def entries(data: dict[str, Any]) -> list[Entry]:
    licenses = data.get("licenses")
    if not isinstance(licenses, list):
        return []
    return [Entry(f"/licenses/{index}", entry) for index, entry in enumerate(licenses) if isinstance(entry, dict)]


_NOISE = re.compile(r"\b(cloud|data center|datacenter|server)\b|\([^)]*\)")


def product_key(name: str | None) -> str:
    """A product's name without the deployment words: "Jira Software Cloud" is "jira software"."""
    return " ".join(_NOISE.sub(" ", (name or "").casefold()).split())


def _cloud_key(cloud_id: str | None, product: str | None) -> tuple[str, str] | None:
    return None if not cloud_id else (cloud_id.lower(), product_key(product))


def match(reports: list[Reported], inventory: list[Entry]) -> list[tuple[Reported, Entry | None]]:
    """Each reported license with its entry (None: the inventory lacks it). The first entry of an
    id wins: a second one is check's duplicate-license finding."""
    by_id: dict[str, Entry] = {}
    by_site: dict[tuple[str, str], Entry] = {}
    for entry in inventory:
        if entry.id:
            by_id.setdefault(entry.id, entry)
        key = _cloud_key(entry.text("cloud_id"), entry.text("product"))
        if key is not None and entry.text("deployment") == "cloud":
            by_site.setdefault(key, entry)
    found: list[tuple[Reported, Entry | None]] = []
    for report in reports:
        if report.id is not None:
            found.append((report, by_id.get(report.id)))
        else:
            key = _cloud_key(report.cloud_id, report.product)
            found.append((report, by_site.get(key) if key is not None else None))
    return found


def expected(entry: Entry, reports: list[Reported]) -> bool:
    """Whether a source that was read could have reported ENTRY: a CSV list covers every license;
    cloud-admin the cloud licenses of the sites it listed; upm the apps of Data Center and Server
    instances; jira-dc the Jira products, confluence-dc Confluence."""
    sources = {report.source for report in reports}
    if "csv" in sources:
        return True
    if entry.text("deployment") == "cloud":
        cloud_id = (entry.text("cloud_id") or "").lower()
        return bool(cloud_id) and any(r.cloud_id == cloud_id for r in reports if r.source == "cloud-admin")
    if entry.text("app_of"):
        return "upm" in sources
    product = product_key(entry.text("product"))
    return ("jira-dc" in sources and product.startswith("jira")) or (
        "confluence-dc" in sources and product.startswith("confluence")
    )


def _shown(report: Reported) -> str:
    if report.id is not None:
        return report.id
    return f"{report.product} on the site with cloud ID {report.cloud_id}"


def _tier(value: object) -> int | str | None:
    return value if (isinstance(value, int) and not isinstance(value, bool)) or value == "unlimited" else None


def compare(inventory: list[Entry], reports: list[Reported], *, file: str, usage_warning: int) -> list[Drift]:
    """Every disagreement between the inventory (FILE, as shown) and the reports."""
    found: list[Drift] = []
    seen: set[str] = set()
    for report, entry in match(reports, inventory):
        if entry is None:
            found.append(
                Drift(
                    MISSING_IN_INVENTORY,
                    Severity.ERROR,
                    "/licenses",
                    f"{report.where} reports {_shown(report)} ({report.product or 'a product'},"
                    f" {report.deployment or 'deployment unknown'}), which {file} does not list: add it"
                    " (licensegate import)",
                    report.id,
                )
            )
            continue
        seen.add(entry.pointer)
        found.extend(_differences(entry, report, file=file, usage_warning=usage_warning))
    for entry in inventory:
        if entry.pointer not in seen and expected(entry, reports):
            found.append(
                Drift(
                    MISSING_IN_INSTANCE,
                    Severity.ERROR,
                    entry.pointer,
                    "no instance read reports this license: it expired or was replaced, or its instance is missing"
                    " from the instances read",
                    entry.id,
                )
            )
    return found


def _differences(entry: Entry, report: Reported, *, file: str, usage_warning: int) -> list[Drift]:
    found = []
    where = report.where
    pointer = entry.pointer

    def at(key: str) -> str:
        return f"{pointer}/{escape_pointer_token(key)}" if key in entry.data else pointer

    renews = parse_day(entry.data.get("renews"))
    if report.expires is not None and renews is not None and renews != report.expires:
        found.append(
            Drift(
                RENEWS,
                Severity.ERROR,
                at("renews"),
                f"renews {renews.isoformat()} in {file}, but {where} says it expires {report.expires.isoformat()}",
                entry.id,
            )
        )
    tier = _tier(entry.data.get("tier"))
    if report.tier is not None and tier != report.tier:
        written = "no tier" if tier is None else f"tier {tier}"
        found.append(
            Drift(
                TIER,
                Severity.ERROR,
                at("tier"),
                f"{written} in {file}, but {where} says {_users(report.tier)}",
                entry.id,
            )
        )
    kind = entry.text("type") or "commercial"
    if report.type is not None and kind != report.type:
        found.append(
            Drift(TYPE, Severity.ERROR, at("type"), f"type {kind} in {file}, but {where} says {report.type}", entry.id)
        )
    deployment = entry.text("deployment")
    if deployment is not None and report.deployment is not None and deployment != report.deployment:
        found.append(
            Drift(
                DEPLOYMENT,
                Severity.ERROR,
                at("deployment"),
                f"deployment {deployment} in {file}, but {where} says {report.deployment}",
                entry.id,
            )
        )
    limit = report.tier if report.tier is not None else tier
    if report.used is not None and isinstance(limit, int) and limit > 0:
        if report.used > limit:
            found.append(
                Drift(
                    USAGE,
                    Severity.ERROR,
                    at("tier"),
                    f"{report.used} users count towards a {limit}-user tier ({where}): over the tier, a Data Center"
                    " product stops adding users or goes read-only; buy the next tier or remove users",
                    entry.id,
                )
            )
        elif report.used * 100 >= usage_warning * limit:
            found.append(
                Drift(
                    USAGE,
                    Severity.WARNING,
                    at("tier"),
                    f"{report.used} users count towards a {limit}-user tier ({where}):"
                    f" {report.used * 100 // limit}%, at or above policy.tier_usage_warning ({usage_warning}%)",
                    entry.id,
                )
            )
    return found


def _users(tier: int | str) -> str:
    return "an unlimited tier" if tier == "unlimited" else f"{tier} users"

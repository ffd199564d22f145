"""cloud-admin: the cloud sites of an organization, from the organization admin API.

``POST https://api.atlassian.com/admin/v2/orgs/<orgId>/workspaces`` (developer.atlassian.com,
"Org Workspaces APIs"), each page saved as ``workspaces.json`` or ``workspaces.<N>.json``. A
workspace is one product on one site: its ``id`` is read as the site's cloud ID, its
``attributes.typeKey`` as the product, ``attributes.capacity`` as the licensed users and
``attributes.usage`` as the users counting towards them. Workspaces report no Entitlement
number and no renewal date: a cloud license is matched with licenses.yaml by its ``cloud_id``
and product, and its renewal is never compared.
"""

from __future__ import annotations

from typing import Any

from checker.errors import UsageError
from checker.idp.records import not_a_page, parse_json, record
from checker.instances.records import CLOUD_ID, InputFile, Options, Reported, count

PATH = "/admin/v2/orgs/{org}/workspaces"
# typeKey -> the product's name, as licenses.yaml names it.
PRODUCTS = {
    "jira-software": "Jira Software",
    "jira-servicedesk": "Jira Service Management",
    "jira-core": "Jira Work Management",
    "jira-product-discovery": "Jira Product Discovery",
    "confluence": "Confluence",
    "bitbucket": "Bitbucket",
    "opsgenie": "Opsgenie",
    "statuspage": "Statuspage",
    "compass": "Compass",
    "loom": "Loom",
}


def read(files: list[InputFile], options: Options) -> list[Reported]:
    found = []
    for file in files:
        data = parse_json(file)
        if not isinstance(data, dict) or not isinstance(data.get("data"), list):
            raise not_a_page(file.path, data, f"a page of workspaces (POST {PATH.format(org='<orgId>')})")
        links = data.get("links")
        if isinstance(links, dict) and links.get("next"):
            raise UsageError(
                f"{file.path}: links.next says more workspaces follow: save every page (a larger limit,"
                " or the next cursor) and give them all"
            )
        for index, item in enumerate(data["data"]):
            found.append(_workspace(item, record(file.path, "data", index, item)))
    return found


def _workspace(item: Any, where: str) -> Reported:
    if not isinstance(item, dict) or not isinstance(item.get("attributes"), dict):
        raise UsageError(f"{where}: not a workspace (no attributes)")
    attributes = item["attributes"]
    cloud_id = item.get("id")
    if not isinstance(cloud_id, str) or not CLOUD_ID.fullmatch(cloud_id):
        raise UsageError(f"{where}: id is {cloud_id!r}, not a cloud ID (a lower-case UUID)")
    type_key = attributes.get("typeKey")
    if not isinstance(type_key, str) or not type_key:
        raise UsageError(f"{where}: no attributes.typeKey: which product it is cannot be told")
    tier = count(attributes.get("capacity"), where, "attributes.capacity")
    used = count(attributes.get("usage"), where, "attributes.usage")
    return Reported(
        id=None,
        product=PRODUCTS.get(type_key, type_key),
        deployment="cloud",
        expires=None,
        tier=tier,
        type=None,
        evaluation=False,
        used=used if isinstance(used, int) else None,
        cloud_id=cloud_id,
        where=where,
        source="cloud-admin",
    )

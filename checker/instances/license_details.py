"""The license representation Data Center products and their Universal Plugin Manager (UPM)
report for one license: ``supportEntitlementNumber``, ``expiryDate`` (milliseconds since the
epoch), ``maximumNumberOfUsers``, ``licenseType``, ``evaluation``, ``dataCenter``. Shared by the
``jira-dc``, ``confluence-dc`` and ``upm`` sources, which differ in what names the product.
"""

from __future__ import annotations

from typing import Any

from checker.errors import UsageError
from checker.idp.records import flag
from checker.instances.records import Reported, count, day_from_millis, identifier, license_type

# Keys every such representation has; a JSON object without them is some other response.
_SHAPE = ("maximumNumberOfUsers", "licenseType")


def is_license(data: dict[str, Any]) -> bool:
    return any(key in data for key in _SHAPE)


def reported(
    data: dict[str, Any], where: str, *, product: str | None, source: str, used: int | None = None
) -> Reported:
    if not is_license(data):
        raise UsageError(f"{where}: not a license (no maximumNumberOfUsers or licenseType)")
    evaluation = flag(data, "evaluation", where)
    kind = license_type(data.get("licenseType"), where, "licenseType")
    expiry = data.get("expiryDate")
    expires = day_from_millis(
        expiry if expiry is not None else data.get("maintenanceExpiryDate"),
        where,
        "expiryDate" if expiry is not None else "maintenanceExpiryDate",
    )
    return Reported(
        id=identifier(data.get("supportEntitlementNumber"), where, "supportEntitlementNumber"),
        product=product,
        deployment="data-center" if flag(data, "dataCenter", where) else "server",
        expires=expires,
        tier=count(data.get("maximumNumberOfUsers"), where, "maximumNumberOfUsers", negative_is_unlimited=True),
        type="evaluation" if evaluation else kind,
        evaluation=evaluation,
        used=used,
        cloud_id=None,
        where=where,
        source=source,
    )

"""A license has too few backup contacts.

Besides the one primary technical contact a license can have any number of
secondary technical contacts (DOMAIN.md, "Contacts"). They are the way back in
when the primary address stops working: when the only contact has left, getting
access back can take a support case. Every license needs at least
`min_backup_contacts` distinct backup contacts that differ from its technical
contact (addresses compare case-insensitively).

The finding points at `backup_contacts`, or at the license where the key is missing.
May be waived per license: evaluation licenses cannot have technical contacts added.

Policy keys: `min_backup_contacts` (default 1).

Bad:

    - id: SEN-12345678
      technical_contact: atlassian-admins@example.com
      backup_contacts: [atlassian-admins@example.com]   # the same address again

Good:

    - id: SEN-12345678
      technical_contact: atlassian-admins@example.com
      backup_contacts: [alice.martin@example.com]
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.rules.base import Context

ID = "backup-contact"
SEVERITY = Severity.ERROR
WAIVABLE = True
SUMMARY = "A license has fewer than min_backup_contacts distinct backup contacts."
POLICY_KEYS: tuple[str, ...] = ("min_backup_contacts",)


def check(inputs: Inputs, context: Context) -> Iterator[Problem]:
    needed = inputs.policy.min_backup_contacts
    if needed == 0:
        return
    for license in inputs.inventory.licenses:
        primary = (license.technical_contact or "").lower()
        backups = {address.lower() for _, address in license.backup_contacts or []} - {primary}
        if len(backups) >= needed:
            continue
        have = f"has {len(backups)} distinct backup contact{'s' if len(backups) != 1 else ''}"
        if license.backup_contacts is None:
            yield Problem(license.pointer, f"no 'backup_contacts': add at least {needed} besides the technical contact")
        else:
            yield Problem(
                f"{license.pointer}/backup_contacts",
                f"{have} besides the technical contact, fewer than {needed} (min_backup_contacts): add more",
            )

"""Allowed-domain patterns that name no company: ``com``, ``*.co.uk``, ``*.github.io``.

A pattern must leave a registrable domain under a public suffix, as the Public Suffix
List (publicsuffix.org) defines it: ``*.co.uk`` would allow every company in the UK.
The list comes from ``publicsuffixlist``, which bundles a snapshot and reads no network;
it is imported, and the list parsed, only when there is a pattern to judge.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _list() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


@functools.cache
def public_suffix(pattern: str) -> str | None:
    """The public suffix a domain pattern stops at (``co.uk`` for ``*.co.uk``), or None when
    the pattern names a registrable domain (``example.co.uk``, ``*.example.com``)."""
    domain = pattern.lower().removeprefix("*.").rstrip(".")
    if not domain:
        return None
    suffixes = _list()
    return domain if suffixes.is_public(domain) else None


def too_broad_message(pattern: str, suffix: str) -> str:
    return f"'{pattern}' allows every domain under the public suffix {suffix}: name the company's own domain"

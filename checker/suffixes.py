"""Allowed-domain patterns that name no company: ``com``, ``*.co.uk``, ``*.github.io``.

A pattern must leave a registrable domain under a public suffix, as the Public Suffix
List (publicsuffix.org) defines it: ``*.co.uk`` would allow every company in the UK.
The list is the snapshot the ``publicsuffixlist`` package bundles and updates with each
release; no network is read. Parsing the whole list costs tens of milliseconds on every
commit, so the few domains a policy names are looked up in its text instead: a rule is a
line of its own (``co.uk``, ``*.ck``, ``!www.ck``), found with one search each.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path


@functools.cache
def _text() -> str:
    # Located without importing the package: its parser is not needed, only its data file.
    spec = importlib.util.find_spec("publicsuffixlist")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("publicsuffixlist, a dependency of licensegate, is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    # The list's file has one rule a line and nothing after it (a test checks the bundled one),
    # so a line break on both sides makes a rule whole.
    return "\n" + (folder / "public_suffix_list.dat").read_text(encoding="utf-8") + "\n"


def _has_rule(rule: str) -> bool:
    return f"\n{rule}\n" in _text()


def _is_public(domain: str) -> bool:
    """The list's rules for one domain: listed itself, or under a wildcard and not excepted."""
    parent = domain.partition(".")[2]
    return _has_rule(domain) or (bool(parent) and _has_rule(f"*.{parent}") and not _has_rule(f"!{domain}"))


@functools.cache
def public_suffix(pattern: str) -> str | None:
    """The public suffix a domain pattern stops at (``co.uk`` for ``*.co.uk``), or None when
    the pattern names a registrable domain (``example.co.uk``, ``*.example.com``)."""
    domain = pattern.lower().removeprefix("*.").rstrip(".")
    if not domain:
        return None
    if _is_public(domain):
        return domain
    if "xn--" in domain:  # the list writes internationalised suffixes in Unicode
        try:
            unicode = domain.encode("ascii").decode("idna")
        except UnicodeError:
            return None
        return domain if _is_public(unicode) else None
    return None


def too_broad_message(pattern: str, suffix: str) -> str:
    return f"'{pattern}' allows every domain under the public suffix {suffix}: name the company's own domain"

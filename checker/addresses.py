"""One verdict per address, shared by the email rules so one bad address gives one finding.

Precedence, most fundamental first: not an address at all (email-syntax), a likely
typo of an allowed domain or of a directory entry (email-typo), outside the allowed
domains (email-domain). Rules about who an address belongs to (unknown-contact,
departed-contact, shared-mailbox) stay silent on an address that already has one of these.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from checker.model import Directory, Policy

EMAIL_SYNTAX = "email-syntax"
EMAIL_TYPO = "email-typo"
EMAIL_DOMAIN = "email-domain"

# Letters that look alike: Cyrillic and Greek look-alikes of Latin letters, and the
# digits people and fonts confuse with letters. Applied after NFKD and lower-casing.
_CONFUSABLES = str.maketrans(
    {
        "\u0430": "a",  # CYRILLIC SMALL LETTER A
        "\u0435": "e",  # CYRILLIC SMALL LETTER IE
        "\u043e": "o",  # CYRILLIC SMALL LETTER O
        "\u0440": "p",  # CYRILLIC SMALL LETTER ER
        "\u0441": "c",  # CYRILLIC SMALL LETTER ES
        "\u0443": "y",  # CYRILLIC SMALL LETTER U
        "\u0445": "x",  # CYRILLIC SMALL LETTER HA
        "\u0456": "i",  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
        "\u0458": "j",  # CYRILLIC SMALL LETTER JE
        "\u0455": "s",  # CYRILLIC SMALL LETTER DZE
        "\u0501": "d",  # CYRILLIC SMALL LETTER KOMI DE
        "\u0261": "g",  # LATIN SMALL LETTER SCRIPT G
        "\u04bb": "h",  # CYRILLIC SMALL LETTER SHHA
        "\u04cf": "l",  # CYRILLIC SMALL LETTER PALOCHKA
        "\u0578": "n",  # ARMENIAN SMALL LETTER VO
        "\u057d": "u",  # ARMENIAN SMALL LETTER SEH
        "\u03b1": "a",  # GREEK SMALL LETTER ALPHA
        "\u03bf": "o",  # GREEK SMALL LETTER OMICRON
        "\u03c1": "p",  # GREEK SMALL LETTER RHO
        "\u03bd": "v",  # GREEK SMALL LETTER NU
        "\u03c4": "t",  # GREEK SMALL LETTER TAU
        "\u03b9": "i",  # GREEK SMALL LETTER IOTA
        "\u03ba": "k",  # GREEK SMALL LETTER KAPPA
        "\u03c7": "x",  # GREEK SMALL LETTER CHI
        "0": "o",
        "1": "l",
        "|": "l",
        "5": "s",
    }
)


def skeleton(text: str) -> str:
    """What a text looks like, so that examp1e.com and example.com with a Cyrillic a match example.com."""
    folded = text.lower()
    if not folded.isascii():  # nothing to decompose in ASCII, the common case
        folded = "".join(ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch))
    return folded.translate(_CONFUSABLES).replace("rn", "m").replace("vv", "w")


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment); limit + 1 once past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# Addresses email-validator always accepts: dot-separated ASCII words, an LDH domain with
# an alphabetic top level. Anything else (quotes, Unicode, punycode, special-use names)
# goes to email-validator, which is the judge; this only spares importing it (30 ms of
# regex compilation) when every address in the file is plain.
_PLAIN_ADDRESS = re.compile(
    r"[A-Za-z0-9_+-]{1,64}(?:\.[A-Za-z0-9_+-]{1,64})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)
_SPECIAL_USE = ("arpa", "invalid", "local", "localhost", "onion", "test")  # RFC 6761 and friends


def plainly_valid(address: str) -> bool:
    if len(address) > 254 or "--" in address or not _PLAIN_ADDRESS.fullmatch(address):
        return False
    local, _, domain = address.rpartition("@")
    return len(local) <= 64 and domain.rpartition(".")[2].lower() not in _SPECIAL_USE


def domain_allowed(domain: str, allowed: tuple[str, ...]) -> bool:
    """example.com allows itself; *.example.com allows example.com and every subdomain."""
    domain = domain.lower()
    for pattern in allowed:
        if pattern.startswith("*."):
            base = pattern[2:]
            if domain == base or domain.endswith("." + base):
                return True
        elif domain == pattern:
            return True
    return False


def _close(a: str, b: str) -> bool:
    if a == b:
        return False
    if skeleton(a) == skeleton(b):
        return True
    return distance(a, b, 1 if len(b) < 10 else 2) <= (1 if len(b) < 10 else 2)


def _deletions(text: str) -> set[str]:
    """TEXT and every string one deletion away from it."""
    return {text, *(text[:i] + text[i + 1 :] for i in range(len(text)))}


class Nearby:
    """The known addresses close to an address (``_close``), found through an index rather than
    by comparing with every one, so checking many unknown addresses against a large directory
    costs time in proportion to their number.

    Two addresses of one domain within two edits (a swap of neighbours being one) have local
    parts within two edits too. Split the known local part into halves: one half takes at most
    one of the edits (a swap across the split counts once in each half, so even then one half
    takes at most one), and a string one edit from another shares with it a string that is at
    most one deletion from each. So the index holds, per domain and local-part length, every
    one-deletion variant of each half (built for a length when a query first needs it); a query
    looks its own prefixes and suffixes of the few lengths that alignment allows up in it, and
    every candidate is confirmed with ``_close``. Look-alike spellings (``skeleton``) have an
    index of their own."""

    def __init__(self, known: set[str]) -> None:
        self.skeletons: dict[str, list[str]] = {}
        self.by_length: dict[tuple[str, int], list[str]] = {}
        for address in sorted(known):
            local, _, domain = address.rpartition("@")
            self.skeletons.setdefault(skeleton(address), []).append(address)
            self.by_length.setdefault((domain, len(local)), []).append(address)
        # (domain, length) -> for the left and the right half, deletion variant -> addresses: built
        # for the lengths a query needs, when it first needs them.
        self.halves: dict[tuple[str, int], tuple[dict[str, list[str]], dict[str, list[str]]]] = {}

    def _bucket(self, domain: str, length: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        bucket = self.halves.get((domain, length))
        if bucket is None:
            left: dict[str, list[str]] = {}
            right: dict[str, list[str]] = {}
            middle = length // 2
            for address in self.by_length.get((domain, length), ()):
                for variant in _deletions(address[:middle]):
                    left.setdefault(variant, []).append(address)
                for variant in _deletions(address[middle:length]):
                    right.setdefault(variant, []).append(address)
            bucket = self.halves[(domain, length)] = (left, right)
        return bucket

    def candidates(self, address: str) -> set[str]:
        local, _, domain = address.rpartition("@")
        found = set(self.skeletons.get(skeleton(address), ()))
        size = len(local)
        prefixes: dict[int, set[str]] = {}  # each prefix's and suffix's deletions, worked out once
        suffixes: dict[int, set[str]] = {}
        for length in range(max(size - 2, 1), size + 3):
            if (domain, length) not in self.by_length:
                continue
            left, right = self._bucket(domain, length)
            middle = length // 2
            wanted: set[str] = set()
            for cut in range(max(middle - 1, 0), min(middle + 2, size + 1)):
                if cut not in prefixes:
                    prefixes[cut] = _deletions(local[:cut])
                wanted |= prefixes[cut]
            for variant in wanted:
                hit = left.get(variant)
                if hit:
                    found.update(hit)
            wanted = set()
            for cut in range(max(length - middle - 1, 0), min(length - middle + 2, size + 1)):
                if cut not in suffixes:
                    suffixes[cut] = _deletions(local[size - cut :])
                wanted |= suffixes[cut]
            for variant in wanted:
                hit = right.get(variant)
                if hit:
                    found.update(hit)
        return found

    def closest(self, address: str) -> str | None:
        """The known address ADDRESS is most likely a typo of: fewest edits, then alphabetical."""
        close = [known for known in self.candidates(address) if _close(address, known)]
        if not close:
            return None
        return min(close, key=lambda known: (distance(address, known, 2), known))


class Verdict(NamedTuple):
    rule: str
    message: str


class Judge:
    """Verdicts for one inventory's addresses, each address judged once."""

    def __init__(self, policy: Policy, directory: Directory) -> None:
        self.allowed = policy.allowed_domains
        self.bases = tuple(dict.fromkeys(pattern.removeprefix("*.") for pattern in self.allowed))
        self.has_people = directory.people is not None
        self.directory = set(directory.person_by_email) | set(directory.mailbox_by_address)

    @functools.cache  # noqa: B019 - one Judge per file, dropped with it
    def verdict(self, address: str) -> Verdict | None:
        if not plainly_valid(address):
            from email_validator import EmailNotValidError, validate_email

            try:
                validate_email(address, check_deliverability=False, strict=True)
            except EmailNotValidError as exc:
                return Verdict(EMAIL_SYNTAX, f"'{address}' is not a valid email address: {exc}")
        local, _, domain = address.rpartition("@")
        domain = domain.lower()
        if not self.allowed:
            return None
        if not domain_allowed(domain, self.allowed):
            suggestion = self._domain_suggestion(domain)
            if suggestion is not None:
                return Verdict(EMAIL_TYPO, f"'{address}' looks like a typo: did you mean '{local}@{suggestion}'?")
            allowed = ", ".join(self.allowed)
            return Verdict(
                EMAIL_DOMAIN,
                f"'{address}' is outside the allowed domains ({allowed}): license mail would leave the company",
            )
        if self.has_people and address.lower() not in self.directory:
            match = self._directory_suggestion(address.lower())
            if match is not None:
                return Verdict(
                    EMAIL_TYPO, f"'{address}' is not in the directory and looks like a typo: did you mean '{match}'?"
                )
        return None

    def _domain_suggestion(self, domain: str) -> str | None:
        labels = domain.split(".")
        for base in self.bases:
            count = base.count(".") + 1
            tail = ".".join(labels[-count:])
            if _close(tail, base):
                return ".".join([*labels[:-count], base])
        return None

    @functools.cached_property
    def _nearby(self) -> Nearby:
        return Nearby(self.directory)  # built on the first unknown address only

    def _directory_suggestion(self, address: str) -> str | None:
        return self._nearby.closest(address)

"""What a policy rule module provides, checked by mypy against every module in the registry."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from checker.addresses import Verdict
from checker.finding import Problem, Severity
from checker.model import Inputs
from checker.ruledoc import EXAMPLE as EXAMPLE  # the rules' examples start from it


@dataclass(frozen=True)
class Context:
    """Everything a rule may ask besides its inputs; never the clock, never a file."""

    today: datetime.date
    # The email rules' verdict on an address: None when it is a good address.
    verdict: Callable[[str], Verdict | None]
    # Every rule id the tool knows, and those a file may waive or re-severity (from the registry).
    known_rules: frozenset[str] = frozenset()
    waivable: frozenset[str] = frozenset()
    # Change mode: how the change loosens the policy or the directory (checker.trust).
    relaxations: tuple[Problem, ...] = ()


class Documented(Protocol):
    """A rule module: its docstring is its documentation, in ``checker.ruledoc``'s sections."""

    ID: str
    SEVERITY: Severity
    SUMMARY: str
    # Whether a file may waive this rule per license or change its severity.
    WAIVABLE: bool
    POLICY_KEYS: tuple[str, ...]
    # Whole inventories for the documentation's example: BAD gets this rule's finding, GOOD none.
    BAD: str
    GOOD: str
    __doc__: str | None


class Rule(Documented, Protocol):
    """A policy rule: a documented module with a ``check``."""

    def check(self, inputs: Inputs, context: Context) -> Iterator[Problem]: ...


def address_problems(inputs: Inputs, context: Context, rule: str) -> Iterator[Problem]:
    """One Problem for each address in the inputs whose verdict is ``rule``: the email rules."""
    for pointer, address in inputs.addresses:
        verdict = context.verdict(address)
        if verdict is not None and verdict.rule == rule:
            yield Problem(pointer, verdict.message)

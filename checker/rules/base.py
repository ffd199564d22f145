"""What a policy rule module provides, checked by mypy against every module in the registry."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from checker.finding import Problem, Severity
from checker.inventory import Inventory


@dataclass(frozen=True)
class Context:
    """Everything a rule may read besides the inventory: never the clock."""

    today: datetime.date


class Rule(Protocol):
    """A policy rule is a module: its docstring is its documentation."""

    ID: str
    SEVERITY: Severity
    SUMMARY: str
    POLICY_KEYS: tuple[str, ...]
    __doc__: str | None

    def check(self, inventory: Inventory, context: Context) -> Iterator[Problem]: ...

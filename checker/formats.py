"""One registry of output formats per command, with one way to look a format up.

Each command's formats are a dict from the format's name to ``"module:function"``; the
names are written there once, and the command line's choices, the fast path's check and
the documentation read them from it. A format's module is imported only when that
format is asked for, so the writers of heavier formats cost the pre-commit hook nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Generic, TypeVar

RenderT = TypeVar("RenderT")


class Formats(Generic[RenderT]):
    def __init__(self, renderers: Mapping[str, str]) -> None:
        self._renderers = dict(renderers)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._renderers)

    def __contains__(self, name: object) -> bool:
        return name in self._renderers

    def replacing(self, name: str, renderer: str) -> Formats[RenderT]:
        """The same formats, in the same order, with NAME's rendered by RENDERER instead."""
        if name not in self._renderers:
            raise KeyError(name)
        return Formats({**self._renderers, name: renderer})

    def get(self, name: str) -> RenderT:
        module, _, function = self._renderers[name].partition(":")
        render: RenderT = getattr(importlib.import_module(module), function)
        return render

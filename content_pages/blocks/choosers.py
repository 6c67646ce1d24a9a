"""Chooser blocks that share looked-up rows within one unit of work
(``foundations.lookups``); outside one they behave exactly as Wagtail's."""

from __future__ import annotations

import copy
from typing import Any

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from content_pages.foundations import lookups


class _SharedLookups:
    model_class: Any
    # Related rows every reader of the chosen object asks for, fetched with it once.
    prefetch: tuple[str, ...] = ()

    def __init__(self, *args: Any, prefetch: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prefetch = prefetch

    def deconstruct(self) -> Any:
        # ``prefetch`` is how rows are read, not what is stored: migrations never see it.
        path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        kwargs.pop("prefetch", None)
        return path, args, kwargs

    def bulk_to_python(self, values: list[Any]) -> list[Any]:
        if not lookups.active():
            python: list[Any] = super().bulk_to_python(values)  # type: ignore[misc]
            return python
        found = lookups.in_bulk(self.model_class.objects, self.model_class, values, self.prefetch)
        seen: set[Any] = set()
        result = []
        for key in values:
            obj = found.get(key)
            if obj is not None and key in seen:
                obj = copy.copy(obj)
            seen.add(key)
            result.append(obj)
        return result

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, self.model_class) or not lookups.active():
            return super().to_python(value)  # type: ignore[misc]
        return self.bulk_to_python([value])[0]


class SharedSnippetChooserBlock(_SharedLookups, SnippetChooserBlock):
    pass


class SharedPageChooserBlock(_SharedLookups, blocks.PageChooserBlock):
    """With one page type, Wagtail looks pages up on that type (``model_class``): so do we."""

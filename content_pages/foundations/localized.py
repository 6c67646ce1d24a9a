"""Read a translated field in a language, saying whether a fallback served it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.utils.html import strip_tags

from content_pages.foundations.languages import fallback_chain, localized_field_name

T = TypeVar("T")


@dataclass(frozen=True)
class Localized(Generic[T]):
    value: T
    language: str
    requested: str

    @property
    def is_fallback(self) -> bool:
        return self.language != self.requested

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    source = getattr(value, "source", None)  # RichText
    if isinstance(source, str):
        # The editor stores an empty paragraph as <p data-block-key="..."></p>.
        return not strip_tags(source).strip() and "<embed" not in source
    try:
        return len(value) == 0
    except TypeError:
        return False


def localized(instance: Any, field: str, language: str) -> Localized[Any]:
    """The first non-empty value of ``field`` along ``language``'s fallback chain."""
    chain = fallback_chain(language)
    for code in chain:
        value = getattr(instance, localized_field_name(field, code), None)
        if not is_empty(value):
            return Localized(value=value, language=code, requested=language)
    return Localized(
        value=getattr(instance, localized_field_name(field, chain[-1]), None), language=chain[-1], requested=language
    )

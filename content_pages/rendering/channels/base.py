"""The interface every channel implements, and what a rendering carries besides its payload."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from pydantic import BaseModel
from wagtail.models import Page

from content_pages.foundations.localized import Localized
from content_pages.rendering.contracts.common import Fallback
from content_pages.rendering.short_links import short_code, short_url


@dataclass
class RenderContext:
    """Collects, while one page is rendered in one language, what the result depends on
    and which parts were served from a fallback language."""

    language: str
    fallbacks: list[Fallback] = field(default_factory=list)
    dependencies: set[tuple[type[models.Model], str]] = field(default_factory=set)
    search_parts: list[str] = field(default_factory=list)
    short_links: dict[str, str] = field(default_factory=dict)
    # What a page type adds to the web payload's ``meta`` (an article's readability).
    extra_meta: dict[str, Any] = field(default_factory=dict)

    def depends_on(self, obj: models.Model | None) -> None:
        if obj is not None and obj.pk is not None:
            # Pages are recorded as Page, whichever type the chooser returned them as.
            model = Page if isinstance(obj, Page) else (type(obj)._meta.concrete_model or type(obj))
            self.dependencies.add((model, str(obj.pk)))

    def note_fallback(self, path: str, served: str) -> None:
        field_name, _, rest = path.partition(".")
        block_id = rest.split(".", 1)[0] if rest and field_name in ("body", "aside") else None
        self.fallbacks.append(Fallback(path=path, field=field_name, block_id=block_id, language=served))

    def short_link(self, url: str) -> str:
        code = short_code(url)
        self.short_links[code] = url
        return short_url(code)

    def text(self, value: Localized[Any], path: str) -> str:
        """The localized text, noting a fallback when a non-empty value came from one."""
        text = "" if value.value is None else str(value.value)
        if text and value.is_fallback:
            self.note_fallback(path, value.language)
        return text


@dataclass
class Rendering:
    payload: dict[str, Any]
    summary: dict[str, Any]
    search_text: str
    dependencies: set[tuple[type[models.Model], str]]
    short_links: dict[str, str] = field(default_factory=dict)
    # When the page's medical review falls due: the API marks the review overdue from
    # then on, as of each request, without a new rendering.
    review_due: datetime.date | None = None
    # The contract object ``payload`` is the JSON of, for a caller that reads the
    # rendering in place (the admin's chat preview); None where the payload is still
    # assembled as JSON (the web channel).
    contract: BaseModel | None = None


class Channel(Protocol):
    name: str
    # Variants a channel renders (SMS: summary and full); the first is the default.
    modes: tuple[str, ...]

    def render(self, page: Page, language: str, mode: str = "") -> Rendering: ...


def rendition_key(channel: str, mode: str) -> str:
    """How a (channel, mode) pair is stored: ``web``, ``whatsapp``, ``sms:full``."""
    return f"{channel}:{mode}" if mode else channel

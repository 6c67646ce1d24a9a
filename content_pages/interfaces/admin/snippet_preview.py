"""What the snippet editor's preview shows: the draft in every language, and where it is used.

An editor about to publish a call to action or a reference needs to see it as readers
will, in each language (with what still falls back to English), and which live pages
will change when it is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page

from content_pages.foundations.languages import content_languages, english_name
from content_pages.foundations.localized import Localized, localized
from content_pages.models import CallToAction, Contributor, Reference, RenditionDependency, Topic
from content_pages.publishing.citations import refresh_citation
from content_pages.reads.cta import CtaView, cta_view


@dataclass(frozen=True)
class LanguagePreview:
    language: str
    name: str
    cta: CtaView | None = None
    texts: tuple[tuple[str, Localized[str]], ...] = ()


@dataclass(frozen=True)
class PageUse:
    title: str
    url: str
    edit_url: str


def _language_preview(obj: Any, language: str) -> LanguagePreview:
    name = english_name(language)
    if isinstance(obj, CallToAction):
        return LanguagePreview(language, name, cta=cta_view(obj, language))
    if isinstance(obj, Reference):
        return LanguagePreview(
            language, name, texts=(("Plain-language summary", localized(obj, "lay_summary", language)),)
        )
    if isinstance(obj, Topic):
        return LanguagePreview(language, name, texts=(("Topic", localized(obj, "name", language)),))
    if isinstance(obj, Contributor):
        return LanguagePreview(language, name, texts=(("Role", localized(obj, "role", language)),))
    return LanguagePreview(language, name)


def pages_using(obj: Any) -> list[PageUse]:
    """Live pages whose published renditions show ``obj``: what its publish will change."""
    if obj.pk is None:
        return []
    content_type = ContentType.objects.get_for_model(type(obj)._meta.concrete_model)
    page_ids = RenditionDependency.objects.filter(content_type=content_type, object_id=str(obj.pk)).values("page_id")
    return [
        PageUse(title=page.title, url=page.get_url() or "", edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]))
        for page in Page.objects.live().filter(pk__in=page_ids).order_by("title")
    ]


def snippet_preview(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Reference):
        refresh_citation(obj)  # the draft's own citation, not the live one's
    return {
        "snippet": obj,
        "snippet_type": obj._meta.verbose_name,
        "citation_html": getattr(obj, "citation_apa_html", ""),
        "languages": [_language_preview(obj, language) for language in content_languages()],
        "pages": pages_using(obj),
    }

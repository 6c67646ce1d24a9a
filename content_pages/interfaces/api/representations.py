"""JSON of snippets, images and documents, localized for one language."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import override
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, Rendition

from content_pages.foundations.localized import localized
from content_pages.foundations.urls import absolute_url
from content_pages.models import CallToAction, Reference
from content_pages.rendering import images, shapes
from content_pages.rendering.channels.base import RenderContext
from content_pages.rendering.contracts.common import to_json


def _snippet_meta(obj: Any, path: str, context: RenderContext) -> dict[str, Any]:
    return {
        "type": f"{obj._meta.app_label}.{type(obj).__name__}",
        "detail_url": shapes.snippet_detail_url(path, obj.pk, context.language),
        "language": context.language,
        "available_languages": shapes.languages(),
        "fallbacks": [to_json(item) for item in context.fallbacks],
    }


def call_to_action(cta: CallToAction, language: str) -> dict[str, Any]:
    context = RenderContext(language=language)
    with override(language):
        message = context.text(localized(cta, "whatsapp_message", language), "whatsapp_message")
        data = {
            "id": cta.pk,
            "name": cta.name,
            "kind": cta.kind,
            "heading": context.text(localized(cta, "heading", language), "heading"),
            "body": context.text(localized(cta, "body", language), "body"),
            "button_label": context.text(localized(cta, "button_label", language), "button_label"),
            "url": cta.target_url(language, message),
            "whatsapp_message": message,
        }
    return {"id": cta.pk, "meta": _snippet_meta(cta, "ctas", context), **{k: v for k, v in data.items() if k != "id"}}


def reference(ref: Reference, language: str) -> dict[str, Any]:
    context = RenderContext(language=language)
    lay_summary = context.text(localized(ref, "lay_summary", language), "lay_summary")
    data = to_json(shapes.reference(ref, lay_summary))
    return {"id": data.pop("id"), "meta": _snippet_meta(ref, "references", context), **data}


def _original_url(obj: AbstractImage) -> str:
    """The file's own address where it is public (the local disk); otherwise the API's
    redirect to a signed one, which does not change from one request to the next."""
    if not obj.file:
        return ""
    if getattr(obj.file.storage, "private_by_default", False):
        return f"{shapes.media_detail_url('images', obj.pk)}original/"
    return absolute_url(obj.file.url)


def image(obj: AbstractImage) -> dict[str, Any]:
    """Only the renditions that exist (prefetched by ``with_renditions``): the worker
    makes them when the image is saved, a request never does."""
    return {
        "id": obj.pk,
        "meta": {
            "type": "wagtailimages.Image",
            "detail_url": shapes.media_detail_url("images", obj.pk),
            "download_url": _original_url(obj),
        },
        "title": obj.title,
        "width": obj.width,
        "height": obj.height,
        "alt_text": getattr(obj, "description", "") or "",
        "renditions": to_json(images.contract(images.existing(obj, *images.RESPONSIVE_SPECS))),
    }


def with_renditions(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Images with their responsive renditions, in one more query for any number of them."""
    wanted = Rendition.objects.filter(filter_spec__in=images.RESPONSIVE_SPECS)
    return queryset.prefetch_related(Prefetch("renditions", queryset=wanted))


def document(obj: AbstractDocument) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "meta": {
            "type": "wagtaildocs.Document",
            "detail_url": shapes.media_detail_url("documents", obj.pk),
            "download_url": absolute_url(obj.url),
        },
        "title": obj.title,
    }

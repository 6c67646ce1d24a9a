"""/api/v2/snippets/: live calls to action and references, in the requested language.

Only published snippets are served; a draft-only or unpublished one is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from content_pages.interfaces.api import representations
from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.language import request_language
from content_pages.interfaces.api.params import (
    LanguageCode,
    id_path,
    lang_query,
    limit_query,
    offset_query,
    parse_limit_offset,
    reject_unknown,
)
from content_pages.interfaces.api.schemas.snippets import (
    CallToActionDetail,
    CallToActionList,
    ReferenceDetail,
    ReferenceList,
)
from content_pages.models import CallToAction, Reference
from content_pages.publishing.renditions import serialize
from content_pages.rendering.contracts.common import Error
from content_pages.rendering.shapes import listing

router = Router(tags=["snippets"])

LANG = lang_query()
LIST_PARAMS = {"lang", "limit", "offset"}


def _list(request: HttpRequest, queryset, represent, limit: int, offset: int) -> HttpResponse:  # type: ignore[no-untyped-def]
    reject_unknown(request, LIST_PARAMS)
    language = request_language(request)
    limit, offset = parse_limit_offset(limit, offset)
    total = queryset.count()
    objects = list(queryset[offset : offset + limit])
    body = serialize(listing(total=total, language=language, items=[represent(obj, language) for obj in objects]))
    return cached_json(request, body, last_modified=max((obj.updated_at for obj in objects), default=None))


def _detail(request: HttpRequest, obj, represent) -> HttpResponse:  # type: ignore[no-untyped-def]
    reject_unknown(request, {"lang"})
    body = serialize(represent(obj, request_language(request)))
    return cached_json(request, body, last_modified=obj.updated_at)


@router.get(
    "/ctas/",
    response={200: CallToActionList, 304: None, 400: Error},
    operation_id="listCallsToAction",
    summary="List calls to action",
)
def list_ctas(
    request: HttpRequest, lang: LanguageCode | None = LANG, limit: int = limit_query(), offset: int = offset_query()
) -> HttpResponse:
    return _list(
        request,
        CallToAction.objects.filter(live=True).select_related("link_page", "form_page").order_by("pk"),
        representations.call_to_action,
        limit,
        offset,
    )


@router.get(
    "/ctas/{int:cta_id}/",
    response={200: CallToActionDetail, 304: None, 400: Error, 404: Error},
    operation_id="getCallToAction",
    summary="A call to action",
)
def cta_detail(
    request: HttpRequest, cta_id: int = id_path("call to action"), lang: LanguageCode | None = LANG
) -> HttpResponse:
    return _detail(request, get_object_or_404(CallToAction, pk=cta_id, live=True), representations.call_to_action)


@router.get(
    "/references/",
    response={200: ReferenceList, 304: None, 400: Error},
    operation_id="listReferences",
    summary="List references",
)
def list_references(
    request: HttpRequest, lang: LanguageCode | None = LANG, limit: int = limit_query(), offset: int = offset_query()
) -> HttpResponse:
    return _list(
        request,
        Reference.objects.filter(live=True).prefetch_related("authors").order_by("pk"),
        representations.reference,
        limit,
        offset,
    )


@router.get(
    "/references/{int:reference_id}/",
    response={200: ReferenceDetail, 304: None, 400: Error, 404: Error},
    operation_id="getReference",
    summary="A reference",
)
def reference_detail(
    request: HttpRequest, reference_id: int = id_path("reference"), lang: LanguageCode | None = LANG
) -> HttpResponse:
    obj: Reference = get_object_or_404(Reference.objects.filter(live=True).prefetch_related("authors"), pk=reference_id)
    return _detail(request, obj, representations.reference)

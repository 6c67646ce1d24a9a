"""/api/v2/snippets/: live calls to action and references, in the requested language.

Only published snippets are served; a draft-only or unpublished one is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from content_pages.foundations import cache_tags
from content_pages.foundations.cache_tags import CTA, REFERENCE
from content_pages.interfaces.api import representations
from content_pages.interfaces.api.language import query_or_accept_language
from content_pages.interfaces.api.listings import Representation, detail_response, list_response
from content_pages.interfaces.api.params import (
    LanguageCode,
    StrictRouter,
    id_path,
    lang_query,
    limit_query,
    offset_query,
)
from content_pages.interfaces.api.schemas.snippets import (
    CallToActionDetail,
    CallToActionList,
    ReferenceDetail,
    ReferenceList,
)
from content_pages.models import CallToAction, Reference
from content_pages.rendering.contracts.common import Error

router = StrictRouter(tags=["snippets"])

LANG = lang_query()


def _call_to_action(language: str) -> Representation[CallToAction]:
    return Representation(lambda cta: representations.call_to_action(cta, language), lambda cta: cta.updated_at)


def _reference(language: str) -> Representation[Reference]:
    return Representation(lambda ref: representations.reference(ref, language), lambda ref: ref.updated_at)


@router.get(
    "/ctas/",
    response={200: CallToActionList, 304: None, 400: Error},
    operation_id="listCallsToAction",
    summary="List calls to action",
)
def list_ctas(
    request: HttpRequest, lang: LanguageCode | None = LANG, limit: int = limit_query(), offset: int = offset_query()
) -> HttpResponse:
    language = query_or_accept_language(request, lang)
    return list_response(
        request,
        CallToAction.objects.filter(live=True).select_related("link_page", "form_page").order_by("pk"),
        _call_to_action(language),
        window=(limit, offset),
        language=language,
        tags=(cache_tags.snippet_list_tag(CTA),),
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
    cta: CallToAction = get_object_or_404(CallToAction, pk=cta_id, live=True)
    language = query_or_accept_language(request, lang)
    return detail_response(request, cta, _call_to_action(language), tags=(cache_tags.snippet_tag(CTA, cta_id),))


@router.get(
    "/references/",
    response={200: ReferenceList, 304: None, 400: Error},
    operation_id="listReferences",
    summary="List references",
)
def list_references(
    request: HttpRequest, lang: LanguageCode | None = LANG, limit: int = limit_query(), offset: int = offset_query()
) -> HttpResponse:
    language = query_or_accept_language(request, lang)
    return list_response(
        request,
        Reference.objects.filter(live=True).prefetch_related("authors").order_by("pk"),
        _reference(language),
        window=(limit, offset),
        language=language,
        tags=(cache_tags.snippet_list_tag(REFERENCE),),
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
    language = query_or_accept_language(request, lang)
    tags = (cache_tags.snippet_tag(REFERENCE, reference_id),)
    return detail_response(request, obj, _reference(language), tags=tags)

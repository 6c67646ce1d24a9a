"""/api/v2/images/ and /api/v2/documents/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from content_pages.interfaces.api import representations
from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.params import id_path, limit_query, offset_query, parse_limit_offset, reject_unknown
from content_pages.interfaces.api.schemas.snippets import DocumentDetail, DocumentList, ImageDetail, ImageList
from content_pages.publishing.renditions import serialize
from content_pages.reads.media import public_media
from content_pages.rendering.contracts.common import Error

images = Router(tags=["images"])
documents = Router(tags=["documents"])


def _list(request: HttpRequest, queryset, represent, limit: int, offset: int) -> HttpResponse:  # type: ignore[no-untyped-def]
    reject_unknown(request, {"limit", "offset"})
    limit, offset = parse_limit_offset(limit, offset)
    objects = list(queryset[offset : offset + limit])
    body = serialize({"meta": {"total_count": queryset.count()}, "items": [represent(obj) for obj in objects]})
    return cached_json(request, body, last_modified=max((obj.created_at for obj in objects), default=None))


def _detail(request: HttpRequest, obj, represent) -> HttpResponse:  # type: ignore[no-untyped-def]
    reject_unknown(request, set())
    return cached_json(request, serialize(represent(obj)), last_modified=obj.created_at)


@images.get("/", response={200: ImageList, 304: None, 400: Error}, operation_id="listImages", summary="List images")
def list_images(request: HttpRequest, limit: int = limit_query(), offset: int = offset_query()) -> HttpResponse:
    return _list(request, public_media(get_image_model()), representations.image, limit, offset)


@images.get(
    "/{int:image_id}/",
    response={200: ImageDetail, 304: None, 400: Error, 404: Error},
    operation_id="getImage",
    summary="An image",
)
def image_detail(request: HttpRequest, image_id: int = id_path("image")) -> HttpResponse:
    return _detail(request, get_object_or_404(public_media(get_image_model()), pk=image_id), representations.image)


@documents.get(
    "/", response={200: DocumentList, 304: None, 400: Error}, operation_id="listDocuments", summary="List documents"
)
def list_documents(request: HttpRequest, limit: int = limit_query(), offset: int = offset_query()) -> HttpResponse:
    return _list(request, public_media(get_document_model()), representations.document, limit, offset)


@documents.get(
    "/{int:document_id}/",
    response={200: DocumentDetail, 304: None, 400: Error, 404: Error},
    operation_id="getDocument",
    summary="A document",
)
def document_detail(request: HttpRequest, document_id: int = id_path("document")) -> HttpResponse:
    return _detail(
        request, get_object_or_404(public_media(get_document_model()), pk=document_id), representations.document
    )

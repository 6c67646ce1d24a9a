"""/api/v2/images/ and /api/v2/documents/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

from content_pages.foundations.urls import absolute_url
from content_pages.interfaces.api import representations
from content_pages.interfaces.api.listings import Representation, detail_response, list_response
from content_pages.interfaces.api.params import StrictRouter, id_path, limit_query, offset_query
from content_pages.interfaces.api.schemas.snippets import DocumentDetail, DocumentList, ImageDetail, ImageList
from content_pages.reads.media import public_media
from content_pages.rendering.contracts.common import Error

images = StrictRouter(tags=["images"])
documents = StrictRouter(tags=["documents"])
IMAGE: Representation[AbstractImage] = Representation(representations.image, lambda image: image.created_at)
DOCUMENT: Representation[AbstractDocument] = Representation(
    representations.document, lambda document: document.created_at
)


@images.get("/", response={200: ImageList, 304: None, 400: Error}, operation_id="listImages", summary="List images")
def list_images(request: HttpRequest, limit: int = limit_query(), offset: int = offset_query()) -> HttpResponse:
    return list_response(
        request,
        representations.with_renditions(public_media(get_image_model())),
        IMAGE,
        window=(limit, offset),
    )


@images.get(
    "/{int:image_id}/",
    response={200: ImageDetail, 304: None, 400: Error, 404: Error},
    operation_id="getImage",
    summary="An image",
)
def image_detail(request: HttpRequest, image_id: int = id_path("image")) -> HttpResponse:
    image = get_object_or_404(representations.with_renditions(public_media(get_image_model())), pk=image_id)
    return detail_response(request, image, IMAGE)


@images.get(
    "/{int:image_id}/original/",
    response={302: None, 400: Error, 404: Error},
    operation_id="getImageOriginal",
    summary="An image's original file: a redirect to it",
)
def image_original(request: HttpRequest, image_id: int = id_path("image")) -> HttpResponse:  # noqa: ARG001 - ninja passes it by that name
    """The original of a public image, where its storage keeps it: a short-lived signed
    URL in a private bucket, so ``download_url`` stays the same for good (and so do the
    detail's ETag and caches) while the signed address changes."""
    image = get_object_or_404(public_media(get_image_model()), pk=image_id)
    return HttpResponseRedirect(absolute_url(image.file.url))


@documents.get(
    "/", response={200: DocumentList, 304: None, 400: Error}, operation_id="listDocuments", summary="List documents"
)
def list_documents(request: HttpRequest, limit: int = limit_query(), offset: int = offset_query()) -> HttpResponse:
    return list_response(
        request,
        public_media(get_document_model()),
        DOCUMENT,
        window=(limit, offset),
    )


@documents.get(
    "/{int:document_id}/",
    response={200: DocumentDetail, 304: None, 400: Error, 404: Error},
    operation_id="getDocument",
    summary="A document",
)
def document_detail(request: HttpRequest, document_id: int = id_path("document")) -> HttpResponse:
    document = get_object_or_404(public_media(get_document_model()), pk=document_id)
    return detail_response(request, document, DOCUMENT)

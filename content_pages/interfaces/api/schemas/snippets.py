"""Snippet, image and document shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.rendering.contracts.common import Fallback, ImageRenditions, Language, ListMeta, Strict
from content_pages.rendering.contracts.pages import Reference


class SnippetMeta(Strict):
    type: str
    detail_url: str
    language: str
    available_languages: list[Language]
    fallbacks: list[Fallback]


class CallToActionDetail(Strict):
    id: int
    meta: SnippetMeta
    name: str
    kind: Literal["link", "whatsapp", "enquiry_form", "phone"]
    heading: str
    body: str
    button_label: str = Field(max_length=BUTTON_LABEL_MAX)
    url: str
    whatsapp_message: str


class ReferenceDetail(Reference):
    """A reference as the article detail shows it, plus its own metadata."""

    meta: SnippetMeta


class CallToActionList(Strict):
    meta: ListMeta
    items: list[CallToActionDetail]


class ReferenceList(Strict):
    meta: ListMeta
    items: list[ReferenceDetail]


class MediaMeta(Strict):
    type: str
    detail_url: str
    download_url: str = Field(description="Absolute URL of the original file.")


class ImageDetail(Strict):
    id: int
    meta: MediaMeta
    title: str
    width: int
    height: int
    alt_text: str = Field(description="The image's description, for people who cannot see it.")
    renditions: ImageRenditions = Field(
        description="The sizes made so far (by the task worker when the image is saved): a size not made yet is "
        "absent, never made on request."
    )


class DocumentDetail(Strict):
    id: int
    meta: MediaMeta
    title: str


class MediaListMeta(Strict):
    total_count: int


class ImageList(Strict):
    meta: MediaListMeta
    items: list[ImageDetail]


class DocumentList(Strict):
    meta: MediaListMeta
    items: list[DocumentDetail]

"""The API shape of each StreamField block type, fully resolved for one language."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from content_pages.foundations.limits import BUTTON_LABEL_MAX
from content_pages.rendering.contracts.common import ImageRenditions, Strict


class HeadingValue(Strict):
    level: Literal["h2", "h3"]
    text: str
    anchor: str = Field(description="Fragment id, identical in every language.")


class ParagraphValue(Strict):
    html: str = Field(description="Sanitised HTML; internal links are URLs in the requested language.")


class BulletListValue(Strict):
    items: list[str]


class CalloutValue(Strict):
    style: Literal["quote", "note", "warning"]
    text: str
    attribution: str
    safety: bool = Field(description="Safety information: never served from an out-of-date translation.")
    label: str | None = Field(
        description="The heading to show before the text, translated into the requested language, from the style: "
        "“Warning” for a warning, “Note” for a note, null for a quote. Every channel shows it; a frontend should too."
    )


class CtaValue(Strict):
    cta_id: int
    kind: Literal["link", "whatsapp", "enquiry_form", "phone"]
    heading: str
    body: str
    button_label: str = Field(max_length=BUTTON_LABEL_MAX)
    url: str = Field(description="Final destination: a page URL, an external URL, a wa.me link or a tel: link.")


class ImageValue(Strict):
    image_id: int | None
    url: str = Field(description="Absolute URL of a 960-pixel-wide file in the original format.")
    width: int
    height: int
    alt_text: str
    caption: str
    renditions: ImageRenditions


class EnquiryFormValue(Strict):
    form_page_id: int
    heading: str
    html_url: str


class HeadingBlock(Strict):
    type: Literal["heading"]
    id: str
    value: HeadingValue


class ParagraphBlock(Strict):
    type: Literal["paragraph"]
    id: str
    value: ParagraphValue


class BulletListBlock(Strict):
    type: Literal["bullet_list"]
    id: str
    value: BulletListValue


class CalloutBlock(Strict):
    type: Literal["callout"]
    id: str
    value: CalloutValue


class CtaBlock(Strict):
    type: Literal["cta"]
    id: str
    value: CtaValue


class ImageBlock(Strict):
    type: Literal["image"]
    id: str
    value: ImageValue


class EnquiryFormBlock(Strict):
    type: Literal["enquiry_form"]
    id: str
    value: EnquiryFormValue


BodyBlock = Annotated[
    HeadingBlock | ParagraphBlock | BulletListBlock | CalloutBlock | CtaBlock | ImageBlock | EnquiryFormBlock,
    Field(discriminator="type"),
]
AsideBlock = Annotated[CtaBlock | EnquiryFormBlock, Field(discriminator="type")]

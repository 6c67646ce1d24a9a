"""Blocks that embed something other than text: images and enquiry forms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import override
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

if TYPE_CHECKING:
    from content_pages.reads.streams import LocalizedBlock
    from content_pages.rendering.channels.base import RenderContext

IMAGE_RENDITION = "width-960"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text="Describe the image for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        image = item.value["image"]
        context.depends_on(image)
        rendition = image.get_rendition(IMAGE_RENDITION) if image is not None else None
        return {
            "image_id": image.pk if image is not None else None,
            "url": rendition.full_url if rendition is not None else "",
            "width": rendition.width if rendition is not None else 0,
            "height": rendition.height if rendition is not None else 0,
            "alt_text": item.value["alt_text"] or "",
            "caption": item.value["caption"] or "",
        }

    def plain_text(self, value: Any) -> str:
        return value["caption"] or ""

    class Meta:
        icon = "image"
        label = "Image"


class EnquiryFormEmbedBlock(blocks.StructBlock):
    form_page = blocks.PageChooserBlock(page_type="content_pages.EnquiryFormPage", label="Enquiry form")
    heading_override = blocks.CharBlock(required=False, max_length=200)

    def api_value(self, item: LocalizedBlock, context: RenderContext) -> dict[str, Any]:
        from content_pages.foundations.localized import localized

        form_page = item.value["form_page"].specific
        context.depends_on(form_page)
        heading = item.value["heading_override"] or context.text(
            localized(form_page, "title", context.language), f"{item.path}.form_page.title"
        )
        with override(context.language):
            html_url = form_page.get_full_url() or ""
        return {"form_page_id": form_page.pk, "heading": heading, "html_url": html_url}

    def plain_text(self, value: Any) -> str:
        return value["heading_override"] or ""

    class Meta:
        icon = "form"
        label = "Enquiry form"

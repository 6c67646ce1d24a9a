"""Blocks that embed something other than text: images and enquiry forms."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from content_pages.blocks.choosers import SharedPageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text="Describe the image for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        label = "Image"


class EnquiryFormEmbedBlock(blocks.StructBlock):
    form_page = SharedPageChooserBlock(
        page_type="content_pages.EnquiryFormPage", prefetch=("form_fields",), label="Enquiry form"
    )
    heading_override = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "form"
        label = "Enquiry form"

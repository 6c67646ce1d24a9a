"""The StreamBlocks that article pages are made of."""

from __future__ import annotations

from wagtail import blocks

from content_pages.blocks.cta import CallToActionBlock
from content_pages.blocks.media import EnquiryFormEmbedBlock, ImageBlock
from content_pages.blocks.text import BulletListBlock, CalloutBlock, ParagraphBlock, SectionHeadingBlock
from content_pages.foundations.limits import STREAM_BLOCKS_MAX


class ArticleBodyBlock(blocks.StreamBlock):
    heading = SectionHeadingBlock()
    paragraph = ParagraphBlock()
    bullet_list = BulletListBlock()
    callout = CalloutBlock()
    cta = CallToActionBlock()
    image = ImageBlock()
    enquiry_form = EnquiryFormEmbedBlock()

    class Meta:
        max_num = STREAM_BLOCKS_MAX


class ArticleAsideBlock(blocks.StreamBlock):
    """What follows the references: calls to action and enquiry forms."""

    cta = CallToActionBlock()
    enquiry_form = EnquiryFormEmbedBlock()

    class Meta:
        max_num = STREAM_BLOCKS_MAX

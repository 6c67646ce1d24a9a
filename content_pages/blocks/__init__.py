"""StreamField blocks of the article body and the actions shown after it."""

from content_pages.blocks.cta import CallToActionBlock
from content_pages.blocks.media import EnquiryFormEmbedBlock, ImageBlock
from content_pages.blocks.streams import ArticleAsideBlock, ArticleBodyBlock
from content_pages.blocks.text import AnchorBlock, BulletListBlock, CalloutBlock, ParagraphBlock, SectionHeadingBlock

__all__ = [
    "AnchorBlock",
    "ArticleAsideBlock",
    "ArticleBodyBlock",
    "BulletListBlock",
    "CallToActionBlock",
    "CalloutBlock",
    "EnquiryFormEmbedBlock",
    "ImageBlock",
    "ParagraphBlock",
    "SectionHeadingBlock",
]

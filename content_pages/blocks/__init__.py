"""StreamField blocks of the article body and the actions shown after it."""

from .cta import CallToActionBlock
from .media import EnquiryFormEmbedBlock, ImageBlock
from .streams import ArticleAsideBlock, ArticleBodyBlock
from .text import AnchorBlock, BulletListBlock, CalloutBlock, ParagraphBlock, SectionHeadingBlock

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

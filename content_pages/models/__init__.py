"""Models of the content_pages app, split by kind: pages, snippets and forms."""

from .forms import EnquiryFormField, EnquiryFormPage, EnquirySubmission
from .pages import ArticleIndexPage, ArticlePage, ArticlePageReference, HomePage
from .publishing import ChannelRendition, RenditionDependency, ShortLink
from .snippets import CallToAction, Contributor, Reference, ReferenceAuthor, Topic
from .translations import TranslationRecord

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageReference",
    "CallToAction",
    "ChannelRendition",
    "Contributor",
    "EnquiryFormField",
    "EnquiryFormPage",
    "EnquirySubmission",
    "HomePage",
    "Reference",
    "ReferenceAuthor",
    "RenditionDependency",
    "ShortLink",
    "Topic",
    "TranslationRecord",
]

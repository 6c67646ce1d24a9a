"""Models of the content_pages app, split by kind: pages, snippets and forms."""

from content_pages.models.api_access import ApiKey, RateCounter
from content_pages.models.events import EVENT_TYPES, OutboxEvent, OutboxSequence
from content_pages.models.feedback import FEEDBACK_CHANNELS, PageFeedback
from content_pages.models.forms import EnquiryFormField, EnquiryFormPage, EnquirySubmission
from content_pages.models.glossary import GlossaryTerm, GlossaryTranslation
from content_pages.models.pages import ArticleIndexPage, ArticlePage, ArticlePageReference, HomePage
from content_pages.models.publishing import ChannelRendition, RenditionDependency, ShortLink
from content_pages.models.reach import REACH_CHANNELS, PageReach
from content_pages.models.reviews import TranslationReview
from content_pages.models.site_settings import EnquiryPrivacyNotice, ReadabilityTarget
from content_pages.models.sitemaps import SitemapEntry, SitemapState, StoredSitemap
from content_pages.models.snippets import CallToAction, Contributor, Reference, ReferenceAuthor, Topic
from content_pages.models.translations import TranslationCount, TranslationRecord
from content_pages.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.models.workers import ObjectWriteLock, PeriodicJob, WorkerHeartbeat

__all__ = [
    "EVENT_TYPES",
    "FEEDBACK_CHANNELS",
    "REACH_CHANNELS",
    "ApiKey",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageReference",
    "CallToAction",
    "ChannelRendition",
    "Contributor",
    "EnquiryFormField",
    "EnquiryFormPage",
    "EnquiryPrivacyNotice",
    "EnquirySubmission",
    "GlossaryTerm",
    "GlossaryTranslation",
    "HomePage",
    "ObjectWriteLock",
    "OutboxEvent",
    "OutboxSequence",
    "PageFeedback",
    "PageReach",
    "PeriodicJob",
    "RateCounter",
    "ReadabilityTarget",
    "Reference",
    "ReferenceAuthor",
    "RenditionDependency",
    "ShortLink",
    "SitemapEntry",
    "SitemapState",
    "StoredSitemap",
    "Topic",
    "TranslationCount",
    "TranslationRecord",
    "TranslationReview",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "WorkerHeartbeat",
]

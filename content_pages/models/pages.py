"""Page types: the home page, the article index and the health article itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content_pages.blocks import ArticleAsideBlock, ArticleBodyBlock
from content_pages.interfaces.admin.forms import TranslatorAwarePageForm
from content_pages.models.gate import GatedPublishMixin
from content_pages.models.mixins import MedicalReviewMixin
from content_pages.models.permissions import TranslatorPermissionsMixin


class HomePage(GatedPublishMixin, TranslatorPermissionsMixin, Page):
    base_form_class = TranslatorAwarePageForm
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content_pages.ArticleIndexPage", "content_pages.EnquiryFormPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from content_pages.reads.articles import latest_articles

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = latest_articles(limit=6)
        context["indexes"] = ArticleIndexPage.objects.child_of(self).live().public()
        return context


class ArticleIndexPage(GatedPublishMixin, TranslatorPermissionsMixin, Page):
    base_form_class = TranslatorAwarePageForm
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["content_pages.ArticlePage"]
    parent_page_types = ["content_pages.HomePage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from content_pages.reads.articles import articles_under

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = articles_under(self)
        return context


class ArticlePage(GatedPublishMixin, TranslatorPermissionsMixin, MedicalReviewMixin, Page):
    """A patient-facing health article, written once and published to every channel."""

    base_form_class = TranslatorAwarePageForm

    standfirst = models.TextField(blank=True, max_length=600, help_text="One or two sentences under the title.")
    topics = ParentalManyToManyField("content_pages.Topic", blank=True, related_name="articles")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    aside = StreamField(
        ArticleAsideBlock(), blank=True, help_text="Calls to action and forms shown after the references."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("topics"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("references", label="References"),
        FieldPanel("aside"),
        *MedicalReviewMixin.review_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("standfirst"), index.SearchField("body")]
    parent_page_types = ["content_pages.ArticleIndexPage"]
    subpage_types: list[str] = []

    def clean(self) -> None:
        from content_pages.publishing.article_structure import prepare_article_for_save
        from content_pages.publishing.channel_validation import channel_limit_errors

        super().clean()
        self.clean_review_dates()
        errors = prepare_article_for_save(self)
        if not errors:
            errors = channel_limit_errors(self)
        if errors:
            raise ValidationError(errors)

    @property
    def preview_modes(self) -> list[tuple[str, str]]:
        return [
            ("", "Web page"),
            ("whatsapp", "WhatsApp"),
            ("telegram", "Telegram"),
            ("sms", "SMS"),
            ("sms:full", "SMS (full)"),
        ]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if not mode_name:
            return super().serve_preview(request, mode_name)
        from content_pages.interfaces.admin.chat_preview import chat_preview

        channel, _, mode = mode_name.partition(":")
        context = {
            "page": self,
            "channel": channel,
            "channel_label": dict(self.preview_modes)[mode_name],
            "mode": mode,
            "columns": chat_preview(self, channel, mode),
        }
        return TemplateResponse(request, "content_pages/preview/chat.html", context)

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from content_pages.reads.article_view import article_view

        context = super().get_context(request, *args, **kwargs)
        context["article"] = article_view(self, request)
        return context


class ArticlePageReference(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="references")
    reference = models.ForeignKey("content_pages.Reference", on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("reference")]

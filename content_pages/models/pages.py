"""Page types: the home page, the article index and the health article itself."""

from __future__ import annotations

from typing import Any, Protocol, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import model_from_serializable_data
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content_pages.blocks import ArticleAsideBlock, ArticleBodyBlock
from content_pages.foundations.limits import TEXT_MAX
from content_pages.models.gate import GatedPublishMixin
from content_pages.models.hooks import FieldErrors, HookSlot, PageContext
from content_pages.models.indexing import IndexedAsStored
from content_pages.models.mixins import MedicalReviewMixin
from content_pages.models.permissions import TranslatorPermissionsMixin


class ArticleClean(Protocol):
    """What stops an article from saving: structure rules, then channel limits."""

    def __call__(self, article: ArticlePage, /) -> FieldErrors: ...


class ArticleChannelPreview(Protocol):
    """The messaging channel previews; ``mode_name`` is one of the article's preview modes."""

    def __call__(self, article: ArticlePage, request: HttpRequest, mode_name: str, /) -> HttpResponse: ...


class ArticleEnquiryPost(Protocol):
    """A response to a POST of the article's embedded enquiry form, or None to render the
    article (with the bound form and its errors)."""

    def __call__(self, article: ArticlePage, request: HttpRequest, /) -> HttpResponse | None: ...


# Installed by interfaces/wiring.py (``models/hooks.py`` says why).
HOME_CONTEXT: HookSlot[PageContext[HomePage]] = HookSlot("home_context")
INDEX_CONTEXT: HookSlot[PageContext[ArticleIndexPage]] = HookSlot("index_context")
ARTICLE_CONTEXT: HookSlot[PageContext[ArticlePage]] = HookSlot("article_context")
ARTICLE_CLEAN: HookSlot[ArticleClean] = HookSlot("article_clean")
ARTICLE_CHANNEL_PREVIEW: HookSlot[ArticleChannelPreview] = HookSlot("article_channel_preview")
ARTICLE_ENQUIRY_POST: HookSlot[ArticleEnquiryPost] = HookSlot("article_enquiry_post")


class HomePage(GatedPublishMixin, TranslatorPermissionsMixin, IndexedAsStored, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], max_length=TEXT_MAX)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # Assigned at start-up by ``interfaces/wiring.py``, which this layer cannot import:
    # - ``base_form_class``: the admin's ``TranslatorAwarePageForm``; Wagtail reads the form
    #   from this attribute only.
    # - ``route``: ``models.routing.route_by_slug`` (one query per URL segment), after
    #   wagtail-modeltranslation has replaced ``route`` at its start-up.
    subpage_types = ["content_pages.ArticleIndexPage", "content_pages.EnquiryFormPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return HOME_CONTEXT.get()(self, request, super().get_context(request, *args, **kwargs))


class ArticleIndexPage(GatedPublishMixin, TranslatorPermissionsMixin, IndexedAsStored, Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"], max_length=TEXT_MAX)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    # ``base_form_class`` and ``route`` are assigned at start-up, as on ``HomePage``.
    subpage_types = ["content_pages.ArticlePage"]
    parent_page_types = ["content_pages.HomePage"]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return INDEX_CONTEXT.get()(self, request, super().get_context(request, *args, **kwargs))


class ArticlePage(GatedPublishMixin, TranslatorPermissionsMixin, MedicalReviewMixin, IndexedAsStored, Page):
    """A patient-facing health article, written once and published to every channel."""

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
    # Assigned at start-up by ``interfaces/wiring.py``, which this layer cannot import:
    # - ``base_form_class``: the admin's ``ArticlePageForm`` (translator-aware, with the
    #   inline references); Wagtail reads the form from this attribute only.
    # - ``content_panels`` gains the admin's read-only ``ReadabilityPanel`` at the end, after
    #   wagtail-modeltranslation has patched the panels at its start-up.
    search_fields = [*Page.search_fields, index.SearchField("standfirst"), index.SearchField("body")]
    parent_page_types = ["content_pages.ArticleIndexPage"]
    subpage_types: list[str] = []

    def clean(self) -> None:
        super().clean()
        self.clean_review_dates()
        errors = ARTICLE_CLEAN.get()(self)
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
            ("whatsapp:conversation", "WhatsApp (conversation)"),
            ("telegram:conversation", "Telegram (conversation)"),
            ("whatsapp:template", "WhatsApp (template)"),
        ]

    def serve_preview(self, request: HttpRequest, mode_name: str) -> HttpResponse:
        if not mode_name:
            page: HttpResponse = super().serve_preview(request, mode_name)
            return page
        return ARTICLE_CHANNEL_PREVIEW.get()(self, request, mode_name)

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            response = ARTICLE_ENQUIRY_POST.get()(self, request)
            if response is not None:
                return response
        page: HttpResponse = super().serve(request, *args, **kwargs)
        return page

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return ARTICLE_CONTEXT.get()(self, request, super().get_context(request, *args, **kwargs))


class ArticlePageReference(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="references")
    reference = models.ForeignKey("content_pages.Reference", on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("reference")]

    @classmethod
    def from_serializable_data(
        cls, data: dict[str, Any], check_fks: bool = True, strict_fks: bool = False
    ) -> ArticlePageReference | None:
        """A row of a revision, rebuilt with its article (modelcluster asks each inline model
        this way). The article is not looked up: it is the object being rebuilt, and
        checking that it exists read the whole article, every language's body, once per
        reference. The chosen reference is still checked."""
        own = {name: value for name, value in data.items() if name != "page"}
        return cast(
            "ArticlePageReference | None",
            model_from_serializable_data(cls, own, check_fks=check_fks, strict_fks=strict_fks),
        )

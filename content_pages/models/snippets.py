"""Reusable snippets: topics, contributors, calls to action and scientific references."""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from typing_extensions import override
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from content_pages.foundations.limits import BUTTON_LABEL_MAX, TEXT_MAX
from content_pages.foundations.urls import page_full_url
from content_pages.foundations.validators import doi_url, normalize_doi
from content_pages.models.gate import GatedPublishMixin
from content_pages.models.hooks import HookSlot, TemplateContext


class SnippetPreviewContext(Protocol):
    """The snippet preview in every language."""

    def __call__(self, snippet: ReviewedSnippet, /) -> TemplateContext: ...


class CallToActionClean(Protocol):
    """Errors keyed by the (language-specific) field that holds the problem."""

    def __call__(self, cta: CallToAction, /) -> dict[str, list[str]]: ...


class ReferenceClean(Protocol):
    """Rules that need other rows (a DOI another reference has)."""

    def __call__(self, reference: Reference, /) -> dict[str, list[str]]: ...


class ReferenceBeforeSave(Protocol):
    """Formats the citation into the row about to be saved."""

    def __call__(self, reference: Reference, /) -> None: ...


# Installed by interfaces/wiring.py (``models/hooks.py`` says why).
SNIPPET_PREVIEW_CONTEXT: HookSlot[SnippetPreviewContext] = HookSlot("snippet_preview_context")
CTA_CLEAN: HookSlot[CallToActionClean] = HookSlot("cta_clean")
REFERENCE_CLEAN: HookSlot[ReferenceClean] = HookSlot("reference_clean")
REFERENCE_BEFORE_SAVE: HookSlot[ReferenceBeforeSave] = HookSlot("reference_before_save")


class ReviewedSnippet(
    GatedPublishMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """A snippet whose text reaches patients: edited as drafts, reviewed, then published.

    The database row always holds the live version; drafts live in revisions. Only a
    publish (through the publishing service) changes the row, so nothing an editor or a
    translator saves reaches a channel before someone with publish permission says so.

    Its admin edit form (translator-aware) is its snippet viewset's
    (``interfaces/admin/snippets.py``, registered in ``wagtail_hooks.py``), not a
    ``base_form_class`` here.
    """

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self) -> Any:
        return self._revisions

    @override
    def get_preview_template(self, request: HttpRequest, mode_name: str, **kwargs: Any) -> str:
        return "content_pages/preview/snippet.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str, **kwargs: Any) -> dict[str, Any]:
        context = super().get_preview_context(request, mode_name, **kwargs)
        return {**context, **SNIPPET_PREVIEW_CONTEXT.get()(self)}


class Topic(ReviewedSnippet):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug


class Contributor(ReviewedSnippet):
    """An author or medical reviewer: a person or an editorial body."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organisation"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=120, blank=True, help_text="For example “Consultant oncologist”.")
    url = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("role"), FieldPanel("url")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CallToAction(ReviewedSnippet, index.Indexed):
    """A call to action reused across pages and rendered by every channel.

    The kind decides where the button goes; a WhatsApp CTA opens a chat with a
    prefilled message in the reader's language.
    """

    class Kind(models.TextChoices):
        LINK = "link", "Link"
        WHATSAPP = "whatsapp", "WhatsApp chat"
        ENQUIRY_FORM = "enquiry_form", "Enquiry form"
        PHONE = "phone", "Phone call"

    name = models.CharField(max_length=120, unique=True, help_text="Internal name, shown in choosers.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LINK)
    heading = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, max_length=1000)
    button_label = models.CharField(
        max_length=60,
        help_text=f"At most {BUTTON_LABEL_MAX} characters in every language: WhatsApp rejects longer button titles.",
    )
    link_url = models.URLField(blank=True, help_text="For a link CTA to another site.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a link CTA to a page of this site.",
    )
    form_page = models.ForeignKey(
        "content_pages.EnquiryFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    phone_number = models.CharField(
        max_length=20, blank=True, help_text="International number for WhatsApp and phone CTAs, e.g. +60 12-345 6789."
    )
    whatsapp_message = models.TextField(blank=True, max_length=500, help_text="Prefilled message for a WhatsApp chat.")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("heading"),
        FieldPanel("body"),
        FieldPanel("button_label"),
        MultiFieldPanel(
            [
                FieldPanel("link_url"),
                FieldPanel("link_page"),
                FieldPanel("form_page"),
                FieldPanel("phone_number"),
                FieldPanel("whatsapp_message"),
            ],
            heading="Destination",
        ),
    ]
    # "live" is filtered on by the choosers, which offer live snippets only.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("heading"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "call to action"
        verbose_name_plural = "calls to action"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = CTA_CLEAN.get()(self)
        if errors:
            raise ValidationError(errors)

    def target_url(self, language: str, message: str = "") -> str:
        """Where the button leads, for a reader of ``language``: always an absolute URL,
        since headless frontends and chat apps have no base URL of ours to resolve against."""
        if self.kind == self.Kind.WHATSAPP:
            digits = self.phone_number.lstrip("+")
            return f"https://wa.me/{digits}" + (f"?text={quote(message)}" if message else "")
        if self.kind == self.Kind.PHONE:
            return f"tel:{self.phone_number}"
        page = self.form_page if self.kind == self.Kind.ENQUIRY_FORM else self.link_page
        if page is not None:
            return page_full_url(page, language)
        return self.link_url


class Reference(ReviewedSnippet, index.Indexed, ClusterableModel):
    """A scientific reference, reused across articles and formatted by a citation library."""

    title = models.CharField(max_length=500)
    journal = models.CharField(max_length=255, blank=True)
    year = models.PositiveSmallIntegerField()
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text="For example 1361–1365.")
    doi = models.CharField(
        "DOI", max_length=255, blank=True, unique=True, null=True, help_text="For example 10.1038/nature23003."
    )
    url = models.URLField(blank=True, help_text="Only when the work has no DOI.")
    lay_summary = models.TextField(
        blank=True, max_length=TEXT_MAX, help_text="One plain-language sentence on what this work found."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Written when the reference is saved so that pages never format citations per request.
    citation_apa_text = models.TextField(editable=False, default="")
    citation_apa_html = models.TextField(editable=False, default="")

    panels = [
        InlinePanel("authors", label="Authors", min_num=1),
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("journal"),
        FieldPanel("volume"),
        FieldPanel("issue"),
        FieldPanel("pages"),
        FieldPanel("doi"),
        FieldPanel("url"),
        FieldPanel("lay_summary"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("journal"),
        index.SearchField("doi"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["year", "title"]

    def __str__(self) -> str:
        return self.citation_apa_text or self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        REFERENCE_BEFORE_SAVE.get()(self)
        super().save(*args, **kwargs)

    @property
    def doi_url(self) -> str:
        return doi_url(self.doi) if self.doi else ""

    def clean(self) -> None:
        if self.doi:
            try:
                self.doi = normalize_doi(self.doi)
            except ValidationError as error:
                raise ValidationError({"doi": error.messages}) from error
        else:
            self.doi = None
        errors = REFERENCE_CLEAN.get()(self)
        if errors:
            raise ValidationError(errors)


class ReferenceAuthor(Orderable):
    reference = ParentalKey(Reference, on_delete=models.CASCADE, related_name="authors")
    family = models.CharField("family name", max_length=120)
    given = models.CharField("given names or initials", max_length=120, blank=True)

    panels = [FieldPanel("family"), FieldPanel("given")]

    def __str__(self) -> str:
        return f"{self.family}, {self.given}" if self.given else self.family

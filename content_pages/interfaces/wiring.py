"""Start-up wiring: what each model hook stands for, and the admin's model forms.

Called once from ``AppConfig.ready``. Models name the hook; the behaviour lives in the
layer it belongs to (rules in publishing, views in reads, previews in the admin), and this
is the one place that joins them, so imports still run downward.
"""

from __future__ import annotations

from content_pages.interfaces.admin.article_form import ArticlePageForm
from content_pages.interfaces.admin.chat_preview import channel_preview_response
from content_pages.interfaces.admin.enquiries import EnquirySubmissionsListView
from content_pages.interfaces.admin.forms import (
    TranslatorAwareFormPageForm,
    TranslatorAwareModelForm,
    TranslatorAwarePageForm,
)
from content_pages.interfaces.admin.readability import ReadabilityPanel
from content_pages.interfaces.admin.snippet_preview import snippet_preview
from content_pages.interfaces.web import context, enquiries
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    Contributor,
    EnquiryFormPage,
    HomePage,
    Reference,
    Topic,
)
from content_pages.models.hooks import Hook, install
from content_pages.models.routing import route_by_slug, route_form_page
from content_pages.publishing.citations import refresh_citation
from content_pages.publishing.cta_validation import validate_call_to_action
from content_pages.publishing.gate.rules import article_save_errors
from content_pages.publishing.reference_rules import reference_errors


def install_model_hooks() -> None:
    install(Hook.ARTICLE_CLEAN, article_save_errors)
    install(Hook.HOME_CONTEXT, context.home)
    install(Hook.INDEX_CONTEXT, context.index)
    install(Hook.ARTICLE_CONTEXT, context.article)
    install(Hook.ARTICLE_CHANNEL_PREVIEW, channel_preview_response)
    install(Hook.SNIPPET_PREVIEW_CONTEXT, snippet_preview)
    install(Hook.CTA_CLEAN, validate_call_to_action)
    install(Hook.REFERENCE_CLEAN, reference_errors)
    install(Hook.REFERENCE_BEFORE_SAVE, refresh_citation)
    install(Hook.ENQUIRY_RECORD, enquiries.record)
    install(Hook.ENQUIRY_REFUSE_POST, enquiries.refuse_post)
    install(Hook.ARTICLE_ENQUIRY_POST, enquiries.article_post)
    install(Hook.ENQUIRY_CONTEXT, enquiries.form_context)
    install(Hook.ENQUIRY_REDIRECT, enquiries.redirect_to_thank_you)
    install(Hook.ENQUIRY_THANK_YOU, enquiries.thank_you)


def install_admin_forms() -> None:
    """Translator-aware edit forms; Wagtail reads ``base_form_class`` when it first builds
    an edit view, which is after start-up."""
    for page_model in (HomePage, ArticleIndexPage, ArticlePage):
        page_model.base_form_class = TranslatorAwarePageForm
    ArticlePage.base_form_class = ArticlePageForm  # the same, plus its inline references
    EnquiryFormPage.base_form_class = TranslatorAwareFormPageForm
    EnquiryFormPage.submissions_list_view_class = EnquirySubmissionsListView  # exports neutralised
    for snippet_model in (Topic, Contributor, CallToAction, Reference):
        snippet_model.base_form_class = TranslatorAwareModelForm


def install_routing() -> None:
    """One query per URL segment instead of loading every child page (``models/routing``);
    assigned after wagtail-modeltranslation has patched ``route`` onto each page type (its
    app is ready first)."""
    for page_model in (HomePage, ArticleIndexPage):
        page_model.route = route_by_slug
    EnquiryFormPage.route = route_form_page  # its thank-you URL


def install_admin_panels() -> None:
    """The article editor's read-only readability panel, after the article's own fields.

    Assigned after wagtail-modeltranslation has patched the panels (its app is ready
    first); the cached edit handler is dropped so Wagtail builds it with the panel.
    """
    if not any(isinstance(panel, ReadabilityPanel) for panel in ArticlePage.content_panels):
        ArticlePage.content_panels = [*ArticlePage.content_panels, ReadabilityPanel(heading="Readability")]
    ArticlePage.get_edit_handler.cache_clear()

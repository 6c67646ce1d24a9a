"""Start-up wiring: what each model hook stands for, and what Wagtail reads from a page
class that the models cannot name themselves.

Called once from ``AppConfig.ready``. Models call typed hook slots; the behaviour lives in
the layer it belongs to (rules in publishing, views in reads, previews in the admin), and
this is the one place that joins them, so imports still run downward. The page admin
forms, the enquiry submissions view, the routing and the readability panel are assigned
here because Wagtail offers no registration for them (or wagtail-modeltranslation
overwrites them at its start-up); each model names them in a comment.
"""

from __future__ import annotations

from typing import Any

from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.views.pages.edit import EditView
from wagtail_modeltranslation import patch_wagtailadmin

from content_pages.interfaces.admin.article_form import ArticlePageForm
from content_pages.interfaces.admin.chat_preview import channel_preview_response
from content_pages.interfaces.admin.enquiries import EnquirySubmissionsListView
from content_pages.interfaces.admin.forms import (
    TranslatorAwareFormPageForm,
    TranslatorAwarePageForm,
)
from content_pages.interfaces.admin.reach_panel import ReachSidePanel, shows_reach_panel
from content_pages.interfaces.admin.readability import ReadabilityPanel
from content_pages.interfaces.admin.snippet_preview import snippet_preview
from content_pages.interfaces.web import context, enquiries
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    EnquiryFormPage,
    HomePage,
    pages,
    snippets,
)
from content_pages.models import forms as form_pages
from content_pages.models.routing import route_by_slug, route_form_page
from content_pages.models.slugs import sibling_slug_errors
from content_pages.publishing.citations import refresh_citation
from content_pages.publishing.cta_validation import validate_call_to_action
from content_pages.publishing.gate.rules import article_save_errors
from content_pages.publishing.reference_rules import reference_errors


def install_model_hooks() -> None:
    pages.ARTICLE_CLEAN.install(article_save_errors)
    pages.HOME_CONTEXT.install(context.home)
    pages.INDEX_CONTEXT.install(context.index)
    pages.ARTICLE_CONTEXT.install(context.article)
    pages.ARTICLE_CHANNEL_PREVIEW.install(channel_preview_response)
    snippets.SNIPPET_PREVIEW_CONTEXT.install(snippet_preview)
    snippets.CTA_CLEAN.install(validate_call_to_action)
    snippets.REFERENCE_CLEAN.install(reference_errors)
    snippets.REFERENCE_BEFORE_SAVE.install(refresh_citation)
    form_pages.ENQUIRY_RECORD.install(enquiries.record)
    form_pages.ENQUIRY_REFUSE_POST.install(enquiries.refuse_post)
    pages.ARTICLE_ENQUIRY_POST.install(enquiries.article_post)
    form_pages.ENQUIRY_CONTEXT.install(enquiries.form_context)
    form_pages.ENQUIRY_REDIRECT.install(enquiries.redirect_to_thank_you)
    form_pages.ENQUIRY_THANK_YOU.install(enquiries.thank_you)


def install_admin_forms() -> None:
    """Translator-aware page edit forms and the enquiry submissions view.

    Wagtail reads a page's ``base_form_class`` and a form page's
    ``submissions_list_view_class`` from the class only (no setting, hook or dotted path),
    when it first builds the view, which is after start-up; both classes live in the admin,
    which the models cannot import. Each model names them in a comment. Snippets get theirs
    from their viewset (``interfaces/admin/snippets.py``)."""
    for page_model in (HomePage, ArticleIndexPage, ArticlePage):
        page_model.base_form_class = TranslatorAwarePageForm
    ArticlePage.base_form_class = ArticlePageForm  # the same, plus its inline references
    EnquiryFormPage.base_form_class = TranslatorAwareFormPageForm
    EnquiryFormPage.submissions_list_view_class = EnquirySubmissionsListView  # exports neutralised


def install_routing() -> None:
    """One query per URL segment instead of loading every child page (``models/routing``);
    assigned after wagtail-modeltranslation has patched ``route`` onto each page type (its
    app is ready first)."""
    for page_model in (HomePage, ArticleIndexPage):
        page_model.route = route_by_slug
    EnquiryFormPage.route = route_form_page  # its thank-you URL


def install_slug_check() -> None:
    """One query for a page's sibling slugs (``models/slugs``) in place of
    wagtail-modeltranslation's, which loads every sibling on each save. Its patched
    ``clean`` looks the check up by name in its module on every call, so the name is
    replaced there; there is no setting for it."""
    patch_wagtailadmin._validate_slugs = sibling_slug_errors


def install_admin_panels() -> None:
    """The article editor's read-only readability panel, after the article's own fields.

    Assigned after wagtail-modeltranslation has patched the panels (its app is ready
    first); the cached edit handler is dropped so Wagtail builds it with the panel.
    """
    if not any(isinstance(panel, ReadabilityPanel) for panel in ArticlePage.content_panels):
        ArticlePage.content_panels = [*ArticlePage.content_panels, ReadabilityPanel(heading="Readability")]
    ArticlePage.get_edit_handler.cache_clear()


def install_reach_side_panel() -> None:
    """The article editor's "Readers" side panel (``interfaces/admin/reach_panel.py``), after
    Wagtail's own: its page edit view builds the list in ``get_side_panels`` and offers no
    hook to add one, so the method is wrapped once."""
    built = EditView.get_side_panels
    if getattr(built, "with_readers_panel", False):
        return

    def get_side_panels(view: Any) -> MediaContainer:
        panels: MediaContainer = built(view)
        if view.expects_json_response or not shows_reach_panel(view.page, view.request):
            return panels
        return MediaContainer([*panels, ReachSidePanel(view.page, view.request)])

    get_side_panels.with_readers_panel = True  # type: ignore[attr-defined]
    EditView.get_side_panels = get_side_panels

"""Admin integration: header buttons, the translation report, audit log wording."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet

from content_pages.foundations.languages import content_languages, english_name, target_languages
from content_pages.foundations.wagtail_decorators import register_hook
from content_pages.interfaces.admin import translator_rules
from content_pages.interfaces.admin.api_keys import api_key_viewset
from content_pages.interfaces.admin.document_import import import_document, may_import_into
from content_pages.interfaces.admin.glossary import GlossaryViewSet
from content_pages.interfaces.admin.language_publish import (
    PublishPageLanguageMenuItem,
    PublishSnippetLanguageMenuItem,
    SubmitPageLanguageMenuItem,
    SubmitSnippetLanguageMenuItem,
    after_page_edit,
    after_snippet_edit,
    refuse_unreviewed_publish,
)
from content_pages.interfaces.admin.menu_labels import warn_about_shortened_headings
from content_pages.interfaces.admin.my_work import add_my_work_panel
from content_pages.interfaces.admin.page_preview import PreviewingPageViewSet
from content_pages.interfaces.admin.reach_report import ReachReportMenuItem, ReachReportView
from content_pages.interfaces.admin.review_due import ReviewDueMenuItem, ReviewDueView
from content_pages.interfaces.admin.review_panel import add_review_panel
from content_pages.interfaces.admin.snippets import ReferenceViewSet, ReviewedSnippetViewSet
from content_pages.interfaces.admin.submit_checks import warn_about_publish_problems
from content_pages.interfaces.admin.translation_review import translation_review
from content_pages.interfaces.admin.views import (
    api_preview,
    download_po,
    download_workbook,
    page_translations,
    translations_report,
)
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

for _snippet in (Topic, Contributor, CallToAction):
    register_snippet(_snippet, viewset=ReviewedSnippetViewSet)
register_snippet(Reference, viewset=ReferenceViewSet)  # its chooser can also create one
register_snippet(GlossaryViewSet)  # reference data for translators, not content
hooks.register("register_admin_viewset", lambda: api_key_viewset)  # Settings → API keys
# Previews in every mode and language: the editor's, "View draft" and the reviewer's.
hooks.register(
    "register_admin_viewset",
    lambda: [
        PreviewingPageViewSet(f"{model._meta.model_name}_previews", model=model)
        for model in (HomePage, ArticleIndexPage, ArticlePage, EnquiryFormPage)
    ],
)


@register_hook("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [
        path("content/api-preview/<int:page_id>/", api_preview, name="content_pages_api_preview"),
        path("content/translations/", translations_report, name="content_pages_translations_report"),
        path("content/translations/<int:page_id>/", page_translations, name="content_pages_page_translations"),
        path("content/translations/<int:page_id>/<str:language>.po", download_po, name="content_pages_download_po"),
        path(
            "content/translations/<int:page_id>/<str:language>.xlsx",
            download_workbook,
            name="content_pages_download_workbook",
        ),
        path(
            "content/translation-review/<int:content_type_id>/<str:object_id>/<str:language>/",
            translation_review,
            name="content_pages_translation_review",
        ),
    ]


@register_hook("register_reports_menu_item")
def translations_report_menu_item() -> MenuItem:
    return MenuItem("Translation status", reverse("content_pages_translations_report"), icon_name="globe", order=700)


# Reports → Review due: live articles whose medical review is overdue or coming up.
@register_hook("register_admin_urls")
def register_review_due_urls() -> list[Any]:
    return [
        path("reports/review-due/", ReviewDueView.as_view(), name="content_pages_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueView.as_view(results_only=True),
            name="content_pages_review_due_results",
        ),
    ]


# Reports → Reach and feedback: reads per channel and language, readers' answers, what needs attention.
@register_hook("register_admin_urls")
def register_reach_report_urls() -> list[Any]:
    return [path("reports/reach/", ReachReportView.as_view(), name="content_pages_reach_report")]


@register_hook("register_reports_menu_item")
def reach_report_menu_item() -> MenuItem:
    return ReachReportMenuItem(
        "Reach and feedback", reverse("content_pages_reach_report"), name="reach", icon_name="view", order=720
    )


@register_hook("register_reports_menu_item")
def review_due_menu_item() -> MenuItem:
    return ReviewDueMenuItem(
        "Review due", reverse("content_pages_review_due"), name="review-due", icon_name="date", order=710
    )


# "Import from a document" on an article index: a Word, Markdown or text file as a draft article.
@register_hook("register_admin_urls")
def register_document_import_urls() -> list[Any]:
    return [path("content/import-document/<int:parent_id>/", import_document, name="content_pages_import_document")]


@register_hook("register_page_header_buttons")
def import_document_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:  # noqa: ARG001 Wagtail passes these by keyword
    if (
        page.specific_class is not None
        and issubclass(page.specific_class, ArticleIndexPage)
        and may_import_into(user, page)
    ):
        yield Button(
            "Import from a document",
            reverse("content_pages_import_document", args=[page.pk]),
            icon_name="doc-full",
            priority=70,
        )


@register_hook("register_page_header_buttons")
def api_preview_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:  # noqa: ARG001 Wagtail passes these by keyword
    if page.depth > 1 and page.permissions_for_user(user).can_edit():
        for order, language in enumerate(target_languages()):
            yield Button(
                f"Translate into {english_name(language)}",
                reverse("content_pages_translate_page", args=[page.pk, language]),
                icon_name="globe",
                priority=80 + order,
            )
        yield Button(
            "Translations (PO and Excel files)",
            reverse("content_pages_page_translations", args=[page.pk]),
            icon_name="globe",
            priority=85,
        )
        yield Button(
            "API preview links",
            reverse("content_pages_api_preview", args=[page.pk]),
            icon_name="link",
            priority=90,
        )


@register_hook("register_log_actions", order=100)
def log_actions_with_languages(actions: Any) -> None:
    """Wagtail's publish and unpublish entries, saying which languages they changed.

    Registered after Wagtail's own (``order``) so these formatters replace the plain
    "Published" ones; the languages come from the entry's data (``publishing.audit``).
    """
    from content_pages.interfaces.admin.audit import (
        LANGUAGE_AWARE_ACTIONS,
        PublishRefusedFormatter,
        language_aware_formatter,
        translation_review_formatter,
    )
    from content_pages.publishing import translation_review
    from content_pages.publishing.gate.audit import REFUSED

    for action, label, message in LANGUAGE_AWARE_ACTIONS:
        actions.choices = [choice for choice in actions.choices if choice[0] != action]
        actions.register_action(action)(language_aware_formatter(label, message))
    actions.register_action(REFUSED)(PublishRefusedFormatter)
    for action, label, verb in (
        (translation_review.SUBMITTED, "Translation submitted for review", "Submitted"),
        (translation_review.APPROVED, "Translation approved", "Approved"),
        (translation_review.REJECTED, "Translation rejected", "Rejected"),
    ):
        actions.register_action(action)(translation_review_formatter(label, verb))


# Per-language publishing ("Publish Malay only"), in the page and snippet editors.
for _order, _language in enumerate(content_languages(), start=1):

    @register_hook("register_page_action_menu_item")
    def _page_language_item(language: str = _language, order: int = _order) -> Any:
        return PublishPageLanguageMenuItem(language, order=35 + order)

    @register_hook("register_snippet_action_menu_item")
    def _snippet_language_item(model: Any, language: str = _language, order: int = _order) -> Any:
        return PublishSnippetLanguageMenuItem(language, order=35 + order) if hasattr(model, "live_revision") else None

    @register_hook("register_page_action_menu_item")
    def _page_submit_item(language: str = _language, order: int = _order) -> Any:
        return SubmitPageLanguageMenuItem(language, order=45 + order)

    @register_hook("register_snippet_action_menu_item")
    def _snippet_submit_item(model: Any, language: str = _language, order: int = _order) -> Any:
        return SubmitSnippetLanguageMenuItem(language, order=45 + order) if hasattr(model, "live_revision") else None


@register_hook("before_edit_page")
def refuse_unreviewed_page_language(request: Any, _page: Any) -> Any:
    return refuse_unreviewed_publish(request, content_languages())


@register_hook("before_edit_snippet")
def refuse_unreviewed_snippet_language(request: Any, _instance: Any) -> Any:
    return refuse_unreviewed_publish(request, content_languages())


@register_hook("after_edit_page")
def publish_one_language_of_page(request: Any, page: Any) -> None:
    after_page_edit(request, page, content_languages())


@register_hook("after_edit_snippet")
def publish_one_language_of_snippet(request: Any, instance: Any) -> None:
    after_snippet_edit(request, instance, content_languages())


# Translators: "My work" on the dashboard.
hooks.register("construct_homepage_panels", add_my_work_panel)
hooks.register("construct_homepage_panels", add_review_panel)
hooks.register("after_create_page", warn_about_shortened_headings)
hooks.register("after_edit_page", warn_about_shortened_headings)
hooks.register("after_create_page", warn_about_publish_problems)
hooks.register("after_edit_page", warn_about_publish_problems)


@register_hook("insert_editor_js")
def guard_language_copy() -> str:
    """wagtail-modeltranslation's "Copy content from" buttons replace a whole stream in one
    click: none onto the source language, and a confirmation before any other."""
    return format_html('<script src="{}" defer></script>', static("content_pages/copy_guard.js"))


# Translators: refusals beyond what their page permission tester already says.
hooks.register("filter_form_submissions_for_user", translator_rules.form_submissions_for_user)
hooks.register("before_delete_page", translator_rules.before_page_action("delete pages"))
hooks.register("before_move_page", translator_rules.before_page_action("move pages"))
hooks.register("before_copy_page", translator_rules.before_page_action("copy pages"))
hooks.register("before_unpublish_page", translator_rules.before_page_action("unpublish pages"))
hooks.register("before_publish_page", translator_rules.before_page_action("publish pages"))
hooks.register("before_edit_page", translator_rules.before_edit_page)
hooks.register("before_edit_snippet", translator_rules.before_edit_snippet)
hooks.register("before_bulk_action", translator_rules.before_bulk_action)


# The translator's side-by-side editor (interfaces/admin/translate/).
@register_hook("register_admin_urls")
def register_translation_editor_urls() -> list[Any]:
    from content_pages.interfaces.admin.translate.urls import urlpatterns

    return list(urlpatterns)


# Settings → Webhooks, and the dashboard notice of subscriptions disabled for failing.
from content_pages.interfaces.admin import webhooks as _webhooks  # noqa: E402

hooks.register("register_admin_viewset", lambda: _webhooks.webhook_viewset)
hooks.register("construct_homepage_panels", _webhooks.add_disabled_webhooks_panel)

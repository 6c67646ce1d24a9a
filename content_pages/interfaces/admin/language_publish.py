""" "Publish Malay only" and "Submit Malay for review", in the page and snippet editors.

The menu items are submit buttons of the edit form, so the editor's changes are saved as
a draft first (Wagtail's own save); the ``after_edit_*`` hook then publishes that one
language from the live version through the publishing service, or submits it for
review in that language. The other changes stay a draft, and the history says which
language went live and who approved it.

A translation goes live only as a reviewer of its language approves it, so "Publish
Malay only" is offered to reviewers of Malay, and everyone else who may edit it gets
"Submit Malay for review"; a crafted POST of the publish action by anyone else is
refused before anything is saved. English (the source) is published by whoever may
publish the page, after its medical review.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from wagtail.admin.action_menu import ActionMenuItem as PageActionMenuItem
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from content_pages.foundations.languages import english_name, source_language
from content_pages.foundations.roles import AnyUser, reviewer_languages, translator_languages
from content_pages.publishing.gate import PublishRefused, ReviewNeeded, publish_language
from content_pages.publishing.translation_review import submit_language

ACTION_PREFIX = "action-publish-language-"
SUBMIT_PREFIX = "action-submit-language-"


def action_name(language: str) -> str:
    return f"{ACTION_PREFIX}{language}"


def submit_action_name(language: str) -> str:
    return f"{SUBMIT_PREFIX}{language}"


def requested_language(request: HttpRequest, languages: tuple[str, ...]) -> str | None:
    return next((code for code in languages if request.POST.get(action_name(code))), None)


def submitted_language(request: HttpRequest, languages: tuple[str, ...]) -> str | None:
    return next((code for code in languages if request.POST.get(submit_action_name(code))), None)


def is_reviewed_language(language: str) -> bool:
    """A translation (not the source) goes live only as a reviewer of it approves it."""
    return language != source_language()


def may_publish_language(user: AnyUser, language: str) -> bool:
    return not is_reviewed_language(language) or language in reviewer_languages(user)


def not_a_reviewer(language: str) -> str:
    name = english_name(language)
    return (
        f"Only a reviewer of {name} translations can publish {name} text. "
        f"Use “Submit {name} for review” to send it to them."
    )


class _LanguageItem:
    """What both editors' menu items share: one language, its button name and label."""

    icon_name = "upload"

    def __init__(self, language: str, order: int) -> None:
        super().__init__(order)  # type: ignore[call-arg]
        self.language = language
        self.name = action_name(language)
        self.label = f"Publish {english_name(language)} only"

    def user_may(self, user: AnyUser) -> bool:
        return may_publish_language(user, self.language)


class _SubmitItem(_LanguageItem):
    icon_name = "resubmit"

    def __init__(self, language: str, order: int) -> None:
        super().__init__(language, order)
        self.name = submit_action_name(language)
        self.label = f"Submit {english_name(language)} for review"

    def user_may(self, user: AnyUser) -> bool:
        if not is_reviewed_language(self.language) or self.language in reviewer_languages(user):
            return False
        languages = translator_languages(user)
        return languages is None or self.language in languages


def _editable(context: dict[str, Any], obj: Any) -> bool:
    return context.get("view") == "edit" and obj is not None and not context.get("locked_for_user")


class PublishPageLanguageMenuItem(_LanguageItem, PageActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        page = context.get("page")
        if page is None or not _editable(context, page) or not page.live:
            return False
        user = context["request"].user
        if is_reviewed_language(self.language):
            return self.user_may(user)
        may: bool = self.get_user_page_permissions_tester(context).can_publish()
        return may


class SubmitPageLanguageMenuItem(_SubmitItem, PageActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        page = context.get("page")
        if page is None or not _editable(context, page) or not page.live:
            return False
        return self.user_may(context["request"].user)


class PublishSnippetLanguageMenuItem(_LanguageItem, SnippetActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        instance = context.get("instance")
        if not _editable(context, instance) or not getattr(instance, "live", False):
            return False
        user = context["request"].user
        if is_reviewed_language(self.language):
            return self.user_may(user)
        return can_publish_snippet(user, type(instance))


class SubmitSnippetLanguageMenuItem(_SubmitItem, SnippetActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        instance = context.get("instance")
        if not _editable(context, instance) or not getattr(instance, "live", False):
            return False
        return self.user_may(context["request"].user)


def can_publish_snippet(user: AnyUser, model: type) -> bool:
    may: bool = ModelPermissionPolicy(model).user_has_permission(user, "publish")
    return may


def refuse_unreviewed_publish(request: HttpRequest, languages: tuple[str, ...]) -> HttpResponse | None:
    """Before the edit view saves anything: a POST of "Publish <language> only" by someone
    who is not a reviewer of that language is refused, and writes nothing."""
    if request.method != "POST":
        return None
    language = requested_language(request, languages)
    if language is None or may_publish_language(request.user, language):
        return None
    return HttpResponseForbidden(not_a_reviewer(language), content_type="text/plain; charset=utf-8")


def publish_from_editor(request: HttpRequest, obj: Any, language: str) -> None:
    """Publish ``language`` of ``obj`` (the database row) and tell the editor what happened."""
    name = english_name(language)
    try:
        revision = publish_language(obj, language, user=request.user)
    except ReviewNeeded as needed:
        submit_language(obj, language, request.user)
        messages.warning(request, f"{' '.join(needed.problems)} The {name} text is submitted for review.")
        return
    except PublishRefused as refused:
        messages.error(request, str(refused))
        return
    if revision is None:
        messages.info(request, f"There were no {name} changes to publish; your changes are saved as a draft.")
    else:
        messages.success(request, f"Published the {name} text only. Other changes are still a draft.")


def submit_from_editor(request: HttpRequest, obj: Any, language: str) -> None:
    submit_language(obj, language, request.user)
    name = english_name(language)
    messages.success(
        request, f"Submitted the {name} text for review by a reviewer of {name}; it goes live once approved."
    )


def after_page_edit(request: HttpRequest, page: Page, languages: tuple[str, ...]) -> None:
    submitted = submitted_language(request, languages)
    if submitted is not None:
        submit_from_editor(request, Page.objects.get(pk=page.pk).specific, submitted)
        return
    language = requested_language(request, languages)
    if language is None:
        return
    if not is_reviewed_language(language) and not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if not may_publish_language(request.user, language):
        raise PermissionDenied(not_a_reviewer(language))
    publish_from_editor(request, Page.objects.get(pk=page.pk).specific, language)


def after_snippet_edit(request: HttpRequest, instance: Any, languages: tuple[str, ...]) -> None:
    if not hasattr(instance, "live_revision"):
        return
    stored = type(instance)._default_manager.get(pk=instance.pk)
    submitted = submitted_language(request, languages)
    if submitted is not None:
        submit_from_editor(request, stored, submitted)
        return
    language = requested_language(request, languages)
    if language is None:
        return
    if not is_reviewed_language(language) and not can_publish_snippet(request.user, type(instance)):
        raise PermissionDenied
    if not may_publish_language(request.user, language):
        raise PermissionDenied(not_a_reviewer(language))
    publish_from_editor(request, stored, language)

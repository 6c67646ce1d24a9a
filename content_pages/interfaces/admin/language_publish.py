""" "Publish Malay only": the editor's per-language publish, in the page and snippet editors.

The menu item is a submit button of the edit form, so the editor's changes are saved as
a draft first (Wagtail's own save); the ``after_edit_*`` hook then publishes that one
language from the live version through the publishing service. The other changes stay
a draft, and the history says which language went live.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from wagtail.admin.action_menu import ActionMenuItem as PageActionMenuItem
from wagtail.models import Page
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.action_menu import ActionMenuItem as SnippetActionMenuItem

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import AnyUser
from content_pages.publishing.gate import PublishRefused, publish_language

ACTION_PREFIX = "action-publish-language-"


def action_name(language: str) -> str:
    return f"{ACTION_PREFIX}{language}"


def requested_language(request: HttpRequest, languages: tuple[str, ...]) -> str | None:
    return next((code for code in languages if request.POST.get(action_name(code))), None)


class _LanguageItem:
    """What both editors' menu items share: one language, its button name and label."""

    icon_name = "upload"

    def __init__(self, language: str, order: int) -> None:
        super().__init__(order)  # type: ignore[call-arg]
        self.language = language
        self.name = action_name(language)
        self.label = f"Publish {english_name(language)} only"


class PublishPageLanguageMenuItem(_LanguageItem, PageActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        page = context.get("page")
        if context["view"] != "edit" or page is None or not page.live or context["locked_for_user"]:
            return False
        return self.get_user_page_permissions_tester(context).can_publish()


class PublishSnippetLanguageMenuItem(_LanguageItem, SnippetActionMenuItem):
    def is_shown(self, context: dict[str, Any]) -> bool:
        instance = context.get("instance")
        if context.get("view") != "edit" or instance is None or not getattr(instance, "live", False):
            return False
        if context.get("locked_for_user"):
            return False
        return can_publish_snippet(context["request"].user, type(instance))


def can_publish_snippet(user: AnyUser, model: type) -> bool:
    return ModelPermissionPolicy(model).user_has_permission(user, "publish")


def publish_from_editor(request: HttpRequest, obj: Any, language: str) -> None:
    """Publish ``language`` of ``obj`` (the database row) and tell the editor what happened."""
    name = english_name(language)
    try:
        revision = publish_language(obj, language, user=request.user)
    except PublishRefused as refused:
        messages.error(request, str(refused))
        return
    if revision is None:
        messages.info(request, f"There were no {name} changes to publish; your changes are saved as a draft.")
    else:
        messages.success(request, f"Published the {name} text only. Other changes are still a draft.")


def after_page_edit(request: HttpRequest, page: Page, languages: tuple[str, ...]) -> None:
    language = requested_language(request, languages)
    if language is None:
        return
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    publish_from_editor(request, Page.objects.get(pk=page.pk).specific, language)


def after_snippet_edit(request: HttpRequest, instance: Any, languages: tuple[str, ...]) -> None:
    language = requested_language(request, languages)
    if language is None or not hasattr(instance, "live_revision"):
        return
    if not can_publish_snippet(request.user, type(instance)):
        raise PermissionDenied
    publish_from_editor(request, type(instance)._default_manager.get(pk=instance.pk), language)

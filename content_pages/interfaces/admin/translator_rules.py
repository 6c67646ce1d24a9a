"""Translators in the admin: refusals at Wagtail's own extension points.

The page permission tester (``models/permissions.py``) already says no to deleting,
moving, copying, unpublishing and privacy; these hooks add what a tester does not
cover (enquiry submissions, reverting to an old revision, bulk actions) and turn every
refusal into a message that says why, whatever the request looked like.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import translator_languages
from content_pages.foundations.translated_fields import is_translated
from content_pages.interfaces.admin.navigation import redirect_back


def _refuse(request: HttpRequest, action: str, back: str | None = None) -> HttpResponse:
    languages = translator_languages(request.user) or set()
    names = ", ".join(english_name(code) for code in sorted(languages))
    messages.error(
        request,
        f"As a translator you cannot {action}. You can change {names} texts and save them as drafts, "
        "then submit them for review.",
    )
    return redirect_back(request, back)


def _is_translator(request: HttpRequest) -> bool:
    return translator_languages(request.user) is not None


def _is_revert(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and (match.url_name or "").endswith("revisions_revert")


def form_submissions_for_user(user: Any, editable_forms: QuerySet[Any]) -> QuerySet[Any]:
    """Enquiries hold names and phone numbers: translators see no form's submissions."""
    return editable_forms.none() if translator_languages(user) is not None else editable_forms


def before_page_action(action: str) -> Any:
    def hook(request: HttpRequest, page: Any, *args: Any) -> HttpResponse | None:
        if not _is_translator(request):
            return None
        return _refuse(request, action, reverse("wagtailadmin_pages:edit", args=[page.pk]))

    return hook


def _first_language(request: HttpRequest) -> str:
    return sorted(translator_languages(request.user) or [])[0]


def before_edit_page(request: HttpRequest, page: Any) -> HttpResponse | None:
    """Translators translate in the translation editor, which shows the English beside each
    text and offers nothing that changes English or structure; the page editor's forms
    still refuse such changes from a crafted request (``interfaces/admin/forms.py``)."""
    if not _is_translator(request):
        return None
    if _is_revert(request):
        return _refuse(
            request,
            "revert a page to an earlier revision",
            reverse("content_pages_translate_page", args=[page.pk, _first_language(request)]),
        )
    if request.method == "GET":
        return redirect(reverse("content_pages_translate_page", args=[page.pk, _first_language(request)]))
    return None


def before_edit_snippet(request: HttpRequest, instance: Any) -> HttpResponse | None:
    if not _is_translator(request):
        return None
    if _is_revert(request):
        return _refuse(request, "revert to an earlier revision")
    if request.method == "GET" and is_translated(instance):
        label = instance._meta.label_lower
        return redirect(reverse("content_pages_translate_snippet", args=[label, instance.pk, _first_language(request)]))
    return None


def before_bulk_action(request: HttpRequest, action_type: str, _objects: Any, _action_class_instance: Any) -> Any:
    if _is_translator(request):
        return _refuse(request, f"use bulk actions ({action_type})")
    return None

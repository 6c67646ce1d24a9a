"""Who may open the translation editor on what, and where else an object is edited.

The editor's own permissions: the admin's right to edit the page or snippet, a target
language (never the source), and for a translator only the languages they translate.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from content_pages.foundations.languages import target_languages
from content_pages.foundations.roles import AnyUser, translator_languages
from content_pages.foundations.translated_fields import is_translated
from content_pages.interfaces.admin.views import user_may_edit

_Object = TypeVar("_Object")


def check_language(user: AnyUser, language: str) -> None:
    """404 for anything but a target language (the source is never a target); 403 for a
    translator's language that is not theirs."""
    if language not in target_languages():
        raise Http404
    allowed = translator_languages(user)
    if allowed is not None and language not in allowed:
        raise PermissionDenied


def editable(user: AnyUser, obj: _Object, language: str) -> _Object:
    """``obj``, when ``user`` may translate it into ``language``."""
    if not user_may_edit(user, obj):
        raise PermissionDenied
    check_language(user, language)
    return obj


def editable_page(user: AnyUser, page_id: int, language: str) -> Any:
    """The specific page (never the root), when ``user`` may translate it into ``language``."""
    return editable(user, get_object_or_404(Page, pk=page_id, depth__gt=1).specific, language)


def snippet_model(model_label: str) -> type[models.Model]:
    """A translated snippet model by its label (``content_pages.calltoaction``), or 404."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if model not in get_snippet_models() or not is_translated(model):
        raise Http404
    return model


def edit_url(user: AnyUser, obj: Any) -> str:
    """Wagtail's own editor of ``obj``; none for a translator, who is sent back here from it."""
    if translator_languages(user) is not None:
        return ""
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}:edit", args=[obj.pk])

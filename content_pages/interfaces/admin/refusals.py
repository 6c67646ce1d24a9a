"""A translator's crafted admin request is answered with a 403 that says why.

The admin forms (``forms.py``) refuse, as a whole, a translator's request that changes
anything not theirs or cannot even be read. Wagtail turns a ``PermissionDenied`` into a
redirect to the dashboard with a generic message, and anything else into a server
error, so the refusal is its own exception, answered here: status 403, each thing
refused named, and the way to the translation editor. Nothing was saved: the form
raised before the view wrote anything.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import Page

from content_pages.foundations.languages import english_name
from content_pages.interfaces.admin.forms import TranslatorRefused


def _translation_editor(refused: TranslatorRefused) -> str:
    instance, languages = refused.instance, sorted(refused.languages)
    if instance is None or instance.pk is None or not languages:
        return ""
    if isinstance(instance, Page):
        return reverse("content_pages_translate_page", args=[instance.pk, languages[0]])
    return reverse("content_pages_translate_snippet", args=[instance._meta.label_lower, instance.pk, languages[0]])


class TranslatorRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, TranslatorRefused):
            return None
        context = {
            "reasons": exception.reasons,
            "languages": ", ".join(english_name(code) for code in sorted(exception.languages)),
            "translate_url": _translation_editor(exception),
        }
        return TemplateResponse(request, "content_pages/admin/translator_refused.html", context, status=403)


__all__ = ["TranslatorRefusedMiddleware"]

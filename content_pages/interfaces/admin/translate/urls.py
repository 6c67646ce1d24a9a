"""The editor's admin URLs, registered by ``wagtail_hooks.py``."""

from __future__ import annotations

from django.urls import URLPattern, path

from content_pages.interfaces.admin.translate.views import (
    PageTranslationView,
    SnippetTranslationView,
    translate_page_preview,
)

urlpatterns: list[URLPattern] = [
    path("translate/<int:page_id>/<str:language>/", PageTranslationView.as_view(), name="content_pages_translate_page"),
    path(
        "translate/<int:page_id>/<str:language>/preview/",
        translate_page_preview,
        name="content_pages_translate_page_preview",
    ),
    path(
        "translate/snippet/<str:model_label>/<int:pk>/<str:language>/",
        SnippetTranslationView.as_view(),
        name="content_pages_translate_snippet",
    ),
]

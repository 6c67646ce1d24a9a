"""The editor's admin URLs, registered by ``wagtail_hooks.py``."""

from __future__ import annotations

from django.urls import URLPattern, path

from content_pages.interfaces.admin.translate.views import translate_page, translate_page_preview, translate_snippet

urlpatterns: list[URLPattern] = [
    path("translate/<int:page_id>/<str:language>/", translate_page, name="content_pages_translate_page"),
    path(
        "translate/<int:page_id>/<str:language>/preview/",
        translate_page_preview,
        name="content_pages_translate_page_preview",
    ),
    path(
        "translate/snippet/<str:model_label>/<int:pk>/<str:language>/",
        translate_snippet,
        name="content_pages_translate_snippet",
    ),
]

"""Admin integration: the API preview button and its view."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from .admin_views import api_preview


@hooks.register("register_admin_urls")
def register_admin_urls() -> list[Any]:
    return [path("content/api-preview/<int:page_id>/", api_preview, name="content_pages_api_preview")]


@hooks.register("register_page_header_buttons")
def api_preview_button(page: Any, user: Any, view_name: str, next_url: str | None = None) -> Iterator[Button]:
    if page.depth > 1 and page.permissions_for_user(user).can_edit():
        yield Button(
            "API preview links",
            reverse("content_pages_api_preview", args=[page.pk]),
            icon_name="link",
            priority=90,
        )

"""Wagtail's admin views that change who may see pages run in one transaction.

Setting a page's privacy saves or deletes its view restriction with no transaction of its
own, and a move commits before Wagtail sends ``post_page_move``: the events those changes
produce (``publishing/visibility``) would be written after the change was committed, and
a crash in between would leave a page private with its copies still cached by frontends.
Run as one transaction, the change and its events commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

PAGE_VIEWS = {"set_privacy", "move_confirm", "set_page_position"}
BULK_ACTION = "wagtail_bulk_action"


def _changes_visibility(request: HttpRequest) -> bool:
    match = request.resolver_match
    if request.method != "POST" or match is None:
        return False
    if "wagtailadmin_pages" in match.namespaces:
        return match.url_name in PAGE_VIEWS
    return match.url_name == BULK_ACTION and match.kwargs.get("action") == "move"


class AtomicVisibilityChangesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if not _changes_visibility(request):
            return None
        with transaction.atomic():
            response: HttpResponseBase = view_func(request, *view_args, **view_kwargs)
            return response


__all__ = ["AtomicVisibilityChangesMiddleware"]

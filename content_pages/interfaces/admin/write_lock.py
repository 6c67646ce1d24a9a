"""One write at a time to each page or snippet through the admin.

Wagtail's editor autosaves every half second while an editor types, and a click on
"Publish" can arrive while an autosave is still running. Each request locks the same page
and revision rows, in opposite orders, so on PostgreSQL one of them died with "deadlock
detected" and the editor saw a server error instead of their publish; when the autosave
won the race instead, its stale copy of the page could land after the publish. A lock per
object makes the second request take its turn, and Wagtail's own conflict check then runs
against what the first one committed.

The lock is a lease row (``publishing.write_locks``), so it holds across every process on
SQLite as on PostgreSQL, and a second request waits at most ``CMS_ADMIN_WRITE_LOCK_WAIT``
seconds (3) before it is told that someone else is saving (409): it never holds a web
worker for the length of someone else's save.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from content_pages.publishing.write_locks import ObjectBusy, object_write_lock


def page_key(page_id: int | str) -> str:
    return f"page:{page_id}"


def snippet_key(label: str, pk: int | str) -> str:
    return f"snippet:{label}:{pk}"


def _key_for(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if "page_id" in match.kwargs and (
        "wagtailadmin_pages" in match.namespaces or match.url_name == "content_pages_translate_page"
    ):
        return page_key(match.kwargs["page_id"])
    if match.url_name == "content_pages_translate_snippet":
        # "content_pages.calltoaction": the snippet views' own key, "content_pages_calltoaction".
        return snippet_key(str(match.kwargs["model_label"]).replace(".", "_"), match.kwargs["pk"])
    namespace = match.namespace or ""
    if namespace.startswith("wagtailsnippets_") and "pk" in match.kwargs:
        return snippet_key(namespace.removeprefix("wagtailsnippets_"), match.kwargs["pk"])
    return None


def _may_use_admin(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"))


class SerialObjectWritesMiddleware:
    """Runs admin POSTs to one page or snippet one after another: Wagtail's page and
    snippet views and the translation editor, which saves the same revisions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only someone who may use the admin takes a lock: an anonymous flood of POSTs would
        # otherwise write lock rows and turn editors away before Wagtail refuses it.
        key = _key_for(request) if request.method == "POST" and _may_use_admin(request) else None
        if key is None:
            return self.get_response(request)
        try:
            with object_write_lock(key):
                return self.get_response(request)
        except ObjectBusy:
            return HttpResponse(
                _("Someone else is saving this item. Wait a moment and save again."),
                status=409,
                content_type="text/plain; charset=utf-8",
            )


__all__ = ["ObjectBusy", "SerialObjectWritesMiddleware", "object_write_lock", "page_key", "snippet_key"]

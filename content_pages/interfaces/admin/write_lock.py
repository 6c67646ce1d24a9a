"""One write at a time to each page or snippet through the admin.

Wagtail's editor autosaves every half second while an editor types, and a click on
"Publish" can arrive while an autosave is still running. Each request locks the same page
and revision rows, in opposite orders, so on PostgreSQL one of them died with "deadlock
detected" and the editor saw a server error instead of their publish; when the autosave
won the race instead, its stale copy of the page could land after the publish. Holding a
lock per object for the whole request makes the second request wait, and Wagtail's own
conflict check then runs against what the first one committed.

PostgreSQL gets an advisory lock, which holds across every process that serves the admin.
SQLite runs one process (it is the development and test database), so a lock inside the
process is enough there.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

WAIT_SECONDS = 30.0
_POLL_SECONDS = 0.05
# Striped so that unrelated objects rarely wait for each other, without keeping one lock
# per object alive forever.
_STRIPES = [threading.Lock() for _ in range(64)]


class ObjectBusy(Exception):
    """Another request kept the object for longer than anyone should wait."""


def _number(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def _advisory(key: str) -> Iterator[None]:
    number = _number(key)
    deadline = time.monotonic() + WAIT_SECONDS
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
            if cursor.fetchone()[0]:
                break
            if time.monotonic() > deadline:
                raise ObjectBusy(key)
            time.sleep(_POLL_SECONDS)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [number])


@contextmanager
def _in_process(key: str) -> Iterator[None]:
    stripe = _STRIPES[_number(key) % len(_STRIPES)]
    if not stripe.acquire(timeout=WAIT_SECONDS):
        raise ObjectBusy(key)
    try:
        yield
    finally:
        stripe.release()


@contextmanager
def object_write_lock(key: str) -> Iterator[None]:
    """Hold ``key`` (e.g. ``page:42``) until the block ends; raises ``ObjectBusy``."""
    lock = _advisory if connection.vendor == "postgresql" else _in_process
    with lock(key):
        yield


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


class SerialObjectWritesMiddleware:
    """Runs admin POSTs to one page or snippet one after another: Wagtail's page and
    snippet views and the translation editor, which saves the same revisions."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key_for(request) if request.method == "POST" else None
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

"""The signed cookie that tells the stored web pages an editor is reading.

Stored pages (``stored_pages.py``) are for readers; an editor needs Wagtail's own
rendering (the userbar, messages). A session cookie cannot tell them apart without a
database query, and anyone can send one: with it as the test, a bogus ``sessionid`` made
every page cost Wagtail's full render. So admin login sets this marker, signed with the
site's secret and dated, when the user may use the admin, and logout clears it. Checking
it costs a signature check and no query; without a valid one, a request is a reader's.

Signal receivers cannot reach the response, so they leave a note on the request and
``StoredPageMiddleware`` sets or clears the cookie on the way out.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

COOKIE = "cms_editor"
_SALT = "content_pages.editor-marker"
_NOTE = "_cms_editor_marker"
_SET, _CLEAR = "set", "clear"
ADMIN_PERMISSION = "wagtailadmin.access_admin"


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, _NOTE, _SET if user.has_perm(ADMIN_PERMISSION) else _CLEAR)


def on_logged_out(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, _NOTE, _CLEAR)


def apply(request: HttpRequest, response: HttpResponseBase) -> None:
    """Set or clear the marker as login or logout asked during this request."""
    note = getattr(request, _NOTE, None)
    if note == _SET:
        response.set_signed_cookie(
            COOKIE,
            "1",
            salt=_SALT,
            max_age=settings.SESSION_COOKIE_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    elif note == _CLEAR and COOKIE in request.COOKIES:
        response.delete_cookie(COOKIE, samesite="Lax")


def is_editor(request: HttpRequest) -> bool:
    """A valid marker no older than a session may live: no database query."""
    if COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(COOKIE, default=None, salt=_SALT, max_age=settings.SESSION_COOKIE_AGE)
    return value == "1"
